"""The table view beside the outline tree: one selection for both, the filter of both,
and the table's edits turned into the session's edits."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QDialog, QTreeView, QWidget

from soildesk.domain import Node

from .filter_model import PlanFilterModel
from .plan_session import PlanSession
from .table_model import C_DUTIES, C_PROGRESS, PlanTableModel, edited_fields
from .table_view import PlanTableView
from .unit_picker import UnitPicker


class TablePane(QObject):
    def __init__(
        self, session: PlanSession, tree: QTreeView, proxy: PlanFilterModel, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.tree = tree
        self.proxy = proxy
        self.model = PlanTableModel(session.document, lambda: proxy.visible, self)
        self.view = PlanTableView(self.model, self.commit, self.pick_units, parent)
        self._syncing = False
        self.view.selectionModel().currentChanged.connect(self._table_current)
        tree.selectionModel().selectionChanged.connect(self._tree_selection)
        session.period_changed.connect(self._period_changed)
        proxy.filter_changed.connect(self.refilter)
        # Rows rebuilt (a move, a drag, an undo): the selected row stays selected and in view.
        self.model.modelReset.connect(self._follow_tree)

    def refilter(self) -> None:
        """The filter changed: the table shows the same rows as the tree."""
        self.model.rebuild()

    def _follow_tree(self) -> None:
        """The table selects what the tree has (without echoing it back)."""
        node = self._tree_node()
        if node is not None:
            self._syncing = True
            try:
                self.view.select_node(node)
            finally:
                self._syncing = False

    # -- one selection -----------------------------------------------------------
    def _tree_node(self) -> Node | None:
        indexes = self.tree.selectionModel().selectedRows(0)
        if not indexes:
            return None
        source = self.proxy.mapToSource(indexes[0])
        return self.session.model.node_from_index(source)

    def _tree_selection(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        if not self._syncing:
            self._follow_tree()

    def _table_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        node = self.model.node_at(current.row(), current.column())
        if node is None:
            node = self.model.node_of_row(current.row())
        if node is None:
            return
        index = self.proxy.mapFromSource(self.session.model.index_of(node.id))
        if index.isValid():
            self._syncing = True
            try:
                self.tree.scrollTo(index)
                self.tree.setCurrentIndex(index)
            finally:
                self._syncing = False

    def _period_changed(self) -> None:
        period = self.session.period
        self.model.period_name = period.name if period else ""
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, C_PROGRESS, C_PROGRESS)

    # -- edits from the table ------------------------------------------------------
    def commit(self, node: Node, column: int, value: str) -> None:
        fields = edited_fields(node, column, value)
        if column != C_DUTIES and "text" in fields:
            fields["text"] = fields["text"].strip()
        self.session.edit(node.id, **fields)

    def pick_units(self, node: Node) -> None:
        picker = UnitPicker(self.session, node, self.view)
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.session.set_units(node.id, picker.entries())
