"""The main window: plan tree on the left, the selected row's editor on the right."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QMimeData, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
)

from soildesk import __version__
from soildesk.domain import Level, Node
from soildesk.errors import KnownError

from .background import Runner
from .backup_actions import BackupActions
from .file_actions import FileActions
from .filter_bar import FilterBar
from .filter_model import PlanFilterModel
from .node_editor import NodeEditor
from .packet_actions import PacketActions, dropped_packets
from .plan_actions import PlanActions
from .plan_session import PlanSession
from .progress_actions import ProgressActions
from .row_clipboard import RowClipboard
from .screen_fit import fit_to_screen
from .table_pane import TablePane
from .tree_model import COL_PROGRESS, COL_TEXT, COL_UNITS
from .view_actions import ViewActions
from .welcome_page import WelcomePage
from .window_settings import WindowSettings

if TYPE_CHECKING:
    from .find_dialog import FindReplaceDialog

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(
        self,
        session: PlanSession,
        runner: Runner,
        db_label: str = "",
        settings: WindowSettings | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or WindowSettings()
        self.session = session
        self.runner = runner
        session.runner = runner
        self.interaction = session.interaction
        self.setWindowTitle(
            f"SoilDesk 土壤污染防治任务管理 — {db_label}" if db_label else "SoilDesk"
        )
        fit_to_screen(self, 1366, 820, share=0.98)

        self.proxy = PlanFilterModel(session.model, self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)  # keeps 10,000 rows fast
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragDropOverwriteMode(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_UNITS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_UNITS, 230)
        header.setSectionResizeMode(COL_PROGRESS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_PROGRESS, 210)

        self.editor = NodeEditor(session, self)
        self.editor.setMinimumWidth(320)
        self.table_pane = TablePane(session, self.tree, self.proxy, self)
        self.table = self.table_pane.view
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.editor)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 2)
        self.pages = QStackedWidget(self)  # the welcome page while there is no plan
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)

        self.plan_combo = QComboBox(self)
        self.plan_combo.setMinimumWidth(200)
        self.filters = FilterBar(self)
        self.search, self.unit_filter = self.filters.search, self.filters.unit_filter
        self.counts_label = QLabel(self)

        self._make_actions()
        self.view_actions = ViewActions(self)
        self.file_actions = FileActions(self)
        self.backup_actions = BackupActions(self)
        self.plan_actions = PlanActions(self)
        self.welcome = WelcomePage(self)
        self.pages.addWidget(self.welcome)
        self.row_clipboard = RowClipboard(self)
        self.progress_actions = ProgressActions(self)
        self.packet_actions = PacketActions(self)
        session.packets_dropped.connect(self.packet_actions.collect_files)
        self.setAcceptDrops(True)  # returned packets dropped anywhere outside the outline
        self._make_menus_and_toolbar()
        self.statusBar().addPermanentWidget(self.counts_label)

        self.plan_combo.currentIndexChanged.connect(self._plan_chosen)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        session.document.structure_changed.connect(self._update_counts)
        session.model.rowsMoved.connect(self._update_actions)
        session.undo_stack.indexChanged.connect(self._update_actions)
        self.show_view("table")
        self.settings.restore(self)
        self.reload_plans(self.settings.last_plan(self))

    # -- setup ---------------------------------------------------------------
    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text)
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        stack = self.session.undo_stack
        self.undo_action = stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = stack.createRedoAction(self, "重做")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        # Fixed words on the buttons: the stack's own "撤销 修改内容" resized the toolbar
        # under the pointer (a clerk clicked 新增项 for 新增小项); the step is in the tip.
        # Bound methods, not lambdas: Qt drops them with the window, so the stack (which
        # outlives it) never calls into deleted actions at exit.
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        self.undo_action.triggered.connect(lambda: self._show_step(undone=True))
        self.redo_action.triggered.connect(lambda: self._show_step(undone=False))
        self.add_actions = {
            level: self._action(
                f"新增{level.label}",
                lambda _=False, lv=level: self.add_node(lv),
                tip=f"在所选位置之后新增一个{level.label}",
            )
            for level in Level
        }
        self.delete_action = self._action(
            "删除", self.delete_selected, QKeySequence.StandardKey.Delete
        )
        self.up_action = self._action("上移", lambda: self.move_selected(-1), "Ctrl+Up")
        self.down_action = self._action("下移", lambda: self.move_selected(1), "Ctrl+Down")
        self.units_action = self._action(
            "单位管理…", self.open_units, tip="查看、改名、合并责任单位"
        )
        self.demo_action = self._action(
            "打开示例方案", self.load_demo, tip="加入梨树县任务分解表的前六条（演示）"
        )
        self.new_plan_action = self._action("新建空白计划…", self.new_plan)
        self.quit_action = self._action("退出", self.close, QKeySequence.StandardKey.Quit)
        self.about_action = self._action("关于 SoilDesk", self.about)
        self.help_action = self._action(
            "使用说明", self.open_help, QKeySequence.StandardKey.HelpContents
        )
        self.find_action = self._action("查找", self.search.setFocus, QKeySequence.StandardKey.Find)
        self.replace_action = self._action(
            "查找和替换…",
            self.open_find_replace,
            "Ctrl+H",
            "在内容、责任单位和具体工作内容中查找、替换",
        )
        self.find_dialog: FindReplaceDialog | None = None
        self.history_action = self._action(
            "修改记录…", self.open_history, tip="本计划的全部修改：谁、何时、改了什么；可导出给督查"
        )
        self.save_action = self._action(
            "保存", self.say_saved, QKeySequence.StandardKey.Save, "每一处修改都已随时保存"
        )

    def _make_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([self.new_plan_action, self.demo_action])
        self.plan_actions.add_to(file_menu)
        file_menu.addAction(self.save_action)
        file_menu.addSeparator()
        self.file_actions.add_to(file_menu)
        file_menu.addAction(self.history_action)
        self.backup_actions.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("编辑(&E)")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions(list(self.add_actions.values()))
        edit_menu.addSeparator()
        edit_menu.addActions(self.row_clipboard.actions)
        edit_menu.addSeparator()
        edit_menu.addActions(
            [
                self.delete_action,
                self.up_action,
                self.down_action,
                self.find_action,
                self.replace_action,
            ]
        )

        view_menu = bar.addMenu("视图(&V)")
        self.view_actions.add_to(view_menu, edit_menu)
        unit_menu = bar.addMenu("单位(&U)")
        unit_menu.addAction(self.units_action)
        progress_menu = bar.addMenu("进展(&P)")
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addActions([self.help_action, self.about_action])

        tools = QToolBar("工具栏", self)
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        tools.addWidget(QLabel(" 计划 ", self))
        tools.addWidget(self.plan_combo)
        tools.addSeparator()
        tools.addActions([self.undo_action, self.redo_action])
        tools.addSeparator()
        tools.addActions(list(self.add_actions.values()))
        tools.addActions([self.delete_action, self.up_action, self.down_action])
        tools.addSeparator()
        tools.addWidget(self.search)
        self.addToolBar(tools)
        self.addToolBarBreak()
        progress_tools = QToolBar("进展工具栏", self)
        progress_tools.setObjectName("progressToolbar")
        progress_tools.setMovable(False)
        self.progress_actions.add_to(progress_tools, progress_menu)
        # Beside the status filter, before 显示全部 that clears both: on the first row it
        # fell behind the toolbar's » at 150 % on a 1366 screen, its label left alone.
        progress_tools.insertWidget(self.progress_actions.clear_action, QLabel(" 单位 ", self))
        progress_tools.insertWidget(self.progress_actions.clear_action, self.unit_filter)
        self.packet_actions.add_to(progress_menu)
        self.addToolBar(progress_tools)
        row_actions = [
            self.add_actions[Level.SUBITEM], self.delete_action, self.up_action, self.down_action
        ]  # fmt: skip
        for view in (self.tree, self.table):
            view.addActions(row_actions)  # (the clipboard's are added by RowClipboard)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # The Delete key deletes a node only from the tree or the table (never from a cell
        # being edited); elsewhere it acts on what has focus (a character, an evidence
        # file, a unit row). The menu and toolbar still can.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    def show_view(self, view: str) -> None:
        self.view_actions.show(view)

    # -- plans ---------------------------------------------------------------
    def reload_plans(self, select_id: int | None = None) -> None:
        summaries = self.session.plans.list_plans()
        self.pages.setCurrentWidget(self.splitter if summaries else self.welcome)
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for s in summaries:
            self.plan_combo.addItem(s.plan.name, s.plan.id)
        self.plan_combo.blockSignals(False)
        if summaries:
            ids = [s.plan.id for s in summaries]
            self.plan_combo.setCurrentIndex(ids.index(select_id) if select_id in ids else 0)
        self._plan_chosen()

    def _plan_chosen(self, *_args: object) -> None:
        self.editor.flush()  # the last words typed in the plan being left are saved
        plan_id = self.plan_combo.currentData()
        self.session.load_plan(plan_id)
        self.editor.set_node(None)  # after loading: the pane's words say a plan is open
        self.filters.hidden_row = None
        self.tree.expandToDepth(1)
        self.filters.reload_units()
        self._update_actions()

    def load_demo(self) -> None:
        try:
            from soildesk.demo import add_demo_plan

            plan, created = add_demo_plan(self.session.plans)
        except KnownError as exc:
            self.interaction.error("无法载入演示计划", str(exc))
            return
        self.reload_plans(plan.id)
        if not created:
            self.statusBar().showMessage("演示计划已在数据库中。", 5000)

    def new_plan(self) -> None:
        name = self.interaction.ask_text(
            "新建空白计划", "计划名称（例如：某某县土壤污染防治行动计划）："
        )
        if not name:
            return
        try:
            plan = self.session.plans.create_plan(name, auto_number=True)
        except KnownError as exc:
            self.interaction.error("无法新建计划", str(exc))
            return
        self.reload_plans(plan.id)

    # -- selection and editing -------------------------------------------------
    def selected_node(self) -> Node | None:
        indexes = self.tree.selectionModel().selectedRows(COL_TEXT)
        if not indexes:
            return None
        return self.session.model.node_from_index(self.proxy.mapToSource(indexes[0]))

    def select_node(self, node_id: int) -> None:
        index = self.proxy.mapFromSource(self.session.model.index_of(node_id))
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.setCurrentIndex(index)

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self.editor.set_node(self.selected_node())
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        node = self.selected_node()
        has_plan = self.session.plan_id is not None
        self.view_actions.update()
        self.plan_actions.update()
        self.progress_actions.update()
        self.packet_actions.update()
        self.row_clipboard.update(node)
        for level, action in self.add_actions.items():
            action.setEnabled(has_plan and self.session.parent_for(level, node) is not None)
        self.delete_action.setEnabled(node is not None)
        siblings = (
            (node.parent.children if node.parent else self.session.document.roots) if node else []
        )
        self.up_action.setEnabled(bool(node) and siblings.index(node) > 0)
        self.down_action.setEnabled(bool(node) and siblings.index(node) < len(siblings) - 1)
        self._update_counts()

    def _undo_text(self, step: str) -> None:
        self._name_step(self.undo_action, "撤销", step)

    def _redo_text(self, step: str) -> None:
        self._name_step(self.redo_action, "重做", step)

    @staticmethod
    def _name_step(action: QAction, verb: str, step: str) -> None:
        action.setText(verb)
        action.setToolTip(f"{verb}：{step}" if step else verb)
        action.setStatusTip(action.toolTip())

    def _show_step(self, undone: bool) -> None:
        """After an undo or redo, show the row it changed: an undo of an edit on another
        row must not pass unseen."""
        stack = self.session.undo_stack
        command = stack.command(stack.index() if undone else stack.index() - 1)
        if command is None:
            return
        self.statusBar().showMessage(f"{'已撤销' if undone else '已重做'}：{command.text()}", 6000)
        node_id = getattr(command, "node_id", None)
        shown = self.selected_node()
        present = node_id is not None and self.session.document.node(node_id) is not None
        if present and (shown is None or shown.id != node_id):
            self.select_node(node_id)

    def _update_counts(self) -> None:
        counts = self.session.document.counts()
        self.counts_label.setText("　".join(f"{lv.label} {counts[lv]}" for lv in Level) + " ")

    def add_node(self, level: Level) -> None:
        self.editor.flush()
        if self.proxy.active:  # a new row would be hidden by the filter
            self.search.clear()
            self.unit_filter.setCurrentIndex(0)
        node_id = self.session.add(level, self.selected_node())
        if node_id is not None:
            self.select_node(node_id)
            self.editor.text.setFocus()
            self.editor.text.selectAll()

    def say_saved(self) -> None:
        """Ctrl+S by habit: there is nothing to save, and the clerk is told so."""
        self.editor.flush()
        self.statusBar().showMessage("所有修改都已自动保存，不需要另外保存。", 5000)

    def delete_selected(self) -> None:
        node = self.selected_node()
        if node is not None:
            self.editor.flush()
            self.session.delete(node.id)

    def move_selected(self, step: int) -> None:
        node = self.selected_node()
        if node is not None:
            self.editor.flush()
            self.session.move_by(node.id, step)
            self.select_node(node.id)

    # -- dialogs ---------------------------------------------------------------
    def open_help(self) -> None:
        from .help_dialog import HelpDialog

        self.help_dialog = HelpDialog(self)  # not modal: read beside the window
        self.help_dialog.show()

    def open_find_replace(self) -> None:
        if self.session.plan_id is None:
            self.interaction.inform("查找和替换", "请先打开或新建一个计划。")
            return
        if self.find_dialog is None:
            from .find_dialog import FindReplaceDialog  # dialogs load when first opened

            self.find_dialog = FindReplaceDialog(self)
        self.find_dialog.open_for(self.search.text())

    def open_units(self) -> None:
        self.editor.flush()
        from .unit_dialog import UnitDialog

        UnitDialog(self.session, self).exec()

    def open_history(self) -> None:
        if self.session.plan_id is None:
            self.interaction.inform("修改记录", "还没有打开计划。")
            return
        self.editor.flush()
        from .history_dialog import HistoryDialog

        dialog = HistoryDialog(self.session, self)
        dialog.show()  # not modal: the table stays usable beside it

    def about(self) -> None:
        self.interaction.inform(
            "关于 SoilDesk",
            f"SoilDesk {__version__}\n土壤污染防治行动计划任务分解表管理程序。\n数据库：{self.session.plans.db.path}",
        )

    def _dropped_files(self, mime: QMimeData) -> list[Path]:
        return dropped_packets([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.packet_actions.collect_files(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.backup_actions.stop.set()  # a running backup stops between two files
        self.settings.save(self)
        self.editor.flush()  # the last typed text is saved, never asked about
        self.session.undo_stack.clear()
        # The stack outlives the window: nothing it signals may reach the window's
        # half-deleted actions while the program ends.
        self.session.undo_stack.blockSignals(True)
        try:  # no undo can bring a removed attachment back now: free unused files
            self.session.evidence.collect_garbage()
        except (KnownError, OSError) as exc:
            log.warning("evidence clean-up failed: %s", exc)
        super().closeEvent(event)
