"""A workbook that comes back edited, re-sorted and with rows inserted is matched row by
row to the sub-items it was exported from."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.importing.row_keys import match_rows
from soildesk.importing.table import HEADER
from tests.core.test_xlsx_import import ROWS, _write


def test_rows_are_matched_after_edit_sort_and_insert(tmp_path: Path, plans, demo) -> None:
    path = tmp_path / "sent.xlsx"
    export_breakdown(path, demo, plans.load_tree(demo.id))
    subs = [
        s
        for a in plans.load_tree(demo.id)
        for c in a.children
        for i in c.children
        for s in i.children
    ]

    wb = openpyxl.load_workbook(path)  # as the city would: unmerge, sort, insert, edit
    ws = wb["任务分解表"]
    for ref in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(ref))
    data = [[ws.cell(r, c).value for c in range(1, 8)] for r in range(4, 64)]
    data.reverse()  # re-sorted: the last sub-item is now first
    data.insert(5, ["", "", "", "", "9、新增的一项工作", "9、县环保局", "新增"])
    data[10][4] = data[10][4] + "（已修改）"  # edited in place
    for r, row in enumerate(data, start=4):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c).value = value
    wb.save(path)

    matches = match_rows(path)
    assert matches is not None and len(matches) == 61
    by_row = {m.row: m for m in matches}
    assert by_row[4].sub_key == subs[-1].key and by_row[4].how == "text"
    assert by_row[9].sub_key is None and by_row[9].how == "new"
    edited = subs[::-1][9]  # data[10] after the insert is the 10th of the reversed rows
    assert by_row[14].sub_key == edited.key and by_row[14].how == "similar"
    keys = [m.sub_key for m in matches if m.sub_key]
    assert len(keys) == len(set(keys)) == 60
    assert sorted(keys) == sorted(s.key for s in subs)


def test_foreign_workbook_has_no_keys(tmp_path: Path) -> None:
    path = _write(tmp_path / "city.xlsx", [list(HEADER), *ROWS])
    assert match_rows(path) is None
