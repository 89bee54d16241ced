"""Progress, deadlines and evidence in the window, driven as a clerk would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage

from soildesk.alerts import DeadlineState
from soildesk.progress import Deadline, Progress, Status
from tests.gui.conftest import click_node, send_drag, type_text
from ui.main_window import MainWindow
from ui.overview_dialog import OverviewDialog
from ui.period_dialog import PeriodDialog


def subs(window: MainWindow):
    return [
        s
        for a in window.session.document.roots
        for c in a.children
        for i in c.children
        for s in i.children
    ]


def drop_files(window: MainWindow, node_id: int, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    index = window.proxy.mapFromSource(window.session.model.index_of(node_id))
    send_drag(window, mime, index, "middle", Qt.DropAction.CopyAction)


def test_drop_files_on_a_subitem_then_undo_and_redo(
    qtbot, window: MainWindow, period, interaction, tmp_path: Path
) -> None:
    sub = subs(window)[4]
    photo = QImage(64, 48, QImage.Format.Format_RGB32)
    photo.fill(QColor("#6b8e23"))
    photo.save(str(tmp_path / "整改照片.jpg"))
    (tmp_path / "验收报告.pdf").write_bytes(b"%PDF-1.4 x")
    (tmp_path / "会议纪要.docx").write_bytes(b"PK docx")
    files = [tmp_path / n for n in ("整改照片.jpg", "验收报告.pdf", "会议纪要.docx")]
    drop_files(window, sub.id, files)
    stored = window.session.evidence.list_for_node(sub.id)
    assert [a.original_name for a in stored] == ["整改照片.jpg", "验收报告.pdf", "会议纪要.docx"]
    assert all(a.period_id == period.id for a in stored)
    assert window.session.document.states[sub.id].evidence == 3
    click_node(qtbot, window, sub.id)
    panel = window.editor.evidence
    assert panel.list.count() == 3
    assert not panel.list.item(0).icon().isNull()  # the photo's thumbnail
    window.editor.tabs.setCurrentIndex(1)
    panel.list.setCurrentRow(1)
    interaction.text_answer = "县环保局验收意见"
    qtbot.mouseClick(panel.note_button, Qt.MouseButton.LeftButton)
    assert window.session.evidence.list_for_node(sub.id)[1].note == "县环保局验收意见"
    assert "备注：县环保局验收意见" in panel.list.item(1).text()
    window.session.undo_stack.undo()  # the note
    assert window.session.evidence.list_for_node(sub.id)[1].note == ""
    window.session.undo_stack.undo()  # the three files
    assert window.session.evidence.list_for_node(sub.id) == []
    assert window.editor.evidence.list.count() == 0
    window.session.undo_stack.redo()
    assert [a.id for a in window.session.evidence.list_for_node(sub.id)] == [a.id for a in stored]


def test_dropping_a_folder_or_onto_an_article_is_explained(
    qtbot, window: MainWindow, period, interaction, tmp_path: Path
) -> None:
    folder = tmp_path / "资料夹"
    folder.mkdir()
    drop_files(window, subs(window)[0].id, [folder])
    assert any("是一个文件夹" in e for e in interaction.errors())
    assert window.session.evidence.list_for_node(subs(window)[0].id) == []


def test_set_status_and_text_then_undo(qtbot, window: MainWindow, period) -> None:
    sub = subs(window)[0]
    click_node(qtbot, window, sub.id)
    window.editor.tabs.setCurrentIndex(1)
    panel = window.editor.progress
    panel.status.setCurrentIndex(2)  # 推进中
    assert window.session.progress.get(sub.id, period.id).status == Status.ONGOING
    panel.text.setFocus()
    type_text(panel.text, "已完成排查，正在制定方案")
    qtbot.mouseClick(panel.reason, Qt.MouseButton.LeftButton)  # focus leaves the text: saved
    assert window.session.progress.get(sub.id, period.id).text == "已完成排查，正在制定方案"
    assert window.session.model.data(window.session.model.index_of(sub.id, 2)).startswith("推进中")
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.progress.get(sub.id, period.id).text == ""
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.progress.get(sub.id, period.id) is None
    assert panel.status.currentText() == "未填报"


def test_done_then_ongoing_then_done_again_keeps_the_completion_date(
    qtbot, window: MainWindow, period
) -> None:
    """Leaving 已完成 clears the stored date; coming back brings the clerk's date back,
    not today's (a clerk who clicked the wrong status lost the date they had set)."""
    from PySide6.QtCore import QDate

    sub = subs(window)[2]
    click_node(qtbot, window, sub.id)
    panel = window.editor.progress
    panel.status.setCurrentIndex(1)  # 已完成, dated today
    panel.done_on.setDate(QDate(2026, 3, 1))
    assert window.session.progress.get(sub.id, period.id).completed_on == date(2026, 3, 1)
    panel.status.setCurrentIndex(2)  # 推进中
    assert window.session.progress.get(sub.id, period.id).completed_on is None
    panel.status.setCurrentIndex(1)  # 已完成 again
    assert window.session.progress.get(sub.id, period.id).completed_on == date(2026, 3, 1)
    other = subs(window)[3]  # another sub-item starts from today's date
    click_node(qtbot, window, other.id)
    panel.status.setCurrentIndex(1)
    assert window.session.progress.get(other.id, period.id).completed_on == window.session.today()


