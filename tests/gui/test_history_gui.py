"""修改记录 in the row's pane: what changed, who, when; it follows undo and the selection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import click_node
from ui.main_window import MainWindow


def test_the_pane_lists_the_rows_changes(qtbot, window: MainWindow) -> None:
    sub = window.session.document.roots[0].children[0].children[0].children[0]
    other = sub.parent.children[1]
    click_node(qtbot, window, sub.id)
    window.session.edit(sub.id, duties="水利局牵头。")
    tabs = window.editor.tabs
    bar = tabs.tabBar()
    tab = next(i for i in range(tabs.count()) if tabs.tabText(i) == "修改记录")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
    panel = window.editor.history  # built when its tab was first opened
    assert panel.isVisible()
    assert panel.list.topLevelItemCount() == 1
    item = panel.list.topLevelItem(0)
    assert item.text(2) == "修改具体工作内容" and item.text(3).endswith("→ 水利局牵头。")
    window.resize(1366, 740)
    QApplication.processEvents()
    # 修改内容, what the pane is read for, keeps a third of the pane however long 操作 is
    assert panel.list.header().sectionSize(3) > panel.list.viewport().width() / 3
    assert item.text(1)  # the OS user
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.list.topLevelItemCount() == 2
    assert panel.list.topLevelItem(0).text(2) == "撤销：修改具体工作内容"
    click_node(qtbot, window, other.id)  # the tab stays, the list is the new row's
    assert tabs.currentIndex() == tab and panel.list.topLevelItemCount() == 0
    assert panel.empty.isVisible()


def test_the_plan_history_filters_and_exports(
    qtbot, window: MainWindow, interaction, tmp_path
) -> None:
    import openpyxl
    from PySide6.QtWidgets import QApplication

    from ui.history_dialog import HistoryDialog

    sub = window.session.document.roots[0].children[0].children[0].children[0]
    window.session.edit(sub.id, duties="水利局牵头。")
    window.session.move_by(sub.id, 1)
    window.history_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, HistoryDialog))
    qtbot.addWidget(dialog)
    assert not dialog.isModal()
    assert dialog.list.topLevelItemCount() == 2
    assert dialog.list.topLevelItem(0).text(2) == "移动"
    dialog.kind.setCurrentText("修改")
    assert dialog.list.topLevelItemCount() == 1
    assert dialog.list.topLevelItem(0).text(3).startswith("小项 1、")
    interaction.save_answer = tmp_path / "记录.xlsx"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(interaction.save_answer).active
    assert sheet.cell(3, 3).value == "修改具体工作内容" and sheet.max_row == 3


def test_file_menu_backup_and_the_automatic_one(
    qtbot, window: MainWindow, interaction, tmp_path
) -> None:
    import zipfile

    from soildesk.backup import backups_dir

    interaction.save_answer = tmp_path / "备份.zip"
    window.backup_actions.backup_action.trigger()
    assert "database.sqlite" in zipfile.ZipFile(interaction.save_answer).namelist()
    assert any("备份完成" in m for m in interaction.messages)
    window.backup_actions.start_auto_backup()
    assert len(list(backups_dir(window.session.plans.db.path).glob("*.zip"))) == 1
    assert "已自动备份" in window.statusBar().currentMessage()


def test_the_clerks_tab_comes_back_on_the_next_subitem(qtbot, window: MainWindow) -> None:
    """进展与佐证 chosen on a 小项; a 项 (which has no such tab) shows 内容与分工, not
    修改记录; the next 小项 is on 进展与佐证 again. 修改记录 applies to every row."""
    item = window.session.document.roots[0].children[0].children[0]
    first, second = item.children[0], item.children[1]
    tabs = window.editor.tabs
    bar = tabs.tabBar()

    def choose(label: str) -> int:
        tab = next(i for i in range(tabs.count()) if tabs.tabText(i) == label)
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
        assert tabs.currentIndex() == tab
        return tab

    click_node(qtbot, window, first.id)
    tracking = choose("进展与佐证")
    click_node(qtbot, window, item.id)
    assert tabs.tabText(tabs.currentIndex()) == "内容与分工"
    click_node(qtbot, window, second.id)
    assert tabs.currentIndex() == tracking
    history = choose("修改记录")
    click_node(qtbot, window, item.id)
    assert tabs.currentIndex() == history
