"""Run by test_screens.py in a child process on one office screen (the offscreen
platform's config file, QT_SCALE_FACTOR for the desktop scaling): the main window with
the sample table and a sub-item selected, and every dialog, must lie inside the screen's
free area. Prints one line per window and exits 1 when one does not fit.

Not collected by itself (its name does not start with test_)."""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from soildesk.backup import backups_dir, load_settings
from soildesk.db.database import open_database
from soildesk.drafting import draft_file
from soildesk.drafting.review import Review
from soildesk.importing import load_file
from soildesk.plans import PlanService
from tests.conftest import SAMPLES, FakeInteraction
from ui.app import build_window, make_app
from ui.background import InlineRunner


def _inside_the_window(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """What must be seen whole in the main window: every toolbar control (none behind
    the toolbar's »), the evidence buttons, and the table's column names."""
    from PySide6.QtWidgets import QToolBar

    window.editor.tabs.setCurrentIndex(1)  # 进展与佐证
    QApplication.processEvents()
    out = []
    hidden = [
        a.text() or type(bar.widgetForAction(a)).__name__
        for bar in window.findChildren(QToolBar)
        for a in bar.actions()
        if not a.isSeparator()
        and not (bar.widgetForAction(a) and bar.widgetForAction(a).isVisible())
    ]
    out.append(("工具栏", f"behind »: {hidden}" if hidden else ""))
    evidence = window.editor.evidence
    cut = [
        b.text()
        for b in (
            evidence.add_button,
            evidence.open_button,
            evidence.note_button,
            evidence.remove_button,
        )
        if b.visibleRegion().boundingRect() != b.rect()
    ]
    out.append(("佐证按钮", f"cut: {cut}" if cut else ""))
    view = window.table
    header = view.horizontalHeader()
    one_line = header.fontMetrics().lineSpacing()
    narrow = [
        c for c in range(view.model().columnCount())
        if header.fontMetrics().horizontalAdvance(view.model().headerData(c, Qt.Orientation.Horizontal)) > view.columnWidth(c)
    ]  # fmt: skip
    short = narrow and header.height() < 2 * one_line
    out.append(("表头", f"names cut in columns {narrow}" if short else ""))
    return out


def main() -> int:
    app = make_app([])
    area = app.primaryScreen().availableGeometry()
    folder = Path(tempfile.mkdtemp())
    db = open_database(folder / "screen.db")
    result = load_file(SAMPLES / "lishu_part.xlsx")
    plan = PlanService(db).create_plan("梨树县", result.roots)
    window = build_window(db, FakeInteraction(), InlineRunner(), today=lambda: date(2024, 6, 20))
    window.show()
    window.reload_plans(plan.id)
    sub = window.session.document.roots[0].children[0].children[0].children[0]
    window.select_node(sub.id)
    session = window.session
    from ui.backup_settings_dialog import BackupSettingsDialog
    from ui.draft_dialog import DraftReviewDialog
    from ui.find_dialog import FindReplaceDialog
    from ui.help_dialog import HelpDialog
    from ui.history_dialog import HistoryDialog
    from ui.import_dialog import ImportPreviewDialog
    from ui.overview_dialog import OverviewDialog
    from ui.period_dialog import PeriodDialog
    from ui.print_dialog import PrintDialog
    from ui.unit_dialog import UnitDialog
    from ui.unit_picker import UnitPicker

    drafts, lines = draft_file(SAMPLES / "plan_shuozhou_2021.txt")
    node = session.document.node(sub.id)
    assert node is not None
    shown: list[tuple[str, QWidget]] = [("主窗口", window)]
    for name, make in (
        ("导入预览", lambda: ImportPreviewDialog(result, "梨树县", [], window)),
        (
            "方案草稿",
            lambda: DraftReviewDialog(Review.of(drafts[0]), lines, "草稿", (1, 1), window),
        ),
        ("修改记录", lambda: HistoryDialog(session, window)),
        ("进展总览", lambda: OverviewDialog(session, window)),
        ("填报期", lambda: PeriodDialog(session, window)),
        ("打印", lambda: PrintDialog(session, window.runner, window)),
        ("单位管理", lambda: UnitDialog(session, window)),
        ("选择单位", lambda: UnitPicker(session, node, window)),
        ("备份设置", lambda: BackupSettingsDialog(load_settings(db), backups_dir(db.path), window)),
        ("查找和替换", lambda: FindReplaceDialog(window)),
        ("使用说明", lambda: HelpDialog(window)),
    ):
        dialog = make()
        dialog.show()
        shown.append((name, dialog))
    app.processEvents()
    bad = 0
    for name, widget in shown:
        frame = widget.frameGeometry()
        need = widget.minimumSizeHint()
        fits = (
            area.contains(frame) and need.width() <= area.width() and need.height() <= area.height()
        )
        bad += not fits
        print(f"{name}\t{frame.width()}×{frame.height()} at {frame.x()},{frame.y()}"
              f"\tneeds {need.width()}×{need.height()}\tscreen {area.width()}×{area.height()}"
              f"\t{'fits' if fits else 'DOES NOT FIT'}")  # fmt: skip
    for name, problem in _inside_the_window(window):
        bad += bool(problem)
        print(f"{name}\t{problem or 'fits'}")
    for _, widget in reversed(shown):
        widget.close()
    db.close()
    QApplication.processEvents()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
