"""任务分解表.xlsx exactly as the official attachment (FORMAT.md §2), written with
XlsxWriter (openpyxl's merges are quadratic). A very hidden sheet carries each row's
stable keys so that a file coming back can be matched row by row."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import xlsxwriter

from .. import __version__
from ..domain import Node, PlanInfo, UnitInfo
from ..errors import ValidationError
from ..files import atomic_output
from ..gc_pause import collector_paused
from ..text_metrics import line_count
from .fonts import HEADER_FONT, LABEL_FONT, body_font, title_font
from .table import (
    HEADER,
    MERGED_COLUMNS,
    TableRow,
    cell_texts,
    clean_text,
    extra_headers,
    extra_texts,
    spans,
    table_rows,
    unit_keeper,
)

COLUMN_WIDTHS = (12, 14, 30, 16, 30, 16, 36)  # 154 units: fits A4 landscape at about 90 %
EXTRA_WIDTH = 14  # 完成时限, 备注 and the document's other columns
WIDE_COLUMNS = {"进展情况": 30.0, "佐证材料": 20.0}  # the return's columns that hold prose
FIRST_DATA_ROW = 3  # 0-based: label, title, header above
LINE_PT = 15.0  # one line of 11 pt 仿宋 with Excel's spacing
PAD_PT = 6.0
MIN_ROW_PT = 22.0
MAX_ROW_PT = 409.0  # Excel's limit for one row
CELL_LIMIT = 32_767
KEY_SHEET = "_soildesk"
KEY_MAGIC = "soildesk-row-keys"
KEY_HEADER = ("行号", "小项键", "项键", "款键", "条键", "小项摘要", "小项内容")


@dataclass
class ExportReport:
    path: Path
    rows: int
    warnings: list[str] = field(default_factory=list)


def text_digest(text: str) -> str:
    """A fingerprint of a sub-item's text, to find its row after the sheet was re-sorted."""
    norm = "".join(text.split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def _where(row: TableRow, col: int, headers: list[str]) -> str:
    node = row.nodes()[col] if col < len(HEADER) else row.sub
    label = node.display[:20] if node else ""
    return f"“{headers[col]}”列（{label}…）"


def prepare_texts(
    rows: list[TableRow],
    headers: list[str],
    warnings: list[str],
    extra: list[list[str]] | None = None,
) -> list[list[str]]:
    """Every cell's text as the workbook holds it. The columns after the seven are the
    document's own (`extra` None) or the caller's, one list per row."""
    texts = []
    changed = 0
    extras = headers[len(HEADER) :]
    for r, row in enumerate(rows):
        more = extra[r] if extra is not None else extra_texts(row, extras)
        cells = []
        for col, text in enumerate([*cell_texts(row), *more]):
            text, fixed = clean_text(text)
            changed += fixed
            if len(text) > CELL_LIMIT:
                raise ValidationError(
                    f"{_where(row, col, headers)}有 {len(text)} 个字符，超过 Excel 单元格上限 {CELL_LIMIT} 个字符。"
                    "请先在程序中把这段文字分成几个小项，再导出；没有写入任何文件。"
                )
            cells.append(text)
        texts.append(cells)
    if changed:
        warnings.append(
            f"{changed} 个单元格含有 Excel 不能保存的控制字符（多来自 Word 的换行符），已换成换行或去掉"
        )
    return texts


def column_widths(headers: list[str]) -> tuple[float, ...]:
    extra = tuple(WIDE_COLUMNS.get(h, EXTRA_WIDTH) for h in headers[len(HEADER) :])
    return COLUMN_WIDTHS + extra


def row_heights(
    rows: list[TableRow], texts: list[list[str]], warnings: list[str], widths: tuple[float, ...]
) -> list[float]:
    """Heights in points so that no cell is clipped, merged cells included: a merged
    cell's need is spread over its rows (each row at most 409 pt)."""

    def need(text: str, col: int) -> float:
        return line_count(text, widths[col]) * LINE_PT + PAD_PT

    heights = [
        max(MIN_ROW_PT, *(need(t[c], c) for c in range(MERGED_COLUMNS, len(widths)))) for t in texts
    ]
    for col in reversed(range(MERGED_COLUMNS)):  # inner spans first, then the ones around them
        for first, last in spans(rows, col):
            required = need(texts[first][col], col)
            have = sum(heights[first : last + 1])
            if required > have:
                extra = (required - have) / (last - first + 1)
                for r in range(first, last + 1):
                    heights[r] += extra
    for r, h in enumerate(heights):
        if h > MAX_ROW_PT:
            heights[r] = MAX_ROW_PT
            warnings.append(
                f"第 {r + FIRST_DATA_ROW + 1} 行的文字很长，超过 Excel 一行最高 409 磅，打印时可能显示不全，"
                "建议把该小项的内容分开"
            )
    return heights


@collector_paused()
def export_breakdown(
    target: Path, plan: PlanInfo, roots: list[Node], unit: UnitInfo | None = None
) -> ExportReport:
    rows = table_rows(roots, unit_keeper(unit.id) if unit else None)
    if not rows:
        raise ValidationError(
            f"单位“{unit.name}”在这个计划中没有牵头或配合的小项，没有可导出的内容。"
            if unit
            else "计划是空的，没有可导出的内容。"
        )
    report = ExportReport(Path(target), len(rows))
    headers = [*HEADER, *extra_headers(plan, rows)]
    widths = column_widths(headers)
    texts = prepare_texts(rows, headers, report.warnings)
    heights = row_heights(rows, texts, report.warnings, widths)
    breaks = page_breaks(rows, heights, widths)
    title = plan.title or f"{plan.name}任务分解表"
    if unit:
        title = f"{title}（{unit.name}）"
    with atomic_output(Path(target)) as tmp:
        write_workbook(tmp, plan, title, rows, texts, heights, headers, breaks)
    return report


# A4 landscape with the margins set in _write, in points; the sheet is scaled to fit the
# page's width, so a page holds this height divided by that scale.
PAGE_WIDTH_PT = (297 / 25.4 - 0.5 - 0.5) * 72
PAGE_HEIGHT_PT = (210 / 25.4 - 0.6 - 0.7) * 72
HEADER_ROW_PT = 24.0
TOP_ROWS_PT = 21.0 + 36.0  # the 附件 label and the title, on the first page only
SAFETY = 0.96  # Excel, WPS and LibreOffice round row heights and margins a little apart


def print_scale(widths: tuple[float, ...]) -> int:
    """The print scale in percent that makes the columns one A4 landscape page wide."""
    sheet_width_pt = sum(w * 7 + 5 for w in widths) * 0.75  # Excel's column width in points
    return max(10, min(100, int(PAGE_WIDTH_PT / sheet_width_pt * 100)))


def page_capacity(widths: tuple[float, ...]) -> float:
    """How many points of data rows one printed page holds, below the repeated header."""
    return PAGE_HEIGHT_PT / (print_scale(widths) / 100) * SAFETY - HEADER_ROW_PT


def page_breaks(rows: list[TableRow], heights: list[float], widths: tuple[float, ...]) -> list[int]:
    """Rows (0-based data rows) that start a new printed page. Excel breaks pages where
    they fill, slicing merged 条/款/项 cells and printing their text on one page only; a
    break is moved back to where the span around it starts, whenever that span fits on
    one page, so that a merged cell is printed whole."""
    page = page_capacity(widths)
    starts = [sorted(first for first, _ in spans(rows, col)) for col in range(MERGED_COLUMNS)]
    breaks: list[int] = []
    top, used = 0, TOP_ROWS_PT
    r = 0
    while r < len(rows):
        if used + heights[r] <= page or r == top:
            used += heights[r]
            r += 1
            continue
        cut = r  # row r does not fit: find the outermost span start that keeps spans whole
        for col in range(MERGED_COLUMNS):  # 条 first: the widest span that fits wins
            start = starts[col][bisect_right(starts[col], r) - 1]  # the span r is in
            if top < start < r and sum(heights[start : _span_end(rows, col, start) + 1]) <= page:
                cut = start
                break
            if start == r:
                break  # the row starts this span itself: breaking here keeps it whole
        breaks.append(cut)
        top, used, r = cut, 0.0, cut
    return breaks


def _span_end(rows: list[TableRow], col: int, start: int) -> int:
    node = rows[start].nodes()[col]
    end = start
    while end + 1 < len(rows) and rows[end + 1].nodes()[col] is node:
        end += 1
    return end


def write_workbook(
    path: Path,
    plan: PlanInfo,
    title: str,
    rows: list[TableRow],
    texts: list[list[str]],
    heights: list[float],
    headers: list[str],
    breaks: list[int],
    *,
    label: str = "附件：",
    sheet: str = "任务分解表",
) -> None:
    """The workbook: `label` above the title (附件：, or the return's 填报单位 line)."""
    # User text is always text: '=…' must never become a formula, '001' never a number.
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    body = body_font()
    fmt_label = wb.add_format({"font_name": LABEL_FONT, "font_size": 16})
    fmt_title = wb.add_format(
        {
            "font_name": title_font(),
            "font_size": 20,
            "bold": True,
            "align": "center",
            "valign": "vcenter",
        }
    )
    fmt_header = wb.add_format(
        {
            "font_name": HEADER_FONT,
            "font_size": 12,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        }
    )
    fmt_info = wb.add_format({"font_name": body, "font_size": 12, "valign": "vcenter"})
    fmt_body = wb.add_format(
        {"font_name": body, "font_size": 11, "border": 1, "valign": "vcenter", "text_wrap": True}
    )

    ws = wb.add_worksheet(sheet)
    last_col = len(headers) - 1
    for col, width in enumerate(column_widths(headers)):
        ws.set_column(col, col, width)
    if label == "附件：":
        ws.write_string(0, 0, label, fmt_label)
    else:  # the return's line: 填报单位：…  填报时间：…, across the sheet
        ws.merge_range(0, 0, 0, last_col, label, fmt_info)
    ws.set_row(1, 36)
    ws.merge_range(1, 0, 1, last_col, title, fmt_title)
    ws.set_row(2, 24)
    for col, text in enumerate(headers):
        ws.write_string(2, col, text, fmt_header)
    for r, height in enumerate(heights):
        ws.set_row(FIRST_DATA_ROW + r, height)
    for col in range(MERGED_COLUMNS):
        for first, last in spans(rows, col):
            if first == last:
                ws.write_string(FIRST_DATA_ROW + first, col, texts[first][col], fmt_body)
            else:  # XlsxWriter gives every cell of the range the format: borders have no gaps
                ws.merge_range(
                    FIRST_DATA_ROW + first,
                    col,
                    FIRST_DATA_ROW + last,
                    col,
                    texts[first][col],
                    fmt_body,
                )
    for r, cells in enumerate(texts):
        for col in range(MERGED_COLUMNS, len(headers)):
            ws.write_string(FIRST_DATA_ROW + r, col, cells[col], fmt_body)
    # Manual breaks where a merged span can start its page (Excel, WPS and LibreOffice
    # honour them alongside fit-to-width).
    ws.set_h_pagebreaks([FIRST_DATA_ROW + b for b in breaks])

    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.center_horizontally()
    ws.repeat_rows(2)  # the header row on every printed page
    ws.fit_to_pages(1, 0)  # one page wide, as many long as needed (sets fitToPage)
    ws.set_footer("&C第 &P 页 共 &N 页")
    ws.freeze_panes(FIRST_DATA_ROW, 0)

    keys = wb.add_worksheet(KEY_SHEET)
    keys.very_hidden()
    keys.write_row(
        0, 0, [KEY_MAGIC, __version__, plan.name, datetime.now().isoformat(timespec="seconds")]
    )
    keys.write_row(1, 0, KEY_HEADER)
    for r, row in enumerate(rows):
        sub = row.sub
        keys.write_row(
            2 + r,
            0,
            [
                str(FIRST_DATA_ROW + r + 1),
                sub.key if sub else "",
                row.item.key if row.item else "",
                row.clause.key if row.clause else "",
                row.article.key,
                text_digest(sub.text) if sub else "",
                texts[r][4],
            ],
        )
    ws.activate()
    wb.close()
