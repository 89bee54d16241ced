"""How much room text needs, and where its lines break: one module for the xlsx row
heights, the table view's row heights and painting (and the printed layout).

Two measures. `display_width`/`line_count` estimate in Excel column units (a CJK
character is two units, FORMAT.md §2): Excel, WPS and LibreOffice never grow merged
wrapped cells themselves, so the export sets heights from this. `break_lines` breaks
text into the lines a painter draws, with a font's own advances and the rules of
Chinese typesetting; the table view counts and draws the same lines, so a cell's
height always holds its text."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from itertools import accumulate

from .wide_chars import WIDE_RANGES


@cache
def _narrow_class() -> re.Pattern[str]:
    """Every character that is not wide or full-width, as one regex class: counting
    them in one regex pass is 5× faster than unicodedata per character, and Chinese text
    has few of them. Compiled on first use (7 ms of every start otherwise)."""
    return re.compile("[^" + "".join(f"{chr(a)}-{chr(b)}" for a, b in WIDE_RANGES) + "]")


def display_width(text: str) -> float:
    """Width in Excel column units ('0' of the default font): a CJK character of an
    11 pt 仿宋 is a little over two '0's."""
    narrow = len(_narrow_class().findall(text))
    return (len(text) - narrow) * 2.1 + narrow * 1.1


def line_count(text: str, column_width: float) -> int:
    usable = max(column_width - 1.5, 1.0)  # cell padding
    lines = 0
    for paragraph in text.split("\n") or [""]:
        lines += max(1, math.ceil(display_width(paragraph) / usable))
    return lines


# Chinese line breaking (GB/T 15834 practice): these never start a line...
CANNOT_START = frozenset("，。、；：？！）》」』】〉〕”’％‰·…—,.;:?!)]%")
# ...and these never end one.
CANNOT_END = frozenset("（《「『【〈〔“‘([")  # 〔〕: a 文号, 国发〔2016〕31号
# A run of Latin letters, digits and their joiners stays on one line when it fits:
# 2016-2020年 must not break as 2016-202|0年, nor 1000m² as 1000m|², ≤0.3mg/kg after
# its sign, or 2020年 and 3年 before the unit that follows the number.
_RUN = re.compile(
    r"[≤≥<>±~～\-−]?[A-Za-z0-9µμ](?:[A-Za-z0-9.\-/:%_²³µμ℃‰]*[A-Za-z0-9%²³℃‰㎡㎞㎏])?"
    r"[年月日号时个万亿元吨亩岁次倍㎡㎞㎏℃]?"
)


class Measure:
    """Line breaking with one font's advances (`char_width(ch)`, cached per character).

    Each line is found by bisecting the running sum of advances, not by walking
    characters: 30,000 cells of a 10,000-sub-item plan break in a fraction of the time."""

    def __init__(self, char_width: Callable[[str], float]) -> None:
        self._char_width = char_width
        self._widths: dict[str, float] = {}

    def _prefix(self, text: str) -> list[float]:
        widths = self._widths
        try:
            return list(accumulate(map(widths.__getitem__, text), initial=0.0))
        except KeyError:  # a character not seen before: measure the new ones once
            for ch in set(text) - widths.keys():
                widths[ch] = self._char_width(ch)
            return list(accumulate(map(widths.__getitem__, text), initial=0.0))

    def width(self, text: str) -> float:
        return max((self._prefix(p)[-1] for p in text.split("\n")), default=0.0)

    def lines(self, text: str, width: float) -> list[str]:
        """The lines of `text` in a box `width` wide. Hard line breaks are kept; a run
        wider than the box is cut by characters."""
        out: list[str] = []
        for paragraph in text.split("\n"):
            out.extend(paragraph[a:b] for a, b in self._breaks(paragraph, width))
        return out

    def offsets(self, text: str, width: float) -> list[tuple[int, int]]:
        """Where each line of `lines` starts and ends in `text` (a hard break between
        two lines is in neither)."""
        out: list[tuple[int, int]] = []
        base = 0
        for paragraph in text.split("\n"):
            out.extend((base + a, base + b) for a, b in self._breaks(paragraph, width))
            base += len(paragraph) + 1
        return out

    def count(self, text: str, width: float) -> int:
        return sum(len(self._breaks(p, width)) for p in text.split("\n"))

    def _breaks(self, text: str, width: float) -> list[tuple[int, int]]:
        n = len(text)
        prefix = self._prefix(text)
        if prefix[-1] <= width:
            return [(0, n)]
        glued: _Runs | _NoRuns = _Runs(text) if _RUN.search(text) else _NOTHING
        spans = []
        start = 0
        while start < n:
            end = bisect_right(prefix, prefix[start] + width, start + 1) - 1
            end = max(end, start + 1)  # one character always goes, however wide
            if end < n:
                end = _adjust(text, start, end, glued)
                while end < n and text[end] == " ":
                    end += 1  # a space ends the line it follows (unseen), never starts one
            spans.append((start, end))
            start = end
        return spans


class _Runs:
    """Positions a line may not start at: inside a run of Latin letters and digits. Kept
    as the runs' bounds, looked up by bisection (a set of every position inside every
    run cost a third of laying out a 10,000-row table)."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _RUN.finditer(text)]
        self._starts = [a for a, _ in found]
        self._ends = [b for _, b in found]

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos - 1) - 1  # the last run starting before pos
        return i >= 0 and pos < self._ends[i]


class _NoRuns:
    __slots__ = ()

    def __contains__(self, pos: int) -> bool:
        return False


_NOTHING = _NoRuns()


def _adjust(text: str, start: int, end: int, glued: _Runs | _NoRuns) -> int:
    """Move a break back so no run is cut, no closing mark starts the next line and no
    opening mark ends this one; never back to the line's start."""
    e = end
    while e - 1 > start and e in glued:
        e -= 1
    if e in glued:  # a run wider than the line: cut where the line is full
        e = end
    whole = e
    # The last character goes down with the closing marks (all of them: 》） too, and a
    # space before one: （一 ）).
    while e - 1 > start and (
        text[e] in CANNOT_START or (text[e] in " \u3000" and text[e + 1 : e + 2] in CANNOT_START)
    ):
        e -= 1
        while e - 1 > start and e in glued:
            e -= 1
    if e in glued:  # that would cut a number filling the line: the number stays whole
        e = whole
    while e - 1 > start and text[e - 1] in CANNOT_END:
        e -= 1
    return e if e > start else end
