"""The plan being edited: its tree model, its undo stack and the edits a clerk makes.

Widgets call these methods; each edit becomes one undo command over the core services."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from soildesk.domain import Level, Node, NodeDraft, UnitLink, UnitRef
from soildesk.numbering import number_for
from soildesk.plans import PlanService
from soildesk.units import UnitService

from .commands import (
    AddNodeCommand,
    DeleteNodeCommand,
    EditNodeCommand,
    MergeUnitsCommand,
    MoveNodeCommand,
    RenameUnitCommand,
    SetUnitsCommand,
)
from .interaction import Interaction
from .tree_model import PlanTreeModel

FIELD_LABELS = {"text": "内容", "number": "编号", "duties": "具体工作内容"}


class PlanSession(QObject):
    units_changed = Signal()

    def __init__(
        self,
        plans: PlanService,
        units: UnitService,
        interaction: Interaction,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.plans = plans
        self.units = units
        self.interaction = interaction
        self.plan_id: int | None = None
        self.model = PlanTreeModel(self)
        self.undo_stack = QUndoStack(self)
        self.model.move_requested.connect(self.move)

    def load_plan(self, plan_id: int | None) -> None:
        self.plan_id = plan_id
        self.undo_stack.clear()
        self.model.set_roots(self.plans.load_tree(plan_id) if plan_id is not None else [])

    def report(self, text: str) -> None:
        self.interaction.error("无法完成操作", text)

    # -- called by commands after the database changed ----------------------
    def apply_fields(self, node_id: int, values: dict[str, str]) -> None:
        node = self.model.node(node_id)
        if node is not None:
            for key, value in values.items():
                setattr(node, key, value)
            self.model.refresh(node_id)

    def apply_units(self, node_id: int, links: list[UnitLink], units_raw: str) -> None:
        node = self.model.node(node_id)
        if node is not None:
            node.units = list(links)
            node.units_raw = units_raw
            self.model.refresh(node_id)
        self.units_changed.emit()

    def reload_links(self) -> None:
        if self.plan_id is not None:
            links = self.plans.load_links(self.plan_id)
            stack = list(self.model.roots())
            while stack:
                node = stack.pop()
                node.units = links.get(node.id, [])
                stack.extend(node.children)
            self.model.refresh_all()
        self.units_changed.emit()

    # -- edits ----------------------------------------------------------------
    def edit(self, node_id: int, **values: str) -> bool:
        """Save changed fields of a node; False when refused (empty required text)."""
        node = self.model.node(node_id)
        if node is None:
            return False
        changed = {k: v for k, v in values.items() if getattr(node, k) != v}
        if not changed:
            return True
        if "text" in changed and not changed["text"].strip() and node.level != Level.CLAUSE:
            self.report(f"“{node.level.label}”的内容不能为空。请填写文字，或删除这一行。")
            return False
        label = "修改" + "、".join(FIELD_LABELS[k] for k in changed)
        self.undo_stack.push(EditNodeCommand(self, node_id, changed, label))
        return True

    def set_units(self, node_id: int, entries: Sequence[UnitLink | UnitRef]) -> None:
        node = self.model.node(node_id)
        if node is None:
            return
        current = [(u.unit_id, u.role, u.wording) for u in node.units]
        wanted = [
            (e.unit_id if isinstance(e, UnitLink) else None, e.role, e.wording) for e in entries
        ]
        if current == wanted and not node.units_raw:
            return
        self.undo_stack.push(SetUnitsCommand(self, node_id, entries))

    def parent_for(self, level: Level, context: Node | None) -> tuple[Node | None, int] | None:
        """Where a new node of `level` goes given the selected node: (parent, position),
        or None when the selection has no place for it."""
        if level == Level.ARTICLE:
            anchor = _ancestor(context, Level.ARTICLE)
            roots = self.model.roots()
            return None, (roots.index(anchor) + 1 if anchor else len(roots))
        parent = _ancestor(context, Level(level - 1))
        if parent is None:
            return None
        anchor = _ancestor(context, level)
        return parent, (parent.children.index(anchor) + 1 if anchor else len(parent.children))

    def add(self, level: Level, context: Node | None) -> int | None:
        if self.plan_id is None:
            return None
        place = self.parent_for(level, context)
        if place is None:
            return None
        parent, position = place
        draft = NodeDraft(level, number=number_for(level, position + 1), text=f"新{level.label}")
        cmd = AddNodeCommand(self, parent.id if parent else None, position, draft)
        self.undo_stack.push(cmd)
        return cmd.node_id

    def delete(self, node_id: int) -> bool:
        node = self.model.node(node_id)
        if node is None:
            return False
        below = _count_below(node)
        detail = f"及其下的 {below} 个条目" if below else ""
        preview = node.display[:40] + ("…" if len(node.display) > 40 else "")
        if not self.interaction.confirm(
            "确认删除",
            f"删除{node.level.label}“{preview}”{detail}？\n删除后可用“撤销”（Ctrl+Z）恢复。",
            "删除",
        ):
            return False
        self.undo_stack.push(DeleteNodeCommand(self, node_id, f"删除{node.level.label}"))
        return True

    def move(self, node_id: int, parent_id: int | None, position: int) -> None:
        self.undo_stack.push(MoveNodeCommand(self, node_id, parent_id, position))

    def move_by(self, node_id: int, step: int) -> None:
        node = self.model.node(node_id)
        if node is None:
            return
        siblings = node.parent.children if node.parent else self.model.roots()
        target = siblings.index(node) + step
        if 0 <= target < len(siblings):
            self.move(node_id, node.parent.id if node.parent else None, target)

    def rename_unit(self, unit_id: int, name: str) -> None:
        self.undo_stack.push(RenameUnitCommand(self, unit_id, name.strip()))

    def merge_units(self, keep_id: int, gone_id: int, label: str) -> None:
        self.undo_stack.push(MergeUnitsCommand(self, keep_id, gone_id, label))


def _ancestor(node: Node | None, level: Level) -> Node | None:
    while node is not None and node.level > level:
        node = node.parent
    return node if node is not None and node.level == level else None


def _count_below(node: Node) -> int:
    stack, n = list(node.children), 0
    while stack:
        n += 1
        stack.extend(stack.pop().children)
    return n
