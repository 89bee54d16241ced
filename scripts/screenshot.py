"""Render the main window to PNG (offscreen), as a clerk's screen shows it, for looking at.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py [--db FILE] [--plan NAME]
    [--size 1366x768] [--scale 1.5] [--view table|tree] [--tab content|progress]
    [--units FILE] -o out.png

--size is the screen in physical pixels and --scale the desktop scaling (QT_SCALE_FACTOR):
the window is sized to the screen's available area, as a maximised window is, and the
picture is in physical pixels. Without --db the demo plan is used (in a temporary file);
a --db file is opened as it is, never changed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser(description="render the SoilDesk window to PNG")
    p.add_argument("-o", "--output", type=Path, default=Path("soildesk.png"))
    p.add_argument("--db", type=Path, help="a database to show (a copy is opened)")
    p.add_argument("--plan", help="the plan to show (default: the first)")
    p.add_argument("--size", default="1366x768", help="screen size in physical pixels, WxH")
    p.add_argument("--scale", type=float, default=1.0, help="desktop scaling, e.g. 1.5")
    p.add_argument("--view", choices=("table", "tree"), default="table")
    p.add_argument("--tab", choices=("content", "progress"), default="content")
    p.add_argument("--units", type=Path, help="also save the unit registry dialog here")
    args = p.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from soildesk.db.database import open_database
    from soildesk.demo import add_demo_plan
    from soildesk.plans import PlanService
    from ui.app import build_window, make_app

    app = make_app([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shot.db"
        if args.db:
            shutil.copyfile(args.db, path)  # the clerk's file is never touched
        db = open_database(path)
        if not args.db:
            add_demo_plan(PlanService(db))
        window = build_window(db)
        plans = {s.plan.name: s.plan.id for s in window.session.plans.list_plans()}
        window.reload_plans(plans.get(args.plan) if args.plan else None)
        # Logical size of the screen, less a taskbar of 40 physical pixels.
        window.resize(int(width / args.scale), int((height - 40) / args.scale))
        window.show()
        window.show_view(args.view)
        roots = window.session.document.roots
        if roots and roots[0].children and roots[0].children[0].children:
            item = roots[0].children[0].children[0]
            window.select_node((item.children[0] if item.children else item).id)
        window.editor.tabs.setCurrentIndex(0 if args.tab == "content" else 1)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(args.output))
        if args.units:
            from ui.unit_dialog import UnitDialog

            dialog = UnitDialog(window.session, window)
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(args.units))
            dialog.close()
        window.close()
        db.close()
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
