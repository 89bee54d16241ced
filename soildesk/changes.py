"""Change records: what one edit did to the stored rows, in its one transaction.

Every edit service returns a Change. It lists each row the transaction inserted, updated
or deleted, with the row before and after (written by SQLite triggers, so nothing an
edit touches is missed: cascades, position shifts, units made on the way). Undo applies
its inverse, redo applies it again; the views, the history of changes and the packet
review read from it what happened to which node."""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass, field
from datetime import datetime

# Node columns that are the words of a row (not its place in the tree).
NODE_WORDS = (
    "number", "text", "duties", "units_raw", "units_text", "deadline_text", "remark", "extras",
)  # fmt: skip
# Rows that hang on a node: a change of one of these changes what the node shows.
NODE_DEPENDENTS = ("node_unit", "progress", "deadline", "attachment")
UNIT_TABLES = ("unit", "unit_alias")


@dataclass(frozen=True, slots=True)
class RowChange:
    table: str
    row_id: int
    before: dict | None  # None: the row was inserted
    after: dict | None  # None: the row was deleted

    def inverse(self) -> RowChange:
        return RowChange(self.table, self.row_id, self.after, self.before)

    @property
    def node_id(self) -> int | None:
        """The node this row is or hangs on."""
        row = self.after or self.before or {}
        return row.get("id") if self.table == "node" else row.get("node_id")


@dataclass(frozen=True, slots=True)
class FieldChange:
    node_id: int
    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    rows: tuple[RowChange, ...]
    at: datetime = field(default_factory=lambda: now())
    user: str = field(default_factory=lambda: os_user())
    node_id: int | None = None  # the node the clerk acted on, to show after undo/redo

    @property
    def empty(self) -> bool:
        return not self.rows

    def inverse(self) -> Change:
        rows = tuple(r.inverse() for r in reversed(self.rows))
        return Change(f"撤销{self.label}", rows, node_id=self.node_id)

    # -- what happened to nodes, for the views and the history ---------------------
    def _nodes(self) -> list[RowChange]:
        return [r for r in self.rows if r.table == "node"]

    def inserted(self) -> list[dict]:
        """Rows of nodes this change created (parents before children)."""
        return _first_states([r for r in self._nodes() if r.before is None], "after")

    def removed(self) -> list[dict]:
        return _first_states([r for r in self._nodes() if r.after is None], "before")

    def placed(self) -> dict[int, tuple[int | None, int]]:
        """Kept nodes whose parent or position changed: id -> (parent id, position)."""
        out: dict[int, tuple[int | None, int]] = {}
        first: dict[int, dict] = {}
        last: dict[int, dict] = {}
        for r in self._nodes():
            if r.before is not None:
                first.setdefault(r.row_id, r.before)
            if r.after is not None:
                last[r.row_id] = r.after
            else:
                last.pop(r.row_id, None)
        for node_id, row in last.items():
            was = first.get(node_id)
            if was is None:
                continue  # inserted: placed by inserted()
            if (was["parent_id"], was["position"]) != (row["parent_id"], row["position"]):
                out[node_id] = (row["parent_id"], row["position"])
        return out

    def fields(self) -> list[FieldChange]:
        """Words of kept nodes that changed, old and new (first and last state)."""
        first: dict[int, dict] = {}
        last: dict[int, dict] = {}
        for r in self._nodes():
            if r.before is not None and r.after is not None:
                first.setdefault(r.row_id, r.before)
                last[r.row_id] = r.after
        out = []
        for node_id, row in last.items():
            was = first[node_id]
            out.extend(
                FieldChange(node_id, name, was[name], row[name])
                for name in NODE_WORDS
                if was.get(name) != row.get(name)
            )
        return out

    def touched(self, tables: tuple[str, ...]) -> set[int]:
        """Nodes whose rows in these tables changed."""
        return {r.node_id for r in self.rows if r.table in tables and r.node_id is not None}

    @property
    def units_changed(self) -> bool:
        return any(r.table in UNIT_TABLES for r in self.rows)

    def to_json(self) -> str:
        """The record as stored in the history of changes."""
        return json.dumps(
            {
                "label": self.label,
                "at": self.at.isoformat(),
                "user": self.user,
                "node_id": self.node_id,
                "rows": [[r.table, r.row_id, r.before, r.after] for r in self.rows],
            },
            ensure_ascii=False,
        )


def _first_states(rows: list[RowChange], attr: str) -> list[dict]:
    seen: dict[int, dict] = {}
    for r in rows:
        seen.setdefault(r.row_id, getattr(r, attr))
    # Parents before children: a node's level is one more than its parent's.
    return sorted(seen.values(), key=lambda row: (row["level"], row["position"]))


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def os_user() -> str:
    """Which account made the change: the office PC's login name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return os.environ.get("USERNAME", "")
