"""Storing an imported table as a new plan: one transaction, so a failed or cancelled
import writes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from ..domain import NodeDraft, PlanInfo, UnitRef
from ..plans import PlanService
from ..unit_similar import Suspect, find_suspects
from .naming import propose_name, region_of, year_of
from .table import ImportResult


def proposed_name(plans: PlanService, result: ImportResult) -> str:
    return propose_name(result.title, {s.plan.name for s in plans.list_plans()})


def _walk(nodes: list[NodeDraft]) -> Iterator[NodeDraft]:
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def unit_suspects(result: ImportResult, registry: list[str]) -> list[Suspect]:
    """Unit names in the table that are probably another unit's (农也局 for 农业局)."""
    counts = Counter(u.wording for d in _walk(result.roots) for u in d.units)
    return find_suspects(counts, registry)


def store_import(
    plans: PlanService,
    result: ImportResult,
    name: str | None = None,
    merges: Mapping[str, tuple[str, ...]] | None = None,
) -> PlanInfo:
    """Store the import as a new plan. `merges`: the suspects the clerk confirmed, each
    wording -> the unit it means, or the two units run together in it. The cells keep
    the document's words either way."""
    same_as: dict[str, str] = {}
    for wording, likely in (merges or {}).items():
        if len(likely) == 1:
            same_as[wording] = likely[0]
        else:
            for d in _walk(result.roots):
                d.units = [
                    part
                    for u in d.units
                    for part in (
                        [UnitRef(n, u.role) for n in likely] if u.wording == wording else [u]
                    )
                ]
    return plans.create_plan(
        name or proposed_name(plans, result),
        result.roots,
        region=region_of(result.title),
        title=result.title,
        year=year_of(result.title),
        extra_columns=result.extra_columns,
        same_as=same_as,
    )
