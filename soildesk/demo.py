"""The demo plan: the first six articles of the 梨树县 breakdown table, loaded through the
same importer as a clerk's own file."""

from __future__ import annotations

from .domain import PlanInfo
from .importing import load_file
from .paths import resources_dir
from .plans import PlanService

DEMO_NAME = "梨树县土壤污染防治行动计划（演示）"
DEMO_FILE = "demo/lishu_part.txt"


def add_demo_plan(plans: PlanService) -> tuple[PlanInfo, bool]:
    """Add the demo plan unless it is there already. Returns (plan, created)."""
    existing = plans.find_plan(DEMO_NAME)
    if existing:
        return existing, False
    result = load_file(resources_dir() / DEMO_FILE)
    plan = plans.create_plan(
        DEMO_NAME, result.roots, region="梨树县", title=result.title, year=2017
    )
    return plan, True
