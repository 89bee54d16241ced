"""Start-to-first-paint of `soildesk` on the demo plan, on a database not made yet (a
clerk's first start), and on a 10,000 sub-item plan (`--big`).

The clock starts before the process is spawned, so it includes Python's start-up and
every import, as a clerk experiences it. Modules run from compiled bytecode, as in the
frozen build (PYTHONDONTWRITEBYTECODE is dropped for the children; the warm-up run
writes it). `--exe dist/SoilDesk/SoilDesk` also times the frozen build. Usage:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.startup [--runs 7] [--big]
        [--exe dist/SoilDesk/SoilDesk]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.synthetic import generate_plan
from soildesk.db.database import Database, open_database
from soildesk.demo import add_demo_plan
from soildesk.evidence import EvidenceStore
from soildesk.plans import PlanService
from soildesk.progress import Deadline, Progress, ProgressService, Status


def first_paint(db: Path | None, exe: Path | None = None) -> float:
    """Seconds from before the spawn to the first paint; db None: the empty window."""
    env = dict(os.environ, SOILDESK_STARTUP_PROBE=repr(time.time()))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if db is None:
        command = [sys.executable, "-m", "benchmarks.empty_window"]
    elif exe is not None:
        command = [str(exe), "--db", str(db)]
    else:
        command = [sys.executable, "-m", "soildesk.cli", "--db", str(db)]
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


def measure(label: str, db: Path, runs: int, exe: Path | None = None, new: bool = False) -> None:
    """SoilDesk and the floor alternately, so both see the same machine load. `new`: on
    a database that does not exist yet (a clerk's first start), made again each run."""
    first_paint(db, exe), first_paint(None)  # warm the file cache, as a second launch would
    ours, floor = [], []
    for i in range(runs):
        ours.append(first_paint(db.with_name(f"{db.stem}-{i}.db") if new else db, exe))
        floor.append(first_paint(None))
    a, b = statistics.median(ours), statistics.median(floor)
    print(
        f"{label}: median {a:.2f} s (min {min(ours):.2f}, max {max(ours):.2f}); "
        f"floor, an empty PySide6 window with a tree view: median {b:.2f} s; "
        f"ratio {a / b:.1f}× ({runs} runs each, alternating)"
    )


def with_progress(db: Database, plan_id: int, tmp: Path) -> None:
    """A period with progress, a deadline and a file, as a clerk's database has."""
    progress = ProgressService(db)
    period = progress.add_period(plan_id, "2026年上半年", date(2026, 1, 1), date(2026, 6, 30))
    subs = [n for n in PlanService(db).load_tree(plan_id)[0].children[0].children[0].children]
    progress.set_progress(subs[0].id, period.id, Progress(Status.DONE, "已完成", date(2026, 3, 1)))
    progress.set_progress(subs[1].id, period.id, Progress(Status.LAGGING, "慢", None, "资金"))
    progress.set_deadlines({subs[2].id: Deadline(date(2026, 5, 1), "方案")})
    (tmp / "证明.txt").write_text("证明", encoding="utf-8")
    EvidenceStore(db).add(subs[0].id, tmp / "证明.txt", period.id)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", action="store_true", help="also a 10,000 sub-item plan")
    parser.add_argument("--exe", type=Path, help="also the frozen build's executable")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo_db = Path(tmp) / "demo.db"
        db = open_database(demo_db)
        with_progress(db, add_demo_plan(PlanService(db))[0].id, Path(tmp))
        db.close()
        measure("demo plan (60 sub-items, a period, progress, evidence)", demo_db, args.runs)
        measure("first start, a database not made yet", Path(tmp) / "new.db", args.runs, new=True)
        if args.exe:
            measure("the same, frozen build", demo_db, args.runs, args.exe)
        if args.big:
            big_db = Path(tmp) / "big.db"
            db = open_database(big_db)
            PlanService(db).create_plan("生成的计划", generate_plan(10_000))
            db.close()
            measure("generated plan (10,000 sub-items)", big_db, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
