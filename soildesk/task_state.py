"""Where each sub-item stands in a period: status, deadline, warnings, evidence count.
One computation for the tree, the overview and the printed reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .alerts import NodeAlert, alert_for
from .db.database import Database
from .domain import Level, Node, PlanInfo
from .evidence import EvidenceStore
from .progress import Deadline, PeriodInfo, Progress, ProgressService, Status


@dataclass(frozen=True, slots=True)
class TaskState:
    progress: Progress | None
    deadline: Deadline | None  # the sub-item's own, else its item's
    alert: NodeAlert
    evidence: int
    in_period: bool = True  # False while the plan has no reporting period to report for

    @property
    def status(self) -> Status | None:
        return self.progress.status if self.progress else None

    @property
    def status_label(self) -> str:
        if self.progress:
            return self.progress.status.label
        return "未填报" if self.in_period else "无填报期"


def plan_start(plan: PlanInfo, periods: list[PeriodInfo]) -> date | None:
    """When the clock of 序时进度 starts: the first period, else 1 January of the plan year."""
    if periods:
        return min(p.start for p in periods)
    return date(plan.year, 1, 1) if plan.year else None


def task_states(
    db: Database, plan: PlanInfo, roots: list[Node], period: PeriodInfo | None, today: date
) -> dict[int, TaskState]:
    progress = ProgressService(db)
    records = progress.progress_for(period.id) if period else {}
    deadlines = progress.deadlines(plan.id)
    evidence = EvidenceStore(db).counts(plan.id)
    start = plan_start(plan, progress.list_periods(plan.id))
    out: dict[int, TaskState] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.level != Level.SUBITEM:
            continue
        deadline = deadlines.get(node.id) or (
            deadlines.get(node.parent.id) if node.parent else None
        )
        record = records.get(node.id)
        due = deadline.due if deadline else None
        alert = (
            alert_for(record.status if record else None, start or today, due, today)
            if due
            else NodeAlert(None, bool(record and record.status == Status.LAGGING))
        )
        out[node.id] = TaskState(
            record, deadline, alert, evidence.get(node.id, 0), period is not None
        )
    return out
