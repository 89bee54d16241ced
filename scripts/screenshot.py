"""Render the main window on the demo plan to PNG (offscreen), for looking at it.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py out.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from soildesk.db.database import open_database
from soildesk.demo import add_demo_plan
from soildesk.plans import PlanService
from ui.app import build_window, make_app


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "soildesk.png")
    app = make_app([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "shot.db")
        add_demo_plan(PlanService(db))
        window = build_window(db)
        window.reload_plans()
        window.show()
        model = window.session.model
        sub = model.roots()[0].children[0].children[0].children[0]
        window.select_node(sub.id)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out))
        if len(sys.argv) > 2:  # second picture: the unit registry dialog
            from ui.unit_dialog import UnitDialog

            dialog = UnitDialog(window.session, window)
            dialog.show()
            app.processEvents()
            dialog.grab().save(sys.argv[2])
            dialog.close()
        window.close()
        db.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
