"""Numbering kept inside the text of real documents: 一、 （一） 1、 （1） (3) 1. 1．"""

from __future__ import annotations

import re

from .domain import Level

_CN_DIGITS = "〇一二三四五六七八九"

# One alternative per style; whitespace inside brackets is seen in real files: （一 ）
_NUMBER_RE = re.compile(
    r"""^\s*(
        [一二三四五六七八九十百]+\s*[、.．]        # 一、
      | [（(]\s*[一二三四五六七八九十百]+\s*[）)]  # （一）
      | [（(]\s*\d+\s*[）)]                      # （1） (3)
      | \d+\s*、                                # 1、 (also before a year: 2、2020年)
      | \d+\s*[.．](?!\d)                        # 1. 1．  (not 2016.5)
    )\s*""",
    re.VERBOSE,
)


def split_number(text: str) -> tuple[str, str]:
    """Split leading numbering from text: '1、加大…' -> ('1、', '加大…'). The number is
    kept as written, spaces and all ('（一 ）'), so that number + text is the document's
    own cell again; use `number_key` to compare numbers."""
    text = text.strip()
    m = _NUMBER_RE.match(text)
    if not m:
        return "", text
    return text[: m.end()], text[m.end() :]


def number_key(number: str) -> str:
    """A number without its spaces, for comparing: '（一 ）' -> '（一）'."""
    return re.sub(r"\s+", "", number)


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 14 -> 十四, 20 -> 二十, 105 -> 一百零五."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = chinese_numeral(n // 100) + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _CN_DIGITS[rest]
    return head + ("一" if rest < 20 else "") + chinese_numeral(rest)


def number_for(level: Level, position: int) -> str:
    """The customary label of the position-th (1-based) node of a level."""
    if level == Level.ARTICLE:
        return f"{chinese_numeral(position)}、"
    if level == Level.CLAUSE:
        return f"（{chinese_numeral(position)}）"
    if level == Level.SUBITEM:
        return f"{position}、"
    return ""  # items are usually not numbered
