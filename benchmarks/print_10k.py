"""The breakdown PDF of a generated 10,000 sub-item plan, and the same plan exported to
xlsx and converted by LibreOffice, in one run.

    .venv/bin/python -m benchmarks.print_10k          (needs `soffice` for the second part)
"""

from __future__ import annotations

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
from soildesk.reports.render import render_report


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(folder / "big.db")
        plans = PlanService(db)
        plan = plans.create_plan("生成的计划", generate_plan(10_000), title="生成县任务分解表")
        roots = plans.load_tree(plan.id)
        t0 = time.perf_counter()
        pages = render_report(db, plan, "breakdown", folder / "big.pdf")
        t1 = time.perf_counter()
        print(
            f"SoilDesk breakdown PDF, 10,000 sub-items: {t1 - t0:6.1f} s, {pages} pages, {(folder / 'big.pdf').stat().st_size / 1e6:.1f} MB"
        )
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("LibreOffice not installed: skipped the xlsx → PDF comparison")
            return 0
        t2 = time.perf_counter()
        export_breakdown(folder / "big.xlsx", plan, roots)
        t3 = time.perf_counter()
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(folder / "big.xlsx")],
                       check=True, capture_output=True, timeout=3600)  # fmt: skip
        t4 = time.perf_counter()
        lo_pages = len(PdfReader(str(folder / "lo" / "big.pdf")).pages)
        print(
            f"xlsx export {t3 - t2:6.1f} s + LibreOffice xlsx → PDF {t4 - t3:6.1f} s, {lo_pages} pages"
        )
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
