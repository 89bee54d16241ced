"""What the office remembers of the packets it took in: per department and sub-item the
latest answer it gave in any packet of the period, and whether that answer is still
undecided (a conflict or a mistake left open). A later packet must not settle an open
disagreement by arriving last, and an answer the clerk already decided on does not come
back when the same words arrive again."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..db.database import Database
from ..db.lazy import m, sa

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class Remembered:
    unit_id: int
    unit_name: str
    file: str
    at: str
    row: int
    given: tuple[str, ...]
    open: bool


def received(db: Database, period_id: int) -> set[tuple[int, str]]:
    """(unit id, SHA-256) of every packet file taken in for the period."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT unit_id, sha256 FROM packet_receipt WHERE period_id = ?", (period_id,)
        ).fetchall()
    return {(u, s) for u, s in rows}


def remembered(db: Database, period_id: int) -> dict[tuple[int, str], Remembered]:
    """(unit id, sub-item key) -> the unit's latest answer on it, over all its packets."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT r.unit_id, u.name, r.file_name, r.received_at, r.answers "
            "FROM packet_receipt r JOIN unit u ON u.id = r.unit_id WHERE r.period_id = ? "
            "ORDER BY r.received_at, r.id",
            (period_id,),
        ).fetchall()
    out: dict[tuple[int, str], Remembered] = {}
    for unit_id, name, file, at, text in rows:
        for key, a in (json.loads(text) if text else {}).items():
            out[(unit_id, key)] = Remembered(
                unit_id,
                name,
                file,
                str(at),
                int(a.get("row", 0)),
                tuple(a["given"]),
                bool(a.get("open")),
            )
    return out


def open_answers(db: Database, period_id: int) -> list[Remembered]:
    return [r for r in remembered(db, period_id).values() if r.open]


def answered_keys(db: Database, period_id: int) -> dict[int, set[str]]:
    """unit id -> the sub-items it has answered in any of its packets of the period."""
    out: dict[int, set[str]] = {}
    for (unit_id, key), _r in remembered(db, period_id).items():
        out.setdefault(unit_id, set()).add(key)
    return out


def close(s: Session, period_id: int, keys: set[str]) -> None:
    """Mark every open answer on these sub-items decided (the clerk chose, or typed the
    progress by hand), inside the caller's recorded edit."""
    if not keys:
        return
    for r in s.scalars(
        sa.select(m.PacketReceiptRow).where(m.PacketReceiptRow.period_id == period_id)
    ):
        answers = json.loads(r.answers) if r.answers else {}
        hit = [k for k, a in answers.items() if a.get("open") and k in keys]
        if hit:
            for k in hit:
                answers[k]["open"] = False
            r.answers = json.dumps(answers, ensure_ascii=False)
