"""The window's actions for the collection loop: make the departments' packets, take
returned ones in (from the menu or dropped on the window) through the review, and see
who has not answered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMenu

from soildesk.bugs import explain

if TYPE_CHECKING:
    from soildesk.evidence_packet import EvidencePacket
    from soildesk.packets.make import PacketFile
    from soildesk.packets.review import Review

    from .main_window import MainWindow

PACKET_FILTER = "填报表 (*.xlsx *.xls *.et *.zip);;所有文件 (*)"
PACKET_SUFFIXES = {".xlsx", ".xls", ".et", ".zip"}


class PacketActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.export_action = window._action(
            "生成部门填报表…",
            self.export_packets,
            tip="为各单位生成本期的填报表（.xlsx），发给部门填写",
        )
        self.collect_action = window._action(
            "收录部门填报表…",
            self.collect,
            tip="收录部门填好的填报表：先审阅每项变化，再一次收录（可撤销）；也可把文件拖进窗口",
        )
        self.return_action = window._action(
            "报送市里（进展情况表）…",
            self.open_return,
            tip="导出本期的进展情况表（Excel 或 PDF），正式报送时留存所报内容",
        )
        self.evidence_action = window._action(
            "导出佐证材料包…",
            self.export_evidence,
            tip="本期的佐证材料打成一个 .zip：按小项编号分文件夹，附目录和 SHA256SUMS",
        )
        self.missing_action = window._action(
            "催办…", self.show_missing, tip="本期尚未报送或有未填写项目的单位，催办文字和催办单"
        )

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addActions([self.export_action, self.collect_action, self.missing_action])
        menu.addSeparator()
        menu.addActions([self.return_action, self.evidence_action])

    def update(self) -> None:
        has_plan = self.session.plan_id is not None
        actions = (
            self.export_action,
            self.collect_action,
            self.missing_action,
            self.return_action,
            self.evidence_action,
        )
        for action in actions:
            action.setEnabled(has_plan)

    def _need_period(self, what: str) -> bool:
        if self.session.plan is None:
            self.session.interaction.inform(what, "还没有打开任何计划。")
            return False
        if self.session.period is None:
            self.session.interaction.inform(
                what, "这个计划还没有填报期。请先用“进展 › 管理填报期…”添加（如 2024年上半年）。"
            )
            return False
        return True

    # -- packets out -----------------------------------------------------------
    def export_packets(self) -> None:
        if not self._need_period("生成部门填报表"):
            return
        from .packet_export_dialog import PacketExportDialog

        plan, period = self.session.plan, self.session.period
        assert plan is not None and period is not None
        self.window.editor.flush()
        from soildesk.packets.make import packet_sizes

        units = packet_sizes(self.session.document.roots, self.session.units.list_units(plan.id))
        dialog = PacketExportDialog(units, period.name, self.session.interaction, None, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.make_packets(dialog.chosen(), dialog.target())

    def make_packets(self, unit_names: list[str], folder: Path) -> None:
        from soildesk.packets.make import export_packets

        plan, period = self.session.plan, self.session.period
        assert plan is not None and period is not None
        db, today = self.session.plans.db, self.session.today()
        self.window.statusBar().showMessage(f"正在生成 {len(unit_names)} 个单位的填报表…")
        self.window.runner.run(
            lambda: export_packets(db, plan, period.name, folder, unit_names, today),
            lambda made: self._made(made, folder),
            self._failed("无法生成填报表"),
        )

    def _made(self, made: list[PacketFile], folder: Path) -> None:
        self.window.statusBar().showMessage(f"已生成 {len(made)} 份填报表：{folder}", 8000)
        names = "、".join(f.path.name for f in made[:6]) + ("等" if len(made) > 6 else "")
        self.session.interaction.inform(
            "生成部门填报表",
            f"已在 {folder} 生成 {len(made)} 份填报表（{names}）。\n"
            "发给各单位填写后，用“进展 › 收录部门填报表…”收回，或把文件拖进窗口。",
        )

    # -- packets back ----------------------------------------------------------
    def collect(self) -> None:
        if not self._need_period("收录部门填报表"):
            return
        paths = self.session.interaction.open_files("收录部门填报表", PACKET_FILTER)
        if paths:
            self.collect_files(paths)

    def collect_files(self, paths: list[Path]) -> None:
        """Read the packets (off the GUI thread), show the review, apply what the clerk
        accepted as one undo step."""
        if not self._need_period("收录部门填报表"):
            return
        from soildesk.packets.review import build_review

        plan, period = self.session.plan, self.session.period
        assert plan is not None and period is not None
        self.window.editor.flush()
        db = self.session.plans.db
        self.window.statusBar().showMessage(f"正在读取 {len(paths)} 份填报表…")
        self.window.runner.run(
            lambda: build_review(db, plan, period, paths),
            self._reviewed,
            self._failed("无法读取填报表"),
        )

    def _reviewed(self, review: Review) -> None:
        try:
            self._take(review)
        finally:
            review.cleanup()

    def _take(self, review: Review) -> None:
        from soildesk.packets.review import apply_review

        self.window.statusBar().clearMessage()
        interaction = self.session.interaction
        if not review.packets:
            interaction.error("收录部门填报表", "\n\n".join(why for _path, why in review.refused))
            return
        if review.nothing_new:
            left = review.count("conflict") + review.count("error")
            text = "这些填报表已收录过，内容没有新的变化，没有写入任何内容。"
            if review.refused:
                text += "\n\n" + "\n".join(why for _p, why in review.refused)
            if left:
                text += f"\n\n仍有 {left} 个小项有冲突或填写有误，可再次审阅时逐项选择。"
            if not left:
                interaction.inform("收录部门填报表", text)
                return
        if not interaction.review_packets(review):
            return
        db = self.session.plans.db
        command = self.session.push(lambda: apply_review(db, review))
        taken = sum(1 for i in review.items if i.accept is not None)
        if command.change is not None:
            self.window.statusBar().showMessage(
                f"已收录 {taken} 个小项的进展（{len(review.packets)} 份填报表）。可撤销。", 10000
            )

    # -- who has not answered --------------------------------------------------
    def show_missing(self) -> None:
        if not self._need_period("催办"):
            return
        from soildesk.packets.missing import missing_units

        from .missing_dialog import MissingDialog

        plan, period = self.session.plan, self.session.period
        assert plan is not None and period is not None
        rows = missing_units(self.session.plans.db, plan, period)
        MissingDialog(plan, period, rows, self.session.interaction, self.window).exec()

    # -- the return to the city ---------------------------------------------
    def open_return(self) -> None:
        if not self._need_period("报送市里"):
            return
        from .return_dialog import ReturnDialog

        plan, period = self.session.plan, self.session.period
        assert plan is not None and period is not None
        self.window.editor.flush()
        db = self.session.plans.db
        ReturnDialog(
            db, plan, period, self.session.interaction, self.window.runner, self.window
        ).exec()

    def export_evidence(self) -> None:
        if not self._need_period("导出佐证材料包"):
            return
        from soildesk.evidence_packet import export_evidence
        from soildesk.files import safe_filename

        plan, period = self.session.plan, self.session.period
        assert plan is not None and period is not None
        suggested = safe_filename(f"{plan.name}{period.name}佐证材料.zip")
        path = self.session.interaction.save_file("导出佐证材料包", suggested, "压缩包 (*.zip)")
        if path is None:
            return
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
        db, today = self.session.plans.db, self.session.today()
        self.window.statusBar().showMessage(f"正在打包 {path.name}…")
        self.window.runner.run(
            lambda: export_evidence(db, plan, period.name, path, None, today),
            self._evidence_done,
            self._failed("无法导出佐证材料包"),
        )

    def _evidence_done(self, done: EvidencePacket) -> None:
        self.window.statusBar().showMessage(
            f"已导出佐证材料包：{done.path}（{done.subitems} 个小项，{done.files} 个文件）", 10000
        )
        if done.missing:
            self.session.interaction.inform(
                "导出佐证材料包",
                "已导出，但以下文件缺失或已被改动，未能按原样打包：\n" + "\n".join(done.missing),
            )

    def _failed(self, title: str) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            self.window.statusBar().clearMessage()
            self.session.interaction.error(title, explain(exc))

        return failed


def dropped_packets(paths: list[Path]) -> list[Path]:
    """The files of a drop on the window that may be packets."""
    return [p for p in paths if p.suffix.lower() in PACKET_SUFFIXES]
