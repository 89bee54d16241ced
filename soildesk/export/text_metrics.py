"""How much room text needs in a cell: CJK characters are two units wide (FORMAT.md §2),
so row heights can be set from the text. Excel, WPS and LibreOffice never grow merged
wrapped cells themselves."""

from __future__ import annotations

import math
import re
import unicodedata


def _wide_class() -> re.Pattern[str]:
    """Every character East Asian Width calls wide or full-width, as one regex class:
    counting them in one regex pass is 5× faster than unicodedata per character."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x1100, 0x40000):
        if unicodedata.east_asian_width(chr(code)) in "WF" and unicodedata.category(chr(code)) != "Cn":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


_WIDE = _wide_class()


def display_width(text: str) -> float:
    """Width in Excel column units ('0' of the default font): a CJK character of an
    11 pt 仿宋 is a little over two '0's."""
    wide = len(_WIDE.findall(text))
    return wide * 2.1 + (len(text) - wide) * 1.1


def line_count(text: str, column_width: float) -> int:
    usable = max(column_width - 1.5, 1.0)  # cell padding
    lines = 0
    for paragraph in text.split("\n") or [""]:
        lines += max(1, math.ceil(display_width(paragraph) / usable))
    return lines
