"""催办: the units that have not returned their packet for the period, or left rows
empty; a short text to paste into a message, and the printable 催办单."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soildesk.bugs import explain
from soildesk.domain import PlanInfo
from soildesk.files import safe_filename
from soildesk.packets.missing import Missing, print_reminder, reminder_text
from soildesk.progress import PeriodInfo

from .interaction import Interaction
from .screen_fit import fit_to_screen


class MissingDialog(QDialog):
    def __init__(
        self,
        plan: PlanInfo,
        period: PeriodInfo,
        rows: list[Missing],
        interaction: Interaction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan, self.period, self.rows = plan, period, rows
        self.interaction = interaction
        self.setWindowTitle(f"催办 — {period.name}")
        fit_to_screen(self, 640, 600)
        head = QLabel(
            f"“{period.name}”有 {len(rows)} 个单位尚未报送填报表或有未填写的项目。"
            if rows
            else f"“{period.name}”各单位的填报表都已收回，且没有未填写的项目。",
            self,
        )
        head.setWordWrap(True)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["单位", "情况"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(0, 200)
        for r, row in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(row.unit.name))
            self.table.setItem(r, 1, QTableWidgetItem(row.what))
        self.due = QLineEdit(self)
        self.due.setPlaceholderText("报送期限，如 7月5日（可不填）")
        self.due.textChanged.connect(self._update_text)
        self.text = QPlainTextEdit(self)
        self.copy_button = QPushButton("复制文字", self)
        self.copy_button.clicked.connect(self.copy_text)
        self.pdf_button = QPushButton("另存催办单（PDF）…", self)
        self.pdf_button.clicked.connect(self.save_pdf)
        for w in (self.copy_button, self.pdf_button, self.due, self.text):
            w.setEnabled(bool(rows))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)

        due_row = QHBoxLayout()
        due_row.addWidget(QLabel("报送期限：", self))
        due_row.addWidget(self.due, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.pdf_button)
        actions.addStretch(1)
        actions.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table, 2)
        layout.addLayout(due_row)
        layout.addWidget(QLabel("催办文字（可修改后复制到短信、微信或邮件）：", self))
        layout.addWidget(self.text, 1)
        layout.addLayout(actions)
        self._update_text()

    def _due(self) -> str | None:
        return self.due.text().strip() or None

    def _update_text(self, *_args: object) -> None:
        if self.rows:
            self.text.setPlainText(reminder_text(self.plan, self.period, self.rows, self._due()))

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copy_button.setText("已复制")

    def save_pdf(self) -> None:
        suggested = safe_filename(f"{self.period.name}催办单.pdf")
        path = self.interaction.save_file("另存催办单", suggested, "PDF 文件 (*.pdf)")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            print_reminder(path, self.plan, self.period, self.rows, self._due())
        except Exception as exc:
            self.interaction.error("无法保存催办单", explain(exc))
            return
        self.interaction.inform("催办单", f"已保存催办单：{path}")
