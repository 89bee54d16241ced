"""报送市里: the period's 进展情况表 as .xlsx or PDF; reporting it keeps what was sent
(later edits never change it), and the returns sent so far can be saved again exactly
as they went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soildesk.bugs import explain
from soildesk.db.database import Database
from soildesk.domain import PlanInfo
from soildesk.files import safe_filename
from soildesk.progress import PeriodInfo
from soildesk.returns import WrittenReturn, office_name, return_title, save_sent, sent_returns

from .background import Runner
from .interaction import Interaction
from .screen_fit import fit_to_screen


class ReturnDialog(QDialog):
    def __init__(
        self,
        db: Database,
        plan: PlanInfo,
        period: PeriodInfo,
        interaction: Interaction,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.plan, self.period = db, plan, period
        self.runner = runner
        self.interaction = interaction
        self.written: WrittenReturn | None = None
        self.setWindowTitle("报送市里 — 进展情况表")
        fit_to_screen(self, 640, 520)
        self.office = QLineEdit(office_name(db, plan), self)
        self.report = QCheckBox("作为正式报送：留存所报内容（日后修改不影响已报送的内容）", self)
        self.report.setChecked(False)  # a trial export is not a report: the clerk says when
        self.report.setToolTip("勾选后，导出的 Excel 作为本期正式报送的内容留存（PDF 不留存）")
        self.city = QCheckBox(self)
        self.template_button = QPushButton("设置市里模板…", self)
        self.template_button.clicked.connect(self.edit_template)
        self.xlsx_button = QPushButton("导出 Excel…", self)
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button = QPushButton("导出 PDF…", self)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.sent = QTableWidget(0, 4, self)
        self.sent.setHorizontalHeaderLabels(["填报期", "报送时间", "小项", "SHA256"])
        self.sent.verticalHeader().setVisible(False)
        self.sent.horizontalHeader().setStretchLastSection(True)
        self.save_button = QPushButton("按原样另存…", self)
        self.save_button.clicked.connect(self.save_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("填报期", QLabel(period.name, self))
        form.addRow("填报单位", self.office)
        buttons = QHBoxLayout()
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        saved = QHBoxLayout()
        saved.addWidget(self.save_button)
        saved.addStretch(1)
        saved.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.report)
        city_row = QHBoxLayout()
        city_row.addWidget(self.city, 1)
        city_row.addWidget(self.template_button)
        layout.addLayout(city_row)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        layout.addWidget(QLabel("已报送的进展情况表：", self))
        layout.addWidget(self.sent, 1)
        layout.addLayout(saved)
        self.reload_sent()
        self.update_city()

    def update_city(self) -> None:
        from soildesk.city_template import saved_template

        template = saved_template(self.db, self.plan)
        self.city.setText(
            f"按市里的模板填写（{template.name}）" if template else "按市里的模板填写（尚未设置）"
        )
        self.city.setEnabled(template is not None)
        self.city.setChecked(template is not None)

    def edit_template(self) -> None:
        from .template_dialog import TemplateDialog

        TemplateDialog(self.db, self.plan, self.interaction, self).exec()
        self.update_city()

    def reload_sent(self) -> None:
        rows = sent_returns(self.db, self.plan.id)
        self.sent.setRowCount(len(rows))
        for r, sent in enumerate(rows):
            cells = (
                sent.period_name,
                f"{sent.reported_at:%Y-%m-%d %H:%M}",
                str(sent.rows),
                sent.sha256,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, sent.id)
                self.sent.setItem(r, c, item)
        self.sent.resizeColumnsToContents()
        self.save_button.setEnabled(bool(rows))
        if rows:
            self.sent.selectRow(len(rows) - 1)

    def export(self, suffix: str) -> None:
        from soildesk.returns import write_return

        report = self.report.isChecked() and suffix == ".xlsx"
        city = self.city.isChecked() and suffix == ".xlsx"
        name = safe_filename(return_title(self.plan, self.period.name) + suffix)
        kind = "Excel 工作簿 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        path = self.interaction.save_file("导出进展情况表", name, kind)
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        db, plan, period, office = self.db, self.plan, self.period.name, self.office.text()
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(False)
        self.result_label.setText(f"正在生成 {path.name}…")
        self.runner.run(  # a 10,000-row return takes seconds: the window stays alive
            lambda: write_return(db, plan, period, path, office=office, report=report, city=city),
            self._exported,
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(True)
        self.result_label.setText("")
        self.interaction.error("无法导出进展情况表", explain(exc))

    def _exported(self, done: WrittenReturn) -> None:
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(True)
        self.written = done
        lines = [f"已导出：{done.path}（{done.rows} 个小项）"]
        if done.sent is not None:
            lines.append(f"已留存为正式报送（SHA256 {done.sent.sha256[:16]}…）。")
        if done.since is not None:
            lines.append(
                f"与 {done.since.reported_at:%Y-%m-%d %H:%M} 报送的“{done.since.period_name}”相比，"
                f"{len(done.changes)} 个小项有变化" + ("：" if done.changes else "。")
            )
            lines.extend(done.changes[:8])
            if len(done.changes) > 8:
                lines.append(f"…另有 {len(done.changes) - 8} 项")
        lines.extend(f"提示：{w}" for w in [*done.warnings, *done.gaps()])
        self.result_label.setText("\n".join(lines))
        self.reload_sent()

    def save_selected(self) -> None:
        row = self.sent.currentRow()
        item = self.sent.item(row, 0) if row >= 0 else None
        if item is None:
            return
        sent_id = int(item.data(Qt.ItemDataRole.UserRole))
        name = safe_filename(f"{return_title(self.plan, item.text())}（报送原样）.xlsx")
        path = self.interaction.save_file("按原样另存", name, "Excel 工作簿 (*.xlsx)")
        if path is None:
            return
        try:
            save_sent(self.db, sent_id, path)
        except Exception as exc:
            self.interaction.error("无法另存", explain(exc))
            return
        self.result_label.setText(f"已按报送原样另存：{path}")
