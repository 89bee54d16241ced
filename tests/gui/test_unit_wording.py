"""The 责任单位 cell in the editor: the document's words are shown and kept; changing the
units proposes a new wording in the document's style; a near-miss name is asked about; a
unit cannot stand twice on one row; a rename asks whether the table's words follow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from soildesk.unit_text import unit_cell
from tests.gui.conftest import click_node, type_text
from ui.main_window import MainWindow


def first_sub(window: MainWindow):
    return window.session.document.roots[0].children[0].children[0].children[0]


def stored(window: MainWindow, node_id: int):
    stack = list(window.session.plans.load_tree(window.session.plan_id))
    while stack:
        node = stack.pop()
        if node.id == node_id:
            return node
        stack.extend(node.children)
    raise AssertionError(node_id)


def test_the_editor_shows_the_cell_as_the_document_wrote_it(qtbot, window: MainWindow) -> None:
    sub = first_sub(window)
    click_node(qtbot, window, sub.id)
    assert (
        window.editor.wording.toPlainText()
        == "1、水利局牵头，环保局、国土资源局、林业局、财政局等部门配合。"
    )
    window.editor.text.setFocus()
    window.tree.setFocus()  # focus moves on: nothing was changed, nothing is saved
    assert window.session.undo_stack.count() == 0


def test_removing_a_unit_proposes_wording_in_the_documents_style_and_undo_restores_it(
    qtbot, window: MainWindow
) -> None:
    sub = first_sub(window)
    click_node(qtbot, window, sub.id)
    editor = window.editor.units
    editor.table.selectRow(4)  # 财政局
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    proposed = "1、水利局牵头，环保局、国土资源局、林业局等部门配合。"
    assert unit_cell(stored(window, sub.id)) == proposed
    assert window.editor.wording.toPlainText() == proposed
    window.undo_action.trigger()
    assert (
        unit_cell(stored(window, sub.id))
        == "1、水利局牵头，环保局、国土资源局、林业局、财政局等部门配合。"
    )
    assert len(stored(window, sub.id).units) == 5


def test_the_clerk_words_the_cell_in_their_own_way(qtbot, window: MainWindow) -> None:
    sub = first_sub(window)
    click_node(qtbot, window, sub.id)
    field = window.editor.wording
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    type_text(field, "1、水利局牵头，环保局等有关部门配合。")
    window.tree.setFocus()
    assert unit_cell(stored(window, sub.id)) == "1、水利局牵头，环保局等有关部门配合。"
    assert len(stored(window, sub.id).units) == 5  # the units themselves are unchanged
    window.undo_action.trigger()
    assert unit_cell(stored(window, sub.id)).endswith("财政局等部门配合。")


def add_unit(qtbot, window: MainWindow, name: str) -> None:
    editor = window.editor.units
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    line = editor.unit_combo(editor.table.rowCount() - 1).lineEdit()
    type_text(line, name)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_a_name_one_character_off_is_asked_about(qtbot, window: MainWindow, interaction) -> None:
    sub = first_sub(window)
    click_node(qtbot, window, sub.id)
    interaction.choice = 0  # 是，就是“县农业局”
    add_unit(qtbot, window, "县农也局")
    assert interaction.messages[-1][0] == "choose" and "县农业局" in interaction.messages[-1][2]
    names = {u.id: u.name for u in window.session.units.list_units()}
    assert names[stored(window, sub.id).units[-1].unit_id] == "县农业局"
    assert window.session.units.find_unit("县农也局") is None or (
        window.session.units.find_unit("县农也局").name == "县农业局"
    )


def test_a_new_unit_is_made_only_when_the_clerk_says_so(
    qtbot, window: MainWindow, interaction
) -> None:
    sub = first_sub(window)
    click_node(qtbot, window, sub.id)
    interaction.choice = 1  # 不是，新建单位
    add_unit(qtbot, window, "县农也局")
    assert window.session.units.find_unit("县农也局").name == "县农也局"
    window.undo_action.trigger()  # the unit typed in goes with the edit
    assert "县农也局" not in {u.name for u in window.session.units.list_units()}
    window.redo_action.trigger()  # and comes back with it
    assert stored(window, sub.id).units[-1].wording == "县农也局"


def test_one_unit_cannot_stand_twice_on_one_row(qtbot, window: MainWindow, interaction) -> None:
    sub = first_sub(window)
    click_node(qtbot, window, sub.id)
    before = stored(window, sub.id).units
    add_unit(qtbot, window, "县水利局")  # the 水利局 that already leads this row
    assert "同一单位不能在一行中添加两次" in interaction.errors()[-1]
    assert stored(window, sub.id).units == before
    assert window.editor.units.table.rowCount() == len(before)


def test_a_rename_asks_whether_the_tables_words_follow(
    qtbot, window: MainWindow, interaction
) -> None:
    env = window.session.units.find_unit("县环保局")
    sub = first_sub(window)
    interaction.choice = None  # 取消: nothing at all happens
    assert not window.session.rename_unit(env.id, "县生态环境局")
    assert window.session.units.find_unit("县环保局").name == "县环保局"
    interaction.choice = 0  # 改名，并修改表中文字
    window.session.rename_unit(env.id, "县生态环境局")
    assert interaction.messages[-1][1] == "表中的写法是否跟着改？"
    cell = "1、水利局牵头，生态环境局、国土资源局、林业局、财政局等部门配合。"
    assert unit_cell(stored(window, sub.id)) == cell
    assert unit_cell(window.session.document.node(sub.id)) == cell  # the tree shows it too
    window.undo_action.trigger()
    assert "环保局、国土资源局" in unit_cell(stored(window, sub.id))
    interaction.choice = 1  # 只改单位名册
    window.session.rename_unit(env.id, "县生态环境局")
    assert "环保局、国土资源局" in unit_cell(stored(window, sub.id))
    assert window.session.units.find_unit("县生态环境局").id == env.id
