"""The read-only table the review dialogs show (packets, a revised table): rows as tall
as their text at the columns' final widths, scrolled by pixels, and a control (a tick
box, a choice) held at the top of its cell rather than stretched over a tall row."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QVBoxLayout, QWidget


class ReviewTable(QTableWidget):
    def __init__(self, rows: int, headers: list[str] | tuple[str, ...], parent: QWidget) -> None:
        super().__init__(rows, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        # A row can be taller than the table: scroll by pixels, not a whole row at a time.
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Heights follow the columns' final widths: measured before the dialog was laid
        # out, rows came out four times too tall, or too short to show every answer.
        self.refit = QTimer(self)
        self.refit.setSingleShot(True)
        self.refit.setInterval(0)
        self.refit.timeout.connect(self.resizeRowsToContents)
        self.horizontalHeader().sectionResized.connect(lambda *_: self.refit.start())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refit.start()

    def set_top_widget(self, row: int, column: int, widget: QWidget) -> None:
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(widget)
        box.addStretch(1)
        self.setCellWidget(row, column, holder)
