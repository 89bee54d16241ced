"""Drafting a breakdown from the plan document itself (工作方案 / 行动计划): read the
prose, find its headings, units and tasks, and propose a four-level tree for the clerk
to correct before it becomes a plan. `draft_file` reads; `store_draft` creates the plan,
in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..domain import NodeDraft, PlanInfo
from ..importing.naming import propose_name, region_of, year_of
from ..plans import PlanService
from .document import read_document
from .outline import Draft, draft_documents


def draft_file(path: Path) -> tuple[list[Draft], list[str]]:
    """The drafts of every document in the file, and the file's lines (for the review)."""
    paragraphs, lines = read_document(path)
    drafts = draft_documents(paragraphs)
    if not drafts:
        from ..errors import ValidationError

        raise ValidationError(
            f"{Path(path).name} 中没有找到方案的条目（“一、”“（一）”“1.”这样编号的标题）。"
            "请确认选择的是行动计划或工作方案的正文。"
        )
    return drafts, lines


def store_draft(
    plans: PlanService,
    draft: Draft,
    name: str | None = None,
    include: Sequence[int] = (),
    roots: Sequence[NodeDraft] | None = None,
) -> PlanInfo:
    """A new plan from a draft; `include`: positions in draft.left_out the clerk took in;
    `roots`: the tree as the clerk corrected it in the review (replaces both)."""
    if roots is None:
        chosen = list(draft.roots) + [draft.left_out[i] for i in sorted(include)]
        chosen.sort(key=lambda r: _article_rank(r.number))
    else:
        chosen = list(roots)
    title = draft.title
    taken = {s.plan.name for s in plans.list_plans()}
    return plans.create_plan(
        name or default_name(title, taken),
        chosen,
        region=region_of(title),
        title=title,
        year=year_of(title),
        auto_number=True,  # drafted, not a document's table: numbers follow position
    )


def default_name(title: str, taken: set[str]) -> str:
    """A plan's name from the document's title, without the spaces Markdown titles carry
    (朔州市土壤污染防治 2021 年行动计划); the stored title keeps them."""
    import re

    return propose_name(re.sub(r"\s+", "", title), taken)


def _article_rank(number: str) -> int:
    from ..numbering import chinese_numeral

    for n in range(1, 100):
        if number.strip().startswith(chinese_numeral(n) + "、"):
            return n
    return 1000


__all__ = ["Draft", "draft_file", "store_draft"]
