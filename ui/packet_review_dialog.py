"""收录填报表: before anything is written, what each returned packet would change, per
sub-item (old → new), its conflicts and what cannot be taken. The clerk accepts or
rejects each; for a conflict picks whose answer, or none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soildesk.packets.review import Review, ReviewItem

from .review_table import ReviewTable
from .screen_fit import fit_to_screen

COLUMNS = ("收录", "小项", "变化（原 → 新）", "说明")
KIND_LABELS = {"change": "变更", "conflict": "冲突", "error": "有误"}
LABEL_CHARS = 60  # the sub-item's words shown; the whole text is its tooltip


def change_lines(item: ReviewItem, option: int = 0) -> str:
    lines = [
        f"{label}：{old or '（空）'} → {new or '（空）'}"
        for label, old, new in item.changes(option)
    ]
    return "\n".join(lines) or "（与现有内容相同）"


def option_label(item: ReviewItem, n: int) -> str:
    """Short enough for the closed combo box: whose answer (the words are beside it)."""
    return f"采用 {item.option_units(n)}"


class PacketReviewDialog(QDialog):
    def __init__(self, review: Review, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.setWindowTitle("收录填报表 — 审阅")
        fit_to_screen(self, 1100, 700)
        self.items = [i for i in review.items if i.kind != "same"]
        self.choosers: list[QCheckBox | QComboBox | None] = []

        summary = QLabel(self._summary(), self)
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusals = QLabel(self._refusals(), self)
        self.refusals.setWordWrap(True)
        self.refusals.setStyleSheet("color: #b71c1c")
        self.refusals.setVisible(bool(review.refused or review.notes))
        self.refusals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = ReviewTable(len(self.items), COLUMNS, self)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("不收录（保留现有）") + 48)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(
            3, self.fontMetrics().horizontalAdvance("填报单位：县环保局、县农业局") + 12
        )
        for row, item in enumerate(self.items):
            self._fill_row(row, item)

        self.all_button = QPushButton("全部变更都收录", self)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button = QPushButton("全部不收录", self)
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.lead_button = QPushButton("冲突项采用牵头单位的答复", self)
        self.lead_button.setToolTip(
            "每个冲突的小项，选牵头单位填报的那一份（没有牵头单位答复的不变）"
        )
        self.lead_button.clicked.connect(self.take_leads)
        self.lead_button.setEnabled(any(i.lead is not None for i in self.items))
        self.only_conflicts = QCheckBox("只看冲突和有误的", self)
        self.only_conflicts.toggled.connect(self._filter)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("收录所选", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok.setEnabled(bool(review.packets))

        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addWidget(self.lead_button)
        row.addWidget(self.only_conflicts)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.refusals)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def _summary(self) -> str:
        r = self.review
        got = "；".join(
            f"{p.unit_name}（{p.path.name}，填了 {p.answered}/{len(p.answers)} 项"
            + ("，此文件已收录过" if p in r.received else "")
            + "）"
            for p in r.packets
        )
        counts = (
            f"变更 {r.count('change')} 项，冲突 {r.count('conflict')} 项，"
            f"有误 {r.count('error')} 项，与现有相同 {r.count('same')} 项。"
        )
        head = f"填报期：{r.period.name}。收到 {len(r.packets)} 份填报表：{got or '无'}。"
        return f"{head}\n{counts}勾选要收录的项目；收录后可用“撤销”整体退回。"

    def _refusals(self) -> str:
        lines = [f"未收录：{why}" for _path, why in self.review.refused]
        lines += [f"提示：{note}" for note in self.review.notes]
        return "\n".join(lines)

    def _fill_row(self, row: int, item: ReviewItem) -> None:
        chooser: QCheckBox | QComboBox | None
        if item.kind == "change":
            chooser = QCheckBox("收录", self.table)
            chooser.setChecked(True)
        elif item.kind == "conflict":
            chooser = QComboBox(self.table)
            chooser.addItem("不收录（保留现有）", None)
            for n in range(len(item.options)):
                chooser.addItem(option_label(item, n), n)
            chooser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel scrolls the table
        else:
            chooser = None
            cell = QTableWidgetItem("不能收录")
            cell.setForeground(Qt.GlobalColor.darkRed)
            self.table.setItem(row, 0, cell)
        if chooser is not None:
            self.table.set_top_widget(row, 0, chooser)
        self.choosers.append(chooser)
        text = item.label if len(item.label) <= LABEL_CHARS else item.label[:LABEL_CHARS] + "…"
        cell = QTableWidgetItem(f"【{KIND_LABELS[item.kind]}】{text}")
        cell.setToolTip(item.label)
        self.table.setItem(row, 1, cell)
        changes = change_lines(item)
        if item.kind == "conflict" and len(item.options) > 1:
            changes = "\n\n".join(
                f"{option_label(item, n)}\n{change_lines(item, n)}"
                for n in range(len(item.options))
            )
        self.table.setItem(row, 2, QTableWidgetItem("" if item.kind == "error" else changes))
        notes = item.conflicts + item.problems() + item.warnings()
        who = "、".join(dict.fromkeys(p.unit_name for p in item.proposals)) or "（只有佐证材料）"
        self.table.setItem(row, 3, QTableWidgetItem("\n".join([f"填报单位：{who}", *notes])))

    def take_leads(self) -> None:
        for item, chooser in zip(self.items, self.choosers, strict=True):
            if isinstance(chooser, QComboBox) and item.lead is not None:
                chooser.setCurrentIndex(chooser.findData(item.lead))

    def _filter(self, only: bool) -> None:
        for row, item in enumerate(self.items):
            self.table.setRowHidden(row, only and item.kind not in ("conflict", "error"))

    def _check_all(self, on: bool) -> None:
        for chooser in self.choosers:
            if isinstance(chooser, QCheckBox):
                chooser.setChecked(on)

    def accept(self) -> None:
        """Write the clerk's choices into the review; the caller applies it."""
        for item, chooser in zip(self.items, self.choosers, strict=True):
            if isinstance(chooser, QCheckBox):
                item.accept = 0 if chooser.isChecked() else None
                item.take_files = chooser.isChecked()
            elif isinstance(chooser, QComboBox):
                item.accept = chooser.currentData()
            else:
                item.accept = None
        super().accept()
