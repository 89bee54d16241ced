"""Matching the rows of an exported workbook that came back (edited, re-sorted, with
rows inserted) to the sub-items they were written from, through the very hidden key
sheet: by the fingerprint of the sub-item's text first, then by the original row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl

from ..export.xlsx_breakdown import FIRST_DATA_ROW, KEY_MAGIC, KEY_SHEET, text_digest
from ..numbering import split_number
from .safety import check_office_zip


@dataclass(frozen=True, slots=True)
class RowMatch:
    row: int  # 1-based row in the returned sheet
    sub_key: str | None  # None: a row that was not in the exported file
    how: str  # 'text', 'row' or 'new'


def match_rows(path: Path) -> list[RowMatch] | None:
    """None when the workbook carries no SoilDesk keys (it was not exported by us)."""
    check_office_zip(path, "xlsx")
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if KEY_SHEET not in wb.sheetnames:
            return None
        key_rows = list(wb[KEY_SHEET].iter_rows(values_only=True))
        if not key_rows or key_rows[0][0] != KEY_MAGIC:
            return None
        by_row: dict[int, tuple[str, str]] = {}
        by_digest: dict[str, list[str]] = {}
        for values in key_rows[2:]:
            row, sub_key, digest = int(values[0]), str(values[1] or ""), str(values[5] or "")
            by_row[row] = (sub_key, digest)
            by_digest.setdefault(digest, []).append(sub_key)
        main = wb.worksheets[0]
        sheet_rows = [
            (r, text_digest(split_number(str(values[4]))[1]))
            for r, values in enumerate(
                main.iter_rows(min_row=FIRST_DATA_ROW + 1, values_only=True),
                start=FIRST_DATA_ROW + 1,
            )
            if len(values) > 4 and values[4] is not None and str(values[4]).strip()
        ]
        used: set[str] = set()
        found: dict[int, RowMatch] = {}
        # Pass 1: by text, so rows that moved are found wherever they are now.
        for r, digest in sheet_rows:
            candidates = [k for k in by_digest.get(digest, []) if k not in used]
            if candidates:
                own = by_row.get(r, ("", ""))[0]
                key = own if own in candidates else candidates[0]
                used.add(key)
                found[r] = RowMatch(r, key, "text")
        # Pass 2: a row whose text was edited keeps the key of the row it was exported as.
        for r, _digest in sheet_rows:
            if r not in found and r in by_row and by_row[r][0] not in used:
                used.add(by_row[r][0])
                found[r] = RowMatch(r, by_row[r][0], "row")
        out = [found.get(r, RowMatch(r, None, "new")) for r, _ in sheet_rows]
        return out
    finally:
        wb.close()
