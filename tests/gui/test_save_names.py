"""A name typed in a save dialog without an extension gets the chosen filter's."""

from __future__ import annotations

import pytest

from ui.interaction import with_suffix


@pytest.mark.parametrize(
    ("typed", "chosen", "saved"),
    [
        ("/d/任务分解表", "Excel 工作簿 (*.xlsx)", "/d/任务分解表.xlsx"),
        ("/d/报表", "PDF 文件 (*.pdf)", "/d/报表.pdf"),
        ("/d/报表.xlsx", "PDF 文件 (*.pdf)", "/d/报表.xlsx"),  # the clerk's own extension stays
        ("", "Excel 工作簿 (*.xlsx)", ""),  # cancelled
    ],
)
def test_with_suffix(typed: str, chosen: str, saved: str) -> None:
    assert with_suffix(typed, chosen) == saved
