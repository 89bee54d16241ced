"""Filters the tree by text and by unit; ancestors of a match stay visible."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from soildesk.domain import Node

from .tree_model import PlanTreeModel


class PlanFilterModel(QSortFilterProxyModel):
    def __init__(self, source: PlanTreeModel, parent: object | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setRecursiveFilteringEnabled(True)
        self._text = ""
        self._unit_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(self._text) or self._unit_id is not None

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange()

    def set_unit(self, unit_id: int | None) -> None:
        self.beginFilterChange()
        self._unit_id = unit_id
        self.endFilterChange()

    def matches(self, node: Node) -> bool:
        if self._unit_id is not None and not any(u.unit_id == self._unit_id for u in node.units):
            return False
        if self._text:
            hay = " ".join(
                [node.display, node.duties, node.units_raw, *(u.wording for u in node.units)]
            ).lower()
            return self._text in hay
        return True

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self.active:
            return True
        model = self.sourceModel()
        node = model.node_from_index(model.index(source_row, 0, source_parent))
        return node is not None and self.matches(node)
