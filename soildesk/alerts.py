"""The two warnings offices use: by deadline (逾期 / 临近 / 正常) and by lag (序时进度: a
task still 未启动 when the time elapsed says it should have begun)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .progress import Status

DUE_SOON_DAYS = 30
LAG_AFTER = 1 / 3  # 未启动 after a third of the time to its deadline has passed


class DeadlineState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OK = "ok"

    @property
    def label(self) -> str:
        return {"overdue": "逾期", "due_soon": "临近", "ok": "正常"}[self.value]

    @property
    def color(self) -> str:
        return {"overdue": "#c62828", "due_soon": "#f9a825", "ok": "#2e7d32"}[self.value]


def deadline_state(
    due: date | None, status: Status | None, today: date, soon_days: int = DUE_SOON_DAYS
) -> DeadlineState | None:
    if due is None or status == Status.DONE:
        return None if due is None else DeadlineState.OK
    if today > due:
        return DeadlineState.OVERDUE
    if (due - today).days <= soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.OK


def is_lagging(status: Status | None, start: date, due: date | None, today: date) -> bool:
    """序时进度: declared 滞后, or not started (or never reported) after LAG_AFTER of the
    time from the plan's start to the deadline."""
    if status == Status.LAGGING:
        return True
    if due is None or status in (Status.DONE, Status.ONGOING) or due <= start:
        return False
    elapsed = (today - start).days / (due - start).days
    return elapsed >= LAG_AFTER


@dataclass(frozen=True, slots=True)
class NodeAlert:
    deadline: DeadlineState | None
    lagging: bool

    @property
    def any(self) -> bool:
        return self.lagging or self.deadline in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON)


def alert_for(status: Status | None, start: date, due: date | None, today: date) -> NodeAlert:
    return NodeAlert(deadline_state(due, status, today), is_lagging(status, start, due, today))
