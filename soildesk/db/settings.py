"""Settings stored in the database itself: they travel with it (a copy on a USB stick
keeps its backup rules) and are backed up with it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .models import SettingRow

DATABASE_ID = "database_id"


def get(s: Session, key: str, default: str = "") -> str:
    row = s.get(SettingRow, key)
    return row.value if row is not None else default


def put(s: Session, key: str, value: str) -> None:
    row = s.get(SettingRow, key)
    if row is None:
        s.add(SettingRow(key=key, value=value))
    else:
        row.value = value
