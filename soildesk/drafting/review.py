"""The clerk's corrections to a draft before it becomes a plan: merge a node into the one
before it, split one at a sentence, promote or demote one level, leave one out or take
it in. Plain functions over the draft's tree, so the review dialog stays thin and every
correction is tested without a window."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain import Level, NodeDraft
from ..numbering import split_number
from .outline import Draft, Source

_SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")


@dataclass(slots=True)
class Review:
    """A draft under review: every article (left-out sections too, in document order)
    and what is left out."""

    draft: Draft
    roots: list[NodeDraft]
    excluded: set[int] = field(default_factory=set)  # id() of nodes left out

    @classmethod
    def of(cls, draft: Draft) -> Review:
        roots = sorted(draft.roots + draft.left_out, key=lambda a: _first_line(draft, a))
        return cls(draft, roots, {id(a) for a in draft.left_out})

    # -- looking up ------------------------------------------------------------
    def siblings(self, node: NodeDraft) -> list[NodeDraft]:
        parent = self.parent(node)
        return parent.children if parent is not None else self.roots

    def parent(self, node: NodeDraft) -> NodeDraft | None:
        stack = list(self.roots)
        while stack:
            candidate = stack.pop()
            if any(child is node for child in candidate.children):
                return candidate
            stack.extend(candidate.children)
        return None

    def is_excluded(self, node: NodeDraft) -> bool:
        n: NodeDraft | None = node
        while n is not None:
            if id(n) in self.excluded:
                return True
            n = self.parent(n)
        return False

    # -- corrections -------------------------------------------------------------
    def toggle_excluded(self, node: NodeDraft) -> None:
        self.excluded.symmetric_difference_update({id(node)})

    def merge_into_previous(self, node: NodeDraft) -> NodeDraft | None:
        """Join a node to the one before it on its level; returns the one kept."""
        siblings = self.siblings(node)
        i = _index(siblings, node)
        if i == 0:
            return None
        previous = siblings[i - 1]
        previous.text = previous.text + node.text  # its number goes: it is not a task now
        previous.children.extend(node.children)
        siblings.pop(i)
        self._cover(previous, node)
        return previous

    def split(self, node: NodeDraft) -> NodeDraft | None:
        """Split a node's text after its first sentence; the new node follows it."""
        sentences = [s for s in _SENTENCE.findall(node.text) if s.strip()]
        if len(sentences) < 2:
            return None
        siblings = self.siblings(node)
        rest = "".join(sentences[1:]).strip()
        node.text = sentences[0].strip()
        number, body = split_number(rest)
        twin = NodeDraft(
            node.level, number, body, units=list(node.units), units_text=node.units_text,
            deadline_text=node.deadline_text,
        )  # fmt: skip
        siblings.insert(_index(siblings, node) + 1, twin)
        self._cover(twin, node)
        return twin

    def promote(self, node: NodeDraft) -> NodeDraft | None:
        """One level up, after its parent: a sub-item becomes an item (holding itself as
        its one sub-item), an item a clause (holding the item)."""
        parent = self.parent(node)
        if parent is None or node.level <= Level.CLAUSE:
            return None
        higher = NodeDraft(
            Level(node.level - 1), node.number, node.text, units=list(node.units),
            units_text=node.units_text,
        )  # fmt: skip
        if node.level == Level.ITEM:
            higher.units, higher.units_text = [], ""  # a clause carries no units
        parent.children.remove(node)
        higher.children = [node]
        node.number = "" if node.level == Level.ITEM else node.number
        grand = self.siblings(parent)
        grand.insert(_index(grand, parent) + 1, higher)
        self._cover(higher, node)
        return higher

    def demote(self, node: NodeDraft) -> NodeDraft | None:
        """An item into the item before it: it becomes a sub-item there, its own sub-items
        after it. Only items go down (a clause or article would lose its place)."""
        if node.level != Level.ITEM:
            return None
        siblings = self.siblings(node)
        i = _index(siblings, node)
        if i == 0:
            return None
        previous = siblings[i - 1]
        lower = NodeDraft(
            Level.SUBITEM, node.number, node.text, units=list(node.units),
            units_text=node.units_text,
        )  # fmt: skip
        own = [c for c in node.children if c.text != node.text]
        previous.children.extend([lower, *own])
        siblings.pop(i)
        self._cover(lower, node)
        return lower

    def _cover(self, node: NodeDraft, like: NodeDraft) -> None:
        src = self.draft.sources.get(id(like))
        if src is not None:
            own = self.draft.sources.get(id(node))
            first = min(src.first_line, own.first_line) if own else src.first_line
            last = max(src.last_line, own.last_line) if own else src.last_line
            self.draft.sources[id(node)] = Source(first, last)

    # -- the result --------------------------------------------------------------
    def result(self) -> list[NodeDraft]:
        """The tree to store: what is left out is gone, the rest as corrected."""

        def keep(nodes: list[NodeDraft]) -> list[NodeDraft]:
            out = []
            for n in nodes:
                if id(n) in self.excluded:
                    continue
                n.children = keep(n.children)
                out.append(n)
            return out

        return keep(self.roots)


def _index(nodes: list[NodeDraft], node: NodeDraft) -> int:
    return next(i for i, n in enumerate(nodes) if n is node)


def _first_line(draft: Draft, node: NodeDraft) -> int:
    src = draft.sources.get(id(node))
    return src.first_line if src else 0
