"""The county table (the sample's breakdown, and all its units' duty sheets) to the
printer: laid out, painted by QPainter onto a QPrinter writing its spool as a file
(what a driver receives), in one run beside two floors: the same number of empty
pages through the same printer, and the old path, every page drawn as a 300-dpi
picture (PDFium), the way printing worked before.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.print_spool
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from soildesk.db.database import open_database
from soildesk.importing import load_file
from soildesk.importing.plan_import import store_import
from soildesk.plans import PlanService
from soildesk.reports.page import Document
from soildesk.reports.pdf_paint import write_pdf
from soildesk.reports.render import layout_report
from ui.page_paint import print_document
from ui.pdf_pages import render_page

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "samples" / "lishu_part.xlsx"


def printer(target: Path) -> QPrinter:
    out = QPrinter(QPrinter.PrinterMode.HighResolution)
    out.setFullPage(True)
    out.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    out.setPageOrientation(QPageLayout.Orientation.Landscape)
    out.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out.setOutputFileName(str(target))
    return out


def to_printer(doc: Document | None, pages: int, target: Path, picture: Path | None = None) -> None:
    device = printer(target)
    if doc is not None:
        print_document(device, doc)  # what the print dialog runs
        return
    painter = QPainter(device)
    for i in range(pages):
        if i:
            device.newPage()
        if picture is not None:  # the old way: a 300-dpi image of the PDF page
            image = render_page(picture, i, 300 / 72)
            painter.drawImage(painter.viewport(), image)
    painter.end()


def main() -> int:
    QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(folder / "county.db")
        plan = store_import(PlanService(db), load_file(SAMPLE), "梨树")
        for report in ("breakdown", "duties"):
            start = time.perf_counter()
            doc = layout_report(db, plan, report)
            to_printer(doc, doc.count, folder / f"{report}.spool")
            ours = time.perf_counter() - start
            size = (folder / f"{report}.spool").stat().st_size / 1e6
            start = time.perf_counter()
            to_printer(None, doc.count, folder / "empty.spool")
            empty = time.perf_counter() - start
            write_pdf(doc, folder / f"{report}.pdf")
            start = time.perf_counter()
            to_printer(None, doc.count, folder / "old.spool", picture=folder / f"{report}.pdf")
            old = time.perf_counter() - start
            old_size = (folder / "old.spool").stat().st_size / 1e6
            print(
                f"{report:<9} {doc.count:3d} pages to the printer: {ours:5.2f} s, {size:5.1f} MB"
                f"   | floor, empty pages {empty:5.2f} s"
                f"   | old, 300-dpi pictures {old:5.1f} s, {old_size:6.1f} MB"
            )
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
