"""A laid-out report as plain data: pages of positioned text runs, rules and shaded
boxes, in points from the page's top-left corner. The layout (reports/flow.py) makes it
once; reportlab paints it into the PDF (reports/pdf_paint.py) and QPainter into the
preview and onto the printer (ui/page_paint.py), so paper and screen agree to the point.

A page's drawing is made when it is asked for: a 1,000-page table keeps only its
pagination, not half a million runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .fonts import Face, Typeface


# Items are NamedTuples: made in C, three times faster than frozen dataclasses, and a
# 1,000-page table makes 150,000 of them each time it is painted.
class Text(NamedTuple):
    """One run on one line: its baseline starts at (x, y); `face` draws every character
    of it; `bold` adds a thin outline."""

    x: float
    y: float
    text: str
    face: Face
    size: float
    bold: bool = False


class Rule(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5


class Shade(NamedTuple):
    x: float
    y: float
    w: float
    h: float
    gray: float = 0.933  # the header row's light grey


Item = Text | Rule | Shade


class Cancelled(Exception):
    """The clerk cancelled (or chose something else): nothing was written."""


@dataclass(frozen=True)
class Paper:
    name: str  # "A4", "A3"
    width: float  # points, as the page stands (landscape: the long side)
    height: float

    @property
    def landscape(self) -> bool:
        return self.width > self.height


A4 = (595.2756, 841.8898)
A3 = (841.8898, 1190.5512)


def paper(name: str = "A4", landscape: bool = True) -> Paper:
    short, long = A3 if name == "A3" else A4
    return Paper(name, long, short) if landscape else Paper(name, short, long)


@dataclass
class Document:
    """`count` pages on `paper`; `draw(i)` makes page i's items."""

    title: str
    paper: Paper
    count: int
    draw: Callable[[int], list[Item]]

    def pages(self) -> Iterator[list[Item]]:
        for i in range(self.count):
            yield self.draw(i)


def advances(typeface: Typeface | Face, text: str, size: float) -> list[float]:
    """Each character's advance in points, as the painters place them."""
    return [typeface.advance(ch) * size for ch in text]
