"""The progress of the selected sub-item in the current period, and its deadline.
Every change is one undo step; text is saved when the field loses focus."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from soildesk.domain import Level, Node
from soildesk.progress import Deadline, Progress, Status

from .date_field import date_field
from .plan_session import PlanSession

STATUSES = [None, *Status]  # None: not reported in this period


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ProgressPanel(QGroupBox):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__("本期进展", parent)
        self.session = session
        self.node: Node | None = None
        self._loading = False
        # The 完成日期 each sub-item and period had: 已完成 → 推进中 → 已完成 brings it
        # back instead of today's (leaving 已完成 clears the stored date).
        self._done_dates: dict[tuple[int, int], date] = {}

        self.status = QComboBox(self)
        self.status.addItems(["未填报", *(s.label for s in Status)])
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("本期做了什么、取得什么进展")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(90)
        self.text.installEventFilter(self)
        self.done_on = date_field(self, "yyyy年M月d日")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("状态为“滞后”时必填")
        self.reason.editingFinished.connect(self._save)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("本期的备注（报送时写入备注栏）")
        self.note.editingFinished.connect(self._save)
        self.reporters = QListWidget(self)
        self.reporters.setMaximumHeight(70)
        self.reporters.setFlow(QListWidget.Flow.LeftToRight)
        self.reporters.setWrapping(True)

        self.deadline_label = QLabel(self)
        self.deadline_label.setWordWrap(True)
        self.deadline_edit = date_field(self, "yyyy年M月d日")
        self.use_proposal = QPushButton("采用文中期限", self)
        self.set_deadline = QPushButton("设为完成时限", self)
        self.clear_deadline = QPushButton("清除", self)
        # Two rows, not one: one row of four made the pane wider than a laptop at 150 %.
        deadline_row = QGridLayout()
        deadline_row.addWidget(self.deadline_edit, 0, 0)
        deadline_row.addWidget(self.set_deadline, 0, 1)
        deadline_row.addWidget(self.use_proposal, 1, 0)
        deadline_row.addWidget(self.clear_deadline, 1, 1)
        deadline_row.setColumnStretch(2, 1)

        self.period_label = QLabel(self)
        form = QFormLayout(self)
        form.addRow("填报期", self.period_label)
        form.addRow("状态", self.status)
        form.addRow("进展情况", self.text)
        form.addRow("完成日期", self.done_on)
        form.addRow("滞后原因", self.reason)
        form.addRow("备注", self.note)
        form.addRow("填报单位", self.reporters)
        form.addRow("完成时限", self.deadline_label)
        form.addRow("", deadline_row)

        self.status.currentIndexChanged.connect(self._status_changed)
        self.done_on.dateChanged.connect(self._save)
        self.reporters.itemChanged.connect(self._save)
        self.use_proposal.clicked.connect(self._use_proposal)
        self.set_deadline.clicked.connect(self._set_deadline)
        self.clear_deadline.clicked.connect(
            lambda: self.node and self.session.set_deadline(self.node.id, None)
        )
        session.document.states_changed.connect(self.populate)
        session.period_changed.connect(self.populate)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._save()
        return super().eventFilter(watched, event)

    def set_node(self, node: Node | None) -> None:
        self.node = node if node is not None and node.level == Level.SUBITEM else None
        self.setVisible(self.node is not None)
        self.populate()

    def populate(self) -> None:
        node = self.node
        if node is None or self.session.document.node(node.id) is None:
            return
        self._loading = True
        period = self.session.period
        self.period_label.setText(
            period.name if period else "（尚未设置填报期：请用“进展 › 管理填报期…”添加）"
        )
        for w in (self.status, self.text, self.done_on, self.reason, self.note, self.reporters):
            w.setEnabled(period is not None)
        state = self.session.document.states.get(node.id)
        record = state.progress if state else None
        self.status.setCurrentIndex(STATUSES.index(record.status) if record else 0)
        if self.text.toPlainText() != (record.text if record else ""):
            self.text.setPlainText(record.text if record else "")
        if period is not None and record and record.completed_on:
            self._done_dates[(node.id, period.id)] = record.completed_on
        kept = self._done_dates.get((node.id, period.id)) if period is not None else None
        self.done_on.setDate(_qdate(kept or self._default_done_date()))
        self.done_on.setEnabled(bool(record and record.status == Status.DONE))
        self.reason.setText(record.lag_reason if record else "")
        self.reason.setEnabled(bool(record and record.status == Status.LAGGING))
        self.note.setText(record.note if record else "")
        self.note.setEnabled(record is not None)
        self.reporters.clear()
        reported = set(record.reported_by) if record else set()
        seen = set()
        for link in node.units:
            if link.unit_id in seen:
                continue
            seen.add(link.unit_id)
            item = QListWidgetItem(link.wording, self.reporters)
            item.setData(Qt.ItemDataRole.UserRole, link.unit_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if link.unit_id in reported else Qt.CheckState.Unchecked
            )
        deadline = state.deadline if state else None
        hint = self.session.proposal(node)
        own = self.session.progress.deadlines(self.session.plan_id or 0).get(node.id)
        text = f"{deadline.due:%Y年%m月%d日} 前" if deadline else "未确认"
        if deadline and own is None:
            text += "（取自所属的项）"
        if hint:
            text += f"　　文中：{hint.label}（“{hint.source}”）"
        self.deadline_label.setText(text)
        self.deadline_edit.setDate(
            _qdate(
                deadline.due
                if deadline
                else (hint.due if hint and hint.due else self.session.today())
            )
        )
        self.use_proposal.setEnabled(
            bool(hint and hint.due and (not deadline or deadline.due != hint.due))
        )
        self.clear_deadline.setEnabled(own is not None)
        self._loading = False

    def _default_done_date(self) -> date:
        """Today, within the period: a past period's task was done by its end at the
        latest (filling in 2024年上半年 in December offered December)."""
        today, period = self.session.today(), self.session.period
        if period is None:
            return today
        return min(max(today, period.start), period.end)

    def current(self) -> Progress | None:
        index = self.status.currentIndex()
        if index == 0:
            return None
        status = STATUSES[index]
        reporters = tuple(
            int(self.reporters.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.reporters.count())
            if self.reporters.item(i).checkState() == Qt.CheckState.Checked
        )
        return Progress(
            status,  # type: ignore[arg-type]
            self.text.toPlainText().strip(),
            _pydate(self.done_on.date()) if status == Status.DONE else None,
            self.reason.text().strip() if status == Status.LAGGING else "",
            reporters,
            self.note.text().strip(),
        )

    def _status_changed(self, index: int) -> None:
        if self._loading or self.node is None:
            return
        if STATUSES[index] == Status.LAGGING and not self.reason.text().strip():
            reason = self.session.interaction.ask_text("滞后原因", "请填写该小项滞后的原因：")
            if not reason:
                self.populate()  # no reason, no 滞后
                return
            self.reason.setText(reason)
        self._save()

    def _save(self, *_args: object) -> None:
        if self._loading or self.node is None or self.session.period is None:
            return
        self.session.set_progress(self.node.id, self.current())
        self.text.document().clearUndoRedoStacks()  # saved: Ctrl+Z is the program's now

    def _use_proposal(self) -> None:
        if self.node is None:
            return
        hint = self.session.proposal(self.node)
        if hint and hint.due:
            self.session.set_deadline(self.node.id, Deadline(hint.due, hint.source))

    def _set_deadline(self) -> None:
        if self.node is not None:
            self.session.set_deadline(
                self.node.id, Deadline(_pydate(self.deadline_edit.date()), "手工设定")
            )
