"""单位管理: every unit with its aliases and how many items/sub-items it leads and
cooperates on; rename (double-click the name) and merge, both undoable."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import UnitInfo

from .plan_session import PlanSession
from .screen_fit import fit_to_screen

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("单位名称", "其他写法（别名）", "牵头", "配合", "负责/落实")
COL_NAME, COL_ALIASES, COL_LEAD, COL_COOP, COL_OTHER = range(5)


class UnitTableModel(QAbstractTableModel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.units: list[UnitInfo] = []
        self.reload()

    def reload(self) -> None:
        fresh = {u.id: u for u in self.session.units.list_units()}
        if self.units and fresh.keys() == {u.id for u in self.units}:
            # Same units (a rename): update in place, so an open name editor stays valid.
            self.units = [fresh[u.id] for u in self.units]
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.units) - 1, len(COLUMNS) - 1)
            )
            return
        self.beginResetModel()
        collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        collator.setNumericMode(True)
        self.units = sorted(fresh.values(), key=lambda u: collator.sortKey(u.name))
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.units)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        u = self.units[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (u.name, "、".join(u.aliases), u.lead_count, u.cooperate_count, u.other_count)[
                col
            ]
        if role == Qt.ItemDataRole.ToolTipRole and col <= COL_ALIASES:
            return "、".join((u.name, *u.aliases))
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= COL_LEAD:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return u.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == COL_NAME else base

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_NAME:
            return False
        name = str(value).strip()
        unit = self.units[index.row()]
        if not name or name == unit.name:
            return False
        self.session.rename_unit(unit.id, name)  # reload follows through units_changed
        return True


class UnitDialog(QDialog):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("单位管理")
        fit_to_screen(self, 860, 560)
        self.model = UnitTableModel(session, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("查找单位或别名")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ALIASES, QHeaderView.ResizeMode.Stretch)
        for col in (COL_LEAD, COL_COOP, COL_OTHER):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.merge_button = QPushButton("合并所选的两个单位…", self)
        self.merge_button.clicked.connect(self.merge_selected)
        self.undo_button = QPushButton("撤销", self)
        self.undo_button.clicked.connect(session.undo_stack.undo)
        session.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(session.undo_stack.canUndo())
        hint = QLabel(
            "双击单位名称可改名（原名称保留为别名）。同一单位的不同写法、机构改革前后的名称，可合并为一个单位。",
            self,
        )
        hint.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.merge_button)
        top.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(close)
        session.document.units_changed.connect(self.model.reload)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def selected_units(self) -> list[UnitInfo]:
        rows = sorted(
            {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        )
        return [self.model.units[r] for r in rows]

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(len(self.selected_units()) == 2)

    def merge_selected(self) -> None:
        units = self.selected_units()
        if len(units) != 2:
            return
        a, b = units
        choice = self.session.interaction.choose(
            "合并单位",
            f"“{a.name}”和“{b.name}”是同一个单位吗？\n合并后，两者的任务都归到保留的名称下，"
            "另一个名称作为别名保留，原文写法不变。可以撤销。",
            [f"保留“{a.name}”", f"保留“{b.name}”"],
        )
        if choice is None:
            return
        keep, gone = (a, b) if choice == 0 else (b, a)
        self.session.merge_units(keep.id, gone.id, f"合并单位“{gone.name}”到“{keep.name}”")
