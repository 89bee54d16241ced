"""A table laid out on pages: its header row (and group heading) repeated on every page
it reaches, rows broken between pages, and the first `merged` columns drawn as spans
over the rows they hold (条/款/项 over their sub-items, FORMAT.md §2).

A span is drawn once per page it reaches. A span that runs on to the next page may
print only the start of its text there, the rest following after （续）; once its whole
text is printed, later pages repeat it after （续）. A row taller than a page goes on
over continuation lines, each cell's rest after （续）."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field

from .page import Cancelled, Item, Rule, Shade
from .setting import Style, Styles

PAD_X, PAD_Y = 3.0, 2.5
CONTINUED = "（续）"
MIN_SPAN_FONT = 6.0
ROOM = 0.9  # a row may take this much of a page before it is split


@dataclass(frozen=True)
class Column:
    header: str
    share: float  # of the table's width
    centered: bool = False


@dataclass
class Grid:
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]  # every column's text
    # Per row, what each of the first `merged` columns shows (a node id; None: nothing):
    # rows showing the same thing there, under the same outer spans, share one cell.
    keys: Sequence[Sequence[Hashable | None]] = ()
    merged: int = 0
    group: str = ""  # a heading over the full width, under the header on every page


@dataclass
class Line:
    """One row on paper: a table row, or a continuation of an overlong one."""

    row: int
    cells: list[str]  # the texts of the columns after the merged ones
    first: bool = True  # False: continues the row of the line above
    height: float = 0.0
    filler: bool = False  # an empty line a long span runs on over (dropped if unused)


@dataclass
class GridPage:
    lines: list[Line]
    heights: list[float]
    texts: dict[tuple[int, int], str] = field(default_factory=dict)  # (col, first line)


class GridLayout:
    def __init__(self, grid: Grid, width: float, styles: Styles) -> None:
        self.grid = grid
        self.styles = styles
        self.width = width
        self.widths = [width * c.share for c in grid.columns]
        self.lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        self._cache: dict[tuple[int, str, float], float] = {}
        self._lines: dict[float, list[Line]] = {}
        # Span identity per row and merged column: its key under its outer keys.
        self._spans = [
            tuple(tuple(keys[: c + 1]) for c in range(grid.merged)) for keys in grid.keys
        ]
        self.header_height = max(
            styles.header.height(c.header, w - 2 * PAD_X) + 2 * PAD_Y
            for c, w in zip(grid.columns, self.widths, strict=True)
        )
        self.group_height = (
            styles.group.height(grid.group, width - 2 * PAD_X) + 2 * PAD_Y if grid.group else 0.0
        )

    @property
    def head(self) -> float:
        return self.header_height + self.group_height

    # -- measuring -------------------------------------------------------------------
    def style(self, col: int) -> Style:
        return self.styles.center if self.grid.columns[col].centered else self.styles.body

    def height(self, text: str, col: int, style: Style | None = None) -> float:
        style = style or self.style(col)
        key = (col, text, style.size)
        found = self._cache.get(key)
        if found is None:
            found = style.height(text, self.widths[col] - 2 * PAD_X) + 2 * PAD_Y
            self._cache[key] = found
        return found

    def split(self, text: str, col: int, limit: float) -> tuple[str, int]:
        """The lines of `text` that fit `limit` points, and where the rest starts."""
        style = self.style(col)
        offsets = style.offsets(text, self.widths[col] - 2 * PAD_X)
        n = max(int((limit - 2 * PAD_Y + 0.01) // style.leading), 1)
        if len(offsets) <= n:
            return text, len(text)
        return text[: offsets[n - 1][1]], offsets[n][0]

    @property
    def min_span_height(self) -> float:
        return 2 * self.styles.body.leading + 2 * PAD_Y

    def lines(self, cap: float) -> list[Line]:
        """Rows, an overlong one split into lines that each fit a page of `cap`."""
        if cap not in self._lines:
            self._lines[cap] = self._make_lines(cap)
        return self._lines[cap]

    def _make_lines(self, cap: float) -> list[Line]:
        limit = cap * ROOM
        m = self.grid.merged
        out: list[Line] = []
        for index, row in enumerate(self.grid.rows):
            cells = list(row[m:])
            first = True
            while True:
                heights = [self.height(t, m + i) for i, t in enumerate(cells)]
                if max(heights) <= limit:
                    out.append(Line(index, cells, first, max(heights)))
                    break
                head, tail = [], []
                for i, text in enumerate(cells):
                    part, rest = self.split(text, m + i, limit)
                    head.append(part)
                    if rest < len(text):
                        tail.append(f"{CONTINUED}{text[rest:]}")
                    elif self.grid.columns[m + i].centered:  # 序号, 分工: said again
                        tail.append(text)
                    elif text and self.height(text, m + i) <= limit * 0.3:
                        tail.append(f"{CONTINUED}{text}")  # a short cell (责任单位) repeated
                    else:
                        tail.append("")
                out.append(Line(index, head, first, limit))
                cells, first = tail, False
        return self._room_for_spans(out, limit)

    def _room_for_spans(self, lines: list[Line], limit: float) -> list[Line]:
        """A span taller than a page over too few lines (one sub-item under a
        1,000-character item) gets empty lines to run on over, so it continues with
        （续） instead of overflowing the page."""
        blank = [""] * (len(self.grid.columns) - self.grid.merged)
        for col in reversed(range(self.grid.merged)):  # inner first: outer ones grow too
            out: list[Line] = []
            for first, last in self.segments(lines, col):
                span = lines[first : last + 1]
                out.extend(span)
                if self.key(span[0], col) is None:
                    continue
                need = self.height(self.full_text(span[0], col), col)
                if need <= sum(line.height for line in span) or need <= limit:
                    continue
                extra = math.ceil(need / limit) * 2  # ample: the unused ones are dropped
                out.extend(Line(span[-1].row, blank, False, limit, True) for _ in range(extra))
            lines = out
        return lines

    # -- spans -------------------------------------------------------------------------
    def key(self, line: Line, col: int) -> Hashable | None:
        return self.grid.keys[line.row][col]

    def span_id(self, line: Line, col: int) -> tuple:
        return self._spans[line.row][col]

    def full_text(self, line: Line, col: int) -> str:
        return self.grid.rows[line.row][col]

    @staticmethod
    def segment_text(full: str, shown: int) -> str:
        if shown == 0:
            return full
        return CONTINUED + (full[shown:] if shown < len(full) else full)

    def segments(self, lines: Sequence[Line], col: int) -> list[tuple[int, int]]:
        out, start = [], 0
        for i in range(1, len(lines) + 1):
            if i == len(lines) or self.span_id(lines[i], col) != self.span_id(lines[start], col):
                out.append((start, i - 1))
                start = i
        return out

    def _ends(self, lines: list[Line]) -> list[list[int]]:
        """Per merged column, for each line the last line of its span: a page's spans
        are then found in steps of a span, not of a line."""
        out = []
        for col in range(self.grid.merged):
            ends = [0] * len(lines)
            for first, last in self.segments(lines, col):
                ends[first : last + 1] = [last] * (last - first + 1)
            out.append(ends)
        return out

    def _spans_of(
        self, lines: list[Line], start: int, end: int
    ) -> Iterator[tuple[int, int, int, tuple, bool]]:
        """(col, first, last, span id, runs on) for the spans of a page holding
        lines[start:end], first and last counted from `start`; 'runs on' when the span
        goes on past the page."""
        for col in reversed(range(self.grid.merged)):
            ends = self._span_ends[col]
            pos = start
            while pos < end:
                last = min(ends[pos], end - 1)
                if self.key(lines[pos], col) is not None:
                    runs_on = last == end - 1 and ends[last] > last
                    yield col, pos - start, last - start, self.span_id(lines[pos], col), runs_on
                pos = last + 1

    def fit(self, lines: list[Line], start: int, end: int, shown: dict[tuple, int]) -> list[float]:
        """Row heights for a page holding lines[start:end]: each span's rows together
        hold its text, except that a span running on to the next page needs only two
        lines here."""
        heights = [line.height for line in lines[start:end]]
        for col, first, last, span, runs_on in self._spans_of(lines, start, end):
            full = self.full_text(lines[start + first], col)
            before = shown.get(span, 0)
            need = self.height(self.segment_text(full, before), col)
            repeat_too_long = before >= len(full) and need > self._cap_other * ROOM
            if (runs_on and before < len(full)) or repeat_too_long:
                # The rest follows on the next page; a repeat taller than a page does
                # not grow the page: only its head that fits is repeated.
                need = min(need, self.min_span_height)
            have = sum(heights[first : last + 1])
            if need > have:
                heights[last] += need - have
        return heights

    def paginate(
        self, cap_first: float, cap_other: float, stop: Callable[[], bool] | None = None
    ) -> list[GridPage]:
        """Pages of rows: the first with `cap_first` points under the header, the
        others `cap_other`. `stop` is asked every page; True gives up (Cancelled)."""
        self._cap_other = cap_other
        lines = self.lines(cap_other)
        self._span_ends = self._ends(lines)
        pages: list[GridPage] = []
        shown: dict[tuple, int] = {}
        i = 0
        while i < len(lines):
            if lines[i].filler and self._shown_all(lines[i], shown):
                i += 1  # the long text it was made for is all printed
                continue
            cap = cap_first if not pages else cap_other
            end = i + 1
            heights = self.fit(lines, i, end, shown)
            while end < len(lines):
                trial = self.fit(lines, i, end + 1, shown)
                if sum(trial) > cap:
                    break
                end, heights = end + 1, trial
            if stop is not None and stop():
                raise Cancelled
            page = GridPage(lines[i:end], heights)
            for col, first, last, span, _runs_on in self._spans_of(lines, i, end):
                full = self.full_text(lines[i + first], col)
                before = shown.get(span, 0)
                text = self.segment_text(full, before)
                room = sum(heights[first : last + 1])
                if self.height(text, col) > room + 0.5:
                    text, cut = self.split(text, col, room)
                    if before < len(full):  # the rest on the next page
                        shown[span] = before + cut - (len(CONTINUED) if before else 0)
                    # else a repeat: only its head that fits
                else:
                    shown[span] = len(full)
                page.texts[(col, first)] = text
            pages.append(page)
            i = end
        return pages

    def _shown_all(self, line: Line, shown: dict[tuple, int]) -> bool:
        return all(
            shown.get(self.span_id(line, col), 0) >= len(self.full_text(line, col))
            for col in range(self.grid.merged)
            if self.key(line, col) is not None
        )

    # -- drawing -----------------------------------------------------------------------
    def draw(self, page: GridPage, x: float, top: float) -> list[Item]:
        s, g = self.styles, self.grid
        items: list[Item] = [Shade(x, top, self.width, self.head)]
        for col, column in enumerate(g.columns):
            left, w = x + self.lefts[col], self.widths[col]
            items += s.header.draw(
                column.header,
                left + PAD_X,
                top + PAD_Y,
                w - 2 * PAD_X,
                self.header_height - 2 * PAD_Y,
            )
        y = top + self.header_height
        rules = [Rule(x, top, x + self.width, top), Rule(x, y, x + self.width, y)]
        if g.group:
            items += s.group.draw(
                g.group, x + PAD_X, y + PAD_Y, self.width - 2 * PAD_X, self.group_height - 2 * PAD_Y
            )
            y += self.group_height
            rules.append(Rule(x, y, x + self.width, y))
        tops = [y]
        for h in page.heights:
            tops.append(tops[-1] + h)
        m = g.merged
        starts: dict[int, list[Item]] = {}  # span texts by their first line
        for col in range(m):
            left, w = x + self.lefts[col], self.widths[col]
            for first, last in self.segments(page.lines, col):
                bottom = tops[last + 1]
                rules.append(Rule(left, bottom, left + w, bottom))
                text = page.texts.get((col, first), "")
                if not text:
                    continue
                room = bottom - tops[first]
                style = self.style(col)
                while self.height(text, col, style) > room + 0.5 and style.size > MIN_SPAN_FONT:
                    style = style.resized(style.size - 0.5)  # only a text longer than a page
                starts.setdefault(first, []).extend(
                    style.draw(
                        text, left + PAD_X, tops[first] + PAD_Y, w - 2 * PAD_X, room - 2 * PAD_Y
                    )
                )
        free = x + self.lefts[m] if m < len(g.columns) else x + self.width
        for n, line in enumerate(page.lines):  # in reading order: spans, then the cells
            items += starts.get(n, ())
            row_top, h = tops[n], page.heights[n]
            for i, text in enumerate(line.cells):
                col = m + i
                if text:
                    items += self.style(col).draw(
                        text, x + self.lefts[col] + PAD_X, row_top + PAD_Y,
                        self.widths[col] - 2 * PAD_X, h - 2 * PAD_Y,
                    )  # fmt: skip
            rules.append(Rule(free, tops[n + 1], x + self.width, tops[n + 1]))
        bottom = tops[-1]
        header_bottom = top + self.header_height
        for col in range(len(g.columns) + 1):
            edge = x + (self.lefts[col] if col < len(g.columns) else self.width)
            if col in (0, len(g.columns)) or not g.group:
                rules.append(Rule(edge, top, edge, bottom))
            else:  # the group heading spans the full width: no column rule through it
                rules.append(Rule(edge, top, edge, header_bottom))
                rules.append(Rule(edge, tops[0], edge, bottom))
        return items + rules
