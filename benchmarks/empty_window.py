"""The floor for start-up: an empty PySide6 main window with a tree view, timed like
SoilDesk (from before the process is spawned to the first paint). Run by startup.py."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView


class _FirstPaint(QObject):  # ui.app has the same probe; the floor must not import SoilDesk
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


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    tree = QTreeView(window)
    window.setCentralWidget(tree)
    window.resize(1366, 768)
    probe = _FirstPaint(float(os.environ["SOILDESK_STARTUP_PROBE"]))
    window.installEventFilter(probe)
    tree.viewport().installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
