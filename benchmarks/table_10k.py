"""The table view at 10,000 sub-items, each figure beside its floor in the same run.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.table_10k

Floors: a bare QTableView over a trivial model of the same size (what Qt itself costs
to show, scroll and reset it), and the plain walk over the nodes that any filter needs.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.synthetic import generate_plan
from soildesk.db.database import open_database
from soildesk.plans import PlanService

ROWS = 10_000


def best(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(label: str, value: float, floor: float, floor_label: str) -> None:
    print(f"{label:<40} {value * 1000:8.1f} ms   floor {floor * 1000:7.1f} ms ({floor_label})")


def main() -> int:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    from tests.conftest import FakeInteraction
    from ui.app import build_window, make_app

    class Bare(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.n = ROWS

        def rowCount(self, parent: object = QModelIndex()) -> int:
            return self.n

        def columnCount(self, parent: object = QModelIndex()) -> int:
            return 8

        def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            return "土壤污染状况详查" if role == Qt.ItemDataRole.DisplayRole else None

        def reset(self, n: int) -> None:
            self.beginResetModel()
            self.n = n
            self.endResetModel()

    app = make_app([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "big.db")
        plans = PlanService(db)
        plan = plans.create_plan("生成的计划", generate_plan(ROWS))

        bare_model = Bare()
        bare = QTableView()
        bare.resize(760, 600)
        start = time.perf_counter()
        bare.setModel(bare_model)
        bare.show()
        app.processEvents()
        bare_open = time.perf_counter() - start

        load = best(lambda: plans.load_tree(plan.id), 3)
        window = build_window(db, FakeInteraction())
        window.resize(1366, 728)
        window.show()
        app.processEvents()
        session, pane = window.session, window.table_pane
        roots = plans.load_tree(plan.id)

        def open_cold() -> None:
            window.table._forget()  # measure every cell again, as a first open does
            session.document.load(roots)
            window.table.viewport().repaint()  # shown: the rest is measured in slices

        def measured() -> float:  # the slices that follow, until the last row is measured
            start = time.perf_counter()
            while window.table._pending:
                app.processEvents()
            return time.perf_counter() - start

        opened, rest = [], []
        for _ in range(3):
            opened.append(best(open_cold, 1))
            rest.append(measured())
        opened_s = statistics.median(opened)
        line("table view shows (model, spans, heights)", opened_s, bare_open, "bare QTableView")
        line("  plan read from SQLite (before it)", load, load, "same")
        line("  open: read + show", load + opened_s, bare_open, "bare QTableView")
        line("  rows out of view measured after, in slices", statistics.median(rest), 0, "-")

        def scroll(view: QTableView) -> float:
            bar = view.verticalScrollBar()
            bar.setValue(0)
            app.processEvents()
            page = view.viewport().height()

            def step() -> None:
                bar.setValue(bar.value() + page)
                view.viewport().repaint()

            return best(step, 20)

        line(
            "scroll a screenful and repaint", scroll(window.table), scroll(bare), "bare QTableView"
        )

        proxy = window.proxy

        def walk() -> None:
            stack = list(session.document.roots)
            while stack:
                node = stack.pop()
                stack.extend(node.children)
                proxy.matches(node)

        window.search.setText("（424")
        app.processEvents()
        proxy.set_text("（4242）")
        floor_walk = best(walk, 5)
        proxy.set_text("（424")

        def keystroke() -> None:
            window.search.setText("（4242）")
            app.processEvents()
            window.search.setText("（424")
            app.processEvents()

        line(
            "search keystroke (type and take back) /2", best(keystroke) / 2, floor_walk, "node walk"
        )
        window.search.setText("")
        app.processEvents()
        unit = window.unit_filter.findText("县公安局", flags=Qt.MatchFlag.MatchStartsWith)

        def unit_on() -> None:
            window.unit_filter.setCurrentIndex(unit)
            app.processEvents()

        def unit_off() -> None:
            window.unit_filter.setCurrentIndex(0)
            app.processEvents()

        on = off = 0.0
        for _ in range(3):
            start = time.perf_counter()
            unit_on()
            on += (time.perf_counter() - start) / 3
            start = time.perf_counter()
            unit_off()
            off += (time.perf_counter() - start) / 3
        shown = pane.model.rowCount()
        bare_reset = best(
            lambda: (bare_model.reset(shown), bare_model.reset(ROWS), app.processEvents())
        )
        line("unit filter (县公安局)", on, floor_walk, "node walk")
        line("clear the unit filter", off, bare_reset, "bare reset to 10,000 and back")

        def switch() -> None:
            window.show_view("tree")
            app.processEvents()
            window.show_view("table")
            app.processEvents()

        line("大纲视图 and back to 表格视图", best(switch, 3), bare_open, "bare QTableView")
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
