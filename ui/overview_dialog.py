"""进展总览: per unit and per article, how many sub-items are in each status this period,
with a bar read at a glance; clicking a number shows those sub-items in the tree. Lists
of what is overdue, due soon or lagging."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from soildesk.alerts import DeadlineState
from soildesk.overview import COLUMN_LABELS, COLUMNS, NOT_REPORTED, CountRow, by_article, by_unit
from soildesk.progress import Status

from .plan_session import PlanSession
from .status_marks import NO_STATUS_COLOR

AnyIndex = QModelIndex | QPersistentModelIndex
COLORS = {**{s.value: s.color for s in Status}, NOT_REPORTED: NO_STATUS_COLOR}
HEADERS = ("名称", *(COLUMN_LABELS[c] for c in COLUMNS), "合计", "进度")
COL_BAR = len(HEADERS) - 1
COL_TOTAL = COL_BAR - 1


class CountModel(QAbstractTableModel):
    def __init__(self, rows: list[CountRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def ids_at(self, index: AnyIndex) -> set[int]:
        row = self.rows[index.row()]
        col = index.column()
        if 1 <= col <= len(COLUMNS):
            return set(row.ids[COLUMNS[col - 1]])
        return row.all_ids()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.label
            if col == COL_TOTAL:
                return row.total
            if col < COL_TOTAL:
                return row.count(COLUMNS[col - 1])
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and 0 < col < COL_TOTAL
            and row.count(COLUMNS[col - 1])
        ):
            return QColor(COLORS[COLUMNS[col - 1]]).darker(120)
        if role == Qt.ItemDataRole.ToolTipRole and col > 0:
            return "点击查看这些小项"
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


class BarDelegate(QStyledItemDelegate):
    """A stacked bar: one coloured segment per status, in proportion."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: CountRow = index.data(Qt.ItemDataRole.UserRole)
        rect = option.rect.adjusted(4, 6, -4, -6)
        total = row.total
        painter.save()
        painter.fillRect(rect, QColor("#f0f0f0"))
        x = rect.left()
        for i, col in enumerate(COLUMNS):
            n = row.count(col)
            if not n:
                continue
            width = rect.width() * n // total if i < len(COLUMNS) - 1 else rect.right() - x + 1
            painter.fillRect(QRect(x, rect.top(), width, rect.height()), QColor(COLORS[col]))
            x += width
        painter.restore()


class OverviewDialog(QDialog):
    show_ids = Signal(set, str)  # sub-item ids, what they are

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        period = session.period.name if session.period else "（未设置填报期）"
        self.setWindowTitle(f"进展总览 — {period}")
        self.resize(980, 640)
        roots, states = session.document.roots, session.document.states
        units = session.units.list_units(session.plan_id)
        self.tabs = QTabWidget(self)
        collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        unit_rows = sorted(by_unit(roots, states, units), key=lambda r: collator.sortKey(r.label))
        self.unit_view = self._table(unit_rows, "单位")
        self.article_view = self._table(by_article(roots, states), "条")
        self.tabs.addTab(self.unit_view, "按单位")
        self.tabs.addTab(self.article_view, "按条")
        self.alert_lists: dict[str, QListWidget] = {}
        for key, title in (("overdue", "逾期"), ("due_soon", "临近"), ("lagging", "序时滞后")):
            lst = QListWidget(self)
            ids = self._alert_ids(key)
            for node_id in ids:
                node = session.document.node(node_id)
                state = states[node_id]
                due = f"{state.deadline.due:%Y-%m-%d}" if state.deadline else "—"
                item = QListWidgetItem(
                    f"{_path(node)}　{node.text[:40]}　（期限 {due}，{state.status.label if state.status else '未填报'}）",
                    lst,
                )
                item.setData(Qt.ItemDataRole.UserRole, node_id)
            lst.itemDoubleClicked.connect(
                lambda item, t=title: self.show_ids.emit({item.data(Qt.ItemDataRole.UserRole)}, t)
            )
            self.alert_lists[key] = lst
            self.tabs.addTab(lst, f"{title}（{len(ids)}）")
        hint = QLabel(
            "点击表中的数字，在主窗口中只显示这些小项；双击预警列表中的一项可定位到它。", self
        )
        hint.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(hint)
        layout.addWidget(close)

    def _alert_ids(self, key: str) -> list[int]:
        states = self.session.document.states
        if key == "lagging":
            ids = [i for i, s in states.items() if s.alert.lagging]
        else:
            want = DeadlineState.OVERDUE if key == "overdue" else DeadlineState.DUE_SOON
            ids = [i for i, s in states.items() if s.alert.deadline == want]
        return sorted(
            ids, key=lambda i: (states[i].deadline.due if states[i].deadline else date.max, i)
        )

    def _table(self, rows: list[CountRow], what: str) -> QTableView:
        view = QTableView(self)
        model = CountModel(rows, view)
        view.setModel(model)
        view.setItemDelegateForColumn(COL_BAR, BarDelegate(view))
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, COL_BAR):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(COL_BAR, 220)

        def clicked(index: QModelIndex) -> None:
            if index.column() == 0 or index.column() == COL_BAR:
                return
            ids = model.ids_at(index)
            if ids:
                row = model.rows[index.row()]
                label = HEADERS[index.column()]
                self.show_ids.emit(ids, f"{what}“{row.label[:20]}”{label}")

        view.clicked.connect(clicked)
        return view


def _path(node) -> str:
    parts, n = [], node
    while n is not None:
        parts.append(n.number or "")
        n = n.parent
    return "".join(reversed(parts))
