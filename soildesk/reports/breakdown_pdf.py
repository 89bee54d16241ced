"""The breakdown table as a printed document: title, the seven columns of FORMAT.md §2,
条/款/项 and the item's 责任单位 drawn as spans over their sub-items (reports/grid.py
keeps a span within a page and continues it with （续）)."""

from __future__ import annotations

from ..domain import Node, PlanInfo, UnitInfo
from ..export.table import HEADER, MERGED_COLUMNS, cell_texts, table_rows, unit_keeper
from .flow import Block, Para
from .grid import CONTINUED, Column, Grid
from .setting import Styles

WIDTHS = (0.085, 0.105, 0.2, 0.11, 0.2, 0.11, 0.19)
__all__ = ["CONTINUED", "breakdown_blocks", "breakdown_grid"]


def breakdown_grid(roots: list[Node], unit: UnitInfo | None = None) -> Grid:
    rows = table_rows(roots, unit_keeper(unit.id) if unit else None)
    return Grid(
        [Column(h, w) for h, w in zip(HEADER, WIDTHS, strict=True)],
        [cell_texts(r) for r in rows],
        [tuple(n.id if n else None for n in r.nodes()[:MERGED_COLUMNS]) for r in rows],
        MERGED_COLUMNS,
    )


def breakdown_blocks(
    plan: PlanInfo, roots: list[Node], unit: UnitInfo | None, styles: Styles, line: str = ""
) -> list[Block]:
    title = plan.title or f"{plan.name}任务分解表"
    if unit:
        title = f"{title}（{unit.name}）"
    blocks: list[Block] = [Para(title, styles.title, after=4 if line else 8)]
    if line:
        blocks.append(Para(line, styles.line, after=4))
    grid = breakdown_grid(roots, unit)
    if not grid.rows:
        blocks.append(Para("（没有可打印的内容）", styles.subtitle))
    else:
        blocks.append(grid)
    return blocks
