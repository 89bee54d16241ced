"""文件 › 打印: preview pages, switch report, unit, style and scope, zoom, save, print;
the preview, the printer and the PDF painted from one layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from soildesk.reports.page import Text
from ui.background import InlineRunner
from ui.main_window import MainWindow
from ui.print_dialog import PrintDialog


def page_words(dialog: PrintDialog, index: int = 0) -> str:
    assert dialog.document is not None
    return "".join(i.text for i in dialog.document.draw(index) if isinstance(i, Text))


def pdf_words(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(str(path)).pages]


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
    pages = dialog.document.count
    assert pages > 5 and dialog.info.text() == f"任务分解表：共 {pages} 页"
    assert dialog.busy.isHidden()  # shown only while laying out
    preview = dialog.preview
    assert preview.page_count() == pages
    preview.grab()  # painted: the pages in view are drawn
    assert preview.drawn() and preview.drawn()[0] == 0
    assert dialog.zoom.currentText() == "适合宽度"  # the page as wide as the view
    view = preview.viewport().width()
    assert view * 0.85 < preview.page_size(0).width() <= view
    dialog.resize(dialog.width() - 200, dialog.height())
    qtbot.waitUntil(lambda: preview.page_size(0).width() <= preview.viewport().width())
    assert preview.page_size(0).width() > preview.viewport().width() * 0.85  # it followed
    dialog.zoom.setCurrentIndex(dialog.zoom.findText("整页"))
    size = preview.page_size(0)
    assert size.height() <= preview.viewport().height() and size.width() <= view
    dialog.zoom.setCurrentIndex(dialog.zoom.findText("75%"))
    width_75 = preview.page_size(0).width()
    dialog.zoom.setCurrentIndex(dialog.zoom.findText("150%"))
    assert preview.page_size(0).width() > width_75 * 1.9

    dialog.report.setCurrentIndex(dialog.report.findData("duties"))
    assert dialog.unit.itemText(0) == "全部单位"
    dialog.unit.setCurrentIndex(dialog.unit.findText("县公安局"))
    assert dialog.info.text() == "单位责任清单：共 1 页"
    assert "县公安局责任清单" in page_words(dialog)

    interaction.save_answer = tmp_path / "公安局责任清单"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = pdf_words(tmp_path / "公安局责任清单.pdf")
    assert len(saved) == 1 and saved[0].startswith("县公安局责任清单")
    assert dialog.info.text().startswith("已保存到")

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    printed = pdf_words(tmp_path / "printed.pdf")
    assert len(printed) == 1 and "县公安局责任清单" in printed[0]  # text, not a picture


def test_print_action_opens_for_the_current_plan(window: MainWindow) -> None:
    assert window.file_actions.print_action.isEnabled()
    assert window.file_actions.print_action.shortcut().toString() != ""


def test_the_preview_draws_only_the_pages_in_view(qtbot, window: MainWindow) -> None:
    """A thousand pages and more: one widget paints the pages in view (a widget per page
    was misplaced past Qt's 524,287 px, and zooming drew every page)."""
    dialog = open_dialog(qtbot, window, subitems=400)
    preview = dialog.preview
    pages = dialog.document.count
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


def test_printing_runs_off_the_gui_thread_on_landscape_paper(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    """The real thread pool: the pages are painted in a worker while the window lives;
    the printer gets them all, landscape as the preview."""
    import threading

    from PySide6.QtGui import QPageLayout

    from ui import page_paint
    from ui.background import ThreadRunner

    dialog = PrintDialog(window.session, InlineRunner(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    pages = dialog.preview.page_count()
    assert pages > 3
    painted_in: set[str] = set()
    paint = page_paint.paint_page

    def spy(painter, items, fonts):  # type: ignore[no-untyped-def]
        painted_in.add(threading.current_thread().name)
        paint(painter, items, fonts)

    monkeypatch.setattr(page_paint, "paint_page", spy)
    dialog.runner = ThreadRunner()
    printer = dialog.new_printer()
    printer.setResolution(150)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "all.pdf"))
    dialog.print_to(printer)
    qtbot.waitUntil(lambda: dialog.info.text().startswith("已送到打印机"), timeout=60_000)
    assert threading.main_thread().name not in painted_in and painted_in
    printed = PdfReader(str(tmp_path / "all.pdf")).pages
    assert len(printed) == pages and dialog.info.text() == f"已送到打印机：共 {pages} 页"
    box = printed[0].mediabox
    assert box.width > box.height  # landscape paper, as the preview
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert dialog.print_button.isEnabled()


def test_printing_tells_its_progress_and_can_be_cancelled(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    from ui import print_dialog

    dialog = PrintDialog(window.session, InlineRunner(), window)
    qtbot.addWidget(dialog)
    pages = dialog.document.count
    told: list[tuple[int, int]] = []
    original = print_dialog._Progress.__call__

    def record(self, done: int, total: int) -> bool:  # type: ignore[no-untyped-def]
        told.append((done, total))
        if done == 3 and cancel:
            self.cancelled.set()  # as the progress window's 取消 does
        return original(self, done, total)

    monkeypatch.setattr(print_dialog._Progress, "__call__", record)
    cancel = False
    printer = dialog.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "all.pdf"))
    dialog.print_to(printer)
    assert told == [(n, pages) for n in range(1, pages + 1)]

    told.clear()
    cancel = True
    printer = dialog.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "cancelled.pdf"))
    dialog.print_to(printer)
    assert told[-1] == (3, pages) and dialog.info.text() == "已取消打印"  # stopped at once
    assert not (tmp_path / "cancelled.pdf").exists()  # no half-printed file left


