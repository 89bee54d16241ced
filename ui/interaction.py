"""Questions and messages for the clerk behind a small interface, so that the editing
logic never calls QMessageBox itself and tests can answer for the user."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget


class Interaction(Protocol):
    def confirm(self, title: str, text: str, ok_label: str = "确定") -> bool: ...
    def inform(self, title: str, text: str) -> None: ...
    def error(self, title: str, text: str) -> None: ...
    def choose(self, title: str, text: str, options: list[str]) -> int | None: ...
    def ask_text(self, title: str, label: str, default: str = "") -> str | None: ...


class DialogInteraction:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str, ok_label: str = "确定") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        ok = box.addButton(ok_label, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(ok)
        box.exec()
        return box.clickedButton() is ok

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def choose(self, title: str, text: str, options: list[str]) -> int | None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        text, ok = QInputDialog.getText(self.parent, title, label, text=default)
        return text.strip() if ok and text.strip() else None
