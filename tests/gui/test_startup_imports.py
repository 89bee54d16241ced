"""The window paints the plan before anything that is not needed to show it is imported
(issue: start fast). SQLAlchemy alone costs more than an empty window's whole start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

from soildesk.db.database import Database
from soildesk.evidence import EvidenceStore
from soildesk.plans import PlanService
from soildesk.progress import Deadline, Progress, ProgressService, Status

HEAVY = (
    "sqlalchemy", "alembic", "mako", "openpyxl", "xlsxwriter", "reportlab", "pypdfium2",
    "docx", "python_calamine", "PIL", "lxml",
    # the editor's 进展与佐证 and 修改记录 tabs, built when first opened
    "ui.evidence_panel", "ui.progress_panel", "ui.history_panel",
    # the bug log's rotation (socket, pickle, queue) and OpenSSL's hashes
    "logging.handlers", "hashlib",
)  # fmt: skip

PROBE = textwrap.dedent(
    """
    import sys
    import ui.app

    heavy = sys.argv[2].split(",")
    original = ui.app._FirstPaint.eventFilter

    def at_first_paint(self, watched, event):
        if event.type() == event.Type.Paint and not self.done:
            loaded = sorted({n for n in sys.modules if n in heavy or n.split(".")[0] in heavy})
            print("loaded-at-first-paint", ",".join(loaded), flush=True)
        return original(self, watched, event)

    ui.app._FirstPaint.eventFilter = at_first_paint
    from soildesk.cli import main
    sys.exit(main(["--db", sys.argv[1]]))
    """
)


def test_the_plan_paints_before_sqlalchemy_and_the_report_stack(
    db: Database, demo, tmp_path: Path
) -> None:
    plans, progress = PlanService(db), ProgressService(db)
    period = progress.add_period(demo.id, "2026年上半年", date(2026, 1, 1), date(2026, 6, 30))
    subs = [n for n in plans.load_tree(demo.id)[0].children[0].children[0].children]
    progress.set_progress(subs[0].id, period.id, Progress(Status.DONE, "已完成", date(2026, 3, 1)))
    progress.set_progress(subs[1].id, period.id, Progress(Status.LAGGING, "慢", None, "资金"))
    progress.set_deadlines({subs[2].id: Deadline(date(2026, 5, 1), "手填")})
    (tmp_path / "证明.txt").write_text("证明", encoding="utf-8")
    EvidenceStore(db).add(subs[0].id, tmp_path / "证明.txt", period.id)
    path = db.path
    db.close()

    env = dict(os.environ, SOILDESK_STARTUP_PROBE=repr(time.time()))
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("loaded-at-first-paint"))
    assert line.split(" ", 1)[1:] in ([], [""]), f"imported before the first paint: {line}"
    assert "first-paint" in out.stdout
