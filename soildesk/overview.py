"""Counts of sub-items in each status for a period, per unit and per article."""

from __future__ import annotations

from dataclasses import dataclass, field

from .domain import Node, UnitInfo, subitems
from .progress import Status
from .task_state import TaskState

NOT_REPORTED = "none"
COLUMNS: tuple[str, ...] = (*(s.value for s in Status), NOT_REPORTED)
COLUMN_LABELS = {**{s.value: s.label for s in Status}, NOT_REPORTED: "未填报"}


@dataclass(slots=True)
class CountRow:
    label: str
    ids: dict[str, set[int]] = field(default_factory=lambda: {c: set() for c in COLUMNS})

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.ids.values())

    def count(self, column: str) -> int:
        return len(self.ids[column])

    def all_ids(self) -> set[int]:
        return set().union(*self.ids.values())


def _column(state: TaskState | None) -> str:
    return state.status.value if state and state.status else NOT_REPORTED


def by_article(roots: list[Node], states: dict[int, TaskState]) -> list[CountRow]:
    rows = []
    for article in roots:
        row = CountRow(article.display)
        for sub in subitems([article]):
            row.ids[_column(states.get(sub.id))].add(sub.id)
        rows.append(row)
    return rows


def by_unit(
    roots: list[Node], states: dict[int, TaskState], units: list[UnitInfo]
) -> list[CountRow]:
    """A sub-item counts for every unit it names (or its item names, when it names none)."""
    rows = {u.id: CountRow(u.name) for u in units}
    for sub in subitems(roots):
        named = sub.units or (sub.parent.units if sub.parent else [])
        for unit_id in {u.unit_id for u in named}:
            if unit_id in rows:
                rows[unit_id].ids[_column(states.get(sub.id))].add(sub.id)
    return [r for r in rows.values() if r.total]
