"""文件 › 备份…, 从备份恢复…, 备份设置…, and the automatic backup after the window has
painted: in the background, at most once a day, and never in the way of closing (it
stops between files, and its half-written zip is removed).

Restoring replaces the database file, which the open window holds: the window checks
the backup, asks, and closes with `restore_request` set; ui/app.py restores and opens
the restored database in a new window."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from soildesk.bugs import explain
from soildesk.errors import KnownError

if TYPE_CHECKING:
    from .main_window import MainWindow


class BackupActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.db = window.session.plans.db
        self.stop = threading.Event()
        self.started = time.time()  # the start-up clean-up leaves younger files alone
        self.restore_request: Path | None = None
        self.backup_action = window._action(
            "备份…", self.backup, tip="把数据库和全部佐证材料备份为一个 .zip 文件（如存到 U 盘）"
        )
        self.restore_action = window._action(
            "从备份恢复…", self.restore, tip="用以前的备份替换现在的数据（现在的数据先自动备份）"
        )
        self.settings_action = window._action(
            "备份设置…", self.edit_settings, tip="自动备份保留几份、是否再存一份到 U 盘"
        )

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.backup_action)
        menu.addAction(self.restore_action)
        menu.addAction(self.settings_action)

    def restore(self) -> None:
        path = self.window.interaction.open_file("从备份恢复", "SoilDesk 备份 (*.zip)")
        if path is None:
            return
        self.window.editor.flush()
        from soildesk.backup import backups_dir  # backups load when first used
        from soildesk.restore import check_backup

        self.window.statusBar().showMessage("正在核对备份…")

        def checked(manifest: object) -> None:
            self.window.statusBar().clearMessage()
            assert isinstance(manifest, dict)
            created = str(manifest.get("created", "")).replace("T", " ")
            files = len(manifest.get("evidence", {}))
            source = manifest["database"].get("name", "")
            other = f"\n⚠ 它来自另一个数据库“{source}”。" if source != self.db.path.name else ""
            if not self.window.interaction.confirm(
                "从备份恢复",
                f"备份“{path.name}”（数据库“{source}”，{created} 备份，含佐证材料 {files} 个）"
                f"已核对完好。{other}\n\n"
                "恢复会用它替换现在的全部计划、进展和修改记录。现在的数据会先自动备份到\n"
                f"{backups_dir(self.db.path)}\n需要时可以再恢复回来。\n\n"
                "恢复时窗口会关闭，完成后自动重新打开。要恢复吗？",
                "恢复",
                danger=True,
            ):
                return
            self.restore_request = path
            self.window.close()

        self.window.runner.run(
            lambda: check_backup(path),
            checked,
            lambda exc: self.window.interaction.error("无法恢复", explain(exc)),
        )

    def edit_settings(self) -> None:
        from soildesk.backup import backups_dir, load_settings, save_settings

        from .backup_settings_dialog import BackupSettingsDialog

        dialog = BackupSettingsDialog(
            load_settings(self.db), backups_dir(self.db.path), self.window
        )
        if dialog.exec():
            try:
                save_settings(self.db, dialog.chosen())
            except KnownError as exc:
                self.window.interaction.error("备份设置", str(exc))
                return
            self.window.statusBar().showMessage("备份设置已保存", 5000)

    def backup(self) -> None:
        self.window.editor.flush()
        name = f"{self.db.path.stem}-备份-{date.today():%Y%m%d}.zip"
        path = self.window.interaction.save_file("备份", name, "备份文件 (*.zip)")
        if path is None:
            return
        self.window.statusBar().showMessage("正在备份…")
        from soildesk.backup import make_backup

        def done(info: object) -> None:
            self.window.statusBar().showMessage(f"已备份到 {path}", 8000)
            text = f"已把数据库和佐证材料备份到：\n{path}"
            warning = getattr(info, "warning", "")
            if warning:
                self.window.interaction.error("备份完成，但有材料没有备份", f"{text}\n\n{warning}")
            else:
                self.window.interaction.inform("备份完成", text)

        self.window.runner.run(
            lambda: make_backup(self.db, path, cancelled=self.stop.is_set),
            done,
            lambda exc: self.window.interaction.error("无法备份", explain(exc)),
        )

    def start_auto_backup(self) -> None:
        """Once the window shows, in the background: SQLAlchemy's import and connection
        (Database.warm_up), the check of references, the clean-up of what a crash left
        (only what is older than this start: the clerk may already be adding files),
        then today's automatic backup, if there is none yet."""
        from soildesk.backup import Cancelled, KeptBackup, auto_backup

        def work() -> KeptBackup | None:
            self.window.session.evidence.collect_garbage(before=self.started)
            return auto_backup(self.db, cancelled=self.stop.is_set)

        def done(made: object) -> None:
            if not isinstance(made, KeptBackup):
                return
            if made.warning:  # the clerk must act: say it once, not in passing
                self.window.interaction.error("自动备份不完整", made.warning)
            if made.mirror_problem:
                self.window.statusBar().showMessage(f"已自动备份，但{made.mirror_problem}", 60000)
            else:
                self.window.statusBar().showMessage(f"已自动备份：{made.path.name}", 6000)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, Cancelled):
                self.window.interaction.error("自动备份没有完成", explain(exc))

        def checked(problem: object) -> None:
            if problem:
                self.window.interaction.error("数据库中有不一致的记录", str(problem))

        # First what the first edit needs: the window painted without SQLAlchemy.
        self.window.runner.run(self.db.warm_up, lambda _: None, failed)
        self.window.runner.run(self.db.dangling_references, checked, failed)
        self.window.runner.run(work, done, failed)
