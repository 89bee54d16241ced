"""Progress at a glance: for each article, clause and item, how its sub-items stand in
the period (one walk of the tree; the views and reports read the same counts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from .domain import Level, Node
from .progress import STATUS_LABELS, Status
from .task_state import TaskState


@dataclass(frozen=True, slots=True)
class Rollup:
    total: int
    by_status: Mapping[Status | None, int]  # None: not reported this period
    warned: int  # overdue, due soon or lagging by elapsed time

    @property
    def done(self) -> int:
        return self.by_status.get(Status.DONE, 0)

    @property
    def label(self) -> str:
        """Short, for a narrow column: 完成 3/5 · 滞后 1."""
        parts = [f"完成 {self.done}/{self.total}"]
        lagging = self.by_status.get(Status.LAGGING, 0)
        if lagging:
            parts.append(f"滞后 {lagging}")
        if self.warned:
            parts.append(f"预警 {self.warned}")
        return " · ".join(parts)

    @property
    def detail(self) -> str:
        lines = [f"共 {self.total} 个小项"]
        for status in Status:
            if self.by_status.get(status):
                lines.append(f"{STATUS_LABELS[status]}：{self.by_status[status]}")
        if self.by_status.get(None):
            lines.append(f"本期未填报：{self.by_status[None]}")
        if self.warned:
            lines.append(f"有预警（逾期、临近或序时滞后）：{self.warned}")
        return "\n".join(lines)

    @property
    def color(self) -> str | None:
        """A dot's colour: green when all are done, red when any lags or is warned."""
        if self.total and self.done == self.total:
            return Status.DONE.color
        if self.warned or self.by_status.get(Status.LAGGING):
            return Status.LAGGING.color
        return None


def rollups(roots: list[Node], states: Mapping[int, TaskState]) -> dict[int, Rollup]:
    """node id -> the roll-up of every sub-item below it (articles, clauses, items)."""
    out: dict[int, Rollup] = {}

    def walk(node: Node) -> tuple[Counter, int, int]:
        if node.level == Level.SUBITEM:
            state = states.get(node.id)
            status = state.status if state else None
            return Counter({status: 1}), 1, int(bool(state and state.alert.any))
        counts: Counter = Counter()
        total = warned = 0
        for child in node.children:
            c, t, w = walk(child)
            counts.update(c)
            total += t
            warned += w
        out[node.id] = Rollup(total, dict(counts), warned)
        return counts, total, warned

    for root in roots:
        walk(root)
    return out
