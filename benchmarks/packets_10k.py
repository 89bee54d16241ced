"""The collection loop on a generated 10,000 sub-item plan, each figure beside its floor
in the same run: packets for every unit (floor: XlsxWriter writing the same cells as
plain strings), reading the biggest one back and reviewing it (floor: calamine's raw
read of the file), applying it, the return and the evidence zip.

    PYTHONPATH=. .venv/bin/python benchmarks/packets_10k.py
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from benchmarks.synthetic import generate_plan
from benchmarks.xlsx_10k import _raw_calamine, _raw_xlsxwriter
from soildesk.db.database import open_database
from soildesk.packets import layout as L
from soildesk.packets.make import export_packets
from soildesk.packets.review import apply_review, build_review
from soildesk.plans import PlanService
from soildesk.progress import ProgressService
from soildesk.returns import write_return


def _fill_all(src: Path, dst: Path) -> float:
    """A department answering every row (openpyxl, as the tests do); returns its time."""
    import openpyxl

    start = time.perf_counter()
    wb = openpyxl.load_workbook(src)
    ws = wb[L.SHEET]
    for r in range(L.FIRST_DATA_ROW + 1, ws.max_row + 1):
        ws.cell(r, L.FIRST_FILL + 1).value = f"第{r}行：已按要求推进"
        ws.cell(r, L.FIRST_FILL + 2).value = "推进中"
    wb.save(dst)
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = open_database(root / "big.db")
        plan = PlanService(db).create_plan(
            "生成的计划", generate_plan(10_000), title="生成县任务分解表"
        )
        period = ProgressService(db).add_period(
            plan.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
        )
        out = root / "packets"
        out.mkdir()
        t0 = time.perf_counter()
        made = export_packets(db, plan, period.name, out)
        t1 = time.perf_counter()
        biggest = max(made, key=lambda f: f.rows)
        floor_write = sum(_raw_xlsxwriter(f.path, root / "floor.xlsx") for f in made)
        rows = sum(f.rows for f in made)
        print(
            f"packets for {len(made)} units ({rows:,} rows)   {t1 - t0:6.2f} s"
            f"   floor: XlsxWriter writing the same cells as plain strings {floor_write:.2f} s"
        )
        back = root / "back.xlsx"
        fill = _fill_all(biggest.path, back)
        t2 = time.perf_counter()
        review = build_review(db, plan, period, [back])
        t3 = time.perf_counter()
        floor_read = _raw_calamine(back)
        print(
            f"review the biggest packet back ({biggest.rows:,} rows)  {t3 - t2:6.2f} s"
            f"   floor: calamine raw read {floor_read:.2f} s (openpyxl filling it: {fill:.2f} s)"
        )
        t4 = time.perf_counter()
        apply_review(db, review)
        t5 = time.perf_counter()
        print(f"apply it ({review.count('change'):,} sub-items, one transaction)  {t5 - t4:6.2f} s")
        t6 = time.perf_counter()
        write_return(db, plan, period.name, root / "return.xlsx", report=True)
        t7 = time.perf_counter()
        floor_return = _raw_xlsxwriter(root / "return.xlsx", root / "floor.xlsx")
        print(
            f"the return (10,000 rows, reported)  {t7 - t6:6.2f} s"
            f"   floor: XlsxWriter writing the same cells as plain strings {floor_return:.2f} s"
        )
        tracemalloc.start()
        build_review(db, plan, period, [back])
        _, review_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        export_packets(db, plan, period.name, out, [biggest.unit.name])
        _, export_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"peak traced memory: review {review_peak / 1e6:.0f} MB, "
            f"the biggest packet {export_peak / 1e6:.0f} MB"
        )
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
