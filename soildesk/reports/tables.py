"""Tables without spans (duty sheets, the progress report, the return, the 催办单):
columns and rows of text, one article's heading repeated on every page it reaches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .grid import Column, Grid


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    centered: bool = False


def simple_table(
    header: Sequence[str], rows: list[list[Cell]], widths: Sequence[float], group: str = ""
) -> Grid:
    """`widths` as shares of the page's width; a column is centred when its cells are."""
    centered = [bool(rows) and all(r[i].centered for r in rows) for i in range(len(header))]
    columns = [Column(h, w, c) for h, w, c in zip(header, widths, centered, strict=True)]
    return Grid(columns, [[c.text for c in r] for r in rows], group=group)
