"""The stored table of wide characters is the one Unicode gives (text_metrics counts
Excel widths with it). Regenerate: python -m tests.core.test_wide_chars."""

from __future__ import annotations

import unicodedata

import pytest

from soildesk.text_metrics import display_width
from soildesk.wide_chars import UNICODE_VERSION, WIDE_RANGES


def computed() -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in range(0x1100, 0x40000):
        ch = chr(code)
        if unicodedata.east_asian_width(ch) in "WF" and unicodedata.category(ch) != "Cn":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


@pytest.mark.skipif(
    unicodedata.unidata_version != UNICODE_VERSION, reason="another Unicode version"
)
def test_table_is_what_unicodedata_says() -> None:
    assert list(WIDE_RANGES) == computed()


def test_widths_from_the_table() -> None:
    assert display_width("土壤") == pytest.approx(4.2)
    assert display_width("（２０１６）") == pytest.approx(12.6)  # full-width forms
    assert display_width("ab1") == pytest.approx(3.3)
    assert display_width("\U00020000") == pytest.approx(2.1)  # CJK extension B


if __name__ == "__main__":
    body = ",\n".join(f"    (0x{a:04X}, 0x{b:04X})" for a, b in computed())
    print(f'UNICODE_VERSION = "{unicodedata.unidata_version}"\n\nWIDE_RANGES = (\n{body},\n)')
