"""The breakdown tree as a QAbstractItemModel over plain core nodes.

The model never writes to the database: edits go through undo commands, whose change
records the plan document applies; the document tells this model what changed."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from soildesk.domain import Level, Node
from soildesk.unit_text import unit_cell

from .plan_document import ALL_NODES, PlanDocument
from .status_marks import NO_STATUS_COLOR, progress_data, progress_label, status_dot

COL_TEXT = 0
COL_UNITS = 1
COL_PROGRESS = 2
HEADERS = ("内容", "责任单位", "进展")
NODE_MIME = "application/x-soildesk-node"

AnyIndex = QModelIndex | QPersistentModelIndex


class NodeRole(IntEnum):
    NODE = Qt.ItemDataRole.UserRole + 1  # the Node object
    ID = Qt.ItemDataRole.UserRole + 2
    LEVEL = Qt.ItemDataRole.UserRole + 3


_LEVEL_FONT: dict[Level, QFont] = {}
_FLAG_BRUSH = QBrush(QColor("#b54708"))
_ROLLUP_BRUSH = QBrush(QColor("#555555"))


def units_label(node: Node) -> str:
    if node.units_raw:
        return f"⚠ {node.units_raw}"
    return unit_cell(node, node.number if node.level == Level.SUBITEM else "")


class PlanTreeModel(QAbstractItemModel):
    """The document's nodes as a tree. It keeps no nodes of its own: the document tells
    it before and after each change of shape (DocumentView), and which rows changed."""

    # A drop asks for a move; the window turns it into an undoable command.
    move_requested = Signal(int, object, int)  # node id, new parent id or None, position
    files_dropped = Signal(int, list)  # sub-item id, list[Path]: evidence dropped on a row

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._rows: dict[int, int] = {}  # node id -> its row among its siblings (_row)
        document.views.append(self)
        document.nodes_changed.connect(self._node_changed)
        document.marks_changed.connect(self._node_changed)

    # -- DocumentView ---------------------------------------------------------
    def before_reset(self) -> None:
        self.beginResetModel()

    def after_reset(self) -> None:
        self.endResetModel()

    def before_insert(self, parent: Node | None, row: int) -> None:
        self.beginInsertRows(self._index_of_node(parent), row, row)

    def after_insert(self) -> None:
        self.endInsertRows()

    def before_remove(self, parent: Node | None, row: int) -> None:
        self.beginRemoveRows(self._index_of_node(parent), row, row)

    def after_remove(self) -> None:
        self.endRemoveRows()

    def before_move(
        self, old_parent: Node | None, old_row: int, new_parent: Node | None, new_row: int
    ) -> None:
        src, dst = self._index_of_node(old_parent), self._index_of_node(new_parent)
        if not self.beginMoveRows(src, old_row, old_row, dst, new_row):
            raise RuntimeError("invalid move")

    def after_move(self) -> None:
        self.endMoveRows()

    def _node_changed(self, node_id: int) -> None:
        if node_id == ALL_NODES:
            # One layout change: dataChanged per row, or per block of siblings, made the
            # tree view look up each range, 0.17–0.45 s a period switch at 2,000
            # sub-items (16 ms now).
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
            return
        left, right = self.index_of(node_id, 0), self.index_of(node_id, len(HEADERS) - 1)
        if left.isValid():
            self.dataChanged.emit(left, right)

    # -- lookup ------------------------------------------------------------------
    def node_from_index(self, index: AnyIndex) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def index_of(self, node_id: int, column: int = 0) -> QModelIndex:
        node = self.document.node(node_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(self._row(node), column, node)

    def _index_of_node(self, node: Node | None) -> QModelIndex:
        return self.index_of(node.id) if node is not None else QModelIndex()

    def _siblings(self, parent: Node | None) -> list[Node]:
        return self.document.siblings(parent)

    def _row(self, node: Node) -> int:
        """A node's row among its siblings, remembered and checked: list.index on every
        parent() took 2.8 s to expand a 10,000-row plan of 1,001 articles."""
        siblings = self._siblings(node.parent)
        row = self._rows.get(node.id, -1)
        if not (0 <= row < len(siblings) and siblings[row] is node):
            for i, sibling in enumerate(siblings):
                self._rows[sibling.id] = i
            row = self._rows[node.id]
        return row

    # -- Qt model interface --------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        siblings = self._siblings(self.node_from_index(parent))
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self.node_from_index(index)
        if node is None or node.parent is None:
            return QModelIndex()
        p = node.parent
        return self.createIndex(self._row(p), 0, p)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._siblings(self.node_from_index(parent)))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node = self.node_from_index(index)
        if node is None:
            return None
        col = index.column()
        if col == COL_PROGRESS:
            return self._progress_data(node, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TEXT:
                text = node.display or "（无款标题）"
                return text.split("\n", 1)[0]
            return units_label(node).split("\n", 1)[0] if node.level.has_units else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_UNITS and node.level.has_units:
                tip = units_label(node)
                return tip + ("\n（原文责任单位未能识别，请在右侧核对）" if node.units_raw else "")
            return f"【{node.level.label}】{node.display}"
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_UNITS and node.units_raw:
            return _FLAG_BRUSH
        if role == Qt.ItemDataRole.FontRole and col == COL_TEXT and node.level == Level.ARTICLE:
            font = QFont()
            font.setBold(True)
            return font
        if role == NodeRole.NODE:
            return node
        if role == NodeRole.ID:
            return node.id
        if role == NodeRole.LEVEL:
            return int(node.level)
        return None

    def _progress_data(self, node: Node, role: int) -> object:
        state = self.document.states.get(node.id)
        if state is None:
            return self._rollup_data(node, role)
        return progress_data(state, role, progress_label(state))

    def _rollup_data(self, node: Node, role: int) -> object:
        rollup = self.document.rollups.get(node.id)
        if rollup is None or not rollup.total:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return rollup.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"【{node.level.label}】本期进展\n{rollup.detail}"
        if role == Qt.ItemDataRole.DecorationRole:
            return status_dot(rollup.color or NO_STATUS_COLOR)
        if role == Qt.ItemDataRole.ForegroundRole:
            return _ROLLUP_BRUSH
        return None

    # -- drag and drop: reordering within a level ----------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME, "text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        nodes = [self.node_from_index(i) for i in indexes if i.column() == 0]
        if nodes and nodes[0] is not None:
            mime.setData(NODE_MIME, QByteArray(str(nodes[0].id).encode()))
        return mime

    def _file_target(self, mime: QMimeData, row: int, parent: AnyIndex) -> Node | None:
        """Files dropped onto a sub-item row become its evidence."""
        if mime.hasFormat(NODE_MIME) or not mime.hasUrls() or row != -1:
            return None
        target = self.node_from_index(parent)
        return target if target is not None and target.level == Level.SUBITEM else None

    def _drop_target(
        self, mime: QMimeData, row: int, parent: AnyIndex
    ) -> tuple[Node, Node | None, int] | None:
        if not mime.hasFormat(NODE_MIME):
            return None
        try:
            node = self.document.node(int(bytes(mime.data(NODE_MIME).data()).decode()))
        except ValueError:
            return None
        if node is None:
            return None
        target = self.node_from_index(parent)
        # Dropped onto a node of the same level: insert just before it.
        if target is not None and target.level == node.level:
            row, target = self._row(target), target.parent
        expected = node.level - 1
        if (target.level if target else 0) != expected:
            return None
        t = target
        while t is not None:  # never into its own subtree
            if t is node:
                return None
            t = t.parent
        siblings = self._siblings(target)
        if row < 0 or row > len(siblings):
            row = len(siblings)
        if siblings is self._siblings(node.parent) and row > self._row(node):
            row -= 1  # the node leaves its old place first
        return node, target, row

    def canDropMimeData(
        self, mime: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return (
            self._drop_target(mime, row, parent) is not None
            or self._file_target(mime, row, parent) is not None
        )

    def dropMimeData(
        self, mime: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        sub = self._file_target(mime, row, parent)
        if sub is not None:
            paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.files_dropped.emit(sub.id, paths)
            return False  # nothing for the view to do: the files are copied, not moved
        target = self._drop_target(mime, row, parent)
        if target is None:
            return False
        node, new_parent, position = target
        self.move_requested.emit(node.id, new_parent.id if new_parent else None, position)
        # False: the move is done by the command, so the view must not remove rows itself.
        return False
