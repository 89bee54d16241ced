"""Reading what a workbook really says: the sheet XML, not openpyxl's view of it
(openpyxl re-formats merged edges on load and would hide missing borders)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@dataclass
class Sheet:
    xml: str
    cells: dict[
        str, dict
    ]  # ref -> {"style": int, "type": str|None, "value": str|None, "formula": bool}
    merges: list[str]
    row_heights: dict[int, float]
    borders: list[dict]  # per cellXfs index: which sides have a border
    strings: list[str]
    workbook: str


def read_sheet(path: Path, index: int = 1) -> Sheet:
    with zipfile.ZipFile(path) as z:
        xml = z.read(f"xl/worksheets/sheet{index}.xml").decode()
        styles = ET.fromstring(z.read("xl/styles.xml"))
        names = z.namelist()
        sst = (
            ET.fromstring(z.read("xl/sharedStrings.xml"))
            if "xl/sharedStrings.xml" in names
            else None
        )
        workbook = z.read("xl/workbook.xml").decode()
    strings = (
        [
            "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
            for si in sst.findall("m:si", NS)
        ]
        if sst is not None
        else []
    )
    border_defs = []
    for b in styles.find("m:borders", NS).findall("m:border", NS):
        sides = {}
        for side in ("left", "right", "top", "bottom"):
            el = b.find(f"m:{side}", NS)
            sides[side] = el is not None and el.get("style") is not None
        border_defs.append(sides)
    xfs = [
        border_defs[int(xf.get("borderId", 0))]
        for xf in styles.find("m:cellXfs", NS).findall("m:xf", NS)
    ]
    root = ET.fromstring(xml.encode())
    cells: dict[str, dict] = {}
    heights: dict[int, float] = {}
    for row in root.iter(f"{{{NS['m']}}}row"):
        if row.get("ht"):
            heights[int(row.get("r"))] = float(row.get("ht"))
        for c in row.findall("m:c", NS):
            v = c.find("m:v", NS)
            value = v.text if v is not None else None
            if c.get("t") == "s" and value is not None:
                value = strings[int(value)]
            elif c.get("t") == "inlineStr":  # the big tables' strings are inline
                value = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
            cells[c.get("r")] = {
                "style": int(c.get("s", 0)),
                "type": c.get("t"),
                "value": value,
                "formula": c.find("m:f", NS) is not None,
            }
    merges = re.findall(r'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', xml)
    return Sheet(xml, cells, merges, heights, xfs, strings, workbook)
