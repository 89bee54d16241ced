"""A Document painted into a PDF with reportlab's canvas: per page one path for every
rule and one text object for every run, written as PDF operators. reportlab's own
text objects cost about 19 µs a run (9.6 s for 500,000); this writes the same runs,
each positioned once and hex-encoded in C, the fonts embedded as reportlab's subsets."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..files import atomic_output
from .page import Cancelled, Document, Rule, Shade, Text

__all__ = ["Cancelled", "write_pdf"]

# Streams deflated but not ASCII85-encoded: reportlab's encoder is pure Python without
# its C accelerator and took a sixth of a 1,000-page table's time; files get smaller.
rl_config.useA85 = 0
BOLD_STROKE = 0.035  # of the font size: 宋体 made bold by outlining its glyphs


def write_pdf(
    doc: Document,
    target: Path,
    *,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Write `doc` to `target` atomically; returns the page count. `progress(done,
    total)` is told after each page; when it returns False the work stops (Cancelled)."""
    paper = doc.paper
    with atomic_output(Path(target)) as tmp:
        first = doc.draw(0) if doc.count else []
        font = next((t.face.name for t in first if isinstance(t, Text)), None)
        canvas = Canvas(
            str(tmp),
            pagesize=(paper.width, paper.height),
            initialFontName=font,  # not Helvetica: every font the file names is embedded
            pageCompression=1,
        )
        canvas.setTitle(doc.title)
        canvas.setAuthor("SoilDesk")
        canvas.setCreator("SoilDesk")
        encoders: dict[int, _Encoder] = {}
        for i in range(doc.count):
            items = first if i == 0 else doc.draw(i)
            _paint(canvas, items, paper.height, encoders)
            canvas.showPage()
            if progress is not None and not progress(i + 1, doc.count):
                raise Cancelled
        canvas.save()
    return doc.count


class _Encoder:
    """A face's characters as reportlab's subset codes, in hex: each character is
    assigned once (reportlab's splitString), then whole runs are encoded with
    str.translate, in C, and cut where the subset changes."""

    def __init__(self, font: TTFont, pdf: object) -> None:
        self.font, self.pdf = font, pdf
        self.hex: dict[int, str] = {}
        self.subset: dict[int, str] = {}  # ord -> chr(0x100 + subset)
        self.names: dict[int, str] = {}

    def _assign(self, text: str) -> None:
        new = "".join(sorted(ch for ch in set(text) if ord(ch) not in self.hex))
        self.font.splitString(new, self.pdf)
        assignments = self.font.state[self.pdf].assignments
        for ch in new:
            code = ord(ch)
            n = assignments.get(32 if code == 0xA0 else code, 0)  # 0: .notdef
            self.hex[code] = f"{n & 0xFF:02x}"
            self.subset[code] = chr(0x100 + (n >> 8))

    def runs(self, text: str) -> list[tuple[str, str]]:
        """(subset font name, hex codes) for each stretch of one subset."""
        hexed = text.translate(self.hex)
        if len(hexed) != 2 * len(text):
            self._assign(text)
            hexed = text.translate(self.hex)
        subsets = text.translate(self.subset)
        first = subsets[0]
        if subsets.count(first) == len(subsets):
            return [(self._name(first), hexed)]
        return [
            (self._name(m.group(1)), hexed[2 * m.start() : 2 * m.end()])
            for m in _SAME.finditer(subsets)
        ]

    def _name(self, mark: str) -> str:
        n = ord(mark) - 0x100
        name = self.names.get(n)
        if name is None:
            name = self.names[n] = self.font.getSubsetInternalName(n, self.pdf)
        return name


_SAME = re.compile(r"(.)\1*", re.DOTALL)


def _paint(canvas: Canvas, items: list, height: float, encoders: dict[int, _Encoder]) -> None:
    code = canvas._code
    pdf = canvas._doc
    for s in items:
        if isinstance(s, Shade):
            code.append(
                f"{s.gray:.3f} g {s.x:.2f} {height - s.y - s.h:.2f} {s.w:.2f} {s.h:.2f} re f"
            )
    rules = [i for i in items if isinstance(i, Rule)]
    if rules:
        path = [f"0 G {rules[0].width:.2f} w"]
        path += [
            f"{r.x0:.2f} {height - r.y0:.2f} m {r.x1:.2f} {height - r.y1:.2f} l" for r in rules
        ]
        path.append("S")
        code.append("\n".join(path))
    out = ["BT 0 g"]
    current = None
    mode = 0
    for t in items:
        if not isinstance(t, Text) or not t.text:
            continue
        want = 2 if t.bold else 0
        if want != mode:
            out.append(f"{want} Tr {t.size * BOLD_STROKE:.2f} w" if want else "0 Tr")
            mode = want
        out.append(f"1 0 0 1 {t.x:.2f} {height - t.y:.2f} Tm")
        encoder = encoders.get(id(t.face))
        if encoder is None:
            encoder = encoders[id(t.face)] = _Encoder(t.face.font, pdf)
        for name, hexed in encoder.runs(t.text):
            if (name, t.size) != current:
                out.append(f"{name} {t.size:.2f} Tf")
                current = (name, t.size)
            out.append(f"<{hexed}> Tj")  # Tj moves on by the glyphs' widths
    if len(out) > 1:
        out.append("ET")
        code.append("\n".join(out))
