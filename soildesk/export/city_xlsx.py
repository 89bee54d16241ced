"""Filling the city's own return layout (city_template.CityTemplate) for a period: its
title rows (填报单位 and 填报时间 filled in), its header as it was, then one row per
sub-item in the city's column order; 条/款/项 columns merged over their sub-items."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import xlsxwriter

from ..city_template import MERGED_FIELDS, CityTemplate
from ..domain import Node, Role
from ..errors import ValidationError
from ..files import atomic_output
from ..gc_pause import collector_paused
from ..reports.data import ReportData
from ..returns import return_cells
from ..text_metrics import line_count
from ..unit_text import unit_cell
from .fonts import HEADER_FONT, body_font, title_font
from .table import TableRow, clean_text, spans, table_rows
from .xlsx_breakdown import ExportReport

WIDTHS = {
    "seq": 6, "article": 14, "clause": 14, "item": 24, "item_units": 14, "sub": 30,
    "units": 14, "lead": 14, "cooperate": 16, "duties": 30, "deadline": 12,
    "progress": 32, "status": 10, "done_yn": 8, "done_on": 12, "lag": 18, "evidence": 18, "note": 14,
}  # fmt: skip
SPAN_INDEX = {"article": 0, "clause": 1, "item": 2, "item_units": 3}  # TableRow.nodes()
# 填报单位：XX县 / 填报单位：（盖章）; 填报时间：2024年1月1日 / 填报时间：    年  月  日
_OFFICE = re.compile(r"(填报单位[:：])[ 　\t]*(?:(?=[（(]盖章)|[^\s　（(]*)")
_DAY = re.compile(
    r"(填报(?:时间|日期)[:：])[ 　\t]*(?:\d*[ 　]*年[ 　]*\d*[ 　]*月[ 　]*\d*[ 　]*日|[^\s　]*)"
)


def _names(sub: Node, roles: tuple[Role, ...]) -> str:
    named = sub.units or (sub.parent.units if sub.parent else [])
    return "、".join(dict.fromkeys(link.wording for link in named if link.role in roles))


def row_values(
    data: ReportData,
    row: TableRow,
    seq: int,
    fields: list[str],
    cells: dict[int, list[str]] | None = None,
) -> list[str]:
    sub = row.sub
    assert sub is not None
    five = cells[sub.id] if cells is not None else return_cells(data, sub)
    deadline, progress, status, files, note = five
    record = data.states[sub.id].progress if sub.id in data.states else None
    if record and ("done_on" in fields or "lag" in fields):
        progress = record.text  # the date and the reason have columns of their own
    values = {
        "seq": str(seq),
        "article": row.article.display,
        "clause": row.clause.display if row.clause else "",
        "item": row.item.display if row.item else "",
        "item_units": unit_cell(row.item) if row.item else "",
        "sub": sub.display,
        "units": unit_cell(sub, sub.number),
        "lead": _names(sub, (Role.LEAD, Role.RESPONSIBLE)),
        "cooperate": _names(sub, (Role.COOPERATE, Role.CARRY_OUT)),
        "duties": sub.duties,
        "deadline": deadline,
        "progress": progress,
        "status": status,
        "done_yn": ("是" if status == "已完成" else "否") if status else "",
        "done_on": f"{record.completed_on:%Y-%m-%d}" if record and record.completed_on else "",
        "lag": record.lag_reason if record else "",
        "evidence": files,
        "note": note,
        "": "",
    }
    return [clean_text(values[f])[0] for f in fields]


@collector_paused()
def fill_city_template(
    target: Path,
    template: CityTemplate,
    data: ReportData,
    office: str,
    day: date,
    cells: dict[int, list[str]] | None = None,
) -> ExportReport:
    assert data.period is not None
    rows = [r for r in table_rows(data.roots) if r.sub is not None]
    if not rows:
        raise ValidationError("计划中还没有小项，没有可报送的内容。")
    fields = template.fields
    texts = [row_values(data, r, n, fields, cells) for n, r in enumerate(rows, start=1)]
    widths = [float(WIDTHS.get(f, 12)) for f in fields]
    heights = _heights(rows, texts, widths, fields)
    with atomic_output(Path(target)) as tmp:
        _write(tmp, template, rows, texts, widths, heights, office, day)
    return ExportReport(Path(target), len(rows))


def _heights(
    rows: list[TableRow], texts: list[list[str]], widths: list[float], fields: list[str]
) -> list[float]:
    def need(text: str, col: int) -> float:
        return line_count(text, widths[col]) * 15.0 + 6.0

    merged = {c: SPAN_INDEX[f] for c, f in enumerate(fields) if f in MERGED_FIELDS}
    heights = [
        max([22.0, *(need(t[c], c) for c in range(len(fields)) if c not in merged)]) for t in texts
    ]
    for c, index in sorted(merged.items(), key=lambda kv: -kv[1]):
        for first, last in spans(rows, index):
            required, have = need(texts[first][c], c), sum(heights[first : last + 1])
            if required > have:
                for r in range(first, last + 1):
                    heights[r] += (required - have) / (last - first + 1)
    return [min(h, 409.0) for h in heights]


def _write(
    path: Path,
    template: CityTemplate,
    rows: list[TableRow],
    texts: list[list[str]],
    widths: list[float],
    heights: list[float],
    office: str,
    day: date,
) -> None:
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    body = body_font()
    cell = {"font_name": body, "font_size": 11, "border": 1, "valign": "vcenter", "text_wrap": True}
    fmt_body = wb.add_format(cell)
    fmt_header = wb.add_format(
        {**cell, "font_name": HEADER_FONT, "font_size": 12, "align": "center"}
    )
    fmt_title = wb.add_format(
        {"font_name": title_font(), "font_size": 18, "bold": True, "align": "center",
         "valign": "vcenter"}
    )  # fmt: skip
    fmt_info = wb.add_format({"font_name": body, "font_size": 12, "valign": "vcenter"})
    ws = wb.add_worksheet("进展情况表")
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    first_header = len(template.top) - template.header_rows
    when = f"{day.year}年{day.month}月{day.day}日"
    written: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in template.merges:
        fmt = fmt_header if r0 >= first_header else fmt_title if r0 == 0 else fmt_info
        text = _filled(template.top[r0][c0], office, when)
        if (r0, c0) != (r1, c1):
            ws.merge_range(r0, c0, r1, c1, text, fmt)
        else:
            ws.write_string(r0, c0, text, fmt)
        written.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    for r, line in enumerate(template.top):
        header = r >= first_header
        for c, text in enumerate(line):
            if (r, c) in written or (not text and not header):
                continue
            ws.write_string(r, c, _filled(text, office, when), fmt_header if header else fmt_info)
        if not header:
            ws.set_row(r, 32 if r == 0 else 22)
    top = len(template.top)
    merged = {c: SPAN_INDEX[f] for c, f in enumerate(template.fields) if f in MERGED_FIELDS}
    for r, h in enumerate(heights):
        ws.set_row(top + r, h)
    for c, index in merged.items():
        for first, last in spans(rows, index):
            if first == last:
                ws.write_string(top + first, c, texts[first][c], fmt_body)
            else:
                ws.merge_range(top + first, c, top + last, c, texts[first][c], fmt_body)
    for r, values in enumerate(texts):
        for c, text in enumerate(values):
            if c not in merged:
                ws.write_string(top + r, c, text, fmt_body)
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.repeat_rows(first_header, top - 1)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C第 &P 页 共 &N 页")
    ws.freeze_panes(top, 0)
    wb.close()


def _filled(text: str, office: str, when: str) -> str:
    """The template's 填报单位：… and 填报时间：… with this office and day."""
    text = _OFFICE.sub(lambda m: m.group(1) + office, text)
    return _DAY.sub(lambda m: m.group(1) + when, text)
