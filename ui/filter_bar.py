"""The toolbar's search box and unit filter over the one filter of both views. A row
the filter hides leaves the pane, and is selected again when the filter lets it show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCollator, QLocale, QObject
from PySide6.QtWidgets import QComboBox, QLineEdit

if TYPE_CHECKING:
    from .main_window import MainWindow

ALL_UNITS = "全部单位"


class FilterBar(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.proxy = window.proxy
        self.hidden_row: int | None = None  # the row a filter hid, selected again after
        self._expanded: set[int] | None = None  # the outline's folding before a search
        self.search = QLineEdit(window)
        self.search.setPlaceholderText("搜索内容、单位、工作内容…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.unit_filter = QComboBox(window)
        self.unit_filter.setMinimumWidth(150)
        self.unit_filter.setToolTip("只显示某个单位牵头或参与的项和小项")
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.textChanged.connect(window.table.set_highlight)
        self.unit_filter.currentIndexChanged.connect(self._unit_chosen)
        self.proxy.filter_changed.connect(self._filter_changed)
        window.session.document.units_changed.connect(self.reload_units)

    def _unit_chosen(self, _index: int) -> None:
        self.proxy.set_unit(self.unit_filter.currentData())

    def _filter_changed(self) -> None:
        """In the outline view the matches are shown opened out; beside the table the
        outline stays a navigator (opening 10,000 rows cost half a second a keystroke)."""
        w = self.window
        if self.proxy.active and w.view_actions.view == "tree":
            if self._expanded is None:  # how the clerk had it, for when the search ends
                self._expanded = {n for n in self._branches() if w.tree.isExpanded(self._index(n))}
            w.tree.expandAll()
        elif not self.proxy.active and self._expanded is not None:
            w.tree.collapseAll()
            for node_id in self._expanded:
                w.tree.expand(self._index(node_id))
            self._expanded = None
        self.drop_hidden_selection()
        back = self.hidden_row
        if back is not None and self._visible(back):
            self.hidden_row = None
            w.select_node(back)

    def _branches(self) -> list[int]:
        out: list[int] = []
        stack = list(self.window.session.document.roots)
        while stack:
            n = stack.pop()
            if n.children:
                out.append(n.id)
                stack.extend(n.children)
        return out

    def _index(self, node_id: int):  # type: ignore[no-untyped-def]
        return self.proxy.mapFromSource(self.window.session.model.index_of(node_id))

    def _visible(self, node_id: int) -> bool:
        index = self.window.session.model.index_of(node_id)
        return self.proxy.mapFromSource(index).isValid()

    def drop_hidden_selection(self) -> None:
        """The pane never keeps showing a row the filter has hidden."""
        editor = self.window.editor
        if editor.node_id is not None and not self._visible(editor.node_id):
            self.hidden_row = editor.node_id
            editor.set_node(None)

    def reload_units(self) -> None:
        session = self.window.session
        current = self.unit_filter.currentData()
        units = [
            u
            for u in session.units.list_units(session.plan_id)
            if u.lead_count + u.cooperate_count + u.other_count
        ]
        collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        collator.setNumericMode(True)
        units.sort(key=lambda u: collator.sortKey(u.name))
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem(ALL_UNITS, None)
        for u in units:
            self.unit_filter.addItem(
                f"{u.name}（牵头{u.lead_count}·配合{u.cooperate_count}）", u.id
            )
        index = self.unit_filter.findData(current)
        self.unit_filter.setCurrentIndex(max(index, 0))
        self.unit_filter.blockSignals(False)
        if index < 0 and current is not None:
            self._unit_chosen(0)
