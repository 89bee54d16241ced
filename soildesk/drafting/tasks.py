"""What a plan's paragraph says about its task: the units in its trailing parentheses
(FORMAT.md §3, their wording kept), standing notes that give a unit to every later task
(以下均需各乡镇人民政府负责落实，不再列出), and the sub-items its sentences propose."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..deadlines import Kind, find_deadlines, propose
from ..domain import Level, NodeDraft, Role, UnitRef
from ..unit_text import parse_units

if TYPE_CHECKING:
    from .outline import Draft

_TRAILING = re.compile(r"[（(]([^（）()]{2,300})[）)]\s*[。；;]?\s*$")
_UNIT_WORD = re.compile(r"(局|委|办|政府|部门|分局|中心|单位|公司|站|院|所|队)")
_STANDING = re.compile(r"以下均(?:需|由)(.{2,40}?)(负责落实|负责|配合)[，,]?\s*不再(?:一一)?列出[。]?")
_FIRST_IS_LEAD = re.compile(r"排在(?:首位|前位|第一位)的(?:单位)?为牵头单位")
_SENTENCE = re.compile(r"[^。！？]*[。！？]|[^。！？]+$")
HEADING_SENTENCE = 30  # a first sentence this short names the task (1.严格……监管。)


def item_parts(text: str) -> tuple[str, str]:
    """(the task's words, the units' words in its trailing parentheses, or '')."""
    m = _TRAILING.search(text)
    if m and _UNIT_WORD.search(m.group(1)):
        return text[: m.start()].rstrip(), m.group(1).strip()
    return text, ""


class DocumentRules:
    """What holds for the whole document: a standing unit, and how lists are read."""

    def __init__(self, text: str, plan_year: int | None) -> None:
        self.plan_year = plan_year
        self.first_is_lead = bool(_FIRST_IS_LEAD.search(text))
        self.standing: list[UnitRef] = []
        self.standing_from = ""  # the words of the note, for the review

    def apply_units(self, item: NodeDraft, words: str, draft: Draft) -> None:
        """Give the item the units its words name, then the standing ones it inherits."""
        if words:
            item.units_text = words
            item.units = self._parse(words, item, draft)
        inherited = [u for u in self.standing if all(u.wording != x.wording for x in item.units)]
        if inherited and item.units_text:
            draft.inherited[id(item)] = inherited
            item.units = [*item.units, *inherited]

    def _parse(self, words: str, item: NodeDraft, draft: Draft) -> list[UnitRef]:
        note = _STANDING.search(words)
        text = words
        if note:
            unit = note.group(1).strip()
            role = Role.CARRY_OUT if note.group(2) == "负责落实" else Role.COOPERATE
            self.standing = [UnitRef(unit, role)]
            self.standing_from = note.group(0)
            text = words[: note.start()] + words[note.end() :]
            # "…负责，各乡镇人民政府。以下均需各乡镇人民政府负责落实": the note's subject
            text = re.sub(rf"[，,、]?\s*{re.escape(unit)}[。；]?\s*$", "", text.strip())
            draft.guesses.append(
                f"“{note.group(0)}”：此后各项都由“{unit}”{note.group(2)}，已把它加到后面的每一项（表中文字不变）"
            )
        parsed = parse_units(text.strip().rstrip("。；"))
        if not parsed.ok:
            item.units_raw = words
            draft.guesses.append(f"“{(item.number + item.text)[:16]}…”的责任单位“{words[:30]}”未能识别，请核对")
            return []
        units = list(parsed.units)
        if note and all(u.wording != self.standing[0].wording for u in units):
            units.append(self.standing[0])
        if self.first_is_lead and units and all(u.role == Role.RESPONSIBLE for u in units):
            units = [UnitRef(units[0].wording, Role.LEAD)] + [
                UnitRef(u.wording, Role.COOPERATE) for u in units[1:]
            ]
        return units


def propose_subitems(item: NodeDraft, plan_year: int | None) -> list[NodeDraft]:
    """The sub-items an item's sentences propose: after a short first sentence that names
    the task, each further sentence that states one (the way real tables were cut); an
    item of one task is one sub-item. Each carries the item's units and its deadline."""
    sentences = [s.strip() for s in _SENTENCE.findall(item.text) if s.strip()]
    tasks = sentences
    if sentences and len(sentences[0]) <= HEADING_SENTENCE:
        tasks = sentences[1:]  # the title sentence names the task; it is not one itself
    if len(tasks) < 2:
        tasks = [item.text]
    subs = []
    for n, text in enumerate(tasks, start=1):
        subs.append(
            NodeDraft(
                Level.SUBITEM,
                f"{n}、" if len(tasks) > 1 else "",
                text,
                units=list(item.units),
                units_text=item.units_text,
                deadline_text=deadline_words(text, plan_year),
            )
        )
    return subs


def deadline_words(text: str, plan_year: int | None) -> str:
    """Every 'by' deadline a sentence states, in its words (2021年8月底前；10月底前)."""
    hints = [h for h in find_deadlines(text, plan_year) if h.kind == Kind.BY and h.due]
    if not hints:
        hint = propose([text], plan_year)
        return hint.source.lstrip("于") if hint else ""
    return "；".join(dict.fromkeys(h.source.lstrip("于") for h in hints))
