"""Writing department packets: per unit, one workbook with only the sub-items it leads
or cooperates on, the structure locked, five fill-in columns, and a very hidden sheet
that carries the plan, period, keys, the values sent and the structure's checksum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from .. import __version__
from ..db import settings
from ..db.database import Database
from ..domain import Node, PlanInfo, UnitInfo, subitems
from ..duty_lines import lines_for_unit
from ..errors import ValidationError
from ..export.fonts import HEADER_FONT, body_font, title_font
from ..export.table import (
    MERGED_COLUMNS,
    TableRow,
    cell_texts,
    clean_text,
    spans,
    table_rows,
    unit_keeper,
)
from ..export.xlsx_breakdown import row_heights
from ..files import atomic_output, safe_filename
from ..progress import Progress
from ..reports.data import ReportData, gather
from ..text_metrics import line_count
from . import layout as L

WIDTHS = (10, 12, 20, 12, 24, 12, 28, 10, 30, 10, 12, 16, 12)
FILL_LINES = 3  # room to write in every row


@dataclass(frozen=True, slots=True)
class PacketFile:
    unit: UnitInfo
    path: Path
    rows: int


def export_packets(
    db: Database,
    plan: PlanInfo,
    period_name: str,
    folder: Path,
    unit_names: list[str] | None = None,
    today: date | None = None,
) -> list[PacketFile]:
    """One packet per unit that has sub-items (or per named unit) in `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from ..importing.safety import read_error

            raise ValidationError(f"无法建立文件夹 {folder}：{read_error(exc)}。") from exc
    data = gather(db, plan, period_name, today)
    assert data.period is not None
    units = data.units
    if unit_names:
        by_name = {u.name: u for u in units} | {a: u for u in units for a in u.aliases}
        missing = [n for n in unit_names if n not in by_name]
        if missing:
            raise ValidationError(
                f"计划“{plan.name}”中没有这些单位：{'、'.join(missing)}。"
                f"可选：{'、'.join(u.name for u in units)}"
            )
        units = list(dict.fromkeys(by_name[n] for n in unit_names))
    database_id = settings.read(db, "database_id")
    made = datetime.now().replace(microsecond=0)
    out = []
    for unit in units:
        rows = table_rows(data.roots, unit_keeper(unit.id))
        if not rows:
            continue
        path = folder / f"{safe_filename(unit.name)}.xlsx"
        with atomic_output(path) as tmp:
            write_packet(tmp, data, unit, rows, database_id, made)
        out.append(PacketFile(unit, path, len(rows)))
    if not out:
        raise ValidationError("所选单位在这个计划中没有牵头或配合的小项，没有生成填报表。")
    return out


def packet_sizes(roots: list[Node], units: list[UnitInfo]) -> list[tuple[UnitInfo, int]]:
    """The units that get a packet, with the rows each one's will hold."""
    subs = subitems(roots)
    out = []
    for unit in units:
        keep = unit_keeper(unit.id)
        count = sum(1 for s in subs if keep(s))
        if count:
            out.append((unit, count))
    return out


def structure_cells(data: ReportData, unit: UnitInfo, rows: list[TableRow]) -> list[list[str]]:
    """The locked cells of each row as the reader will see them: a merged range's text
    in its top cell only."""
    names = [unit.name, *unit.aliases]
    grid = []
    for row in rows:
        cells = list(cell_texts(row))
        sub = row.sub
        assert sub is not None
        mine, _found = lines_for_unit(sub.duties, names)
        cells[6] = "\n".join(mine)
        cells.append(data.deadline_text(sub))
        grid.append([clean_text(c)[0] for c in cells])
    for col in range(MERGED_COLUMNS):
        for first, last in spans(rows, col):
            for r in range(first + 1, last + 1):
                grid[r][col] = ""
    return grid


def fill_values(progress: Progress | None) -> list[str | date]:
    if progress is None:
        return ["", "", "", "", ""]
    return [
        progress.text,
        progress.status.label,
        progress.completed_on or "",
        progress.lag_reason,
        progress.note,
    ]


def write_packet(
    path: Path,
    data: ReportData,
    unit: UnitInfo,
    rows: list[TableRow],
    database_id: str,
    made: datetime,
) -> None:
    assert data.period is not None
    grid = structure_cells(data, unit, rows)
    sent = [fill_values(data.states[r.sub.id].progress if r.sub else None) for r in rows]
    texts = [
        [*cells, *(v.isoformat() if isinstance(v, date) else v for v in values)]
        for cells, values in zip(grid, sent, strict=True)
    ]
    # Heights from the whole text of merged cells (the grid holds it in the top cell).
    full = [list(t) for t in texts]
    heights = row_heights(rows, full, [], WIDTHS)
    heights = [max(h, FILL_LINES * 15.0 + 6) for h in heights]

    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    body = body_font()
    base = {"font_name": body, "font_size": 11, "border": 1, "valign": "vcenter", "text_wrap": True}
    fmt_locked = wb.add_format({**base, "bg_color": "#F2F2F2"})
    fmt_fill = wb.add_format({**base, "locked": False})
    fmt_status = wb.add_format({**base, "locked": False, "align": "center"})
    fmt_date = wb.add_format({**base, "locked": False, "num_format": "yyyy-mm-dd"})
    fmt_note = wb.add_format(
        {
            "font_name": body,
            "font_size": 11,
            "text_wrap": True,
            "valign": "top",
            "font_color": "#7f0000",
        }
    )
    fmt_title = wb.add_format(
        {
            "font_name": title_font(),
            "font_size": 18,
            "bold": True,
            "align": "center",
            "valign": "vcenter",
        }
    )
    fmt_info = wb.add_format({"font_name": body, "font_size": 12, "valign": "vcenter"})
    fmt_header = wb.add_format(
        {"font_name": HEADER_FONT, "font_size": 11, "border": 1, "align": "center",
         "valign": "vcenter", "text_wrap": True, "bg_color": "#D9D9D9"}
    )  # fmt: skip
    fmt_fill_header = wb.add_format(
        {"font_name": HEADER_FONT, "font_size": 11, "border": 1, "align": "center",
         "valign": "vcenter", "text_wrap": True, "bg_color": "#FFF2CC"}
    )  # fmt: skip

    ws = wb.add_worksheet(L.SHEET)
    last = len(L.COLUMNS) - 1
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    ws.set_row(L.NOTE_ROW, line_count(L.INSTRUCTIONS, sum(WIDTHS)) * 15.0 + 8)
    ws.merge_range(L.NOTE_ROW, 0, L.NOTE_ROW, last, L.INSTRUCTIONS, fmt_note)
    title = f"{data.plan.title or data.plan.name}　{data.period.name}进展填报表"
    ws.set_row(L.TITLE_ROW, 32)
    ws.merge_range(L.TITLE_ROW, 0, L.TITLE_ROW, last, title, fmt_title)
    info = f"填报单位：{unit.name}　　　填报期：{data.period.name}　　　共 {len(rows)} 项"
    ws.set_row(L.INFO_ROW, 22)
    ws.merge_range(L.INFO_ROW, 0, L.INFO_ROW, last, info, fmt_info)
    ws.set_row(L.HEADER_ROW, 30)
    for col, text in enumerate(L.COLUMNS):
        ws.write_string(
            L.HEADER_ROW, col, text, fmt_fill_header if col >= L.FIRST_FILL else fmt_header
        )

    top = L.FIRST_DATA_ROW
    for r, height in enumerate(heights):
        ws.set_row(top + r, height)
    for col in range(MERGED_COLUMNS):
        for first, last_row in spans(rows, col):
            text = texts[first][col]
            if first == last_row:
                ws.write_string(top + first, col, text, fmt_locked)
            else:
                ws.merge_range(top + first, col, top + last_row, col, text, fmt_locked)
    for r, cells in enumerate(texts):
        for col in range(MERGED_COLUMNS, L.STRUCTURE):
            ws.write_string(top + r, col, cells[col], fmt_locked)
        values = sent[r]
        for i, value in enumerate(values):
            col = L.FIRST_FILL + i
            if isinstance(value, date):
                ws.write_datetime(
                    top + r, col, datetime(value.year, value.month, value.day), fmt_date
                )
            else:
                fmt = fmt_status if i == 1 else fmt_date if i == 2 else fmt_fill
                if value:
                    ws.write_string(top + r, col, value, fmt)
                else:
                    ws.write_blank(top + r, col, None, fmt)
    end = top + len(rows) - 1
    ws.data_validation(
        top, L.FIRST_FILL + 1, end, L.FIRST_FILL + 1,
        {"validate": "list", "source": L.STATUS_CHOICES, "error_title": "完成状态",
         "error_message": "请从下拉列表中选择：已完成、推进中、未启动或滞后。"},
    )  # fmt: skip
    ws.data_validation(
        top, L.FIRST_FILL + 2, end, L.FIRST_FILL + 2,
        {"validate": "date", "criteria": "between", "minimum": datetime(2000, 1, 1),
         "maximum": datetime(2100, 12, 31), "error_title": "完成日期",
         "error_message": "请填写日期，例如 2024-06-30。",
         "input_title": "完成日期", "input_message": "已完成的填写完成日期，如 2024-06-30"},
    )  # fmt: skip
    ws.protect(
        "",
        {"format_rows": True, "format_columns": True, "select_locked_cells": True,
         "select_unlocked_cells": True},
    )  # fmt: skip
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.repeat_rows(L.HEADER_ROW)
    ws.fit_to_pages(1, 0)
    ws.set_footer(f"&C{unit.name}　第 &P 页 共 &N 页")
    ws.freeze_panes(L.FIRST_DATA_ROW, 0)
    ws.print_row_col_headers()  # the row numbers evidence files are named by, on paper too

    meta = [
        L.MAGIC, L.FORMAT_VERSION, database_id, data.plan.name, data.period.name,
        unit.name, str(unit.id), made.isoformat(), __version__,
    ]  # fmt: skip
    keyed = [
        [r.sub.key if r.sub else "", L.row_digests(cells)]
        for r, cells in zip(rows, grid, strict=True)
    ]
    keys = wb.add_worksheet(L.KEY_SHEET)
    keys.very_hidden()
    keys.write_row(0, 0, meta)
    keys.write_row(1, 0, ["checksum", L.checksum(meta, keyed)])
    keys.write_row(2, 0, ["行号", "小项键", "结构指纹", *(f"发出时{h}" for h in L.FILL)])
    for r, (key, digests) in enumerate(keyed):
        values = [v.isoformat() if isinstance(v, date) else v for v in sent[r]]
        keys.write_row(3 + r, 0, [str(top + r + 1), key, digests, *values])
    ws.activate()
    wb.close()
