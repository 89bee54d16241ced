"""A list as a workbook: a title, a header row, wrapped text in ruled cells, frozen
headers. For the lists a clerk hands on (修改记录 for 督查, the overview's warnings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..files import atomic_output


def write_list(
    path: Path,
    sheet_name: str,
    title: str,
    columns: Sequence[tuple[str, int]],  # header, width in characters
    rows: Iterable[Sequence[str]],
) -> None:
    import xlsxwriter

    with atomic_output(path) as target:
        book = xlsxwriter.Workbook(str(target))
        sheet = book.add_worksheet(sheet_name[:31])
        head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
        cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        sheet.merge_range(0, 0, 0, len(columns) - 1, title, book.add_format({"bold": True}))
        for col, (name, width) in enumerate(columns):
            sheet.write(1, col, name, head)
            sheet.set_column(col, col, width)
        for r, values in enumerate(rows, start=2):
            for col, value in enumerate(values):
                sheet.write_string(r, col, value, cell)
        sheet.freeze_panes(2, 0)
        book.close()
