"""Runs soak_window.py in a child process: a binding that breaks reference counting
aborts that process, and this test fails with its output, the rest of the suite intact.
It runs on the machine's own CPython (3.11 here), where such a leak aborts; 3.12+ makes
True immortal, which hides the leak rather than fixing it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_soak_of_the_main_window_in_its_own_process(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp",
         str(tmp_path / "soak"), str(ROOT / "tests" / "gui" / "soak_window.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, (
        f"the soak ended with exit code {done.returncode}\n"
        + done.stdout[-4000:]
        + done.stderr[-4000:]
    )
    assert "1 passed" in done.stdout
