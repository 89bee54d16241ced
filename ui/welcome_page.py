"""The first minute: a database with no plan opens on this page instead of an empty
table. Four ways to begin, each one click; the window's menus do the same later."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from .main_window import MainWindow

CHOICES = (
    ("从 Excel 或 Word 导入…", "上级下发的任务分解表（.xlsx、.xls、.et、.ods、.docx）", "import"),
    ("从方案文档生成…", "从行动计划、工作方案的原文（.docx、.txt）生成任务分解表草稿", "draft"),
    ("打开示例方案", "梨树县任务分解表的前六条，先熟悉一下程序", "demo"),
    ("新建空白计划…", "从头逐条填写条、款、项、小项", "new"),
)


class WelcomePage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        title = QLabel("<h2>欢迎使用 SoilDesk</h2>", self)
        intro = QLabel("数据库中还没有任何计划。请选择怎样开始：", self)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for row, (label, detail, key) in enumerate(CHOICES):
            button = QPushButton(label, self)
            button.setMinimumHeight(button.sizeHint().height() * 2)
            button.clicked.connect(lambda _=False, k=key: self.choose(k))
            note = QLabel(detail, self)
            note.setWordWrap(True)
            grid.addWidget(button, row, 0)
            grid.addWidget(note, row, 1)
            self.buttons[key] = button
        grid.setColumnStretch(1, 1)
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addLayout(grid)
        inner.addWidget(QLabel("以后也可以从“文件”菜单开始；“帮助 › 使用说明”介绍一年的工作。", self))
        box.setMaximumWidth(760)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def choose(self, key: str) -> None:
        w = self.window
        if key == "import":
            w.file_actions.import_file()
        elif key == "draft":
            w.file_actions.draft_from_document()
        elif key == "demo":
            w.load_demo()
        else:
            w.new_plan()
