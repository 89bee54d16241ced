"""Nothing changes that the clerk did not change: the wheel over the editor's inputs, the
Delete key from each place the focus can be, Ctrl+Z / Ctrl+Y from a text field."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QMessageBox,
    QTabBar,
    QWidget,
)

from soildesk.domain import Level
from tests.gui.conftest import click_node, type_at_end
from ui.interaction import DialogInteraction
from ui.main_window import MainWindow


def dump(window: MainWindow) -> list[str]:
    """Every row of the database, as SQL text, read through a second connection."""
    with sqlite3.connect(window.session.plans.db.path) as con:
        return list(con.iterdump())


def wheel(widget: QWidget, steps: int) -> None:
    """What the wheel sends to the widget under the pointer (120 = one notch)."""
    pos = QPointF(widget.rect().center())
    glob = QPointF(widget.mapToGlobal(widget.rect().center()))
    for _ in range(abs(steps)):
        event = QWheelEvent(
            pos, glob, QPoint(), QPoint(0, 120 if steps > 0 else -120),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def value(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QTabBar):
        return widget.currentIndex()
    raise AssertionError(widget)


def inputs(root: QWidget) -> list[QWidget]:
    found = root.findChildren(QComboBox) + root.findChildren(QAbstractSpinBox)
    found += root.findChildren(QTabBar)
    return [w for w in found if w.isVisible()]


def sub_with_units(window: MainWindow):
    item = window.session.document.roots[0].children[0].children[0]
    return next(s for s in item.children if len(s.units) >= 2)


def make_photo(tmp_path: Path) -> Path:
    photo = QImage(32, 24, QImage.Format.Format_RGB32)
    photo.fill(QColor("#6b8e23"))
    path = tmp_path / "现场照片.png"
    photo.save(str(path))
    return path


def test_wheel_over_every_input_of_the_editor_changes_nothing(
    qtbot, window: MainWindow, period, tmp_path: Path
) -> None:
    window.resize(1366, 600)  # the pane scrolls
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    window.session.add_evidence(sub.id, [make_photo(tmp_path)])
    window.tree.setFocus()
    before = dump(window)
    checked = 0
    for tab in (0, 1):
        window.editor.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        widgets = inputs(window.editor)
        assert len(widgets) >= 3  # unit and role boxes and the tab bar; status and dates
        for widget in widgets:
            shown = value(widget)
            wheel(widget, 3)
            wheel(widget, -5)
            assert value(widget) == shown, widget
            checked += 1
    assert checked >= 8
    assert dump(window) == before
    assert window.selected_node().id == sub.id  # nor did the selection move


def test_wheel_over_an_unfocused_box_scrolls_the_pane(qtbot, window: MainWindow, period) -> None:
    window.resize(1366, 520)
    click_node(qtbot, window, sub_with_units(window).id)
    window.editor.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    scroll = window.editor.progress.parentWidget().parentWidget()  # its section's QScrollArea
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0, "the test needs a section that scrolls"
    bar.setValue(0)
    status = window.editor.progress.status
    wheel(status, -2)
    assert bar.value() > 0
    assert status.currentIndex() == 0


def test_a_focused_box_in_the_pane_still_scrolls_the_pane(
    qtbot, window: MainWindow, period
) -> None:
    """After picking a value the box keeps the focus: the next scroll must not change it."""
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    window.editor.tabs.setCurrentIndex(1)
    status = window.editor.progress.status
    status.setFocus()
    qtbot.waitUntil(status.hasFocus)
    wheel(status, -1)
    assert status.currentIndex() == 0
    assert window.session.progress.get(sub.id, period.id) is None
    role = window.editor.units.role_combo(1)
    window.editor.tabs.setCurrentIndex(0)
    role.setFocus()
    qtbot.waitUntil(role.hasFocus)
    shown = role.currentIndex()
    wheel(role, -1)
    assert role.currentIndex() == shown


def test_a_toolbar_box_the_clerk_focused_takes_the_wheel(qtbot, window: MainWindow) -> None:
    window.session.plans.create_plan("另一个计划")
    window.reload_plans(window.session.plan_id)
    combo = window.plan_combo
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    before = combo.currentIndex()
    wheel(combo, -1)
    assert combo.currentIndex() != before


def test_the_wheel_never_gives_focus_to_a_box(window: MainWindow) -> None:
    for widget in inputs(window):
        assert widget.focusPolicy() != Qt.FocusPolicy.WheelFocus, widget


def test_toolbar_selectors_ignore_the_wheel(qtbot, window: MainWindow, period) -> None:
    window.session.plans.create_plan("另一个计划")
    window.reload_plans(window.session.plan_id)
    window.progress_actions.reload_periods()
    window.tree.setFocus()
    for combo in (window.plan_combo, window.unit_filter, window.progress_actions.status_filter):
        shown = value(combo)
        wheel(combo, -2)
        assert value(combo) == shown


# -- the Delete key -------------------------------------------------------------
def node_count(window: MainWindow) -> int:
    return sum(window.session.document.counts().values())


def test_delete_in_the_tree_asks_with_cancel_as_default(
    qtbot, window: MainWindow, interaction
) -> None:
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    total = node_count(window)
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    assert interaction.dangers == [True]
    assert "删除小项" in interaction.messages[-1][2]
    assert node_count(window) == total - 1


def test_delete_on_an_evidence_file_removes_only_the_file(
    qtbot, window: MainWindow, period, interaction, tmp_path: Path
) -> None:
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    window.session.add_evidence(sub.id, [make_photo(tmp_path)])
    window.editor.tabs.setCurrentIndex(1)
    files = window.editor.evidence.list
    files.setCurrentRow(0)
    files.setFocus()
    qtbot.waitUntil(files.hasFocus)
    total = node_count(window)
    qtbot.keyClick(files, Qt.Key.Key_Delete)
    assert interaction.dangers == [True]
    assert "现场照片.png" in interaction.messages[-1][2]
    assert "小项" not in interaction.messages[-1][1]
    assert window.session.evidence.list_for_node(sub.id) == []
    assert node_count(window) == total
    window.undo_action.trigger()
    assert len(window.session.evidence.list_for_node(sub.id)) == 1


def test_declining_the_evidence_question_keeps_the_file(
    qtbot, window: MainWindow, period, interaction, tmp_path: Path
) -> None:
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    window.session.add_evidence(sub.id, [make_photo(tmp_path)])
    interaction.confirm_answer = False
    window.editor.tabs.setCurrentIndex(1)
    window.editor.evidence.list.setCurrentRow(0)
    window.editor.evidence.remove_button.click()
    assert len(window.session.evidence.list_for_node(sub.id)) == 1


def test_delete_on_a_unit_row_removes_that_unit(qtbot, window: MainWindow, interaction) -> None:
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    table = window.editor.units.table
    names = [u.wording for u in sub.units]
    role_box = window.editor.units.role_combo(1)
    role_box.setFocus()
    qtbot.waitUntil(role_box.hasFocus)
    total = node_count(window)
    qtbot.keyClick(role_box, Qt.Key.Key_Delete)
    assert interaction.dangers == []  # no question about deleting the 小项
    assert node_count(window) == total
    assert [u.wording for u in window.session.document.node(sub.id).units] == names[:1] + names[2:]
    assert table.rowCount() == len(names) - 1


def test_delete_in_a_text_field_deletes_a_character(qtbot, window: MainWindow, interaction) -> None:
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    text = window.editor.text
    text.setFocus()
    qtbot.waitUntil(text.hasFocus)
    cursor = text.textCursor()
    cursor.setPosition(0)
    text.setTextCursor(cursor)
    total = node_count(window)
    qtbot.keyClick(text, Qt.Key.Key_Delete)
    assert interaction.dangers == []
    assert node_count(window) == total
    assert text.toPlainText() == sub.text[1:]


def test_real_delete_question_answers_cancel_on_enter(qtbot, qapp) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialogs = DialogInteraction(parent)
    seen: list[str] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.defaultButton().text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    assert dialogs.confirm("确认删除", "删除小项“…”？", "删除", danger=True) is False
    assert seen and "删除" not in seen[0]


# -- Ctrl+Z and Ctrl+Y from a text field ----------------------------------------
def test_ctrl_z_after_adding_a_row_undoes_the_add(qtbot, window: MainWindow) -> None:
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    total = node_count(window)
    window.add_actions[Level.SUBITEM].trigger()
    assert node_count(window) == total + 1
    text = window.editor.text
    qtbot.waitUntil(text.hasFocus)
    qtbot.keyClick(text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert node_count(window) == total
    window.tree.setFocus()
    click_node(qtbot, window, sub.id)
    window.editor.text.setFocus()
    qtbot.waitUntil(window.editor.text.hasFocus)
    qtbot.keyClick(window.editor.text, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert node_count(window) == total + 1


def test_ctrl_z_undoes_the_fields_own_typing_first(qtbot, window: MainWindow) -> None:
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    text = window.editor.text
    type_at_end(qtbot, text, "补充")
    assert text.toPlainText() == sub.text + "补充"
    depth = window.session.undo_stack.count()
    qtbot.keyClick(text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert text.toPlainText() == sub.text
    assert window.session.undo_stack.count() == depth  # the program's stack was not touched
    assert window.session.document.node(sub.id) is not None


def test_an_undo_shows_the_row_it_changed(qtbot, window: MainWindow) -> None:
    item = window.session.document.roots[0].children[0].children[0]
    first, second = item.children[0], item.children[1]
    original = second.text
    click_node(qtbot, window, second.id)
    window.editor.text.setPlainText(original + "补")
    window.editor.flush()
    click_node(qtbot, window, first.id)
    window.editor.units.table.setFocus()
    qtbot.keyClick(window.editor.units.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.plans.load_subtree(second.id).text == original
    assert window.selected_node().id == second.id  # the clerk sees what was undone
    assert window.statusBar().currentMessage().startswith("已撤销：")


def test_the_pane_fits_a_laptop_at_150_percent(window: MainWindow) -> None:
    """1920×1080 at 150 % is 1280×693 logical pixels: the editor pane needs no sideways
    scrolling on either tab (its widest tab sets its width)."""
    window.resize(1280, 693)
    widest = max(window.editor.tabs.widget(i).minimumSizeHint().width() for i in (0, 1))
    assert widest <= 1280 * 0.36  # the pane's share of the window by the splitter


def test_ctrl_z_in_a_field_after_its_text_was_saved_undoes_the_last_step(
    qtbot, window: MainWindow
) -> None:
    """Typed, saved by leaving the field, then a units edit: Ctrl+Z back in the field
    must undo the units edit (the last step), not the saved sentence out of turn."""
    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    text = window.editor.text
    type_at_end(qtbot, text, "（修订）")
    window.tree.setFocus()  # saved
    units_before = [u.wording for u in window.session.document.node(sub.id).units]
    window.editor.units.table.selectRow(0)
    window.editor.units.remove_selected()
    text.setFocus()
    qtbot.waitUntil(text.hasFocus)
    qtbot.keyClick(text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    stored = window.session.plans.load_subtree(sub.id)
    assert [u.wording for u in stored.units] == units_before  # the removal was undone
    assert stored.text.endswith("（修订）") and text.toPlainText().endswith("（修订）")
    window.tree.setFocus()
    assert window.session.plans.load_subtree(sub.id).text.endswith("（修订）")


def test_wheel_over_the_table_and_the_history_changes_nothing(
    qtbot, window: MainWindow, period
) -> None:
    from ui.history_dialog import HistoryDialog

    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    window.session.edit(sub.id, remark="备注")  # something in the history
    before = dump(window)
    shown = window.table.currentIndex()
    wheel(window.table.viewport(), -3)  # scrolls the table, nothing else
    assert window.table.verticalScrollBar().value() > 0
    assert window.table.currentIndex() == shown
    window.editor.tabs.setCurrentIndex(2)  # 修改记录
    for widget in inputs(window.editor):
        old = value(widget)
        wheel(widget, 3)
        assert value(widget) == old, widget
    dialog = HistoryDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    boxes = inputs(dialog)
    assert len(boxes) >= 4  # two dates, the unit and the kind
    for widget in boxes:
        old = value(widget)
        wheel(widget, 3)
        wheel(widget, -2)
        assert value(widget) == old, widget
    assert dump(window) == before


def test_the_wheel_over_the_new_dialogs_changes_nothing(qtbot, window: MainWindow, db) -> None:
    from soildesk.backup import backups_dir, load_settings
    from ui.backup_settings_dialog import BackupSettingsDialog
    from ui.period_dialog import PeriodDialog

    settings = BackupSettingsDialog(load_settings(db), backups_dir(db.path), window)
    qtbot.addWidget(settings)
    settings.show()
    kept = settings.keep.value()
    wheel(settings.keep, 3)
    assert settings.keep.value() == kept
    periods = PeriodDialog(window.session, window)
    qtbot.addWidget(periods)
    periods.show()
    year, kind = periods.year.value(), periods.kind.currentIndex()
    wheel(periods.year, -2)
    wheel(periods.kind, 2)
    assert (periods.year.value(), periods.kind.currentIndex()) == (year, kind)
    window.open_find_replace()
    dialog = window.find_dialog
    assert dialog is not None
    boxes = [box.isChecked() for box in dialog.fields.values()]
    for box in dialog.fields.values():
        wheel(box, 2)
    assert [box.isChecked() for box in dialog.fields.values()] == boxes


def test_boxes_made_before_the_guard_never_take_focus_from_the_wheel(qtbot, qapp) -> None:
    """The first window is built before the guard is installed (the start is faster)."""
    from PySide6.QtWidgets import QComboBox, QSpinBox

    from ui.input_guard import InputGuard, install_input_guard

    old = qapp.findChild(InputGuard)
    if old is not None:
        qapp.removeEventFilter(old)
        old.setParent(None)
    combo, spin = QComboBox(), QSpinBox()
    qtbot.addWidget(combo)
    qtbot.addWidget(spin)
    combo.ensurePolished()
    spin.ensurePolished()
    assert Qt.FocusPolicy.WheelFocus in (combo.focusPolicy(), spin.focusPolicy())
    guard = install_input_guard(qapp)
    assert qapp.findChild(InputGuard) is guard
    assert combo.focusPolicy() == spin.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_a_click_in_a_date_field_changes_nothing(qtbot, window: MainWindow, period) -> None:
    """Qt took a click on the text of a calendar date field for its down button: every
    click put 完成日期 back a year, and it was saved."""
    from datetime import date

    from soildesk.progress import Progress, Status

    sub = sub_with_units(window)
    click_node(qtbot, window, sub.id)
    window.session.set_progress(sub.id, Progress(Status.DONE, "已完成", date(2026, 5, 20)))
    bar = window.editor.tabs.tabBar()
    tab = next(i for i in range(bar.count()) if bar.tabText(i) == "进展与佐证")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
    panel = window.editor.progress
    fields = [panel.done_on, panel.deadline_edit]
    assert panel.done_on.isEnabled() and panel.done_on.date().year() == 2026
    shown = [f.date() for f in fields]
    before = dump(window)
    for field in fields:
        field.setEnabled(True)  # the deadline's field is greyed until asked for
        height = field.height()
        for x in (4, field.width() // 3, field.width() // 2, field.width() - 40):
            for y in (3, height // 2, height - 3):
                qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert [f.date() for f in fields] == shown
    assert dump(window) == before
    assert window.session.progress.get(sub.id, period.id).completed_on == date(2026, 5, 20)
