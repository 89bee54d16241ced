"""The plan being edited: its document, its undo stack and the edits a clerk makes.

Widgets call these methods. Each checks and asks what it must, then pushes one undo
command whose first run is one core service call (one transaction, one change record)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from soildesk.bugs import explain
from soildesk.changes import Change
from soildesk.deadlines import DeadlineHint, propose_for
from soildesk.domain import Level, Node, NodeDraft, PlanInfo, UnitLink, UnitRef
from soildesk.errors import KnownError
from soildesk.evidence import Attachment, EvidenceStore, Ingested
from soildesk.history import HistoryService
from soildesk.numbering import number_for
from soildesk.plans import PlanService
from soildesk.progress import Deadline, PeriodInfo, Progress, ProgressService
from soildesk.task_state import TaskState, task_states
from soildesk.unit_names import alias_key
from soildesk.unit_similar import close_to
from soildesk.unit_text import propose_wording, typical_cell
from soildesk.units import UnitService

from .background import InlineRunner, Runner
from .commands import ChangeCommand
from .interaction import Interaction
from .plan_document import PlanDocument
from .tree_model import PlanTreeModel

FIELD_LABELS = {
    "text": "内容",
    "number": "编号",
    "duties": "具体工作内容",
    "units_text": "责任单位写法",
    "deadline_text": "完成时限",
    "remark": "备注",
}


class PlanSession(QObject):
    period_changed = Signal()
    packets_dropped = Signal(list)  # returned packets dropped on a row: list[Path]

    def __init__(
        self,
        plans: PlanService,
        units: UnitService,
        progress: ProgressService,
        evidence: EvidenceStore,
        interaction: Interaction,
        today: Callable[[], date] = date.today,
        parent: QObject | None = None,
        history: HistoryService | None = None,
    ) -> None:
        super().__init__(parent)
        self.plans = plans
        self.history = history or HistoryService(plans.db)
        self.units = units
        self.progress = progress
        self.evidence = evidence
        self.interaction = interaction
        self.today = today
        self.plan_id: int | None = None
        self.plan: PlanInfo | None = None
        self.period: PeriodInfo | None = None
        self.document = PlanDocument(plans, self)
        self.document.compute_states = self._compute_states
        self.document.plan_changed.connect(self.reload_plan_info)
        self.model = PlanTreeModel(self.document, self)
        self.undo_stack = QUndoStack(self)
        self.model.move_requested.connect(self.move)
        self.model.files_dropped.connect(self._files_dropped)
        self.runner: Runner = InlineRunner()  # the window gives its own

    def load_plan(self, plan_id: int | None) -> None:
        self.plan_id = plan_id
        self.undo_stack.clear()
        self.reload_plan_info()
        self.period = self.progress.current_period(plan_id) if plan_id is not None else None
        self.document.load(self.plans.load_tree(plan_id) if plan_id is not None else [])
        self.period_changed.emit()

    def reload_period(self) -> None:
        """After periods were renamed or deleted: the current one read again."""
        self.period = self.progress.current_period(self.plan_id) if self.plan_id else None
        self.document.refresh_states()
        self.period_changed.emit()

    def reload_plan_info(self) -> None:
        plans = self.plans.list_plans()
        self.plan = next((s.plan for s in plans if s.plan.id == self.plan_id), None)

    def push(self, edit: Callable[[], Change]) -> ChangeCommand:
        """Run one edit as one undo step."""
        command = ChangeCommand(self.plans.db, self.document, edit, self.report)
        self.undo_stack.push(command)
        return command

    # -- progress, deadlines, evidence ----------------------------------------
    def _compute_states(self) -> dict[int, TaskState]:
        if self.plan is None:
            return {}
        return task_states(self.plans.db, self.plan, self.document.roots, self.period, self.today())

    def set_period(self, period_id: int) -> None:
        if self.plan_id is None:
            return
        self.progress.set_current(self.plan_id, period_id)
        self.period = next(
            (p for p in self.progress.list_periods(self.plan_id) if p.id == period_id), None
        )
        self.document.refresh_states()
        self.period_changed.emit()

    def set_progress(self, node_id: int, new: Progress | None) -> None:
        if self.period is None:
            self.report("请先在“进展 › 填报期”中添加一个填报期（如 2024年上半年），再填报进展。")
            return
        if self.progress.get(node_id, self.period.id) == new:
            return
        period_id = self.period.id
        self.push(lambda: self.progress.set_progress(node_id, period_id, new))

    def proposal(self, node: Node) -> DeadlineHint | None:
        return propose_for(node, self.plan.year if self.plan else None)

    def set_deadline(self, node_id: int, deadline: Deadline | None) -> None:
        current = self.progress.deadlines(self.plan_id or 0).get(node_id)
        if current != deadline:
            self.push(lambda: self.progress.set_deadlines({node_id: deadline}))

    def confirm_all_proposals(self) -> int:
        """Confirm the proposed deadline of every sub-item that has none yet: one undo step."""
        todo: dict[int, Deadline | None] = {}
        for node_id, state in self.document.states.items():
            node = self.document.node(node_id)
            if node is None or state.deadline is not None:
                continue
            hint = self.proposal(node)
            if hint and hint.due:
                todo[node_id] = Deadline(hint.due, hint.source)
        if todo:
            label = f"按文字确认 {len(todo)} 个完成时限"
            self.push(lambda: self.progress.set_deadlines(todo, label))
        return len(todo)

    def _files_dropped(self, node_id: int, paths: list[Path]) -> None:
        """A returned packet dropped on a row is taken in, not attached as evidence."""
        from soildesk.packets.read import is_packet

        packets = [p for p in paths if is_packet(p)]
        if packets:
            self.packets_dropped.emit(packets)
        rest = [p for p in paths if p not in packets]
        if rest:
            self.add_evidence(node_id, rest)

    def add_evidence(self, node_id: int, paths: list[Path]) -> None:
        """Copy the files off the GUI thread, then record them here: one undo step."""
        node = self.document.node(node_id)
        if node is None or node.level != Level.SUBITEM:
            self.report("佐证材料只能添加到小项。请把文件拖到某个小项上。")
            return
        period_id = self.period.id if self.period else None

        def ingest_all() -> tuple[list[Ingested], list[str]]:
            done, failed = [], []
            for path in paths:
                try:
                    done.append(self.evidence.ingest(path))
                except KnownError as exc:
                    failed.append(str(exc))
            return done, failed

        def attach(result: tuple[list[Ingested], list[str]]) -> None:
            ingested, failed = result
            if ingested:
                self.push(lambda: self.evidence.attach(node_id, ingested, period_id))
            if failed:
                self.report("以下文件没有添加：\n" + "\n".join(failed))

        self.runner.run(ingest_all, attach, lambda exc: self.report(explain(exc)))

    def set_evidence_note(self, attachment: Attachment, note: str) -> None:
        if note.strip() != attachment.note:
            self.push(lambda: self.evidence.set_note(attachment.id, note))

    def remove_evidence(self, attachment: Attachment) -> bool:
        if not self.interaction.confirm(
            "确认移除",
            f"从该小项移除佐证材料“{attachment.original_name}”？\n移除后可用“撤销”（Ctrl+Z）恢复。",
            "移除",
            danger=True,
        ):
            return False
        self.push(lambda: self.evidence.remove(attachment.id))
        return True

    def report(self, text: str) -> None:
        self.interaction.error("无法完成操作", text)

    # -- edits ----------------------------------------------------------------
    def edit(self, node_id: int, **values: str) -> bool:
        """Save changed fields of a node; False when refused (empty required text)."""
        node = self.document.node(node_id)
        if node is None:
            return False
        changed = {k: v for k, v in values.items() if getattr(node, k) != v}
        if not changed:
            return True
        if "text" in changed and not changed["text"].strip() and node.level != Level.CLAUSE:
            self.report(f"“{node.level.label}”的内容不能为空。请填写文字，或删除这一行。")
            return False
        label = "修改" + "、".join(FIELD_LABELS[k] for k in changed)
        command = self.push(lambda: self.plans.update_fields(node_id, label, **changed))
        return command.change is not None

    def set_units(self, node_id: int, entries: Sequence[UnitLink | UnitRef]) -> None:
        node = self.document.node(node_id)
        if node is None:
            return
        current = [(u.unit_id, u.role, u.wording) for u in node.units]
        wanted = [
            (e.unit_id if isinstance(e, UnitLink) else None, e.role, e.wording) for e in entries
        ]
        if current == wanted and not node.units_raw:
            return
        checked = self._check_units(node, entries)
        if checked is None:
            self.document.nodes_changed.emit(node_id)  # the editor shows the stored units
            return
        entries = checked
        # A cell in the document's words gets a new wording in the same style; the clerk
        # sees it in the editor and can change it. Cells never worded by a document
        # stay composed from the units.
        document = node.units_text or node.units_raw
        wording = propose_wording(document, entries, self.typical_cell()) if document else None
        links, raw = list(entries), ""
        self.push(lambda: self.plans.set_units(node_id, links, raw, wording))

    def typical_cell(self) -> str:
        """A cell of this plan that shows the document's style in full."""
        cells = [n.units_text for n in self.document.all_nodes() if n.units_text]
        return typical_cell(cells)

    def _check_units(
        self, node: Node, entries: Sequence[UnitLink | UnitRef]
    ) -> list[UnitLink | UnitRef] | None:
        """The entries to store, or None when refused: a name typed close to an existing
        unit's is asked about; one unit cannot stand twice on one node."""
        registry = self.units.list_units()
        out: list[UnitLink | UnitRef] = []
        seen: dict[object, str] = {}
        for entry in entries:
            if isinstance(entry, UnitRef) and self.units.find_unit(entry.wording) is None:
                near = close_to(entry.wording, [u.name for u in registry])
                if near is not None:
                    answer = self.interaction.choose(
                        "可能是已有单位",
                        f"“{entry.wording}”与已有单位“{near}”只差一个字。是同一个单位吗？",
                        [f"是，就是“{near}”", f"不是，新建单位“{entry.wording}”"],
                    )
                    if answer is None:
                        return None
                    if answer == 0:
                        unit = next(u for u in registry if u.name == near)
                        entry = UnitLink(unit.id, entry.role, near)
            if isinstance(entry, UnitLink):
                identity: object = entry.unit_id
            else:
                found = self.units.find_unit(entry.wording)
                identity = found.id if found else alias_key(entry.wording)
            if identity in seen:
                same = entry.wording == seen[identity]
                self.report(
                    (f"“{entry.wording}”已在这一行的责任单位中" if same
                     else f"“{entry.wording}”与“{seen[identity]}”是同一个单位")
                    + "，同一单位不能在一行中添加两次。请改它的分工，或删去其中一个。"
                )  # fmt: skip
                return None
            seen[identity] = entry.wording
            out.append(entry)
        return out

    def parent_for(self, level: Level, context: Node | None) -> tuple[Node | None, int] | None:
        """Where a new node of `level` goes given the selected node: (parent, position),
        or None when the selection has no place for it."""
        if level == Level.ARTICLE:
            anchor = _ancestor(context, Level.ARTICLE)
            roots = self.document.roots
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
        plan_id, parent_id = self.plan_id, parent.id if parent else None
        command = self.push(lambda: self.plans.insert_draft(plan_id, parent_id, position, draft))
        return command.node_id

    def delete(self, node_id: int) -> bool:
        node = self.document.node(node_id)
        if node is None:
            return False
        below = _count_below(node)
        detail = f"及其下的 {below} 个条目" if below else ""
        preview = node.display[:40] + ("…" if len(node.display) > 40 else "")
        if not self.interaction.confirm(
            "确认删除",
            f"删除{node.level.label}“{preview}”{detail}？\n删除后可用“撤销”（Ctrl+Z）恢复。",
            "删除",
            danger=True,
        ):
            return False
        self.push(lambda: self.plans.delete_subtree(node_id))
        return True

    def move(self, node_id: int, parent_id: int | None, position: int) -> None:
        self.push(lambda: self.plans.move(node_id, parent_id, position))

    def move_by(self, node_id: int, step: int) -> None:
        node = self.document.node(node_id)
        if node is None:
            return
        siblings = self.document.siblings(node.parent)
        target = siblings.index(node) + step
        if 0 <= target < len(siblings):
            self.move(node_id, node.parent.id if node.parent else None, target)

    def rename_unit(self, unit_id: int, name: str) -> bool:
        """Rename a unit; when the table's words name it, ask whether they follow.
        False when refused or cancelled (nothing changed)."""
        name = name.strip()
        try:
            cells, duties = self.units.rename_preview(unit_id, name)
        except KnownError as exc:
            self.report(str(exc))
            return False
        follow = False
        if cells or duties:
            what = "、".join(
                part
                for part, n in (
                    (f"{cells} 个“责任单位”格子", cells),
                    (f"{duties} 段“具体工作内容”", duties),
                )
                if n
            )
            answer = self.interaction.choose(
                "表中的写法是否跟着改？",
                f"表中有 {what}按原文写着这个单位的旧名称。\n"
                f"改名为“{name}”时，是否把这些文字一并改过来？两种做法都可以撤销。",
                ["改名，并修改表中文字", "只改单位名册，表中文字不变"],
            )
            if answer is None:
                return False
            follow = answer == 0
        self.push(lambda: self.units.rename(unit_id, name, follow))
        return True

    def merge_units(self, keep_id: int, gone_id: int, label: str) -> None:
        self.push(lambda: self.units.merge(keep_id, gone_id, label))

    # -- numbering -------------------------------------------------------------
    def set_numbering(self, follow: bool) -> None:
        """编号随位置更新 on or off (turning it on renumbers): one undo step."""
        if self.plan_id is not None and self.plan is not None and self.plan.auto_number != follow:
            plan_id = self.plan_id
            self.push(lambda: self.plans.set_numbering(plan_id, follow))

    def renumber(self) -> None:
        if self.plan_id is not None:
            plan_id = self.plan_id
            self.push(lambda: self.plans.renumber(plan_id))


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
