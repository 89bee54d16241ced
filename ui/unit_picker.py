"""The unit picker a 责任单位 cell of the table opens: the same units editor as the side
pane, in a dialog; OK stores the units as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from soildesk.domain import Level, Node, UnitLink, UnitRef
from soildesk.unit_text import unit_cell

from .plan_session import PlanSession
from .screen_fit import fit_to_screen
from .units_editor import UnitsEditor


class UnitPicker(QDialog):
    def __init__(self, session: PlanSession, node: Node, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = node.display if len(node.display) <= 24 else node.display[:23] + "…"
        self.setWindowTitle(f"责任单位 — {node.level.label} {name}")
        self.editor = UnitsEditor(self)
        self.editor.set_registry(session.units.list_units())
        self.editor.set_units(node.units)
        cell = unit_cell(node, node.number if node.level == Level.SUBITEM else "")
        words = QLabel(f"表中写法：{cell or '（无）'}", self)
        words.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(words)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 520, 380)

    def entries(self) -> list[UnitLink | UnitRef]:
        return self.editor.entries()
