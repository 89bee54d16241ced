from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QTreeView, QWidget

from ui.app import build_window, install_translations
from ui.background import InlineRunner
from ui.main_window import MainWindow

TODAY = date(2024, 6, 20)


@pytest.fixture(autouse=True)
def _settings_of_this_test(tmp_path, monkeypatch) -> None:
    """Every window remembers into the test's own file (Qt keeps its settings path for
    the whole process, so one test's view or plan would reach the next)."""
    from PySide6.QtCore import QSettings

    import ui.window_settings

    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(
        ui.window_settings, "QSettings", lambda: QSettings(path, QSettings.Format.IniFormat)
    )


@pytest.fixture
def period(window: MainWindow):
    """The demo plan's 2024年上半年, made current."""
    p = window.session.progress.add_period(
        window.session.plan_id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
    )
    window.reload_plans(window.session.plan_id)
    return p


@pytest.fixture
def window(qtbot, qapp, db, demo, interaction) -> MainWindow:
    install_translations(qapp)
    win = build_window(db, interaction, InlineRunner(), today=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not win.table.measuring())  # the rows below the first screen
    return win


def click_row(
    qtbot, view: QTreeView, index: QModelIndex, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def click_node(qtbot, win: MainWindow, node_id: int) -> None:
    index = win.proxy.mapFromSource(win.session.model.index_of(node_id))
    win.tree.scrollTo(index)
    QApplication.processEvents()
    click_row(qtbot, win.tree, index)
    assert win.selected_node() is not None and win.selected_node().id == node_id


def point_in(view: QTreeView, index: QModelIndex, where: str) -> QPoint:
    rect = view.visualRect(index)
    y = {"top": rect.top() + 1, "middle": rect.center().y(), "bottom": rect.bottom() - 1}[where]
    return QPoint(rect.center().x(), y)


def type_text(widget: QWidget, text: str) -> None:
    """Type Chinese as an input method does: one committed string. (QTest's key
    clicks only know ASCII.)"""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def type_at_end(qtbot, field, text: str) -> None:
    """Focus a text field, put the cursor at its end and type, as a clerk adds words."""
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.moveCursor(field.textCursor().MoveOperation.End)
    type_text(field, text)


def send_drag(
    window: MainWindow, mime: QMimeData, target: QModelIndex, where: str, action: Qt.DropAction
) -> None:
    """What the tree's viewport receives during a drag: enter, move over the target
    (a proxy index), drop."""
    window.tree.scrollTo(target)
    pos = point_in(window.tree, target, where)
    args = (action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    viewport = window.tree.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, *args))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, *args))
    drop = QDropEvent(pos, *args)
    drop.ignore()
    QApplication.sendEvent(viewport, drop)
    QApplication.processEvents()
