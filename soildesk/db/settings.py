"""Settings stored in the database itself: they travel with it (a copy on a USB stick
keeps its backup rules) and are backed up with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import m

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .database import Database


DATABASE_ID = "database_id"


def read(db: Database, key: str, default: str = "") -> str:
    """A setting read without SQLAlchemy (Database.read)."""
    with db.read() as cur:
        row = cur.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row is not None else default


def get(s: Session, key: str, default: str = "") -> str:
    row = s.get(m.SettingRow, key)
    return row.value if row is not None else default


def put(s: Session, key: str, value: str) -> None:
    row = s.get(m.SettingRow, key)
    if row is None:
        s.add(m.SettingRow(key=key, value=value))
    else:
        row.value = value
