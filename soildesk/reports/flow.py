"""A report's story (paragraphs, tables, page breaks) flowed onto pages once, into a
Document the painters draw. The footer carries 第 N 页 共 M 页 (counted within its
section: each unit's duty sheet from its own page 1) and the print date."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from .grid import Grid, GridLayout, GridPage
from .page import Cancelled, Document, Item, Paper, Text
from .setting import Style, Styles

MM = 72 / 25.4
MARGIN = 12 * MM
BOTTOM = MARGIN + 4 * MM  # room for the footer
FOOTER_GAP = 7 * MM  # the footer's baseline above the paper's edge


@dataclass
class Para:
    text: str
    style: Style
    after: float = 0.0  # space below


@dataclass
class Space:
    height: float


@dataclass
class NewPage:
    section: bool = False  # numbering starts again at 1 here
    label: str = ""  # the section's name in its footer (县农业局责任清单): a loose page tells whose


Block = Para | Space | Grid | NewPage


@dataclass
class _Page:
    texts: list[Text] = field(default_factory=list)
    grids: list[tuple[GridLayout, GridPage, float]] = field(default_factory=list)


class Flow:
    def __init__(
        self, paper: Paper, styles: Styles, stop: Callable[[], bool] | None = None
    ) -> None:
        self.paper = paper
        self.styles = styles
        self.stop = stop or (lambda: False)  # True: give up (Cancelled)
        self.width = paper.width - 2 * MARGIN
        self.bottom = paper.height - BOTTOM
        self.pages: list[_Page] = [_Page()]
        self.sections = [0]  # the first page of each section
        self.labels = [""]
        self.y = MARGIN

    def _new_page(self) -> None:
        self.pages.append(_Page())
        self.y = MARGIN

    def add(self, block: Block) -> None:
        if self.stop():
            raise Cancelled
        if isinstance(block, NewPage):
            if self.y > MARGIN or self.pages[-1].texts or self.pages[-1].grids:
                self._new_page()
            if block.section:
                here = len(self.pages) - 1
                if here not in self.sections:
                    self.sections.append(here)
                    self.labels.append("")
                self.labels[self.sections.index(here)] = block.label
        elif isinstance(block, Space):
            self.y = min(self.y + block.height, self.bottom)
        elif isinstance(block, Para):
            self._para(block)
        else:
            self._grid(block)

    def _para(self, para: Para) -> None:
        style = para.style
        for line in style.lines(para.text, self.width) or [""]:
            if self.y + style.leading > self.bottom:
                self._new_page()
            self.pages[-1].texts += style.draw(line, MARGIN, self.y, self.width)
            self.y += style.leading
        self.y += para.after

    def _grid(self, grid: Grid) -> None:
        layout = GridLayout(grid, self.width, self.styles)
        if not grid.rows:
            return
        full = self.bottom - MARGIN - layout.head
        first = self.bottom - self.y - layout.head
        # Never a header (or a group heading) alone at the foot of a page.
        first_line = layout.lines(full)[0].height
        if first < min(first_line, full * 0.9):
            self._new_page()
            first = full
        pages = layout.paginate(first, full, self.stop)
        for n, page in enumerate(pages):
            if n:
                self._new_page()
            self.pages[-1].grids.append((layout, page, self.y))
            self.y += layout.head + sum(page.heights)

    def document(self, title: str, printed_on: date) -> Document:
        pages, sections, labels, paper = self.pages, self.sections, self.labels, self.paper
        styles = self.styles
        ends = [*(s - 1 for s in sections[1:]), len(pages) - 1]

        def draw(i: int) -> list[Item]:
            page = pages[i]
            items: list[Item] = list(page.texts)
            for layout, grid_page, top in page.grids:
                items += layout.draw(grid_page, MARGIN, top)
            k = max(n for n, s in enumerate(sections) if s <= i)
            number, total = i - sections[k] + 1, ends[k] - sections[k] + 1
            numbers = f"第 {number} 页 共 {total} 页"
            items += _footer(styles, paper, numbers, printed_on, labels[k])
            return items

        return Document(title, paper, len(pages), draw)


def _footer(
    styles: Styles, paper: Paper, numbers: str, printed_on: date, label: str = ""
) -> list[Text]:
    """第 N 页 共 M 页 centred, the print date at the right, the section's name at the
    left; their baseline FOOTER_GAP above the paper's edge."""
    style = styles.footer
    top = paper.height - FOOTER_GAP - style.baseline
    width = paper.width - 2 * MARGIN
    day = f"打印日期：{printed_on.year}年{printed_on.month}月{printed_on.day}日"  # as 填报时间
    day_width = style.width(day)
    return [
        *(style.draw(label, MARGIN, top, width / 3) if label else []),
        *styles.footer_center.draw(numbers, MARGIN, top, width),
        *style.draw(day, MARGIN + width - day_width, top, day_width + 1),
    ]


def flow(
    blocks: Iterable[Block],
    paper: Paper,
    styles: Styles,
    title: str,
    printed_on: date | None = None,
    stop: Callable[[], bool] | None = None,
) -> Document:
    f = Flow(paper, styles, stop)
    for block in blocks:
        f.add(block)
    return f.document(title, printed_on or date.today())
