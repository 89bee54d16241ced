"""编辑 › 查找和替换… (Ctrl+H): the words found are marked in the table's cells, with a
count and 上一个/下一个; 替换 changes the place shown, 全部替换 every place, each one undo
step. Not modal: the clerk reads and edits the table while it is open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from soildesk.find_replace import FIELDS, Hit, find, replace, walk

if TYPE_CHECKING:
    from .main_window import MainWindow


class FindReplaceDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.setWindowTitle("查找和替换")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.hits: list[Hit] = []
        self.at = -1
        self.needle = QLineEdit(self)
        self.needle.setPlaceholderText("要查找的文字")
        self.replacement = QLineEdit(self)
        self.replacement.setPlaceholderText("替换为（可以为空）")
        self.fields = {key: QCheckBox(label, self) for key, label in FIELDS.items()}
        for box in self.fields.values():
            box.setChecked(True)
            box.toggled.connect(self.search)
        self.count = QLabel(self)
        self.prev_button = QPushButton("上一个", self)
        self.next_button = QPushButton("下一个", self)
        self.replace_button = QPushButton("替换", self)
        self.replace_all_button = QPushButton("全部替换", self)
        close = QPushButton("关闭", self)
        form = QFormLayout()
        form.addRow("查找", self.needle)
        form.addRow("替换为", self.replacement)
        where = QHBoxLayout()
        for box in self.fields.values():
            where.addWidget(box)
        where.addStretch(1)
        form.addRow("范围", where)
        buttons = QGridLayout()
        buttons.addWidget(self.prev_button, 0, 0)
        buttons.addWidget(self.next_button, 0, 1)
        buttons.addWidget(self.replace_button, 1, 0)
        buttons.addWidget(self.replace_all_button, 1, 1)
        buttons.addWidget(close, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        self.needle.textChanged.connect(self.search)
        self.needle.returnPressed.connect(lambda: self.step(1))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.replace_button.clicked.connect(self.replace_one)
        self.replace_all_button.clicked.connect(self.replace_all)
        close.clicked.connect(self.close)
        # The dialog is a window of its own: the main window's Ctrl+Z and Ctrl+Y would
        # not reach it, and undoing a replacement is what a clerk tries first.
        stack = self.session.undo_stack
        for keys, slot in (("Ctrl+Z", stack.undo), ("Ctrl+Y", stack.redo)):
            QShortcut(QKeySequence(keys), self, activated=slot)
        self.session.document.nodes_changed.connect(self._words_changed)
        self.search()

    def open_for(self, text: str = "") -> None:
        if text:
            self.needle.setText(text)
        self.show()
        self.raise_()
        self.needle.setFocus()
        self.needle.selectAll()

    def search(self, *_args: object) -> None:
        needle = self.needle.text()
        chosen = [key for key, box in self.fields.items() if box.isChecked()]
        self.hits = find(self.session.document.roots, needle, chosen)
        self.at = min(self.at, len(self.hits) - 1)
        self.window.table.set_highlight(needle)
        self._show_count()

    def _words_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.search()

    def _show_count(self) -> None:
        n = len(self.hits)
        if not self.needle.text():
            self.count.setText("")
        elif n == 0:
            self.count.setText("没有找到")
        elif self.at >= 0:
            hit = self.hits[self.at]
            self.count.setText(f"共 {n} 处，第 {self.at + 1} 处（{FIELDS[hit.field]}）")
        else:
            self.count.setText(f"共 {n} 处")
        for b in (self.prev_button, self.next_button, self.replace_all_button):
            b.setEnabled(n > 0)
        self.replace_button.setEnabled(0 <= self.at < n)

    def step(self, by: int) -> None:
        if not self.hits:
            return
        self.at = (
            (self.at + by) % len(self.hits)
            if self.at >= 0
            else (0 if by > 0 else -1) % len(self.hits)
        )
        w = self.window
        if w.proxy.active:  # the row may be one the filter hides
            w.search.clear()
            w.unit_filter.setCurrentIndex(0)
        hit = self.hits[self.at]
        w.select_node(hit.node_id)
        w.table.set_highlight(self.needle.text(), (hit.node_id, hit.field))
        self._show_count()

    def _replace(self, hits: list[Hit]) -> None:
        needle, new = self.needle.text(), self.replacement.text()
        nodes = {n.id: n for n in walk(self.session.document.roots)}
        db = self.session.plans.db
        self.window.editor.flush()
        self.session.push(lambda: replace(db, nodes, hits, needle, new))
        self.search()

    def replace_one(self) -> None:
        if 0 <= self.at < len(self.hits):
            at = self.at
            self._replace([self.hits[at]])
            self.at = at - 1  # the next place is now at this index
            self.step(1)

    def replace_all(self) -> None:
        count = len(self.hits)
        if not count:
            return
        in_units = any(h.field == "units_text" for h in self.hits)
        self._replace(list(self.hits))
        self.window.statusBar().showMessage(f"已替换 {count} 处（可撤销：Ctrl+Z）", 8000)
        if in_units:  # the cell's words changed; the unit the rows belong to did not
            self.session.interaction.inform(
                "已替换",
                f"已替换 {count} 处（可撤销：Ctrl+Z）。\n\n“责任单位”一栏只改了表中的写法，"
                "单位本身没有改名：单位筛选、责任清单和导出仍按原来的单位。"
                "要给单位改名或合并，请用“单位 › 单位管理…”。",
            )

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.window.table.set_highlight(self.window.search.text())
        super().closeEvent(event)
