"""The window's part of `soildesk --selftest`: the printer path, run in the frozen
build too, so CI proves Qt's print support and the fonts made it into the bundle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path


def _printer(tmp: Path, state: dict) -> str:
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from soildesk.reports.render import layout_report

    from .page_paint import preload_fonts, print_document

    _app = QApplication.instance() or QApplication([])
    document = layout_report(state["db"], state["plan"], "breakdown", today=date(2024, 6, 20))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the spool, as a file
    target = tmp / "printer.pdf"
    printer.setOutputFileName(str(target))
    preload_fonts(document)
    pages = print_document(printer, document)
    data = target.read_bytes()
    if not data.startswith(b"%PDF") or pages != document.count:
        raise AssertionError("打印机没有收到完整的页面")
    if b"/FontFile2" not in data or b"/Subtype /Image" in data:
        raise AssertionError("打印的不是矢量文字（字体没有嵌入，或页面成了图片）")
    return f"{pages} 页，矢量文字，{len(data) // 1024} KB"


STEPS: list[tuple[str, Callable[[Path, dict], str]]] = [("送打印机：矢量页面", _printer)]
