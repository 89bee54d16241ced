"""Windows and dialogs sized for the screen they open on: a size asked for in code is
a wish, cut to the screen's free area (1366×768 office screens, 150 % laptops, where a
fixed 1100×800 dialog put its buttons below the taskbar)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def available(widget: QWidget | None = None) -> QRect:
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 0.94) -> None:
    """Resize to (width, height) or to `share` of the free screen, whichever is smaller,
    and never below what the layout needs if the screen can hold that."""
    area = available(widget.parentWidget() or widget)
    w = min(width, int(area.width() * share))
    h = min(height, int(area.height() * share))
    need = widget.minimumSizeHint()
    widget.resize(max(w, min(need.width(), area.width())), max(h, min(need.height(), area.height())))


def scrolled(widget: QWidget) -> QScrollArea:
    """A section that scrolls inside itself when its pane is short (1366×768 at 125 %),
    so the pane around it never needs to scroll and the other sections stay in view."""
    area = QScrollArea(widget.parentWidget())
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumHeight(widget.fontMetrics().lineSpacing() * 4)
    return area
