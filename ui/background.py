"""One helper for long work (reading and writing files): the work runs off the GUI
thread and its result is delivered on it. Database writes stay on the GUI thread, so
there is a single writer. Tests use InlineRunner, which runs the work at once."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


class Runner(Protocol):
    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None: ...


class InlineRunner:
    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        try:
            result = work()
        except Exception as exc:
            failed(exc)
            return
        done(result)


class _Bridge(QObject):
    finished = Signal(object, object)  # result, exception


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self.work = work
        self.bridge = bridge

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:
            log.debug("background work failed: %s", traceback.format_exc())
            self.bridge.finished.emit(None, exc)
            return
        self.bridge.finished.emit(result, None)


class ThreadRunner:
    """Runs work in Qt's thread pool; shows a busy cursor meanwhile."""

    def __init__(self) -> None:
        self._bridges: set[_Bridge] = set()

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        bridge = _Bridge()
        self._bridges.add(bridge)

        def finish(result: object, exc: object) -> None:
            self._bridges.discard(bridge)
            QApplication.restoreOverrideCursor()
            if exc is not None:
                failed(exc)  # type: ignore[arg-type]
            else:
                done(result)

        bridge.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
        QThreadPool.globalInstance().start(_Job(work, bridge))
