"""责任清单: for one unit (or every unit, each from a new page) every sub-item it leads or
cooperates on, its role, its own duty lines, the deadline and the current status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.platypus import PageBreak, Paragraph, Spacer

from ..domain import ROLE_LABELS, Node, UnitInfo
from ..duty_lines import lines_for_unit
from ..export.table import unit_keeper
from .common import SectionStart, Styles, build_pdf, frame_size, text_markup
from .data import ReportData
from .fonts import choose_fonts
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
    named = sub.units or (sub.parent.units if sub.parent else [])
    roles = []
    for link in named:
        if link.unit_id == unit.id and ROLE_LABELS[link.role] not in roles:
            roles.append(ROLE_LABELS[link.role])
    return "、".join(roles)


def unit_section(
    data: ReportData, unit: UnitInfo, styles: Styles, width: float, height: float
) -> list:
    keep = unit_keeper(unit.id)
    subs = [s for s in data.subitems() if keep(s)]
    names = [unit.name, *unit.aliases]
    rows = []
    for n, sub in enumerate(subs, start=1):
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
    story = [
        Paragraph(text_markup(f"{unit.name}责任清单"), styles.title),
        Paragraph(text_markup(f"{data.plan.name}{period}　共 {len(subs)} 项"), styles.subtitle),
        Spacer(1, 4),
    ]
    if rows:
        story.append(simple_table(styles, HEADER, rows, [width * w for w in WIDTHS], height * 0.8))
    return story


def print_duties(target: Path, data: ReportData, units: list[UnitInfo], *, landscape_mode: bool = True,
                 printed_on: date | None = None) -> int:  # fmt: skip
    styles = Styles(choose_fonts())
    width, height = frame_size(landscape_mode)
    story: list = []
    for n, unit in enumerate(units):
        if n:
            story.append(PageBreak())
        story.append(SectionStart())  # each unit's sheet counts from its own page 1
        story.extend(unit_section(data, unit, styles, width, height))
    title = f"{data.plan.name}责任清单"
    return build_pdf(
        Path(target),
        story,
        landscape_mode=landscape_mode,
        title=title,
        printed_on=printed_on,
    )
