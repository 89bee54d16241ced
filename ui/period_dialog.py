"""填报期: the plan's reporting periods; add a standard one (上半年, 第三季度 …) or one with
custom dates, and choose the current one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from soildesk.bugs import explain
from soildesk.errors import KnownError
from soildesk.progress import PeriodInfo, standard_periods

from .date_field import date_field
from .plan_session import PlanSession
from .screen_fit import fit_to_screen

CUSTOM = "自定义…"


class PeriodDialog(QDialog):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("填报期")
        fit_to_screen(self, 560, 460)
        self.list = QListWidget(self)
        self.current_button = QPushButton("设为当前填报期", self)
        self.current_button.clicked.connect(self.make_current)
        self.rename_button = QPushButton("改名…", self)
        self.rename_button.clicked.connect(self.rename)
        self.delete_button = QPushButton("删除…", self)
        self.delete_button.clicked.connect(self.delete)

        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(session.today().year)
        self.kind = QComboBox(self)
        self.name = QLineEdit(self)
        self.start = date_field(self, "yyyy-MM-dd")
        self.end = date_field(self, "yyyy-MM-dd")
        self.add_button = QPushButton("添加", self)
        self.add_button.clicked.connect(self.add)
        self.year.valueChanged.connect(self._fill_kinds)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        box = QGroupBox("添加填报期", self)
        form = QFormLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.year)
        row.addWidget(self.kind, 1)
        form.addRow("年度与类型", row)
        form.addRow("名称", self.name)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(self.end)
        form.addRow("起止日期", dates)
        form.addRow("", self.add_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for b in (self.current_button, self.rename_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(box)
        layout.addWidget(close)
        self._fill_kinds()
        self.reload()

    def reload(self) -> None:
        row = self.list.currentRow()  # the clerk's row stays chosen after a rename
        self.list.clear()
        for p in self.session.progress.list_periods(self.session.plan_id or 0):
            mark = "（当前）" if self.session.period and p.id == self.session.period.id else ""
            self.list.addItem(f"{p.name}　{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}{mark}")
        for b in (self.current_button, self.rename_button, self.delete_button):
            b.setEnabled(self.list.count() > 0)
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def _fill_kinds(self) -> None:
        self.kind.blockSignals(True)
        self.kind.clear()
        for name, start, end in standard_periods(self.year.value()):
            self.kind.addItem(name, (start, end))
        self.kind.addItem(CUSTOM, None)
        today = self.session.today()
        taken = {p.name for p in self.session.progress.list_periods(self.session.plan_id or 0)}
        offered = standard_periods(self.year.value())
        # The period the calendar is in now, else the next one, never one that exists.
        order = sorted(
            range(len(offered)),
            key=lambda i: (not offered[i][1] <= today <= offered[i][2], offered[i][1] < today, i),
        )
        free = [i for i in order if offered[i][0] not in taken]
        if free:
            self.kind.setCurrentIndex(free[0])
        self.kind.blockSignals(False)
        self._kind_chosen()

    def _kind_chosen(self, *_args: object) -> None:
        data = self.kind.currentData()
        custom = data is None
        self.name.setText("" if custom else self.kind.currentText())
        if data:
            for edit, d in zip((self.start, self.end), data, strict=True):
                edit.setDate(QDate(d.year, d.month, d.day))
        for w in (self.start, self.end):
            w.setEnabled(custom)

    def add(self) -> None:
        if self.session.plan_id is None:
            return
        s, e = self.start.date(), self.end.date()
        try:
            period = self.session.progress.add_period(
                self.session.plan_id,
                self.name.text(),
                date(s.year(), s.month(), s.day()),
                date(e.year(), e.month(), e.day()),
            )
        except KnownError as exc:
            self.session.report(str(exc))
            return
        if self.session.period is None:
            self.session.set_period(period.id)
        self.session.period_changed.emit()
        self.reload()
        self._fill_kinds()  # the next free period is offered

    def _chosen(self) -> PeriodInfo | None:
        row = self.list.currentRow()
        periods = self.session.progress.list_periods(self.session.plan_id or 0)
        return periods[row] if 0 <= row < len(periods) else None

    def rename(self) -> None:
        period = self._chosen()
        if period is None:
            return
        name = self.session.interaction.ask_text("填报期改名", "新的名称：", period.name)
        if not name or name.strip() == period.name:
            return
        try:
            self.session.progress.rename_period(period.id, name)
        except KnownError as exc:
            self.session.report(str(exc))
            return
        self.session.reload_period()
        self.reload()

    def delete(self) -> None:
        period = self._chosen()
        if period is None:
            return
        if not self.session.interaction.confirm(
            "删除填报期",
            f"要删除填报期“{period.name}”吗？这一期填报的进展会一并删除，不能撤销；"
            "佐证材料保留在各小项上。\n\n删除前会自动备份整个数据库。",
            "删除",
            danger=True,
        ):
            return
        try:
            self.session.progress.delete_period(period.id)
        except Exception as exc:
            self.session.report(explain(exc))
            return
        self.session.undo_stack.clear()  # steps of that period's progress are gone
        self.session.reload_period()
        self.reload()

    def make_current(self) -> None:
        row = self.list.currentRow()
        periods = self.session.progress.list_periods(self.session.plan_id or 0)
        if 0 <= row < len(periods):
            self.session.set_period(periods[row].id)
            self.reload()
