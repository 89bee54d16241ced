"""The history of changes (修改记录): every edit as its change record was stored, read
back per node or per plan, in words a clerk and an inspector (督查) understand."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from .db.database import Database
from .db.lazy import m, sa
from .domain import ROLE_LABELS, Level, Role
from .progress import STATUS_LABELS, Status

WORDS = {
    "number": "编号",
    "text": "内容",
    "duties": "具体工作内容",
    "units_text": "责任单位写法",
    "units_raw": "未识别的责任单位",
    "deadline_text": "完成时限（原文）",
    "remark": "备注",
    "extras": "其他列",
}
SHORT = 60  # characters of a text shown on each side of "→"
_ROLES = {r.value for r in Role}
_STATUSES = {s.value for s in Status}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    at: datetime
    user: str
    label: str
    what: str  # the node it was about, as "小项 1、加大…"
    lines: tuple[str, ...]  # old → new, one per change
    node_id: int | None = None


class HistoryService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_node(self, node_id: int, limit: int = 200) -> list[HistoryEntry]:
        """What happened to one node (and what hangs on it), newest first."""
        ids = sa.select(m.HistoryNodeRow.history_id).where(m.HistoryNodeRow.node_id == node_id)
        return self._read(m.HistoryRow.id.in_(ids), limit, only=node_id)

    def for_plan(
        self,
        plan_id: int,
        since: date | None = None,
        until: date | None = None,
        unit_id: int | None = None,
        kind: str = "",
        limit: int = 100_000,
    ) -> list[HistoryEntry]:
        """The plan's history, newest first: between two dates, touching a unit's
        sub-items and items, or of one kind (words the label contains: 进展, 删除…)."""
        nodes = sa.select(m.HistoryNodeRow.history_id).where(m.HistoryNodeRow.plan_id == plan_id)
        if unit_id is not None:
            linked = sa.select(m.NodeUnitRow.node_id).where(m.NodeUnitRow.unit_id == unit_id)
            nodes = nodes.where(m.HistoryNodeRow.node_id.in_(linked))
        cond = m.HistoryRow.id.in_(nodes)
        if since is not None:
            cond = cond & (m.HistoryRow.at >= datetime.combine(since, time.min))
        if until is not None:
            cond = cond & (m.HistoryRow.at <= datetime.combine(until, time.max))
        if kind:
            cond = cond & m.HistoryRow.label.contains(kind)
        return self._read(cond, limit)

    def _read(self, cond: object, limit: int, only: int | None = None) -> list[HistoryEntry]:
        with self.db.session() as s:
            rows = list(
                s.execute(
                    sa.select(m.HistoryRow)
                    .where(cond)
                    .order_by(m.HistoryRow.id.desc())
                    .limit(limit)
                ).scalars()
            )
            entries = [_entry(r, only) for r in rows]
            # An entry names its node as it is now; a deleted one as the record has it.
            missing = {e.node_id for e in entries if e.node_id is not None}
            names = {
                nid: _node_label({"level": lv, "number": num, "text": text})
                for nid, lv, num, text in s.execute(
                    sa.select(
                        m.NodeRow.id, m.NodeRow.level, m.NodeRow.number, m.NodeRow.text
                    ).where(m.NodeRow.id.in_(missing))
                )
            }
        return [replace(e, what=names[e.node_id]) if e.node_id in names else e for e in entries]

    def export_xlsx(self, path: Path, entries: list[HistoryEntry], title: str) -> None:
        """The history as a workbook for 督查: one row per change."""
        from .export.simple_xlsx import write_list

        write_list(
            path,
            "修改记录",
            title,
            (("时间", 19), ("操作人", 10), ("操作", 24), ("条目", 36), ("修改内容", 70)),
            (
                (f"{e.at:%Y-%m-%d %H:%M:%S}", e.user, e.label, e.what, "\n".join(e.lines))
                for e in entries
            ),
        )


def _entry(row: m.HistoryRow, only: int | None) -> HistoryEntry:
    try:
        record = json.loads(row.record)
    except ValueError:
        record = {"rows": []}
    if isinstance(record, list):
        record = {"rows": record}
    rows = [r for r in record.get("rows", []) if isinstance(r, list) and len(r) == 4]
    main = record.get("node_id")
    lines = describe(rows, main if only is None else only, only)
    return HistoryEntry(
        row.id, row.at, row.user, row.label, _what(rows, main or only), tuple(lines)
    )


def _cut(text: object) -> str:
    s = "" if text is None else str(text).replace("\n", " ")
    return s if len(s) <= SHORT else s[: SHORT - 1] + "…"


def _node_label(row: dict) -> str:
    level = row.get("level")
    name = Level(level).label if level in (1, 2, 3, 4) else "条目"
    return f"{name} {_cut((row.get('number') or '') + (row.get('text') or ''))}"


def _what(rows: list[list], node_id: int | None) -> str:
    for table, row_id, before, after in rows:
        if table == "node" and row_id == node_id:
            state = {**(before or {}), **(after or {})}
            if "level" in state:
                return _node_label(state)
    return ""


def describe(rows: list[list], main: int | None, only: int | None = None) -> list[str]:
    """One line per change, in Chinese. With `only`, the lines about that node."""
    out: list[str] = []
    inserted = {r[1] for r in rows if r[0] == "node" and r[2] is None}
    removed = {r[1] for r in rows if r[0] == "node" and r[3] is None}
    # A node's units are written anew as a whole: say only what differs.
    gone: dict[int, list[tuple[str, str]]] = {}
    came: dict[int, list[tuple[str, str]]] = {}
    for table, _row_id, before, after in rows:
        if table == "node_unit" and (before is None) != (after is None):
            state = after or before or {}
            side = came if before is None else gone
            side.setdefault(state.get("node_id"), []).append(
                (state.get("wording", ""), state.get("role", ""))
            )
    for node_id in sorted(set(gone) | set(came), key=str):
        if node_id in inserted | removed or (only is not None and node_id != only):
            continue
        out.extend(_units_lines(gone.get(node_id, []), came.get(node_id, [])))
    for table, row_id, before, after in rows:
        if table == "node_unit" and (before is None) != (after is None):
            continue
        state = after if after is not None else before or {}
        node_id = row_id if table == "node" else state.get("node_id")
        if only is not None and node_id != only and table not in ("unit", "plan"):
            continue
        line = _LINES.get(table, _other)(row_id, before, after, inserted | removed, main)
        if line:
            out.extend(line)
    return out


def _node(
    row_id: int, before: dict | None, after: dict | None, moved: set, main: int | None
) -> list[str]:
    if before is None and after is not None:
        return [] if after.get("parent_id") in moved else [f"新增{_node_label(after)}"]
    if after is None and before is not None:
        return [] if before.get("parent_id") in moved else [f"删除{_node_label(before)}"]
    assert before is not None and after is not None
    # In an edit of many nodes (重新编号, a rename) each line says which node.
    level = after.get("level")
    who = (
        f"【{Level(level).label} {before.get('number') or '（无编号）'}】"
        if row_id != main and level in (1, 2, 3, 4)
        else ""
    )
    out = [
        f"{who}{WORDS[k]}：{_cut(before[k]) or '（空）'} → {_cut(after[k]) or '（空）'}"
        for k in WORDS
        if k in after and before.get(k) != after.get(k)
    ]
    if "parent_id" in after and row_id == main:
        out.append("移到另一处上级之下")
    elif "position" in after and row_id == main:
        out.append(f"位置：第 {before['position'] + 1} → 第 {after['position'] + 1}")
    return out


def _role(value: str) -> str:
    return ROLE_LABELS[Role(value)] if value in _ROLES else ""


def _units_lines(gone: list[tuple[str, str]], came: list[tuple[str, str]]) -> list[str]:
    before, after = dict(gone), dict(came)
    out = [f"责任单位：去掉 {w}（{_role(r)}）" for w, r in gone if w not in after]
    out += [f"责任单位：添加 {w}（{_role(r)}）" for w, r in came if w not in before]
    out += [
        f"{w}的分工：{_role(before[w])} → {_role(r)}"
        for w, r in came
        if w in before and before[w] != r
    ]
    return out


def _link(
    row_id: int, before: dict | None, after: dict | None, moved: set, main: int | None
) -> list[str]:
    """A link row kept but changed (a rename's wording, a role)."""
    if before is None or after is None or (after.get("node_id") in moved):
        return []
    if "wording" in after:
        return [f"责任单位写法：{before['wording']} → {after['wording']}"]
    if "role" in after:
        return [f"分工：{_role(before['role'])} → {_role(after['role'])}"]
    return []


def _status(value: object) -> str:
    return STATUS_LABELS[Status(value)] if value in _STATUSES else ""


def _progress(
    row_id: int, before: dict | None, after: dict | None, moved: set, main: int | None
) -> list[str]:
    if (after or before or {}).get("node_id") in moved:
        return []
    if after is None:
        return ["删除本期进展"]
    if before is None:
        text = _cut(after.get("text"))
        return [f"填报进展：{_status(after.get('status'))}" + (f"，{text}" if text else "")]
    out = []
    if "status" in after:
        out.append(f"完成状态：{_status(before['status'])} → {_status(after['status'])}")
    for key, name in (
        ("text", "进展情况"),
        ("lag_reason", "滞后原因"),
        ("completed_on", "完成日期"),
        ("note", "备注"),
    ):
        if key in after:
            out.append(f"{name}：{_cut(before.get(key)) or '（空）'} → {_cut(after[key]) or '（空）'}")
    return out


def _deadline(
    row_id: int, before: dict | None, after: dict | None, moved: set, main: int | None
) -> list[str]:
    if (after or before or {}).get("node_id") in moved:
        return []
    old = (before or {}).get("due") or "（未确认）"
    new = (after or {}).get("due") or "（未确认）"
    return [f"完成时限：{old} → {new}"]


def _attachment(
    row_id: int, before: dict | None, after: dict | None, moved: set, main: int | None
) -> list[str]:
    state = after or before or {}
    if state.get("node_id") in moved:
        return []
    if before is None:
        return [f"添加佐证材料：{state.get('original_name', '')}"]
    if after is None:
        return [f"移除佐证材料：{state.get('original_name', '')}"]
    if "note" in after:
        return [
            f"佐证材料备注：{_cut(before['note']) or '（空）'} → {_cut(after['note']) or '（空）'}"
        ]
    return []


def _unit(
    row_id: int, before: dict | None, after: dict | None, moved: set, main: int | None
) -> list[str]:
    if before is None:
        return [f"新单位：{(after or {}).get('name', '')}"]
    if after is None:
        return [f"单位“{before.get('name', '')}”并入另一单位"]
    return [f"单位名称：{before.get('name')} → {after.get('name')}"] if "name" in after else []


def _plan(
    row_id: int, before: dict | None, after: dict | None, moved: set, main: int | None
) -> list[str]:
    if before is not None and after is not None and "auto_number" in after:
        return ["编号随位置更新：" + ("开启" if after["auto_number"] else "关闭")]
    return []


def _other(
    row_id: int, before: dict | None, after: dict | None, moved: set, main: int | None
) -> list[str]:
    return []


_LINES: dict[str, Callable[[int, dict | None, dict | None, set, int | None], list[str]]] = {
    "node": _node,
    "node_unit": _link,
    "progress": _progress,
    "deadline": _deadline,
    "attachment": _attachment,
    "unit": _unit,
    "plan": _plan,
}
