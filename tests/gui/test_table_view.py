"""The table view, driven as a clerk drives it: click, double-click, type, Enter, Tab,
Ctrl+Z, drag in the outline, filters; the models pass Qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit

from soildesk.domain import Level, Role
from soildesk.export.table import table_rows
from tests.gui.conftest import click_node, send_drag, type_text
from ui.main_window import MainWindow
from ui.table_model import (
    C_ARTICLE,
    C_DUTIES,
    C_ITEM,
    C_SUB,
    C_SUB_UNITS,
    PlanTableModel,
)
from ui.table_view import PAD_X, PAD_Y
from ui.unit_picker import UnitPicker


def _cell(window: MainWindow, row: int, column: int) -> QModelIndex:
    return window.table_pane.model.index(row, column)


def _double_click(qtbot, window: MainWindow, index: QModelIndex) -> None:
    view = window.table
    view.scrollTo(index)
    QApplication.processEvents()
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _editor(window: MainWindow) -> QPlainTextEdit:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit) and window.table.isAncestorOf(editor)
    return editor


def _stored_sub(window: MainWindow, node_id: int):
    return window.session.plans.load_subtree(node_id)


def test_the_table_model_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:
    qtmodeltester.check(window.table_pane.model, force_py=True)


def test_the_table_is_the_official_attachment(qtbot, window: MainWindow) -> None:
    model = window.table_pane.model
    roots = window.session.document.roots
    assert model.rowCount() == 60  # one row per sub-item
    first_article = roots[0]
    in_article = sum(len(i.children) for c in first_article.children for i in c.children)
    assert window.table.rowSpan(0, C_ARTICLE) == in_article  # the article spans its rows
    item = first_article.children[0].children[0]
    assert window.table.rowSpan(0, C_ITEM) == len(item.children)
    assert model.data(_cell(window, 0, C_SUB)) == item.children[0].display
    assert model.data(_cell(window, 0, C_DUTIES)) == item.children[0].duties
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert header[:7] == ["条", "款", "项", "责任单位", "小项", "责任单位", "具体工作内容"]


def test_every_cell_holds_its_text(qtbot, window: MainWindow) -> None:
    """The lines the cells paint fit the row heights: nothing is cut off."""
    view, model = window.table, window.table_pane.model
    spacing = QFontMetricsF(view.font()).lineSpacing()
    for row in range(model.rowCount()):
        for col in range(7):
            first, last = model.span_at(row, col)
            if first != row or model.node_at(row, col) is None:
                continue
            index = model.index(row, col)
            text = model.data(index) or ""
            painted = view.visualRect(index).width() - 2 * PAD_X  # what paint() is given
            assert view.text_width(col) == painted
            lines = view.lines(text, painted)
            height = sum(view.rowHeight(r) for r in range(first, last + 1))
            assert len(lines) * spacing + 2 * PAD_Y <= height, (row, col, text)
            assert "".join(lines) == text.replace("\n", "")  # every character drawn


def test_edit_a_cell_in_place_enter_moves_down(qtbot, window: MainWindow) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[0]
    duties = sub.duties
    _double_click(qtbot, window, _cell(window, 0, C_DUTIES))
    editor = _editor(window)
    assert editor.toPlainText() == duties
    editor.selectAll()
    type_text(editor, "水利局牵头，负责治理。")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)  # a line break
    type_text(editor, "环保局配合。")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _stored_sub(window, sub.id).duties == "水利局牵头，负责治理。\n环保局配合。"
    assert window.table.currentIndex() == _cell(window, 1, C_DUTIES)  # Enter moved down
    assert window.selected_node().id == sub.parent.children[1].id  # the tree follows
    # Ctrl+Z takes the edit back in both views.
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored_sub(window, sub.id).duties == duties
    assert window.table_pane.model.data(_cell(window, 0, C_DUTIES)) == duties
    qtbot.keyClick(window.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.table_pane.model.data(_cell(window, 0, C_DUTIES)).endswith("环保局配合。")


def test_typing_starts_editing_and_keeps_the_number(qtbot, window: MainWindow) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[1]
    number, text = sub.number, sub.text
    index = _cell(window, 1, C_SUB)
    window.table.setCurrentIndex(index)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    editor = _editor(window)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(editor, "（已调整）")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab saves and moves on to the right
    stored = _stored_sub(window, sub.id)
    assert stored.number == number  # the number stays exactly as written
    assert stored.text == text + "（已调整）"
    assert window.table.currentIndex() == _cell(window, 1, C_SUB_UNITS)
    assert QApplication.activeModalWidget() is None  # tabbing onto units opens nothing
    # A key typed on a cell starts editing it, as in a spreadsheet.
    window.table.setCurrentIndex(_cell(window, 2, C_DUTIES))
    qtbot.keyClicks(window.table, "x")
    editor = _editor(window)
    type_text(editor, "新的工作内容")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    third = sub.parent.children[2]
    assert _stored_sub(window, third.id).duties == "x新的工作内容"


def test_escape_leaves_the_cell_as_it_was(qtbot, window: MainWindow) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[0]
    text = sub.text
    _double_click(qtbot, window, _cell(window, 0, C_SUB))
    type_text(_editor(window), "不要的文字")
    qtbot.keyClick(_editor(window), Qt.Key.Key_Escape)
    assert _stored_sub(window, sub.id).text == text
    assert window.session.undo_stack.count() == 0


def test_a_units_cell_opens_the_unit_picker(qtbot, window: MainWindow, monkeypatch) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[0]
    count = len(sub.units)
    seen = []

    def answer(picker: UnitPicker) -> int:
        """The clerk's part, in the real picker, instead of its modal loop."""
        seen.append(picker.editor.table.rowCount())
        picker.editor.add_row()
        row = picker.editor.table.rowCount() - 1
        picker.editor.unit_combo(row).setEditText("县档案局")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnitPicker, "exec", answer)
    _double_click(qtbot, window, _cell(window, 0, C_SUB_UNITS))
    assert seen == [count]
    stored = _stored_sub(window, sub.id)
    assert [u.wording for u in stored.units][-1] == "县档案局"
    assert stored.units[-1].role in (Role.COOPERATE, Role.LEAD)
    assert "档案局" in window.table_pane.model.data(_cell(window, 0, C_SUB_UNITS))
    window.session.undo_stack.undo()  # one step
    assert len(_stored_sub(window, sub.id).units) == count