def test_a_past_periods_completion_date_is_offered_within_it(qtbot, window: MainWindow) -> None:
    """Filling in 2023年下半年 on 2024-06-20 offers the period's last day, not today."""
    session = window.session
    past = session.progress.add_period(
        session.plan_id, "2023年下半年", date(2023, 7, 1), date(2023, 12, 31), current=True
    )
    window.reload_plans(session.plan_id)
    assert session.period is not None and session.period.id == past.id
    sub = subs(window)[0]
    click_node(qtbot, window, sub.id)
    window.editor.progress.status.setCurrentIndex(1)  # 已完成
    assert session.progress.get(sub.id, past.id).completed_on == date(2023, 12, 31)


def test_without_a_period_no_task_reads_as_not_reported(qtbot, window: MainWindow) -> None:
    """Before the first reporting period there is nothing to report for: the progress
    column says so, not 未填报; once a period is added, the unreported read 未填报."""
    from ui.table_model import C_PROGRESS

    model = window.table_pane.model
    cell = model.index(0, C_PROGRESS)
    assert model.data(cell) == "无填报期"
    assert "还没有填报期" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    tree = window.session.model
    first = subs(window)[0]
    assert tree.data(tree.index_of(first.id, 2)).startswith("无填报期")
    window.session.progress.add_period(
        window.session.plan_id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
    )
    window.reload_plans(window.session.plan_id)
    assert window.table_pane.model.data(window.table_pane.model.index(0, C_PROGRESS)) == "未填报"


def test_lagging_asks_for_its_reason(qtbot, window: MainWindow, period, interaction) -> None:
    sub = subs(window)[1]
    click_node(qtbot, window, sub.id)
    panel = window.editor.progress
    interaction.text_answer = None  # the clerk cancels: no 滞后 without a reason
    panel.status.setCurrentIndex(4)
    assert window.session.progress.get(sub.id, period.id) is None
    assert panel.status.currentIndex() == 0
    interaction.text_answer = "资金尚未到位"
    panel.status.setCurrentIndex(4)
    assert window.session.progress.get(sub.id, period.id) == Progress(
        Status.LAGGING, "", None, "资金尚未到位", ()
    )
    assert window.session.document.states[sub.id].alert.lagging


def test_status_needs_a_period(qtbot, window: MainWindow, interaction) -> None:
    click_node(qtbot, window, subs(window)[0].id)
    assert not window.editor.progress.status.isEnabled()
    assert "尚未设置填报期" in window.editor.progress.period_label.text()


def test_deadline_from_the_text_and_overdue_mark(qtbot, window: MainWindow, period) -> None:
    sub = subs(window)[2]  # "到2020年，逐步恢复土壤肥力……"
    click_node(qtbot, window, sub.id)
    window.editor.tabs.setCurrentIndex(1)
    panel = window.editor.progress
    assert "文中：2020年12月31日 前" in panel.deadline_label.text()
    qtbot.mouseClick(panel.use_proposal, Qt.MouseButton.LeftButton)
    state = window.session.document.states[sub.id]
    assert (
        state.deadline.due == date(2020, 12, 31) and state.alert.deadline == DeadlineState.OVERDUE
    )
    assert "逾期" in window.session.model.data(window.session.model.index_of(sub.id, 2))
    window.session.undo_stack.undo()
    assert window.session.document.states[sub.id].deadline is None


