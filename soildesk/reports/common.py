"""What every printed report shares: page size, styles, escaping, the footer with
第 N 页 共 M 页 and the print date (a two-pass canvas: count the pages, then draw)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from ..files import atomic_output
from .fonts import FontChoice, choose_fonts

MARGIN = 12 * mm
FOOTER_GAP = 7 * mm
GRID = colors.black
HEADER_BG = colors.HexColor("#eeeeee")


def page_size(landscape_mode: bool = True) -> tuple[float, float]:
    return landscape(A4) if landscape_mode else portrait(A4)


def text_markup(text: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


class Styles:
    def __init__(self, fonts: FontChoice, size: float = 9.5) -> None:
        self.fonts = fonts
        self.body = ParagraphStyle(
            "body",
            fontName=fonts.body,
            fontSize=size,
            leading=size * 1.35,
            wordWrap="CJK",
            alignment=TA_LEFT,
        )
        self.cell_center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER)
        self.header = ParagraphStyle(
            "header",
            parent=self.body,
            fontName=fonts.heading,
            fontSize=size + 0.5,
            alignment=TA_CENTER,
        )
        self.title = ParagraphStyle(
            "title",
            fontName=fonts.heading,
            fontSize=18,
            leading=24,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=4,
        )
        self.subtitle = ParagraphStyle(
            "subtitle",
            parent=self.body,
            fontSize=10.5,
            leading=15,
            alignment=TA_CENTER,
            spaceAfter=6,
        )
        self.group = ParagraphStyle(
            "group", parent=self.body, fontName=fonts.heading, fontSize=size + 0.5
        )

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(text_markup(text), style or self.body)


def grid_commands(pad_x: float, pad_y: float, font: str) -> list[tuple]:
    """Thin lines round every cell, a grey header row, text centred vertically; the
    cells' own font ours (reportlab's default, Helvetica, would be named unembedded)."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad_x),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
        ("TOPPADDING", (0, 0), (-1, -1), pad_y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
    ]


def _footer(canvas: Canvas, font: str, printed_on: date, number: int, total: int) -> None:
    width, _ = canvas._pagesize
    canvas.setFont(font, 9)
    canvas.drawCentredString(width / 2, FOOTER_GAP, f"第 {number} 页 共 {total} 页")
    canvas.drawRightString(width - MARGIN, FOOTER_GAP, f"打印日期：{printed_on:%Y年%m月%d日}")


def counted_canvas(font: str, printed_on: date, total: int) -> type[Canvas]:
    """The footer drawn as each page ends, when the page count is known in advance (the
    breakdown paginates itself): no page is kept in memory until the end."""

    class CountedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            # Not reportlab's default Helvetica: every font the file names is embedded.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

        def showPage(self) -> None:
            _footer(self, font, printed_on, self._pageNumber, total)
            super().showPage()

    return CountedCanvas


class SectionStart(Flowable):
    """Where a part numbered from its own page 1 begins (each unit's duty sheet in the
    all-units PDF, so every department gets 第 1 页 共 N 页 of its own)."""

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        starts = self.canv.__dict__.setdefault("_section_starts", [])
        starts.append(self.canv.getPageNumber())


def numbered_canvas(font: str, printed_on: date) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps every page until the end, then draws 第 N 页 共 M 页 on each (counted
        within its section when the story marks sections)."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font  # not Helvetica
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            starts = sorted(set(self.__dict__.get("_section_starts", []) or [1]) | {1})
            ends = [*(s - 1 for s in starts[1:]), total]
            for state in self._pages:
                self.__dict__.update(state)
                page = self._pageNumber
                start, end = next(
                    (a, b) for a, b in zip(starts, ends, strict=True) if a <= page <= b
                )
                _footer(self, font, printed_on, page - start + 1, end - start + 1)
                super().showPage()
            super().save()

    return NumberedCanvas


class LazyStory(list):  # type: ignore[type-arg]
    """Flowables made only when reportlab reaches them, so a thousand pages of tables
    are never all in memory at once (443 MB at 10,000 sub-items). reportlab's build
    takes from the front of its list: len, [i], [:i], del [0] and [0:0] = split parts,
    which is what this list makes lazy."""

    def __init__(self, count: int, make: Iterator[Flowable]) -> None:
        super().__init__()
        self._left = count
        self._make = make

    def _fill(self, n: int) -> None:
        while list.__len__(self) < n and self._left:
            self.append(next(self._make))
            self._left -= 1

    def __len__(self) -> int:
        return list.__len__(self) + self._left

    def __getitem__(self, i):  # type: ignore[no-untyped-def, override]
        if isinstance(i, slice):
            self._fill(len(self) if i.stop is None or i.stop < 0 else i.stop)
        else:
            self._fill(len(self) if i < 0 else i + 1)
        return list.__getitem__(self, i)

    def __iter__(self):  # type: ignore[no-untyped-def, override]
        self._fill(len(self))
        return list.__iter__(self)


def build_pdf(
    target: Path,
    story: Sequence[Flowable],
    *,
    landscape_mode: bool,
    title: str,
    printed_on: date | None = None,
    total: int | None = None,
) -> int:
    """Write the story to `target` (atomically); returns the page count. `total`, the
    page count when the caller knows it, lets pages go to the file as they are done."""
    fonts = choose_fonts()
    size = page_size(landscape_mode)
    pages = [0]

    def count(canvas: Canvas, _doc: object) -> None:
        pages[0] = canvas.getPageNumber()

    with atomic_output(Path(target)) as tmp:
        doc = BaseDocTemplate(
            str(tmp),
            pagesize=size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 4 * mm,
            title=title,
            author="SoilDesk",
            creator="SoilDesk",
        )
        frame = Frame(
            doc.leftMargin,
            doc.bottomMargin,
            doc.width,
            doc.height,
            id="main",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=count)])
        day = printed_on or date.today()
        maker = (
            numbered_canvas(fonts.body, day)
            if total is None
            else counted_canvas(fonts.body, day, total)
        )
        doc.build(story if isinstance(story, LazyStory) else list(story), canvasmaker=maker)
    return pages[0]


def frame_size(landscape_mode: bool) -> tuple[float, float]:
    width, height = page_size(landscape_mode)
    return width - 2 * MARGIN, height - 2 * MARGIN - 4 * mm


def text_height(text: str, style: ParagraphStyle, width: float) -> float:
    return Paragraph(text_markup(text), style).wrap(width, 1e6)[1]


def fit_text(text: str, height: Callable[[str], float], limit: float) -> tuple[str, str]:
    """The longest start of `text` whose `height` fits in `limit` points, and the rest.
    Found by binary search on characters, so no character is ever cut."""
    if height(text) <= limit:
        return text, ""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if height(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo], text[lo:]
