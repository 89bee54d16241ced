"""Errors nobody foresaw are bugs: each is written with its traceback to a log file (the
window and the command line write the same one) and shown to the clerk as 程序出错 with
the log's path, never dressed up as a storage problem (which invites restoring an old
backup over good data)."""

from __future__ import annotations

import logging
from pathlib import Path

from platformdirs import user_log_path

from .errors import KnownError

# Bugs go to the file only: the console (a clerk's batch job) gets the Chinese message,
# not an English traceback.
log = logging.getLogger("soildesk.bugs")
log.propagate = False
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _LogFile(logging.Handler):
    """The rotating log file (1 MB, the last three kept), opened at the first record:
    logging.handlers imports socket, pickle and queue, 15–20 ms of every start, and
    most runs log nothing."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.WARNING)
        self.baseFilename = str(path)
        self.soildesk = True
        self._file: logging.Handler | None = None
        self._unwritable = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            if self._unwritable:
                return
            import logging.handlers

            try:
                self._file = logging.handlers.RotatingFileHandler(
                    self.baseFilename, maxBytes=1 << 20, backupCount=3, encoding="utf-8"
                )
            except OSError:  # an unwritable profile: the program still runs, unlogged
                self._unwritable = True
                return
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def log_path() -> Path:
    return user_log_path("SoilDesk", appauthor=False) / "soildesk.log"


def setup_logging() -> None:
    """Warnings and errors go to the log file (1 MB, the last three kept); the console
    keeps its own handler. Once per process and log path."""
    root = logging.getLogger()
    path = log_path()
    for old in [h for h in log.handlers if getattr(h, "soildesk", False)]:
        if Path(old.baseFilename) == path:  # type: ignore[attr-defined]
            return
        root.removeHandler(old)  # the user folder moved (tests): follow it
        log.removeHandler(old)
        old.close()
    root.setLevel(min(root.level or logging.WARNING, logging.WARNING))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # an unwritable profile: the program still runs, unlogged
        return
    handler = _LogFile(path)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    log.addHandler(handler)


def explain(exc: BaseException) -> str:
    """What the clerk is told about `exc`: its own words when it is a known problem;
    otherwise the bug is logged with its traceback and the message says where."""
    if isinstance(exc, KnownError):
        return str(exc)
    setup_logging()
    log.error("程序出错", exc_info=exc)
    return (
        f"程序出错（{type(exc).__name__}：{exc}）。这是 SoilDesk 的问题，不是您的操作有误；"
        "出错的这一步没有保存，此前的数据都在。"
        f"详细情况已记录在 {log_path()}，请把这个文件发给技术支持。"
    )