def test_confirm_all_deadlines_is_one_undo_step(window: MainWindow, period) -> None:
    window.progress_actions.confirm_action.trigger()
    confirmed = window.session.progress.deadlines(window.session.plan_id)
    assert len(confirmed) >= 20
    window.session.undo_stack.undo()
    assert window.session.progress.deadlines(window.session.plan_id) == {}


def test_status_filter_and_overview_click_through(qtbot, window: MainWindow, period) -> None:
    all_subs = subs(window)
    for sub in all_subs[:5]:
        window.session.progress.set_progress(sub.id, period.id, Progress(Status.DONE, "完成"))
    window.session.document.refresh_states()
    combo = window.progress_actions.status_filter
    combo.setCurrentIndex(combo.findText("已完成"))
    visible = set()
    stack = [window.proxy.index(r, 0) for r in range(window.proxy.rowCount())]
    while stack:
        index = stack.pop()
        visible.add(window.session.model.node_from_index(window.proxy.mapToSource(index)).id)
        stack.extend(window.proxy.index(r, 0, index) for r in range(window.proxy.rowCount(index)))
    assert {s.id for s in all_subs[:5]} <= visible and not ({s.id for s in all_subs[5:]} & visible)
    window.progress_actions.clear_action.trigger()
    assert combo.currentIndex() == 0 and not window.proxy.active

    dialog = OverviewDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show_ids.connect(window.progress_actions.show_ids)
    dialog.show()
    view = dialog.article_view
    done_col = 1
    index = view.model().index(0, done_col)  # 一、 已完成
    assert index.data() == 5
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert window.proxy.active and "已完成" in window.statusBar().currentMessage()
    shown = [
        n
        for n in all_subs
        if window.proxy.mapFromSource(window.session.model.index_of(n.id)).isValid()
    ]
    assert [n.id for n in shown] == [s.id for s in all_subs[:5]]


