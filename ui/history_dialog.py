"""A plan's 修改记录: every change, filtered by date, unit and kind, exported to .xlsx for
督查. Not modal: the clerk can look at the table beside it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soildesk.errors import KnownError
from soildesk.history import HistoryEntry

from .date_field import date_field
from .plan_session import PlanSession
from .screen_fit import fit_to_screen

LISTED = 5000  # entries shown in the list; the export has them all
KINDS = [
    "全部操作",
    "修改",
    "新增",
    "删除",
    "移动",
    "责任单位",
    "进展",
    "完成时限",
    "佐证",
    "编号",
    "撤销",
    "重做",
]


class HistoryDialog(QDialog):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entries: list[HistoryEntry] = []
        plan = session.plan
        self.setWindowTitle(f"修改记录 — {plan.name if plan else ''}")
        self.use_dates = QCheckBox("按日期", self)
        self.since = date_field(self, "yyyy-MM-dd", QDate.currentDate().addMonths(-1))
        self.until = date_field(self, "yyyy-MM-dd", QDate.currentDate())
        self.unit = QComboBox(self)
        self.unit.addItem("全部单位", None)
        for u in session.units.list_units(session.plan_id):
            if u.lead_count + u.cooperate_count + u.other_count:
                self.unit.addItem(u.name, u.id)
        self.kind = QComboBox(self)
        self.kind.addItems(KINDS)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["时间", "操作人", "操作", "条目", "修改内容"])
        self.list.setRootIsDecorated(False)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(3, 260)
        self.count = QLabel(self)
        self.export_button = QPushButton("导出为 Excel…", self)
        close = QPushButton("关闭", self)
        filters = QHBoxLayout()
        for w in (self.use_dates, self.since, QLabel("至", self), self.until,
                  QLabel("单位", self), self.unit, QLabel("操作", self), self.kind):  # fmt: skip
            filters.addWidget(w)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        for signal in (self.use_dates.toggled, self.since.dateChanged, self.until.dateChanged,
                       self.unit.currentIndexChanged, self.kind.currentIndexChanged):  # fmt: skip
            signal.connect(self.reload)
        self.export_button.clicked.connect(self.export)
        close.clicked.connect(self.close)
        fit_to_screen(self, 1000, 560)
        self.reload()

    def _range(self) -> tuple[date | None, date | None]:
        if not self.use_dates.isChecked():
            return None, None
        return self.since.date().toPython(), self.until.date().toPython()  # type: ignore[return-value]

    def _query(self, limit: int) -> list[HistoryEntry]:
        """The entries the filters choose (the list and the export ask the same)."""
        if self.session.plan_id is None:
            return []
        since, until = self._range()
        kind = self.kind.currentText() if self.kind.currentIndex() > 0 else ""
        return self.session.history.for_plan(
            self.session.plan_id, since, until, self.unit.currentData(), kind, limit=limit
        )

    def reload(self, *_args: object) -> None:
        self.entries = self._query(LISTED)
        self.list.clear()
        for e in self.entries:
            item = QTreeWidgetItem(
                [f"{e.at:%Y-%m-%d %H:%M}", e.user, e.label, e.what, "\n".join(e.lines) or "—"]
            )
            self.list.addTopLevelItem(item)
        more = f"（只列出最近 {LISTED} 条，导出可得全部）" if len(self.entries) == LISTED else ""
        self.count.setText(f"共 {len(self.entries)} 条{more}")
        self.export_button.setEnabled(bool(self.entries))

    def export(self) -> None:
        plan = self.session.plan
        if plan is None or self.session.plan_id is None:
            return
        path = self.session.interaction.save_file(
            "导出修改记录", f"{plan.name}_修改记录.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if path is None:
            return
        entries = self._query(100_000)
        try:
            self.session.history.export_xlsx(path, entries, f"{plan.name} 修改记录")
        except KnownError as exc:
            self.session.interaction.error("无法导出", str(exc))
            return
        self.count.setText(f"已导出 {len(entries)} 条：{path}")
