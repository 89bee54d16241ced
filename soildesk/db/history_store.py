"""Writing the history of changes: each edit's change record, in the edit's own
transaction (an edit and its history line are stored together or not at all)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..changes import Change, RowChange
from .lazy import m, sa

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def compact(row: RowChange) -> list:
    """[table, row id, before, after]; an update keeps only the columns it changed."""
    before, after = row.before, row.after
    if before is not None and after is not None:
        keys = [k for k in after if before.get(k) != after.get(k)]
        # What names the row in the history: its node, a node's level and number.
        keys += [k for k in ("node_id", "level", "number") if k in after and k not in keys]
        before = {k: before.get(k) for k in keys}
        after = {k: after.get(k) for k in keys}
    return [row.table, row.row_id, before, after]


def write(s: Session, change: Change, label: str | None = None) -> None:
    if change.empty:
        return
    nodes: dict[int, int | None] = {}
    for row in change.rows:
        state = row.after or row.before or {}
        if row.table == "node":
            nodes[row.row_id] = state.get("plan_id")
        elif row.node_id is not None:
            nodes.setdefault(row.node_id, None)
    unknown = [n for n, plan in nodes.items() if plan is None]
    if unknown:
        found = s.execute(
            sa.select(m.NodeRow.id, m.NodeRow.plan_id).where(m.NodeRow.id.in_(unknown))
        )
        nodes.update(dict(found.all()))
    entry = m.HistoryRow(
        at=change.at,
        user=change.user,
        label=label or change.label,
        record=json.dumps(
            {"node_id": change.node_id, "rows": [compact(r) for r in change.rows]},
            ensure_ascii=False,
        ),
    )
    s.add(entry)
    s.flush()
    s.add_all(m.HistoryNodeRow(history_id=entry.id, node_id=n, plan_id=p) for n, p in nodes.items())
