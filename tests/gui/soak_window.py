"""The soak: the real main window, in one process, through thousands of operations that
emit signals (period switches, filter changes, edits, undo/redo, selection changes, status
changes) on a plan of a few thousand sub-items. Run by test_soak.py in a child process, so
that a binding that breaks reference counting (PySide6 6.12.0 aborts CPython 3.11 after a
few hundred emits) fails one test with its output instead of killing the whole suite.

Not collected by itself (its name does not start with test_)."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date

from PySide6.QtCore import Qt

from benchmarks.synthetic import generate_plan
from soildesk.db.database import open_database
from soildesk.domain import Level
from soildesk.plans import PlanService
from soildesk.progress import ProgressService
from tests.conftest import FakeInteraction
from ui.app import build_window
from ui.background import InlineRunner

SUBITEMS = 1_500
ROUNDS = int(os.environ.get("SOAK_ROUNDS", 72))
KEY_STEPS = 8


def test_window_survives_thousands_of_signal_operations(qtbot, tmp_path) -> None:
    db = open_database(tmp_path / "soak.db")
    plan = PlanService(db).create_plan("浸泡测试计划", generate_plan(SUBITEMS))
    progress = ProgressService(db)
    periods = [
        progress.add_period(plan.id, name, start, end)
        for name, start, end in (
            ("2024年上半年", date(2024, 1, 1), date(2024, 6, 30)),
            ("2024年下半年", date(2024, 7, 1), date(2024, 12, 31)),
            ("2025年上半年", date(2025, 1, 1), date(2025, 6, 30)),
        )
    ]
    window = build_window(db, FakeInteraction(), InlineRunner(), today=lambda: date(2024, 6, 20))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    subs = [n for n in _walk(session.document.roots) if n.level == Level.SUBITEM]
    assert len(subs) == SUBITEMS
    true_refs = sys.getrefcount(True)
    operations = 0
    combo = window.progress_actions.period_combo
    statuses = window.editor.progress.status
    window.tree.setFocus()
    for r in range(ROUNDS):
        if r % 4 == 0:
            combo.setCurrentIndex(r // 4 % len(periods))  # period switch
            window.search.setText("土壤")  # filter change
            window.search.clear()
            operations += 3
        sub = subs[(r * 37) % len(subs)]
        window.select_node(sub.id)
        for key in [Qt.Key.Key_Down] * KEY_STEPS + [Qt.Key.Key_Up] * KEY_STEPS:
            qtbot.keyClick(window.tree, key)  # a selection change, the editor following
        assert window.editor.node_id == window.selected_node().id
        window.select_node(sub.id)
        operations += 2 * KEY_STEPS + 2
        window.editor.text.setPlainText(f"{sub.text}（第{r}轮）")
        window.editor.flush()  # an edit
        window.editor.tabs.setCurrentIndex(1)
        statuses.setCurrentIndex(1 + r % 3)  # a status (已完成 / 推进中 / 未启动)
        window.editor.tabs.setCurrentIndex(0)
        for action in ("undo", "undo", "redo", "redo", "undo"):  # the edit stays, not the status
            getattr(window, f"{action}_action").trigger()
        operations += 9
        if r % 4 == 2:
            window.move_selected(1 if r % 8 == 2 else -1)
            window.tree.setFocus()
            operations += 1
    assert operations >= 2_000, operations  # 2,016
    # The binding must not have dropped references to True (6.12.0 drops one per emit).
    assert sys.getrefcount(True) >= true_refs - 50
    window.close()
    db.close()

    with sqlite3.connect(tmp_path / "soak.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    db = open_database(tmp_path / "soak.db")
    try:
        stored = {n.id: n.text for n in _walk(PlanService(db).load_tree(plan.id))}
        # Every edit stayed (each round edits another sub-item); every status was undone.
        assert sum("轮）" in t for t in stored.values()) == ROUNDS
        assert all(ProgressService(db).progress_for(p.id) == {} for p in periods)
    finally:
        db.close()


def _walk(nodes):
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))
