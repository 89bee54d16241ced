"""The progress report of a period: the counts per status on top, then the sub-items
grouped by article with status, progress text and the names of the evidence files."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain import Node
from ..overview import COLUMN_LABELS, COLUMNS, by_article
from ..unit_text import unit_cell
from .data import ReportData
from .flow import Block, Para, Space
from .setting import Styles
from .tables import Cell, simple_table

HEADER = ["序号", "小项内容", "责任单位", "完成时限", "状态", "进展情况", "佐证材料"]
WIDTHS = (0.05, 0.25, 0.13, 0.09, 0.07, 0.24, 0.17)


def progress_blocks(data: ReportData, styles: Styles, line: str = "") -> Iterator[Block]:
    """The heading, then one table per article, made as the layout reaches it."""
    period = data.period.name if data.period else "（未设置填报期）"
    totals = {c: 0 for c in COLUMNS}
    for row in by_article(data.roots, data.states):
        for c in COLUMNS:
            totals[c] += row.count(c)
    counts = (
        "　".join(f"{COLUMN_LABELS[c]} {totals[c]}" for c in COLUMNS)
        + f"　合计 {sum(totals.values())}"
    )
    yield Para(f"{data.plan.name}进展情况", styles.title, after=4)
    yield Para(f"填报期：{period}", styles.subtitle)
    yield Para(counts, styles.subtitle, after=2)
    if line:
        yield Para(line, styles.line, after=2)
    yield Space(4)
    by_root: dict[int, list[Node]] = {}
    for sub in data.subitems():  # grouped once (walking the tree per article took seconds)
        by_root.setdefault(id(_article(sub)), []).append(sub)
    n = 0
    for article in data.roots:
        rows: list[list[Cell]] = []
        for sub in by_root.get(id(article), []):
            n += 1
            state = data.states.get(sub.id)
            record = state.progress if state else None
            text = record.text if record else ""
            if record and record.lag_reason:
                text += f"\n滞后原因：{record.lag_reason}"
            files = "\n".join(a.original_name for a in data.evidence.get(sub.id, []))
            rows.append(
                [
                    Cell(str(n), True),
                    Cell(sub.display),
                    Cell(unit_cell(sub, sub.number)),
                    Cell(data.deadline_text(sub)),
                    Cell(data.status_text(sub), True),
                    Cell(text),
                    Cell(files),
                ]
            )
        if rows:
            yield simple_table(HEADER, rows, WIDTHS, article.display)


def _article(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node
