"""Parse and write 责任单位 strings (FORMAT.md §3).

`县农业局牵头，县发展改革局、县环保局等部门配合` -> lead 县农业局; cooperate 县发展改革局, 县环保局.
A string that does not read as units and roles is kept whole and flagged, never guessed.

The parsed units serve filters, duty sheets, counts and the registry; what a table shows
is the cell as the document wrote it (`unit_cell`). Only when the clerk changes a node's
units is a new wording proposed, in the style of the cell it replaces (`propose_wording`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from .domain import Role, UnitRef
from .numbering import split_number

# Longest keyword first: 负责落实 before 负责, 配合落实 before 配合.
_ROLE_WORDS: tuple[tuple[str, Role], ...] = (
    ("按职责分工负责", Role.RESPONSIBLE),
    ("按责任分工负责", Role.RESPONSIBLE),
    ("负责落实", Role.CARRY_OUT),
    ("配合落实", Role.COOPERATE),
    ("牵头", Role.LEAD),
    ("配合", Role.COOPERATE),
    ("参与", Role.COOPERATE),
    ("负责", Role.RESPONSIBLE),
)
_ROLE_RE = re.compile("|".join(re.escape(w) for w, _ in _ROLE_WORDS))
_ROLE_OF = dict(_ROLE_WORDS)
_HEAD_RE = re.compile(r"^(?:责任(?:部门|单位)|牵头(?:部门|单位))\s*[:：]\s*")
# "等部门" / "等单位" / "等" close a list; "及" after them continues it.
_ETC_RE = re.compile(r"等(?:有关|相关)?(?:部门|单位)?(?=及|和|$)")
_UNIT_END = re.compile(
    r"(局|委|委员会|办|办公室|中心|政府|部门|社|站|院|所|队|公司|厅|处|室|会|署|行|机关|单位|分局|集团|镇|乡|村|街道)$"
)
_MAX_UNIT_LEN = 30


@dataclass(frozen=True, slots=True)
class ParsedUnits:
    number: str  # numbering the cell carried, e.g. '1、'
    units: tuple[UnitRef, ...]
    ok: bool  # False: the text is kept whole and flagged for the clerk

    @property
    def text(self) -> str:
        return compose_units(self.units)


_NOUN_AFTER_BUREAU = re.compile(r"(?<=[局委办厅])(?:等)?(?:部门|单位)$")
_ETC_AND = re.compile(r"等(?:有关|相关)?(?:部门|单位)?及")
_SEPARATORS = re.compile(r"[、,，]")
_NOT_A_NAME = re.compile(r"[，。；：\d]")


def _clean_name(name: str) -> str:
    """由县环保局 -> 县环保局; 农业局部门 -> 农业局 (the noun 部门 after a bureau)."""
    name = name.strip()
    if name.startswith("由") and len(name) > 3:
        name = name[1:]
    if name.endswith(("部门", "单位")):
        name = _NOUN_AFTER_BUREAU.sub("", name)
    return name


@lru_cache(maxsize=8192)
def _split_names(chunk: str) -> tuple[str, ...] | None:
    """The names listed in the text between two role words, or None when a part is not
    a unit's name. Cached: the same lists come back cell after cell."""
    chunk = chunk.strip("，,、；;。. ")
    if not chunk:
        return ()
    # "…等部门及乡镇人民政府": 及 continues the list only after 等; 县经及局 is a name.
    if "及" in chunk:
        chunk = _ETC_AND.sub("、", chunk)
    if "等" in chunk:
        chunk = _ETC_RE.sub("", chunk)
    names = tuple(_name(n) for n in _SEPARATORS.split(chunk) if n.strip())
    return None if None in names else names  # type: ignore[return-value]


@lru_cache(maxsize=8192)
def _ref(name: str, role: Role) -> UnitRef:
    return UnitRef(name, role)  # immutable, so shared: a frozen dataclass is slow to make


@lru_cache(maxsize=8192)
def _name(text: str) -> str | None:
    """A unit's name from one listed part, or None when the part is not a unit's name.
    Cached: a table names the same few dozen units thousands of times."""
    name = _clean_name(text)
    if len(name) > _MAX_UNIT_LEN or not (_UNIT_END.search(name) or _looks_like_short_unit(name)):
        return None
    return name


def _looks_like_short_unit(name: str) -> bool:
    # Short department names such as 住建 / 农委 written without their suffix.
    return 2 <= len(name) <= 6 and not _NOT_A_NAME.search(name)


def parse_units(text: str) -> ParsedUnits:
    raw = (text or "").strip()
    number, body = split_number(raw)
    body = _HEAD_RE.sub("", body).strip().rstrip("。；;.，,")
    if not body:
        return ParsedUnits(number, (), True)
    refs: list[UnitRef] = []
    pos = 0
    for m in _ROLE_RE.finditer(body):
        names = _split_names(body[pos : m.start()])
        if names is None:
            return ParsedUnits(number, (), False)
        role = _ROLE_OF[m.group(0)]
        if not names:
            if role == Role.RESPONSIBLE and refs and refs[-1].role == Role.COOPERATE:
                # "…配合负责": cooperation already recorded, the verb adds nothing.
                pos = m.end()
                continue
            return ParsedUnits(number, (), False)
        refs.extend(_ref(n, role) for n in names)
        pos = m.end()
    tail = _split_names(body[pos:])
    if tail is None:
        return ParsedUnits(number, (), False)
    if tail:
        if refs:  # names after the last role word: "牵头，X、Y" reads as unfinished
            return ParsedUnits(number, (), False)
        role = Role.RESPONSIBLE if len(tail) > 1 else Role.LEAD
        refs.extend(_ref(n, role) for n in tail)
    # A lone unit "负责" leads its task (县农业局负责。), and so does the one that 负责
    # while the others 配合 (A负责，B配合).
    responsible = [r for r in refs if r.role == Role.RESPONSIBLE]
    if len(responsible) == 1:
        others_help = all(
            r.role in (Role.COOPERATE, Role.CARRY_OUT) for r in refs if r not in responsible
        )
        if len(refs) == 1 or (others_help and not any(r.role == Role.LEAD for r in refs)):
            refs = [_ref(r.wording, Role.LEAD) if r in responsible else r for r in refs]
    # A unit named twice in one role is one entry (UnitRef compares wording and role).
    return ParsedUnits(number, tuple(dict.fromkeys(refs)), True)


