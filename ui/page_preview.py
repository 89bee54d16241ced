"""The print preview's pages: one under another, only those in view painted, from the
same page description the PDF and the printer are painted from (ui/page_paint.py).

One widget paints them all from page positions it computes itself: a widget per page
stopped being placed correctly past 524,287 px (Qt's limit; 870 pages at 75 %), and
drawing every page of a 1,000-page table took 2.4 GB. Pages are painted as vectors at
the screen's own pixels, sharp at 150 %; only the last few pages' items are kept."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from soildesk.reports.page import Document, Item

from .page_paint import GlyphFonts, paint_page

GAP = 12  # between pages and around them
KEPT = 8  # pages kept drawn (those in view and the last few seen)
_BACKGROUND = QColor("#808080")
_EDGE = QColor("#555555")


class PagePreview(QAbstractScrollArea):
    resized = Signal()  # a fitted zoom follows the window's size
    zoom_step = Signal(int)  # Ctrl+wheel: +1 larger, -1 smaller
    page_shown = Signal(int)  # the page at the top of the view changed (0-based)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.scale = 1.0
        self._sizes: list[QSize] = []
        self._tops: list[int] = []  # each page's top, in the column of pages
        self._height = 0
        self._items: OrderedDict[int, list[Item]] = OrderedDict()
        self._fonts = GlyphFonts()
        self._zoom_delta = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Home / End / PageDown
        self.verticalScrollBar().setSingleStep(48)
        self.horizontalScrollBar().setSingleStep(48)

    # -- pages ------------------------------------------------------------------------
    def set_pages(self, document: Document | None, scale: float) -> None:
        """Show `document` at `scale` (1 = 72 dpi); the page in view stays in view."""
        page, within = self._place()
        if document is not self.document:
            self._items.clear()
        self.document, self.scale = document, scale
        count = document.count if document is not None else 0
        paper = document.paper if document is not None else None
        size = QSize(int(paper.width * scale), int(paper.height * scale)) if paper else QSize()
        self._sizes = [size] * count
        self._tops, y = [], GAP
        for size in self._sizes:
            self._tops.append(y)
            y += size.height() + GAP
        self._height = y
        self._update_bars()
        if self._sizes:
            page = min(page, len(self._sizes) - 1)
            top = self._tops[page] + int(within * self._sizes[page].height())
            self.verticalScrollBar().setValue(top)
        self.viewport().update()

    def fit_scale(self, document: Document | None, whole: bool = False) -> float:
        """The scale at which a page is as wide as the view (or wholly in it)."""
        if document is None:
            return 1.0
        bar = self.verticalScrollBar().sizeHint().width()
        view = self.viewport().size()
        scale = (view.width() - bar - 2 * GAP) / document.paper.width
        if whole:
            scale = min(scale, (view.height() - 2 * GAP) / document.paper.height)
        return max(scale, 0.1)

    def page_count(self) -> int:
        return len(self._sizes)

    def page_size(self, index: int) -> QSize:
        return self._sizes[index]

    def drawn(self) -> list[int]:
        """The pages drawn now (in view, or kept from a moment ago)."""
        return sorted(self._items)

    def pages_in_view(self) -> range:
        if not self._sizes:
            return range(0)
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(bisect_right(self._tops, top) - 1, 0)
        last = max(bisect_right(self._tops, bottom) - 1, first)
        return range(first, min(last, len(self._sizes) - 1) + 1)

    def _place(self) -> tuple[int, float]:
        """The page at the top of the view and how far down it the view starts."""
        if not self._sizes:
            return 0, 0.0
        page = self.pages_in_view().start
        offset = self.verticalScrollBar().value() - self._tops[page]
        return page, max(offset, 0) / max(self._sizes[page].height(), 1)

    def _page_items(self, index: int) -> list[Item]:
        items = self._items.get(index)
        if items is None:
            assert self.document is not None
            items = self._items[index] = self.document.draw(index)
            while len(self._items) > KEPT:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(index)
        return items

    # -- Qt -----------------------------------------------------------------------------
    def _update_bars(self) -> None:
        view = self.viewport().size()
        width = max((s.width() for s in self._sizes), default=0) + 2 * GAP
        self.verticalScrollBar().setRange(0, max(self._height - view.height(), 0))
        self.verticalScrollBar().setPageStep(view.height())
        self.horizontalScrollBar().setRange(0, max(width - view.width(), 0))
        self.horizontalScrollBar().setPageStep(view.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_bars()
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())  # the first page
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())  # the last page
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # A step per notch (120); a touchpad's small deltas add up to one.
            self._zoom_delta += event.angleDelta().y()
            while abs(self._zoom_delta) >= 120:
                step = 1 if self._zoom_delta > 0 else -1
                self._zoom_delta -= 120 * step
                self.zoom_step.emit(step)  # as in WPS and Word
            event.accept()
            return
        super().wheelEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        if self._sizes:
            self.page_shown.emit(self._place()[0])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), _BACKGROUND)
        if self.document is None:
            return
        top = self.verticalScrollBar().value()
        left = self.horizontalScrollBar().value()
        view_width = self.viewport().width()
        for i in self.pages_in_view():
            size = self._sizes[i]
            x = max((view_width - size.width()) // 2, GAP) - left
            rect = QRect(x, self._tops[i] - top, size.width(), size.height())
            painter.fillRect(rect, Qt.GlobalColor.white)
            painter.save()
            painter.setClipRect(rect)
            painter.translate(rect.topLeft())
            painter.scale(self.scale, self.scale)
            paint_page(painter, self._page_items(i), self._fonts)
            painter.restore()
            painter.setPen(_EDGE)
            painter.drawRect(rect.adjusted(-1, -1, 0, 0))
