"""Deadlines written in words (FORMAT.md §5): `2023年底前`, `2017年6月底前完成`, `每年1月底前`,
`到2020年`, `自2018年起` (a start, not an end), `每10年开展1次` (recurring),
`6月25日、12月25日前`. They are proposed to the clerk, never written into the text."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .domain import Node


class Kind(StrEnum):
    BY = "by"  # to be done by this date
    START = "start"  # from this date on
    RECURRING = "recurring"  # again and again: yearly by a date, every N years, quarterly


@dataclass(frozen=True, slots=True)
class DeadlineHint:
    kind: Kind
    due: date | None  # BY: the date; START: the start; RECURRING: this plan year's occurrence
    source: str  # the words it came from
    every: str = ""  # RECURRING: 每年 / 每10年 / 每季度 …

    @property
    def label(self) -> str:
        if self.kind == Kind.START:
            return (
                f"自 {self.due:%Y年%m月%d日} 起（开始时间，不是期限）" if self.due else self.source
            )
        if self.kind == Kind.RECURRING:
            return f"{self.every}（周期性）" + (
                f"，本年为 {self.due:%Y年%m月%d日}" if self.due else ""
            )
        return f"{self.due:%Y年%m月%d日} 前" if self.due else self.source


_CN = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_N = r"(\d+|[一二两三四五六七八九十]+)"


def _num(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CN.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN[tens] * 10 + _CN.get(ones, 0)
    return _CN[text]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe(year: int, month: int, day: int | None) -> date | None:
    try:
        return date(year, month, day) if day else _month_end(year, month)
    except ValueError:
        return None


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Compiled on first use: 3 ms of every start otherwise, before any text is read."""
    return [
        (re.compile(r"每年(\d{1,2})月(?:(\d{1,2})日|底|末|份)?(?:前|以前|之前)"), "yearly"),
        (re.compile(rf"每{_N}年[^，。；]{{0,10}}?{_N}[次轮]"), "every_years"),
        (re.compile(r"每(季度|半年|月)"), "every"),
        (re.compile(r"自(\d{4})年(?:(\d{1,2})月)?(?:(\d{1,2})日)?起"), "start"),
        (
            re.compile(r"(\d{1,2})月(\d{1,2})日[、，和及与](\d{1,2})月(\d{1,2})日(?:前|以前|之前)"),
            "two_days",
        ),
        (
            re.compile(
                r"(?:(到|至|于))?(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(底|末)?(前|以前|之前)?(?!\d)"
            ),
            "by",
        ),
        (
            re.compile(r"(?<![\d年])(\d{1,2})月(?:(\d{1,2})日|底|末)(?:前|以前|之前)"),
            "month_no_year",
        ),
    ]


def find_deadlines(text: str, plan_year: int | None = None) -> list[DeadlineHint]:
    """Every deadline expression in the text, in reading order."""
    hints: list[tuple[int, DeadlineHint]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for pattern, kind in _patterns():
        for m in pattern.finditer(text):
            if not free(m):
                continue
            found = _hint(kind, m, plan_year)
            if not found:
                continue
            taken.append(m.span())
            hints.extend((m.start() + i, h) for i, h in enumerate(found))
    return [h for _, h in sorted(hints, key=lambda x: x[0])]


def _hint(kind: str, m: re.Match[str], year: int | None) -> list[DeadlineHint]:
    src = m.group(0)
    if kind == "yearly":
        day = int(m.group(2)) if m.group(2) else None
        due = _safe(year, int(m.group(1)), day) if year else None
        return [DeadlineHint(Kind.RECURRING, due, src, src.rstrip("前以之"))]
    if kind == "every_years":
        return [DeadlineHint(Kind.RECURRING, None, src, f"每{_num(m.group(1))}年")]
    if kind == "every":
        return [DeadlineHint(Kind.RECURRING, None, src, src)]
    if kind == "start":
        start = date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        return [DeadlineHint(Kind.START, start, src)]
    if kind == "two_days":
        if not year:
            return []
        days = [
            _safe(year, int(m.group(1)), int(m.group(2))),
            _safe(year, int(m.group(3)), int(m.group(4))),
        ]
        return [DeadlineHint(Kind.BY, d, src) for d in days if d]
    if kind == "by":
        to, y, month, day, end, before = m.groups()
        if not (to or end or before):
            return []  # a bare year ("2023年土壤污染防治工作") is not a deadline
        if month:
            due = _safe(int(y), int(month), int(day) if day else None)
        else:
            due = date(int(y), 12, 31)
        return [DeadlineHint(Kind.BY, due, src)] if due else []
    if kind == "month_no_year":
        if not year:
            return []
        due = _safe(year, int(m.group(1)), int(m.group(2)) if m.group(2) else None)
        return [DeadlineHint(Kind.BY, due, src)] if due else []
    return []


def propose_for(node: Node, plan_year: int | None = None) -> DeadlineHint | None:
    """A sub-item's proposed deadline: from its 完成时限 cell when the table had one, else
    from its own text, else from its item's."""
    texts = [node.deadline_text, node.text] + ([node.parent.text] if node.parent else [])
    return propose([t for t in texts if t], plan_year)


def propose(texts: list[str], plan_year: int | None = None) -> DeadlineHint | None:
    """The deadline to propose for a task: the latest 'by' date in its own text, else in
    its item's text; a recurring one's occurrence this plan year when there is no other."""
    for text in texts:
        hints = find_deadlines(text, plan_year)
        by = [h for h in hints if h.kind == Kind.BY and h.due]
        if by:
            return max(by, key=lambda h: h.due or date.min)
        recurring = [h for h in hints if h.kind == Kind.RECURRING and h.due]
        if recurring:
            return recurring[0]
    return None
