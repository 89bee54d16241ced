"""Plans as wholes: rename (one undoable step, in the history), duplicate as a new
year's plan (the same structure, units and duties; no progress, periods or evidence) and
delete (after a backup: it cannot be undone)."""

from __future__ import annotations

from .changes import Change
from .db.lazy import m, sa
from .domain import PlanInfo
from .errors import ValidationError
from .node_copy import as_draft
from .plans import PlanService


class PlanAdmin:
    def __init__(self, plans: PlanService) -> None:
        self.plans = plans
        self.db = plans.db

    def rename(self, plan_id: int, name: str) -> Change:
        name = name.strip()
        if not name:
            raise ValidationError("计划名称不能为空。")
        with self.db.change(f"计划改名为“{name}”") as (s, rec):
            row = s.get(m.PlanRow, plan_id)
            if row is None:
                raise ValidationError("这个计划已不存在。")
            taken = s.scalar(
                sa.select(m.PlanRow.id).where(m.PlanRow.name == name, m.PlanRow.id != plan_id)
            )
            if taken is not None:
                raise ValidationError(f"已有名为“{name}”的计划，请换一个名称。")
            row.name = name
        assert rec.change is not None
        return rec.change

    def duplicate(self, plan_id: int, name: str, year: int | None = None) -> PlanInfo:
        info = next((s.plan for s in self.plans.list_plans() if s.plan.id == plan_id), None)
        if info is None:
            raise ValidationError("这个计划已不存在。")
        roots = [as_draft(node) for node in self.plans.load_tree(plan_id)]
        return self.plans.create_plan(
            name,
            roots,
            region=info.region,
            title=info.title,
            year=year if year is not None else (info.year + 1 if info.year else None),
            extra_columns=info.extra_columns,
            auto_number=info.auto_number,
        )

    def delete(self, plan_id: int) -> None:
        self.plans.delete_plan(plan_id)  # backs up first


def next_name(name: str, taken: set[str]) -> str:
    """A name for the copy: 2024 becomes 2025 when the name has a year, else （副本）."""
    import re

    years = re.findall(r"(20\d\d)", name)
    candidate = name.replace(years[-1], str(int(years[-1]) + 1)) if years else f"{name}（副本）"
    n = 2
    base = candidate
    while candidate in taken:
        candidate = f"{base}（{n}）"
        n += 1
    return candidate
