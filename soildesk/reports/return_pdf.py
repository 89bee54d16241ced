"""进展情况表 as PDF: the same cells as the return's workbook (returns.return_cells),
under its title and 填报单位 / 填报时间 line, grouped by article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain import Node
from ..returns import office_line, return_cells, return_title
from ..unit_text import unit_cell
from .data import ReportData
from .flow import Block, Para, Space
from .fonts import choose_fonts
from .page import paper
from .pdf_paint import write_pdf
from .setting import Styles
from .tables import Cell, simple_table

HEADER = ["序号", "小项内容", "责任单位", "完成时限", "进展情况", "完成状态", "佐证材料", "备注"]
WIDTHS = (0.045, 0.24, 0.12, 0.08, 0.24, 0.065, 0.12, 0.09)


def print_return(
    target: Path, data: ReportData, office: str, day: date, *, landscape_mode: bool = True
) -> int:
    from .flow import flow

    assert data.period is not None
    styles = Styles(choose_fonts())
    tables: list[Block] = []
    n = 0
    for article in data.roots:
        rows: list[list[Cell]] = []
        for sub in _subs(article):
            n += 1
            deadline, text, status, files, note = return_cells(data, sub)
            rows.append(
                [
                    Cell(str(n), True),
                    Cell(sub.display),
                    Cell(unit_cell(sub, sub.number)),
                    Cell(deadline),
                    Cell(text),
                    Cell(status, True),
                    Cell(files),
                    Cell(note),
                ]
            )
        if rows:
            tables.append(simple_table(HEADER, rows, WIDTHS, article.display))
    title = return_title(data.plan, data.period.name)
    story: list[Block] = [
        Para(title, styles.title, after=4),
        Para(office_line(office, day), styles.line, after=2),
        Space(4),
        *tables,
    ]
    doc = flow(story, paper("A4", landscape_mode), styles, title, day)
    return write_pdf(doc, Path(target))


def _subs(article: Node) -> list[Node]:
    stack: list[Node] = [article]
    out: list[Node] = []
    while stack:
        node = stack.pop()
        if node.level == 4:
            out.append(node)
        stack.extend(reversed(node.children))
    return out
