"""Setting text in a box: lines broken with the font's own advances and the rules of
Chinese typesetting (text_metrics.Measure), placed as runs for the painters.

Each character's advance is read once from the TrueType font and kept, and a text's
lines are found by bisecting running sums: reportlab's paragraph wrapping, done twice
per cell, was most of the time a big table took."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..text_metrics import Measure
from .fonts import FontChoice, Typeface
from .page import Text

LEADING = 1.35  # line height over font size


@dataclass(frozen=True, eq=False)
class Style:
    typeface: Typeface
    size: float
    leading: float
    centered: bool = False

    @cached_property
    def measure(self) -> Measure:
        return _measure(self.typeface)

    @cached_property
    def _lines(self) -> dict[tuple[str, float], list[str]]:
        return {}  # measured for the height, drawn later: broken once

    def lines(self, text: str, width: float) -> list[str]:
        key = (text, width)
        found = self._lines.get(key)
        if found is None:
            found = self._lines[key] = self.measure.lines(text, width / self.size)
        return found

    def offsets(self, text: str, width: float) -> list[tuple[int, int]]:
        return self.measure.offsets(text, width / self.size)

    def count(self, text: str, width: float) -> int:
        return len(self.lines(text, width))

    def width(self, text: str) -> float:
        return self.measure.width(text) * self.size

    def height(self, text: str, width: float) -> float:
        return self.count(text, width) * self.leading

    @property
    def baseline(self) -> float:
        """The first baseline below a line's top: the line's box is `leading` tall and
        the glyphs' ascent and descent sit in its middle."""
        main = self.typeface.main
        gap = (self.leading - (main.ascent + main.descent) * self.size) / 2
        return gap + main.ascent * self.size

    def resized(self, size: float) -> Style:
        return Style(self.typeface, size, size * self.leading / self.size, self.centered)

    def draw(
        self, text: str, x: float, top: float, width: float, height: float | None = None
    ) -> list[Text]:
        """`text` set in the box at (x, top), `width` wide; centred vertically in
        `height` when given. Each line's runs, baselines placed as the leading asks."""
        lines = self.lines(text, width)
        if height is not None:
            top += max(height - len(lines) * self.leading, 0) / 2
        main = self.typeface.main
        baseline = top + self.baseline
        out: list[Text] = []
        bold = self.typeface.bold
        one_face = self.typeface.main_has_all(text)
        for line in lines:
            if line:
                left = x + (width - self.width(line)) / 2 if self.centered else x
                if one_face:
                    out.append(Text(left, baseline, line, main, self.size, bold))
                else:
                    for face, run in self.typeface.runs(line):
                        out.append(Text(left, baseline, run, face, self.size, bold))
                        left += sum(face.advance(ch) for ch in run) * self.size
            baseline += self.leading
        return out


_measures: dict[int, tuple[Typeface, Measure]] = {}


def _measure(typeface: Typeface) -> Measure:
    """One Measure per typeface: its cached advances serve every size."""
    kept = _measures.get(id(typeface))
    if kept is None or kept[0] is not typeface:
        kept = (typeface, Measure(typeface.advance))
        _measures[id(typeface)] = kept
    return kept[1]


class Styles:
    """The styles of every report, at a body size (9.5 pt; 会议版 larger)."""

    def __init__(self, fonts: FontChoice, size: float = 9.5) -> None:
        self.fonts = fonts
        self.size = size
        self.body = Style(fonts.body, size, size * LEADING)
        self.center = Style(fonts.body, size, size * LEADING, centered=True)
        head = size + 0.5
        self.header = Style(fonts.heading, head, head * LEADING, centered=True)
        self.group = Style(fonts.heading, head, head * LEADING)
        self.title = Style(fonts.title, size + 8.5, (size + 8.5) * 1.35, centered=True)
        sub = size + 1
        self.subtitle = Style(fonts.body, sub, sub * 1.45, centered=True)
        self.line = Style(fonts.body, sub, sub * 1.45)  # 填报单位：… left to right
        self.footer = Style(fonts.body, 9, 9 * LEADING)
        self.footer_center = Style(fonts.body, 9, 9 * LEADING, centered=True)
