"""进展总览: per unit and per article, how many sub-items are in each status this period,
with a bar read at a glance; clicking a number shows those sub-items in the tree. Lists
of what is overdue, due soon or lagging."""

from __future__ import annotations

import html
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
from PySide6.QtGui import QColor, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from soildesk.alerts import DeadlineState
from soildesk.domain import Role
from soildesk.errors import KnownError
from soildesk.overview import COLUMN_LABELS, COLUMNS, NOT_REPORTED, CountRow, by_article, by_unit
from soildesk.progress import Status

from .plan_session import PlanSession
from .screen_fit import fit_to_screen
from .status_marks import NO_STATUS_COLOR

AnyIndex = QModelIndex | QPersistentModelIndex
COLORS = {**{s.value: s.color for s in Status}, NOT_REPORTED: NO_STATUS_COLOR}
HEADERS = ("名称", *(COLUMN_LABELS[c] for c in COLUMNS), "合计", "进度")
COL_BAR = len(HEADERS) - 1
COL_TOTAL = COL_BAR - 1
ALERT_HEADERS = ("位置", "小项", "牵头单位", "完成时限", "状态")


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
        fit_to_screen(self, 980, 640)
        roots, states = session.document.roots, session.document.states
        units = session.units.list_units(session.plan_id)
        self.tabs = QTabWidget(self)
        collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        unit_rows = sorted(by_unit(roots, states, units), key=lambda r: collator.sortKey(r.label))
        self.unit_view = self._table(unit_rows, "单位")
        self.article_view = self._table(by_article(roots, states), "条")
        self.tabs.addTab(self.unit_view, "按单位")
        self.tabs.addTab(self.article_view, "按条")
        self.alert_tables: dict[str, QTableWidget] = {}
        for key, title in (("overdue", "逾期"), ("due_soon", "临近"), ("lagging", "序时滞后")):
            table = self._alerts(self._alert_ids(key))
            table.itemDoubleClicked.connect(
                lambda item, t=title, tb=table: self.show_ids.emit(
                    {tb.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)}, t
                )
            )
            self.alert_tables[key] = table
            self.tabs.addTab(table, f"{title}（{table.rowCount()}）")
        hint = QLabel(
            "点击表中的数字，在主窗口中只显示这些小项；双击预警列表中的一项可定位到它。", self
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.export_button = buttons.addButton(
            "导出 Excel…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button = buttons.addButton("打印…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        self.print_button.clicked.connect(self.print_current)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)

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

    def _alerts(self, ids: list[int]) -> QTableWidget:
        """A warning list: where, what, who leads, by when, how far; sortable by any
        column (a click on its header)."""
        states = self.session.document.states
        names = {u.id: u.name for u in self.session.units.list_units(self.session.plan_id)}
        order = {n.id: i for i, n in enumerate(_walk(self.session.document.roots))}
        table = QTableWidget(len(ids), len(ALERT_HEADERS), self)
        table.setHorizontalHeaderLabels(ALERT_HEADERS)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        for r, node_id in enumerate(ids):
            node = self.session.document.node(node_id)
            if node is None:
                continue
            state = states[node_id]
            # The registry's names, as the 按单位 tab has them (not the cell's wording).
            lead = "、".join(
                names.get(u.unit_id, u.wording) for u in node.units if u.role == Role.LEAD
            )
            values = (
                _path(node),
                node.text,
                lead,
                f"{state.deadline.due:%Y-%m-%d}" if state.deadline else "—",
                state.status_label,
            )
            for c, value in enumerate(values):
                item = _SortItem(value)
                item.setToolTip(value)
                # 位置 sorts in the table's order (一、二、…), not by its characters.
                item.setData(SORT_ROLE, order.get(node_id, 0) if c == 0 else value)
                table.setItem(r, c, item)
            table.item(r, 0).setData(Qt.ItemDataRole.UserRole, node_id)
        header = table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # soonest deadline first
        table.setSortingEnabled(True)
        return table

    def current_rows(self) -> tuple[str, list[str], list[list[str]]]:
        """The shown tab as (title, headers, rows), in its shown order."""
        title = self.tabs.tabText(self.tabs.currentIndex())
        widget = self.tabs.currentWidget()
        if isinstance(widget, QTableWidget):
            headers = list(ALERT_HEADERS)
            rows = [
                [widget.item(r, c).text() if widget.item(r, c) else "" for c in range(len(headers))]
                for r in range(widget.rowCount())
            ]
            return title, headers, rows
        assert isinstance(widget, QTableView)
        model = widget.model()
        headers = list(HEADERS[:COL_BAR])
        rows = [
            [str(model.index(r, c).data() or "") for c in range(COL_BAR)]
            for r in range(model.rowCount())
        ]
        return title, headers, rows

    def export(self) -> None:
        title, headers, rows = self.current_rows()
        period = self.session.period.name if self.session.period else ""
        path = self.session.interaction.save_file(
            "导出进展总览",
            f"进展总览-{period}-{title.split('（')[0]}.xlsx",
            "Excel 工作簿 (*.xlsx)",
        )
        if path is None:
            return
        from soildesk.export.simple_xlsx import write_list

        try:
            write_list(
                path,
                title,
                f"进展总览（{period}）— {title}",
                [(h, 40 if h == "小项" else 14) for h in headers],
                rows,
            )
        except KnownError as exc:
            self.session.report(str(exc))
            return
        self.session.interaction.inform("导出完成", f"已导出到：\n{path}")

    def print_current(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec():
            self.document().print_(printer)

    def document(self) -> QTextDocument:
        """The shown tab as a printable table (with the period in its title)."""
        title, headers, rows = self.current_rows()
        period = self.session.period.name if self.session.period else ""
        cells = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in rows
        )
        doc = QTextDocument(self)
        doc.setHtml(
            f"<h3>进展总览（{html.escape(period)}）— {html.escape(title)}</h3>"
            f'<table border="1" cellspacing="0" cellpadding="3"><tr>{cells}</tr>{body}</table>'
        )
        return doc

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


SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class _SortItem(QTableWidgetItem):
    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if isinstance(mine, int) and isinstance(theirs, int):
            return mine < theirs
        return str(mine) < str(theirs)


def _walk(nodes):  # type: ignore[no-untyped-def]
    for n in nodes:
        yield n
        yield from _walk(n.children)


def _path(node) -> str:
    parts, n = [], node
    while n is not None:
        parts.append(n.number or "")
        n = n.parent
    return "".join(reversed(parts))
