"""What the window remembers between runs (QSettings): its geometry, the splitters,
the table's column widths when the clerk set them by hand, the view, and the last plan
of each database. Passed into the window, so tests give it a file of their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCryptographicHash, QSettings

if TYPE_CHECKING:
    from .main_window import MainWindow


class WindowSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings()

    @staticmethod
    def _db_key(window: MainWindow) -> str:
        # Qt's SHA-1, the same key hashlib gave: importing hashlib (OpenSSL) cost 7 ms
        # of every start, and the keys of earlier versions must still be found.
        path = QByteArray(str(window.session.plans.db.path).encode("utf-8"))
        digest = QCryptographicHash.hash(path, QCryptographicHash.Algorithm.Sha1)
        return "plans/" + bytes(digest.toHex().data()).decode("ascii")[:16]

    def last_plan(self, window: MainWindow) -> int | None:
        value = self.store.value(self._db_key(window))
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def restore(self, window: MainWindow) -> None:
        """After the window is built, before it shows."""
        s = self.store
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)  # Qt keeps it on a screen that exists
        view = s.value("window/view")
        if view in ("table", "tree"):
            window.show_view(str(view))
        for name, splitter in (("main", window.splitter), ("sections", window.editor.sections)):
            state = s.value(f"window/splitter_{name}")
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        widths = s.value("table/widths")
        if isinstance(widths, list) and len(widths) == window.table.model().columnCount():
            window.table.set_widths([int(w) for w in widths])

    def save(self, window: MainWindow) -> None:
        s = self.store
        s.setValue("window/geometry", window.saveGeometry())
        s.setValue("window/view", window.view_actions.view)
        s.setValue("window/splitter_main", window.splitter.saveState())
        s.setValue("window/splitter_sections", window.editor.sections.saveState())
        if window.table.fit_columns:
            s.remove("table/widths")  # the columns follow the window, as they did
        else:
            table = window.table
            s.setValue(
                "table/widths", [table.columnWidth(c) for c in range(table.model().columnCount())]
            )
        if window.session.plan_id is not None:
            s.setValue(self._db_key(window), window.session.plan_id)
        s.sync()
