"""One entry for every printed report, used by the command line and the window: the
report laid out once (a Document), then painted into a PDF here or, by the window,
onto the preview and the printer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..db.database import Database
from ..domain import Level, PlanInfo, UnitInfo
from ..errors import ValidationError
from ..plans import PlanService
from .flow import Block, flow
from .fonts import choose_fonts
from .page import Document, paper
from .pdf_paint import write_pdf
from .setting import Styles

REPORTS = {"breakdown": "任务分解表", "duties": "单位责任清单", "progress": "填报期进展报告"}


@dataclass(frozen=True)
class Preset:
    label: str
    paper: str  # "A4" or "A3"
    size: float  # body text, pt
    office_line: bool = False  # 填报单位：… 填报时间：… under the title


PRESETS = {
    "standard": Preset("标准（A4）", "A4", 9.5),
    "meeting": Preset("会议版（A4，大字）", "A4", 12.0),
    "report": Preset("报送版（A4，含填报单位）", "A4", 9.5, office_line=True),
    "a3": Preset("A3", "A3", 11.0),
}


def layout_report(
    db: Database, plan: PlanInfo, report: str, *, unit: UnitInfo | None = None,
    period: str | None = None, landscape_mode: bool = True, today: date | None = None,
    preset: str = "standard", subitems: Callable[[int], bool] | None = None,
    note: str = "", stop: Callable[[], bool] | None = None,
) -> Document:  # fmt: skip
    """The report's pages. `subitems`, when given, keeps only the sub-items (by id) it
    accepts: 打印当前视图 prints what the table view shows, and `note` says so on the
    paper under the title. `stop` is asked as the layout goes; True gives up with
    Cancelled (the clerk chose something else meanwhile)."""
    from .breakdown_pdf import breakdown_blocks
    from .data import gather
    from .duties_pdf import duties_blocks
    from .progress_pdf import progress_blocks

    if report not in REPORTS:
        raise ValidationError(f"未知的报表类型：{report}")
    if preset not in PRESETS:
        raise ValidationError(f"未知的打印样式：{preset}（可用：{'、'.join(PRESETS)}）")
    chosen = PRESETS[preset]
    styles = Styles(choose_fonts(), chosen.size)
    day = today or date.today()
    line = _office_line(db, plan, day) if chosen.office_line else ""
    line = "　　".join(t for t in (note, line) if t)
    blocks: Iterable[Block]
    if report == "breakdown":
        roots = PlanService(db).load_tree(plan.id)
        if subitems is not None:
            roots = _keep(roots, subitems)
        blocks = breakdown_blocks(plan, roots, unit, styles, line)
        title = plan.title or plan.name
    else:
        data = gather(db, plan, period, today)
        if subitems is not None:
            data.roots = _keep(data.roots, subitems)
        if report == "duties":
            units = [unit] if unit else data.units
            if not units:
                raise ValidationError("这个计划还没有任何责任单位，无法打印责任清单。")
            blocks = duties_blocks(data, units, styles, line)
            title = f"{plan.name}责任清单"
        else:
            blocks = progress_blocks(data, styles, line)
            title = f"{plan.name}进展情况（{data.period.name if data.period else '未设置填报期'}）"
    return flow(blocks, paper(chosen.paper, landscape_mode), styles, title, day, stop)


def render_report(
    db: Database, plan: PlanInfo, report: str, target: Path, **options: object
) -> int:
    """Write the report's PDF to `target`; returns its page count."""
    return write_pdf(layout_report(db, plan, report, **options), Path(target))  # type: ignore[arg-type]


def _office_line(db: Database, plan: PlanInfo, day: date) -> str:
    from ..returns import office_line, office_name

    return office_line(office_name(db, plan), day)


def _keep(roots: list, accept: Callable[[int], bool]) -> list:
    """A copy of the tree holding only accepted sub-items and the nodes above them."""
    from dataclasses import replace

    def prune(node):  # type: ignore[no-untyped-def]
        if not node.children:
            return node if node.level is Level.SUBITEM and accept(node.id) else None
        kids = [k for k in (prune(c) for c in node.children) if k is not None]
        if not kids:
            return None
        copy = replace(node, children=kids)
        for k in kids:
            k.parent = copy
        return copy

    return [k for k in (prune(r) for r in roots) if k is not None]
