"""How much room text needs in a cell: CJK characters are two units wide (FORMAT.md §2),
so row heights can be set from the text. Excel, WPS and LibreOffice never grow merged
wrapped cells themselves."""

from __future__ import annotations

import math
import unicodedata


def display_width(text: str) -> float:
    """Width in Excel column units ('0' of the default font)."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            width += 2.1  # a CJK character of an 11 pt 仿宋 is a little over two '0's
        else:
            width += 1.1
    return width


def line_count(text: str, column_width: float) -> int:
    usable = max(column_width - 1.5, 1.0)  # cell padding
    lines = 0
    for paragraph in text.split("\n") or [""]:
        lines += max(1, math.ceil(display_width(paragraph) / usable))
    return lines
