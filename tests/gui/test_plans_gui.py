"""Plans and periods as wholes, from the window: rename, a new year's plan, delete; a
period renamed and deleted; the period dialog's default."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from soildesk.backup import backups_dir
from soildesk.domain import Level
from soildesk.progress import Progress, Status
from ui.main_window import MainWindow
from ui.period_dialog import PeriodDialog


def _subs(nodes):
    for n in nodes:
        if n.level == Level.SUBITEM:
            yield n
        yield from _subs(n.children)


def test_rename_a_plan_and_undo(window: MainWindow, interaction, demo) -> None:
    interaction.text_answer = "梨树县2024年土壤污染防治任务"
    window.plan_actions.rename_action.trigger()
    assert window.plan_combo.currentText() == "梨树县2024年土壤污染防治任务"
    assert window.session.plans.find_plan("梨树县2024年土壤污染防治任务") is not None
    window.session.undo_stack.undo()
    assert window.plan_combo.currentText() == demo.name
    assert window.session.plans.find_plan(demo.name) is not None


def test_a_new_years_plan_has_the_structure_and_units_but_no_progress(
    window: MainWindow, interaction, demo, period
) -> None:
    first = next(_subs(window.session.document.roots))
    window.session.set_progress(first.id, Progress(Status.DONE, "已完成"))
    interaction.text_answer = "梨树县计划（2025年）"
    window.plan_actions.duplicate_action.trigger()
    session = window.session
    assert window.plan_combo.currentText() == "梨树县计划（2025年）"
    old, new = session.plans.load_tree(demo.id), session.document.roots
    old_subs, new_subs = list(_subs(old)), list(_subs(new))
    assert [
        (s.number, s.text, s.duties, [(u.unit_id, u.role) for u in s.units]) for s in new_subs
    ] == [(s.number, s.text, s.duties, [(u.unit_id, u.role) for u in s.units]) for s in old_subs]
    assert not {s.key for s in new_subs} & {s.key for s in old_subs}  # keys of their own
    assert session.progress.list_periods(session.plan_id or 0) == []
    assert session.plan is not None and session.plan.year == (demo.year or 0) + 1


def test_delete_a_plan_asks_with_cancel_first_and_backs_up(
    window: MainWindow, interaction, demo, db
) -> None:
    interaction.confirm_answer = False
    window.plan_actions.delete_action.trigger()
    assert interaction.dangers[-1] and window.session.plans.find_plan(demo.name) is not None
    interaction.confirm_answer = True
    window.plan_actions.delete_action.trigger()
    assert window.session.plans.list_plans() == []
    assert window.session.plan_id is None and not window.plan_actions.rename_action.isEnabled()
    assert list(backups_dir(db.path).glob("*删除计划前.zip"))


def test_rename_and_delete_a_period(qtbot, window: MainWindow, interaction, period, db) -> None:
    dialog = PeriodDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(0)
    interaction.text_answer = "2024年上半年（补报）"
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert (
        window.session.period is not None and window.session.period.name == "2024年上半年（补报）"
    )
    assert "2024年上半年（补报）" in dialog.list.item(0).text()
    interaction.confirm_answer = True
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert interaction.dangers[-1]
    assert window.session.progress.list_periods(window.session.plan_id or 0) == []
    assert window.session.period is None and dialog.list.count() == 0
    assert list(backups_dir(db.path).glob("*删除填报期前.zip"))


def test_the_period_dialog_offers_the_period_the_calendar_is_in(qtbot, window: MainWindow) -> None:
    window.session.today = lambda: date(2024, 10, 8)
    dialog = PeriodDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "2024年下半年"
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.name.text() == "2024年第四季度"  # never one that exists
