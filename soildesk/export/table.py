"""The breakdown as the seven-column table of the official attachment (FORMAT.md §2):
one row per sub-item, with the spans of the article, clause and item cells. Shared by
the Excel export and the printed table."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from ..domain import Level, Node, PlanInfo
from ..unit_text import unit_cell

HEADER = ("条内容", "款内容", "项内容", "责任单位", "小项内容", "责任单位", "具体工作内容")
MERGED_COLUMNS = 4  # 条, 款, 项 and the item's 责任单位 span their sub-items
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class TableRow:
    article: Node
    clause: Node | None
    item: Node | None
    sub: Node | None

    def nodes(self) -> tuple[Node | None, ...]:
        return (self.article, self.clause, self.item, self.item, self.sub, self.sub, self.sub)


def cell_texts(row: TableRow) -> tuple[str, ...]:
    a, c, i, s = row.article, row.clause, row.item, row.sub
    return (
        a.display,
        c.display if c else "",
        i.display if i else "",
        unit_cell(i) if i else "",
        s.display if s else "",
        unit_cell(s, s.number) if s else "",
        s.duties if s else "",
    )


DEADLINE_HEADER, REMARK_HEADER = "完成时限", "备注"


def extra_headers(plan: PlanInfo, rows: list[TableRow]) -> list[str]:
    """The document's columns beyond the seven, in its order: 完成时限 and 备注 when any
    sub-item has one, then every other column the table carried."""
    subs = [r.sub for r in rows if r.sub is not None]
    out = []
    if any(s.deadline_text for s in subs):
        out.append(DEADLINE_HEADER)
    if any(s.remark for s in subs):
        out.append(REMARK_HEADER)
    others = list(plan.extra_columns)
    for s in subs:  # a column the plan does not list (edited in since) is still written
        others.extend(k for k in s.extras if k not in others)
    out.extend(k for k in others if k not in out and any(k in s.extras for s in subs))
    return out


def extra_texts(row: TableRow, headers: list[str]) -> list[str]:
    s = row.sub
    if s is None:
        return [""] * len(headers)
    named = {DEADLINE_HEADER: s.deadline_text, REMARK_HEADER: s.remark}
    return [named[h] if h in named else s.extras.get(h, "") for h in headers]


def table_rows(roots: list[Node], keep: Callable[[Node], bool] | None = None) -> list[TableRow]:
    """Flatten the tree. A node without children still gets a row. With `keep`, only
    the sub-items it keeps (and their parents) appear."""
    rows: list[TableRow] = []
    for a in roots:
        for c in a.children or [None]:
            for i in (c.children if c else None) or [None]:
                for s in (i.children if i else None) or [None]:
                    if keep is None or (s is not None and keep(s)):
                        rows.append(TableRow(a, c, i, s))
    return rows


def spans(rows: list[TableRow], column: int) -> list[tuple[int, int]]:
    """(first, last) row index of each run of one node in a merged column."""
    nodes = list(map(attrgetter(_FIELDS[column]), rows))
    out: list[tuple[int, int]] = []
    start = 0
    for r in range(1, len(nodes)):
        if nodes[r] is not nodes[start]:
            out.append((start, r - 1))
            start = r
    if nodes:
        out.append((start, len(nodes) - 1))
    return out


_FIELDS = ("article", "clause", "item", "item", "sub", "sub", "sub")  # as TableRow.nodes()


def unit_keeper(unit_id: int) -> Callable[[Node], bool]:
    """A sub-item belongs to a unit's part when it names the unit, or when it names no
    units and its item does."""

    def keep(sub: Node) -> bool:
        named = sub.units or (
            sub.parent.units if sub.parent and sub.parent.level == Level.ITEM else []
        )
        return any(u.unit_id == unit_id for u in named)

    return keep


def clean_text(text: str) -> tuple[str, bool]:
    """Word's vertical tab is a line break; other control characters cannot be stored
    in a workbook. Returns (text, whether anything was changed)."""
    if "\r" not in text and "\x0b" not in text and not _CONTROL.search(text):
        return text, False  # nearly every cell
    fixed = _CONTROL.sub("", text.replace("\x0b", "\n").replace("\r\n", "\n").replace("\r", "\n"))
    return fixed, fixed != text
