"""文件 › 用新版任务分解表更新… in the window: the review, the update as one undo step,
the outline and table showing the new tree (and the old one after undo)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from soildesk.domain import subitems
from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.importing import load_file
from soildesk.plan_update import build_update
from soildesk.progress import Progress, Status
from tests.core.test_plan_update import _edit, revised
from ui.main_window import MainWindow
from ui.update_review_dialog import UpdateReviewDialog


def _texts(window: MainWindow) -> list[str]:
    return [s.text for s in subitems(window.session.document.roots)]


def test_update_from_the_menu_then_undo(qtbot, window: MainWindow, period, interaction, tmp_path):
    session = window.session
    subs = subitems(session.document.roots)
    session.set_progress(subs[2].id, Progress(Status.ONGOING, "有进展"))
    path = tmp_path / "sent.xlsx"
    export_breakdown(path, session.plan, session.plans.load_tree(session.plan_id))
    revised(path, _edit)
    before = _texts(window)
    interaction.open_answer = path
    window.file_actions.update_action.trigger()
    (review,) = interaction.update_reviews
    assert review.conflicts and review.count("added") == 1
    after = _texts(window)
    assert "市里新增的一项工作" in after and subs[4].text not in after
    assert subs[2].text in after  # kept: it has progress
    assert after == _texts_from_store(session)
    node = session.model.index_of(subs[1].id)
    assert session.model.data(node).endswith("（市里修改）")
    assert session.undo_stack.undoText().startswith("用新版任务分解表更新")
    window.undo_action.trigger()
    assert _texts(window) == before == _texts_from_store(session)
    window.redo_action.trigger()
    assert _texts(window) == after


def _texts_from_store(session) -> list[str]:
    return [s.text for s in subitems(session.plans.load_tree(session.plan_id))]


def test_the_same_table_says_there_is_nothing_to_update(
    qtbot, window, period, interaction, tmp_path
):
    session = window.session
    path = tmp_path / "sent.xlsx"
    export_breakdown(path, session.plan, session.plans.load_tree(session.plan_id))
    window.file_actions.update_with(path)
    assert interaction.update_reviews == []
    assert "没有需要更新的内容" in interaction.messages[-1][2]


def test_the_review_dialog_deletes_only_what_the_clerk_ticks(qtbot, window, period, tmp_path):
    session = window.session
    subs = subitems(session.document.roots)
    session.set_progress(subs[2].id, Progress(Status.ONGOING, "有进展"))
    path = tmp_path / "sent.xlsx"
    export_breakdown(path, session.plan, session.plans.load_tree(session.plan_id))
    revised(path, _edit)
    review = build_update(session.plans.db, session.plan, path, load_file(path))
    dialog = UpdateReviewDialog(review, window)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.deletes[subs[2].id]
    assert not box.isChecked() and subs[2].id in review.keep
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert subs[2].id not in review.keep


def test_two_articles_merged_by_the_city_show_as_one(qtbot, window, period, interaction, tmp_path):
    """The second article's clauses move under the first and the article goes: the
    outline is read again rather than losing the moved clauses with the old article."""
    session = window.session
    second = session.document.roots[1]
    path = tmp_path / "sent.xlsx"
    export_breakdown(path, session.plan, session.plans.load_tree(session.plan_id))

    def merge(data):
        k = next(i for i, row in enumerate(data) if i and row[0])
        data[k][0] = None  # an empty 条 cell continues the article above
        return data

    revised(path, merge)
    window.file_actions.update_with(path)
    roots = session.document.roots
    assert second.id not in {a.id for a in roots}
    assert second.children[0].id in {c.id for c in roots[0].children}
    assert _texts(window) == _texts_from_store(session)
    assert session.model.rowCount() == len(roots)
    window.undo_action.trigger()
    assert session.document.roots[1].id == second.id
    assert _texts(window) == _texts_from_store(session)
