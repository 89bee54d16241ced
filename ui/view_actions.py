"""视图 and numbering: the table view or the outline view, the navigator beside the
table, and 编号随位置更新 / 重新编号 with what they did told in the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from .tree_model import COL_PROGRESS, COL_UNITS

if TYPE_CHECKING:
    from .main_window import MainWindow

EDITOR_WIDTH = 430  # the row's pane, wide enough for its units table
NAVIGATOR_WIDTH = 220


class ViewActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = "table"
        self.table_view_action = window._action(
            "表格视图", lambda: self.show("table"), "Ctrl+1", "按正式附件的表格显示和编辑"
        )
        self.tree_view_action = window._action(
            "大纲视图", lambda: self.show("tree"), "Ctrl+2", "按条、款、项、小项的层级显示"
        )
        self.navigator_action = window._action(
            "表格旁显示大纲",
            lambda _on: self.show(self.view),
            tip="在表格左侧显示或收起条、款、项的大纲",
        )
        self.navigator_action.setCheckable(True)
        self.navigator_action.setChecked(True)
        group = QActionGroup(self)
        for action in (self.table_view_action, self.tree_view_action):
            action.setCheckable(True)
            group.addAction(action)
        self.follow_numbers_action = window._action(
            "编号随位置更新",
            self.toggle_numbering,
            tip="新增、删除、移动后，一、（一）1、等编号自动按位置更新",
        )
        self.follow_numbers_action.setCheckable(True)
        self.renumber_action = window._action(
            "重新编号", self.renumber, tip="把所有编号按当前位置重新排一遍（可撤销）"
        )
        self.expand_action = window._action(
            "全部展开", window.tree.expandAll, "Ctrl+Shift+Down", "大纲中展开全部条、款、项"
        )
        self.collapse_action = window._action(
            "全部折叠", window.tree.collapseAll, "Ctrl+Shift+Up", "大纲中只显示条"
        )

    def add_to(self, view_menu: QMenu, edit_menu: QMenu) -> None:
        view_menu.addActions([self.table_view_action, self.tree_view_action])
        view_menu.addSeparator()
        view_menu.addAction(self.navigator_action)
        view_menu.addActions([self.expand_action, self.collapse_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.follow_numbers_action, self.renumber_action])

    def show(self, view: str) -> None:
        """表格视图: the outline as a narrow navigator beside the table; 大纲视图: the
        tree alone with its units and progress columns."""
        w = self.window
        table = view == "table"
        self.view = view
        (self.table_view_action if table else self.tree_view_action).setChecked(True)
        w.table.setVisible(table)
        w.tree.setColumnHidden(COL_UNITS, table)
        w.tree.setColumnHidden(COL_PROGRESS, table)
        width = max(w.width(), 800)
        # A narrow window (1366×768 at 125 % is 1093 wide) gives the table its share
        # first: the outline and the pane shrink before the table's words do.
        navigator = min(NAVIGATOR_WIDTH, width // 7) if self.navigator_action.isChecked() else 0
        editor = max(min(EDITOR_WIDTH, int(width * 0.3)), w.editor.minimumWidth())
        if table:
            w.splitter.setSizes([navigator, width - navigator - editor, editor])
        else:
            w.splitter.setSizes([width - editor - 40, 0, editor + 40])

    def update(self) -> None:
        plan = self.window.session.plan
        self.follow_numbers_action.setEnabled(plan is not None)
        self.follow_numbers_action.setChecked(bool(plan and plan.auto_number))
        self.renumber_action.setEnabled(plan is not None)

    def renumber(self) -> None:
        w = self.window
        w.editor.flush()
        before = w.session.undo_stack.index()
        w.session.renumber()
        done = w.session.undo_stack.index() != before
        w.statusBar().showMessage(
            "已重新编号（可撤销）。" if done else "所有编号都已与位置一致，没有需要改的。", 6000
        )

    def toggle_numbering(self, follow: bool) -> None:
        w = self.window
        w.editor.flush()
        w.session.set_numbering(follow)
        self.update()
        stack = w.session.undo_stack
        change = getattr(stack.command(stack.index() - 1), "change", None)
        if follow and change is not None:
            n = len({f.node_id for f in change.fields() if f.field == "number"})
            w.statusBar().showMessage(
                f"编号随位置更新已开启：{n} 处编号已按位置更新（可撤销）。" if n
                else "编号随位置更新已开启：现有编号都已与位置一致。", 8000
            )  # fmt: skip
