"""文件 › 打印: choose a report, see its pages rendered here (zoomable), then save the PDF
or send it to a printer. The PDF is made by the core (soildesk.reports), off the GUI
thread; pages are rendered with PDFium."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from soildesk.bugs import explain
from soildesk.errors import KnownError
from soildesk.files import atomic_output, safe_filename
from soildesk.reports.render import REPORTS, render_report

from .background import Runner
from .page_preview import PagePreview
from .pdf_pages import page_count, render_page
from .plan_session import PlanSession
from .screen_fit import fit_to_screen

ZOOMS = (50, 75, 100, 125, 150, 200)


class PrintDialog(QDialog):
    def __init__(self, session: PlanSession, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = runner
        self.setWindowTitle("打印")
        fit_to_screen(self, 1100, 800)
        self._tmp = Path(tempfile.mkdtemp(prefix="soildesk-print-"))
        self.pdf: Path | None = None
        self._generation = 0

        self.report = QComboBox(self)
        for key, label in REPORTS.items():
            self.report.addItem(label, key)
        self.unit = QComboBox(self)
        self.orientation = QComboBox(self)
        self.orientation.addItems(["A4 横向", "A4 纵向"])
        self.zoom = QComboBox(self)
        for z in ZOOMS:
            self.zoom.addItem(f"{z}%", z)
        self.zoom.setCurrentIndex(ZOOMS.index(75))
        self.info = QLabel(self)
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
            ("方向", self.orientation),
            ("缩放", self.zoom),
        ):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        top.addStretch(1)
        self.preview = PagePreview(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addLayout(bottom)

        self._fill_units()
        self.report.currentIndexChanged.connect(self._report_changed)
        self.unit.currentIndexChanged.connect(self.generate)
        self.orientation.currentIndexChanged.connect(self.generate)
        self.zoom.currentIndexChanged.connect(self.show_pages)
        self.generate()

    def done(self, result: int) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)
        super().done(result)

    def _fill_units(self) -> None:
        self.unit.blockSignals(True)
        self.unit.clear()
        report = self.report.currentData()
        self.unit.addItem("全部单位" if report == "duties" else "不筛选（全部小项）", None)
        for u in self.session.units.list_units(self.session.plan_id):
            if u.lead_count + u.cooperate_count + u.other_count:
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
        target = self._tmp / f"report-{generation}.pdf"
        report, unit = self.report.currentData(), self.unit.currentData()
        period = self.session.period.name if self.session.period else None
        landscape_mode = self.orientation.currentIndex() == 0
        db, today = self.session.plans.db, self.session.today()
        self.info.setText("正在生成…")
        self.pdf = None  # the old pages are not what the boxes now say
        self.show_pages()
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)

        def work() -> tuple[int, Path]:
            pages = render_report(
                db,
                plan,
                report,
                target,
                unit=unit,
                period=period,
                landscape_mode=landscape_mode,
                today=today,
            )
            return pages, target

        def done(result: tuple[int, Path]) -> None:
            if generation != self._generation:
                return  # a newer choice is on its way
            pages, self.pdf = result
            self.info.setText(f"{self.report.currentText()}：共 {pages} 页")
            self.save_button.setEnabled(True)
            self.print_button.setEnabled(True)
            self.show_pages()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.info.setText("未能生成")
                self.session.report(explain(exc))

        self.runner.run(work, done, failed)

    def show_pages(self, *_args: object) -> None:
        """The pages at the chosen zoom; only those in view are drawn (PagePreview)."""
        scale = self.zoom.currentData() / 100 * self.logicalDpiX() / 72
        self.preview.set_pages(self.pdf, scale)

    def save_pdf(self) -> None:
        if self.pdf is None:
            return
        plan = self.session.plan.name if self.session.plan else "计划"
        suggested = safe_filename(f"{plan}{self.report.currentText()}.pdf")
        path = self.session.interaction.save_file("保存 PDF", suggested, "PDF 文件 (*.pdf)")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            with atomic_output(path) as tmp:
                shutil.copyfile(self.pdf, tmp)
        except (KnownError, OSError) as exc:
            self.session.report(str(exc))
            return
        self.info.setText(f"已保存到 {path}")

    def new_printer(self) -> QPrinter:
        """A printer set to the report's paper: A4, in the orientation chosen here (the
        printer's own default, portrait, shrank a landscape table onto a third of it)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the report has its own margins: paper as the preview
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        landscape = self.orientation.currentIndex() == 0
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        return printer

    def choose_printer(self) -> None:
        printer = self.new_printer()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Each page drawn at up to 300 dpi into the printer's page, with a progress
        window that keeps the program alive and can cancel; True when all went out."""
        if self.pdf is None:
            return False
        pages = page_count(self.pdf)
        painter = QPainter()
        if not painter.begin(printer):
            self.session.report("无法开始打印。请检查打印机是否连接并已开机。")
            return False
        progress = QProgressDialog("正在打印…", "取消", 0, pages, self)
        progress.setWindowTitle("打印")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        try:
            dpi = printer.resolution()
            target = painter.viewport()
            for i in range(pages):
                progress.setLabelText(f"正在打印第 {i + 1} 页，共 {pages} 页…")
                progress.setValue(i)  # a modal progress window lets events through
                if progress.wasCanceled():
                    printer.abort()
                    return False
                if i:
                    printer.newPage()
                image = render_page(self.pdf, i, min(dpi, 300) / 72)
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                # Scaled while drawn: a scaled copy at 1,200 dpi took seconds and 100s of MB.
                painter.drawImage(QRect(target.topLeft(), size), image)
            progress.setValue(pages)
            return True
        finally:
            painter.end()
            progress.close()