def test_periods_dialog_adds_and_switches(qtbot, window: MainWindow, period) -> None:
    dialog = PeriodDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.setValue(2024)
    dialog.kind.setCurrentIndex(dialog.kind.findText("2024年第三季度"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    names = [p.name for p in window.session.progress.list_periods(window.session.plan_id)]
    assert names == ["2024年上半年", "2024年第三季度"]
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.current_button, Qt.MouseButton.LeftButton)
    assert window.session.period.name == "2024年第三季度"
    assert window.progress_actions.period_combo.currentText() == "2024年第三季度"
    dialog.kind.setCurrentIndex(dialog.kind.findText("自定义…"))
    type_text(dialog.name, "专项督查")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "专项督查" in [
        p.name for p in window.session.progress.list_periods(window.session.plan_id)
    ]


def test_removing_evidence_and_closing_cleans_the_store(
    qtbot, window: MainWindow, period, tmp_path: Path
) -> None:
    sub = subs(window)[0]
    (tmp_path / "a.png").write_bytes(b"\x89PNG data")
    window.session.add_evidence(sub.id, [tmp_path / "a.png"])
    click_node(qtbot, window, sub.id)
    window.editor.tabs.setCurrentIndex(1)
    panel = window.editor.evidence
    panel.list.setCurrentRow(0)
    att = panel.selected()
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert window.session.evidence.list_for_node(sub.id) == []
    stored = window.session.evidence.path_for(att.sha256)
    assert stored.exists()  # undo could still bring it back
    window.close()
    assert not stored.exists()


@pytest.mark.qt_log_ignore("Corrupt JPEG", "JPEG datastream")
def test_broken_image_and_pdf_get_the_generic_icon(tmp_path: Path) -> None:
    from ui.evidence_panel import thumbnail

    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    assert thumbnail(tmp_path / "bad.jpg", ".jpg") is None
    assert thumbnail(tmp_path / "bad.pdf", ".pdf") is None


def test_pdf_thumbnail_renders_the_first_page(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    from ui.evidence_panel import THUMB, thumbnail

    c = canvas.Canvas(str(tmp_path / "r.pdf"))
    c.drawString(72, 720, "report")
    c.save()
    pixmap = thumbnail(tmp_path / "r.pdf", ".pdf")
    assert pixmap is not None and max(pixmap.width(), pixmap.height()) == THUMB * 2


def test_a_new_subitem_gets_its_progress_mark(qtbot, window: MainWindow, period) -> None:
    from soildesk.domain import Level

    click_node(qtbot, window, subs(window)[0].id)
    new_id = window.session.add(Level.SUBITEM, window.selected_node())
    model = window.session.model
    assert model.data(model.index_of(new_id, 2)) == "未填报"
    window.session.undo_stack.undo()
    assert new_id not in window.session.document.states


def test_a_crafted_evidence_record_is_listed_but_never_opened(
    qtbot, window: MainWindow, period, interaction, tmp_path: Path
) -> None:
    import sqlite3

    sub = subs(window)[0]
    victim = tmp_path / "secret.txt"
    victim.write_text("secret")
    with sqlite3.connect(window.session.plans.db.path) as con:
        cur = con.execute("INSERT INTO evidence_file (sha256, size) VALUES (?, 1)", (str(victim),))
        con.execute(
            "INSERT INTO attachment (node_id, file_id, period_id, original_name, note, added_at)"
            " VALUES (?, ?, NULL, '报告.pdf', '', '2024-01-01 00:00:00')",
            (sub.id, cur.lastrowid),
        )
    click_node(qtbot, window, sub.id)
    window.editor.tabs.setCurrentIndex(1)
    panel = window.editor.evidence
    assert panel.list.count() == 1 and "记录无效" in panel.list.item(0).text()
    panel.list.setCurrentRow(0)
    panel.open_selected()
    assert "文件标识无效" in interaction.errors()[-1]
    window.close()  # the clean-up on closing leaves the file alone
    assert victim.read_text() == "secret"


def test_damaged_and_missing_files_are_marked_and_a_damaged_one_warns_before_opening(
    qtbot, window: MainWindow, period, interaction, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    sub = subs(window)[2]
    for name in ("验收报告.pdf", "现场照片.pdf"):
        (tmp_path / name).write_bytes(f"{name} original".encode() * 10)
    drop_files(window, sub.id, [tmp_path / "验收报告.pdf", tmp_path / "现场照片.pdf"])
    damaged, missing = window.session.evidence.list_for_node(sub.id)
    store = window.session.evidence
    path = store.path_for(damaged.sha256)
    path.write_bytes(b"x" * path.stat().st_size)  # same size, other bytes
    store.path_for(missing.sha256).unlink()
    click_node(qtbot, window, subs(window)[0].id)
    click_node(qtbot, window, sub.id)
    window.editor.tabs.setCurrentIndex(1)
    panel = window.editor.evidence
    assert "文件已损坏或被改动" in panel.list.item(0).text()
    assert "文件丢失" in panel.list.item(1).text()
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    panel.list.setCurrentRow(0)
    interaction.confirm_answer = False
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened == [] and interaction.dangers[-1]  # warned, Enter answers 取消
    interaction.confirm_answer = True
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and "（已损坏）验收报告.pdf" in opened[0]


def test_the_overview_is_not_modal_and_its_warnings_sort_export_and_print(
    qtbot, window: MainWindow, period, interaction, tmp_path: Path
) -> None:
    import openpyxl

    for sub in subs(window)[:6]:
        window.session.set_deadline(sub.id, Deadline(date(2024, 5, 1)))  # passed by 06-20
    window.progress_actions.open_overview()
    dialog = window.progress_actions.overview
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    table = dialog.alert_tables["overdue"]
    assert table.rowCount() == 6 and table.horizontalHeaderItem(2).text() == "牵头单位"
    assert all(table.item(r, 2).text() for r in range(table.rowCount()))  # who leads it
    assert all(table.item(r, 2).text().startswith("县") for r in range(6))  # registry names
    table.sortItems(0, Qt.SortOrder.AscendingOrder)  # 位置: in the table's own order
    order = [table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(6)]
    assert order == [s.id for s in subs(window)[:6]]
    table.sortItems(2, Qt.SortOrder.DescendingOrder)
    leads = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert leads == sorted(leads, reverse=True)
    dialog.tabs.setCurrentWidget(table)
    interaction.save_answer = tmp_path / "逾期.xlsx"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(tmp_path / "逾期.xlsx").active
    assert [c.value for c in sheet[2]] == ["位置", "小项", "牵头单位", "完成时限", "状态"]
    assert [sheet.cell(3 + r, 3).value for r in range(6)] == leads
    text = dialog.document().toPlainText()
    assert "2024年上半年" in text and leads[0] in text  # what the printer gets
