"""Plans and their breakdown tree: every edit is one transaction and returns what undo
needs to put it back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from .changes import Change
from .db import journal
from .db.database import Database
from .db.lazy import m, sa
from .domain import (
    Level,
    Node,
    NodeDraft,
    PlanInfo,
    PlanSummary,
    Role,
    UnitLink,
    UnitRef,
)
from .errors import ValidationError
from .gc_pause import collector_paused
from .node_keys import new_key
from .renumber import renumber_if_following, renumber_plan
from .units import resolve_unit, write_links

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

_NODE_COLS = (
    "id",
    "plan_id",
    "parent_id",
    "level",
    "position",
    "number",
    "text",
    "duties",
    "units_raw",
    "key",
    "units_text",
    "deadline_text",
    "remark",
    "extras",
)
_LINK_COLS = ("id", "node_id", "unit_id", "role", "wording", "position")
_ROLE_VALUES = {r: r.value for r in Role}
EDITABLE = {"number", "text", "duties", "units_text", "deadline_text", "remark"}


def _done(change: Change | None) -> Change:
    assert change is not None  # set when the transaction committed
    return change


def _about(change: Change | None, node_id: int) -> Change:
    done = _done(change)
    return Change(done.label, done.rows, done.at, done.user, node_id)


def _siblings(plan_id: int, parent_id: int | None) -> ColumnElement[bool]:
    parent = (
        m.NodeRow.parent_id.is_(None) if parent_id is None else m.NodeRow.parent_id == parent_id
    )
    return (m.NodeRow.plan_id == plan_id) & parent


_PLAN_COLS = "id, name, region, title, year, extra_columns, auto_number"


def _plan_info(
    plan_id: int, name: str, region: str, title: str, year: int | None, extra: str, auto: int
) -> PlanInfo:
    columns = tuple(json.loads(extra)) if extra else ()
    return PlanInfo(plan_id, name, region, title, year, columns, bool(auto))


def _dump_extras(extras: dict[str, str]) -> str:
    return json.dumps(extras, ensure_ascii=False) if extras else ""


def load_extras(text: str) -> dict[str, str]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}  # a damaged cell loses only its extra columns, never the row
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


class PlanService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- plans ---------------------------------------------------------------
    def list_plans(self) -> list[PlanSummary]:
        with self.db.read() as cur:
            counts: dict[int, dict[Level, int]] = {}
            for plan_id, level, n in cur.execute(
                "SELECT plan_id, level, count(*) FROM node GROUP BY plan_id, level"
            ):
                counts.setdefault(plan_id, {})[Level(level)] = n
            return [
                PlanSummary(_plan_info(*p), {lv: counts.get(p[0], {}).get(lv, 0) for lv in Level})
                for p in cur.execute(f"SELECT {_PLAN_COLS} FROM plan ORDER BY id").fetchall()
            ]

    def find_plan(self, name: str) -> PlanInfo | None:
        with self.db.read() as cur:
            p = cur.execute(f"SELECT {_PLAN_COLS} FROM plan WHERE name = ?", (name,)).fetchone()
        return _plan_info(*p) if p else None

    def create_plan(
        self,
        name: str,
        roots: Sequence[NodeDraft] = (),
        *,
        region: str = "",
        title: str = "",
        year: int | None = None,
        extra_columns: Sequence[str] = (),
        auto_number: bool = False,
        same_as: Mapping[str, str] | None = None,
    ) -> PlanInfo:
        """A new plan holding `roots`; `same_as` maps unit wordings the clerk confirmed as
        another unit's (a typo) to that unit's name."""
        name = name.strip()
        if not name:
            raise ValidationError("计划名称不能为空。")
        with self.db.session() as s:
            if s.scalar(sa.select(m.PlanRow.id).where(m.PlanRow.name == name)) is not None:
                raise ValidationError(f"已有名为“{name}”的计划，请换一个名称。")
            plan = m.PlanRow(
                name=name,
                region=region,
                title=title,
                year=year,
                auto_number=auto_number,
                extra_columns=json.dumps(list(extra_columns), ensure_ascii=False)
                if extra_columns
                else "",
            )
            s.add(plan)
            s.flush()
            self._insert_drafts(s, plan.id, None, 0, roots, same_as or {})
            return _plan_info(
                plan.id,
                plan.name,
                plan.region,
                plan.title,
                plan.year,
                plan.extra_columns,
                plan.auto_number,
            )

    def delete_plan(self, plan_id: int) -> None:
        """Delete a plan with everything in it, after a full backup into the backups
        folder (a deleted plan cannot be undone from the history)."""
        from .backup import safety_backup  # the backup module builds on the store

        safety_backup(self.db.path, "删除计划前")
        with self.db.session() as s:
            s.execute(m.PlanRow.__table__.delete().where(m.PlanRow.id == plan_id))

    # -- reading -------------------------------------------------------------
    def load_tree(self, plan_id: int) -> list[Node]:
        """All nodes of a plan as plain objects, children in order."""
        with self.db.read() as cur:
            return _build(
                cur,
                "plan_id = ?",
                "node_id IN (SELECT id FROM node WHERE plan_id = ?)",
                (plan_id,),
            )

    def load_subtree(self, node_id: int) -> Node:
        """One node with everything below it, detached (parent None)."""
        with self.db.read() as cur:
            ids = (json.dumps(_subtree_ids(cur, node_id)),)
            roots = _build(cur, f"id IN {_JSON_IDS}", f"node_id IN {_JSON_IDS}", ids, top=node_id)
        return roots[0]

    def load_links(self, plan_id: int) -> dict[int, list[UnitLink]]:
        return self._links("node.plan_id = ?", (plan_id,))

    def load_links_of(self, node_ids: Iterable[int]) -> dict[int, list[UnitLink]]:
        return self._links(f"node_unit.node_id IN {_JSON_IDS}", (json.dumps(list(node_ids)),))

    def _links(self, where: str, args: tuple) -> dict[int, list[UnitLink]]:
        with self.db.read() as cur:
            out: dict[int, list[UnitLink]] = {}
            for node_id, unit_id, role, wording in cur.execute(
                "SELECT node_unit.node_id, unit_id, role, wording FROM node_unit "
                f"JOIN node ON node.id = node_unit.node_id WHERE {where} "
                "ORDER BY node_unit.node_id, node_unit.position",
                args,
            ):
                out.setdefault(node_id, []).append(UnitLink(unit_id, Role(role), wording))
            return out

    # -- editing: each returns the change record of its one transaction -------
    def insert_draft(
        self, plan_id: int, parent_id: int | None, position: int, draft: NodeDraft
    ) -> Change:
        return self.insert_drafts(plan_id, parent_id, position, [draft], f"新增{draft.level.label}")

    def insert_drafts(
        self,
        plan_id: int,
        parent_id: int | None,
        position: int,
        drafts: Sequence[NodeDraft],
        label: str,
    ) -> Change:
        """Insert draft subtrees (pasted, duplicated, added) side by side under one
        parent, as one edit; the change is about the first."""
        if not drafts:
            raise ValidationError("没有可以插入的内容。")
        with self.db.change(label) as (s, rec):
            for draft in drafts:
                self._check_parent(s, plan_id, parent_id, draft.level)
            count = s.scalar(sa.select(sa.func.count()).where(_siblings(plan_id, parent_id))) or 0
            position = max(0, min(position, count))
            self._open_gap(s, plan_id, parent_id, position, by=len(drafts))
            node_id = self._insert_drafts(s, plan_id, parent_id, position, drafts)[0]
            renumber_if_following(s, plan_id)
        return _about(rec.change, node_id)

    def update_fields(self, node_id: int, label: str = "修改", **values: str) -> Change:
        """Set text fields of a node."""
        unknown = set(values) - EDITABLE
        if unknown:
            raise ValueError(f"not editable: {unknown}")
        with self.db.change(label, node_id) as (s, rec):
            row = self._get(s, node_id)
            if "text" in values and not values["text"].strip() and row.level != Level.CLAUSE:
                raise ValidationError("内容不能为空。请填写文字，或删除这一行。")
            for k, v in values.items():
                setattr(row, k, v)
        return _done(rec.change)

    def set_units(
        self,
        node_id: int,
        links: Sequence[UnitLink | UnitRef],
        units_raw: str = "",
        units_text: str | None = None,
    ) -> Change:
        """Replace the units of an item or sub-item and, when given, the cell's wording.
        Units named for the first time are made in the same transaction."""
        with self.db.change("修改责任单位", node_id) as (s, rec):
            row = self._get(s, node_id)
            if row.level < Level.ITEM:
                raise ValidationError("只有“项”和“小项”有责任单位。")
            row.units_raw = units_raw
            if units_text is not None:
                row.units_text = units_text
            write_links(s, node_id, links)
        return _done(rec.change)

    def move(self, node_id: int, parent_id: int | None, position: int) -> Change:
        """Move a node to position (in the final order) under a parent of the same
        level as its current one."""
        with self.db.change("移动", node_id) as (s, rec):
            row = self._get(s, node_id)
            self._check_parent(s, row.plan_id, parent_id, Level(row.level))
            self._close_gap(s, row.plan_id, row.parent_id, row.position, exclude=node_id)
            count = (
                s.scalar(
                    sa.select(sa.func.count()).where(
                        _siblings(row.plan_id, parent_id), m.NodeRow.id != node_id
                    )
                )
                or 0
            )
            position = max(0, min(position, count))
            self._open_gap(s, row.plan_id, parent_id, position, exclude=node_id)
            row.parent_id, row.position = parent_id, position
            s.flush()
            renumber_if_following(s, row.plan_id)
        return _done(rec.change)

    def delete_subtree(self, node_id: int) -> Change:
        """Delete a node with everything below it and everything hanging on them
        (units, progress, deadlines, attachments: the record keeps them for undo)."""
        with self.db.change("删除", node_id) as (s, rec):
            row = self._get(s, node_id)
            plan_id, parent_id, position = row.plan_id, row.parent_id, row.position
            s.delete(row)
            s.flush()
            self._close_gap(s, plan_id, parent_id, position)
            renumber_if_following(s, plan_id)
            rec.label = f"删除{Level(row.level).label}"
        return _done(rec.change)

    def set_numbering(self, plan_id: int, follow: bool) -> Change:
        """编号随位置更新 on or off; turning it on renumbers at once (one step)."""
        label = "开启编号随位置更新" if follow else "关闭编号随位置更新"
        with self.db.change(label) as (s, rec):
            plan = s.get(m.PlanRow, plan_id)
            if plan is None:
                raise ValidationError("该计划已被删除。")
            plan.auto_number = follow
            s.flush()
            renumber_if_following(s, plan_id)
        return _done(rec.change)

    def renumber(self, plan_id: int) -> Change:
        """重新编号 once: every number follows its position (one undoable step)."""
        with self.db.change("重新编号") as (s, rec):
            renumber_plan(s, plan_id)
        return _done(rec.change)

    # -- helpers -------------------------------------------------------------
    def _get(self, s: Session, node_id: int) -> m.NodeRow:
        row = s.get(m.NodeRow, node_id)
        if row is None:
            raise ValidationError("这一行已被删除。")
        return row

    def _check_parent(self, s: Session, plan_id: int, parent_id: int | None, level: Level) -> None:
        if parent_id is None:
            if level != Level.ARTICLE:
                raise ValidationError(f"“{level.label}”必须放在上一级之下。")
            return
        parent = self._get(s, parent_id)
        if parent.plan_id != plan_id or parent.level != level - 1:
            raise ValidationError(f"“{level.label}”只能放在“{Level(level - 1).label}”之下。")

    def _open_gap(
        self,
        s: Session,
        plan_id: int,
        parent_id: int | None,
        position: int,
        exclude: int | None = None,
        by: int = 1,
    ) -> None:
        cond = _siblings(plan_id, parent_id) & (m.NodeRow.position >= position)
        if exclude is not None:
            cond = cond & (m.NodeRow.id != exclude)
        s.execute(sa.update(m.NodeRow).where(cond).values(position=m.NodeRow.position + by))

    def _close_gap(
        self,
        s: Session,
        plan_id: int,
        parent_id: int | None,
        position: int,
        exclude: int | None = None,
    ) -> None:
        cond = _siblings(plan_id, parent_id) & (m.NodeRow.position > position)
        if exclude is not None:
            cond = cond & (m.NodeRow.id != exclude)
        s.execute(sa.update(m.NodeRow).where(cond).values(position=m.NodeRow.position - 1))

    @collector_paused()
    def _insert_drafts(
        self,
        s: Session,
        plan_id: int,
        parent_id: int | None,
        position: int,
        drafts: Iterable[NodeDraft],
        same_as: Mapping[str, str] | None = None,
    ) -> list[int]:
        """Bulk insert draft subtrees with ids assigned here (fast for 10,000 rows)."""
        next_id = (s.scalar(sa.select(sa.func.max(m.NodeRow.id))) or 0) + 1
        rows: list[tuple] = []  # in _NEW_NODE_COLS order
        pending_links: list[tuple[int, list[UnitRef]]] = []
        top_ids: list[int] = []

        def walk(d: NodeDraft, parent: int | None, pos: int) -> int:
            nonlocal next_id
            nid = next_id
            next_id += 1
            if not d.text.strip() and d.level != Level.CLAUSE:
                raise ValidationError(f"有一行“{d.level.label}”内容为空，无法保存。")
            rows.append(
                (
                    nid, plan_id, parent, int(d.level), pos, d.number, d.text, d.duties,
                    d.units_raw, new_key(), d.units_text, d.deadline_text, d.remark,
                    _dump_extras(d.extras),
                )
            )  # fmt: skip
            if d.units:
                pending_links.append((nid, d.units))
            for i, child in enumerate(d.children):
                if child.level != d.level + 1:
                    raise ValidationError("层级不连续：每一级只能直接包含下一级。")
                walk(child, nid, i)
            return nid

        for i, d in enumerate(drafts):
            top_ids.append(walk(d, parent_id, position + i))
        unit_cache: dict[str, int] = {}
        link_rows = []
        same_as = same_as or {}
        roles = _ROLE_VALUES  # Role.value is a property: 6 ms of 31,000 links
        for nid, refs in pending_links:
            linked: set[int] = set()
            for ref in refs:
                if ref.wording not in unit_cache:
                    unit_cache[ref.wording] = resolve_unit(s, ref.wording, same_as.get(ref.wording))
                unit_id = unit_cache[ref.wording]
                if unit_id in linked:  # 县农业局牵头，农业局部门配合: one unit, its first role
                    continue
                linked.add(unit_id)
                link_rows.append((nid, unit_id, roles[ref.role], ref.wording, len(linked) - 1))
        if not rows:
            return top_ids
        # One executemany per table straight to SQLite: SQLAlchemy's ORM bulk insert
        # spent 0.9 s of storing 10,000 sub-items on building parameters, Core 0.25 s.
        s.flush()
        with journal.unjournaled(s) as conn:
            try:
                conn.executemany(_insert_sql("node", _NODE_COLS), rows)
            except sqlite3.IntegrityError as exc:  # a wrong level slipped past the checks
                raise ValidationError("数据不符合“条-款-项-小项”的层级结构。") from exc
            if link_rows:
                conn.executemany(_insert_sql("node_unit", _LINK_COLS[1:]), link_rows)
        return top_ids


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


# Any number of ids as one parameter: a JSON array (SQLite caps a statement's variables).
_JSON_IDS = "(SELECT value FROM json_each(?))"


def _subtree_ids(cur: sqlite3.Cursor, node_id: int) -> list[int]:
    ids = [node_id]
    frontier = [node_id]
    while frontier:
        frontier = [
            r[0]
            for r in cur.execute(
                f"SELECT id FROM node WHERE parent_id IN {_JSON_IDS}", (json.dumps(frontier),)
            )
        ]
        ids.extend(frontier)
    return ids


@collector_paused()
def _build(
    cur: sqlite3.Cursor, node_where: str, link_where: str, args: tuple, top: int | None = None
) -> list[Node]:
    rows = cur.execute(
        "SELECT id, parent_id, level, number, text, duties, units_raw, key, units_text, "
        f"deadline_text, remark, extras FROM node WHERE {node_where} "
        "ORDER BY level, parent_id, position",
        args,
    ).fetchall()
    links = cur.execute(
        f"SELECT node_id, unit_id, role, wording FROM node_unit WHERE {link_where} "
        "ORDER BY node_id, position",
        args,
    ).fetchall()
    by_id: dict[int, Node] = {}
    roots: list[Node] = []
    levels = Level._value2member_map_  # a dict lookup: Level(x) is 5× slower at 10,000 rows
    for nid, parent_id, level, number, text, duties, raw, key, utext, dl, remark, ex in rows:
        node = Node(nid, levels[level], number, text, duties, [], raw, key, utext, dl, remark)
        node.extras = load_extras(ex)
        by_id[nid] = node
        if parent_id is None or nid == top:
            roots.append(node)
        else:
            parent = by_id[parent_id]
            node.parent = parent
            parent.children.append(node)
    roles = Role._value2member_map_
    for node_id, unit_id, role, wording in links:
        by_id[node_id].units.append(UnitLink(unit_id, roles[role], wording))  # type: ignore[arg-type]
    return roots