def test_renumber_after_a_drag_shows_in_both_views(qtbot, window: MainWindow) -> None:
    item = window.session.document.roots[0].children[0].children[0]
    a, b, c = (s.id for s in item.children)
    window.view_actions.follow_numbers_action.trigger()  # 编号随位置更新
    assert window.session.plan.auto_number
    window.tree.expandAll()
    model = window.session.model
    mime = model.mimeData([model.index_of(c)])
    send_drag(window, mime, window.proxy.mapFromSource(model.index_of(a)), "top",
              Qt.DropAction.MoveAction)  # fmt: skip
    assert [s.id for s in item.children] == [c, a, b]
    assert [s.number for s in item.children] == ["1、", "2、", "3、"]
    table = window.table_pane.model
    assert table.data(_cell(window, 0, C_SUB)).startswith("1、")
    assert table.node_at(0, C_SUB).id == c
    # One undo takes back the move and its numbers together.
    window.session.undo_stack.undo()
    assert [s.id for s in item.children] == [a, b, c]
    assert [s.number for s in item.children] == ["1、", "2、", "3、"]
    assert table.node_at(0, C_SUB).id == a


def test_renumber_once_is_one_step(qtbot, window: MainWindow) -> None:
    item = window.session.document.roots[0].children[0].children[0]
    window.session.move(item.children[2].id, item.id, 0)
    assert [s.number for s in item.children] == ["3、", "1、", "2、"]  # the document's numbers
    window.view_actions.renumber_action.trigger()
    assert [s.number for s in item.children] == ["1、", "2、", "3、"]
    assert window.table_pane.model.data(_cell(window, 0, C_SUB)).startswith("1、")
    window.session.undo_stack.undo()
    assert [s.number for s in item.children] == ["3、", "1、", "2、"]


