"""A laid-out page (soildesk.reports.page) painted with QPainter: the preview on screen
and the printer. Glyphs come from the same font files the PDF embeds (QRawFont) and go
where the layout put them, each at the advance the layout measured, so the printer's
lines break and end exactly where the PDF's do. Everything is vector: rules as lines,
text as glyph runs (a printer gets text, not a 300-dpi picture)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate, islice, repeat
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGlyphRun,
    QPagedPaintDevice,
    QPageLayout,
    QPainter,
    QPainterPath,
    QPen,
    QRawFont,
)
from PySide6.QtPrintSupport import QPrinter

from soildesk.errors import KnownError
from soildesk.files import atomic_output
from soildesk.reports.fonts import Face
from soildesk.reports.page import Document, Item, Rule, Shade, Text
from soildesk.reports.pdf_paint import Cancelled

BOLD_STROKE = 0.035  # as the PDF painter: 宋体 outlined to stand in for 小标宋


def preload_fonts(document: Document) -> None:
    """Add the document's font files to Qt's font database (on the GUI thread, before
    painting elsewhere)."""
    fonts = GlyphFonts()
    for item in document.draw(0):
        if isinstance(item, Text):
            fonts.font(item.face, item.size)


class GlyphFonts:
    """QRawFonts made from the report's font files, per face and size. Kept per
    thread of painting (a QRawFont belongs to the thread that made it)."""

    def __init__(self) -> None:
        self._fonts: dict[tuple[int, float], QRawFont] = {}
        self._base: dict[int, QRawFont] = {}

    def _load(self, face: Face) -> QRawFont:
        """The face as Qt's font database knows it: Qt's PDF and print engines embed a
        font (as text) only then; a QRawFont read from the file itself was drawn as
        paths (10 MB and 3 s for 16 pages, no text to search)."""
        path = str(face.path)
        family = QRawFont(path, 12).familyName()  # the file's first face, as the layout's
        if family and family not in QFontDatabase.families():
            QFontDatabase.addApplicationFont(path)
        font = QFont(family)
        font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        raw = QRawFont.fromFont(font)
        if not raw.isValid() or raw.familyName() != family:
            raw = QRawFont(path, 12, QFont.HintingPreference.PreferNoHinting)
        return raw

    def font(self, face: Face, size: float) -> QRawFont:
        key = (id(face), size)
        raw = self._fonts.get(key)
        if raw is None:
            base = self._base.get(id(face))
            if base is None:
                base = self._base[id(face)] = self._load(face)
            raw = QRawFont(base)
            raw.setPixelSize(size)
            self._fonts[key] = raw
        return raw


def print_document(
    printer: QPagedPaintDevice,
    document: Document,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Every page painted onto `printer` (a QPrinter or QPdfWriter, set to the
    document's paper), in points whatever its resolution. May run off the GUI thread
    (Qt paints printers in any thread). `progress(done, total)` returning False stops
    it: the job is aborted and Cancelled raised. Pages are those the printer's page
    range asks for (页码范围 in the print dialog), else all. Returns the pages sent."""
    pages = print_pages(printer, document.count)
    to_file = printer.outputFileName() if isinstance(printer, QPrinter) else ""
    if not to_file:
        return _print(printer, document, pages, progress)
    target = Path(to_file)
    if to_file.endswith(("/", "\\")) or target.is_dir():
        raise KnownError(
            "打印到文件需要一个文件名：请在打印对话框的“输出文件”中写上文件名，例如 任务分解表.pdf。"
        )
    assert isinstance(printer, QPrinter)
    # Written beside the file and renamed when done: a cancelled print leaves the old
    # file as it was, and no half file.
    with atomic_output(target) as tmp:
        printer.setOutputFileName(str(tmp))
        try:
            return _print(printer, document, pages, progress)
        finally:
            printer.setOutputFileName(to_file)


