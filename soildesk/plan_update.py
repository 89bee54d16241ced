"""用新版任务分解表更新: apply a revised breakdown (an export SoilDesk made, edited by the
city; or a new table of the same plan) to the stored plan. Rows are matched by the
hidden keys of an export, then by their words; the review lists what is added, removed,
moved and reworded; matched nodes keep their ids, so progress, deadlines and evidence
stay on them; the update is one transaction, one undo step.

A sub-item the new table drops but that carries progress, a deadline or evidence is a
conflict: it is kept unless the clerk chooses to delete it (with --yes: kept)."""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .changes import Change
from .db.database import Database
from .db.lazy import m, sa
from .domain import Level, Node, NodeDraft, PlanInfo
from .errors import ValidationError
from .importing.table import ImportResult, clean_cell, reads_as_a_return
from .node_keys import new_key
from .plans import PlanService
from .unit_text import unit_cell
from .units import write_links

SIMILAR = 0.6
KEYED = 0.3  # a row in its exported place, with its key: reworded, not replaced
MAX_PAIRS = 400_000  # similarity is quadratic: beyond this, unmatched rows stay unmatched
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass
class UpdateItem:
    kind: str  # 'added', 'removed', 'moved', 'reworded'
    level: Level
    label: str
    details: list[str] = field(default_factory=list)
    node_id: int | None = None  # the stored node (removed, moved, reworded)
    carries: str = ""  # what a removed node has: 进展 2 条、佐证材料 1 个


@dataclass
class UpdateReview:
    plan: PlanInfo
    path: Path
    result: ImportResult
    matches: dict[int, int]  # id(draft) -> stored node id
    how: dict[int, str]  # id(draft) -> 'key', 'text', 'similar', 'children'
    items: list[UpdateItem]
    unchanged: int
    keep: set[int] = field(default_factory=set)  # removed nodes kept (the conflicts)
    # node id -> fields whose new words are the ones the plan shows, though stored
    # otherwise (the clerk's spacing, a wording composed from the units): kept as stored
    same: dict[int, set[str]] = field(default_factory=dict)

    def count(self, kind: str) -> int:
        return sum(i.kind == kind for i in self.items)

    @property
    def conflicts(self) -> list[UpdateItem]:
        return [i for i in self.items if i.kind == "removed" and i.carries]

    @property
    def empty(self) -> bool:
        return not self.items

    @property
    def only_kept(self) -> bool:
        """Nothing would change but the dropped rows kept for what they carry."""
        return bool(self.items) and all(
            i.kind == "removed" and i.node_id in self.keep for i in self.items
        )


def _walk(nodes: list) -> list:
    out, stack = [], list(reversed(nodes))
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.children))
    return out


def _links(node: Node) -> list[tuple[str, str]]:
    return [(u.wording, u.role.value) for u in node.units]


def _draft_links(d: NodeDraft) -> list[tuple[str, str]]:
    return [(u.wording, u.role.value) for u in d.units]


WORDS = (
    ("number", "编号"), ("text", "内容"), ("duties", "具体工作内容"), ("units_text", "责任单位"),
    ("deadline_text", "完成时限"), ("remark", "备注"),
)  # fmt: skip


def absent_words(drafts: list[NodeDraft]) -> set[str]:
    """The words a new table does not carry at all (the other shape has no 具体工作内容,
    a table without numbers none): kept as they are, never blanked."""
    out = {
        attr
        for attr, _label in (*WORDS, ("extras", ""), ("units_raw", ""))
        if attr != "text" and not any(getattr(d, attr) for d in drafts)
    }
    return out


def _same_words(old: str, new: str) -> bool:
    """Whether a cell read from the new table says what the plan has: the import trims
    a cell and collapses runs of spaces (and says so), so a text the clerk typed with a
    space at its end comes back without it, unchanged."""
    return old == new or clean_cell(old)[0] == new


def _shown(node: Node, attr: str) -> str:
    """A field as exports write it: a 责任单位 the document did not word (a draft, units
    set by hand) is composed from the units."""
    if attr == "units_text":
        return unit_cell(node, node.number if node.level == Level.SUBITEM else "")
    return str(getattr(node, attr))


