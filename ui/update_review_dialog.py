"""用新版任务分解表更新 — 审阅: what the revised table adds, removes, moves and rewords,
before anything is written. A dropped row that carries progress, a deadline or evidence
is kept unless the clerk ticks it for deletion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import LEVEL_LABELS
from soildesk.plan_update import UpdateItem, UpdateReview

from .review_table import ReviewTable
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
        self.table = ReviewTable(len(review.items), ["变化", "层级", "内容", "说明"], self)
        header = self.table.horizontalHeader()
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("删除（有进展）") + 40)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("小项") + 16)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.deletes: dict[int, QCheckBox] = {}  # conflict rows: node id -> "删除" box
        for row, item in enumerate(review.items):
            self._fill(row, item)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("更新", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _fill(self, row: int, item: UpdateItem) -> None:
        if item.kind == "removed" and item.carries:
            box = QCheckBox("删除", self.table)
            box.setToolTip("新表中没有这一行，但它有进展或佐证：不勾选则保留")
            self.table.set_top_widget(row, 0, box)
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