def _print(
    printer: QPagedPaintDevice,
    document: Document,
    pages: range,
    progress: Callable[[int, int], bool] | None,
) -> int:
    painter = QPainter()
    if not painter.begin(printer):
        if isinstance(printer, QPrinter) and printer.outputFileName():
            raise KnownError(
                f"无法写入打印文件“{printer.outputFileName()}”。请换一个可以写入的文件夹（例如桌面）再试。"
            )
        raise KnownError("无法开始打印。请检查打印机是否连接、已开机，并在打印对话框中选对打印机。")
    fonts = GlyphFonts()
    scale, dx, dy = _fit(printer, document)
    try:
        for n, i in enumerate(pages):
            if n:
                printer.newPage()
            painter.save()
            painter.translate(dx, dy)
            painter.scale(scale, scale)
            paint_page(painter, document.draw(i), fonts)
            painter.restore()
            if progress is not None and not progress(n + 1, len(pages)):
                if isinstance(printer, QPrinter):
                    printer.abort()  # nothing half-printed reaches the printer
                raise Cancelled
    finally:
        if painter.isActive():
            painter.end()
    return len(pages)


def print_pages(printer: QPagedPaintDevice, count: int) -> range:
    if isinstance(printer, QPrinter) and printer.printRange() == QPrinter.PrintRange.PageRange:
        first, last = max(printer.fromPage(), 1), min(printer.toPage() or count, count)
        if first <= last:
            return range(first - 1, last)
    return range(count)


def _fit(printer: QPagedPaintDevice, document: Document) -> tuple[float, float, float]:
    """Points to the printer's pixels; when the clerk chose other paper in the system's
    print dialog (portrait for a landscape table), the page is shrunk to fit it, centred,
    never cut off."""
    dpi = printer.resolution() / 72
    paper = printer.pageLayout().fullRect(QPageLayout.Unit.Point)
    fit = min(paper.width() / document.paper.width, paper.height() / document.paper.height)
    if 0.99 < fit < 1.01:
        return dpi, 0.0, 0.0
    fit = min(fit, 1.0)
    dx = (paper.width() - document.paper.width * fit) / 2 * dpi
    dy = (paper.height() - document.paper.height * fit) / 2 * dpi
    return dpi * fit, dx, dy


def paint_page(painter: QPainter, items: list[Item], fonts: GlyphFonts) -> None:
    """Paint one page in points (the painter scaled so one unit is 1/72 inch)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    for item in items:
        if isinstance(item, Shade):
            gray = round(item.gray * 255)
            painter.fillRect(QRectF(item.x, item.y, item.w, item.h), QColor(gray, gray, gray))
    rules = [i for i in items if isinstance(i, Rule)]
    if rules:
        pen = QPen(Qt.GlobalColor.black, rules[0].width)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        painter.setPen(pen)
        painter.drawLines([QLineF(r.x0, r.y0, r.x1, r.y1) for r in rules])
    painter.setPen(Qt.GlobalColor.black)
    # One glyph run per font and size on the page, not one per line: the PDF engine's
    # cost is per run (2,736 duty-sheet pages took a minute to the printer).
    runs: dict[tuple[int, float, bool], tuple[Text, list[int], list[QPointF]]] = {}
    for item in items:
        if isinstance(item, Text) and item.text:
            key = (id(item.face), item.size, item.bold)
            found = runs.get(key)
            if found is None:
                found = runs[key] = (item, [], [])
            _place(item, fonts, found[1], found[2])
    for first, glyphs, positions in runs.values():
        raw = fonts.font(first.face, first.size)
        run = QGlyphRun()
        run.setRawFont(raw)
        run.setGlyphIndexes(glyphs)
        run.setPositions(positions)
        painter.drawGlyphRun(QPointF(0, 0), run)
        if first.bold:
            path = QPainterPath()
            for glyph, at in zip(glyphs, positions, strict=True):
                path.addPath(raw.pathForGlyph(glyph).translated(at))
            painter.strokePath(path, QPen(Qt.GlobalColor.black, first.size * BOLD_STROKE))
    painter.restore()


def _place(t: Text, fonts: GlyphFonts, glyphs: list[int], positions: list[QPointF]) -> None:
    """The run's glyphs at the layout's advances, not Qt's: both painters agree."""
    found = fonts.font(t.face, t.size).glyphIndexesForString(t.text)
    size, y = t.size, t.y
    xs = accumulate((w * size for w in t.face.advances(t.text)), initial=t.x)
    glyphs.extend(found)
    # as many as the glyphs: a surrogate pair is one glyph for two characters
    positions.extend(map(QPointF, islice(xs, len(found)), repeat(y)))
