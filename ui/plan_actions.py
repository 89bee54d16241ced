"""文件 › 计划: rename the open plan (one undo step), make a new year's plan from it (the
same structure, units and duties, no progress), delete it (asks, 取消 by default; a
backup is made first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from soildesk.bugs import explain
from soildesk.plan_admin import PlanAdmin, next_name

if TYPE_CHECKING:
    from .main_window import MainWindow


class PlanActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.admin = PlanAdmin(window.session.plans)
        self.rename_action = window._action("重命名计划…", self.rename)
        self.duplicate_action = window._action(
            "复制为新计划…",
            self.duplicate,
            tip="同样的条、款、项、小项、责任单位和分工，不含进展和佐证材料",
        )
        self.delete_action = window._action("删除计划…", self.delete)
        self.actions = [self.rename_action, self.duplicate_action, self.delete_action]
        window.session.document.plan_changed.connect(self._plan_renamed)

    def add_to(self, menu: QMenu) -> None:
        sub = menu.addMenu("计划")
        sub.addActions(self.actions)

    def update(self) -> None:
        for action in self.actions:
            action.setEnabled(self.window.session.plan is not None)

    def rename(self) -> None:
        plan = self.window.session.plan
        if plan is None:
            return
        name = self.window.interaction.ask_text("重命名计划", "新的计划名称：", plan.name)
        if name and name.strip() != plan.name:
            self.window.session.push(lambda: self.admin.rename(plan.id, name))

    def _plan_renamed(self) -> None:
        combo, plan = self.window.plan_combo, self.window.session.plan
        index = combo.findData(plan.id) if plan else -1
        if plan is not None and index >= 0 and combo.itemText(index) != plan.name:
            combo.setItemText(index, plan.name)  # an undo of a rename too

    def duplicate(self) -> None:
        plan = self.window.session.plan
        if plan is None:
            return
        taken = {s.plan.name for s in self.window.session.plans.list_plans()}
        name = self.window.interaction.ask_text(
            "复制为新计划",
            "新计划的名称（复制条、款、项、小项、责任单位和分工；不复制进展、填报期和佐证材料）：",
            next_name(plan.name, taken),
        )
        if not name:
            return
        try:
            copy = self.admin.duplicate(plan.id, name)
        except Exception as exc:
            self.window.interaction.error("无法复制计划", explain(exc))
            return
        self.window.reload_plans(copy.id)
        self.window.statusBar().showMessage(f"已复制为新计划：{copy.name}", 8000)

    def delete(self) -> None:
        w = self.window
        plan = w.session.plan
        if plan is None:
            return
        if not w.interaction.confirm(
            "删除计划",
            f"要删除计划“{plan.name}”吗？其中的全部条目、进展、填报期和佐证材料记录都会删除，"
            "不能撤销。\n\n删除前会自动备份整个数据库（文件 › 从备份恢复… 可以找回）。",
            "删除",
            danger=True,
        ):
            return
        w.editor.flush()
        try:
            self.admin.delete(plan.id)
        except Exception as exc:
            w.interaction.error("无法删除计划", explain(exc))
            return
        w.session.undo_stack.clear()  # its steps name rows that are gone
        w.reload_plans()
        w.statusBar().showMessage(f"已删除计划“{plan.name}”（删除前已备份）", 8000)
