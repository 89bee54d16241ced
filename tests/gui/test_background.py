"""The thread runner delivers results and failures on the GUI thread."""

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from ui.background import ThreadRunner


def test_result_and_failure_arrive_on_the_gui_thread(qtbot) -> None:
    runner = ThreadRunner()
    seen: list = []
    gui = QApplication.instance().thread()

    def work() -> QThread:
        return QThread.currentThread()

    runner.run(
        work,
        lambda worker: seen.append(("done", worker is not gui, QThread.currentThread() is gui)),
        seen.append,
    )
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen[0] == ("done", True, True)

    def boom() -> None:
        raise ValueError("坏了")

    runner.run(
        boom, seen.append, lambda exc: seen.append((type(exc), QThread.currentThread() is gui))
    )
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1] == (ValueError, True)
    assert QApplication.overrideCursor() is None
