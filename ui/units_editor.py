"""The 责任单位 of an item or sub-item: one row per unit, with its role.

Units are picked from the registry or typed; a typed name is resolved by alias in the
core (县环保局 finds 环保局), so names are never scattered as free text."""

from __future__ import annotations

from PySide6.QtCore import QCollator, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import ROLE_LABELS, Role, UnitInfo, UnitLink, UnitRef

ROLES = list(Role)


class UnitsEditor(QWidget):
    edited = Signal(list)  # list[UnitLink | UnitRef]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._links: list[UnitLink | None] = []  # the stored link behind each row
        self._loading = False
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["单位", "分工"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Six rows in view: a lead unit must not scroll out of sight behind its partners.
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 * 3)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Wide enough for the longest role and its arrow even before any row exists: a new
        # sub-item's table showed only "牵▾".
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("负责落实") + 48)
        self.add_button = QPushButton("添加单位", self)
        self.remove_button = QPushButton("删除所选单位", self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        remove = QAction("删除所选单位", self.table)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        # The table or a role box inside it; a unit name being typed keeps its Delete key.
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.triggered.connect(self.remove_selected)
        self.table.addAction(remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_registry(self, units: list[UnitInfo]) -> None:
        collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        collator.setNumericMode(True)
        self._names = sorted({u.name for u in units}, key=collator.sortKey)
        for row in range(self.table.rowCount()):
            combo = self.unit_combo(row)
            text = combo.currentText()
            self._loading = True
            combo.clear()
            combo.addItems(self._names)
            combo.setCurrentText(text)
            self._loading = False

    def set_units(self, links: list[UnitLink]) -> None:
        shown = [(e.wording, e.role) for e in self.entries()]
        if shown == [(u.wording, u.role) for u in links] and self.table.rowCount() == len(links):
            # Same rows (e.g. right after the clerk's own edit): keep the widgets, which
            # may be emitting the very signal that got us here.
            self._links = list(links)
            return
        self._loading = True
        self.table.setRowCount(0)
        self._links = []
        for link in links:
            self._append(link.wording, link.role, link)
        self._loading = False

    def unit_combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, 0)  # type: ignore[return-value]

    def role_combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, 1)  # type: ignore[return-value]

    def _append(self, wording: str, role: Role, link: UnitLink | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        unit = QComboBox(self.table)
        unit.setEditable(True)
        unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        unit.addItems(self._names)
        unit.setCurrentText(wording)
        unit.lineEdit().setPlaceholderText("选择或输入单位名称")
        unit.lineEdit().editingFinished.connect(self._emit)
        unit.activated.connect(self._emit)
        roles = QComboBox(self.table)
        roles.addItems([ROLE_LABELS[r] for r in ROLES])
        roles.setCurrentIndex(ROLES.index(role))
        roles.currentIndexChanged.connect(self._emit)
        self.table.setCellWidget(row, 0, unit)
        self.table.setCellWidget(row, 1, roles)
        self._links.append(link)
        return row

    def add_row(self) -> None:
        has_lead = any(self.role_combo(r).currentIndex() == 0 for r in range(self.table.rowCount()))
        self._loading = True
        row = self._append("", Role.COOPERATE if has_lead else Role.LEAD, None)
        self._loading = False
        self.table.selectRow(row)
        self.unit_combo(row).setFocus()

    def _focused_row(self) -> int:
        focus = QApplication.focusWidget()
        for row in range(self.table.rowCount()):
            for col in (0, 1):
                cell = self.table.cellWidget(row, col)
                if focus is not None and (focus is cell or cell.isAncestorOf(focus)):
                    return row
        return self.table.currentRow()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount():
            row = self._focused_row()
            rows = [row] if row >= 0 else []
        for row in rows:
            self.table.removeRow(row)
            self._links.pop(row)
        if rows:
            self._emit()

    def entries(self) -> list[UnitLink | UnitRef]:
        out: list[UnitLink | UnitRef] = []
        for row in range(self.table.rowCount()):
            # A typed name ends where the punctuation starts: 县农业局。 is 县农业局.
            wording = self.unit_combo(row).currentText().strip().strip("。，,；;、.： ")
            if not wording:
                continue
            role = ROLES[self.role_combo(row).currentIndex()]
            link = self._links[row]
            if link is not None and link.wording == wording:
                out.append(UnitLink(link.unit_id, role, wording))
            else:
                out.append(UnitRef(wording, role))
        return out

    def _emit(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit(self.entries())
