"""用新版任务分解表更新 — 审阅: what the revised table adds, removes, moves and rewords,
before anything is written. A dropped row that carries progress, a deadline or evidence
is kept unless the clerk ticks it for deletion."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import LEVEL_LABELS
from soildesk.plan_update import UpdateItem, UpdateReview

from .screen_fit import fit_to_screen

KIND_LABELS = {"added": "新增", "removed": "删除", "moved": "移动", "reworded": "修改"}
LABEL_CHARS = 60


class UpdateReviewDialog(QDialog):
    def __init__(self, review: UpdateReview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.setWindowTitle("用新版任务分解表更新 — 审阅")
        fit_to_screen(self, 1000, 680)
        counts = "，".join(f"{label} {review.count(k)} 处" for k, label in KIND_LABELS.items())
        summary = QLabel(
            f"新表：{review.path.name}。{counts}，未变 {review.unchanged} 处。"
            "更新后，对应上的小项的进展、完成时限和佐证材料都保留；整个更新可用“撤销”退回。",
            self,
        )
        summary.setWordWrap(True)
        self.table = QTableWidget(len(review.items), 4, self)
        self.table.setHorizontalHeaderLabels(["变化", "层级", "内容", "说明"])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("删除（有进展）") + 40)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("小项") + 16)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.deletes: dict[int, QCheckBox] = {}  # conflict rows: node id -> "删除" box
        for row, item in enumerate(review.items):
            self._fill(row, item)
        # Heights from the columns' final widths, once the dialog is laid out.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._refit.start())
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("更新", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refit.start()

    def _fill(self, row: int, item: UpdateItem) -> None:
        if item.kind == "removed" and item.carries:
            box = QCheckBox("删除", self.table)
            box.setToolTip("新表中没有这一行，但它有进展或佐证：不勾选则保留")
            holder = QWidget(self.table)
            lay = QVBoxLayout(holder)
            lay.setContentsMargins(4, 4, 4, 4)
            lay.addWidget(box)
            lay.addStretch(1)
            self.table.setCellWidget(row, 0, holder)
            assert item.node_id is not None
            self.deletes[item.node_id] = box
        else:
            self.table.setItem(row, 0, QTableWidgetItem(KIND_LABELS[item.kind]))
        self.table.setItem(row, 1, QTableWidgetItem(LEVEL_LABELS[item.level]))
        text = item.label if len(item.label) <= LABEL_CHARS else item.label[:LABEL_CHARS] + "…"
        cell = QTableWidgetItem(text)
        cell.setToolTip(item.label)
        self.table.setItem(row, 2, cell)
        notes = list(item.details)
        if item.carries:
            notes.append(f"新表中没有这一行，但它有{item.carries}；不勾选“删除”则保留")
        note = QTableWidgetItem("\n".join(notes))
        if item.carries:
            note.setForeground(Qt.GlobalColor.darkRed)
        self.table.setItem(row, 3, note)

    def accept(self) -> None:
        for node_id, box in self.deletes.items():
            if box.isChecked():
                self.review.keep.discard(node_id)
            else:
                self.review.keep.add(node_id)
        super().accept()
