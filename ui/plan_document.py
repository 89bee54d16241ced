"""The open plan as every view sees it: its nodes and their progress in the period, kept
in step with the store by applying change records. The tree and the table listen to it;
neither is told about an edit any other way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance

from soildesk.changes import NODE_DEPENDENTS, NODE_WORDS, Change
from soildesk.domain import Level, Node
from soildesk.plans import PlanService, load_extras
from soildesk.rollup import Rollup, rollups
from soildesk.task_state import TaskState

ALL_NODES = -1  # nodes_changed's argument when every row changed


class DocumentView(Protocol):
    """What a view is told, around each change of the tree's shape."""

    def before_reset(self) -> None: ...
    def after_reset(self) -> None: ...
    def before_insert(self, parent: Node | None, row: int) -> None: ...
    def after_insert(self) -> None: ...
    def before_remove(self, parent: Node | None, row: int) -> None: ...
    def after_remove(self) -> None: ...
    def before_move(
        self, old_parent: Node | None, old_row: int, new_parent: Node | None, new_row: int
    ) -> None: ...
    def after_move(self) -> None: ...


class PlanDocument(QObject):
    nodes_changed = Signal(int)  # a node id whose words or units changed, or ALL_NODES
    marks_changed = Signal(int)  # a node whose progress marks changed, or ALL_NODES
    structure_changed = Signal()  # rows added, removed or moved (after the views knew)
    units_changed = Signal()  # a unit's name or a node's units changed
    states_changed = Signal()  # progress, deadlines or evidence changed
    plan_changed = Signal()  # the plan's own row (its numbering setting)

    def __init__(self, plans: PlanService | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plans = plans
        self.roots: list[Node] = []
        self._by_id: dict[int, Node] = {}
        self.states: dict[int, TaskState] = {}  # sub-item id -> its progress in the period
        self.rollups: dict[int, Rollup] = {}  # article, clause or item id -> its sub-items' roll-up
        self.views: list[DocumentView] = []
        self.compute_states: Callable[[], dict[int, TaskState]] = dict

    # -- lookup ----------------------------------------------------------------
    def node(self, node_id: int) -> Node | None:
        return self._by_id.get(node_id)

    def all_nodes(self) -> list[Node]:
        return list(self._by_id.values())

    def siblings(self, parent: Node | None) -> list[Node]:
        return parent.children if parent else self.roots

    def counts(self) -> dict[Level, int]:
        counts = dict.fromkeys(Level, 0)
        for n in self._by_id.values():
            counts[n.level] += 1
        return counts

    def _compute(self) -> None:
        self.states = self.compute_states()
        self.rollups = rollups(self.roots, self.states)

    # -- loading -----------------------------------------------------------------
    def load(self, roots: list[Node]) -> None:
        for view in self.views:
            view.before_reset()
        self.roots = roots
        self._by_id = {}
        for r in roots:
            self._register(r)
        self._compute()
        for view in self.views:
            view.after_reset()
        self.structure_changed.emit()

    def refresh_states(self, node_ids: set[int] | None = None) -> None:
        """Progress marks again (a period switch: node_ids None, every row)."""
        self._compute()
        self._announce(self.marks_changed, node_ids)
        self.states_changed.emit()

    # -- applying a change record -------------------------------------------------
    def apply(self, change: Change) -> None:
        """Show what a change did to the store (after it committed, or was undone)."""
        if self._tangled(change):
            self._reload(change)
            return
        removed = change.removed()
        gone = {row["id"] for row in removed}
        for row in removed:  # the tops of removed subtrees; their children go with them
            node = self._by_id.get(row["id"])
            if node is not None and (row["parent_id"] not in gone):
                self._remove(node)
        inserted = change.inserted()
        if inserted or change.touched(("node_unit",)):
            assert self.plans is not None, "a preview document is never edited"
        new = {row["id"] for row in inserted}
        for row in inserted:
            if row["parent_id"] not in new:
                node = self.plans.load_subtree(row["id"])  # type: ignore[union-attr]
                self._insert(row["parent_id"], row["position"], node)
        self._place(change.placed())
        changed: set[int] = set()
        for edit in change.fields():
            node = self._by_id.get(edit.node_id)
            if node is not None and edit.field in NODE_WORDS:
                value = edit.new or ""
                setattr(node, edit.field, load_extras(value) if edit.field == "extras" else value)
                changed.add(edit.node_id)
        linked = {n for n in change.touched(("node_unit",)) if n in self._by_id}
        if linked:
            self._reload_links(linked)
            changed |= linked
        structural = bool(removed or inserted or change.placed())
        marks = {n for n in change.touched(NODE_DEPENDENTS[1:]) if n in self._by_id}
        if structural or marks:
            self._compute()
        if structural:
            self.structure_changed.emit()
        if changed:
            self._announce(self.nodes_changed, changed)
        if marks:  # their items, clauses and articles show new roll-ups too
            self._announce(self.marks_changed, marks | self._ancestors(marks))
        if marks or structural:
            self.states_changed.emit()
        if linked or change.units_changed:
            self.units_changed.emit()
        if any(r.table == "plan" for r in change.rows):
            self.plan_changed.emit()

    def _tangled(self, change: Change) -> bool:
        """Whether nodes moved out of a removed subtree or into an inserted one (a whole
        table updated from the city's revision): then the tree is read again, since
        removing or loading those subtrees would lose or double the moved nodes."""
        removed = change.removed()
        inserted = change.inserted()
        if not (removed or inserted) or not change.placed():
            return False
        gone = {row["id"] for row in removed}
        for row in removed:
            node = self._by_id.get(row["id"])
            stack = list(node.children) if node is not None else []
            while stack:
                n = stack.pop()
                if n.id not in gone:
                    return True
                stack.extend(n.children)
        new = {row["id"] for row in inserted}
        return any(parent in new for parent, _pos in change.placed().values())

    def _reload(self, change: Change) -> None:
        assert self.plans is not None, "a preview document is never edited"
        plan_id = next(
            (r.after or r.before or {}).get("plan_id") for r in change.rows if r.table == "node"
        )
        self.load(self.plans.load_tree(plan_id))
        self.states_changed.emit()
        if change.units_changed or change.touched(("node_unit",)):
            self.units_changed.emit()
        if any(r.table == "plan" for r in change.rows):
            self.plan_changed.emit()

    def _ancestors(self, node_ids: set[int]) -> set[int]:
        out: set[int] = set()
        for node_id in node_ids:
            n = self._by_id[node_id].parent
            while n is not None and n.id not in out:
                out.add(n.id)
                n = n.parent
        return out

    @staticmethod
    def _announce(signal: SignalInstance, node_ids: set[int] | None) -> None:
        if node_ids is None or len(node_ids) > 200:
            signal.emit(ALL_NODES)
        else:
            for node_id in sorted(node_ids):
                signal.emit(node_id)

    def _reload_links(self, node_ids: set[int]) -> None:
        assert self.plans is not None
        links = self.plans.load_links_of(node_ids)
        for node_id in node_ids:
            self._by_id[node_id].units = links.get(node_id, [])

    # -- the tree's shape: every view hears before and after --------------------
    def _insert(self, parent_id: int | None, position: int, node: Node) -> None:
        parent = self._by_id[parent_id] if parent_id is not None else None
        siblings = self.siblings(parent)
        position = max(0, min(position, len(siblings)))
        for view in self.views:
            view.before_insert(parent, position)
        node.parent = parent
        siblings.insert(position, node)
        self._register(node)
        for view in self.views:
            view.after_insert()

    def _remove(self, node: Node) -> None:
        siblings = self.siblings(node.parent)
        row = siblings.index(node)
        for view in self.views:
            view.before_remove(node.parent, row)
        siblings.pop(row)
        self._unregister(node)
        node.parent = None
        for view in self.views:
            view.after_remove()

    def _place(self, placed: dict[int, tuple[int | None, int]]) -> None:
        """Move kept nodes to their new (parent, position), each parent's in order of
        position: after the inserts, every node lands where the store has it."""
        for node_id, (parent_id, position) in sorted(placed.items(), key=lambda kv: kv[1][1]):
            node = self._by_id.get(node_id)
            parent = self._by_id.get(parent_id) if parent_id is not None else None
            if node is not None and (parent_id is None or parent is not None):
                self._move(node, parent, position)

    def _move(self, node: Node, new_parent: Node | None, position: int) -> None:
        old_siblings = self.siblings(node.parent)
        old_row = old_siblings.index(node)
        new_siblings = self.siblings(new_parent)
        same = new_siblings is old_siblings
        position = max(0, min(position, len(new_siblings) - (1 if same else 0)))
        if same and position == old_row:
            return
        # Qt counts the destination row before the source row is taken out.
        dest_row = position + 1 if same and position > old_row else position
        for view in self.views:
            view.before_move(node.parent, old_row, new_parent, dest_row)
        old_siblings.pop(old_row)
        new_siblings.insert(position, node)
        node.parent = new_parent
        for view in self.views:
            view.after_move()

    def _register(self, node: Node) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            self._by_id[n.id] = n
            stack.extend(n.children)

    def _unregister(self, node: Node) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            self._by_id.pop(n.id, None)
            stack.extend(n.children)
