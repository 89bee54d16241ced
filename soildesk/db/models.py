"""SQLAlchemy models. One `node` table holds all four levels (条/款/项/小项): every edit
(add, delete, move, undo) works the same on each level, and the level column with a
parent check in the store keeps the tree four deep."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class PlanRow(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(300), default="")  # title of the attachment
    year: Mapped[int | None] = mapped_column(Integer)
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
    key: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: uuid4().hex)
    level: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    duties: Mapped[str] = mapped_column(Text, default="")  # 具体工作内容 (sub-items)
    units_raw: Mapped[str] = mapped_column(Text, default="")  # unparsed 责任单位, flagged


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
        CheckConstraint(
            "role IN ('lead','cooperate','responsible','carry_out')", name="ck_node_unit_role"
        ),
        Index("ix_node_unit_unit", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("node.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    role: Mapped[str] = mapped_column(String(20))
    wording: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
