"""The fonts a printed report is set in, as official documents use them (GB/T 9704):
the title in 方正小标宋简体 where installed, else 宋体 drawn bold; headers in 黑体; the
body in 仿宋_GB2312 / 仿宋. Found where Windows and the domestic Linux desktops (统信 UOS,
麒麟 Kylin, WPS) keep fonts, by file name; the shipped font is the last resort.

Both painters (reportlab for the PDF, QPainter for the preview and the printer) draw
from the same files and the layout measures with their advances, so every line breaks
in the same place. Noto CJK / Source Han are CFF fonts reportlab cannot read, and a
CJK-only font prints digits as blanks, so each file is checked for the characters a
report needs (PITFALLS §PDF). A character the chosen font lacks (仿宋_GB2312 has only
GB 2312) is drawn from the next font that has it."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import KnownError
from ..paths import resources_dir

log = logging.getLogger(__name__)

FONT_ENV = "SOILDESK_FONT"  # a .ttf/.ttc path the office prefers for the body
REQUIRED = "第页共条款项小项责任单位牵头配合0123456789（）、，。；：ABCabc-—“”《》"

# File names (lower case, without suffix) per role, best first. 方正 and CESI names are
# those the official-document font packs install; sim* are Windows'.
TITLE = ("方正小标宋简体", "fzxbsjw", "方正小标宋_gbk", "fzxbsk", "cesi_xbs_gb2312", "方正小标宋")
SONG = ("simsun", "宋体", "cesi_ss_gb2312", "方正书宋_gbk", "fzssk", "nsimsun")
HEADING = ("simhei", "黑体", "方正黑体_gbk", "fzhtk", "方正黑体简体", "fzhtjw", "cesi_ht_gb2312")
BODY = (
    "仿宋_gb2312", "fs_gb2312", "fsgb2312", "simfang", "仿宋", "方正仿宋_gbk", "fzfsk",
    "方正仿宋简体", "fzfsjw", "cesi_fs_gb2312", "stfangso",
)  # fmt: skip
# Any of these can stand in for a role, and for a character a role's font lacks.
GENERAL = (
    "simsun", "simfang", "simhei", "msyh", "simkai", "wqy-zenhei", "wqy-microhei",
    "uming", "ukai", "droidsansfallbackfull", "droidsansfallback",
)  # fmt: skip
SUFFIXES = (".ttf", ".ttc")
MAX_FILES = 20_000  # a font folder walked no further than this


@dataclass(eq=False)
class Face:
    """One font file, registered with reportlab under `name`; advances in em."""

    name: str
    path: Path
    font: TTFont = field(repr=False)

    def __post_init__(self) -> None:
        face = self.font.face
        self._widths = face.charWidths
        self._default = face.defaultWidth
        self._glyphs = face.charToGlyph
        self.ascent = face.ascent / 1000
        self.descent = -face.descent / 1000  # positive, below the baseline

    def has(self, ch: str) -> bool:
        return ord(ch) in self._glyphs

    def advance(self, ch: str) -> float:
        return self._widths.get(ord(ch), self._default) / 1000

    def advances(self, text: str) -> list[float]:
        """Every character's advance in em, looked up in C once each is known."""
        return list(map(self._em.__getitem__, text))

    @property
    def _em(self) -> dict[str, float]:
        em = self.__dict__.get("_em_cache")
        if em is None:
            face = self

            class Em(dict):  # type: ignore[type-arg]
                def __missing__(self, ch: str) -> float:
                    self[ch] = value = face.advance(ch)
                    return value

            em = self.__dict__["_em_cache"] = Em()
        return em


@dataclass(eq=False)
class Typeface:
    """A role's font and, for characters it lacks, the fonts after it."""

    faces: list[Face]
    bold: bool = False  # drawn with a thin outline too (宋体 standing in for 小标宋)
    spare: Iterator[Face] = field(default_factory=lambda: iter(()), repr=False)
    _of: dict[str, int] = field(default_factory=dict, repr=False)
    _main_has: set[str] = field(default_factory=set, repr=False)

    def main_has_all(self, text: str) -> bool:
        """Whether the main font draws every character (a set difference: once per
        cell, not per character)."""
        new = set(text) - self._main_has
        if new and all(self.face_index(ch) == 0 for ch in new):
            self._main_has |= new
            return True
        return not new

    @property
    def main(self) -> Face:
        return self.faces[0]

    def face_index(self, ch: str) -> int:
        found = self._of.get(ch)
        if found is None:
            found = next((i for i, f in enumerate(self.faces) if f.has(ch)), -1)
            while found < 0:  # read the next spare font only when a character needs it
                face = next(self.spare, None)
                if face is None:
                    found = 0  # no font has it: the main font's empty box
                elif face not in self.faces and face.has(ch):
                    self.faces.append(face)
                    found = len(self.faces) - 1
            self._of[ch] = found
        return found

    def advance(self, ch: str) -> float:
        return self.faces[self.face_index(ch)].advance(ch)

    def runs(self, text: str) -> Iterator[tuple[Face, str]]:
        """`text` cut where the font drawing it changes."""
        if self.main_has_all(text):
            yield self.main, text
            return
        start, current = 0, self.face_index(text[0]) if text else 0
        for i, ch in enumerate(text):
            k = self.face_index(ch)
            if k != current:
                yield self.faces[current], text[start:i]
                start, current = i, k
        if start < len(text):
            yield self.faces[current], text[start:]


