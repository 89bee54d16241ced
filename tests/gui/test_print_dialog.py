"""文件 › 打印: preview pages, switch report and unit, zoom, save, print."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from ui.background import InlineRunner
from ui.main_window import MainWindow
from ui.print_dialog import PrintDialog


def test_preview_save_and_print(qtbot, window: MainWindow, interaction, tmp_path: Path) -> None:
    dialog = PrintDialog(window.session, InlineRunner(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    pages = len(PdfReader(str(dialog.pdf)).pages)
    assert dialog.info.text() == f"任务分解表：共 {pages} 页"
    labels = dialog.preview_labels()
    assert len(labels) == pages
    width_75 = labels[0].pixmap().width()
    dialog.zoom.setCurrentIndex(dialog.zoom.findText("150%"))
    assert dialog.preview_labels()[0].pixmap().width() > width_75 * 1.9

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
    from benchmarks.synthetic import generate_plan

    plan = window.session.plans.create_plan("大计划", generate_plan(400))
    window.reload_plans(plan.id)
    dialog = PrintDialog(window.session, InlineRunner(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = dialog.preview_labels()
    assert len(labels) == len(PdfReader(str(dialog.pdf)).pages) > 20
    drawn = [i for i, label in enumerate(labels) if not label.pixmap().isNull()]
    assert drawn and drawn[0] == 0 and len(drawn) <= 5
    assert all(label.height() == labels[0].height() for label in labels)  # frames at size

    bar = dialog.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    drawn = [i for i, label in enumerate(labels) if not label.pixmap().isNull()]
    assert drawn[-1] == len(labels) - 1 and 0 not in drawn and len(drawn) <= 5