@dataclass(frozen=True, slots=True)
class WordingStyle:
    """How a document writes its 责任单位 cells, read from one of them."""

    number: str = ""  # the cell's own numbering: 1、
    etc: str = ""  # 等部门 / 等单位 / 等 closing the cooperating list
    joiner: str = "，"  # between the role groups: 牵头，… or 牵头、…
    end: str = ""  # a final 。
    cooperate: str = "配合"  # 配合 / 参与 / 配合落实
    lone_lead: str = "负责"  # one unit alone: 县农业局负责 / 县农业局牵头
    county: bool = True  # names written with the county's 县 (县农业局) or without (农业局)


def style_of(text: str, fallback: str = "") -> WordingStyle:
    """The style of a cell; what the cell does not show (the joiner of a cell with one
    role, say) is taken from `fallback`, another cell of the same document."""
    own = _style(text)
    if not fallback or re.search(r"(?:牵头|负责)[，、,；]", split_number(text.strip())[1]):
        return own
    other = _style(fallback)
    return WordingStyle(own.number, own.etc or other.etc, other.joiner, own.end or other.end,
                        own.cooperate if "配合" in text or "参与" in text else other.cooperate,
                        own.lone_lead, own.county)  # fmt: skip


def _style(text: str) -> WordingStyle:
    number, body = split_number(text.strip())
    etc = re.search(r"等(?:有关|相关)?(?:部门|单位)?(?=及|配合|参与|$)", body)
    joiner = re.search(r"(?:牵头|负责)([，、,；])", body)
    cooperate = re.search(r"配合落实|配合|参与", body)
    lone = "牵头" if body.rstrip("。").endswith("牵头") else "负责"
    names = [u.wording for u in parse_units(text).units]
    county = not names or sum(n.startswith("县") for n in names) * 2 >= len(names)
    return WordingStyle(
        number=number,
        etc=etc.group(0) if etc else "",
        joiner=joiner.group(1) if joiner else "，",
        end="。" if body.endswith("。") else "",
        cooperate=cooperate.group(0) if cooperate else "配合",
        lone_lead=lone,
        county=county,
    )


def compose_units(
    units: tuple[UnitRef, ...] | list[UnitRef], style: WordingStyle = WordingStyle()
) -> str:
    """Write units the way the documents do: 甲牵头，乙、丙配合 (in `style`)."""
    by_role: dict[Role, list[str]] = {}
    for u in units:
        name = u.wording
        if not style.county and name.startswith("县") and len(name) > 3:
            name = name[1:]  # the document writes 农机局, not 县农机局
        by_role.setdefault(u.role, []).append(name)
    lead = by_role.get(Role.LEAD, [])
    parts = []
    if lead:
        alone = len(by_role) == 1 and len(lead) == 1
        parts.append("、".join(lead) + (style.lone_lead if alone else "牵头"))
    if by_role.get(Role.COOPERATE):
        parts.append("、".join(by_role[Role.COOPERATE]) + style.etc + style.cooperate)
    if by_role.get(Role.RESPONSIBLE):
        resp = by_role[Role.RESPONSIBLE]
        parts.append("、".join(resp) + ("按职责分工负责" if len(resp) > 1 else "负责"))
    if by_role.get(Role.CARRY_OUT):
        parts.append("、".join(by_role[Role.CARRY_OUT]) + "负责落实")
    if not parts:
        return ""
    return style.number + style.joiner.join(parts) + style.end


class _HasUnits(Protocol):
    units: Sequence[UnitRef] | Sequence  # UnitLinks carry wording and role too
    units_raw: str
    units_text: str


def unit_cell(node: _HasUnits, number: str = "") -> str:
    """The 责任单位 cell as tables, prints and duty sheets show it: the document's own
    words when a document gave them, else composed from the units (after `number`, the
    sub-item's own numbering, as documents write it: 1、水利局牵头…)."""
    if node.units_text or node.units_raw:
        return node.units_text or node.units_raw
    composed = compose_units(list(node.units))
    return number + composed if composed else ""


def propose_wording(old_cell: str, units: Sequence[UnitRef], fallback: str = "") -> str:
    """The cell's new wording after the clerk changed its units, in the old cell's style
    (what the old cell does not show, from `fallback`: another cell of the document)."""
    style = style_of(old_cell, fallback) if old_cell else _style(fallback) if fallback else None
    return compose_units(list(units), style or WordingStyle())


def typical_cell(cells: Sequence[str]) -> str:
    """A cell of the document that shows its style fully (two roles, so the joiner too):
    the first of the commonest joiner."""
    full = [c for c in cells if re.search(r"(?:牵头|负责)[，、,；]", c)]
    if not full:
        return ""
    joiners = [_style(c).joiner for c in full]
    common = max(set(joiners), key=joiners.count)
    return next(c for c in full if _style(c).joiner == common)
