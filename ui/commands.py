"""The one undo command. Its first redo is one core service call, which returns the
change record of its one transaction; undo applies the record's inverse, a later redo
the record again. Either way the plan document shows the result in every view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from soildesk.bugs import explain
from soildesk.changes import Change
from soildesk.db.database import Database

from .plan_document import PlanDocument


class ChangeCommand(QUndoCommand):
    def __init__(
        self,
        db: Database,
        document: PlanDocument,
        edit: Callable[[], Change],
        report: Callable[[str], None],
    ) -> None:
        super().__init__("修改")
        self.db = db
        self.document = document
        self.edit = edit
        self.report = report
        self.change: Change | None = None

    @property
    def node_id(self) -> int | None:
        return self.change.node_id if self.change else None

    def redo(self) -> None:
        try:
            if self.change is None:
                self.change = self.edit()
                self.setText(self.change.label)
                if self.change.empty:  # nothing changed: no step to undo
                    self.setObsolete(True)
                    return
            else:
                self.db.redo(self.change)
        except Exception as exc:  # an unforeseen one is a bug: logged, told as 程序出错
            self._refused(exc)
            return
        self.document.apply(self.change)

    def undo(self) -> None:
        assert self.change is not None
        try:
            inverse = self.db.undo(self.change)
        except Exception as exc:
            self._refused(exc)
            return
        self.document.apply(inverse)

    def _refused(self, exc: Exception) -> None:
        # The transaction rolled back, so the database is as before: drop the command
        # from the stack (Qt deletes obsolete commands) and tell the clerk why. An
        # error raised out of redo() would reach Qt, which only prints it.
        self.setObsolete(True)
        self.report(explain(exc))
