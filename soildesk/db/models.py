"""SQLAlchemy models. One `node` table holds all four levels (条/款/项/小项): every edit
(add, delete, move, undo) works the same on each level, and the level column with a
parent check in the store keeps the tree four deep."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from soildesk.node_keys import new_key


class Base(DeclarativeBase):
    pass


class PlanRow(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(300), default="")  # title of the attachment
    year: Mapped[int | None] = mapped_column(Integer)
    # JSON list: headers of the document's columns beyond the known ones, in their order.
    extra_columns: Mapped[str] = mapped_column(Text, default="", server_default="")
    # 编号随位置更新: numbers follow position after every add, delete and move.
    auto_number: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class NodeRow(Base):
    __tablename__ = "node"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 4", name="ck_node_level"),
        Index("ix_node_parent_position", "plan_id", "parent_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    # Indexed on its own: ON DELETE CASCADE looks children up by parent_id alone.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("node.id", ondelete="CASCADE"), index=True
    )
    # A key that never changes or gets reused: exported files carry it to match rows.
    key: Mapped[str] = mapped_column(String(32), unique=True, default=new_key)
    level: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    duties: Mapped[str] = mapped_column(Text, default="")  # 具体工作内容 (sub-items)
    units_raw: Mapped[str] = mapped_column(Text, default="")  # unparsed 责任单位, flagged
    # The 责任单位 cell exactly as the document wrote it ('' = compose from the links).
    units_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    deadline_text: Mapped[str] = mapped_column(Text, default="", server_default="")  # 完成时限
    remark: Mapped[str] = mapped_column(Text, default="", server_default="")  # 备注 column
    extras: Mapped[str] = mapped_column(Text, default="", server_default="")  # JSON: other columns


class UnitRow(Base):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class UnitAliasRow(Base):
    __tablename__ = "unit_alias"
    __table_args__ = (UniqueConstraint("alias", name="uq_unit_alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(100))  # the wording, exactly as written
    key: Mapped[str] = mapped_column(String(100), index=True)  # unit_names.alias_key(alias)


class NodeUnitRow(Base):
    __tablename__ = "node_unit"
    __table_args__ = (
        # OR, not IN: SQLite builds a temporary table for an IN list on every insert
        CheckConstraint(
            "role = 'lead' OR role = 'cooperate' OR role = 'responsible' OR role = 'carry_out'",
            name="ck_node_unit_role",
        ),
        Index("ix_node_unit_unit", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("node.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(20))
    wording: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)


class PeriodRow(Base):
    """A reporting period of a plan (2024年上半年, 2024年第三季度, or custom dates)."""

    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("plan_id", "name", name="uq_period_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)


class ProgressRow(Base):
    """What was done on a sub-item in a period."""

    __tablename__ = "progress"
    __table_args__ = (
        UniqueConstraint("node_id", "period_id", name="uq_progress_node_period"),
        CheckConstraint(  # OR, not IN: see node_unit
            "status = 'done' OR status = 'ongoing' OR status = 'not_started' OR status = 'lagging'",
            name="ck_progress_status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("node.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)
    lag_reason: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(Text, default="")  # unit ids, comma separated
    # The period's 备注 on the sub-item (a packet's and the return's), not the document's.
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class DeadlineRow(Base):
    """The deadline the clerk confirmed for an item or sub-item (proposed from its text)."""

    __tablename__ = "deadline"

    node_id: Mapped[int] = mapped_column(
        ForeignKey("node.id", ondelete="CASCADE"), primary_key=True
    )
    due: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(100), default="")  # the words it came from


class EvidenceFileRow(Base):
    """A stored evidence file, named by its SHA-256 in the store beside the database."""

    __tablename__ = "evidence_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)


class AttachmentRow(Base):
    """An evidence file attached to a sub-item (for a period)."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("node.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id", ondelete="SET NULL"))
    file_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_file.id", ondelete="RESTRICT"), index=True
    )
    original_name: Mapped[str] = mapped_column(String(260))
    added_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class HistoryRow(Base):
    """One edit as it happened: its change record, when and by which OS user."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100), default="")
    label: Mapped[str] = mapped_column(Text, default="")
    record: Mapped[str] = mapped_column(Text, default="")  # JSON, see soildesk/history.py


class HistoryNodeRow(Base):
    """A node an edit touched (kept after the node is deleted: no foreign key to it)."""

    __tablename__ = "history_node"
    __table_args__ = (
        Index("ix_history_node_node", "node_id"),
        Index("ix_history_node_plan", "plan_id"),
    )

    history_id: Mapped[int] = mapped_column(
        ForeignKey("history.id", ondelete="CASCADE"), primary_key=True
    )
    node_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(Integer)


class PacketReceiptRow(Base):
    """A department's packet taken in for a period: who answered, when, from which file."""

    __tablename__ = "packet_receipt"
    __table_args__ = (Index("ix_packet_receipt_period", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64))
    answered: Mapped[int] = mapped_column(Integer)  # rows the department filled in
    rows: Mapped[int] = mapped_column(Integer)  # rows the packet asked about
    # JSON {sub-item key: {"given": [five cells], "open": bool}}: what the department
    # answered, and whether it is still undecided (a conflict or a mistake left open).
    answers: Mapped[str] = mapped_column(Text, default="", server_default="")


class PeriodReturnRow(Base):
    """A return as it was sent to the city: the workbook's bytes and its hash, so that
    later edits never change what the city received."""

    __tablename__ = "period_return"
    __table_args__ = (Index("ix_period_return_period", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"))
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[str] = mapped_column(Text)  # JSON: the rows as sent, to show what changed
    workbook: Mapped[bytes] = mapped_column(LargeBinary)


class SettingRow(Base):
    """A setting that belongs to this database (the backups it keeps, its id)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
