"""The pane that edits the selected node: its number and text; for items and sub-items
the units with their roles; for sub-items the 具体工作内容.

Text is saved when the field loses focus, when the selection changes and when the
window closes, so closing never asks "save?" and never loses an edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from soildesk.domain import Level, Node
from soildesk.unit_text import propose_wording, unit_cell

from .plan_document import ALL_NODES
from .plan_session import PlanSession
from .screen_fit import scrolled
from .units_editor import UnitsEditor

if TYPE_CHECKING:
    from .evidence_panel import EvidencePanel
    from .history_panel import HistoryPanel
    from .progress_panel import ProgressPanel


class NodeEditor(QWidget):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.node_id: int | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        self.placeholder = QLabel("在左侧选择一行进行编辑。", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.number = QLineEdit(self)
        self.number.setMaximumWidth(120)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        self.units_box = QGroupBox("责任单位", self)
        self.units_warning = QLabel(self.units_box)
        self.units_warning.setWordWrap(True)
        self.units_warning.setStyleSheet("color: #b54708;")
        self.units = UnitsEditor(self.units_box)
        self.wording = QPlainTextEdit(self.units_box)
        self.wording.setTabChangesFocus(True)
        self.wording.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 10)
        self.wording.setToolTip(
            "表格、打印和导出中“责任单位”一格的文字。导入的表格保留原文写法；"
            "修改上面的单位后会按原文的写法给出新的写法，可以再改。"
        )
        units_layout = QVBoxLayout(self.units_box)
        units_layout.addWidget(self.units_warning)
        units_layout.addWidget(self.units)
        units_layout.addWidget(QLabel("表中写法", self.units_box))
        units_layout.addWidget(self.wording)
        self.duties_box = QGroupBox("具体工作内容", self)
        self.duties = QPlainTextEdit(self.duties_box)
        self.duties.setTabChangesFocus(True)
        self.duties.setPlaceholderText("每个单位一行，例如：（1）环保局，牵头负责……")
        QVBoxLayout(self.duties_box).addWidget(self.duties)

        self.form = QWidget(self)
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("编号", self.number)
        self.text_box = QGroupBox("内容", self)
        QVBoxLayout(self.text_box).addWidget(self.text)
        # One splitter, no scrolling pane: on a 1366×768 screen the text, the units and
        # the duties are all in view, each scrolling inside itself when it is long.
        self.sections = QSplitter(Qt.Orientation.Vertical, self)
        self.units_area, self.duties_area = scrolled(self.units_box), scrolled(self.duties_box)
        for area in (scrolled(self.text_box), self.units_area, self.duties_area):
            self.sections.addWidget(area)
        self.sections.setChildrenCollapsible(False)
        self.sections.setStretchFactor(0, 2)
        self.sections.setStretchFactor(1, 3)
        self.sections.setStretchFactor(2, 2)
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.form)
        content_layout.addWidget(self.sections, 1)
        # 进展与佐证 and 修改记录 are built when first opened or asked for: they are not
        # in view when the window opens, and building them was a tenth of the start.
        self._progress: ProgressPanel | None = None
        self._evidence: EvidencePanel | None = None
        self._history: HistoryPanel | None = None
        self.tabs = QTabWidget(self)
        self.tabs.addTab(content, "内容与分工")
        self._tracking_page, self._history_page = QWidget(self), QWidget(self)
        for page, label in ((self._tracking_page, "进展与佐证"), (self._history_page, "修改记录")):
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, label)
        self._chosen_tab, self._placing = 0, False
        self.tabs.currentChanged.connect(self._tab_shown)
        session.undo_stack.indexChanged.connect(self._stack_moved)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.tabs, 1)

        for w in (self.number, self.text, self.duties, self.wording):
            w.installEventFilter(self)
        self.number.returnPressed.connect(self.flush)
        self.units.edited.connect(self._units_edited)
        session.document.nodes_changed.connect(self._node_changed)
        session.document.marks_changed.connect(self._node_changed)
        session.document.units_changed.connect(self._registry_changed)
        self._registry_changed()
        self.set_node(None)

    @property
    def progress(self) -> ProgressPanel:
        return self._tracking()[0]

    @property
    def evidence(self) -> EvidencePanel:
        return self._tracking()[1]

    @property
    def history(self) -> HistoryPanel:
        if self._history is None:
            from .history_panel import HistoryPanel

            self._history = HistoryPanel(self.session.history, self._history_page)
            self._history_page.layout().addWidget(self._history)
            self._history.show()  # at once, not when the layout gets round to it
            self._history.set_node(self.current())
        return self._history

    def _tracking(self) -> tuple[ProgressPanel, EvidencePanel]:
        if self._progress is None or self._evidence is None:
            from .evidence_panel import EvidencePanel
            from .progress_panel import ProgressPanel

            self._progress = ProgressPanel(self.session, self)
            self._evidence = EvidencePanel(self.session, self)
            tracking = QSplitter(Qt.Orientation.Vertical, self._tracking_page)
            tracking.addWidget(scrolled(self._progress))
            tracking.addWidget(self._evidence)  # its list scrolls; its buttons stay in view
            tracking.setChildrenCollapsible(False)
            tracking.setStretchFactor(0, 1)  # a few files in view, not one (1366×768)
            tracking.setStretchFactor(1, 1)
            self._tracking_page.layout().addWidget(tracking)
            tracking.show()
            node = self.current()
            self._progress.set_node(node)
            self._evidence.set_node(node)
        return self._progress, self._evidence

    def _tab_shown(self, index: int) -> None:
        if not self._placing:
            self._chosen_tab = index
        page = self.tabs.widget(index)
        if page is self._tracking_page:
            self._tracking()
        elif page is self._history_page:
            self.history  # noqa: B018 - built on first use

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def current(self) -> Node | None:
        return self.session.document.node(self.node_id) if self.node_id is not None else None

    def set_node(self, node: Node | None) -> None:
        """Show a node on the tab the clerk last chose, or on 内容与分工 when that tab
        does not apply (a 项 has no 进展与佐证); back on a 小项, the chosen tab returns."""
        self.flush()
        self.node_id = node.id if node else None
        self._placing = True  # Qt moving off a tab it hides is not the clerk's choice
        try:
            self._populate()
            if node is not None:
                tab = self._chosen_tab
                self.tabs.setCurrentIndex(tab if self.tabs.isTabVisible(tab) else 0)
        finally:
            self._placing = False

    def _populate(self) -> None:
        node = self.current()
        self.placeholder.setVisible(node is None)
        self.placeholder.setText(
            "在表格或大纲中选择一行进行编辑。"
            if self.session.plan_id is not None
            else "还没有计划。请用“文件 › 导入任务分解表…”（Ctrl+I）导入上级下发的表格，\n"
            "或“文件 › 从方案文档生成…”、“文件 › 新建空白计划…”。"
        )
        for w in (self.tabs, self.heading):
            w.setVisible(node is not None)
        self.tabs.setTabVisible(1, node is not None and node.level == Level.SUBITEM)
        self.units_area.setVisible(node is not None and node.level.has_units)
        # 条 and 款 have only their words: a box for a few lines, not the whole pane.
        lines = self.fontMetrics().lineSpacing()
        tall = node is not None and node.level.has_units
        self.text_box.setMaximumHeight(16_777_215 if tall else lines * 9 + 40)
        self.duties_area.setVisible(node is not None and node.level == Level.SUBITEM)
        for panel in (self._progress, self._evidence, self._history):
            if panel is not None:
                panel.set_node(node)
        if node is None:
            return
        self.heading.setText(f"<b>{node.level.label}</b>　{_path(node)}")
        self.number.setText(node.number)
        if self.text.toPlainText() != node.text:
            self.text.setPlainText(node.text)
        self.text.setPlaceholderText(
            "（款的标题可以为空）" if node.level == Level.CLAUSE else "必填"
        )
        if self.duties.toPlainText() != node.duties:
            self.duties.setPlainText(node.duties)
        self.units.set_units(node.units)
        shown = self._wording_shown(node)
        if self.wording.toPlainText() != shown:
            self.wording.setPlainText(shown)
        self.units_warning.setVisible(bool(node.units_raw))
        self.units_warning.setText(
            f"⚠ 原文责任单位未能自动识别：“{node.units_raw}”。请在下方逐个添加单位和分工，保存后此提示消失。"
        )

    def flush(self) -> None:
        """Save what was typed in the text fields."""
        node = self.current()
        if node is None:
            return
        values = {"number": self.number.text().strip(), "text": self.text.toPlainText().strip()}
        if node.level == Level.SUBITEM:
            values["duties"] = self.duties.toPlainText().strip()
        wording = self.wording.toPlainText().strip()
        if node.level.has_units and wording != self._wording_shown(node):
            if not wording and node.units_text:  # cleared: written anew in the cell's style
                wording = propose_wording(node.units_text, node.units, self.session.typical_cell())
            values["units_text"] = wording  # the clerk's own words for the cell
        if not self.session.edit(node.id, **values):
            self._populate()  # refused: show what is stored
        # What was typed is saved now, one step on the program's undo stack: the fields
        # forget their own typing, or a later Ctrl+Z in a field would take back a saved
        # sentence out of turn (and focus-out would save that as a new edit).
        for field in (self.text, self.duties, self.wording):
            field.document().clearUndoRedoStacks()
        if self.number.isUndoAvailable() or self.number.isRedoAvailable():
            self.number.setText(self.number.text())  # QLineEdit's way to drop its history

    @staticmethod
    def _wording_shown(node: Node) -> str:
        return unit_cell(node, node.number if node.level == Level.SUBITEM else "")

    def _units_edited(self, entries: list) -> None:
        if self.node_id is not None:
            self.session.set_units(self.node_id, entries)

    def _node_changed(self, node_id: int) -> None:
        if node_id in (self.node_id, ALL_NODES):
            self._placing = True
            try:
                self._populate()
            finally:
                self._placing = False

    def _stack_moved(self, _index: int) -> None:
        if self._history is not None:  # an edit or undo is a new history line
            self._history.set_node(self.current())

    def _registry_changed(self) -> None:
        self.units.set_registry(self.session.units.list_units())


def _path(node: Node) -> str:
    parts = []
    n: Node | None = node
    while n is not None:
        label = n.number or (n.text[:8] + "…" if len(n.text) > 8 else n.text) or "（无款标题）"
        parts.append(label)
        n = n.parent
    return " › ".join(reversed(parts))
