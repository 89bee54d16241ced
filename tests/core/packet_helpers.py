"""Filling a packet as a department would: open it with openpyxl, type in the fill-in
cells (or do what departments should not), save it under another name."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

from soildesk.packets import layout as L

COL = {name: L.FIRST_FILL + i + 1 for i, name in enumerate(L.FILL)}  # 1-based columns


def data_row(i: int) -> int:
    """The sheet row (1-based) of the packet's i-th sub-item."""
    return L.FIRST_DATA_ROW + i + 1


def fill(src: Path, dst: Path, answers: dict[int, dict[str, object]]) -> Path:
    """answers: packet row index -> {fill-in header: value}."""
    wb = openpyxl.load_workbook(src)
    ws = wb[L.SHEET]
    for i, values in answers.items():
        for header, value in values.items():
            ws.cell(data_row(i), COL[header]).value = value
    wb.save(dst)
    return dst


def keys_of(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [r[1] for r in wb[L.KEY_SHEET].iter_rows(min_row=4, values_only=True)]
    finally:
        wb.close()


def done(text: str, day: datetime = datetime(2024, 5, 20)) -> dict[str, object]:
    return {"进展情况": text, "完成状态": "已完成", "完成日期": day}


def ongoing(text: str) -> dict[str, object]:
    return {"进展情况": text, "完成状态": "推进中"}
