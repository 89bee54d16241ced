"""文件 › 从备份恢复… and 备份设置…, driven as a clerk would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from soildesk.backup import BackupSettings, backups_dir, load_settings, make_backup
from soildesk.db.database import open_database
from soildesk.plans import PlanService
from ui.app import restore_with_progress
from ui.backup_settings_dialog import BackupSettingsDialog


def test_restore_from_the_window_checks_asks_closes_and_restores(
    qtbot, window, db, demo, interaction, tmp_path: Path, monkeypatch
) -> None:
    backup = tmp_path / "上周的备份.zip"
    make_backup(db, backup)
    window.session.plans.create_plan("备份之后新建的计划")
    interaction.open_answer = backup
    interaction.confirm_answer = False
    window.backup_actions.restore_action.trigger()
    assert window.isVisible() and window.backup_actions.restore_request is None
    kind, _title, text = interaction.messages[-1]
    assert kind == "confirm" and "已核对完好" in text and str(backups_dir(db.path)) in text
    assert interaction.dangers[-1]  # Enter answers 取消
    interaction.confirm_answer = True
    window.backup_actions.restore_action.trigger()
    assert not window.isVisible() and window.backup_actions.restore_request == backup
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    db_path = db.path
    db.close()  # as run_gui does when the window has closed
    assert restore_with_progress(backup, db_path)
    assert "恢复前的数据已备份为" in said[0]
    again = open_database(db_path)
    try:
        assert [s.plan.name for s in PlanService(again).list_plans()] == [demo.name]
    finally:
        again.close()


def test_a_damaged_backup_is_refused_before_anything_is_asked(
    window, interaction, tmp_path: Path
) -> None:
    bad = tmp_path / "坏的.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    interaction.open_answer = bad
    window.backup_actions.restore_action.trigger()
    assert window.isVisible() and window.backup_actions.restore_request is None
    assert any("不是 SoilDesk 的备份" in e for e in interaction.errors())
    assert not any(kind == "confirm" for kind, *_ in interaction.messages)


def test_backup_settings_are_typed_and_kept(qtbot, db, tmp_path: Path) -> None:
    dialog = BackupSettingsDialog(load_settings(db), backups_dir(db.path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.keep.setFocus()
    dialog.keep.selectAll()
    qtbot.keyClicks(dialog.keep, "30")
    usb = tmp_path / "usb"  # QTest types ASCII only
    qtbot.keyClicks(dialog.mirror, str(usb))
    assert dialog.chosen() == BackupSettings(30, usb)
    qtbot.keyClick(dialog.keep, Qt.Key.Key_Up)
    assert dialog.chosen().keep == 31
    clear = next(b for b in dialog.findChildren(QPushButton) if b.text() == "不另存")
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert dialog.chosen() == BackupSettings(31, None)


def test_the_window_saves_what_the_settings_dialog_says(window, db, monkeypatch, tmp_path) -> None:
    def answer(dialog: BackupSettingsDialog) -> int:
        dialog.keep.setValue(5)
        dialog.mirror.setText(str(tmp_path))
        return 1

    monkeypatch.setattr(BackupSettingsDialog, "exec", answer)
    window.backup_actions.settings_action.trigger()
    assert load_settings(db) == BackupSettings(5, tmp_path)
    assert window.statusBar().currentMessage() == "备份设置已保存"
