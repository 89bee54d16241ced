"""Stored nodes as drafts again, to be stored anew: copying and pasting rows,
duplicating them, a new year's plan from this year's. A draft has no key, so every copy
gets keys of its own (the hidden row keys of exports stay unique); units are named by
their wording and resolve to the same units."""

from __future__ import annotations

from dataclasses import replace

from .domain import Node, NodeDraft, UnitRef


def as_draft(node: Node) -> NodeDraft:
    return NodeDraft(
        level=node.level,
        number=node.number,
        text=node.text,
        duties=node.duties,
        units=[UnitRef(link.wording, link.role) for link in node.units],
        units_raw=node.units_raw,
        units_text=node.units_text,
        deadline_text=node.deadline_text,
        remark=node.remark,
        extras=dict(node.extras),
        children=[as_draft(child) for child in node.children],
    )


def renamed(draft: NodeDraft, number: str) -> NodeDraft:
    """The same draft under another number (a pasted row takes its new place's)."""
    return replace(draft, number=number)