@dataclass(frozen=True, eq=False)
class FontChoice:
    title: Typeface
    heading: Typeface
    body: Typeface

    @property
    def path(self) -> Path:
        return self.body.main.path

    def faces(self) -> list[Face]:
        out: list[Face] = []
        for t in (self.title, self.heading, self.body):
            out += [f for f in t.faces if f not in out]
        return out


def font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    return [
        Path("/usr/share/fonts"),  # UOS and Kylin put 方正/CESI packs under here too
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/opt/kingsoft/wps-office/office6/fonts"),  # WPS's own fonts
    ]


def _index(dirs: list[Path]) -> dict[str, Path]:
    """Font files by lower-case stem; the first found wins."""
    out: dict[str, Path] = {}
    seen = 0
    for root in dirs:
        if not root.is_dir():
            continue
        for folder, _dirs, files in os.walk(root):
            for name in files:
                seen += 1
                stem, dot, suffix = name.rpartition(".")
                if dot and f".{suffix.lower()}" in SUFFIXES:
                    out.setdefault(stem.lower(), Path(folder) / name)
            if seen > MAX_FILES:
                return out
    return out


def _candidates() -> list[tuple[Path, int]]:
    """Body fonts, best first: configured, by role, general, shipped."""
    return _ranked(BODY)


def _ranked(names: tuple[str, ...]) -> list[tuple[Path, int]]:
    found = _installed()
    out: list[tuple[Path, int]] = []
    configured = os.environ.get(FONT_ENV)
    if configured and names is BODY:
        out.append((Path(configured), 0))
    out += [(found[n], 0) for n in (*names, *GENERAL) if n in found]
    return out + _shipped()


@cache
def _installed() -> dict[str, Path]:
    return _index(font_dirs())


def _shipped() -> list[tuple[Path, int]]:
    shipped = resources_dir() / "fonts"
    return [(p, 0) for p in sorted(shipped.glob("*.tt[fc]"))] if shipped.is_dir() else []


_loaded: dict[Path, Face | None] = {}


def _load(path: Path, index: int) -> Face | None:
    """The font at `path` registered with reportlab (once), or None when it cannot
    print Chinese (missing, unreadable, CFF outlines, no digits)."""
    if path not in _loaded:
        _loaded[path] = _read(path, index, f"Soil{len(_loaded)}")
    return _loaded[path]


def _read(path: Path, index: int, name: str) -> Face | None:
    if not path.is_file():
        return None
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
        log.info("font %s not usable: %s", path, exc)  # e.g. postscript outlines
        return None
    if any(ord(ch) not in font.face.charToGlyph for ch in REQUIRED):
        return None  # would print boxes or blanks
    pdfmetrics.registerFont(font)
    return Face(name, path, font)


def _first(candidates: list[tuple[Path, int]]) -> Face | None:
    for path, index in candidates:
        face = _load(path, index)
        if face is not None:
            return face
    return None


def forget() -> None:
    """Look for fonts again (after fonts were installed, and in tests)."""
    _installed.cache_clear()
    choose_fonts.cache_clear()
    _loaded.clear()


@cache
def choose_fonts() -> FontChoice:
    body = _first(_candidates())
    if body is None:
        raise KnownError(
            "找不到可用于打印的中文字体，无法生成 PDF（否则中文会显示为方框或空白）。"
            "Windows 系统请确认 C:\\Windows\\Fonts 中有 仿宋（simfang.ttf）、宋体（simsun.ttc）或 黑体（simhei.ttf）；"
            f"也可以设置环境变量 {FONT_ENV} 指向一个中文 TrueType 字体文件。"
        )
    found = _installed()
    heading = _first([(found[n], 0) for n in HEADING if n in found]) or body
    title = _first([(found[n], 0) for n in TITLE if n in found])
    bold = title is None
    if title is None:  # 宋体 bold, else the header's font bold
        title = _first([(found[n], 0) for n in SONG if n in found]) or heading

    def spare() -> Iterator[Face]:  # for characters a font lacks, read when needed
        for path, index in _ranked(GENERAL):
            face = _load(path, index)
            if face is not None:
                yield face

    def typeface(main: Face, bold: bool = False) -> Typeface:
        return Typeface(list(dict.fromkeys([main, body])), bold, spare())

    return FontChoice(typeface(title, bold), typeface(heading), typeface(body))
