"""The tree at 10,000 sub-items: store, load, model, view, filters.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.tree_10k
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.synthetic import generate_plan
from soildesk.db.database import open_database
from soildesk.domain import Level
from soildesk.plans import PlanService


def timed(label: str, fn: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<42} {time.perf_counter() - start:7.3f} s")
    return result


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from tests.conftest import FakeInteraction
    from ui.app import build_window, make_app

    app = make_app([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "big.db")
        plans = PlanService(db)
        drafts = timed("generate 10,000 sub-items", lambda: generate_plan(10_000))
        plan = timed(
            "store plan (one transaction)", lambda: plans.create_plan("生成的计划", drafts)
        )
        timed("load tree from SQLite", lambda: plans.load_tree(plan.id))
        window = timed(
            "build window (load + model + view)", lambda: build_window(db, FakeInteraction())
        )
        window.show()
        timed("first paint", QApplication.processEvents)
        counts = window.session.document.counts()
        assert counts[Level.SUBITEM] == 10_000, counts
        unit_index = window.unit_filter.findText("县公安局", flags=Qt.MatchFlag.MatchStartsWith)
        timed(
            "filter by unit (县公安局)",
            lambda: (window.unit_filter.setCurrentIndex(unit_index), app.processEvents()),
        )
        timed(
            "clear unit filter",
            lambda: (window.unit_filter.setCurrentIndex(0), app.processEvents()),
        )
        timed(
            "search text (（4242）)",
            lambda: (window.search.setText("（4242）"), app.processEvents()),
        )
        timed("clear search", lambda: (window.search.setText(""), app.processEvents()))
        session = window.session
        item = session.document.roots[0].children[0].children[0]
        timed(
            "add a sub-item (command + model)", lambda: session.add(Level.SUBITEM, item.children[0])
        )
        timed("undo it", session.undo_stack.undo)
        timed(
            "delete an article (2,500 rows) ", lambda: session.delete(session.document.roots[0].id)
        )
        timed("undo the delete", session.undo_stack.undo)
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
