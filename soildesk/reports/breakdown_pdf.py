"""The breakdown table as a printed document: title, the seven columns of FORMAT.md §2,
条/款/项 cells drawn as spans over their sub-items.

reportlab's own row spans break across pages (PITFALLS §PDF 12), so the rows are laid
out here: each page gets its own table in which no span crosses the page, and a span
that continues from the page before repeats its text marked （续）."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from ..domain import Node, PlanInfo, UnitInfo
from ..export.table import (
    HEADER,
    MERGED_COLUMNS,
    TableRow,
    cell_texts,
    table_rows,
    unit_keeper,
)
from .common import LazyStory, Styles, build_pdf, fit_text, frame_size, grid_commands, text_markup
from .fonts import choose_fonts

WIDTHS = (0.085, 0.105, 0.2, 0.11, 0.2, 0.11, 0.19)
PAD_X, PAD_Y = 3.0, 2.5
CONTINUED = "（续）"
MIN_SPAN_FONT = 6.0

log = logging.getLogger(__name__)


@dataclass
class Line:
    """One table row on paper: a sub-item row, or a continuation of an overlong one."""

    row: TableRow
    cells: list[str]  # E..G texts shown on this line
    first: bool = True  # False: continues the sub-item of the line above
    height: float = 0.0
    filler: bool = False  # an empty line a long 条/款/项 text runs on over (dropped if unused)


@dataclass
class Page:
    lines: list[Line]
    heights: list[float] = field(default_factory=list)
    texts: dict[tuple[int, int], str] = field(
        default_factory=dict
    )  # (col, first line) -> span text


class BreakdownLayout:
    def __init__(
        self, rows: list[TableRow], width: float, cap_first: float, cap_other: float, styles: Styles
    ) -> None:
        self.rows = rows
        self.styles = styles
        self.col_widths = [width * w for w in WIDTHS]
        self.cap_first, self.cap_other = cap_first, cap_other
        self.texts = [cell_texts(r) for r in rows]
        self._height_cache: dict[tuple[int, str, float], float] = {}
        self.lines = self._lines()

    # -- measuring -------------------------------------------------------------
    def height(self, text: str, col: int, style: ParagraphStyle | None = None) -> float:
        style = style or self.styles.body
        key = (col, text, style.fontSize)
        if key not in self._height_cache:
            _, h = Paragraph(text_markup(text), style).wrap(self.col_widths[col] - 2 * PAD_X, 1e6)
            self._height_cache[key] = h + 2 * PAD_Y
        return self._height_cache[key]

    def _lines(self) -> list[Line]:
        """Sub-item rows, an overlong one split into lines that each fit a page."""
        limit = self.cap_other * 0.9
        out: list[Line] = []
        for row, texts in zip(self.rows, self.texts, strict=True):
            cells = list(texts[MERGED_COLUMNS:])
            first = True
            while True:
                heights = [self.height(t, MERGED_COLUMNS + i) for i, t in enumerate(cells)]
                if max(heights) <= limit:
                    out.append(Line(row, cells, first, max(heights)))
                    break
                head, tail = [], []
                for i, text in enumerate(cells):
                    part, rest = self._split(text, MERGED_COLUMNS + i, limit)
                    head.append(part)
                    tail.append(rest)
                out.append(Line(row, head, first, limit))
                cells = [f"{CONTINUED}{t}" if t else "" for t in tail]
                first = False
        return self._room_for_spans(out, limit)

    def _room_for_spans(self, lines: list[Line], limit: float) -> list[Line]:
        """A 条/款/项 text taller than a page over too few sub-item lines (one sub-item
        under a 1,000-character item) gets empty continuation lines to run on over, so
        it continues with （续） instead of overflowing the page (reportlab's LayoutError)."""
        for col in reversed(range(MERGED_COLUMNS)):  # inner spans first: outer ones grow too
            out: list[Line] = []
            for first, last in self.segments(lines, col):
                span = lines[first : last + 1]
                out.extend(span)
                if self.node_at(span[0], col) is None:
                    continue
                need = self.height(self.full_text(span[0], col), col)
                have = sum(line.height for line in span)
                if need <= have or need <= limit:
                    continue
                extra = math.ceil(need / limit) * 2  # ample: the unused ones are dropped
                blank = [""] * (len(HEADER) - MERGED_COLUMNS)
                out.extend(Line(span[-1].row, blank, False, limit, True) for _ in range(extra))
            lines = out
        return lines

    def _split(self, text: str, col: int, limit: float) -> tuple[str, str]:
        return fit_text(text, lambda t: self.height(t, col), limit)

    # -- spans ---------------------------------------------------------------------
    # A span (条/款/项/项的责任单位 over its sub-items) is drawn once per page it reaches.
    # `shown` counts how much of a span's text earlier pages printed: a span that runs on
    # to the next page may print only the start of its text, the rest following there
    # after （续）; once the whole text was printed, later pages repeat it after （续）.
    def node_at(self, line: Line, col: int) -> Node | None:
        return line.row.nodes()[col]

    def full_text(self, line: Line, col: int) -> str:
        return cell_texts(line.row)[col]

    @staticmethod
    def segment_text(full: str, shown: int) -> str:
        if shown == 0:
            return full
        return CONTINUED + (full[shown:] if shown < len(full) else full)

    def segments(self, lines: list[Line], col: int) -> list[tuple[int, int]]:
        out, start = [], 0
        for i in range(1, len(lines) + 1):
            if i == len(lines) or self.node_at(lines[i], col) is not self.node_at(
                lines[start], col
            ):
                out.append((start, i - 1))
                start = i
        return out

    def _spans(self, lines: list[Line], end: int) -> Iterator[tuple[int, int, int, Node, bool]]:
        """(col, first, last, node, runs on) for the spans of a page holding lines[:end]
        of `lines`; 'runs on' when the span goes on past the page."""
        page = lines[:end]
        for col in reversed(range(MERGED_COLUMNS)):
            for first, last in self.segments(page, col):
                node = self.node_at(page[first], col)
                if node is not None:
                    runs_on = (
                        last == end - 1
                        and end < len(lines)
                        and self.node_at(lines[end], col) is node
                    )
                    yield col, first, last, node, runs_on

    def fit(self, lines: list[Line], end: int, shown: dict[tuple[int, int], int]) -> list[float]:
        """Row heights for a page holding lines[:end]: each span's rows together hold its
        text, except that a span running on to the next page needs only two lines here."""
        heights = [line.height for line in lines[:end]]
        for col, first, last, node, runs_on in self._spans(lines, end):
            full = self.full_text(lines[first], col)
            before = shown.get((col, node.id), 0)
            need = self.height(self.segment_text(full, before), col)
            repeat_too_long = before >= len(full) and need > self.cap_other * 0.9
            if (runs_on and before < len(full)) or repeat_too_long:
                # The rest can follow on the next page; a repeat taller than a page
                # does not grow the page: only its head that fits is repeated.
                need = min(need, self.min_span_height)
            have = sum(heights[first : last + 1])
            if need > have:
                heights[last] += need - have
        return heights

    @property
    def min_span_height(self) -> float:
        return 2 * self.styles.body.leading + 2 * PAD_Y

    def paginate(self) -> list[Page]:
        pages: list[Page] = []
        shown: dict[tuple[int, int], int] = {}
        i = 0
        while i < len(self.lines):
            if self.lines[i].filler and self._shown_all(self.lines[i], shown):
                i += 1  # the long text it was made for is all printed
                continue
            cap = self.cap_first if not pages else self.cap_other
            rest = self.lines[i:]
            end = 1
            heights = self.fit(rest, end, shown)
            while end < len(rest):
                trial = self.fit(rest, end + 1, shown)
                if sum(trial) > cap:
                    break
                end, heights = end + 1, trial
            page = Page(rest[:end], heights)
            for col, first, last, node, _runs_on in self._spans(rest, end):
                full = self.full_text(rest[first], col)
                before = shown.get((col, node.id), 0)
                text = self.segment_text(full, before)
                room = sum(heights[first : last + 1])
                if before < len(full) and self.height(text, col) > room + 0.5:
                    text, _ = self._split(text, col, room)  # the rest on the next page
                    shown[(col, node.id)] = before + len(text) - (len(CONTINUED) if before else 0)
                else:
                    if self.height(text, col) > room + 0.5:  # a repeat: its head that fits
                        text, _ = self._split(text, col, room)
                    shown[(col, node.id)] = len(full)
                page.texts[(col, first)] = text
            pages.append(page)
            i += end
        return pages

    def _shown_all(self, line: Line, shown: dict[tuple[int, int], int]) -> bool:
        return all(
            shown.get((col, node.id), 0) >= len(self.full_text(line, col))
            for col in range(MERGED_COLUMNS)
            if (node := self.node_at(line, col)) is not None
        )

    # -- drawing -----------------------------------------------------------------------
    def table(self, page: Page) -> Table:
        s = self.styles
        data: list[list[object]] = [[Paragraph(h, s.header) for h in HEADER]]
        commands = grid_commands(PAD_X, PAD_Y, s.body.fontName)
        lines = page.lines
        for line in lines:
            data.append([""] * MERGED_COLUMNS + [s.para(t) for t in line.cells])
        for col in range(MERGED_COLUMNS):
            for first, last in self.segments(lines, col):
                if self.node_at(lines[first], col) is None:
                    continue
                text = page.texts[(col, first)]
                style = s.body
                limit = sum(page.heights[first : last + 1])
                while (
                    self.height(text, col, style) > limit + 0.5 and style.fontSize > MIN_SPAN_FONT
                ):
                    size = style.fontSize - 0.5  # only when one span's text exceeds a page
                    style = ParagraphStyle("small", parent=style, fontSize=size, leading=size * 1.3)
                data[first + 1][col] = Paragraph(text_markup(text), style)
                if last > first:
                    commands.append(("SPAN", (col, first + 1), (col, last + 1)))
        header_h = self.header_height()
        return Table(
            data,
            colWidths=self.col_widths,
            rowHeights=[header_h, *page.heights],
            style=TableStyle(commands),
        )

    def header_height(self) -> float:
        return (
            max(
                Paragraph(h, self.styles.header).wrap(w - 2 * PAD_X, 1e6)[1]
                for h, w in zip(HEADER, self.col_widths, strict=True)
            )
            + 2 * PAD_Y
        )


def breakdown_story(
    plan: PlanInfo, roots: list[Node], unit: UnitInfo | None, landscape_mode: bool
) -> tuple[list[Flowable], int, int]:
    """The flowables, the number of rows and the number of pages."""
    styles = Styles(choose_fonts())
    rows = table_rows(roots, unit_keeper(unit.id) if unit else None)
    title = plan.title or f"{plan.name}任务分解表"
    if unit:
        title = f"{title}（{unit.name}）"
    heading = [Paragraph(text_markup(title), styles.title)]
    if not rows:
        heading.append(styles.para("（没有可打印的内容）", styles.subtitle))
        return heading, 0, 1
    width, height = frame_size(landscape_mode)
    title_h = sum(f.wrap(width, height)[1] for f in heading) + 10
    probe = BreakdownLayout([], width, 1, 1, styles)
    header_h = probe.header_height()
    layout = BreakdownLayout(
        rows, width, height - title_h - header_h - 2, height - header_h - 2, styles
    )
    pages = layout.paginate()

    def flowables() -> Iterator[Flowable]:
        yield from heading
        yield Spacer(1, 6)
        for n, page in enumerate(pages):
            if n:
                yield PageBreak()
            yield layout.table(page)  # made when reportlab reaches it, then let go

    count = len(heading) + 1 + 2 * len(pages) - 1
    return LazyStory(count, flowables()), len(rows), len(pages)


def print_breakdown(
    target: Path,
    plan: PlanInfo,
    roots: list[Node],
    unit: UnitInfo | None = None,
    *,
    landscape_mode: bool = True,
    printed_on: date | None = None,
) -> int:
    """Write the breakdown PDF; returns the page count."""
    story, _, pages = breakdown_story(plan, roots, unit, landscape_mode)
    title = plan.title or plan.name
    args = {"landscape_mode": landscape_mode, "title": title, "printed_on": printed_on}
    printed = build_pdf(Path(target), story, total=pages, **args)  # type: ignore[arg-type]
    if printed != pages:  # never seen: the footers would say 共 {pages} 页
        log.warning("breakdown laid out %d pages, printed %d: printed again", pages, printed)
        story, _, _ = breakdown_story(plan, roots, unit, landscape_mode)
        printed = build_pdf(Path(target), story, **args)  # type: ignore[arg-type]
    return printed
