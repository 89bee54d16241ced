"""文件 › 备份设置…: how many automatic backups are kept, and a second folder (a USB
stick) that gets a copy of each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from soildesk.backup import MAX_KEEP, BackupSettings


class BackupSettingsDialog(QDialog):
    def __init__(
        self, current: BackupSettings, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份设置")
        self.folder = folder
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.keep.setValue(current.keep)
        self.keep.setSuffix(" 份")
        self.mirror = QLineEdit(str(current.mirror) if current.mirror else "")
        self.mirror.setPlaceholderText("不另存（可选择 U 盘上的文件夹）")
        self.mirror.setMinimumWidth(320)
        choose = QPushButton("选择…")
        choose.clicked.connect(self._choose)
        clear = QPushButton("不另存")
        clear.clicked.connect(self.mirror.clear)
        row = QHBoxLayout()
        row.addWidget(self.mirror, 1)
        row.addWidget(choose)
        row.addWidget(clear)
        show = QPushButton("打开备份文件夹")
        show.clicked.connect(self._show_folder)
        where = QLabel(f"自动备份保存在：{folder}")
        where.setWordWrap(True)
        form = QFormLayout()
        form.addRow("自动备份保留：", self.keep)
        form.addRow("另存一份到：", row)
        note = QLabel(
            "每天第一次打开时自动备份一次；升级、恢复和删除计划之前也各备份一次。"
            "超过保留份数时，删除最早的备份。U 盘没有插上时，只保存在上面的文件夹。"
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(where)
        layout.addWidget(show)
        layout.addWidget(buttons)

    def chosen(self) -> BackupSettings:
        text = self.mirror.text().strip()
        return BackupSettings(self.keep.value(), Path(text) if text else None)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择另存备份的文件夹", self.mirror.text())
        if folder:
            self.mirror.setText(folder)

    def _show_folder(self) -> None:
        self.folder.mkdir(exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
