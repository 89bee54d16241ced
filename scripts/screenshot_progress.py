"""Render the window with progress data: a sub-item with three attachments, and the
overview dialog (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_progress.py main.png overview.png
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from soildesk.db.database import open_database
from soildesk.demo import add_demo_plan
from soildesk.domain import Level
from soildesk.plans import PlanService
from soildesk.progress import Progress, ProgressService, Status
from ui.app import build_window, make_app
from ui.background import InlineRunner
from ui.overview_dialog import OverviewDialog


def sample_files(folder: Path) -> list[Path]:
    photo = folder / "现场照片.png"
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#6b8e23"))
    p = QPainter(image)
    p.fillRect(40, 120, 240, 80, QColor("#8b5a2b"))
    p.end()
    image.save(str(photo))
    report = folder / "监测报告.pdf"
    c = canvas.Canvas(str(report), pagesize=A4)
    c.setFont("Helvetica-Bold", 28)
    c.drawString(72, 760, "Soil monitoring report 2024")
    for i in range(30):
        c.line(72, 720 - i * 20, 520, 720 - i * 20)
    c.save()
    word = folder / "工作方案.docx"
    word.write_bytes(b"PK\x03\x04 not really a docx")
    return [photo, report, word]


def main() -> int:
    app = make_app([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(folder / "shot.db")
        plans = PlanService(db)
        plan, _ = add_demo_plan(plans)
        progress = ProgressService(db)
        period = progress.add_period(plan.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
        subs = [
            s
            for a in plans.load_tree(plan.id)
            for c in a.children
            for i in c.children
            for s in i.children
        ]
        for n, sub in enumerate(subs):
            status = [Status.DONE, Status.ONGOING, Status.ONGOING, Status.NOT_STARTED, None][n % 5]
            if status:
                progress.set_progress(sub.id, period.id, Progress(status, "已按计划推进"))
        window = build_window(db, runner=InlineRunner(), today=lambda: date(2024, 6, 20))
        window.reload_plans()
        window.session.confirm_all_proposals()
        window.show()
        first = window.session.document.roots[0].children[0].children[0].children[0]
        window.session.add_evidence(first.id, sample_files(folder))
        window.select_node(first.id)
        window.editor.tabs.setCurrentIndex(1)
        window.resize(1440, 900)
        for _ in range(5):
            app.processEvents()
        window.grab().save(sys.argv[1] if len(sys.argv) > 1 else "progress.png")
        if len(sys.argv) > 2:
            dialog = OverviewDialog(window.session, window)
            dialog.show()
            app.processEvents()
            dialog.grab().save(sys.argv[2])
        assert window.session.document.counts()[Level.SUBITEM] == 60
        window.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
