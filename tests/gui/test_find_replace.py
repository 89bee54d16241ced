"""查找和替换 (Ctrl+H) as a clerk uses it: a count, next and previous, the words marked in
the cells, one place or all replaced, each an undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from soildesk.find_replace import FIELDS, walk, words
from tests.gui.conftest import type_text
from ui.main_window import MainWindow


def _all_words(window: MainWindow) -> str:
    nodes = walk(window.session.document.roots)
    return "\n".join(words(n, f) for n in nodes for f in FIELDS)


def test_find_counts_steps_and_marks_the_words(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = window.find_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.needle.setText("环保局")
    n = len(dialog.hits)
    assert n > 3 and dialog.count.text() == f"共 {n} 处"
    assert window.table.highlight == "环保局"
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    first = dialog.hits[0].node_id
    assert window.selected_node() is not None and window.selected_node().id == first
    assert dialog.count.text().startswith(f"共 {n} 处，第 1 处")
    qtbot.mouseClick(dialog.prev_button, Qt.MouseButton.LeftButton)
    assert dialog.count.text().startswith(f"共 {n} 处，第 {n} 处")
    dialog.close()
    assert window.table.highlight == ""


def test_replace_one_then_all_and_undo_each(qtbot, window: MainWindow) -> None:
    window.open_find_replace()
    dialog = window.find_dialog
    assert dialog is not None
    dialog.needle.setText("环保局")
    dialog.replacement.setText("生态环境分局")
    total = len(dialog.hits)
    before = _all_words(window)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    assert len(dialog.hits) == total - 1 and "生态环境分局" in _all_words(window)
    qtbot.mouseClick(dialog.replace_all_button, Qt.MouseButton.LeftButton)
    assert dialog.hits == [] and dialog.count.text() == "没有找到"
    window.session.undo_stack.undo()  # all the rest, one step
    assert len(dialog.hits) == total - 1
    window.session.undo_stack.undo()  # the first one
    assert _all_words(window) == before and len(dialog.hits) == total
    # the units cell wording is replaced in the stored cell, the units stay
    dialog.fields["text"].setChecked(False)
    dialog.fields["duties"].setChecked(False)
    unit_hits = len(dialog.hits)
    assert unit_hits > 0 and all(h.field == "units_text" for h in dialog.hits)


def test_the_search_box_marks_and_clearing_keeps_the_row(qtbot, window: MainWindow) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[0]
    window.select_node(sub.id)
    window.search.setFocus()
    type_text(window.search, "水土流失")
    assert window.table.highlight == "水土流失"
    window.search.clear()
    assert window.selected_node() is not None and window.selected_node().id == sub.id


def test_clearing_a_search_in_the_outline_folds_it_back_as_it_was(
    qtbot, window: MainWindow
) -> None:
    window.view_actions.show("tree")
    window.tree.collapseAll()
    article = window.session.document.roots[1]
    window.tree.expand(window.proxy.mapFromSource(window.session.model.index_of(article.id)))
    sub = article.children[0].children[0].children[0]
    window.select_node(sub.id)

    def expanded() -> set[int]:
        return {
            n.id
            for n in walk(window.session.document.roots)
            if n.children
            and window.tree.isExpanded(
                window.proxy.mapFromSource(window.session.model.index_of(n.id))
            )
        }

    before = expanded()
    type_text(window.search, "土壤")
    assert expanded() != before  # the matches are opened out
    window.search.clear()
    assert expanded() == before
    assert window.selected_node() is not None and window.selected_node().id == sub.id


def test_the_units_cell_note_ctrl_z_in_the_dialog_and_the_current_mark(
    qtbot, window: MainWindow, interaction
) -> None:
    window.open_find_replace()
    dialog = window.find_dialog
    assert dialog is not None
    dialog.needle.setText("环保局")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    hit = dialog.hits[0]
    assert window.table.current_hit == (hit.node_id, hit.field)
    dialog.replacement.setText("生态环境分局")
    total = len(dialog.hits)
    qtbot.mouseClick(dialog.replace_all_button, Qt.MouseButton.LeftButton)
    assert "单位本身没有改名" in interaction.messages[-1][2]
    dialog.replace_all_button.setFocus()
    qtbot.keyClick(dialog.replace_all_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.hits) == total  # undone from the dialog itself


def test_a_word_wrapped_over_a_line_end_is_marked_on_both_lines(window: MainWindow) -> None:
    from ui.table_model import C_SUB_UNITS

    table = window.table
    table.set_highlight("环保局")
    index = table.model().index(0, C_SUB_UNITS)
    text = "1、水利局牵头，环保局配合。"
    marks = table.marks(text, ["1、水利局牵头，环", "保局配合。"], index)
    assert [[(s, e) for s, e, _ in line] for line in marks] == [[(8, 9)], [(0, 2)]]
