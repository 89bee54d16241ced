"""Font names for the official attachment (FORMAT.md §2). The preferred document fonts
are used when this PC has them, else the common fallbacks every Chinese Windows has."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def _installed_font_files() -> frozenset[str]:
    folders: list[Path] = []
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        folders += [
            windir / "Fonts",
            Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts",
        ]
    else:
        folders += [
            Path("/usr/share/fonts"),
            Path.home() / ".local/share/fonts",
            Path.home() / ".fonts",
        ]
    names: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            names.update(
                p.name.lower()
                for p in folder.rglob("*")
                if p.suffix.lower() in {".ttf", ".ttc", ".otf"}
            )
    return frozenset(names)


def _have(*files: str) -> bool:
    installed = _installed_font_files()
    return any(f.lower() in installed for f in files)


def title_font() -> str:
    return "方正小标宋简体" if _have("FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXBSK.TTF") else "宋体"


def body_font() -> str:
    return (
        "仿宋_GB2312" if _have("SIMFANG_GB2312.TTF", "仿宋_GB2312.ttf", "FS_GB2312.TTF") else "仿宋"
    )


LABEL_FONT = "黑体"
HEADER_FONT = "黑体"
