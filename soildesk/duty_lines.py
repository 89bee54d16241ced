"""A unit's own lines in a sub-item's 具体工作内容 (FORMAT.md §4): usually one numbered line
per unit, `（1）环保局，牵头负责开展监测…；（2）经济局，负责统计…`, sometimes several in one line,
sometimes plain prose with no per-unit lines (then the whole text is the duty)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .unit_names import alias_key

_NUMBERED = re.compile(r"(?=(?:（\s*\d+\s*）|\(\s*\d+\s*\)))")
_LEADING_NUMBER = re.compile(r"^\s*(?:（\s*\d+\s*）|\(\s*\d+\s*\)|\d+[、.．])\s*")
_UNIT_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:局|委|办|中心|政府|部门|社|站|院|所|队)")
HEAD_CHARS = 24  # a line names its unit at the start


def split_lines(duties: str) -> list[str]:
    out = []
    for line in duties.split("\n"):
        out.extend(part.strip() for part in _NUMBERED.split(line) if part.strip())
    return out


@lru_cache(maxsize=65_536)  # a line is read once for all the units' duty sheets
def _named_units(line: str) -> frozenset[str]:
    head = _LEADING_NUMBER.sub("", line)[:HEAD_CHARS]
    # The names before the first verb or comma: 环保局，牵头… / 国土资源局、住建局等部门提供…
    head = re.split(
        r"[，,：:；;。]|负责|牵头|配合|提供|推进|研究|加强|强化|严格|派|从|重点|参与",
        head,
        maxsplit=1,
    )[0]
    return frozenset(alias_key(m.group(0)) for m in _UNIT_NAME.finditer(head))


def lines_for_unit(duties: str, names: Iterable[str]) -> tuple[list[str], bool]:
    """The lines of `duties` that name the unit (by any of its names or aliases), and
    whether such lines were found; without them the whole text stands."""
    keys = {alias_key(n) for n in names}
    lines = split_lines(duties)
    mine = [line for line in lines if _named_units(line) & keys]
    if mine:
        return mine, True
    return ([duties.strip()] if duties.strip() else []), False
