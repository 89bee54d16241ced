"""The print preview's pages: one under another, only those in view drawn.

One widget paints them all from page positions it computes itself: a widget per page
stopped being placed correctly past 524,287 px (Qt's limit; 870 pages at 75 %), and
drawing every page of a 1,000-page table took 2.4 GB."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from .pdf_pages import page_sizes, render_page

GAP = 12  # between pages and around them
KEPT = 8  # pages kept drawn (those in view and the last few seen)
_BACKGROUND = QColor("#808080")
_EDGE = QColor("#555555")


class PagePreview(QAbstractScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf: Path | None = None
        self.scale = 1.0
        self._sizes: list[QSize] = []
        self._tops: list[int] = []  # each page's top, in the column of pages
        self._height = 0
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Home / End / PageDown
        self.verticalScrollBar().setSingleStep(48)
        self.horizontalScrollBar().setSingleStep(48)

    # -- pages ------------------------------------------------------------------------
    def set_pages(self, pdf: Path | None, scale: float) -> None:
        """Show `pdf` at `scale` (1 = 72 dpi); the page in view stays in view."""
        page, within = self._place()
        self.pdf, self.scale = pdf, scale
        self._images.clear()
        sizes = page_sizes(pdf) if pdf is not None else []
        self._sizes = [QSize(int(w * scale), int(h * scale)) for w, h in sizes]
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

    def page_count(self) -> int:
        return len(self._sizes)

    def page_size(self, index: int) -> QSize:
        return self._sizes[index]

    def drawn(self) -> list[int]:
        """The pages drawn now (in view, or kept from a moment ago)."""
        return sorted(self._images)

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

    def _image(self, index: int) -> QImage:
        image = self._images.get(index)
        if image is None:
            assert self.pdf is not None
            ratio = self.devicePixelRatioF()  # sharp at 150 %: drawn at the screen's pixels
            image = render_page(self.pdf, index, self.scale * ratio)
            image.setDevicePixelRatio(ratio)
            self._images[index] = image
            while len(self._images) > KEPT:
                self._images.popitem(last=False)
        else:
            self._images.move_to_end(index)
        return image

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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())  # the first page
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())  # the last page
        else:
            super().keyPressEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), _BACKGROUND)
        if self.pdf is None:
            return
        top = self.verticalScrollBar().value()
        left = self.horizontalScrollBar().value()
        view_width = self.viewport().width()
        for i in self.pages_in_view():
            size = self._sizes[i]
            x = max((view_width - size.width()) // 2, GAP) - left
            rect = QRect(x, self._tops[i] - top, size.width(), size.height())
            painter.fillRect(rect, Qt.GlobalColor.white)
            painter.drawImage(rect.topLeft(), self._image(i))
            painter.setPen(_EDGE)
            painter.drawRect(rect.adjusted(-1, -1, 0, 0))
