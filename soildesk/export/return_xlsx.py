"""进展情况表.xlsx, the return to the city in the official style: the breakdown's seven
columns and merges, then 完成时限, 进展情况, 完成状态, 佐证材料, 备注, headed by 填报单位
and 填报时间 (FORMAT.md §6)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import ValidationError
from ..files import atomic_output
from ..gc_pause import collector_paused
from ..reports.data import ReportData
from ..returns import COLUMNS, office_line, return_cells, return_title
from .table import HEADER, table_rows
from .xlsx_breakdown import (
    ExportReport,
    column_widths,
    page_breaks,
    prepare_texts,
    row_heights,
    write_workbook,
)


@collector_paused()
def export_return(
    target: Path,
    data: ReportData,
    office: str,
    day: date,
    cells: dict[int, list[str]] | None = None,
) -> ExportReport:
    assert data.period is not None
    rows = [r for r in table_rows(data.roots) if r.sub is not None]
    if not rows:
        raise ValidationError("计划中还没有小项，没有可报送的内容。")
    headers = [*HEADER, *COLUMNS]
    report = ExportReport(Path(target), len(rows))
    extra = [
        cells[r.sub.id] if cells is not None else return_cells(data, r.sub)
        for r in rows
        if r.sub is not None
    ]
    texts = prepare_texts(rows, headers, report.warnings, extra)
    widths = column_widths(headers)
    heights = row_heights(rows, texts, report.warnings, widths)
    breaks = page_breaks(rows, heights, widths)
    title = return_title(data.plan, data.period.name)
    with atomic_output(Path(target)) as tmp:
        write_workbook(tmp, data.plan, title, rows, texts, heights, headers, breaks,
               label=office_line(office, day), sheet="进展情况表")  # fmt: skip
    return report
