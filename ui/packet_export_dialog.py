"""生成部门填报表: which units get a packet for the current period, and the folder the
files go to (one file per unit, named after it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import UnitInfo

from .interaction import Interaction
from .screen_fit import fit_to_screen


class PacketExportDialog(QDialog):
    def __init__(
        self,
        units: list[tuple[UnitInfo, int]],
        period_name: str,
        interaction: Interaction,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.setWindowTitle("生成部门填报表")
        fit_to_screen(self, 520, 560)
        intro = QLabel(
            f"为所选单位各生成一份“{period_name}”的填报表（.xlsx，以单位名称命名）。"
            "表中只有该单位牵头或配合的小项，任务原文已锁定，部门只填写进展情况、完成状态、"
            "完成日期、滞后原因和备注。",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        for unit, count in units:  # the rows its packet will hold
            item = QListWidgetItem(f"{unit.name}（{count} 项）", self.list)
            item.setData(Qt.ItemDataRole.UserRole, unit.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        all_button = QPushButton("全选", self)
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button = QPushButton("全不选", self)
        none_button.clicked.connect(lambda: self._check_all(False))
        self.folder = QLineEdit(str(folder) if folder else "", self)
        self.folder.setPlaceholderText("保存到哪个文件夹")
        browse = QPushButton("浏览…", self)
        browse.clicked.connect(self._browse)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("生成", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(self._update)
        self.folder.textChanged.connect(self._update)

        picks = QHBoxLayout()
        picks.addWidget(all_button)
        picks.addWidget(none_button)
        picks.addStretch(1)
        where = QHBoxLayout()
        where.addWidget(QLabel("保存到：", self))
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(picks)
        layout.addLayout(where)
        layout.addWidget(buttons)
        self._update()

    def chosen(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def target(self) -> Path:
        return Path(self.folder.text().strip())

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def _browse(self) -> None:
        folder = self.interaction.open_folder("保存填报表的文件夹")
        if folder is not None:
            self.folder.setText(str(folder))

    def _update(self, *_args: object) -> None:
        self.ok.setEnabled(bool(self.chosen()) and bool(self.folder.text().strip()))
