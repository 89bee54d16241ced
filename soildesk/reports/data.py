"""Everything a printed report reads, gathered once from the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..db.database import Database
from ..deadlines import propose_for
from ..domain import Node, PlanInfo, UnitInfo, subitems
from ..errors import ValidationError
from ..evidence import Attachment, EvidenceStore
from ..plans import PlanService
from ..progress import PeriodInfo, ProgressService
from ..task_state import TaskState, task_states
from ..units import UnitService


@dataclass
class ReportData:
    plan: PlanInfo
    roots: list[Node]
    period: PeriodInfo | None
    states: dict[int, TaskState]
    units: list[UnitInfo]
    evidence: dict[int, list[Attachment]]  # sub-item id -> attachments of the period
    _deadlines: dict[int, str] = field(default_factory=dict, repr=False)

    def subitems(self) -> list[Node]:
        return subitems(self.roots)

    def deadline_text(self, sub: Node) -> str:
        """The confirmed deadline; else the document's own words for it (its 完成时限
        column, or the words in the task that set a date): paper for the departments
        carries no guesses and no notes of the office's own. Found once per sub-item
        (every unit's duty sheet asks again)."""
        found = self._deadlines.get(sub.id)
        if found is None:
            found = self._deadlines[sub.id] = self._deadline_text(sub)
        return found

    def _deadline_text(self, sub: Node) -> str:
        state = self.states.get(sub.id)
        if state and state.deadline:
            return f"{state.deadline.due:%Y-%m-%d}"
        if sub.deadline_text.strip():
            return sub.deadline_text.strip()
        hint = propose_for(sub, self.plan.year)
        return hint.source if hint and hint.source else "—"

    def status_text(self, sub: Node) -> str:
        state = self.states.get(sub.id)
        return state.status.label if state and state.status else "未填报"


def gather(
    db: Database, plan: PlanInfo, period_name: str | None = None, today: date | None = None
) -> ReportData:
    progress = ProgressService(db)
    if period_name:
        period = progress.find_period(plan.id, period_name)
        if period is None:
            names = "、".join(p.name for p in progress.list_periods(plan.id))
            if not names:
                raise ValidationError(
                    f"找不到填报期“{period_name}”：该计划还没有填报期。"
                    "可以用 soildesk periods --plan 计划名称 --add 2024年上半年 添加，"
                    "或在窗口的“进展”菜单中添加。"
                )
            raise ValidationError(f"找不到填报期“{period_name}”。该计划的填报期：{names}")
    else:
        period = progress.current_period(plan.id)
    roots = PlanService(db).load_tree(plan.id)
    states = task_states(db, plan, roots, period, today or date.today())
    evidence: dict[int, list[Attachment]] = defaultdict(list)
    for att in EvidenceStore(db).list_for_plan(plan.id):
        if period is None or att.period_id in (period.id, None):
            evidence[att.node_id].append(att)
    units = [
        u
        for u in UnitService(db).list_units(plan.id)
        if u.lead_count + u.cooperate_count + u.other_count
    ]
    return ReportData(plan, roots, period, states, units, dict(evidence))
