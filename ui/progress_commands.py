"""Undo commands for progress, deadlines and evidence (same pattern as commands.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from soildesk.evidence import Attachment
from soildesk.progress import Deadline, Progress

from .commands import StoreCommand

if TYPE_CHECKING:
    from .plan_session import PlanSession


class SetProgressCommand(StoreCommand):
    def __init__(
        self, session: PlanSession, node_id: int, period_id: int, new: Progress | None
    ) -> None:
        super().__init__(session, "填报进展")
        self.node_id, self.period_id, self.new = node_id, period_id, new
        self.old: Progress | None = None
        self.first = True

    def do(self) -> None:
        old = self.session.progress.set_progress(self.node_id, self.period_id, self.new)
        if self.first:
            self.old, self.first = old, False
        self.session.annotate([self.node_id])

    def undo_(self) -> None:
        self.session.progress.set_progress(self.node_id, self.period_id, self.old)
        self.session.annotate([self.node_id])


class SetDeadlineCommand(StoreCommand):
    def __init__(
        self, session: PlanSession, node_id: int, new: Deadline | None, label: str = "确认完成时限"
    ) -> None:
        super().__init__(session, label)
        self.node_id, self.new = node_id, new
        self.old: Deadline | None = None
        self.first = True

    def do(self) -> None:
        old = self.session.progress.set_deadline(self.node_id, self.new)
        if self.first:
            self.old, self.first = old, False
        self.session.annotate_below(self.node_id)

    def undo_(self) -> None:
        self.session.progress.set_deadline(self.node_id, self.old)
        self.session.annotate_below(self.node_id)


class AttachEvidenceCommand(StoreCommand):
    """The files are already in the store (copied off the GUI thread); this records them
    as attachments, and undo removes the records (the files stay until nothing refers
    to them and no undo can: see EvidenceStore.collect_garbage)."""

    def __init__(self, session: PlanSession, node_id: int, attachments: list[Attachment]) -> None:
        super().__init__(session, f"添加佐证材料 {len(attachments)} 个")
        self.node_id = node_id
        self.attachments = attachments
        self.saved: list[dict] = []

    def do(self) -> None:
        for row in self.saved:  # a redo after undo; the first run found them attached
            self.session.evidence.restore(row)
        self.saved = []
        self.session.annotate([self.node_id])

    def undo_(self) -> None:
        self.saved = [self.session.evidence.remove(a.id) for a in self.attachments]
        self.session.annotate([self.node_id])


class RemoveEvidenceCommand(StoreCommand):
    def __init__(self, session: PlanSession, attachment: Attachment) -> None:
        super().__init__(session, f"移除佐证材料“{attachment.original_name}”")
        self.attachment = attachment
        self.saved: dict | None = None

    def do(self) -> None:
        self.saved = self.session.evidence.remove(self.attachment.id)
        self.session.annotate([self.attachment.node_id])

    def undo_(self) -> None:
        assert self.saved is not None
        self.session.evidence.restore(self.saved)
        self.session.annotate([self.attachment.node_id])


class EvidenceNoteCommand(StoreCommand):
    def __init__(self, session: PlanSession, attachment: Attachment, note: str) -> None:
        super().__init__(session, "修改佐证材料备注")
        self.attachment, self.note = attachment, note
        self.old = attachment.note

    def do(self) -> None:
        self.session.evidence.set_note(self.attachment.id, self.note)
        self.session.annotate([self.attachment.node_id])

    def undo_(self) -> None:
        self.session.evidence.set_note(self.attachment.id, self.old)
        self.session.annotate([self.attachment.node_id])
