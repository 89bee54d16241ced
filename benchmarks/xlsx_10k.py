"""Export and import of a generated 10,000 sub-item plan, timed, each beside its floor
measured in the same run: for the export, the file's own XML deflated into a zip (the
bytes alone), and XlsxWriter writing the same cells (what wrote it before); for the
import, the raw read of the same file by python-calamine (values and merged ranges, no
tree) and openpyxl's read-only value scan.

.venv/bin/python -m benchmarks.xlsx_10k
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.synthetic import generate_plan
from soildesk.db.database import open_database
from soildesk.domain import Level
from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.importing import load_file
from soildesk.importing.plan_import import store_import
from soildesk.plans import PlanService


def _raw_calamine(path: Path) -> float:
    import python_calamine

    start = time.perf_counter()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    sheet.to_python()
    _ = sheet.merged_cell_ranges
    return time.perf_counter() - start


def _raw_xlsxwriter(path: Path, target: Path) -> float:
    """XlsxWriter writing the same cells, every sheet, as plain strings: no formats, no
    merges, no row heights (the floor for an export through XlsxWriter)."""
    import python_calamine
    import xlsxwriter

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheets = [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
    start = time.perf_counter()
    wb = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False})
    for name, rows in sheets:
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value != "":
                    ws.write_string(r, c, str(value))
    wb.close()
    return time.perf_counter() - start


def _raw_zip(path: Path, target: Path) -> float:
    """The written workbook's parts, already made, deflated into a new zip at the level
    the export uses."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [(name, z.read(name)) for name in z.namelist()]
    start = time.perf_counter()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as z:
        for name, data in parts:
            z.writestr(name, data)
    return time.perf_counter() - start


def _raw_openpyxl(path: Path) -> float:
    import openpyxl

    start = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    for _ in wb.worksheets[0].iter_rows(values_only=True):
        pass
    wb.close()
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "big.db")
        plans = PlanService(db)
        plan = plans.create_plan("生成的计划", generate_plan(10_000), title="生成县任务分解表")
        roots = plans.load_tree(plan.id)
        out = Path(tmp) / "big.xlsx"
        t0 = time.perf_counter()
        report = export_breakdown(out, plan, roots)
        t1 = time.perf_counter()
        result = load_file(out)  # the first read also imports the reader's modules
        first = time.perf_counter() - t1
        t2 = time.perf_counter()
        load_file(out)
        warm = time.perf_counter() - t2
        t2 = time.perf_counter()
        stored = store_import(plans, result, "导回的计划")
        t3 = time.perf_counter()
        assert result.counts()[Level.SUBITEM] == 10_000 and report.rows == 10_000
        floor_calamine = _raw_calamine(out)
        floor_openpyxl = _raw_openpyxl(out)
        floor_writer = _raw_xlsxwriter(out, Path(tmp) / "floor.xlsx")
        floor_zip = _raw_zip(out, Path(tmp) / "zip.xlsx")
        print(
            f"export 10,000 rows to xlsx   {t1 - t0:6.2f} s  ({out.stat().st_size / 1e6:.1f} MB)"
            f"   floor: its XML deflated into a zip {floor_zip:.2f} s; XlsxWriter writing the"
            f" same cells as plain strings (no formats, merges or heights) {floor_writer:.2f} s"
        )
        print(
            f"read it back (parse + tree)  {warm:6.2f} s ({first - warm:.2f} s more the first time)"
            f"   floor: calamine raw read "
            f"{floor_calamine:.2f} s, openpyxl read-only values {floor_openpyxl:.2f} s"
        )
        print(f"store as a new plan          {t3 - t2:6.2f} s  ({stored.name})")
        # Memory in a second pass: tracemalloc slows Python several times over.
        tracemalloc.start()
        export_breakdown(out, plan, roots)
        _, export_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        load_file(out)
        _, import_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"peak traced memory: export {export_peak / 1e6:.0f} MB, import {import_peak / 1e6:.0f} MB"
        )
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
