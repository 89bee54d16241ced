"""文件 › 打印: preview pages, switch report and unit, zoom, save, print."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from ui.background import InlineRunner
from ui.main_window import MainWindow
from ui.print_dialog import PrintDialog


def open_dialog(qtbot, window: MainWindow, subitems: int = 0) -> PrintDialog:
    """文件 › 打印 on the demo plan, or on a generated plan of `subitems` sub-items."""
    if subitems:
        from benchmarks.synthetic import generate_plan

        plan = window.session.plans.create_plan("大计划", generate_plan(subitems))
        window.reload_plans(plan.id)
    dialog = PrintDialog(window.session, InlineRunner(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_preview_save_and_print(qtbot, window: MainWindow, interaction, tmp_path: Path) -> None:
    dialog = PrintDialog(window.session, InlineRunner(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    pages = len(PdfReader(str(dialog.pdf)).pages)
    assert dialog.info.text() == f"任务分解表：共 {pages} 页"
    preview = dialog.preview
    assert preview.page_count() == pages
    preview.grab()  # painted: the pages in view are drawn
    assert preview.drawn() and preview.drawn()[0] == 0
    width_75 = preview.page_size(0).width()
    dialog.zoom.setCurrentIndex(dialog.zoom.findText("150%"))
    assert preview.page_size(0).width() > width_75 * 1.9

    dialog.report.setCurrentIndex(dialog.report.findData("duties"))
    assert dialog.unit.itemText(0) == "全部单位"
    dialog.unit.setCurrentIndex(dialog.unit.findText("县公安局"))
    assert dialog.info.text() == "单位责任清单：共 1 页"
    assert "县公安局责任清单" in PdfReader(str(dialog.pdf)).pages[0].extract_text().replace(" ", "")

    interaction.save_answer = tmp_path / "公安局责任清单"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "公安局责任清单.pdf"
    assert saved.read_bytes() == dialog.pdf.read_bytes()

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 1

    temp = dialog._tmp
    dialog.reject()
    assert not temp.exists()  # the previews are cleaned up


def test_print_action_opens_for_the_current_plan(window: MainWindow) -> None:
    assert window.file_actions.print_action.isEnabled()
    assert window.file_actions.print_action.shortcut().toString() != ""


def test_the_preview_draws_only_the_pages_in_view(qtbot, window: MainWindow) -> None:
    """A thousand pages and more: one widget paints the pages in view (a widget per page
    was misplaced past Qt's 524,287 px, and zooming drew every page)."""
    dialog = open_dialog(qtbot, window, subitems=400)
    preview = dialog.preview
    pages = len(PdfReader(str(dialog.pdf)).pages)
    assert preview.page_count() == pages > 20
    preview.grab()
    assert preview.drawn() == list(preview.pages_in_view()) and preview.drawn()[0] == 0

    bar = preview.verticalScrollBar()
    bar.setValue(bar.maximum())
    image = preview.grab().toImage()
    assert preview.pages_in_view()[-1] == pages - 1
    assert pages - 1 in preview.drawn() and len(preview.drawn()) <= 8
    middle = image.pixelColor(image.width() // 2, image.height() // 2)
    assert middle.lightness() > 200, "a page, not the grey behind it"

    dialog.zoom.setCurrentIndex(dialog.zoom.findText("50%"))  # the place is kept
    preview.grab()
    assert preview.pages_in_view()[-1] == pages - 1 and len(preview.drawn()) <= 8


def test_the_printer_is_set_to_the_reports_paper(qtbot, window: MainWindow) -> None:
    from PySide6.QtGui import QPageLayout, QPageSize

    dialog = PrintDialog(window.session, InlineRunner(), window)
    qtbot.addWidget(dialog)
    printer = dialog.new_printer()
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    dialog.orientation.setCurrentIndex(1)  # A4 纵向
    assert dialog.new_printer().pageLayout().orientation() == QPageLayout.Orientation.Portrait


def test_printing_shows_its_progress_and_can_be_cancelled(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtGui import QPageLayout
    from PySide6.QtWidgets import QProgressDialog

    dialog = PrintDialog(window.session, InlineRunner(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    pages = dialog.preview.page_count()
    assert pages > 3
    seen: list[str] = []
    monkeypatch.setattr(QProgressDialog, "setLabelText", lambda self, t: seen.append(t))
    printer = dialog.new_printer()
    printer.setResolution(150)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "all.pdf"))
    assert dialog.print_to(printer)
    printed = PdfReader(str(tmp_path / "all.pdf")).pages
    assert len(printed) == pages and seen[-1] == f"正在打印第 {pages} 页，共 {pages} 页…"
    box = printed[0].mediabox
    assert box.width > box.height  # landscape paper, as the preview
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape

    calls = iter([False, False, True])
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: next(calls, True))
    printer = dialog.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "cancelled.pdf"))
    assert not dialog.print_to(printer)  # stopped on the third page


def test_home_and_end_go_to_the_first_and_last_page(qtbot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window, subitems=300)
    preview = dialog.preview
    preview.setFocus()
    qtbot.keyClick(preview, Qt.Key.Key_End)
    assert preview.pages_in_view()[-1] == preview.page_count() - 1
    qtbot.keyClick(preview, Qt.Key.Key_Home)
    assert preview.verticalScrollBar().value() == 0
    assert dialog.new_printer().fullPage()  # the report's own margins, not the printer's too