def test_selection_is_one_for_both_views(qtbot, window: MainWindow) -> None:
    sub = window.session.document.roots[1].children[0].children[0].children[0]
    click_node(qtbot, window, sub.id)
    current = window.table.currentIndex()
    assert window.table_pane.model.node_at(current.row(), current.column()).id == sub.id
    article = window.session.document.roots[2]
    row = window.table_pane.model.row_of(article.id)
    index = _cell(window, row, C_ARTICLE)
    window.table.scrollTo(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.table.visualRect(index).center())  # fmt: skip
    assert window.selected_node().id == article.id
    assert window.editor.node_id == article.id


def test_filters_show_the_same_rows_and_clearing_restores_them(qtbot, window: MainWindow) -> None:
    heights = [window.table.rowHeight(r) for r in range(60)]
    window.search.setText("黑土")
    model = window.table_pane.model
    subs = [model.node_at(r, C_SUB) for r in range(model.rowCount())]
    roots = window.session.document.roots
    expected = [
        r.sub for r in table_rows(roots) if r.sub and window.proxy.matches(r.sub)
    ]  # fmt: skip
    assert subs and len(subs) < 60 and [s.id for s in subs] == [s.id for s in expected]
    window.search.clear()
    assert model.rowCount() == 60
    assert [window.table.rowHeight(r) for r in range(60)] == heights


def test_the_outline_view_hides_the_table(qtbot, window: MainWindow) -> None:
    window.view_actions.tree_view_action.trigger()
    assert not window.table.isVisible() and window.view_actions.tree_view_action.isChecked()
    window.view_actions.table_view_action.trigger()
    assert window.table.isVisible()


def test_an_edit_elsewhere_is_measured_again(qtbot, window: MainWindow) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[0]
    before = window.table.rowHeight(0)
    window.session.edit(sub.id, duties="短。")
    window.session.edit(sub.id, text="短。")
    assert window.table.rowHeight(0) < before
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert window.table.rowHeight(0) == before


def test_a_plan_without_sub_items_still_shows_its_rows(qtbot, qtmodeltester, window) -> None:
    plan = window.session.plans.create_plan("空白", auto_number=True)
    window.reload_plans(plan.id)
    window.add_node(Level.ARTICLE)
    model: PlanTableModel = window.table_pane.model
    assert model.rowCount() == 1 and model.node_at(0, C_ARTICLE).level == Level.ARTICLE
    assert model.node_at(0, C_ARTICLE).number == "一、"
    qtmodeltester.check(model, force_py=True)


def test_a_status_rolls_up_in_both_views(qtbot, window: MainWindow, period) -> None:
    from soildesk.progress import Progress, Status
    from ui.table_model import ROLLUP_ROLE
    from ui.tree_model import COL_PROGRESS

    item = window.session.document.roots[0].children[0].children[0]
    table = window.table_pane.model
    assert table.data(_cell(window, 0, C_ITEM), ROLLUP_ROLE) is None  # nothing reported yet
    click_node(qtbot, window, item.children[0].id)
    window.session.set_progress(item.children[0].id, Progress(Status.DONE, "已完成治理"))
    tree = window.session.model
    assert tree.data(tree.index_of(item.id, COL_PROGRESS)) == "完成 1/3"
    assert table.data(_cell(window, 0, C_ITEM), ROLLUP_ROLE).done == 1
    article = window.session.document.roots[0]
    assert tree.data(tree.index_of(article.id, COL_PROGRESS)).startswith("完成 1/")
    window.session.undo_stack.undo()
    assert tree.data(tree.index_of(item.id, COL_PROGRESS)) == "完成 0/3"


def test_delete_from_the_table_asks_and_undo_brings_it_back(
    qtbot, window: MainWindow, interaction
) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[0]
    window.table.setCurrentIndex(_cell(window, 0, C_SUB))
    window.table.setFocus()
    interaction.confirm_answer = True
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert window.session.document.node(sub.id) is None
    assert window.table_pane.model.rowCount() == 59
    window.session.undo_stack.undo()
    assert window.table_pane.model.rowCount() == 60
    assert window.table_pane.model.node_at(0, C_SUB).id == sub.id


