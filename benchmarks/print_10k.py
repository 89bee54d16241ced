"""The breakdown PDF of a generated 10,000 sub-item plan, beside LibreOffice converting
the same plan's xlsx to PDF, in one run. Each is timed in its own process, with its
peak memory; LibreOffice is started once before, so its first-start profile set-up is
not counted against it.

    .venv/bin/python -m benchmarks.print_10k          (needs `soffice` for the floor)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from benchmarks.synthetic import generate_plan
from soildesk.db.database import open_database
from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.plans import PlanService

CHILD = """
import sys, time
from pathlib import Path
from soildesk.db.database import open_database
from soildesk.plans import PlanService
from soildesk.reports.pdf_paint import write_pdf
from soildesk.reports.render import layout_report
db = open_database(Path(sys.argv[1]))
plan = PlanService(db).find_plan("生成的计划")
start = time.perf_counter()
doc = layout_report(db, plan, "breakdown")
laid = time.perf_counter()
write_pdf(doc, Path(sys.argv[2]))
done = time.perf_counter()
print(f"{doc.count} pages: laid out {laid - start:.2f} s, painted {done - laid:.2f} s")
"""


def timed(command: list[str]) -> tuple[float, float, str]:
    """Seconds, peak resident MB (the child's own, from wait4) and its output."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = child.stdout.read().decode() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:3]} failed: {out}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024, out.strip()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(folder / "big.db")
        plans = PlanService(db)
        plan = plans.create_plan("生成的计划", generate_plan(10_000), title="生成县任务分解表")
        export_breakdown(folder / "big.xlsx", plan, plans.load_tree(plan.id))
        db.close()
        pdf = folder / "big.pdf"
        seconds, mb, out = timed([sys.executable, "-c", CHILD, str(folder / "big.db"), str(pdf)])
        print(f"SoilDesk breakdown PDF, 10,000 sub-items: {seconds:5.1f} s, peak {mb:4.0f} MB, "
              f"{pdf.stat().st_size / 1e6:.1f} MB file ({out})")  # fmt: skip
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("LibreOffice not installed: skipped the floor")
            return 0
        convert = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder / "lo")]
        (folder / "warm.csv").write_text("1\n")
        timed([*convert, str(folder / "warm.csv")])  # its first start sets up a profile
        lo_seconds, lo_mb, _ = timed([*convert, str(folder / "big.xlsx")])
        lo_pages = len(PdfReader(str(folder / "lo" / "big.pdf")).pages)
        print(f"floor, LibreOffice xlsx → PDF:            {lo_seconds:5.1f} s, peak {lo_mb:4.0f} MB, "
              f"{lo_pages} pages")  # fmt: skip
        print(f"SoilDesk is {lo_seconds / seconds:.1f}× faster (target ≥ 5×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
