"""Starting the window: Qt application, Chinese translations, the database (with its
checks and lock), the services, and the main window."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from soildesk import APP_NAME
from soildesk.bugs import explain, setup_logging
from soildesk.db.database import Database, open_database
from soildesk.errors import KnownError
from soildesk.evidence import EvidenceStore
from soildesk.paths import data_dir, default_db_path, resources_dir
from soildesk.plans import PlanService
from soildesk.progress import ProgressService
from soildesk.units import UnitService

from .background import Runner, ThreadRunner
from .input_guard import install_input_guard
from .interaction import DialogInteraction, Interaction
from .main_window import MainWindow
from .plan_session import PlanSession
from .window_settings import WindowSettings

log = logging.getLogger(__name__)
STARTUP_PROBE = "SOILDESK_STARTUP_PROBE"  # benchmarks/startup.py: report first paint and quit


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "soildesk.png")))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translations(app)
    font = app.font()
    font.setFamilies(
        [
            "Microsoft YaHei UI",
            "Microsoft YaHei",
            "Noto Sans CJK SC",
            "WenQuanYi Zen Hei",
            *font.families(),
        ]
    )
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return app  # type: ignore[return-value]


def install_translations(app: QApplication) -> None:
    """Qt's own zh_CN catalogue, so standard buttons read 确定/取消, not OK/Cancel."""
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, path):
            app.installTranslator(translator)
        else:
            log.warning("Qt translation %s not found in %s", name, path)


def build_window(
    db: Database,
    interaction: Interaction | None = None,
    runner: Runner | None = None,
    today: Callable[[], date] = date.today,
    settings: WindowSettings | None = None,
) -> MainWindow:
    dialogs = interaction or DialogInteraction()
    session = PlanSession(
        PlanService(db), UnitService(db), ProgressService(db), EvidenceStore(db), dialogs, today
    )
    window = MainWindow(session, runner or ThreadRunner(), db.path.name, settings)
    install_input_guard(QApplication.instance())  # type: ignore[arg-type]
    if isinstance(dialogs, DialogInteraction):
        dialogs.parent = window
    return window


class _FirstPaint(QObject):
    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"first-paint {time.time() - self.started:.3f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def report_bug(kind: type[BaseException], exc: BaseException, tb: object) -> None:
    """sys.excepthook of the window: an error no code expected is logged and told."""
    if issubclass(kind, KeyboardInterrupt):
        return
    QMessageBox.critical(None, "程序出错", explain(exc.with_traceback(tb)))  # type: ignore[arg-type]


def run_gui(db_path: Path | None) -> int:
    setup_logging()
    sys.excepthook = report_bug
    app = make_app()
    path = db_path or default_db_path()
    while True:  # once more after a restore, on the restored database
        try:
            if db_path is None:
                data_dir().mkdir(parents=True, exist_ok=True)
            db = open_database(path)
        except (KnownError, OSError) as exc:
            QMessageBox.critical(None, "无法打开数据库", str(exc))
            return 1
        try:
            window = build_window(db)
            probe = os.environ.get(STARTUP_PROBE)
            if probe:
                window.installEventFilter(paint := _FirstPaint(float(probe)))
                window.tree.viewport().installEventFilter(paint)
            window.show()
            if not probe:
                # After the first paint, in the background: the start is never held up.
                QTimer.singleShot(500, window.backup_actions.start_auto_backup)
            code = app.exec()
        finally:
            db.close()
        backup = window.backup_actions.restore_request
        if backup is None:
            return code
        restore_with_progress(backup, path)


def restore_with_progress(backup: Path, db_path: Path) -> bool:
    """Restore while a progress window shows (the database is closed); says how it went.
    On failure the database is as it was."""
    progress = QProgressDialog("正在从备份恢复，请稍候…", "", 0, 0)
    progress.setWindowTitle("从备份恢复")
    progress.setCancelButton(None)  # half a restore is never left: it runs to the end
    progress.setMinimumDuration(0)
    progress.show()
    outcome: list[object] = []
    from soildesk.restore import restore_backup

    def work() -> None:
        try:
            outcome.append(restore_backup(backup, db_path))
        except Exception as exc:  # reported below, on the GUI thread
            outcome.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    loop = QEventLoop()
    poll = QTimer(interval=50, timeout=lambda: None if worker.is_alive() else loop.quit())
    poll.start()
    loop.exec()
    poll.stop()
    worker.join()
    progress.close()
    result = outcome[0]
    if isinstance(result, KnownError):
        QMessageBox.warning(None, "无法恢复", f"{result}\n\n现有数据没有改动。")
        return False
    if isinstance(result, BaseException):
        QMessageBox.critical(None, "无法恢复", f"{explain(result)}\n\n现有数据没有改动。")
        return False
    saved = f"\n\n恢复前的数据已备份为：\n{result}" if result else ""
    QMessageBox.information(None, "恢复完成", f"已从“{backup.name}”恢复。{saved}")
    return True
