"""The main window driven as a clerk drives it: clicks, typing, drag and drop, keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from soildesk.domain import Level, Role
from tests.gui.conftest import click_node, send_drag, type_text
from ui.main_window import MainWindow


def stored_tree(win: MainWindow):
    return win.session.plans.load_tree(win.session.plan_id)


def first_item(win: MainWindow):
    return win.session.document.roots[0].children[0].children[0]


def click_action(qtbot, win: MainWindow, action) -> None:
    toolbar = win.findChild(type(win.addToolBar("x")), "mainToolbar")
    button = toolbar.widgetForAction(action)
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def test_window_shows_demo_plan_and_counts(window: MainWindow) -> None:
    assert window.plan_combo.currentText() == "梨树县土壤污染防治行动计划（演示）"
    assert window.counts_label.text().split() == ["条", "6", "款", "18", "项", "20", "小项", "60"]
    assert window.proxy.rowCount() == 6


def test_add_subitem_edit_text_and_units_then_undo_redo(qtbot, window: MainWindow) -> None:
    item = first_item(window)
    click_node(qtbot, window, item.children[0].id)
    click_action(qtbot, window, window.add_actions[Level.SUBITEM])
    new = window.selected_node()
    assert new.level == Level.SUBITEM and new.number == "2、" and new.parent is item
    assert window.editor.text.hasFocus()
    type_text(window.editor.text, "开展受污染耕地安全利用培训")  # replaces the selected text
    qtbot.mouseClick(window.editor.number, Qt.MouseButton.LeftButton)  # focus leaves: saved
    subs = stored_tree(window)[0].children[0].children[0].children
    assert [s.text for s in subs][1] == "开展受污染耕地安全利用培训"
    assert window.counts_label.text().endswith("小项 61 ")

    units = window.editor.units
    qtbot.mouseClick(units.add_button, Qt.MouseButton.LeftButton)
    line = units.unit_combo(0).lineEdit()
    type_text(line, "公安局")
    press(qtbot, line, Qt.Key.Key_Return)
    qtbot.mouseClick(units.add_button, Qt.MouseButton.LeftButton)
    line = units.unit_combo(1).lineEdit()
    type_text(line, "县交通局")
    press(qtbot, line, Qt.Key.Key_Return)
    stored = stored_tree(window)[0].children[0].children[0].children[1]
    assert [(u.wording, u.role) for u in stored.units] == [
        ("公安局", Role.LEAD),
        ("县交通局", Role.COOPERATE),
    ]
    unit_names = {u.id: u.name for u in window.session.units.list_units()}
    assert unit_names[stored.units[0].unit_id] == "县公安局"  # resolved by alias, wording kept

    window.tree.setFocus()
    press(
        qtbot, window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )  # units back to one
    assert len(stored_tree(window)[0].children[0].children[0].children[1].units) == 1
    for _ in range(2):
        press(qtbot, window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_tree(window)[0].children[0].children[0].children[1].text.startswith("新小项")
    press(qtbot, window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the add itself
    assert len(stored_tree(window)[0].children[0].children[0].children) == 3
    assert window.counts_label.text().endswith("小项 60 ")
    for _ in range(4):
        press(qtbot, window.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    redone = stored_tree(window)[0].children[0].children[0].children[1]
    assert redone.id == new.id and redone.text == "开展受污染耕地安全利用培训"
    assert [u.wording for u in redone.units] == ["公安局", "县交通局"]
    assert window.session.document.node(new.id).units == redone.units


def test_empty_text_is_refused(qtbot, window: MainWindow, interaction) -> None:
    sub = first_item(window).children[0]
    click_node(qtbot, window, sub.id)
    window.editor.text.setFocus()
    window.editor.text.selectAll()
    press(qtbot, window.editor.text, Qt.Key.Key_Delete)
    qtbot.mouseClick(window.editor.number, Qt.MouseButton.LeftButton)
    assert any("不能为空" in e for e in interaction.errors())
    assert stored_tree(window)[0].children[0].children[0].children[0].text == sub.text
    assert window.editor.text.toPlainText() == sub.text
    assert not window.session.undo_stack.canUndo()


def test_closing_saves_the_last_edit_without_asking(qtbot, window: MainWindow, interaction) -> None:
    sub = first_item(window).children[2]
    click_node(qtbot, window, sub.id)
    window.editor.duties.setFocus()
    press(qtbot, window.editor.duties, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(window.editor.duties, "（补充）林业局负责造林。")
    window.close()
    assert (
        stored_tree(window)[0]
        .children[0]
        .children[0]
        .children[2]
        .duties.endswith("（补充）林业局负责造林。")
    )
    assert interaction.messages == []


def _drop(window: MainWindow, dragged_id: int, target_id: int, where: str) -> None:
    model = window.session.model
    mime = model.mimeData([model.index_of(dragged_id)])
    target = window.proxy.mapFromSource(model.index_of(target_id))
    send_drag(window, mime, target, where, Qt.DropAction.MoveAction)


def test_reorder_by_drag_and_drop_and_undo(qtbot, window: MainWindow) -> None:
    item = first_item(window)
    a, b, c = (s.id for s in item.children)
    window.tree.expandAll()
    _drop(window, c, a, "top")  # sub-item 3 dropped above sub-item 1
    assert [s.id for s in stored_tree(window)[0].children[0].children[0].children] == [c, a, b]
    assert [s.id for s in item.children] == [c, a, b]
    _drop(window, c, b, "bottom")  # and below the last one
    assert [s.id for s in stored_tree(window)[0].children[0].children[0].children] == [a, b, c]
    article = window.session.document.roots[2]
    _drop(window, a, article.id, "middle")  # a sub-item onto an article: refused
    assert [s.id for s in stored_tree(window)[0].children[0].children[0].children] == [a, b, c]
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert [s.id for s in stored_tree(window)[0].children[0].children[0].children] == [a, b, c]
    window.session.undo_stack.undo()
    assert [s.id for s in stored_tree(window)[0].children[0].children[0].children] == [a, b, c]


def _visible_nodes(window: MainWindow):
    out, stack = [], [window.proxy.index(r, 0) for r in range(window.proxy.rowCount())]
    while stack:
        index = stack.pop()
        out.append(window.session.model.node_from_index(window.proxy.mapToSource(index)))
        stack.extend(window.proxy.index(r, 0, index) for r in range(window.proxy.rowCount(index)))
    return out


def test_unit_filter_shows_only_that_units_work(qtbot, window: MainWindow) -> None:
    combo = window.unit_filter
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith("县公安局"))
    combo.setCurrentIndex(index)
    unit_id = combo.itemData(index)
    visible = _visible_nodes(window)
    tasks = [n for n in visible if n.level >= Level.ITEM]
    assert tasks and all(
        any(u.unit_id == unit_id for u in n.units) for n in tasks if n.level == Level.SUBITEM
    )
    stored = [
        s for a in stored_tree(window) for c in a.children for i in c.children for s in i.children
    ]
    expected = [s.id for s in stored if any(u.unit_id == unit_id for u in s.units)]
    assert sorted(n.id for n in tasks if n.level == Level.SUBITEM) == sorted(expected)
    assert len(expected) == 7  # 四（三）1–7
    assert {n.level for n in visible} == set(Level)  # parents stay visible for context
    combo.setCurrentIndex(0)
    assert len(_visible_nodes(window)) == 104


def test_search_box_filters_by_text(qtbot, window: MainWindow) -> None:
    type_text(window.search, "盐碱地")
    visible = _visible_nodes(window)
    assert all(
        "盐碱地" in n.text + n.duties
        or any("盐碱地" in c.text for c in n.children)
        or n.level < Level.ITEM
        for n in visible
    )
    assert 3 <= len([n for n in visible if n.level == Level.SUBITEM]) < 10
    window.search.clear()
    assert len(_visible_nodes(window)) == 104


def test_delete_asks_and_is_undoable(qtbot, window: MainWindow, interaction) -> None:
    clause = window.session.document.roots[0].children[1]
    click_node(qtbot, window, clause.id)
    interaction.confirm_answer = False
    press(qtbot, window.tree, Qt.Key.Key_Delete)
    assert len(stored_tree(window)[0].children) == 2
    interaction.confirm_answer = True
    press(qtbot, window.tree, Qt.Key.Key_Delete)
    assert "及其下的 5 个条目" in interaction.messages[-1][2]
    assert len(stored_tree(window)[0].children) == 1
    assert window.counts_label.text().endswith("小项 56 ")
    window.session.undo_stack.undo()
    assert [c.id for c in stored_tree(window)[0].children] == [
        window.session.document.roots[0].children[0].id,
        clause.id,
    ]


def test_move_up_and_down_actions(qtbot, window: MainWindow) -> None:
    roots = window.session.document.roots
    first, second = roots[0].id, roots[1].id
    click_node(qtbot, window, second)
    assert window.up_action.isEnabled() and window.down_action.isEnabled()
    press(qtbot, window.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [a.id for a in stored_tree(window)][:2] == [second, first]
    assert window.selected_node().id == second
    assert not window.up_action.isEnabled()


def test_merge_two_units_in_the_registry_and_undo(qtbot, window: MainWindow, interaction) -> None:
    from ui.unit_dialog import COL_NAME, UnitDialog

    dialog = UnitDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(dialog.search, "经")
    names = [dialog.proxy.index(r, COL_NAME).data() for r in range(dialog.proxy.rowCount())]
    assert "县经济局" in names and "县经及局" in names
    view = dialog.view
    for name, mod in (
        ("县经济局", Qt.KeyboardModifier.NoModifier),
        ("县经及局", Qt.KeyboardModifier.ControlModifier),
    ):
        index = dialog.proxy.index(names.index(name), COL_NAME)
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, mod, view.visualRect(index).center()
        )
    assert dialog.merge_button.isEnabled()
    econ_before = next(u for u in window.session.units.list_units() if u.name == "县经济局")
    interaction.choice = "保留“县经济局”"
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    after = {u.name: u for u in window.session.units.list_units()}
    assert "县经及局" not in after and "县经及局" in after["县经济局"].aliases
    assert after["县经济局"].cooperate_count == econ_before.cooperate_count + 1
    node = window.session.document.roots[2].children[1].children[0]
    assert any(
        u.wording == "县经及局" and u.unit_id == econ_before.id for u in node.units
    )  # wording kept
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert "县经及局" in {u.name for u in window.session.units.list_units()}
    assert all(
        u.unit_id != econ_before.id
        for u in window.session.document.roots[2].children[1].children[0].units
        if u.wording == "县经及局"
    )


def test_rename_unit_by_editing_its_name(qtbot, window: MainWindow) -> None:
    from ui.unit_dialog import COL_NAME, UnitDialog

    dialog = UnitDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.search, "县环保局")
    index = dialog.proxy.index(0, COL_NAME)
    dialog.view.edit(index)
    editor = dialog.view.focusWidget()
    editor.selectAll()
    type_text(editor, "县生态环境局")
    press(qtbot, editor, Qt.Key.Key_Return)
    names = {u.name: u for u in window.session.units.list_units()}
    assert "县生态环境局" in names and "县环保局" in names["县生态环境局"].aliases
    window.session.undo_stack.undo()
    assert "县环保局" in {u.name for u in window.session.units.list_units()}


def test_an_empty_database_opens_on_the_welcome_page(qtbot, qapp, tmp_path, interaction) -> None:
    from soildesk.db.database import open_database
    from ui.app import build_window

    db = open_database(tmp_path / "empty.db")
    try:
        win = build_window(db, interaction)
        qtbot.addWidget(win)
        win.show()
        assert win.pages.currentWidget() is win.welcome
        assert win.session.plan_id is None and not win.add_actions[Level.ARTICLE].isEnabled()
        interaction.open_answer = None  # the clerk closes the file dialog
        qtbot.mouseClick(win.welcome.buttons["import"], Qt.MouseButton.LeftButton)
        assert interaction.messages[-1][0] == "open_file"
        assert win.pages.currentWidget() is win.welcome
        qtbot.mouseClick(win.welcome.buttons["demo"], Qt.MouseButton.LeftButton)
        assert win.pages.currentWidget() is win.splitter
        assert win.session.document.counts()[Level.SUBITEM] == 60
        assert win.plan_combo.currentText() == "梨树县土壤污染防治行动计划（演示）"
        interaction.confirm_answer = True
        win.plan_actions.delete_action.trigger()  # the last plan gone: the page again
        assert win.pages.currentWidget() is win.welcome
        interaction.text_answer = "新计划"
        qtbot.mouseClick(win.welcome.buttons["new"], Qt.MouseButton.LeftButton)
        assert win.plan_combo.currentText() == "新计划"
    finally:
        db.close()


def test_undo_under_an_active_filter_shows_the_restored_row(
    qtbot, window: MainWindow, interaction
) -> None:
    combo = window.unit_filter
    combo.setCurrentIndex(
        next(i for i in range(combo.count()) if combo.itemText(i).startswith("县公安局"))
    )
    before = {n.id for n in _visible_nodes(window)}
    police_sub = next(n for n in _visible_nodes(window) if n.level == Level.SUBITEM)
    click_node(qtbot, window, police_sub.id)
    press(qtbot, window.tree, Qt.Key.Key_Delete)
    assert police_sub.id not in {n.id for n in _visible_nodes(window)}
    press(qtbot, window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {n.id for n in _visible_nodes(window)} == before


def test_an_unforeseen_error_in_the_window_is_logged_and_told_as_a_bug(qapp, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from soildesk.bugs import log_path
    from ui.app import report_bug

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, title, text: told.append((title, text))
    )
    try:
        raise ValueError("a slot nobody guarded")
    except ValueError as exc:
        report_bug(ValueError, exc, exc.__traceback__)
    [(title, text)] = told
    assert title == "程序出错" and str(log_path()) in text and "备份恢复" not in text
    assert "ValueError: a slot nobody guarded" in log_path().read_text(encoding="utf-8")


def test_keys_for_help_expand_and_collapse(qtbot, window) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QTextBrowser

    window.view_actions.show("tree")
    window.tree.setFocus()
    qtbot.keyClick(
        window.tree,
        Qt.Key.Key_Down,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    last = window.session.document.roots[-1].children[0]
    index = window.proxy.mapFromSource(window.session.model.index_of(last.id))
    assert window.tree.isExpanded(index)
    qtbot.keyClick(
        window.tree,
        Qt.Key.Key_Up,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not window.tree.isExpanded(index)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    browser = window.help_dialog.findChild(QTextBrowser)
    text = browser.toPlainText()
    assert "使用说明" in text and "备份与恢复" in text
    # its pictures are found: each <img> resolves to an image, not a broken box
    for name in ("welcome.png", "table.png", "progress.png"):
        image = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert image is not None and not image.isNull(), name
    window.help_dialog.close()


def test_without_a_plan_the_progress_buttons_are_greyed(qtbot, qapp, tmp_path, interaction) -> None:
    from soildesk.db.database import open_database
    from ui.app import build_window

    db = open_database(tmp_path / "empty.db")
    try:
        win = build_window(db, interaction)
        qtbot.addWidget(win)
        actions = win.progress_actions
        assert not actions.periods_action.isEnabled() and not actions.overview_action.isEnabled()
        assert not actions.confirm_action.isEnabled() and not actions.period_combo.isEnabled()
        win.load_demo()
        assert actions.periods_action.isEnabled() and actions.overview_action.isEnabled()
    finally:
        db.close()


def test_an_edit_that_fails_unforeseen_is_dropped_logged_and_told(window, interaction) -> None:
    from soildesk.bugs import log_path

    def broken():
        raise AttributeError("an edit nobody guarded")

    before = window.session.undo_stack.count()
    window.session.push(broken)
    assert window.session.undo_stack.count() == before  # no half step left on the stack
    assert "程序出错" in interaction.errors()[-1] and str(log_path()) in interaction.errors()[-1]
    assert "AttributeError: an edit nobody guarded" in log_path().read_text(encoding="utf-8")
