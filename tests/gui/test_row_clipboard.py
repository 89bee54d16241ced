"""Copy, cut, paste and duplicate rows with the keys a clerk uses, and a block of rows
pasted from Excel or WPS."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from soildesk.domain import Level, Role
from tests.gui.conftest import click_node
from ui.main_window import MainWindow


def _first_item(window: MainWindow):
    return window.session.document.roots[0].children[0].children[0]


def _press(qtbot, window: MainWindow, key, modifier=Qt.KeyboardModifier.ControlModifier) -> None:
    window.tree.setFocus()
    qtbot.keyClick(window.tree, key, modifier)


def test_copy_and_paste_a_subitem_with_its_units_and_duties(qtbot, window: MainWindow) -> None:
    item = _first_item(window)
    first = item.children[0]
    click_node(qtbot, window, first.id)
    _press(qtbot, window, Qt.Key.Key_C)
    text = QGuiApplication.clipboard().text()
    assert first.text in text and first.duties.splitlines()[0] in text and "\t" in text
    before = [c.id for c in item.children]
    click_node(qtbot, window, item.children[-1].id)
    _press(qtbot, window, Qt.Key.Key_V)
    item = _first_item(window)
    pasted = item.children[-1]
    assert pasted.id != first.id and pasted.key != first.key
    assert (pasted.text, pasted.duties) == (first.text, first.duties)
    assert [(u.unit_id, u.role) for u in pasted.units] == [(u.unit_id, u.role) for u in first.units]
    assert window.selected_node() is not None and window.selected_node().id == pasted.id
    window.session.undo_stack.undo()  # one step
    assert [c.id for c in _first_item(window).children] == before


def test_cut_then_paste_into_another_item_moves_the_row(qtbot, window: MainWindow) -> None:
    moving = _first_item(window).children[0]
    text = moving.text
    click_node(qtbot, window, moving.id)
    _press(qtbot, window, Qt.Key.Key_X)
    assert window.session.document.node(moving.id) is None
    target = window.session.document.roots[0].children[1].children[0]  # another item
    click_node(qtbot, window, target.id)  # an item: the sub-item goes into it, last
    _press(qtbot, window, Qt.Key.Key_V)
    target = window.session.document.node(target.id)
    assert target is not None and target.children[-1].text == text


def test_duplicate_an_item_with_its_subitems(qtbot, window: MainWindow) -> None:
    item = _first_item(window)
    click_node(qtbot, window, item.id)
    _press(qtbot, window, Qt.Key.Key_D)
    clause = window.session.document.roots[0].children[0]
    copy = clause.children[1]
    assert copy.id != item.id and copy.text == item.text
    assert [s.text for s in copy.children] == [s.text for s in item.children]
    assert not {s.key for s in copy.children} & {s.key for s in item.children}


def test_a_block_pasted_from_excel_becomes_new_subitems(qtbot, window: MainWindow) -> None:
    block = (
        "\t\t\t\t4、开展耕地土壤环境监测。\t4、农业局牵头，环保局配合。\t农业局负责布设监测点位；\r\n"
        '\t\t\t\t5、建立污染地块档案。\t5、环保局牵头。\t"环保局负责建档；\n国土资源局配合。"\r\n'
    )
    QGuiApplication.clipboard().setText(block)
    item = _first_item(window)
    before = len(item.children)
    click_node(qtbot, window, item.children[-1].id)
    _press(qtbot, window, Qt.Key.Key_V)
    item = _first_item(window)
    assert len(item.children) == before + 2
    fourth, fifth = item.children[-2:]
    assert (fourth.number, fourth.text) == ("4、", "开展耕地土壤环境监测。")
    assert fifth.duties == "环保局负责建档；\n国土资源局配合。"
    names = {u.unit_id: u.role for u in fourth.units}
    assert sorted(names.values()) == sorted([Role.LEAD, Role.COOPERATE])
    window.session.undo_stack.undo()
    assert len(_first_item(window).children) == before


def test_text_that_is_not_table_rows_is_refused_in_chinese(
    qtbot, window: MainWindow, interaction
) -> None:
    QGuiApplication.clipboard().setText("只是一句话")
    click_node(qtbot, window, _first_item(window).children[0].id)
    _press(qtbot, window, Qt.Key.Key_V)
    assert interaction.errors() and "七列" in interaction.errors()[-1]


def test_ctrl_c_in_a_text_field_copies_text_not_rows(qtbot, window: MainWindow) -> None:
    click_node(qtbot, window, _first_item(window).children[0].id)
    field = window.editor.text
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == field.toPlainText()
    assert not QGuiApplication.clipboard().mimeData().hasFormat("application/x-soildesk-rows")
    assert Level.SUBITEM  # the level enum is the one the rows use


def test_a_full_row_of_the_citys_table_goes_into_the_selected_item(
    qtbot, window: MainWindow
) -> None:
    item = _first_item(window)
    clause, article = item.parent, item.parent.parent
    row = "\t".join(
        [
            article.display,
            clause.display,
            item.display,
            "县农业局牵头",
            "9、新的小项。",
            "9、农业局牵头。",
            "农业局负责。",
        ]
    )
    QGuiApplication.clipboard().setText(row + "\r\n")
    roots_before = len(window.session.document.roots)
    before = len(item.children)
    click_node(qtbot, window, item.children[-1].id)
    _press(qtbot, window, Qt.Key.Key_V)
    assert len(window.session.document.roots) == roots_before  # no second 条
    item = _first_item(window)
    assert len(item.children) == before + 1 and item.children[-1].text == "新的小项。"


def test_the_three_subitem_columns_paste_as_subitems(qtbot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("6、三列的小项。\t6、县林业局牵头。\t植树。\r\n")
    item = _first_item(window)
    before = len(item.children)
    click_node(qtbot, window, item.children[0].id)
    _press(qtbot, window, Qt.Key.Key_V)
    item = _first_item(window)
    assert len(item.children) == before + 1
    new = item.children[1]
    assert (new.number, new.text, new.duties) == ("6、", "三列的小项。", "植树。")
