"""文件 › 打印: choose a report, its style and paper, see its pages here (zoomable),
then save the PDF or send it to a printer. The report is laid out once by the core
(soildesk.reports, off the GUI thread); the preview and the printer paint that layout
with QPainter, the PDF is painted from it by reportlab: what the printer gives is
what the preview shows, line for line."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soildesk.bugs import explain
from soildesk.domain import Level
from soildesk.files import safe_filename
from soildesk.reports.page import Document
from soildesk.reports.pdf_paint import Cancelled, write_pdf
from soildesk.reports.render import PRESETS, REPORTS, layout_report

from .background import Runner
from .page_paint import preload_fonts, print_document, print_pages
from .page_preview import PagePreview
from .plan_session import PlanSession
from .screen_fit import fit_to_screen

ZOOMS = (50, 75, 100, 125, 150, 200)
FIT_WIDTH, WHOLE_PAGE = "width", "page"
PAPERS = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}


class _Progress:
    """Pages done, told by the worker, read by the window's timer; cancel asks the
    worker to stop after its page."""

    def __init__(self) -> None:
        self.done = self.total = 0
        self.cancelled = threading.Event()

    def __call__(self, done: int, total: int) -> bool:
        self.done, self.total = done, total
        return not self.cancelled.is_set()


class PrintDialog(QDialog):
    def __init__(
        self,
        session: PlanSession,
        runner: Runner,
        parent: QWidget | None = None,
        view: Callable[[], set[int] | None] | None = None,
        current_view: bool = False,
        view_words: Callable[[], str] | None = None,
    ) -> None:
        """`view` gives the nodes the table view shows now (None: no filter), for
        打印当前视图; `current_view` starts with that scope chosen (文件 › 打印当前视图)."""
        super().__init__(parent)
        self.session = session
        self.runner = runner
        self.view = view or (lambda: None)
        self.view_words = view_words or (lambda: "")
        # Read once: a read while a big plan is laid out waited for the worker's.
        self._units = [
            u
            for u in session.units.list_units(session.plan_id)
            if u.lead_count + u.cooperate_count + u.other_count
        ]
        self.setWindowTitle("打印")
        fit_to_screen(self, 1100, 800)
        self.document: Document | None = None
        self._generation = 0

        self.report = QComboBox(self)
        for key, label in REPORTS.items():
            self.report.addItem(label, key)
        self.unit = QComboBox(self)
        self.scope = QComboBox(self)
        self.scope.addItem("全部小项", False)
        shown = self.view()
        self._shown = 0
        if shown is not None:  # the table view is filtered: its rows can be printed
            self._shown = sum(
                1 for n in session.document.all_nodes() if n.id in shown and not n.children
                and n.level is Level.SUBITEM
            )  # fmt: skip
            self.scope.addItem(f"当前视图（{self._shown} 个小项）", True)
            if current_view:
                self.scope.setCurrentIndex(1)
        self.scope.setEnabled(self.scope.count() > 1)
        self.preset = QComboBox(self)
        for key, preset in PRESETS.items():
            self.preset.addItem(preset.label, key)
        self.orientation = QComboBox(self)
        self.orientation.addItems(["横向", "纵向"])
        self.zoom = QComboBox(self)
        self.zoom.addItem("适合宽度", FIT_WIDTH)  # the page as wide as the window shows
        self.zoom.addItem("整页", WHOLE_PAGE)
        for z in ZOOMS:
            self.zoom.addItem(f"{z}%", z)
        self.info = QLabel(self)
        self.page_at = QLabel(self)  # 当前第 k / N 页: what to type as 页码范围
        self.busy = QProgressBar(self)  # moving while a big plan is laid out
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.save_button = QPushButton("保存 PDF…", self)
        self.print_button = QPushButton("打印…", self)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.choose_printer)

        top = QHBoxLayout()
        for label, widget in (
            ("报表", self.report),
            ("单位", self.unit),
            ("范围", self.scope),
            ("样式", self.preset),
            ("方向", self.orientation),
            ("缩放", self.zoom),
        ):
            top.addWidget(QLabel(label, self))
            # Room to spare goes to the boxes, so their words show whole.
            top.addWidget(
                widget, 1 if widget in (self.report, self.unit, self.scope, self.preset) else 0
            )
        for box, letters in ((self.report, 6), (self.unit, 9), (self.scope, 9), (self.preset, 9)):
            # Long unit names (县市场监督管理局（…）) no longer widen the dialog past a
            # 150 % screen; the list still shows them whole.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(letters)
            box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)
        self.preview = PagePreview(self)
        self.preview.zoom_step.connect(self._zoom_step)
        self.preview.page_shown.connect(self._page_shown)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info)
        bottom.addWidget(self.page_at)
        bottom.addWidget(self.busy)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addLayout(bottom)

        self._fill_units()
        self.preview.setFocus()  # the wheel over a box never switches the report unasked
        self.report.currentIndexChanged.connect(self._report_changed)
        for box in (self.unit, self.scope, self.preset, self.orientation):
            box.currentIndexChanged.connect(self.generate)
        self.zoom.currentIndexChanged.connect(self.show_pages)
        self.preview.resized.connect(self._follow_size)
        self.generate()

    def _fill_units(self) -> None:
        self.unit.blockSignals(True)
        self.unit.clear()
        report = self.report.currentData()
        self.unit.addItem("全部单位" if report == "duties" else "不限单位", None)
        for u in self._units:
            self.unit.addItem(u.name, u)
        self.unit.setEnabled(report != "progress")
        self.unit.blockSignals(False)

    def _report_changed(self, _index: int) -> None:
        self._fill_units()
        self.generate()

    def generate(self, *_args: object) -> None:
        plan = self.session.plan
        if plan is None:
            return
        self._generation += 1
        generation = self._generation
        report, unit = self.report.currentData(), self.unit.currentData()
        period = self.session.period.name if self.session.period else None
        options = {
            "unit": unit,
            "period": period,
            "landscape_mode": self.orientation.currentIndex() == 0,
            "today": self.session.today(),
            "preset": self.preset.currentData(),
        }
        shown = self.view() if self.scope.currentData() else None
        if shown is not None:
            options["subitems"] = frozenset(shown).__contains__
            words = self.view_words()
            how = f"按表格当前筛选（{words}）" if words else "按表格当前筛选"
            options["note"] = f"（{how}打印，共 {self._shown} 个小项）"
        options["stop"] = lambda: generation != self._generation  # a newer choice came
        db = self.session.plans.db
        self.info.setText("正在排版…")
        self.busy.show()
        self.document = None  # the old pages are not what the boxes now say
        self.show_pages()
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)

        def work() -> Document:
            return layout_report(db, plan, report, **options)  # type: ignore[arg-type]

        def done(document: Document) -> None:
            if generation != self._generation:
                return  # a newer choice is on its way
            self.document = document
            self.busy.hide()
            self.info.setText(f"{self.report.currentText()}：共 {document.count} 页")
            self.save_button.setEnabled(True)
            self.print_button.setEnabled(True)
            self.show_pages()

        def failed(exc: BaseException) -> None:
            if generation == self._generation and not isinstance(exc, Cancelled):
                self.busy.hide()
                self.info.setText("未能生成")
                self.session.report(explain(exc))

        self.runner.run(work, done, failed)

    def done(self, result: int) -> None:
        self._generation += 1  # a layout still running gives up
        self.document = None  # its pages go with the dialog
        self.preview.set_pages(None, 1.0)
        super().done(result)

    def _page_shown(self, index: int) -> None:
        """Which page is in view, counted as the printer's 页码范围 counts."""
        count = self.document.count if self.document is not None else 0
        self.page_at.setText(f"当前第 {index + 1} / {count} 页" if count else "")

    def _zoom_step(self, step: int) -> None:
        """Ctrl+wheel over the preview: the next zoom in the list."""
        index = self.zoom.currentIndex()
        if index < 2:  # from a fitted zoom: the nearest percentage
            scale = self.preview.scale * 72 / self.logicalDpiX() * 100
            index = 2 + min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - scale))
        self.zoom.setCurrentIndex(max(2, min(self.zoom.count() - 1, index + step)))

    def _follow_size(self) -> None:
        if self.zoom.currentData() in (FIT_WIDTH, WHOLE_PAGE):
            self.show_pages()

    def show_pages(self, *_args: object) -> None:
        """The pages at the chosen zoom; only those in view are painted (PagePreview)."""
        zoom = self.zoom.currentData()
        if zoom in (FIT_WIDTH, WHOLE_PAGE):
            scale = self.preview.fit_scale(self.document, whole=zoom == WHOLE_PAGE)
        else:
            scale = zoom / 100 * self.logicalDpiX() / 72
        self.preview.set_pages(self.document, scale)

    def save_pdf(self) -> None:
        """The PDF painted from the layout the preview shows; nothing is left behind
        when cancelled."""
        document = self.document
        if document is None:
            return
        path = self.session.interaction.save_file(
            "保存 PDF", self.suggested_name(), "PDF 文件 (*.pdf)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._in_background(
            lambda told: write_pdf(document, path, progress=told),
            document.count,
            "正在保存第 {done} 页，共 {total} 页…",
            f"已保存到 {path}",
            "已取消保存",
        )

    def suggested_name(self) -> str:
        """The report, its period, unit, view and style: one file per department and
        per version, none overwriting another."""
        plan = self.session.plan.name if self.session.plan else "计划"
        unit = self.unit.currentData()
        parts = [plan, self.report.currentText()]
        if self.report.currentData() == "progress" and self.session.period:
            parts.append(f"（{self.session.period.name}）")
        parts += [f"（{unit.name}）"] if unit else []
        parts += ["（当前视图）"] if self.scope.currentData() else []
        if self.preset.currentData() != "standard":
            parts.append(f"（{self.preset.currentText().split('（')[0]}）")  # 会议版 beside 标准
        return safe_filename("".join(parts) + ".pdf")

    def _in_background(
        self,
        work: Callable[[_Progress], int],
        total: int,
        label: str,
        finished: str,
        cancelled: str,
    ) -> None:
        """Long work off the GUI thread, with a progress window (its label `label`
        with {done} and {total}) and a cancel button; the result said in the info line."""
        told = _Progress()
        told.total = total
        window = QProgressDialog(label.format(done=0, total=total), "取消", 0, total, self)
        window.setWindowTitle("打印")
        window.setWindowModality(Qt.WindowModality.WindowModal)
        window.setMinimumDuration(0)
        window.canceled.connect(told.cancelled.set)
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)

        def tick() -> None:
            window.setLabelText(label.format(done=told.done, total=told.total))
            window.setValue(told.done)

        timer = QTimer(self)
        timer.timeout.connect(tick)
        timer.start(100)

        def finish() -> None:
            timer.stop()
            window.close()
            self.save_button.setEnabled(self.document is not None)
            self.print_button.setEnabled(self.document is not None)

        def done(_pages: int) -> None:
            finish()
            self.info.setText(finished)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, Cancelled):
                self.info.setText(cancelled)
            else:
                self.session.report(explain(exc))

        self.runner.run(lambda: work(told), done, failed)

    def new_printer(self) -> QPrinter:
        """A printer set to the report's paper and orientation (the printer's own
        default, portrait, shrank a landscape table onto a third of the page)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the report has its own margins: paper as the preview
        paper = self.document.paper.name if self.document else "A4"
        printer.setPageSize(QPageSize(PAPERS.get(paper, QPageSize.PageSizeId.A4)))
        landscape = self.orientation.currentIndex() == 0
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        return printer

    def choose_printer(self) -> None:
        printer = self.new_printer()
        if not QPrinterInfo.availablePrinterNames():  # only 打印到文件 is offered: name it
            printer.setOutputFileName(str(Path.home() / self.suggested_name()))
        chooser = QPrintDialog(printer, self)
        if self.document is not None:  # 页码范围 within the report's pages
            chooser.setMinMax(1, self.document.count)
            printer.setFromTo(1, self.document.count)
        if chooser.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Every page painted as vectors onto the printer, off the GUI thread, with a
        progress window that can cancel (the job is then aborted)."""
        document = self.document
        if document is None:
            return
        preload_fonts(document)  # Qt's font database is filled on the GUI thread
        pages = len(print_pages(printer, document.count))
        self._in_background(
            lambda told: print_document(printer, document, told),
            pages,
            "正在打印第 {done} 页，共 {total} 页…",
            f"已送到打印机：共 {pages} 页",
            "已取消打印",
        )
