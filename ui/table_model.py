"""The breakdown as the official attachment lays it out: one row per sub-item, the
article, clause, item and item-unit cells spanning their sub-items (the spans are the
view's; this model says where they are).

The model keeps no nodes of its own: rows are rebuilt from the plan document when its
shape changes, and a changed node repaints its cells."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from soildesk.domain import Level, Node
from soildesk.export.table import TableRow, table_rows
from soildesk.numbering import number_key, split_number
from soildesk.unit_text import unit_cell

from .plan_document import ALL_NODES, PlanDocument
from .status_marks import progress_data, short_progress_label
from .tree_model import NodeRole, units_label

AnyIndex = QModelIndex | QPersistentModelIndex

(C_ARTICLE, C_CLAUSE, C_ITEM, C_ITEM_UNITS, C_SUB, C_SUB_UNITS, C_DUTIES, C_PROGRESS) = range(8)
HEADERS = ("条", "款", "项", "责任单位", "小项", "责任单位", "具体工作内容", "进展")
SPANNED = (C_ARTICLE, C_CLAUSE, C_ITEM, C_ITEM_UNITS)
UNIT_COLUMNS = (C_ITEM_UNITS, C_SUB_UNITS)
_LEVEL_OF = {C_ARTICLE: 0, C_CLAUSE: 1, C_ITEM: 2, C_ITEM_UNITS: 3}
_FLAG_BRUSH = QBrush(QColor("#b54708"))
ROLLUP_COLUMNS = (C_ARTICLE, C_CLAUSE, C_ITEM)  # cells that show their sub-items' roll-up bar
ROLLUP_ROLE = Qt.ItemDataRole.UserRole + 20
MARK_ROLES = [
    int(Qt.ItemDataRole.DecorationRole),
    int(Qt.ItemDataRole.ToolTipRole),
    int(Qt.ItemDataRole.ForegroundRole),
    ROLLUP_ROLE,
]


class PlanTableModel(QAbstractTableModel):
    words_changed = Signal(int)  # a node id (or ALL_NODES) whose cells need measuring again

    def __init__(
        self,
        document: PlanDocument,
        visible: Callable[[], set[int] | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        """`visible` gives the filter's set of shown nodes (None: all), read at each
        rebuild."""
        super().__init__(parent)
        self.document = document
        self.visible = visible
        self.rows: list[TableRow] = []
        self.spans: dict[int, list[tuple[int, int]]] = {}  # spanned column -> (first, last)
        self._first_row: dict[int, int] = {}  # node id -> its first row
        self.period_name = ""
        self.shape = 0  # counts the document's changes of shape (not the filter's)
        document.structure_changed.connect(self._reshaped)
        document.nodes_changed.connect(self._node_changed)
        document.marks_changed.connect(self._marks_changed)

    # -- rows -----------------------------------------------------------------
    def _reshaped(self) -> None:
        self.shape += 1
        self.rebuild()

    def rebuild(self) -> None:
        self.beginResetModel()
        keep: Callable[[Node], bool] | None = None
        visible = self.visible()
        if visible is not None:
            keep = lambda sub: sub.id in visible  # noqa: E731
        rows = table_rows(self.document.roots, keep)
        if visible is not None:  # a childless node the filter kept still shows
            rows = [r for r in rows if r.sub is not None or _deepest(r).id in visible]
        self.rows = rows
        self.spans = _runs(rows)
        first: dict[int, int] = {}
        for i, row in enumerate(rows):
            for node in (row.article, row.clause, row.item, row.sub):
                if node is not None and node.id not in first:
                    first[node.id] = i
        self._first_row = first
        self.endResetModel()

    def row_of(self, node_id: int) -> int | None:
        return self._first_row.get(node_id)

    def span_at(self, row: int, column: int) -> tuple[int, int]:
        """(first, last) row of the cell that covers (row, column)."""
        if column not in self.spans:
            return row, row
        runs = self.spans[column]
        i = bisect_right(runs, (row, len(self.rows))) - 1
        return runs[i] if i >= 0 else (row, row)

    def node_at(self, row: int, column: int) -> Node | None:
        """The node whose words stand in this cell (None: an empty cell)."""
        if not 0 <= row < len(self.rows):
            return None
        if column == C_PROGRESS:
            return self.rows[row].sub
        return self.rows[row].nodes()[column]

    def node_of_row(self, row: int) -> Node | None:
        """The deepest node of a row: what selecting the row selects."""
        return _deepest(self.rows[row]) if 0 <= row < len(self.rows) else None

    def rows_of(self, node_id: int) -> tuple[int, int] | None:
        first = self._first_row.get(node_id)
        if first is None:
            return None
        node = self.document.node(node_id)
        last = first
        while last + 1 < len(self.rows) and node in self.rows[last + 1].nodes():
            last += 1
        return first, last

    def _node_changed(self, node_id: int) -> None:
        """Words changed: the rows repaint and the view measures them again."""
        self.words_changed.emit(node_id)
        self._emit(node_id, 0)

    def _marks_changed(self, node_id: int) -> None:
        """Progress marks (and the roll-up bars of items, clauses and articles) repaint;
        no words changed, so nothing is measured again."""
        self._emit(node_id, 0, MARK_ROLES)

    def _emit(self, node_id: int, from_column: int, roles: list[int] | None = None) -> None:
        if not self.rows:
            return
        found = (0, len(self.rows) - 1) if node_id == ALL_NODES else self.rows_of(node_id)
        if found is not None:
            top, bottom = self.index(found[0], from_column), self.index(found[1], C_PROGRESS)
            self.dataChanged.emit(top, bottom, roles or [])

    # -- Qt model interface ------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == C_PROGRESS:
            return f"填报期：{self.period_name}" if self.period_name else "还没有填报期"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() != C_PROGRESS and self.node_at(index.row(), index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        node = self.node_at(row, col)
        if role == NodeRole.NODE:
            return node
        if node is None:
            return None
        if col == C_PROGRESS:
            return self._progress_data(node, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(node, col)
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(node, col)
        if role == Qt.ItemDataRole.ForegroundRole and col in UNIT_COLUMNS and node.units_raw:
            return _FLAG_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and col in UNIT_COLUMNS and node.units_raw:
            return "原文责任单位未能识别，请双击核对"
        if col in ROLLUP_COLUMNS and role in (ROLLUP_ROLE, Qt.ItemDataRole.ToolTipRole):
            rollup = self.document.rollups.get(node.id)
            if rollup is None or not rollup.total or set(rollup.by_status) == {None}:
                return None  # nothing reported this period: no bar
            return rollup if role == ROLLUP_ROLE else f"本期进展\n{rollup.detail}"
        return None

    def _progress_data(self, node: Node, role: int) -> object:
        state = self.document.states.get(node.id)
        if state is None:
            return None
        return progress_data(state, role, short_progress_label(state))

def cell_text(node: Node, column: int) -> str:
    """A cell's words as the printed table shows them."""
    if column in UNIT_COLUMNS:
        return units_label(node)
    if column == C_DUTIES:
        return node.duties
    return node.display


