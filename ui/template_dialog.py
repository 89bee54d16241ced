"""市里的报表模板: choose the city's template file, see what SoilDesk will put in each of
its columns (proposed from the headers), correct any, and keep it for the plan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from soildesk.bugs import explain
from soildesk.city_template import (
    FIELDS,
    CityTemplate,
    read_template,
    save_template,
    saved_template,
)
from soildesk.db.database import Database
from soildesk.domain import PlanInfo

from .interaction import Interaction
from .screen_fit import fit_to_screen

TEMPLATE_FILTER = "表格 (*.xlsx *.xls *.et *.ods);;所有文件 (*)"


class TemplateDialog(QDialog):
    def __init__(
        self, db: Database, plan: PlanInfo, interaction: Interaction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.plan, self.interaction = db, plan, interaction
        self.template: CityTemplate | None = saved_template(db, plan)
        self.setWindowTitle("市里的报表模板")
        fit_to_screen(self, 620, 560)
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["列", "模板的表头", "填写内容"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(2, 200)
        self.choose_button = QPushButton("选择模板文件…", self)
        self.choose_button.clicked.connect(self.choose)
        self.forget_button = QPushButton("不再使用模板", self)
        self.forget_button.clicked.connect(self.forget)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.forget_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.show_template()

    def show_template(self) -> None:
        t = self.template
        self.about.setText(
            f"模板：{t.name}。请核对每一列要填写的内容，不对的从下拉列表中改选，然后保存。"
            "以后每期报送都按这个模板填写。"
            if t
            else "还没有设置模板。请选择市里下发的报表模板（.xlsx、.xls 或 WPS 表格），"
            "程序会按表头识别每一列。"
        )
        labels = t.labels if t else []
        self.table.setRowCount(len(labels))
        for r, label in enumerate(labels):
            self.table.setItem(r, 0, QTableWidgetItem(str(r + 1)))
            self.table.setItem(r, 1, QTableWidgetItem(label or "（无标题）"))
            combo = QComboBox(self.table)
            for key, word in FIELDS.items():
                combo.addItem(word, key)
            combo.setCurrentIndex(max(combo.findData(t.fields[r] if t else ""), 0))
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.table.setCellWidget(r, 2, combo)
        self.save_button.setEnabled(t is not None)
        self.forget_button.setEnabled(saved_template(self.db, self.plan) is not None)

    def choose(self) -> None:
        path = self.interaction.open_file("选择市里的报表模板", TEMPLATE_FILTER)
        if path is None:
            return
        try:
            self.template = read_template(path)
        except Exception as exc:
            self.interaction.error("无法读取模板", explain(exc))
            return
        self.show_template()

    def combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 2)
        assert isinstance(widget, QComboBox)
        return widget

    def accept(self) -> None:
        if self.template is None:
            return
        self.template.fields = [self.combo(r).currentData() for r in range(self.table.rowCount())]
        warnings = self.template.warnings()
        if warnings and not self.interaction.confirm(
            "市里的报表模板", "\n".join(warnings) + "\n\n仍然按这样保存吗？", "保存"
        ):
            return
        try:
            save_template(self.db, self.plan, self.template)
        except Exception as exc:
            self.interaction.error("无法保存模板", explain(exc))
            return
        super().accept()

    def forget(self) -> None:
        save_template(self.db, self.plan, None)
        self.template = None
        self.show_template()
