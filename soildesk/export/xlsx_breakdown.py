"""任务分解表.xlsx exactly as the official attachment (FORMAT.md §2), written as
SpreadsheetML by sheet_xml (XlsxWriter's per-cell objects took longer than the whole
export may; openpyxl's merges are quadratic). A very hidden sheet carries each row's
stable keys so that a file coming back can be matched row by row."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import __version__
from ..domain import Node, PlanInfo, UnitInfo
from ..errors import ValidationError
from ..files import atomic_output
from ..gc_pause import collector_paused
from ..text_metrics import line_count
from .fonts import HEADER_FONT, LABEL_FONT, body_font, title_font
from .sheet_xml import CellStyle, PrintSetup, Workbook
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
    if Path(target).suffix.lower() != ".xlsx":  # WPS and Excel open a workbook by its name
        raise ValidationError(
            f"任务分解表导出为 Excel 工作簿，文件名要以 .xlsx 结尾，“{Path(target).name}”不是。"
            "请改为例如 任务分解表.xlsx；没有写入任何文件。"
        )
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
    """The workbook: `label` above the title (附件：, or the return's 填报单位 line).
    Written by sheet_xml: user text is always text, never a formula or a number."""
    wb = Workbook()
    body = body_font()
    s_label = wb.style(CellStyle(LABEL_FONT, 16))
    s_title = wb.style(CellStyle(title_font(), 20, bold=True, align="center", valign="center"))
    s_header = wb.style(
        CellStyle(HEADER_FONT, 12, border=True, align="center", valign="center", wrap=True)
    )
    s_info = wb.style(CellStyle(body, 12, valign="center"))
    s_body = wb.style(CellStyle(body, 11, border=True, valign="center", wrap=True))

    ws = wb.add_sheet(sheet)
    ncols = len(headers)
    ws.widths = list(column_widths(headers))
    if label == "附件：":
        ws.add_row(0, [(label, s_label)])
    else:  # the return's line: 填报单位：…  填报时间：…, across the sheet
        ws.add_row(0, [(label, s_info)] + [("", s_info)] * (ncols - 1))
        ws.merge(0, 0, 0, ncols - 1)
    ws.add_row(1, [(title, s_title)] + [("", s_title)] * (ncols - 1), 36)
    ws.merge(1, 0, 1, ncols - 1)
    ws.add_row(2, [(text, s_header) for text in headers], 24)
    # A merged 条/款/项 cell: its text in its first row, blank bordered cells below it.
    first_rows = []
    for col in range(MERGED_COLUMNS):
        runs = spans(rows, col)
        first_rows.append({first for first, _ in runs})
        for first, last in runs:
            if last > first:
                ws.merge(FIRST_DATA_ROW + first, col, FIRST_DATA_ROW + last, col)
    for r, (cells, height) in enumerate(zip(texts, heights, strict=True)):
        ws.add_row(
            FIRST_DATA_ROW + r,
            [
                (text if col >= MERGED_COLUMNS or r in first_rows[col] else "", s_body)
                for col, text in enumerate(cells)
            ],
            height,
        )
    # Manual breaks where a merged span can start its page (Excel, WPS and LibreOffice
    # honour them alongside fit-to-width); the header row on every printed page.
    ws.freeze_rows = FIRST_DATA_ROW
    ws.setup = PrintSetup(
        margins=(0.5, 0.5, 0.6, 0.7),
        repeat_rows=FIRST_DATA_ROW - 1,
        footer="&C第 &P 页 共 &N 页",
        breaks=[FIRST_DATA_ROW + b for b in breaks],
    )

    keys = wb.add_sheet(KEY_SHEET, very_hidden=True)
    made = datetime.now().isoformat(timespec="seconds")
    keys.add_row(0, [(t, 0) for t in (KEY_MAGIC, __version__, plan.name, made)])
    keys.add_row(1, [(t, 0) for t in KEY_HEADER])
    for r, row in enumerate(rows):
        sub = row.sub
        keys.add_row(
            2 + r,
            [
                (str(FIRST_DATA_ROW + r + 1), 0),
                (sub.key if sub else "", 0),
                (row.item.key if row.item else "", 0),
                (row.clause.key if row.clause else "", 0),
                (row.article.key, 0),
                (text_digest(sub.text) if sub else "", 0),
                (texts[r][4], 0),
            ],
        )
    wb.save(path)
