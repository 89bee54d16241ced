"""Storing an imported table as a new plan: one transaction, so a failed or cancelled
import writes nothing."""

from __future__ import annotations

from ..domain import PlanInfo
from ..plans import PlanService
from .naming import propose_name, region_of, year_of
from .table import ImportResult


def proposed_name(plans: PlanService, result: ImportResult) -> str:
    return propose_name(result.title, {s.plan.name for s in plans.list_plans()})


def store_import(plans: PlanService, result: ImportResult, name: str | None = None) -> PlanInfo:
    return plans.create_plan(
        name or proposed_name(plans, result),
        result.roots,
        region=region_of(result.title),
        title=result.title,
        year=year_of(result.title),
        extra_columns=result.extra_columns,
    )
