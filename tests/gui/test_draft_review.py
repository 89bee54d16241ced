"""Reviewing a draft made from the plan document: the tree beside the source, where each
node came from, the corrections by button, and plans made from the file menu."""

from __future__ import annotations

from PySide6.QtCore import Qt

from soildesk.domain import Level
from soildesk.drafting import draft_file
from soildesk.drafting.review import Review
from tests.conftest import SAMPLES
from ui.draft_dialog import LEFT_OUT, DraftReviewDialog
from ui.main_window import MainWindow


def dialog_for(qtbot, sample: str = "plan_shuozhou_2021.txt") -> DraftReviewDialog:
    drafts, lines = draft_file(SAMPLES / sample)
    dialog = DraftReviewDialog(Review.of(drafts[0]), lines, drafts[0].title)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pick(dialog: DraftReviewDialog, draft) -> None:
    dialog.select(draft)
    assert dialog.current() is draft


def test_clicking_a_node_shows_where_it_came_from(qtbot) -> None:
    dialog = dialog_for(qtbot)
    item = dialog.review.roots[1].children[3].children[3]  # 8., units on their own line
    pick(dialog, item)
    assert dialog.highlighted_lines() == (103, 107)
    clause = dialog.review.roots[1].children[3]
    pick(dialog, clause)
    first, last = dialog.highlighted_lines()
    assert first == 93 and last >= 109


def test_left_out_sections_show_as_such_and_can_be_taken_in(qtbot) -> None:
    dialog = dialog_for(qtbot)
    first_row = dialog.model.index(0, 0)
    assert dialog.model.data(first_row) == "一、" + LEFT_OUT + "工作目标"
    pick(dialog, dialog.review.roots[0])
    qtbot.mouseClick(dialog.exclude_button, Qt.MouseButton.LeftButton)
    assert LEFT_OUT not in dialog.model.data(dialog.model.index(0, 0))
    assert dialog.review.result()[0].text == "工作目标"


def test_merge_and_split_by_button(qtbot) -> None:
    dialog = dialog_for(qtbot)
    clause = dialog.review.roots[1].children[3]
    pick(dialog, clause.children[1])
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert len(clause.children) == 4
    assert dialog.current() is clause.children[0]  # the merged item stays selected
    qtbot.mouseClick(dialog.split_button, Qt.MouseButton.LeftButton)
    assert len(clause.children) == 5
    qtbot.mouseClick(dialog.demote_button, Qt.MouseButton.LeftButton)
    assert dialog.current().level == Level.SUBITEM


def test_inherited_units_are_shown_apart(qtbot) -> None:
    dialog = dialog_for(qtbot, "plan_jiangxian_2023.txt")
    pick(dialog, dialog.review.roots[1].children[0].children[1])  # item 2
    assert "继承的单位" in dialog.detail.text() and "各乡镇人民政府" in dialog.detail.text()


def test_file_menu_makes_one_plan_per_document(
    qtbot, window: MainWindow, interaction
) -> None:
    interaction.open_answer = SAMPLES / "plan_jiangxian_2023.txt"
    before = len(window.session.plans.list_plans())
    window.file_actions.draft_from_document()
    assert [p for _, _, p in interaction.drafts_reviewed] == [(1, 2), (2, 2)]
    names = [s.plan.name for s in window.session.plans.list_plans()]
    assert len(names) == before + 2
    assert "地下水污染防治2023年行动计划" in names
    assert window.plan_combo.currentText() == "地下水污染防治2023年行动计划"


def test_the_clerks_corrections_are_what_is_stored(qtbot, window: MainWindow, interaction) -> None:
    interaction.open_answer = SAMPLES / "plan_shuozhou_2021.txt"
    interaction.draft_edit = lambda review: review.toggle_excluded(review.roots[0])
    window.file_actions.draft_from_document()
    plan = window.session.plans.find_plan("朔州市土壤污染防治2021年行动计划")
    roots = window.session.plans.load_tree(plan.id)
    assert [r.text for r in roots] == ["工作目标", "工作任务", "保障措施"]
