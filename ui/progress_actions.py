"""The window's controls for progress: the current period, the status filter, and the
actions 填报期…, 进展总览…, 按文字确认完成时限, 检查佐证材料."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QToolBar

from soildesk.progress import Status

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .overview_dialog import OverviewDialog

STATUS_FILTERS = [
    ("全部状态", None),
    ("未填报", "none"),
    *((s.label, s.value) for s in Status),
    ("逾期", "overdue"),
    ("临近期限", "due_soon"),
    ("序时滞后", "lagging"),
]


class ProgressActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.overview: OverviewDialog | None = None
        self.period_combo = QComboBox(window)
        self.period_combo.setMinimumWidth(150)
        self.period_combo.setToolTip("当前填报期：进展和佐证材料都按填报期记录")
        self.status_filter = QComboBox(window)
        for label, key in STATUS_FILTERS:
            self.status_filter.addItem(label, key)
        self.status_filter.setToolTip("按本期状态或预警筛选小项")
        self.periods_action = window._action(
            "管理填报期…", self.open_periods, tip="添加填报期，设置当前填报期"
        )
        self.overview_action = window._action(
            "进展总览…", self.open_overview, "Ctrl+R", "各单位、各条的进展统计和预警"
        )
        self.confirm_action = window._action(
            "按文字确认完成时限",
            self.confirm_deadlines,
            tip="把文中写明的期限设为尚无期限的小项的完成时限",
        )
        self.verify_action = window._action(
            "检查佐证材料", self.verify, tip="检查每个佐证材料文件都在，且内容未被改动"
        )
        self.clear_action = window._action("显示全部", self.clear_filters, "Esc", "清除所有筛选")
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        self.status_filter.currentIndexChanged.connect(self._status_chosen)
        self.session.period_changed.connect(self.reload_periods)

    def update(self) -> None:
        """Without a plan there are no periods or progress to work on: the buttons say
        so by being greyed out, not by doing nothing."""
        has_plan = self.session.plan_id is not None
        for action in (self.periods_action, self.overview_action, self.confirm_action):
            action.setEnabled(has_plan)
        for box in (self.period_combo, self.status_filter):
            box.setEnabled(has_plan)

    def add_to(self, toolbar: QToolBar, menu: QMenu) -> None:
        toolbar.addWidget(QLabel(" 填报期 ", self.window))
        toolbar.addWidget(self.period_combo)
        toolbar.addAction(self.periods_action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" 状态 ", self.window))
        toolbar.addWidget(self.status_filter)
        toolbar.addAction(self.clear_action)
        toolbar.addSeparator()
        toolbar.addActions([self.overview_action, self.confirm_action])
        menu.addActions([self.periods_action, self.overview_action, self.confirm_action])
        menu.addSeparator()
        menu.addAction(self.verify_action)

    def reload_periods(self) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        periods = (
            self.session.progress.list_periods(self.session.plan_id) if self.session.plan_id else []
        )
        for p in periods:
            self.period_combo.addItem(p.name, p.id)
        if not periods:
            self.period_combo.addItem("（未设置）", None)
        current = self.session.period.id if self.session.period else None
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(current), 0))
        self.period_combo.blockSignals(False)

    def _period_chosen(self, _index: int) -> None:
        period_id = self.period_combo.currentData()
        if period_id is not None:
            self.session.set_period(period_id)

    def _status_chosen(self, _index: int) -> None:
        self.window.proxy.set_status(self.status_filter.currentData())

    def clear_filters(self) -> None:
        self.window.search.clear()
        self.window.unit_filter.setCurrentIndex(0)
        self.status_filter.setCurrentIndex(0)
        self.window.proxy.set_ids(None)
        self.window.statusBar().clearMessage()

    def show_ids(self, ids: set[int], what: str) -> None:
        self.window.proxy.set_ids(ids)
        if len(ids) == 1:
            self.window.select_node(next(iter(ids)))
        self.window.statusBar().showMessage(
            f"只显示：{what}（{len(ids)} 个小项）。按 Esc 或“显示全部”恢复。"
        )

    def open_periods(self) -> None:
        from .period_dialog import PeriodDialog  # dialogs load when first opened

        PeriodDialog(self.session, self.window).exec()

    def open_overview(self) -> None:
        """Not modal: the clerk clicks a number and looks at those rows beside it."""
        if self.overview is not None:
            self.overview.close()
        from .overview_dialog import OverviewDialog

        self.overview = OverviewDialog(self.session, self.window)
        self.overview.show_ids.connect(self.show_ids)
        self.overview.show()

    def confirm_deadlines(self) -> None:
        n = self.session.confirm_all_proposals()
        self.window.statusBar().showMessage(
            f"已按文字确认 {n} 个小项的完成时限（可撤销）。" if n else "没有需要确认的完成时限。",
            8000,
        )

    def verify(self) -> None:
        problems = self.session.evidence.verify()
        if not problems:
            self.session.interaction.inform("检查佐证材料", "全部佐证材料文件都在，内容未被改动。")
            return
        lines = []
        for p in problems:
            node = self.session.document.node(p.attachment.node_id)
            where = f"{node.number}{node.text[:20]}" if node else "（其他计划）"
            lines.append(f"{p.label}：{p.attachment.original_name}　— {where}")
        self.session.interaction.error(
            "检查佐证材料",
            f"发现 {len(problems)} 个问题：\n"
            + "\n".join(lines)
            + "\n\n请找到原件重新添加，或从备份恢复佐证材料文件夹。",
        )
