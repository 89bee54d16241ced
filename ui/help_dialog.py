"""帮助 › 使用说明 (F1): the short guide shipped in resources/guide, with pictures of the
real window (made by scripts/screenshot.py)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from soildesk.paths import resources_dir

from .screen_fit import fit_to_screen


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SoilDesk 使用说明")
        self.browser = QTextBrowser(self)
        folder = resources_dir() / "guide"
        self.browser.setSearchPaths([str(folder)])
        self.browser.setSource(QUrl.fromLocalFile(str(folder / "guide.html")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 720)
