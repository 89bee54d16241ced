"""One entry for every printed report, used by the command line and the window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..db.database import Database
from ..domain import PlanInfo, UnitInfo
from ..errors import ValidationError
from ..plans import PlanService
from .breakdown_pdf import print_breakdown
from .data import gather
from .duties_pdf import print_duties
from .progress_pdf import print_progress

REPORTS = {"breakdown": "任务分解表", "duties": "单位责任清单", "progress": "填报期进展报告"}


def render_report(
    db: Database, plan: PlanInfo, report: str, target: Path, *, unit: UnitInfo | None = None,
    period: str | None = None, landscape_mode: bool = True, today: date | None = None,
) -> int:  # fmt: skip
    """Write the report's PDF to `target`; returns its page count."""
    if report == "breakdown":
        return print_breakdown(
            target,
            plan,
            PlanService(db).load_tree(plan.id),
            unit,
            landscape_mode=landscape_mode,
            printed_on=today,
        )
    data = gather(db, plan, period, today)
    if report == "duties":
        units = [unit] if unit else data.units
        if not units:
            raise ValidationError("这个计划还没有任何责任单位，无法打印责任清单。")
        return print_duties(target, data, units, landscape_mode=landscape_mode, printed_on=today)
    if report == "progress":
        return print_progress(target, data, landscape_mode=landscape_mode, printed_on=today)
    raise ValidationError(f"未知的报表类型：{report}")
