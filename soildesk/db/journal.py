"""The row journal behind change records: temporary triggers, per connection, that write
every row an edit inserts, updates or deletes (cascades included) to a temporary table,
while a recording transaction is open. Nothing is written to the database file.

Applying a change replays its rows; a row that is neither as the change expects before
nor already as after means the data moved on, and the whole apply is refused."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

from ..changes import RowChange
from ..errors import ValidationError
from .lazy import m

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.orm import Session


@cache
def journaled() -> dict[str, Table]:
    """The tables whose rows edits journal, by name (built on first use: the models are
    imported lazily)."""
    tables = (
        m.PlanRow.__table__,
        m.NodeRow.__table__,
        m.NodeUnitRow.__table__,
        m.UnitRow.__table__,
        m.UnitAliasRow.__table__,
        m.ProgressRow.__table__,
        m.DeadlineRow.__table__,
        m.AttachmentRow.__table__,
        m.PacketReceiptRow.__table__,
    )
    return {t.name: t for t in tables}  # type: ignore[misc]


def _columns(table: Table) -> list[str]:
    return [c.name for c in table.columns]


def _row_json(table: Table, ref: str) -> str:
    pairs = ", ".join(f"'{c}', {ref}.\"{c}\"" for c in _columns(table))
    return f"json_object({pairs})"


def install(conn: sqlite3.Connection) -> None:
    """Create the journal's temporary table and triggers on a new connection (skipped
    while the schema is not there yet, before the first migration)."""
    cur = conn.cursor()
    have = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not set(journaled()) <= have:
        cur.close()
        return
    cur.execute(
        "CREATE TEMP TABLE IF NOT EXISTS journal_rows"
        "(seq INTEGER PRIMARY KEY, tbl TEXT, row_id INTEGER, before TEXT, after TEXT)"
    )
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS journal_on(flag INTEGER)")
    on = "WHEN (SELECT flag FROM journal_on)"
    for name, table in journaled().items():
        for event, before, after, rowid in (
            ("INSERT", "NULL", _row_json(table, "NEW"), "NEW.rowid"),
            ("UPDATE", _row_json(table, "OLD"), _row_json(table, "NEW"), "NEW.rowid"),
            ("DELETE", _row_json(table, "OLD"), "NULL", "OLD.rowid"),
        ):
            cur.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS journal_{name}_{event.lower()} "
                f'AFTER {event} ON main."{name}" {on} BEGIN '
                f"INSERT INTO journal_rows(tbl, row_id, before, after) "
                f"VALUES ('{name}', {rowid}, {before}, {after}); END"
            )
    cur.close()


def start(s: Session) -> None:
    conn = _raw(s)
    if conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name='journal_on'").fetchone() is None:
        raise RuntimeError("the change journal is not installed on this connection")
    conn.execute("DELETE FROM temp.journal_rows")
    conn.execute("DELETE FROM temp.journal_on")
    conn.execute("INSERT INTO temp.journal_on VALUES (1)")


@contextmanager
def unjournaled(s: Session) -> Iterator[sqlite3.Connection]:
    """The raw connection for a bulk insert outside a recorded edit (a new plan, an
    import): the journal's triggers are dropped for it and made again after. Each fires
    for every row only to find the journal off: 30 % of storing 10,000 sub-items."""
    conn = _raw(s)
    triggers = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'journal_%'"
        )
    ]
    recording = triggers and conn.execute("SELECT count(*) FROM temp.journal_on").fetchone()[0]
    if recording or not triggers:
        yield conn
        return
    for name in triggers:
        conn.execute(f'DROP TRIGGER temp."{name}"')
    try:
        yield conn
    finally:
        install(conn)


def finish(s: Session) -> tuple[RowChange, ...]:
    s.flush()
    conn = _raw(s)
    rows = conn.execute(
        "SELECT tbl, row_id, before, after FROM temp.journal_rows ORDER BY seq"
    ).fetchall()
    conn.execute("DELETE FROM temp.journal_rows")
    conn.execute("DELETE FROM temp.journal_on")
    out = []
    for tbl, row_id, before, after in rows:
        b = json.loads(before) if before is not None else None
        a = json.loads(after) if after is not None else None
        if b != a:  # an UPDATE that set the same values changed nothing
            out.append(RowChange(tbl, row_id, b, a))
    return tuple(out)


def apply(s: Session, rows: Sequence[RowChange]) -> None:
    """Bring each row from its `before` to its `after`, in order, in the caller's
    transaction. Foreign keys are checked at commit (Database.apply words a failure):
    a subtree comes back in whatever order its rows were journaled."""
    conn = _raw(s)
    s.flush()
    conn.execute("PRAGMA defer_foreign_keys = ON")
    for change in rows:
        table = journaled().get(change.table)
        if table is None:
            raise ValueError(f"not a journaled table: {change.table}")
        cols = _columns(table)
        current = _current(conn, change.table, cols, change.row_id)
        if _same(current, change.after):
            continue  # already so (a cascade of an earlier row did it)
        if not _same(current, change.before):
            raise ValidationError(
                "这一步无法撤销或重做：相关内容已被其他操作改变。其余数据没有变化。"
            )
        if change.after is None:
            conn.execute(f'DELETE FROM "{change.table}" WHERE rowid = ?', (change.row_id,))
        elif change.before is None:
            known = [c for c in cols if c in change.after]  # a newer column takes its default
            names = ", ".join(f'"{c}"' for c in known)
            marks = ", ".join("?" for _ in known)
            conn.execute(
                f'INSERT INTO "{change.table}" ({names}) VALUES ({marks})',
                [change.after[c] for c in known],
            )
        else:
            known = [c for c in cols if c in change.after]
            sets = ", ".join(f'"{c}" = ?' for c in known)
            conn.execute(
                f'UPDATE "{change.table}" SET {sets} WHERE rowid = ?',
                [*(change.after[c] for c in known), change.row_id],
            )


def _same(current: dict | None, recorded: dict | None) -> bool:
    """Whether a row is as a record says. A record made before a column was added
    (a change in the history) does not name it: only the columns it names count."""
    if current is None or recorded is None:
        return current is recorded
    return all(current.get(k) == v for k, v in recorded.items())


def _current(conn: sqlite3.Connection, table: str, cols: Iterable[str], row_id: int) -> dict | None:
    names = list(cols)
    pairs = ", ".join(f"'{c}', \"{c}\"" for c in names)
    found = conn.execute(
        f'SELECT json_object({pairs}) FROM "{table}" WHERE rowid = ?', (row_id,)
    ).fetchone()
    return json.loads(found[0]) if found else None


def _raw(s: Session) -> sqlite3.Connection:
    dbapi = s.connection().connection.dbapi_connection
    assert isinstance(dbapi, sqlite3.Connection)
    return dbapi
