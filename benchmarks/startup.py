"""Start-to-first-paint of `soildesk` on the demo plan (and on a 10,000 sub-item plan).

The clock starts before the process is spawned, so it includes Python's start-up and
every import, as a clerk experiences it. Usage:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.startup [--runs 5] [--big]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import generate_plan
from soildesk.db.database import open_database
from soildesk.demo import add_demo_plan
from soildesk.plans import PlanService


def first_paint(db: Path | None) -> float:
    """Seconds from before the spawn to the first paint; db None: the empty window."""
    env = dict(os.environ, SOILDESK_STARTUP_PROBE=repr(time.time()))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = (
        [sys.executable, "-m", "benchmarks.empty_window"]
        if db is None
        else [sys.executable, "-m", "soildesk.cli", "--db", str(db)]
    )
    out = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("first-paint "))
    return float(line.split()[1])


def measure(label: str, db: Path, runs: int) -> None:
    """SoilDesk and the floor alternately, so both see the same machine load."""
    first_paint(db), first_paint(None)  # warm the OS file cache, as a second launch would be
    ours, floor = [], []
    for _ in range(runs):
        ours.append(first_paint(db))
        floor.append(first_paint(None))
    a, b = statistics.median(ours), statistics.median(floor)
    print(
        f"{label}: median {a:.2f} s (min {min(ours):.2f}, max {max(ours):.2f}); "
        f"floor, an empty PySide6 window with a tree view: median {b:.2f} s; "
        f"ratio {a / b:.1f}× ({runs} runs each, alternating)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", action="store_true", help="also a 10,000 sub-item plan")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo_db = Path(tmp) / "demo.db"
        db = open_database(demo_db)
        add_demo_plan(PlanService(db))
        db.close()
        measure("demo plan (60 sub-items)", demo_db, args.runs)
        if args.big:
            big_db = Path(tmp) / "big.db"
            db = open_database(big_db)
            PlanService(db).create_plan("生成的计划", generate_plan(10_000))
            db.close()
            measure("generated plan (10,000 sub-items)", big_db, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