def edit_text(node: Node, column: int) -> str:
    if column in UNIT_COLUMNS:
        return unit_cell(node, node.number if node.level == Level.SUBITEM else "")
    return node.duties if column == C_DUTIES else node.display


def edited_fields(node: Node, column: int, value: str) -> dict[str, str]:
    """What typing `value` into a cell changes. A text cell keeps its number exactly as
    written unless the clerk changed the number itself."""
    if column == C_DUTIES:
        return {"duties": value}
    number = node.number
    if number and value.startswith(number):
        return {"text": value[len(number) :]}
    head, rest = split_number(value)
    if number and head and number_key(head) == number_key(number):
        return {"text": rest}
    if head:
        return {"number": head, "text": rest}
    return {"number": "", "text": value} if number else {"text": value}


def _runs(rows: list[TableRow]) -> dict[int, list[tuple[int, int]]]:
    """(first, last) of each run of one node in the spanned columns, in one pass (the
    item's units span as the item does)."""
    out: dict[int, list[tuple[int, int]]] = {C_ARTICLE: [], C_CLAUSE: [], C_ITEM: []}
    if rows:
        start = {C_ARTICLE: 0, C_CLAUSE: 0, C_ITEM: 0}
        prev = (rows[0].article, rows[0].clause, rows[0].item)
        for i in range(1, len(rows)):
            r = rows[i]
            cur = (r.article, r.clause, r.item)
            for col, a, b in zip(out, prev, cur, strict=True):
                if a is not b or (a is None and col != C_ARTICLE):
                    out[col].append((start[col], i - 1))
                    start[col] = i
            prev = cur
        for col in out:
            out[col].append((start[col], len(rows) - 1))
    out[C_ITEM_UNITS] = out[C_ITEM]
    return out


def _deepest(row: TableRow) -> Node:
    return row.sub or row.item or row.clause or row.article
