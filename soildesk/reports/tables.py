"""Tables without vertical spans: reportlab may break them between rows, repeating the
header row on every page. A row taller than a page is split here into continuation rows
marked （续） (reportlab's splitInRow left empty header rows at page ends)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from .common import HEADER_BG, Styles, fit_text, grid_commands, text_height, text_markup

PAD_X, PAD_Y = 3.0, 3.0
CONTINUED = "（续）"


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    centered: bool = False


def _split_row(
    cells: list[Cell], styles: Styles, widths: list[float], limit: float
) -> list[list[Cell]]:
    out = []
    while True:
        heights = [
            text_height(c.text, _style(c, styles), w - 2 * PAD_X)
            for c, w in zip(cells, widths, strict=True)
        ]
        if max(heights) + 2 * PAD_Y <= limit:
            out.append(cells)
            return out
        head, tail = [], []
        for c, w in zip(cells, widths, strict=True):
            part, rest = fit_text(
                c.text,
                lambda t, c=c, w=w: text_height(t, _style(c, styles), w - 2 * PAD_X),
                limit - 2 * PAD_Y,
            )
            head.append(Cell(part, c.centered))
            tail.append(Cell(f"{CONTINUED}{rest}" if rest else "", c.centered))
        out.append(head)
        cells = tail


def _style(cell: Cell, styles: Styles) -> ParagraphStyle:
    return styles.cell_center if cell.centered else styles.body


def simple_table(
    styles: Styles,
    header: list[str],
    rows: list[list[Cell]],
    widths: list[float],
    max_row_height: float,
    group: str = "",
) -> Table:
    """A table whose header row (and `group` heading, such as an article, spanning the
    full width) repeats on every page it reaches, so a heading never stands alone."""
    data: list[list[object]] = [[Paragraph(h, styles.header) for h in header]]
    commands = grid_commands(PAD_X, PAD_Y, styles.body.fontName)
    if group:
        data.append([Paragraph(text_markup(group), styles.group)] + [""] * (len(header) - 1))
        commands += [("SPAN", (0, 1), (-1, 1)), ("BACKGROUND", (0, 1), (-1, 1), HEADER_BG)]
    for row in rows:
        for part in _split_row(row, styles, widths, max_row_height):
            data.append([Paragraph(text_markup(c.text), _style(c, styles)) for c in part])
    return Table(data, colWidths=widths, repeatRows=2 if group else 1, style=TableStyle(commands))
