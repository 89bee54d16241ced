"""Questions and messages for the clerk behind a small interface, so that the editing
logic never calls QMessageBox itself and tests can answer for the user."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from soildesk.drafting.review import Review
    from soildesk.importing.table import ImportResult
    from soildesk.packets.review import Review as PacketReview
    from soildesk.plan_update import UpdateReview
    from soildesk.unit_similar import Suspect


@dataclass(frozen=True, slots=True)
class ImportChoice:
    """What the clerk decided in the import preview."""

    name: str
    merges: dict[str, tuple[str, ...]] = field(default_factory=dict)  # suspect -> unit(s)


class Interaction(Protocol):
    def confirm(
        self, title: str, text: str, ok_label: str = "确定", danger: bool = False
    ) -> bool: ...
    def inform(self, title: str, text: str) -> None: ...
    def error(self, title: str, text: str) -> None: ...
    def choose(self, title: str, text: str, options: list[str]) -> int | None: ...
    def ask_text(self, title: str, label: str, default: str = "") -> str | None: ...
    def pick(self, title: str, label: str, items: list[str]) -> int | None: ...
    def open_file(self, title: str, filters: str) -> Path | None: ...
    def open_files(self, title: str, filters: str) -> list[Path]: ...
    def save_file(self, title: str, suggested: str, filters: str) -> Path | None: ...
    def open_folder(self, title: str) -> Path | None: ...
    def review_packets(self, review: PacketReview) -> bool: ...
    def review_update(self, review: UpdateReview) -> bool: ...
    def review_import(
        self, result: ImportResult, proposed_name: str, suspects: list[Suspect]
    ) -> ImportChoice | None: ...
    def review_draft(
        self, review: Review, lines: list[str], proposed_name: str, position: tuple[int, int]
    ) -> str | None: ...


def with_suffix(path: str, filters: str) -> str:
    """A name typed without an extension gets its filter's (表 -> 表.xlsx): Qt's own save
    dialog, used on the Linux desktops, does not add it as Windows' does."""
    found = re.search(r"\*(\.\w+)", filters)
    if path and found and not Path(path).suffix:
        return path + found.group(1)
    return path


class DialogInteraction:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str, ok_label: str = "确定", danger: bool = False) -> bool:
        """A question; with `danger` (deleting) Enter answers 取消, never the deletion."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        ok = box.addButton(ok_label, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel if danger else ok)
        box.setEscapeButton(cancel)
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

    def pick(self, title: str, label: str, items: list[str]) -> int | None:
        text, ok = QInputDialog.getItem(self.parent, title, label, items, 0, False)
        return items.index(text) if ok and text in items else None

    def _last_folder(self) -> str:
        return str(QSettings().value("files/last_folder", str(Path.home())))

    def _remember(self, path: str) -> Path | None:
        if not path:
            return None
        QSettings().setValue("files/last_folder", str(Path(path).parent))
        return Path(path)

    def open_file(self, title: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, self._last_folder(), filters)
        return self._remember(path)

    def open_files(self, title: str, filters: str) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(self.parent, title, self._last_folder(), filters)
        if paths:
            self._remember(paths[0])
        return [Path(p) for p in paths]

    def save_file(self, title: str, suggested: str, filters: str) -> Path | None:
        start = str(Path(self._last_folder()) / suggested)
        path, chosen = QFileDialog.getSaveFileName(self.parent, title, start, filters)
        return self._remember(with_suffix(path, chosen or filters))

    def open_folder(self, title: str) -> Path | None:
        path = QFileDialog.getExistingDirectory(self.parent, title, self._last_folder())
        if not path:
            return None
        QSettings().setValue("files/last_folder", path)
        return Path(path)

    def review_packets(self, review: PacketReview) -> bool:
        """The review of returned packets; True when the clerk chose to take them in
        (the choices are written into the review)."""
        from .packet_review_dialog import PacketReviewDialog

        return PacketReviewDialog(review, self.parent).exec() == QDialog.DialogCode.Accepted

    def review_update(self, review: UpdateReview) -> bool:
        from .update_review_dialog import UpdateReviewDialog

        return UpdateReviewDialog(review, self.parent).exec() == QDialog.DialogCode.Accepted

    def review_import(
        self, result: ImportResult, proposed_name: str, suspects: list[Suspect]
    ) -> ImportChoice | None:
        from .import_dialog import ImportPreviewDialog

        dialog = ImportPreviewDialog(result, proposed_name, suspects, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return ImportChoice(dialog.plan_name(), dialog.merges())

    def review_draft(
        self, review: Review, lines: list[str], proposed_name: str, position: tuple[int, int]
    ) -> str | None:
        from .draft_dialog import DraftReviewDialog
        from .screen_fit import fit_to_screen

        dialog = DraftReviewDialog(review, lines, proposed_name, position, self.parent)
        fit_to_screen(dialog, 1200, 760)
        return dialog.plan_name() if dialog.exec() == QDialog.DialogCode.Accepted else None
