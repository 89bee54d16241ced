"""Who has not answered in a period: units with sub-items whose packet has not come
back, or came back with rows left empty; the printable 催办单 and a short text to paste
into a message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..db.database import Database
from ..domain import PlanInfo, UnitInfo
from ..export.table import table_rows, unit_keeper
from ..plans import PlanService
from ..progress import PeriodInfo
from ..units import UnitService


@dataclass(frozen=True, slots=True)
class Missing:
    unit: UnitInfo
    rows: int  # sub-items the unit's packet asks about
    answered: int | None  # rows filled in its latest packet; None: no packet came back
    received_at: str = ""
    undecided: int = 0  # answers left open in review (a conflict or a mistake)

    @property
    def what(self) -> str:
        if self.answered is None:
            return f"未报送（{self.rows} 项）"
        parts = []
        if self.answered < self.rows:
            parts.append(f"{self.rows - self.answered} 项未填写")
        if self.undecided:
            parts.append(f"{self.undecided} 项待核对（冲突或填写有误）")
        return f"已报送，{'，'.join(parts)}（共 {self.rows} 项）"


def missing_units(db: Database, plan: PlanInfo, period: PeriodInfo) -> list[Missing]:
    roots = PlanService(db).load_tree(plan.id)
    with db.read() as cur:
        latest = {
            unit_id: (answered, rows, at)
            for unit_id, answered, rows, at in cur.execute(
                "SELECT unit_id, answered, rows, received_at FROM packet_receipt "
                "WHERE period_id = ? ORDER BY received_at, id",
                (period.id,),
            )
        }
    from .receipts import answered_keys, open_answers

    undecided: dict[int, int] = {}
    for r in open_answers(db, period.id):
        undecided[r.unit_id] = undecided.get(r.unit_id, 0) + 1
    answered = answered_keys(db, period.id)  # over all its packets, not the latest alone
    out = []
    for unit in UnitService(db).list_units(plan.id):
        rows = table_rows(roots, unit_keeper(unit.id))
        if not rows:
            continue
        got = latest.get(unit.id)
        if got is None:
            out.append(Missing(unit, len(rows), None))
            continue
        keys = {r.sub.key for r in rows if r.sub is not None}
        done = len(keys & answered.get(unit.id, set()))
        if done < len(keys) or undecided.get(unit.id):
            out.append(Missing(unit, len(keys), done, str(got[2])[:16], undecided.get(unit.id, 0)))
    return out


def reminder_text(
    plan: PlanInfo, period: PeriodInfo, rows: list[Missing], due: str | None = None
) -> str:
    """A few lines to paste into a message to the departments."""
    when = f"请于{due}前" if due else "请尽快"
    lines = [
        f"【催办】{plan.title or plan.name}{period.name}进展填报：",
        f"以下单位的填报表尚未报送或有未填写的项目，{when}填好报回（佐证材料一并报送）：",
    ]
    lines += [f"{n}．{r.unit.name}：{r.what}" for n, r in enumerate(rows, start=1)]
    lines.append("谢谢支持！")
    return "\n".join(lines)


def print_reminder(
    target: Path,
    plan: PlanInfo,
    period: PeriodInfo,
    rows: list[Missing],
    due: str | None = None,
    printed_on: date | None = None,
) -> int:
    """催办单 as a PDF (portrait A4): one line per unit, with room to note the call."""
    from ..reports.flow import Block, Para, Space, flow
    from ..reports.fonts import choose_fonts
    from ..reports.page import paper
    from ..reports.pdf_paint import write_pdf
    from ..reports.setting import Styles
    from ..reports.tables import Cell, simple_table

    styles = Styles(choose_fonts())
    day = printed_on or date.today()
    when = f"请于{due}前报送。" if due else "请尽快报送。"
    story: list[Block] = [
        Para("进展填报催办单", styles.title, after=4),
        Para(
            f"{plan.title or plan.name}　填报期：{period.name}　{day:%Y年%m月%d日}",
            styles.subtitle,
        ),
        Space(6),
        Para(f"以下单位的填报表尚未报送或有未填写的项目，{when}", styles.body),
        Space(6),
    ]
    table = [
        [
            Cell(str(n), True),
            Cell(r.unit.name),
            Cell(r.what),
            Cell(r.received_at or "—", True),
            Cell(""),
        ]
        for n, r in enumerate(rows, start=1)
    ]
    header = ["序号", "单位", "情况", "上次报送", "催办记录"]
    story.append(simple_table(header, table, (0.06, 0.22, 0.36, 0.16, 0.20)))
    doc = flow(story, paper("A4", landscape=False), styles, f"{period.name}催办单", day)
    return write_pdf(doc, Path(target))
