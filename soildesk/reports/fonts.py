"""Finding a Chinese TrueType font reportlab can embed. Noto CJK / Source Han are CFF
fonts reportlab cannot read, and a CJK-only font prints digits as blanks, so every
candidate is checked for the characters a report needs (PITFALLS §PDF)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab.lib.textsplit as textsplit
import reportlab.platypus.paragraph as paragraph
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import KnownError
from ..paths import resources_dir

FONT_ENV = "SOILDESK_FONT"  # a .ttf/.ttc path the office prefers
REQUIRED = "第页共条款项小项责任单位牵头配合0123456789（）、，。；：ABCabc-—“”《》"
# Characters that may not start a line in Chinese; reportlab's own list lacks the
# full-width ones, so a line could begin with ，or ；.
CANNOT_START = "，。、；：？！）》」』】〉”’％‰·…"


@dataclass(frozen=True, slots=True)
class FontChoice:
    body: str  # registered font names
    heading: str
    path: Path


def _candidates() -> list[tuple[Path, int]]:
    """(file, sub-font index) in order of preference: configured, Windows, Linux, shipped."""
    out: list[tuple[Path, int]] = []
    configured = os.environ.get(FONT_ENV)
    if configured:
        out.append((Path(configured), 0))
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        out += [
            (fonts / "simfang.ttf", 0),
            (fonts / "simsun.ttc", 0),
            (fonts / "simhei.ttf", 0),
            (fonts / "msyh.ttc", 0),
        ]
    out += [
        (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
        (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
        (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
        (Path("/usr/share/fonts/truetype/arphic/ukai.ttc"), 0),
    ]
    shipped = resources_dir() / "fonts"
    if shipped.is_dir():
        out += [(p, 0) for p in sorted(shipped.glob("*.tt[fc]"))]
    return out


def _heading_candidates() -> list[Path]:
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return [fonts / "simhei.ttf", fonts / "msyh.ttc"]
    return []


def _load(path: Path, index: int, name: str) -> bool:
    if not path.is_file():
        return False
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError):
        return False  # e.g. "postscript outlines are not supported"
    if any(ord(ch) not in font.face.charToGlyph for ch in REQUIRED):
        return False  # would print boxes or blanks
    pdfmetrics.registerFont(font)
    return True


@cache
def choose_fonts() -> FontChoice:
    _fix_line_breaking()
    for path, index in _candidates():
        if _load(path, index, "SoilBody"):
            heading = next((p for p in _heading_candidates() if _load(p, 0, "SoilHeading")), None)
            return FontChoice("SoilBody", "SoilHeading" if heading else "SoilBody", path)
    raise KnownError(
        "找不到可用于打印的中文字体，无法生成 PDF（否则中文会显示为方框或空白）。"
        "Windows 系统请确认 C:\\Windows\\Fonts 中有 仿宋（simfang.ttf）、宋体（simsun.ttc）或 黑体（simhei.ttf）；"
        f"也可以设置环境变量 {FONT_ENV} 指向一个中文 TrueType 字体文件。"
    )


def _fix_line_breaking() -> None:
    extra = "".join(ch for ch in CANNOT_START if ch not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START += extra
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START  # imported by name there