def test_home_and_end_go_to_the_first_and_last_page(qtbot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window, subitems=300)
    preview = dialog.preview
    preview.setFocus()
    qtbot.keyClick(preview, Qt.Key.Key_End)
    assert preview.pages_in_view()[-1] == preview.page_count() - 1
    qtbot.keyClick(preview, Qt.Key.Key_Home)
    assert preview.verticalScrollBar().value() == 0
    assert dialog.new_printer().fullPage()  # the report's own margins, not the printer's too


def test_preview_and_pdf_are_painted_from_one_layout(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """The same page through QPainter (the preview's and the printer's painter) and
    through reportlab: the same ink in the same places."""
    from PySide6.QtGui import QImage, QPainter

    from soildesk.reports.pdf_paint import write_pdf
    from ui.page_paint import GlyphFonts, paint_page
    from ui.pdf_pages import render_page

    dialog = open_dialog(qtbot, window)
    document = dialog.document
    write_pdf(document, tmp_path / "r.pdf")
    scale = 1.5
    for index in (0, 1):
        pdf = render_page(tmp_path / "r.pdf", index, scale).convertToFormat(
            QImage.Format.Format_Grayscale8
        )
        image = QImage(pdf.size(), QImage.Format.Format_Grayscale8)
        image.fill(255)
        painter = QPainter(image)
        painter.scale(scale, scale)
        paint_page(painter, document.draw(index), GlyphFonts())
        painter.end()
        ink = same = 0
        for y in range(0, image.height(), 2):
            for x in range(0, image.width(), 2):
                a, b = pdf.pixelColor(x, y).value() < 128, image.pixelColor(x, y).value() < 128
                ink += a or b
                same += a and b
        assert ink > 2000 and same / ink > 0.8, (index, same, ink)

    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    writer = QPdfWriter(str(tmp_path / "writer.pdf"))  # the PDF engine printers use
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    assert writer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    painter = QPainter(writer)
    painter.scale(writer.resolution() / 72, writer.resolution() / 72)
    paint_page(painter, document.draw(0), GlyphFonts())
    painter.end()
    page = PdfReader(str(tmp_path / "writer.pdf")).pages[0]
    assert page.mediabox.width > page.mediabox.height
    assert re.sub(r"\s+", "", page.extract_text()).startswith(pdf_words(tmp_path / "r.pdf")[0][:20])


def test_printing_is_vector_on_the_presets_paper(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A3 landscape to a PDF printer: the page is A3 landscape and holds text in our
    embedded font, not a picture."""
    from PySide6.QtGui import QPageLayout, QPageSize

    dialog = open_dialog(qtbot, window)
    dialog.preset.setCurrentIndex(dialog.preset.findData("a3"))
    assert dialog.document.paper.name == "A3"
    printer = dialog.new_printer()
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A3
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "a3.pdf"))
    dialog.print_to(printer)
    reader = PdfReader(str(tmp_path / "a3.pdf"))
    assert len(reader.pages) == dialog.document.count
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) in {(1191, 842), (1190, 842)}
    assert "条内容款内容项内容" in re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert not reader.pages[0]["/Resources"].get("/XObject")  # no page picture
    assert (tmp_path / "a3.pdf").stat().st_size < 2_000_000

    dialog.preset.setCurrentIndex(dialog.preset.findData("meeting"))
    meeting = dialog.document.count
    dialog.preset.setCurrentIndex(dialog.preset.findData("standard"))
    assert meeting > dialog.document.count  # 会议版's larger text


def test_printing_the_current_view_prints_the_filtered_rows(qtbot, window: MainWindow) -> None:
    """文件 › 打印当前视图 prints what the filtered table shows, and says so on the
    paper; 打印… offers it but starts with everything (a filter left on silently
    shortened every department's duty sheet)."""
    combo = window.unit_filter
    combo.setCurrentIndex(combo.findText("县公安局", Qt.MatchFlag.MatchStartsWith))
    assert window.proxy.visible is not None
    shown = [
        n for n in window.session.document.all_nodes()
        if n.id in window.proxy.visible and n.level == 4
    ]  # fmt: skip
    plain = window.file_actions.print_dialog()
    qtbot.addWidget(plain)
    assert plain.scope.currentText() == "全部小项"
    assert plain.scope.itemText(1) == f"当前视图（{len(shown)} 个小项）"

    dialog = window.file_actions.print_dialog(current_view=True)
    qtbot.addWidget(dialog)
    assert dialog.scope.currentIndex() == 1
    filtered = dialog.document.count
    words = "".join(page_words(dialog, i) for i in range(filtered))
    assert f"（按表格当前筛选（单位：县公安局）打印，共 {len(shown)} 个小项）" in page_words(
        dialog, 0
    )
    for node in shown:
        assert node.display[:10] in words
    assert plain.document.count > filtered
    dialog.scope.setCurrentIndex(0)  # 全部小项
    assert dialog.document.count == plain.document.count
    assert window.file_actions.print_view_action.text() == "打印当前视图…"


def test_other_paper_chosen_in_the_system_dialog_gets_the_whole_page(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """The clerk turned the printer to portrait for a landscape table: every page comes
    out whole, shrunk onto the paper, text and all."""
    import pypdfium2 as pdfium
    from PySide6.QtGui import QPageLayout

    dialog = open_dialog(qtbot, window)
    printer = dialog.new_printer()
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "portrait.pdf"))
    dialog.print_to(printer)
    pdf = pdfium.PdfDocument(str(tmp_path / "portrait.pdf"))
    try:
        page = pdf[0]
        width, height = page.get_size()
        assert height > width  # the paper the clerk chose
        text = page.get_textpage()
        boxes = [text.get_charbox(k) for k in range(text.count_chars())]
        assert len(boxes) > 500
        assert all(b[0] >= 0 and b[2] <= width and b[1] >= 0 and b[3] <= height for b in boxes)
        words = text.get_text_range().replace("\r\n", "").replace(" ", "")
        assert "条内容款内容项内容" in words and "具体工作内容" in words  # the last column too
    finally:
        pdf.close()


def test_a_page_range_prints_only_those_pages(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """页码范围 2–3 in the print dialog: two pages, not the whole table."""
    dialog = open_dialog(qtbot, window)
    printer = dialog.new_printer()
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "two.pdf"))
    dialog.print_to(printer)
    printed = pdf_words(tmp_path / "two.pdf")
    assert len(printed) == 2 and dialog.info.text() == "已送到打印机：共 2 页"
    assert f"第2页共{dialog.document.count}页" in printed[0]
    assert f"第3页共{dialog.document.count}页" in printed[1]


def test_the_wheel_never_switches_the_report_and_ctrl_wheel_zooms(
    qtbot, window: MainWindow
) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    dialog = open_dialog(qtbot, window)
    assert dialog.focusWidget() is dialog.preview  # not the 报表 box

    def wheel(widget, delta: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        at = QPointF(widget.rect().center())
        event = QWheelEvent(
            at, widget.mapToGlobal(at), QPoint(), QPoint(0, delta), Qt.MouseButton.NoButton,
            modifiers, Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(widget, event)

    wheel(dialog.report, -120)
    assert dialog.report.currentData() == "breakdown"  # unfocused: the wheel left it
    wheel(dialog.preview.viewport(), -120, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom.currentText().endswith("%")
    smaller = dialog.preview.page_size(0).width()
    wheel(dialog.preview.viewport(), 120, Qt.KeyboardModifier.ControlModifier)
    wheel(dialog.preview.viewport(), 120, Qt.KeyboardModifier.ControlModifier)
    assert dialog.preview.page_size(0).width() > smaller * 1.2


def test_a_choice_made_while_laying_out_stops_the_old_layout(qtbot, window: MainWindow) -> None:
    """The old layout gives up at once (it ran on for seconds on 10,000 sub-items)."""
    from soildesk.reports.page import Cancelled
    from soildesk.reports.render import layout_report

    dialog = open_dialog(qtbot, window)
    calls = iter([False, False, True])
    with pytest.raises(Cancelled):
        layout_report(
            window.session.plans.db, window.session.plan, "breakdown", stop=lambda: next(calls)
        )
    seen: list[BaseException] = []

    class Later:  # holds the work until the clerk has chosen again
        def run(self, work, done, failed):  # type: ignore[no-untyped-def]
            self.job = (work, done, failed)

    later = Later()
    dialog.runner = later
    dialog.report.setCurrentIndex(dialog.report.findData("duties"))  # the first choice
    first = later.job
    dialog.runner = InlineRunner()
    dialog.report.setCurrentIndex(dialog.report.findData("progress"))  # and the next
    with pytest.raises(Cancelled):
        first[0]()  # the first layout, run now, stops at its first check
    assert dialog.info.text().startswith("填报期进展报告") and not seen


def test_closing_the_dialog_lets_its_pages_go(qtbot, window: MainWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from ui.print_dialog import PrintDialog as Dialog

    opened: list[Dialog] = []
    monkeypatch.setattr(Dialog, "exec", lambda self: (opened.append(self), self.reject())[0] and 0)
    window.file_actions.open_print()
    assert opened and opened[0].document is None and opened[0].preview.document is None
    assert opened[0].result() == QDialog.DialogCode.Rejected


def test_a_cancelled_print_keeps_the_old_file_and_a_folder_is_no_file_name(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    from ui import print_dialog

    dialog = open_dialog(qtbot, window)
    old = tmp_path / "old.pdf"
    old.write_bytes(b"%PDF-1.4 the clerk's earlier print")
    original = print_dialog._Progress.__call__

    def cancel_at_two(self, done: int, total: int) -> bool:  # type: ignore[no-untyped-def]
        if done == 2:
            self.cancelled.set()
        return original(self, done, total)

    monkeypatch.setattr(print_dialog._Progress, "__call__", cancel_at_two)
    printer = dialog.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(old))
    dialog.print_to(printer)
    assert dialog.info.text() == "已取消打印"
    assert old.read_bytes() == b"%PDF-1.4 the clerk's earlier print"
    assert [p.name for p in tmp_path.iterdir() if "pdf" in p.name] == ["old.pdf"]  # no temporary

    said: list[str] = []
    monkeypatch.setattr(dialog.session, "report", said.append)
    printer.setOutputFileName(str(tmp_path) + "/")  # what a PC without printers offered
    dialog.print_to(printer)
    assert said and "需要一个文件名" in said[-1]


def test_the_view_is_named_on_paper_and_offered_only_when_filtered(
    qtbot, window: MainWindow
) -> None:
    action = window.file_actions.print_view_action
    assert not action.isEnabled()  # nothing filtered
    window.search.setText("黑土")
    assert action.isEnabled()
    dialog = window.file_actions.print_dialog(current_view=True)
    qtbot.addWidget(dialog)
    assert "（按表格当前筛选（搜索“黑土”）打印，共" in page_words(dialog, 0)
    assert dialog.suggested_name().endswith("任务分解表（当前视图）.pdf")
    dialog.preset.setCurrentIndex(dialog.preset.findData("meeting"))
    assert dialog.suggested_name().endswith("（当前视图）（会议版）.pdf")
    window.search.clear()
    assert not action.isEnabled()


def test_the_page_in_view_is_told_as_the_printer_counts(qtbot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    bar = dialog.preview.verticalScrollBar()
    bar.setValue(bar.maximum())
    count = dialog.document.count
    at = dialog.preview.pages_in_view()[0] + 1
    assert dialog.page_at.text() == f"当前第 {at} / {count} 页"
    assert dialog.preview.pages_in_view()[0] >= count - 2
