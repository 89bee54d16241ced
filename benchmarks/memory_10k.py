"""Peak memory (resident set) of the window at 10,000 sub-items: opened, printing the
breakdown PDF, and previewing it, each in its own process, beside the floor measured in
the same run: an empty PySide6 window with a tree view.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.memory_10k
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import generate_plan
from soildesk.db.database import open_database
from soildesk.plans import PlanService

CHILD = """
import sys, time
from PySide6.QtWidgets import QApplication
from tests.conftest import FakeInteraction
from ui.app import build_window, make_app
from ui.background import InlineRunner
from soildesk.db.database import open_database

mode, path = sys.argv[1], sys.argv[2]
app = make_app([])
db = open_database(path)
window = build_window(db, FakeInteraction(), InlineRunner())
window.resize(1366, 728)
window.show()
app.processEvents()
while window.table._pending:  # the table measured to its last row
    app.processEvents()
if mode == "print":
    from soildesk.reports.render import render_report
    plan = window.session.plan
    pages = render_report(db, plan, "breakdown", window.session.plans.db.path.with_suffix(".pdf"))
    print("pages", pages)
elif mode == "preview":
    from ui.print_dialog import PrintDialog
    dialog = PrintDialog(window.session, InlineRunner(), window)
    dialog.show()
    app.processEvents()
    bar = dialog.preview.verticalScrollBar()
    for value in range(0, bar.maximum(), max(bar.maximum() // 50, 1)):  # scrolled through
        bar.setValue(value)
        dialog.preview.grab()
    print("pages", dialog.document.count)
elif mode == "printer":
    from PySide6.QtPrintSupport import QPrinter
    from ui.print_dialog import PrintDialog
    dialog = PrintDialog(window.session, InlineRunner(), window)
    printer = dialog.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(window.session.plans.db.path.with_suffix(".spool.pdf")))
    dialog.print_to(printer)
    print("pages", dialog.document.count)
db.close()
"""


def peak_mb(command: list[str]) -> tuple[float, float, str]:
    """Peak resident set of a child process (its own, from wait4), seconds, its output."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["SOILDESK_STARTUP_PROBE"] = repr(time.time())  # the floor's window quits at paint
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = child.stdout.read().decode() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[1:3]} failed: {out}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start, out.strip()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.db"
        db = open_database(path)
        PlanService(db).create_plan("生成的计划", generate_plan(10_000))
        db.close()
        floor, _, _ = peak_mb([sys.executable, "-m", "benchmarks.empty_window"])
        print(f"floor: an empty PySide6 window with a tree view   {floor:6.0f} MB")
        for mode, label in (
            ("open", "window open, table measured"),
            ("print", "window + breakdown PDF printed"),
            ("preview", "window + print preview scrolled through"),
            ("printer", "window + all pages to the printer"),
        ):
            mb, seconds, out = peak_mb([sys.executable, "-c", CHILD, mode, str(path)])
            extra = f"  ({out.splitlines()[-1]})" if out else ""
            print(f"{label:<40} peak {mb:6.0f} MB  {seconds:5.1f} s{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
