"""修改记录 of the selected row: every change to it, newest first, with who and when.
Read when the tab is shown (and again after each edit while it is)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import Node
from soildesk.history import HistoryService


class HistoryPanel(QWidget):
    def __init__(self, history: HistoryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.node_id: int | None = None
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["时间", "操作人", "操作", "修改内容"])
        self.list.setRootIsDecorated(False)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # 操作 gets six characters' room (its tooltip and the dialog have it whole): sized
        # to its longest text it pushed 修改内容, what this pane is read for, out of view.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.list.setColumnWidth(2, self.fontMetrics().horizontalAdvance("修改具体工作") + 12)
        self.empty = QLabel("这一行还没有修改记录。导入或生成时的原文不算修改。", self)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)

    def set_node(self, node: Node | None) -> None:
        self.node_id = node.id if node else None
        if self.isVisible():
            self.reload()

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        entries = self.history.for_node(self.node_id) if self.node_id is not None else []
        for e in entries:
            item = QTreeWidgetItem(
                [f"{e.at:%Y-%m-%d %H:%M}", e.user, e.label, "\n".join(e.lines) or "—"]
            )
            item.setToolTip(2, e.label)
            item.setToolTip(3, "\n".join(e.lines))
            self.list.addTopLevelItem(item)
        self.empty.setVisible(not entries)
        self.list.setVisible(bool(entries))
