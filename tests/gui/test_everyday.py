"""Everyday habits on an office screen: the chosen editor tab stays, a row the filter
hides leaves the editor, Ctrl+S answers, and actions with no plan say why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import click_node, type_text
from ui.main_window import MainWindow


def subs(window: MainWindow):
    item = window.session.document.roots[0].children[0].children[0]
    return item.children


def test_the_chosen_tab_stays_as_the_selection_moves(qtbot, window: MainWindow) -> None:
    first, second = subs(window)[:2]
    click_node(qtbot, window, first.id)
    window.editor.tabs.setCurrentIndex(1)  # 进展与佐证
    click_node(qtbot, window, second.id)
    assert window.editor.tabs.currentIndex() == 1


def test_a_row_the_filter_hides_leaves_the_editor(qtbot, window: MainWindow) -> None:
    first = subs(window)[0]
    click_node(qtbot, window, first.id)
    assert window.editor.node_id == first.id
    type_text(window.search, "不会出现在任何一行里的字")
    assert window.editor.node_id is None and window.editor.placeholder.isVisible()


def test_ctrl_s_says_everything_is_saved(qtbot, window: MainWindow) -> None:
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "已自动保存" in window.statusBar().currentMessage()


def test_export_and_print_without_a_plan_say_why(qtbot, qapp, tmp_path, interaction) -> None:
    from soildesk.db.database import open_database
    from ui.app import build_window

    db = open_database(tmp_path / "empty.db")
    try:
        win = build_window(db, interaction)
        qtbot.addWidget(win)
        win.file_actions.export_all()
        win.file_actions.open_print()
        informed = [m for m in interaction.messages if m[0] == "inform"]
        assert [m[1] for m in informed] == ["导出", "打印"]
        assert all("还没有打开任何计划" in m[2] for m in informed)
    finally:
        db.close()


def test_toolbar_buttons_keep_their_width_as_the_undo_text_changes(
    qtbot, window: MainWindow
) -> None:
    toolbar = window.findChild(type(window.addToolBar("x")), "mainToolbar")
    add_sub = toolbar.widgetForAction(window.add_actions[max(window.add_actions)])
    before = add_sub.geometry()
    first = subs(window)[0]
    click_node(qtbot, window, first.id)
    window.editor.text.setPlainText(first.text + "补")
    window.editor.flush()
    QApplication.processEvents()
    assert window.undo_action.text() == "撤销"
    assert window.undo_action.toolTip() == "撤销：修改内容"
    assert add_sub.geometry() == before


def test_the_role_column_shows_whole_role_names(qtbot, window: MainWindow) -> None:
    """A new sub-item has no units: its first unit row's role box must show 牵头 whole."""
    from soildesk.domain import Level

    click_node(qtbot, window, subs(window)[0].id)
    window.add_actions[Level.SUBITEM].trigger()
    units = window.editor.units
    assert units.table.rowCount() == 0
    units.add_button.click()
    QApplication.processEvents()
    box = units.role_combo(0)
    assert units.table.columnWidth(1) >= box.sizeHint().width()
