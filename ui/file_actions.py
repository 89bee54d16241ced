"""The window's file actions: import a breakdown table (with its preview), export the
official Excel attachment (all, or one unit's part), print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from soildesk.bugs import explain
from soildesk.domain import Level, UnitInfo
from soildesk.errors import KnownError
from soildesk.files import safe_filename

if TYPE_CHECKING:  # readers and writers load when first used, not at start-up
    from soildesk.export.xlsx_breakdown import ExportReport
    from soildesk.importing.table import ImportResult
    from soildesk.plan_update import UpdateReview

    from .main_window import MainWindow

IMPORT_FILTER = (
    "任务分解表 (*.xlsx *.xls *.et *.ods *.docx *.doc *.txt);;Excel 工作簿 (*.xlsx *.xls);;"
    "WPS 表格 (*.et);;OpenDocument 表格 (*.ods);;Word 文档 (*.docx *.doc);;文本 (*.txt)"
)


class FileActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.import_action = window._action(
            "导入任务分解表…", self.import_file, "Ctrl+I", "从 Excel、Word 或文本文件导入为新计划"
        )
        self.draft_action = window._action(
            "从方案文档生成…",
            self.draft_from_document,
            tip="从行动计划、工作方案原文生成任务分解表草稿，审阅后建立计划",
        )
        self.update_action = window._action(
            "用新版任务分解表更新…",
            self.update_from_file,
            tip="用市里修改后的任务分解表更新当前计划：先审阅变化，进展和佐证保留，可撤销",
        )
        self.export_action = window._action(
            "导出任务分解表（Excel）…", self.export_all, "Ctrl+E", "导出为上级要求的附件格式"
        )
        self.print_action = window._action(
            "打印…",
            self.open_print,
            QKeySequence.StandardKey.Print,
            "打印任务分解表、责任清单或进展报告",
        )
        self.print_view_action = window._action(
            "打印当前视图…",
            self.open_print_view,
            tip="只打印表格当前筛选（按单位、状态或搜索）出的小项",
        )
        window.proxy.filter_changed.connect(self._view_changed)
        self._view_changed()  # nothing filtered: nothing but 打印… to offer
        self.export_unit_action = window._action(
            "导出某单位的任务（Excel）…", self.export_unit, tip="只导出一个单位牵头或配合的小项"
        )

    def add_to(self, menu: QMenu) -> None:
        menu.addActions([self.import_action, self.draft_action, self.update_action])
        export_menu = menu.addMenu("导出")
        export_menu.addActions([self.export_action, self.export_unit_action])
        menu.addActions([self.print_action, self.print_view_action])

    def import_file(self) -> None:
        path = self.window.interaction.open_file("导入任务分解表", IMPORT_FILTER)
        if path is None:
            return
        self.window.statusBar().showMessage(f"正在读取 {path.name}…")
        from soildesk.importing import load_file

        self.window.runner.run(
            lambda: load_file(path), self._review_import, self._file_failed("无法导入")
        )

    def draft_from_document(self) -> None:
        from soildesk.drafting import draft_file

        path = self.window.interaction.open_file(
            "从方案文档生成", "方案文档 (*.docx *.txt *.md);;Word 文档 (*.docx);;文本 (*.txt *.md)"
        )
        if path is None:
            return
        self.window.statusBar().showMessage(f"正在读取 {path.name}…")
        self.window.runner.run(
            lambda: draft_file(path), self._review_drafts, self._file_failed("无法生成草稿")
        )

    def _review_drafts(self, found: tuple[list, list[str]]) -> None:
        from soildesk.drafting import default_name, store_draft
        from soildesk.drafting.review import Review

        self.window.statusBar().clearMessage()
        drafts, lines = found
        made = None
        for n, draft in enumerate(drafts, start=1):
            review = Review.of(draft)
            taken = {s.plan.name for s in self.session.plans.list_plans()}
            name = self.window.interaction.review_draft(
                review, lines, default_name(draft.title, taken), (n, len(drafts))
            )
            if name is None:
                continue
            try:
                made = store_draft(self.session.plans, draft, name, roots=review.result())
            except KnownError as exc:
                self.window.interaction.error("无法建立计划", str(exc))
        if made is not None:
            self.window.reload_plans(made.id)
            self.window.statusBar().showMessage(f"已从方案文档建立“{made.name}”", 8000)

    def _review_import(self, result: ImportResult) -> None:
        from soildesk.importing.plan_import import proposed_name, store_import, unit_suspects

        self.window.statusBar().clearMessage()
        registry = [u.name for u in self.session.units.list_units()]
        choice = self.window.interaction.review_import(
            result, proposed_name(self.session.plans, result), unit_suspects(result, registry)
        )
        if choice is None:
            return
        try:
            plan = store_import(self.session.plans, result, choice.name, choice.merges)
        except KnownError as exc:
            self.window.interaction.error("无法导入", str(exc))
            return
        self.window.reload_plans(plan.id)
        counts = result.counts()
        self.window.statusBar().showMessage(
            f"已导入“{plan.name}”：小项 {counts[Level.SUBITEM]} 个", 8000
        )

    def update_from_file(self) -> None:
        if not self._need_plan("用新版任务分解表更新"):
            return
        path = self.window.interaction.open_file("选择新版任务分解表", IMPORT_FILTER)
        if path is None:
            return
        self.update_with(path)

    def update_with(self, path: Path) -> None:
        from soildesk.importing import load_file
        from soildesk.plan_update import build_update

        plan = self.session.plan
        assert plan is not None
        self.window.editor.flush()
        db = self.session.plans.db
        self.window.statusBar().showMessage(f"正在读取 {path.name}…")
        self.window.runner.run(
            lambda: build_update(db, plan, path, load_file(path)),
            self._update_reviewed,
            self._file_failed("无法读取新版任务分解表"),
        )

    def _update_reviewed(self, review: UpdateReview) -> None:
        from soildesk.plan_update import apply_update

        self.window.statusBar().clearMessage()
        interaction = self.window.interaction
        if review.empty or review.only_kept:
            interaction.inform(
                "用新版任务分解表更新",
                f"{review.path.name} 与当前计划一致，没有需要更新的内容。",
            )
            return
        if not interaction.review_update(review):
            return
        db = self.session.plans.db
        self.session.push(lambda: apply_update(db, review))
        self.window.statusBar().showMessage(f"已按 {review.path.name} 更新计划（可撤销）。", 10000)

    def export_all(self) -> None:
        self._export(None)

    def _need_plan(self, what: str) -> bool:
        """False, with a word to the clerk, when there is no plan to act on."""
        if self.session.plan_id is not None:
            return True
        self.window.interaction.inform(
            what, "还没有打开任何计划。请先用“文件 › 导入任务分解表…”导入，或新建一个计划。"
        )
        return False

    def export_unit(self) -> None:
        if not self._need_plan("导出"):
            return
        units = [
            u
            for u in self.session.units.list_units(self.session.plan_id)
            if u.lead_count + u.cooperate_count + u.other_count
        ]
        choice = self.window.interaction.pick(
            "导出某单位的任务", "选择单位：", [u.name for u in units]
        )
        if choice is not None:
            self._export(units[choice])

    def _export(self, unit: UnitInfo | None) -> None:
        from soildesk.export.xlsx_breakdown import export_breakdown

        if not self._need_plan("导出"):
            return
        plan_id = self.session.plan_id
        assert plan_id is not None
        self.window.editor.flush()
        plan = next(s.plan for s in self.session.plans.list_plans() if s.plan.id == plan_id)
        suggested = safe_filename(
            f"{plan.name}{'（' + unit.name + '）' if unit else ''}任务分解表.xlsx"
        )
        path = self.window.interaction.save_file(
            "导出任务分解表", suggested, "Excel 工作簿 (*.xlsx)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        roots = self.session.plans.load_tree(plan_id)
        self.window.statusBar().showMessage(f"正在导出 {path.name}…")
        self.window.runner.run(
            lambda: export_breakdown(path, plan, roots, unit),
            self._exported,
            self._file_failed("无法导出"),
        )

    def _exported(self, report: ExportReport) -> None:
        self.window.statusBar().showMessage(f"已导出 {report.rows} 行到 {report.path}", 8000)
        if report.warnings:
            self.window.interaction.inform(
                "导出完成", "已导出，但请注意：\n" + "\n".join(report.warnings)
            )

    def _file_failed(self, title: str) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            self.window.statusBar().clearMessage()
            self.window.interaction.error(title, explain(exc))

        return failed

    def open_print(self) -> None:
        if not self._need_plan("打印"):
            return
        self.window.editor.flush()
        dialog = self.print_dialog()
        dialog.exec()
        dialog.deleteLater()  # each opening kept its pages alive (35 MB at 10,000 sub-items)

    def open_print_view(self) -> None:
        """文件 › 打印当前视图…: the dialog with the filtered table's rows chosen."""
        if not self._need_plan("打印"):
            return
        self.window.editor.flush()
        dialog = self.print_dialog(current_view=True)
        dialog.exec()
        dialog.deleteLater()

    def print_dialog(self, current_view: bool = False):  # type: ignore[no-untyped-def]
        """The print dialog, offered the rows the table view shows (打印当前视图)."""
        from .print_dialog import PrintDialog  # QtPrintSupport loads only when printing

        proxy = self.window.proxy
        return PrintDialog(
            self.session,
            self.window.runner,
            self.window,
            lambda: proxy.visible,
            current_view,
            self.view_words,
        )

    def view_words(self) -> str:
        """The table's filter in words, for the paper: 单位：县环保局，搜索“黑土”."""
        w = self.window
        parts = []
        if w.unit_filter.currentIndex() > 0:
            parts.append(f"单位：{w.unit_filter.currentText().rsplit('（牵头', 1)[0]}")
        status = w.progress_actions.status_filter
        if status.currentIndex() > 0:
            parts.append(f"状态：{status.currentText()}")
        if w.search.text().strip():
            parts.append(f"搜索“{w.search.text().strip()}”")
        if not parts and w.proxy.visible is not None:
            parts.append("总览中所选")
        return "，".join(parts)

    def _view_changed(self) -> None:
        self.print_view_action.setEnabled(self.window.proxy.visible is not None)
