"""The table of hostile inputs (tests/hostile_files.py), each case in its own process as
a clerk would run it: its time, its peak memory, its exit code and its message. Every
case must end within 15 s and 600 MB, in Chinese, without a traceback.

    .venv/bin/python -m scripts.hostile_inputs

The floor beside the figures: the same command on the real sample table."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.hostile_files import CASES, XLSX

MAX_SECONDS, MAX_MB = 15, 600
ROOT = Path(__file__).resolve().parents[1]


def run(db: Path, command: str, path: Path) -> tuple[float, float, int, str]:
    """Seconds, peak MB, exit code and stderr of `soildesk --db db command path`."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "soildesk.cli", "--db", str(db), command, str(path)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), text


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="soildesk-hostile-"))
    db = work / "data" / "土十条.db"
    db.parent.mkdir()
    subprocess.run([sys.executable, "-m", "soildesk.cli", "--db", str(db), "demo"], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    t, mb, code, _ = run(db, "import", XLSX)
    print(f"{'floor: the sample table, imported':32} {t:6.2f} s {mb:6.0f} MB  exit {code}")
    bad = 0
    for case in CASES:
        folder = work / "files" / str(CASES.index(case))
        folder.mkdir(parents=True)
        path = case.build(folder)
        t, mb, code, err = run(db, case.command, path)
        held = (
            t < MAX_SECONDS
            and mb < MAX_MB
            and "Traceback" not in err
            and (code == 0 if not case.expect else code == 1 and case.expect in err)
        )
        bad += not held
        said = err.strip().splitlines()[0][:60] if err.strip() else "（已读入）"
        print(
            f"{case.name:32} {t:6.2f} s {mb:6.0f} MB  exit {code}  {'held' if held else 'FAILED'}  {said}"
        )
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(CASES)} cases, {len(CASES) - bad} held, {bad} failed")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