def _same_fields(node: Node, d: NodeDraft, absent: set[str]) -> set[str]:
    """The fields stored otherwise than the new table has them, in the same words; and
    "units" when the 责任单位 reads the same but the plan's units are not what those
    words parse to: the plan knows more than its words (a draft's 以下均需…负责落实, a
    merge the clerk confirmed, units set by hand), and re-reading dropped it."""
    same = {
        attr
        for attr, _label in WORDS
        if attr not in absent
        and getattr(node, attr) != getattr(d, attr)
        and _same_words(_shown(node, attr), getattr(d, attr))
    }
    if (
        "units_text" not in absent
        and _links(node) != _draft_links(d)
        and _same_words(_shown(node, "units_text"), d.units_text)
    ):
        same.add("units")
    return same


def _reworded(
    node: Node, d: NodeDraft, absent: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    out = []
    for attr, label in WORDS:
        if attr in absent:
            continue
        old, new = _shown(node, attr), getattr(d, attr)
        if not _same_words(old, new):
            out.append(f"{label}：{_diff(old, new)}")
    if node.extras != d.extras and "extras" not in absent:
        out.append("其他列的内容有变化")
    return out


def _diff(old: str, new: str, n: int = 30) -> str:
    """Old → new around where they differ (a long text's change is seldom at its start)."""
    if len(old) <= n and len(new) <= n:
        return f"{old or '（空）'} → {new or '（空）'}"
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    q = 0
    while q < min(len(old), len(new)) - p and old[-1 - q] == new[-1 - q]:
        q += 1
    start = max(0, p - 8)
    pre, post = ("…" if start else ""), ("…" if q else "")
    a, b = old[start : len(old) - q], new[start : len(new) - q]
    return f"{pre}{_cut(a, n)}{post} → {pre}{_cut(b, n)}{post}"


def _cut(text: str, n: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"


def _sub_keys(path: Path, drafts: list[NodeDraft]) -> dict[int, tuple[str, str]]:
    """id(draft sub-item) -> (key, how found), from an export's hidden key sheet."""
    if path.suffix.lower() != ".xlsx":
        return {}
    from .importing.row_keys import match_rows

    try:
        matches = match_rows(path)
    except (ValidationError, ValueError, TypeError, KeyError, zipfile.BadZipFile):
        return {}  # a key sheet that does not read (edited by hand): matched by words
    if not matches or len(matches) != len(drafts):
        return {}
    return {id(d): (r.sub_key, r.how) for d, r in zip(drafts, matches, strict=True) if r.sub_key}


def _refuse_a_return(plan: PlanInfo, path: Path, result: ImportResult) -> None:
    """The return to the city has the breakdown's columns and then its own; read as a
    revised table it proposed its 进展情况 and 完成状态 as new columns of every task."""
    # A plan whose own table had such columns may be updated with that table.
    if reads_as_a_return(set(result.extra_columns) - set(plan.extra_columns)):
        raise ValidationError(
            f"{path.name} 是进展情况表（报送给市里的表），不是任务分解表，不能用来更新计划。"
            "请选择新版的任务分解表；部门填好的填报表请用“进展 › 收录部门填报表…”收录。"
        )


def build_update(db: Database, plan: PlanInfo, path: Path, result: ImportResult) -> UpdateReview:
    """Match the new table's rows to the plan's nodes and list the differences."""
    _refuse_a_return(plan, path, result)
    roots = PlanService(db).load_tree(plan.id)
    old_all = _walk(roots)
    new_all = _walk(result.roots)
    by_key = {n.key: n for n in old_all}
    matches: dict[int, int] = {}
    how: dict[int, str] = {}
    taken: set[int] = set()

    def take(d: NodeDraft, n: Node, why: str) -> None:
        matches[id(d)] = n.id
        how[id(d)] = why
        taken.add(n.id)

    parent_id = {n.id: (n.parent.id if n.parent else None) for n in old_all}
    by_id = {n.id: n for n in old_all}
    new_subs = [d for d in new_all if d.level == Level.SUBITEM]
    keys = _sub_keys(path, new_subs)  # 1. the export's own keys
    for d in new_subs:
        key, found = keys.get(id(d), ("", ""))
        n = by_key.get(key)
        if n is None or n.level != Level.SUBITEM or n.id in taken:
            continue
        # A row found by its place alone may be a new task typed where a dropped one
        # stood: it takes that key only if its words still resemble the old ones.
        if found == "row" and SequenceMatcher(None, _norm(d.text), _norm(n.text)).ratio() < KEYED:
            continue
        take(d, n, "key")
    for level in (Level.SUBITEM, Level.ITEM, Level.CLAUSE, Level.ARTICLE):
        drafts = [d for d in new_all if d.level == level and id(d) not in matches]
        olds = [n for n in old_all if n.level == level and n.id not in taken]
        if level != Level.SUBITEM:  # 2. the parent most of its matched children had
            for d in drafts:
                votes = Counter(parent_id[matches[id(c)]] for c in d.children if id(c) in matches)
                for voted, _n in votes.most_common():
                    if voted is not None and voted not in taken and by_id[voted].level == level:
                        take(d, by_id[voted], "children")
                        break
            drafts = [d for d in drafts if id(d) not in matches]
            olds = [n for n in olds if n.id not in taken]
        exact: dict[str, list[Node]] = {}
        for n in olds:  # 3. the same words
            exact.setdefault(_norm(n.text), []).append(n)
        for d in drafts:
            for n in exact.get(_norm(d.text), []):
                if n.id not in taken:
                    take(d, n, "text")
                    break
        drafts = [d for d in drafts if id(d) not in matches]
        olds = [n for n in olds if n.id not in taken]
        if drafts and olds and len(drafts) * len(olds) <= MAX_PAIRS:  # 4. similar words
            pairs = []
            for d in drafts:
                for n in olds:
                    sm = SequenceMatcher(None, _norm(d.text), _norm(n.text), autojunk=False)
                    if sm.real_quick_ratio() >= SIMILAR and sm.quick_ratio() >= SIMILAR:
                        ratio = sm.ratio()
                        if ratio >= SIMILAR:
                            pairs.append((ratio, id(d), d, n))
            for _ratio, _i, d, n in sorted(pairs, key=lambda p: -p[0]):
                if id(d) not in matches and n.id not in taken:
                    take(d, n, "similar")
    return _review(db, plan, path, result, old_all, new_all, matches, how)


def _review(
    db: Database,
    plan: PlanInfo,
    path: Path,
    result: ImportResult,
    old_all: list[Node],
    new_all: list[NodeDraft],
    matches: dict[int, int],
    how: dict[int, str],
) -> UpdateReview:
    by_id = {n.id: n for n in old_all}
    absent = absent_words(new_all)
    items: list[UpdateItem] = []
    unchanged = 0
    parent_of: dict[int, int | None] = {}  # id(draft) -> new parent's stored id (or None)
    parents: dict[int, NodeDraft] = {}  # id(draft) -> its parent in the new table

    def visit(drafts: list[NodeDraft], parent_draft: NodeDraft | None) -> None:
        for d in drafts:
            parent_of[id(d)] = matches.get(id(parent_draft)) if parent_draft else None
            if parent_draft is not None:
                parents[id(d)] = parent_draft
            visit(d.children, d)

    visit(result.roots, None)
    same: dict[int, set[str]] = {}
    for d in new_all:
        nid = matches.get(id(d))
        label = f"{d.number}{d.text}"
        if nid is None:
            items.append(UpdateItem("added", d.level, label))
            continue
        node = by_id[nid]
        words = _reworded(node, d, absent)
        if kept := _same_fields(node, d, absent):
            same[nid] = kept
        old_parent = node.parent.id if node.parent else None
        moved = old_parent != parent_of[id(d)] and not (
            d.level > Level.ARTICLE and parent_of[id(d)] is None
        )
        if words:
            items.append(UpdateItem("reworded", d.level, label, words, nid))
        if moved:
            where = f"{node.parent.display[:20]}…" if node.parent else "顶层"
            new_parent = parents.get(id(d))
            now = f"{_cut(f'{new_parent.number}{new_parent.text}', 20)}" if new_parent else "顶层"
            items.append(
                UpdateItem("moved", d.level, label, [f"原在：{where}", f"现在：{now}"], nid)
            )
        if not words and not moved:
            unchanged += 1
    matched = set(matches.values())
    carries = _carried(db, [n.id for n in old_all if n.id not in matched])
    keep: set[int] = set()
    for n in old_all:
        if n.id not in matched:
            what = carries.get(n.id, "")
            items.append(UpdateItem("removed", n.level, n.display, [], n.id, what))
            if what:
                keep.add(n.id)
    return UpdateReview(plan, path, result, matches, how, items, unchanged, keep, same)


def _carried(db: Database, node_ids: list[int]) -> dict[int, str]:
    """What each node (with its subtree) holds that would go with it."""
    if not node_ids:
        return {}
    ids = json.dumps(node_ids)
    with db.read() as cur:
        counts: dict[int, Counter[str]] = {}
        for table, label in (
            ("progress", "进展"),
            ("attachment", "佐证材料"),
            ("deadline", "完成时限"),
        ):
            for node_id, n in cur.execute(
                f"SELECT node_id, count(*) FROM {table} WHERE node_id IN "
                f"(SELECT value FROM json_each(?)) GROUP BY node_id",
                (ids,),
            ):
                counts.setdefault(node_id, Counter())[label] += n
    return {
        nid: "、".join(f"{label} {n} 条" if label != "佐证材料" else f"{label} {n} 个"
                      for label, n in c.items())
        for nid, c in counts.items()
    }  # fmt: skip


def apply_update(db: Database, review: UpdateReview) -> Change:
    """Rewrite the plan's tree as the new table has it, in one recorded transaction."""
    plan_id = review.plan.id
    keep = set(review.keep)
    absent = absent_words(_walk(review.result.roots))
    with db.change(f"用新版任务分解表更新（{review.path.name}）") as (s, rec):
        rows = {
            r.id: r
            for r in s.execute(sa.select(m.NodeRow).where(m.NodeRow.plan_id == plan_id)).scalars()
        }
        links: dict[int, list[tuple[str, str]]] = {}
        for node_id, wording, role in s.execute(
            sa.select(m.NodeUnitRow.node_id, m.NodeUnitRow.wording, m.NodeUnitRow.role)
            .join(m.NodeRow, m.NodeRow.id == m.NodeUnitRow.node_id)
            .where(m.NodeRow.plan_id == plan_id)
            .order_by(m.NodeUnitRow.node_id, m.NodeUnitRow.position)
        ):
            links.setdefault(node_id, []).append((wording, role))
        old_order: dict[int | None, list[int]] = {}  # the siblings as they stood
        for r in sorted(rows.values(), key=lambda r: r.position):
            old_order.setdefault(r.parent_id, []).append(r.id)
        order: dict[int | None, list[int]] = {}  # parent id -> its children, new order
        objs: dict[int, m.NodeRow] = dict(rows)

        def place(d: NodeDraft, parent_id: int | None, pos: int) -> None:
            nid = review.matches.get(id(d))
            values = {attr: getattr(d, attr) for attr, _ in WORDS if attr not in absent}
            if "units_raw" not in absent or "units_text" not in absent:
                values["units_raw"] = d.units_raw
            if "extras" not in absent:
                values["extras"] = json.dumps(d.extras, ensure_ascii=False) if d.extras else ""
            if nid is None:
                row = m.NodeRow(plan_id=plan_id, parent_id=parent_id, level=int(d.level),
                                position=pos, key=new_key(), **values)  # fmt: skip
                s.add(row)
                s.flush()
                nid = row.id
                objs[nid] = row
                if d.units:
                    write_links(s, nid, d.units)
            else:
                row = rows[nid]
                kept = review.same.get(nid, set())
                for attr, value in values.items():
                    if attr not in kept and getattr(row, attr) != value:
                        setattr(row, attr, value)
                if (row.parent_id, row.position) != (parent_id, pos):
                    row.parent_id, row.position = parent_id, pos
                if (
                    "units_text" not in absent
                    and "units" not in kept
                    and links.get(nid, []) != _draft_links(d)
                ):
                    write_links(s, nid, d.units)
            order.setdefault(parent_id, []).append(nid)
            for i, child in enumerate(d.children):
                place(child, nid, i)

        for i, d in enumerate(review.result.roots):
            place(d, None, i)
        matched = set(review.matches.values())
        # Kept nodes keep their parents: a parent of a kept node is kept too.
        for nid in list(keep):
            p = rows[nid].parent_id
            while p is not None and p not in matched:
                keep.add(p)
                p = rows[p].parent_id
        # A kept node stays after the sibling it followed (not at the end: 1、2、4、3).
        touched: set[int | None] = set()
        for nid in sorted(keep, key=lambda i: rows[i].level):
            parent = rows[nid].parent_id
            seq = order.setdefault(parent, [])
            before = old_order.get(parent, [])
            earlier = before[: before.index(nid)] if nid in before else []
            after = next((seq.index(e) + 1 for e in reversed(earlier) if e in seq), 0)
            seq.insert(after, nid)
            touched.add(parent)
        for parent in touched:
            for pos, nid in enumerate(order[parent]):
                if objs[nid].position != pos:
                    objs[nid].position = pos
        gone = [r for nid, r in rows.items() if nid not in matched and nid not in keep]
        for r in sorted(gone, key=lambda r: -r.level):
            s.delete(r)
        plan = s.get(m.PlanRow, plan_id)
        extra = (
            json.dumps(review.result.extra_columns, ensure_ascii=False)
            if review.result.extra_columns
            else ""
        )
        if plan is not None and plan.extra_columns != extra and review.result.extra_columns:
            plan.extra_columns = extra
    assert rec.change is not None
    return rec.change
