"""Unit names that are probably another unit's: typos in real documents (农也局 for 农业局,
县经及局 for 县经济局), a stray character (县环保局县), two names run together (农业局水利局).

Only a guess, always put to the clerk: 林业局 and 农业局 also differ in one character, so a
name counts as a slip only when it is rare and the unit it resembles is common."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .unit_names import alias_key

RARE = 2  # a slip appears once or twice in a table
COMMON = 3  # and the unit it resembles at least this many times as often


@dataclass(frozen=True, slots=True)
class Suspect:
    wording: str  # the name as the document wrote it
    likely: tuple[str, ...]  # the unit(s) it probably means
    reason: str  # for the clerk: 一字之差 / 多了一个字 / 两个单位连写

    @property
    def question(self) -> str:
        if len(self.likely) > 1:
            return f"“{self.wording}”是否是“{'”“'.join(self.likely)}”两个单位？（{self.reason}）"
        return f"“{self.wording}”是否就是“{self.likely[0]}”？（{self.reason}）"


def _one_edit(a: str, b: str) -> str | None:
    """'一字之差', '多了一个字' or '少了一个字' when one character turns a into b."""
    if len(a) == len(b):
        return "一字之差" if sum(x != y for x, y in zip(a, b, strict=True)) == 1 else None
    if abs(len(a) - len(b)) != 1:
        return None
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            return "多了一个字" if longer is a else "少了一个字"
    return None


def _bare(name: str) -> str:
    """县环保局 and 环保局 name one body: compare names without the county's 县."""
    return name[1:] if len(name) > 3 and name[0] == "县" else name


def resembles(name: str, other: str) -> str | None:
    """Why `name` may be a slip for `other` (县农也局, 县环局, 县财政居, 县环保局县), or None."""
    if name == other or alias_key(name) == alias_key(other):
        return None
    a, b = _bare(name), _bare(other)
    if max(len(a), len(b)) < 3 or (len(a) == len(b) and len(a) < 3):
        return None  # two-character names differ in one character all the time
    return _one_edit(a, b) or _one_edit(name, other)


def _joined(name: str, known: Iterable[str]) -> tuple[str, str] | None:
    for first in known:
        if name.startswith(first) and len(name) > len(first):
            rest = name[len(first) :]
            if rest in known:
                return first, rest
    return None


def find_suspects(counts: Counter[str], registry: Iterable[str] = ()) -> list[Suspect]:
    """`counts`: how often each unit wording occurs in a table; `registry`: names already
    known (each counts as common). Returns the wordings that are probably slips."""
    known = set(registry)
    weight = Counter({name: COMMON * RARE for name in known}) + counts
    by_key: Counter[str] = Counter()  # 县林业局 once and 林业局 often: one common unit
    for name, n in weight.items():
        by_key[alias_key(name)] += n
    out: list[Suspect] = []
    for name, n in sorted(counts.items()):
        if name in known or by_key[alias_key(name)] > RARE:
            continue
        pair = _joined(name, [k for k in weight if k != name and weight[k] > n])
        if pair:
            out.append(Suspect(name, pair, "两个单位连写"))
            continue
        best = [
            (weight[other], other, why)
            for other in weight
            if weight[other] >= COMMON * n and (why := resembles(name, other))
        ]
        if best:
            _, other, why = max(best)
            out.append(Suspect(name, (other,), why))
    return out


def close_to(name: str, registry: Iterable[str]) -> str | None:
    """An existing unit a newly typed name is probably meant to be (the editor asks)."""
    return next((other for other in registry if resembles(name, other)), None)