def test_the_navigator_folds_away(qtbot, window: MainWindow) -> None:
    window.view_actions.navigator_action.trigger()
    assert window.splitter.sizes()[0] == 0 and window.table.isVisible()
    window.view_actions.navigator_action.trigger()
    assert window.splitter.sizes()[0] > 0


def test_the_pane_says_a_plan_is_open(qtbot, window: MainWindow) -> None:
    assert window.editor.placeholder.isVisible()
    assert "选择一行" in window.editor.placeholder.text()


def test_a_moved_row_stays_selected_in_the_table(qtbot, window: MainWindow) -> None:
    item = window.session.document.roots[0].children[0].children[0]
    third = item.children[2]
    click_node(qtbot, window, third.id)
    window.up_action.trigger()
    current = window.table.currentIndex()
    assert current.isValid() and window.table_pane.model.node_at(current.row(), C_SUB) is third
    assert current.row() == 1


def test_enter_on_a_cell_moves_down_and_chinese_typed_on_it_edits_it(
    qtbot, window: MainWindow
) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[1]
    window.table.setCurrentIndex(_cell(window, 0, C_DUTIES))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.table.currentIndex() == _cell(window, 1, C_DUTIES)
    type_text(window.table, "补充说明")  # an input method's text, straight on the cell
    editor = _editor(window)
    assert editor.toPlainText() == "补充说明"  # typing replaces the cell, as in Excel
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # and Escape gives it back
    assert _stored_sub(window, sub.id).duties == sub.duties


def test_a_row_hidden_by_a_filter_is_selected_again_after(qtbot, window: MainWindow) -> None:
    sub = window.session.document.roots[2].children[0].children[0].children[0]
    click_node(qtbot, window, sub.id)
    window.search.setText("没有这样的文字")
    assert window.editor.node_id is None
    window.search.clear()
    assert window.selected_node() is not None and window.selected_node().id == sub.id
    assert window.editor.node_id == sub.id


def test_the_table_is_measured_once_at_the_start(qtbot, qapp, db, demo, interaction, monkeypatch):
    """A table whose columns follow the window is not measured while the window is
    hidden, at widths that are thrown away when it shows: only at the widths shown."""
    from soildesk.text_metrics import Measure
    from ui.app import build_window
    from ui.background import InlineRunner

    measured: list[tuple[str, float]] = []
    real = Measure.count

    def count(self, text: str, width: float) -> int:
        measured.append((text, width))
        return real(self, text, width)

    monkeypatch.setattr(Measure, "count", count)
    win = build_window(db, interaction, InlineRunner())
    qtbot.addWidget(win)
    assert measured == []  # built, not shown: nothing measured yet
    win.show()
    qtbot.waitExposed(win)
    assert measured, "the shown table measured its rows"
    view = win.table
    shown = {view.text_width(c) for c in range(view.model().columnCount())}
    assert {width for _, width in measured} <= shown  # none at widths thrown away


def test_the_first_paint_waits_only_for_the_rows_on_screen(
    qtbot, qapp, db, demo, interaction, monkeypatch
):
    """At the start the rows in view are measured before the window paints; the rest
    right after, to the same heights a full measure gives."""
    from ui.app import build_window
    from ui.background import InlineRunner
    from ui.table_view import PlanTableView

    measured: set[int] = set()
    real = PlanTableView._own_height

    def own_height(self: PlanTableView, row: int) -> float:
        measured.add(row)
        return real(self, row)

    monkeypatch.setattr(PlanTableView, "_own_height", own_height)
    win = build_window(db, interaction, InlineRunner())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()  # lays the table out; the paint comes with the next events
    view = win.table
    n = view.model().rowCount()
    in_view = {r for r in range(n) if view.rowViewportPosition(r) < view.viewport().height()}
    assert view.measuring()
    assert in_view <= measured and len(measured) < n / 2
    qtbot.waitUntil(lambda: not view.measuring())
    assert measured == set(range(n))
    heights = [view.rowHeight(r) for r in range(n)]
    view._forget()
    view.lay_out()  # every row measured at once, at the same widths
    assert [view.rowHeight(r) for r in range(n)] == heights
