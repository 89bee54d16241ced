"""A spreadsheet cell's value as the clerk sees it (importing/grid.cell_text)."""

from __future__ import annotations

from datetime import datetime

import pytest

from soildesk.importing.grid import cell_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("开展详查", "开展详查"),  # plain text comes back as it is
        ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        # calamine decodes OOXML's _xHHHH_ escapes: what is left is the document's text
        ("文字_x0041_结尾", "文字_x0041_结尾"),
        ("第一行_x000B_第二行", "第一行_x000B_第二行"),
        ("铃\x07声", "铃\x07声"),  # a decoded control character stays (export escapes it)
        ("第一行\x0b第二行", "第一行\n第二行"),
        ("x_x", "x_x"),  # not an escape
        (2016.0, "2016"),
        (0.3, "0.3"),
        (datetime(2020, 12, 31), "2020年12月31日"),
        (None, ""),
        ("", ""),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text
