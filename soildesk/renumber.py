"""Numbers that follow position (编号随位置更新, 重新编号).

Each node's number keeps its own style (一、 （一） 1、 （1） 1．, spaces and all); only the
numeral changes. A node without a number takes its siblings' style; siblings none of
which has a number (an item's only sub-item, items in most documents) stay unnumbered. A 责任单位
cell that opens with its sub-item's number (1、水利局牵头…) follows the new number."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .db.lazy import m, sa
from .domain import Level
from .numbering import chinese_numeral, number_key, split_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_NUMERAL = re.compile(r"[〇零一二三四五六七八九十百]+|\d+")


def restyle(template: str, n: int) -> str:
    """`template`'s numbering with the n-th numeral: ('（三）', 1) -> '（一）'."""
    m = _NUMERAL.search(template)
    if m is None:
        return template
    numeral = str(n) if m.group().isdigit() else chinese_numeral(n)
    return template[: m.start()] + numeral + template[m.end() :]


def numbered(level: Level, numbers: list[str]) -> list[str]:
    """The numbers of one parent's children, in order, after renumbering."""
    template = next((x for x in numbers if _NUMERAL.search(x)), None)
    if template is None:
        return numbers  # a level the document left unnumbered here stays so
    return [restyle(x if _NUMERAL.search(x) else template, i) for i, x in enumerate(numbers, 1)]


def follow_cell(cell: str, old: str, new: str) -> str:
    """A 责任单位 cell that starts with the sub-item's old number starts with the new."""
    head, rest = split_number(cell)
    if old and head and number_key(head) == number_key(old):
        return new + rest
    return cell


def renumber_plan(s: Session, plan_id: int) -> None:
    rows = s.execute(
        sa.select(
            m.NodeRow.id,
            m.NodeRow.parent_id,
            m.NodeRow.level,
            m.NodeRow.number,
            m.NodeRow.units_text,
        )
        .where(m.NodeRow.plan_id == plan_id)
        .order_by(m.NodeRow.parent_id, m.NodeRow.position)
    ).all()
    groups: dict[int | None, list] = {}
    for row in rows:
        groups.setdefault(row.parent_id, []).append(row)
    changes = []
    for children in groups.values():
        new_numbers = numbered(Level(children[0].level), [r.number for r in children])
        for row, new in zip(children, new_numbers, strict=True):
            if new != row.number:
                cell = (
                    follow_cell(row.units_text, row.number, new)
                    if row.level == 4
                    else row.units_text
                )
                changes.append({"nid": row.id, "number": new, "units_text": cell})
    if changes:
        table = m.NodeRow.__table__
        s.connection().execute(
            table.update()
            .where(table.c.id == sa.bindparam("nid"))
            .values(number=sa.bindparam("number"), units_text=sa.bindparam("units_text")),
            changes,
        )


def renumber_if_following(s: Session, plan_id: int) -> None:
    if s.scalar(sa.select(m.PlanRow.auto_number).where(m.PlanRow.id == plan_id)):
        renumber_plan(s, plan_id)
