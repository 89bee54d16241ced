"""The collection loop in the window: packets made from the dialog, returned ones taken
in from the menu or dropped on the window, the review dialog driven as a clerk would,
one undo step; the 催办 dialog; the period's 备注 in the progress panel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox

from soildesk.packets.make import export_packets
from soildesk.packets.review import build_review
from soildesk.progress import Status
from tests.core.packet_helpers import done, fill, keys_of, ongoing
from tests.gui.conftest import click_node, type_text
from tests.gui.test_progress_gui import drop_files, subs
from ui.background import InlineRunner
from ui.main_window import MainWindow
from ui.missing_dialog import MissingDialog
from ui.packet_export_dialog import PacketExportDialog
from ui.packet_review_dialog import PacketReviewDialog


def _packets(window: MainWindow, period, folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    made = export_packets(window.session.plans.db, window.session.plan, period.name, folder)
    return {f.unit.name: f.path for f in made}


def _menu_texts(window: MainWindow) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("进展"))
    return [a.text() for a in menu.actions()]


def test_the_export_dialog_makes_the_chosen_units_packets(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    assert {"生成部门填报表…", "收录部门填报表…", "催办…"} <= set(_menu_texts(window))
    from soildesk.packets.make import packet_sizes

    units = packet_sizes(
        window.session.document.roots, window.session.units.list_units(window.session.plan_id)
    )
    dialog = PacketExportDialog(units, period.name, interaction, None, window)
    assert dialog.list.item(0).text() == f"{units[0][0].name}（{units[0][1]} 项）"
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()  # no folder yet
    interaction.folder_answer = tmp_path
    browse = next(b for b in dialog.findChildren(type(dialog.ok)) if b.text() == "浏览…")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    none = next(b for b in dialog.findChildren(type(dialog.ok)) if b.text() == "全不选")
    qtbot.mouseClick(none, Qt.MouseButton.LeftButton)
    assert not dialog.ok.isEnabled()
    item = dialog.list.item(0)
    rect = dialog.list.visualItemRect(item)
    check = QPoint(rect.left() + 10, rect.center().y())  # the check box at the item's left
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=check)
    assert dialog.chosen() == [units[0][0].name] and dialog.ok.isEnabled()
    window.packet_actions.make_packets(dialog.chosen(), dialog.target())
    assert [p.name for p in tmp_path.glob("*.xlsx")] == [f"{units[0][0].name}.xlsx"]
    from soildesk.packets.read import read_packet

    assert len(read_packet(tmp_path / f"{units[0][0].name}.xlsx").answers) == units[0][1]
    assert any("已在" in text for kind, _t, text in interaction.messages if kind == "inform")


def test_collecting_from_the_menu_is_one_undo_step(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    packets = _packets(window, period, tmp_path / "out")
    back = fill(
        packets["县水利局"], tmp_path / "back.xlsx", {0: done("已完成"), 1: ongoing("推进")}
    )
    interaction.open_many = [back]
    action = window.packet_actions.collect_action
    assert action.isEnabled()
    action.trigger()
    (review,) = interaction.packet_reviews
    assert review.count("change") == 2
    stored = window.session.progress.progress_for(period.id)
    assert {p.status for p in stored.values()} == {Status.DONE, Status.ONGOING}
    node_id = review.items[0].node.id
    shown = window.session.model.data(window.session.model.index_of(node_id, 2))
    assert shown.startswith("已完成")
    assert window.session.undo_stack.undoText() == "收录填报表（县水利局）：进展 2 项"
    window.undo_action.trigger()
    assert window.session.progress.progress_for(period.id) == {}
    # The same file again after redo: nothing new, said so, no review.
    window.redo_action.trigger()
    action.trigger()
    assert len(interaction.packet_reviews) == 1
    assert "已收录过" in interaction.messages[-1][2]


def test_a_refused_packet_is_explained_and_nothing_is_written(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    import openpyxl

    packets = _packets(window, period, tmp_path / "out")
    wb = openpyxl.load_workbook(packets["县水利局"])
    wb["填报表"].title = "Sheet1"
    wb.save(tmp_path / "renamed.xlsx")
    window.packet_actions.collect_files([tmp_path / "renamed.xlsx"])
    assert "找不到工作表“填报表”" in interaction.errors()[-1]
    assert interaction.packet_reviews == []
    assert window.session.progress.progress_for(period.id) == {}


def _drop_on(widget, paths: list[Path]) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(widget.rect().center())
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(pos.toPoint(), *args)
    enter.ignore()
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(widget, QDropEvent(pos, *args))
    QApplication.processEvents()
    return True


def test_packets_dropped_on_the_window_or_a_row_are_collected_not_attached(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    packets = _packets(window, period, tmp_path / "out")
    back = fill(packets["县水利局"], tmp_path / "back.xlsx", {0: ongoing("拖进来的")})
    assert _drop_on(window, [back])
    assert len(interaction.packet_reviews) == 1
    assert not _drop_on(window, [tmp_path / "照片.jpg"])  # not a packet: not taken
    window.undo_action.trigger()
    sub = subs(window)[3]
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    drop_files(window, sub.id, [back, photo])  # on a sub-item's row
    assert len(interaction.packet_reviews) == 2
    names = [a.original_name for a in window.session.evidence.list_for_node(sub.id)]
    assert names == ["照片.jpg"]


def test_the_review_dialog_takes_what_the_clerk_ticks_and_picks(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    packets = _packets(window, period, tmp_path / "out")
    a, b = "县环保局", "县农业局"
    ka, kb = keys_of(packets[a]), keys_of(packets[b])
    key = next(k for k in ka if k in kb)
    ra, rb = ka.index(key), kb.index(key)
    other = next(i for i in range(len(ka)) if ka[i] not in kb)
    pa = fill(packets[a], tmp_path / "a.xlsx", {ra: ongoing("甲说推进"), other: ongoing("只有甲")})
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: done("乙说完成")})
    review = build_review(window.session.plans.db, window.session.plan, period, [pa, pb])
    dialog = PacketReviewDialog(review, window)
    qtbot.addWidget(dialog)
    dialog.show()
    kinds = [i.kind for i in dialog.items]
    conflict_row, change_row = kinds.index("conflict"), kinds.index("change")
    box = dialog.choosers[change_row]
    combo = dialog.choosers[conflict_row]
    assert isinstance(box, QCheckBox) and box.isChecked()
    assert isinstance(combo, QComboBox) and combo.currentText().startswith("不收录")
    assert "甲说推进" in dialog.table.item(conflict_row, 2).text()
    assert "乙说完成" in dialog.table.item(conflict_row, 2).text()
    # The wheel over the choice scrolls the table, it never picks an answer.
    wheel = QWheelEvent(
        QPointF(5, 5), QPointF(combo.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == 0
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the second answer: 乙's
    assert "县农业局" in combo.currentText()
    indicator = QPoint(8, box.height() // 2)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=indicator)  # not this change
    assert not box.isChecked()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert review.items[[i.kind for i in review.items].index("conflict")].accept == 1
    assert review.items[[i.kind for i in review.items].index("change")].accept is None


def test_missing_dialog_text_copy_and_pdf(qtbot, window: MainWindow, period, interaction, tmp_path):
    from soildesk.packets.missing import missing_units

    plan = window.session.plan
    rows = missing_units(window.session.plans.db, plan, period)
    dialog = MissingDialog(plan, period, rows, interaction, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(rows) > 10
    dialog.due.setFocus()
    type_text(dialog.due, "7月5日")
    assert "请于7月5日前" in dialog.text.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "县环保局：未报送" in QGuiApplication.clipboard().text()
    interaction.save_answer = tmp_path / "催办单"
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "催办单.pdf").read_bytes().startswith(b"%PDF")


def test_the_periods_note_is_kept_in_the_progress_panel(qtbot, window: MainWindow, period) -> None:
    sub = subs(window)[0]
    click_node(qtbot, window, sub.id)
    window.editor.tabs.setCurrentIndex(1)
    panel = window.editor.progress
    assert not panel.note.isEnabled()  # nothing reported yet: nothing to note
    panel.status.setCurrentIndex(2)
    assert panel.note.isEnabled()
    qtbot.mouseClick(panel.note, Qt.MouseButton.LeftButton)
    type_text(panel.note, "已向市局报备")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    assert window.session.progress.get(sub.id, period.id).note == "已向市局报备"
    panel.status.setCurrentIndex(3)  # another status keeps the note
    record = window.session.progress.get(sub.id, period.id)
    assert (record.status, record.note) == (Status.NOT_STARTED, "已向市局报备")


def test_the_return_dialog_exports_reports_and_saves_what_was_sent(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    from ui.return_dialog import ReturnDialog

    assert "报送市里（进展情况表）…" in _menu_texts(window)
    db, plan = window.session.plans.db, window.session.plan
    dialog = ReturnDialog(db, plan, period, interaction, InlineRunner(), window)
    qtbot.addWidget(dialog)
    dialog.office.selectAll()
    type_text(dialog.office, "梨树县生态环境分局")
    assert not dialog.report.isChecked() and dialog.sent.rowCount() == 0  # a trial by default
    report = dialog.report
    qtbot.mouseClick(report, Qt.MouseButton.LeftButton, pos=QPoint(8, report.height() // 2))
    interaction.save_answer = tmp_path / "进展情况表"
    qtbot.mouseClick(dialog.xlsx_button, Qt.MouseButton.LeftButton)
    sent_file = tmp_path / "进展情况表.xlsx"
    assert sent_file.exists() and "已留存为正式报送" in dialog.result_label.text()
    assert "60 个小项本期还没有进展" in dialog.result_label.text()  # said before it is sent
    assert dialog.sent.rowCount() == 1 and dialog.sent.item(0, 0).text() == period.name
    import openpyxl

    assert "梨树县生态环境分局" in openpyxl.load_workbook(sent_file).worksheets[0]["A1"].value
    interaction.save_answer = tmp_path / "原样.xlsx"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "原样.xlsx").read_bytes() == sent_file.read_bytes()
    interaction.save_answer = tmp_path / "打印用"
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)  # a PDF is not a report
    assert (tmp_path / "打印用.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.sent.rowCount() == 1
    assert "0 个小项有变化" in dialog.result_label.text()


def test_the_evidence_packet_from_the_menu(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    import zipfile

    sub = subs(window)[0]
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    drop_files(window, sub.id, [photo])
    interaction.save_answer = tmp_path / "材料包"
    window.packet_actions.evidence_action.trigger()
    z = zipfile.ZipFile(tmp_path / "材料包.zip")
    assert any(n.endswith("/现场.jpg") for n in z.namelist())
    assert {"目录.xlsx", "SHA256SUMS"} <= set(z.namelist())
    assert "1 个文件" in window.statusBar().currentMessage()


def test_the_city_template_is_set_corrected_and_used(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    import openpyxl

    from tests.core.test_city_template import city_template
    from ui.return_dialog import ReturnDialog
    from ui.template_dialog import TemplateDialog

    db, plan = window.session.plans.db, window.session.plan
    returns = ReturnDialog(db, plan, period, interaction, InlineRunner(), window)
    qtbot.addWidget(returns)
    assert not returns.city.isEnabled()
    dialog = TemplateDialog(db, plan, interaction, returns)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    interaction.open_answer = city_template(tmp_path / "市模板.xlsx")
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 10
    assert dialog.combo(5).currentData() == "progress"
    last = dialog.combo(9)  # 市里核查意见: proposed empty; the clerk puts the period's note
    last.setFocus()
    while last.currentData() != "note":
        qtbot.keyClick(last, Qt.Key.Key_Up)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    returns.update_city()
    assert returns.city.isEnabled() and returns.city.isChecked()
    assert "市模板.xlsx" in returns.city.text()
    interaction.save_answer = tmp_path / "按模板.xlsx"
    qtbot.mouseClick(returns.xlsx_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(tmp_path / "按模板.xlsx").active
    assert ws["A1"].value == "四平市土壤污染防治工作进展情况统计表"
    assert ws.cell(4, 4).value == "牵头单位"


def test_review_rows_fit_their_columns_and_conflicts_can_take_the_lead(
    qtbot, window: MainWindow, period, interaction, tmp_path
) -> None:
    packets = _packets(window, period, tmp_path / "out")
    a, b = "县环保局", "县农业局"
    ka, kb = keys_of(packets[a]), keys_of(packets[b])
    shared = [k for k in ka if k in kb][:3]
    pa = fill(packets[a], tmp_path / "a.xlsx", {ka.index(k): ongoing("甲" * 60) for k in shared})
    pb = fill(packets[b], tmp_path / "b.xlsx", {kb.index(k): done("乙" * 60) for k in shared})
    other = next(i for i in range(len(ka)) if ka[i] not in kb)
    pa = fill(pa, tmp_path / "a2.xlsx", {other: ongoing("只有甲")})
    review = build_review(window.session.plans.db, window.session.plan, period, [pa, pb])
    dialog = PacketReviewDialog(review, window)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 700)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.table.refit.isActive())
    QApplication.processEvents()
    table = dialog.table
    for row in range(table.rowCount()):  # every row's text is shown, none is a screenful
        needed = table.sizeHintForRow(row)
        assert abs(table.rowHeight(row) - needed) <= 2
        assert table.rowHeight(row) < table.viewport().height()
    only = dialog.only_conflicts
    qtbot.mouseClick(only, Qt.MouseButton.LeftButton, pos=QPoint(8, only.height() // 2))
    hidden = [table.isRowHidden(r) for r in range(table.rowCount())]
    assert hidden == [i.kind not in ("conflict", "error") for i in dialog.items] and any(hidden)
    assert dialog.lead_button.isEnabled()
    qtbot.mouseClick(dialog.lead_button, Qt.MouseButton.LeftButton)
    for item, chooser in zip(dialog.items, dialog.choosers, strict=True):
        if item.kind == "conflict" and item.lead is not None:
            assert chooser.currentData() == item.lead and "（牵头）" in chooser.currentText()
