"""A plan's name, region and year proposed from the title of an imported table."""

from __future__ import annotations

import re

_REGION = re.compile(r"^(.{2,10}?(?:自治县|自治州|县|市|区|旗))")
_YEAR = re.compile(r"(20\d\d)\s*年")


def propose_name(title: str, taken: set[str], fallback: str = "导入的计划") -> str:
    base = re.sub(r"(?:任务)?分解表$|责任分工表$", "", title.strip()) or fallback
    name, n = base, 2
    while name in taken:
        name = f"{base}（{n}）"
        n += 1
    return name


def region_of(title: str) -> str:
    m = _REGION.match(title.strip())
    return m.group(1) if m else ""


def year_of(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None
