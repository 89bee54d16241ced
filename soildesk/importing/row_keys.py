"""Matching the rows of an exported workbook that came back (edited, re-sorted, with
rows inserted) to the sub-items they were written from, through the very hidden key
sheet: by the fingerprint of the sub-item's text first, then by the original row, then
by the most similar text."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import openpyxl

from ..export.xlsx_breakdown import FIRST_DATA_ROW, KEY_MAGIC, KEY_SHEET, text_digest
from ..numbering import split_number
from .safety import check_office_zip

SIMILAR = 0.6  # an edit keeps most of the words


@dataclass(frozen=True, slots=True)
class RowMatch:
    row: int  # 1-based row in the returned sheet
    sub_key: str | None  # None: a row that was not in the exported file
    how: str  # 'text', 'row', 'similar' or 'new'


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
        sent_text: dict[str, str] = {}
        for values in key_rows[2:]:
            row, sub_key, digest = int(values[0]), str(values[1] or ""), str(values[5] or "")
            by_row[row] = (sub_key, digest)
            by_digest.setdefault(digest, []).append(sub_key)
            sent_text[sub_key] = split_number(str(values[6] or ""))[1] if len(values) > 6 else ""
        main = wb.worksheets[0]
        texts: dict[int, str] = {}
        sheet_rows = [
            (r, text_digest(texts.setdefault(r, split_number(str(values[4]))[1])))
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
        # Pass 3: moved and edited: the most similar text still unmatched, if close enough.
        pairs = sorted(
            (
                (SequenceMatcher(None, texts[r], sent_text.get(key, "")).ratio(), r, key)
                for r, _ in sheet_rows
                if r not in found
                for key in sent_text
                if key and key not in used
            ),
            reverse=True,
        )
        for ratio, r, key in pairs:
            if ratio < SIMILAR or r in found or key in used:
                continue
            used.add(key)
            found[r] = RowMatch(r, key, "similar")
        out = [found.get(r, RowMatch(r, None, "new")) for r, _ in sheet_rows]
        return out
    finally:
        wb.close()
