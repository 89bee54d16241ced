"""Every window on the screens county offices have: 1366×768 (a taskbar of 40 pixels
leaves 1366×728) at 100 % and 125 %, and a 1920×1080 laptop at 150 %. Each screen runs
screen_check.py in its own process (the screen is fixed when Qt starts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "tests" / "screens"


@pytest.mark.parametrize(
    ("screen", "scale"),
    [("office", "1"), ("office", "1.25"), ("office", "1.5"), ("laptop", "1.5")],
    ids=["1366x768", "1366x768-125%", "1366x768-150%", "1920x1080-150%"],
)
def test_the_window_and_every_dialog_fit_the_screen(screen: str, scale: str) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={SCREENS / (screen + '.json')}",
        "QT_SCALE_FACTOR": scale,
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.screen_check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert done.stdout.count("fits") == 15


def test_the_window_remembers_its_size_splitters_columns_view_and_plan(
    qtbot, qapp, db, demo, interaction, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from soildesk.plans import PlanService
    from ui.app import build_window
    from ui.background import InlineRunner
    from ui.window_settings import WindowSettings

    def settings() -> WindowSettings:
        return WindowSettings(QSettings(str(tmp_path / "kept.ini"), QSettings.Format.IniFormat))

    second = PlanService(db).create_plan("第二个计划")
    first = build_window(db, interaction, InlineRunner(), settings=settings())
    qtbot.addWidget(first)
    first.show()
    first.resize(1200, 700)
    first.reload_plans(second.id)
    first.reload_plans(demo.id)
    first.table.set_widths([90, 90, 120, 100, 200, 110, 220, 100])
    first.splitter.setSizes([150, 700, 350])
    sizes = first.splitter.sizes()
    first.close()
    again = build_window(db, interaction, InlineRunner(), settings=settings())
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (1200, 700)
    assert again.splitter.sizes() == sizes
    assert not again.table.fit_columns and again.table.columnWidth(4) == 200
    assert again.session.plan_id == demo.id
    again.view_actions.show("tree")
    again.close()
    third = build_window(db, interaction, InlineRunner(), settings=settings())
    qtbot.addWidget(third)
    assert third.view_actions.view == "tree"


def test_the_plan_remembered_by_an_earlier_version_is_opened(
    qtbot, qapp, db, demo, interaction, tmp_path: Path
) -> None:
    """Earlier versions keyed the last plan by hashlib's SHA-1 of the database path;
    the key is now made with Qt's, and must be the same."""
    import hashlib

    from PySide6.QtCore import QSettings

    from soildesk.plans import PlanService
    from ui.app import build_window
    from ui.background import InlineRunner
    from ui.window_settings import WindowSettings

    second = PlanService(db).create_plan("第二个计划")
    store = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    old_key = "plans/" + hashlib.sha1(str(db.path).encode("utf-8")).hexdigest()[:16]
    store.setValue(old_key, second.id)
    win = build_window(db, interaction, InlineRunner(), settings=WindowSettings(store))
    qtbot.addWidget(win)
    assert win.session.plan_id == second.id
