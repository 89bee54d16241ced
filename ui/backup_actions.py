"""文件 › 备份…, and the automatic backup after the window has painted: in the
background, at most once a day, and never in the way of closing (it stops between
files, and its half-written zip is removed)."""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from soildesk.backup import Cancelled, auto_backup, make_backup

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)


class BackupActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.db = window.session.plans.db
        self.stop = threading.Event()
        self.backup_action = window._action(
            "备份…", self.backup, tip="把数据库和全部佐证材料备份为一个 .zip 文件（如存到 U 盘）"
        )

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.backup_action)

    def backup(self) -> None:
        self.window.editor.flush()
        name = f"{self.db.path.stem}-备份-{date.today():%Y%m%d}.zip"
        path = self.window.interaction.save_file("备份", name, "备份文件 (*.zip)")
        if path is None:
            return
        self.window.statusBar().showMessage("正在备份…")

        def done(info: object) -> None:
            self.window.statusBar().showMessage(f"已备份到 {path}", 8000)
            self.window.interaction.inform("备份完成", f"已把数据库和佐证材料备份到：\n{path}")

        self.window.runner.run(
            lambda: make_backup(self.db, path, cancelled=self.stop.is_set),
            done,
            lambda exc: self.window.interaction.error("无法备份", str(exc)),
        )

    def start_auto_backup(self) -> None:
        """Once the window shows: today's automatic backup, if there is none yet."""

        def done(made: object) -> None:
            if isinstance(made, Path):
                self.window.statusBar().showMessage(f"已自动备份：{made.name}", 6000)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, Cancelled):
                log.warning("automatic backup failed: %s", exc)
                self.window.statusBar().showMessage(f"自动备份未完成：{exc}", 10000)

        self.window.runner.run(
            lambda: auto_backup(self.db, cancelled=self.stop.is_set), done, failed
        )
