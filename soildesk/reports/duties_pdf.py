"""责任清单: for one unit (or every unit, each from a new page) every sub-item it leads or
cooperates on, its role, its own duty lines, the deadline and the current status."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain import ROLE_LABELS, Level, Node, UnitInfo
from ..duty_lines import lines_for_unit
from ..export.table import unit_keeper
from .data import ReportData
from .flow import Block, NewPage, Para, Space
from .setting import Styles
from .tables import Cell, simple_table

HEADER = ["序号", "所属条款", "小项内容", "分工", "本单位具体工作", "完成时限", "本期状态"]
WIDTHS = (0.05, 0.16, 0.25, 0.07, 0.29, 0.09, 0.09)


def _path(sub: Node) -> str:
    parts, n = [], sub.parent
    while n is not None:
        parts.append(n.number or n.text[:12] + ("…" if len(n.text) > 12 else ""))
        n = n.parent
    return " ".join(reversed(parts))


def _roles(sub: Node, unit: UnitInfo) -> str:
    named = sub.units or (sub.parent.units if sub.parent and sub.level is Level.SUBITEM else [])
    roles = []
    for link in named:
        if link.unit_id == unit.id and ROLE_LABELS[link.role] not in roles:
            roles.append(ROLE_LABELS[link.role])
    return "、".join(roles)


def _entries(data: ReportData, unit: UnitInfo) -> list[Node]:
    """The unit's sub-items, in the table's order; and an item that names the unit
    while none of its sub-items does (a department named only in the item's 责任单位
    got an empty sheet): the item itself, so every department sees what names it."""
    keep = unit_keeper(unit.id)
    out: list[Node] = []
    stack = list(reversed(data.roots))
    while stack:
        node = stack.pop()
        if node.level is Level.SUBITEM:
            if keep(node):
                out.append(node)
            continue
        named = node.level is Level.ITEM and any(u.unit_id == unit.id for u in node.units)
        if named and not any(keep(c) for c in node.children if c.level is Level.SUBITEM):
            out.append(node)
            continue
        stack.extend(reversed(node.children))
    return out


def unit_section(
    data: ReportData, unit: UnitInfo, subs: list[Node], styles: Styles, line: str = ""
) -> list[Block]:
    """One unit's sheet over its entries (_entries)."""
    names = [unit.name, *unit.aliases]
    rows = []
    for n, sub in enumerate(subs, start=1):
        if sub.level is Level.ITEM:
            rows.append(
                [
                    Cell(str(n), True),
                    Cell(_path(sub)),
                    Cell(f"（项）{sub.display}"),
                    Cell(_roles(sub, unit), True),
                    Cell("列于该项的责任单位，未分到具体小项"),
                    Cell("—"),
                    Cell("—", True),
                ]
            )
            continue
        lines, own = lines_for_unit(sub.duties, names)
        duty = "\n".join(lines) if own else ("（全文）" + lines[0] if lines else "")
        rows.append(
            [
                Cell(str(n), True),
                Cell(_path(sub)),
                Cell(sub.display),
                Cell(_roles(sub, unit), True),
                Cell(duty),
                Cell(data.deadline_text(sub)),
                Cell(data.status_text(sub), True),
            ]
        )
    period = f"　填报期：{data.period.name}" if data.period else ""
    story: list[Block] = [
        Para(f"{unit.name}责任清单", styles.title, after=4),
        Para(f"{data.plan.name}{period}　共 {len(subs)} 项", styles.subtitle, after=2),
    ]
    if line:
        story.append(Para(line, styles.line, after=2))
    story.append(Space(4))
    if rows:
        story.append(simple_table(HEADER, rows, WIDTHS))
    return story


def duties_blocks(
    data: ReportData, units: list[UnitInfo], styles: Styles, line: str = ""
) -> Iterator[Block]:
    """Each unit's sheet from a new page, numbered from its own page 1 and named in its
    footer. Made as the layout reaches it (a newer choice stops the layout between
    units); with several units, one with nothing in this plan (or in the view printed)
    gets no empty sheet."""
    for unit in units:
        subs = _entries(data, unit)  # walked once per unit
        if len(units) > 1 and not subs:
            continue
        yield NewPage(section=True, label=f"{unit.name}责任清单")
        yield from unit_section(data, unit, subs, styles, line)
