"""Two habits of Qt that change a clerk's data unasked, turned off for the whole program.

1. The wheel: a combo box, date or spin box, slider or tab bar under the pointer takes the
   wheel and changes its value (and the change is saved) while the clerk only scrolls the
   pane. Here such a widget never takes focus from the wheel; inside a scrolling pane or
   table it never takes the wheel at all (after picking 牵头 from a box, the box keeps the
   focus, and the next scroll of the pane changed it back), and elsewhere only while
   focused. Its wheel goes to the nearest scroll area that can still scroll that way.
2. Ctrl+Z / Ctrl+Y in a text field that has nothing of its own to undo: the field swallows
   the keys and nothing happens (after 新增 the cursor lands in 内容, so "add the wrong row,
   press Ctrl+Z" failed silently). Here the keys then go on to the program's undo stack.

One application-wide event filter, so dialogs and widgets made later are covered too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

_WHEEL_TARGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider, QTabBar)


def _guarded(widget: QObject) -> QWidget | None:
    """The value-changing widget a wheel event on `widget` would reach, if any."""
    if not isinstance(widget, QWidget) or isinstance(widget, QScrollBar):
        return None
    if isinstance(widget, _WHEEL_TARGETS):
        return widget
    parent = widget.parentWidget()  # an editable combo's line edit, a spin box's line edit
    if isinstance(parent, (QComboBox, QAbstractSpinBox)):
        return parent
    return None


def _scroll_target(widget: QWidget, up: bool) -> QAbstractScrollArea | None:
    """The nearest scroll area above `widget` that can still scroll in that direction."""
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, QAbstractScrollArea):
            bar = w.verticalScrollBar()
            if bar.isVisible() and (
                bar.value() > bar.minimum() if up else bar.value() < bar.maximum()
            ):
                return w
        w = w.parentWidget()
    return None


def _in_scroll_area(widget: QWidget) -> bool:
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, QAbstractScrollArea):
            return True
        w = w.parentWidget()
    return False


def _own_undo(widget: QObject, redo: bool) -> bool | None:
    """Whether a text field has its own undo (redo) step; None for other widgets."""
    if isinstance(widget, QLineEdit):
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        if widget.isReadOnly():
            return False
        doc = widget.document()
        return doc.isRedoAvailable() if redo else doc.isUndoAvailable()
    return None


def _no_wheel_focus(widget: QObject) -> None:
    guarded = _guarded(widget)
    if guarded is widget and guarded.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        guarded.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class InputGuard(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Made here, not at import: a key sequence before the application crashes Qt.
        self._undo = [QKeySequence(QKeySequence.StandardKey.Undo)]
        self._redo = [QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish:
            _no_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel:
            guarded = _guarded(watched)
            if guarded is not None and (not guarded.hasFocus() or _in_scroll_area(guarded)):
                self._pass_on(guarded, event)  # type: ignore[arg-type]
                return True
        elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            exact = QKeySequence.SequenceMatch.ExactMatch
            redo = any(pressed.matches(k) == exact for k in self._redo)
            undo = any(pressed.matches(k) == exact for k in self._undo)
            if (undo or redo) and _own_undo(watched, redo) is False:
                event.ignore()  # not the field's: the window's 撤销/重做 shortcut takes it
                return True
        return False

    @staticmethod
    def _pass_on(widget: QWidget, event: QWheelEvent) -> None:
        event.accept()  # handled: Qt must not also hand it to the parents
        target = _scroll_target(widget, event.angleDelta().y() > 0)
        if target is None:
            return
        viewport = target.viewport()
        pos = QPointF(viewport.mapFromGlobal(event.globalPosition().toPoint()))
        forwarded = QWheelEvent(
            pos,
            event.globalPosition(),
            event.pixelDelta(),
            event.angleDelta(),
            event.buttons(),
            event.modifiers(),
            event.phase(),
            event.inverted(),
        )
        QApplication.sendEvent(viewport, forwarded)


def install_input_guard(app: QApplication) -> InputGuard:
    """Install the guard once per application; returns the installed one."""
    existing = app.findChild(InputGuard)
    if existing is not None:
        return existing
    guard = InputGuard(app)
    app.installEventFilter(guard)
    for widget in app.allWidgets():  # made before the guard (the first window is built
        _no_wheel_focus(widget)  # first: filtering its 3,000 set-up events cost the start)
    return guard
