"""One QUndoCommand per edit. Each captures what it needs when created or first run,
calls a core service (one transaction), then tells the tree model what changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from soildesk.domain import NodeDraft, SubtreeSnapshot, UnitLink, UnitRef
from soildesk.errors import KnownError
from soildesk.units import MergeRecord, RenameRecord

if TYPE_CHECKING:
    from .plan_session import PlanSession


class StoreCommand(QUndoCommand):
    def __init__(self, session: PlanSession, text: str) -> None:
        super().__init__(text)
        self.session = session

    def redo(self) -> None:
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.undo_)

    def _guard(self, step: Callable[[], None]) -> None:
        # The transaction rolled back, so the database is as before: drop the command
        # from the stack (Qt deletes obsolete commands) and tell the clerk why.
        try:
            step()
        except KnownError as exc:
            self.setObsolete(True)
            self.session.report(str(exc))

    def do(self) -> None:
        raise NotImplementedError

    def undo_(self) -> None:
        raise NotImplementedError


class EditNodeCommand(StoreCommand):
    def __init__(
        self, session: PlanSession, node_id: int, values: dict[str, str], label: str
    ) -> None:
        super().__init__(session, label)
        self.node_id = node_id
        self.values = values
        self.old: dict[str, str] | None = None

    def do(self) -> None:
        old = self.session.plans.update_fields(self.node_id, **self.values)
        if self.old is None:
            self.old = old
        self.session.apply_fields(self.node_id, self.values)

    def undo_(self) -> None:
        assert self.old is not None
        self.session.plans.update_fields(self.node_id, **self.old)
        self.session.apply_fields(self.node_id, self.old)


class SetUnitsCommand(StoreCommand):
    """New units for a node and, when its cell has the document's words, the proposed
    new wording of that cell (None keeps composing it from the units)."""

    def __init__(
        self,
        session: PlanSession,
        node_id: int,
        entries: Sequence[UnitLink | UnitRef],
        wording: str | None,
    ) -> None:
        super().__init__(session, "修改责任单位")
        self.node_id = node_id
        self.entries: list[UnitLink | UnitRef] = list(entries)
        self.wording = wording
        self.old: list[UnitLink] = []
        self.old_raw = ""
        self.old_text = ""
        self.first = True
        self.created: set[int] = set()  # units this edit brought into the registry

    def do(self) -> None:
        plans, units = self.session.plans, self.session.units
        known = {u.id for u in units.list_units()}
        new, old, old_raw, old_text = plans.set_units(self.node_id, self.entries, "", self.wording)
        if self.first:
            self.old, self.old_raw, self.old_text, self.first = old, old_raw, old_text, False
        self.created = {link.unit_id for link in new} - known
        text = old_text if self.wording is None else self.wording
        self.session.apply_units(self.node_id, new, "", text)

    def undo_(self) -> None:
        self.session.plans.set_units(self.node_id, self.old, self.old_raw, self.old_text)
        # A unit typed in by this edit goes with it; the redo makes it again by its name.
        self.session.units.delete_unused(self.created)
        self.session.apply_units(self.node_id, self.old, self.old_raw, self.old_text)


class AddNodeCommand(StoreCommand):
    def __init__(
        self, session: PlanSession, parent_id: int | None, position: int, draft: NodeDraft
    ) -> None:
        super().__init__(session, f"新增{draft.level.label}")
        self.parent_id = parent_id
        self.position = position
        self.draft = draft
        self.node_id: int | None = None
        self.snapshot: SubtreeSnapshot | None = None

    def do(self) -> None:
        plans = self.session.plans
        if self.snapshot is None:
            self.node_id = plans.insert_draft(
                self.session.plan_id, self.parent_id, self.position, self.draft
            )
        else:
            plans.restore(self.snapshot)
        assert self.node_id is not None
        self.session.model.insert_subtree(
            self.parent_id, self.position, plans.load_subtree(self.node_id)
        )

    def undo_(self) -> None:
        assert self.node_id is not None
        self.snapshot = self.session.plans.delete_subtree(self.node_id)
        self.session.model.remove(self.node_id)


class DeleteNodeCommand(StoreCommand):
    def __init__(self, session: PlanSession, node_id: int, label: str) -> None:
        super().__init__(session, label)
        self.node_id = node_id
        self.snapshot: SubtreeSnapshot | None = None

    def do(self) -> None:
        self.snapshot = self.session.plans.delete_subtree(self.node_id)
        self.session.model.remove(self.node_id)

    def undo_(self) -> None:
        assert self.snapshot is not None
        self.session.plans.restore(self.snapshot)
        node = self.session.plans.load_subtree(self.node_id)
        self.session.model.insert_subtree(self.snapshot.parent_id, self.snapshot.position, node)


class MoveNodeCommand(StoreCommand):
    def __init__(
        self, session: PlanSession, node_id: int, parent_id: int | None, position: int
    ) -> None:
        super().__init__(session, "移动")
        self.node_id = node_id
        self.target = (parent_id, position)
        self.origin: tuple[int | None, int] | None = None

    def do(self) -> None:
        parent_id, position = self.target
        origin = self.session.plans.move(self.node_id, parent_id, position)
        if self.origin is None:
            self.origin = origin
        self.session.model.move(self.node_id, parent_id, position)

    def undo_(self) -> None:
        assert self.origin is not None
        parent_id, position = self.origin
        self.session.plans.move(self.node_id, parent_id, position)
        self.session.model.move(self.node_id, parent_id, position)


class RenameUnitCommand(StoreCommand):
    def __init__(self, session: PlanSession, unit_id: int, new_name: str, follow: bool) -> None:
        super().__init__(
            session, f"单位改名为“{new_name}”" + ("（表中文字一并修改）" if follow else "")
        )
        self.unit_id = unit_id
        self.new_name = new_name
        self.follow = follow
        self.record: RenameRecord | None = None

    def do(self) -> None:
        self.record = self.session.units.rename(self.unit_id, self.new_name, self.follow)
        self.session.apply_rename(self.record, new=True)

    def undo_(self) -> None:
        assert self.record is not None
        self.session.units.undo_rename(self.record)
        self.session.apply_rename(self.record, new=False)


class MergeUnitsCommand(StoreCommand):
    def __init__(self, session: PlanSession, keep_id: int, gone_id: int, label: str) -> None:
        super().__init__(session, label)
        self.keep_id = keep_id
        self.gone_id = gone_id
        self.record: MergeRecord | None = None

    def do(self) -> None:
        self.record = self.session.units.merge(self.keep_id, self.gone_id)
        self.session.reload_links()

    def undo_(self) -> None:
        assert self.record is not None
        self.session.units.unmerge(self.record)
        self.session.reload_links()
