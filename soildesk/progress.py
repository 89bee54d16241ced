"""Reporting periods, progress per sub-item and period, and confirmed deadlines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from .changes import Change
from .db.database import Database
from .db.lazy import m, sa
from .errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Status(StrEnum):
    DONE = "done"
    ONGOING = "ongoing"
    NOT_STARTED = "not_started"
    LAGGING = "lagging"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def color(self) -> str:
        return STATUS_COLORS[self]


STATUS_LABELS = {
    Status.DONE: "已完成",
    Status.ONGOING: "推进中",
    Status.NOT_STARTED: "未启动",
    Status.LAGGING: "滞后",
}
STATUS_COLORS = {
    Status.DONE: "#2e7d32",
    Status.ONGOING: "#1565c0",
    Status.NOT_STARTED: "#8a8a8a",
    Status.LAGGING: "#c62828",
}


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    id: int
    plan_id: int
    name: str
    start: date
    end: date
    is_current: bool = False


@dataclass(frozen=True, slots=True)
class Progress:
    status: Status
    text: str = ""
    completed_on: date | None = None
    lag_reason: str = ""
    reported_by: tuple[int, ...] = ()  # unit ids
    note: str = ""  # the period's 备注 on the sub-item (not the document's 备注 column)


@dataclass(frozen=True, slots=True)
class Deadline:
    due: date
    source: str = ""


def id_list(ids: list[int]):  # type: ignore[no-untyped-def]
    """Any number of ids as one bound parameter (a JSON array): SQLite caps the
    variables of a statement, and a packet can name thousands of sub-items."""
    import json

    return sa.select(sa.literal_column("value")).select_from(sa.func.json_each(json.dumps(ids)))


def checked(progress: Progress | None) -> Progress | None:
    """The rules every stored progress keeps, from whichever door it comes."""
    if progress is None:
        return None
    if progress.status == Status.LAGGING and not progress.lag_reason.strip():
        raise ValidationError("状态为“滞后”时，请填写滞后原因。")
    if progress.status != Status.DONE and progress.completed_on:
        progress = replace(progress, completed_on=None)  # only a finished task has a date
    return progress


def standard_periods(year: int) -> list[tuple[str, date, date]]:
    """The periods offices report in: half years, quarters, the whole year."""
    return [
        (f"{year}年上半年", date(year, 1, 1), date(year, 6, 30)),
        (f"{year}年下半年", date(year, 7, 1), date(year, 12, 31)),
        (f"{year}年第一季度", date(year, 1, 1), date(year, 3, 31)),
        (f"{year}年第二季度", date(year, 4, 1), date(year, 6, 30)),
        (f"{year}年第三季度", date(year, 7, 1), date(year, 9, 30)),
        (f"{year}年第四季度", date(year, 10, 1), date(year, 12, 31)),
        (f"{year}年全年", date(year, 1, 1), date(year, 12, 31)),
    ]


_PERIOD_COLS = 'id, plan_id, name, start, "end", is_current'
_PROGRESS_COLS = "status, text, completed_on, lag_reason, reported_by, note"


def _day(text: str | None) -> date | None:
    """A Date column as SQLite holds it (SQLAlchemy writes ISO 8601 text)."""
    return date.fromisoformat(text) if text else None


def _period(
    period_id: int, plan_id: int, name: str, start: str, end: str, current: int
) -> PeriodInfo:
    return PeriodInfo(
        period_id, plan_id, name, date.fromisoformat(start), date.fromisoformat(end), bool(current)
    )


def _progress(
    status: str, text: str, completed: str | None, lag: str, units: str, note: str
) -> Progress:
    reported = tuple(int(x) for x in units.split(",") if x)
    return Progress(Status(status), text, _day(completed), lag, reported, note)


class ProgressService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- periods -------------------------------------------------------------
    def list_periods(self, plan_id: int) -> list[PeriodInfo]:
        with self.db.read() as cur:
            rows = cur.execute(
                f'SELECT {_PERIOD_COLS} FROM period WHERE plan_id = ? ORDER BY start, "end", id',
                (plan_id,),
            ).fetchall()
        return [_period(*r) for r in rows]

    def add_period(
        self, plan_id: int, name: str, start: date, end: date, *, current: bool = False
    ) -> PeriodInfo:
        name = name.strip()
        if not name:
            raise ValidationError("填报期的名称不能为空。")
        if end < start:
            raise ValidationError("填报期的结束日期不能早于开始日期。")
        with self.db.session() as s:
            if s.scalar(
                sa.select(m.PeriodRow.id).where(
                    m.PeriodRow.plan_id == plan_id, m.PeriodRow.name == name
                )
            ):
                raise ValidationError(f"已有名为“{name}”的填报期。")
            row = m.PeriodRow(plan_id=plan_id, name=name, start=start, end=end, is_current=False)
            s.add(row)
            s.flush()
            if current or not s.scalar(
                sa.select(m.PeriodRow.id).where(
                    m.PeriodRow.plan_id == plan_id, m.PeriodRow.is_current
                )
            ):
                s.execute(
                    sa.update(m.PeriodRow)
                    .where(m.PeriodRow.plan_id == plan_id)
                    .values(is_current=m.PeriodRow.id == row.id)
                )
                s.refresh(row)
            return PeriodInfo(row.id, row.plan_id, row.name, row.start, row.end, row.is_current)

    def rename_period(self, period_id: int, name: str) -> None:
        name = name.strip()
        if not name:
            raise ValidationError("填报期的名称不能为空。")
        with self.db.session() as s:
            row = s.get(m.PeriodRow, period_id)
            if row is None:
                raise ValidationError("这个填报期已不存在。")
            clash = s.scalar(
                sa.select(m.PeriodRow.id).where(
                    m.PeriodRow.plan_id == row.plan_id,
                    m.PeriodRow.name == name,
                    m.PeriodRow.id != period_id,
                )
            )
            if clash:
                raise ValidationError(f"已有名为“{name}”的填报期。")
            row.name = name

    def delete_period(self, period_id: int) -> None:
        """Delete a period with its progress (its evidence stays on the sub-items, no
        longer tied to a period), after a backup: this cannot be undone."""
        from .backup import safety_backup  # the backup module builds on the store

        safety_backup(self.db.path, "删除填报期前")
        with self.db.session() as s:
            row = s.get(m.PeriodRow, period_id)
            if row is None:
                raise ValidationError("这个填报期已不存在。")
            plan_id, was_current = row.plan_id, row.is_current
            s.delete(row)
            s.flush()
            if was_current:  # another becomes current: the latest
                latest = s.scalar(
                    sa.select(m.PeriodRow)
                    .where(m.PeriodRow.plan_id == plan_id)
                    .order_by(m.PeriodRow.end.desc())
                )
                if latest is not None:
                    latest.is_current = True

    def set_current(self, plan_id: int, period_id: int) -> None:
        with self.db.session() as s:
            s.execute(
                sa.update(m.PeriodRow)
                .where(m.PeriodRow.plan_id == plan_id)
                .values(is_current=m.PeriodRow.id == period_id)
            )

    def current_period(self, plan_id: int) -> PeriodInfo | None:
        periods = self.list_periods(plan_id)
        return next((p for p in periods if p.is_current), periods[-1] if periods else None)

    def find_period(self, plan_id: int, name: str) -> PeriodInfo | None:
        return next((p for p in self.list_periods(plan_id) if p.name == name), None)

    # -- progress ------------------------------------------------------------
    def progress_for(self, period_id: int) -> dict[int, Progress]:
        with self.db.read() as cur:
            rows = cur.execute(
                f"SELECT node_id, {_PROGRESS_COLS} FROM progress WHERE period_id = ?",
                (period_id,),
            ).fetchall()
        return {r[0]: _progress(*r[1:]) for r in rows}

    def get(self, node_id: int, period_id: int) -> Progress | None:
        with self.db.read() as cur:
            row = cur.execute(
                f"SELECT {_PROGRESS_COLS} FROM progress WHERE node_id = ? AND period_id = ?",
                (node_id, period_id),
            ).fetchone()
        return _progress(*row) if row else None

    def set_progress(self, node_id: int, period_id: int, progress: Progress | None) -> Change:
        """Store (or with None remove) a sub-item's progress for a period."""
        progress = checked(progress)
        with self.db.change("填报进展", node_id) as (s, rec):
            self.write(s, node_id, period_id, progress)
            from .packets.receipts import (
                close,
            )  # typed by hand: departments' open answers are settled

            close(s, period_id, {s.get(m.NodeRow, node_id).key})
        assert rec.change is not None
        return rec.change

    @classmethod
    def write(cls, s: Session, node_id: int, period_id: int, progress: Progress | None) -> None:
        """Store a checked progress inside the caller's recorded edit (a packet's many)."""
        node = s.get(m.NodeRow, node_id)
        if node is None or node.level != 4:
            raise ValidationError("只有小项可以填报进展。")
        row = s.scalar(
            sa.select(m.ProgressRow).where(
                m.ProgressRow.node_id == node_id, m.ProgressRow.period_id == period_id
            )
        )
        if progress is None:
            if row:
                s.delete(row)
        else:
            cls._write(s, row, node_id, period_id, progress)

    @classmethod
    def write_many(cls, s: Session, period_id: int, records: Mapping[int, Progress]) -> None:
        """Store many checked progresses in the caller's recorded edit with a few
        queries (a returned packet of 2,000 rows: 7.6 s one by one, through the ORM)."""
        ids = list(records)
        subs = set(
            s.scalars(
                sa.select(m.NodeRow.id).where(m.NodeRow.id.in_(id_list(ids)), m.NodeRow.level == 4)
            )
        )
        if len(subs) != len(set(ids)):
            raise ValidationError("只有小项可以填报进展。")
        rows = {
            r.node_id: r
            for r in s.scalars(
                sa.select(m.ProgressRow).where(
                    m.ProgressRow.period_id == period_id,
                    m.ProgressRow.node_id.in_(id_list(ids)),
                )
            )
        }
        with s.no_autoflush:
            for node_id, progress in records.items():
                cls._write(s, rows.get(node_id), node_id, period_id, progress)

    @staticmethod
    def _write(
        s: Session, row: m.ProgressRow | None, node_id: int, period_id: int, progress: Progress
    ) -> None:
        if row is None:
            row = m.ProgressRow(node_id=node_id, period_id=period_id)
            s.add(row)
        row.status = progress.status.value
        row.text = progress.text
        row.completed_on = progress.completed_on
        row.lag_reason = progress.lag_reason
        row.reported_by = ",".join(str(u) for u in progress.reported_by)
        row.note = progress.note

    # -- deadlines -----------------------------------------------------------
    def deadlines(self, plan_id: int) -> dict[int, Deadline]:
        with self.db.read() as cur:
            rows = cur.execute(
                "SELECT deadline.node_id, due, source FROM deadline "
                "JOIN node ON node.id = deadline.node_id WHERE node.plan_id = ?",
                (plan_id,),
            ).fetchall()
        return {node_id: Deadline(date.fromisoformat(due), source) for node_id, due, source in rows}

    def set_deadlines(
        self, deadlines: Mapping[int, Deadline | None], label: str = "确认完成时限"
    ) -> Change:
        """Confirm (or with None clear) the deadlines of nodes: one transaction."""
        first = next(iter(deadlines), None)
        with self.db.change(label, first if len(deadlines) == 1 else None) as (s, rec):
            for node_id, deadline in deadlines.items():
                row = s.get(m.DeadlineRow, node_id)
                if deadline is None:
                    if row:
                        s.delete(row)
                elif row is None:
                    s.add(m.DeadlineRow(node_id=node_id, due=deadline.due, source=deadline.source))
                else:
                    row.due, row.source = deadline.due, deadline.source
        assert rec.change is not None
        return rec.change
