"""Finding a breakdown table's header by what its columns mean, in any column order, over
one or two header rows (a group such as 任务内容 over 条 | 款 | 项, or 责任单位 over
牵头单位 | 配合单位, with other labels merged down over both rows).

Two shapes are known (FORMAT.md §2, §2b): the official one with 条/款/项/小项 columns, and
the other common one with 重点任务 | 具体措施 | 牵头单位 | 配合单位. Every column that is
neither is kept as an extra column and reported, never dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grid import Grid

HEADER_SEARCH_ROWS = 30


class Col:
    """What a column means (its usual header). Plain strings, not an Enum: a 10,000-row
    import looks these up 100,000 times, and an Enum member hashes in Python."""

    ARTICLE = "条内容"
    CLAUSE = "款内容"
    ITEM = "项内容"
    ITEM_UNITS = "项的责任单位"
    SUB = "小项内容"
    SUB_UNITS = "小项的责任单位"
    DUTIES = "具体工作内容"
    SEQ = "序号"
    TASK = "重点任务"
    MEASURE = "具体措施"
    LEAD = "牵头单位"
    COOPERATE = "配合单位"
    UNITS = "责任单位"
    DEADLINE = "完成时限"
    REMARK = "备注"
    EXTRA = "其他"


# Label (spaces, line breaks and a trailing note in brackets removed) -> meaning. Checked
# in order; the first pattern that matches wins.
_LABELS: tuple[tuple[str, str], ...] = (
    (r"^小项(内容)?$", Col.SUB),
    (r"^(具体)?工作(内容|分工)$|^具体(工作|分工)$|^工作职责$", Col.DUTIES),
    (r"^款(内容)?$", Col.CLAUSE),
    (r"^项(目)?内容$|^项$", Col.ITEM),
    (r"^条(内容)?$", Col.ARTICLE),
    (r"^(序号|编号)$", Col.SEQ),
    (r"^(重点|工作|主要)?任务(内容|名称)?$", Col.TASK),
    (r"^(具体|工作|主要)?措施$|^主要内容$|^具体内容$", Col.MEASURE),
    (r"^(牵头|主责)(单位|部门)$", Col.LEAD),
    (r"^(配合|协办|参与|协同)(单位|部门)$", Col.COOPERATE),
    (r"^(责任|承办)(单位|部门)$", Col.UNITS),
    (r"^(完成)?(时限|时间|期限)$|^时间节点$|^完成时间节点$", Col.DEADLINE),
    (r"^备注$", Col.REMARK),
)
_NOTE = re.compile(r"[（(][^）)]*[）)]$")


def meaning(label: str) -> str | None:
    text = _NOTE.sub("", re.sub(r"\s+", "", label)).rstrip("：:")
    if not text:
        return None
    for pattern, col in _LABELS:
        if re.search(pattern, text):
            return col
    return Col.EXTRA


@dataclass(slots=True)
class Header:
    """Where the header is and what each column means: rows top..row."""

    top: int
    row: int
    shape: str  # "levels" (条/款/项/小项) or "measures" (重点任务/具体措施)
    columns: dict[str, int]  # meaning (a Col) -> column (first one of each)
    extras: list[tuple[int, str]] = field(default_factory=list)  # (column, its label)
    labels: dict[int, str] = field(default_factory=dict)  # every labelled column

    def get(self, col: str) -> int | None:
        return self.columns.get(col)


def _labels(grid: Grid, top: int, bottom: int) -> dict[int, str]:
    """Column -> label over header rows top..bottom: the lowest non-empty cell, where a
    label merged across several columns or down several rows counts for each."""
    filled: dict[tuple[int, int], str] = {}
    for r0, c0, r1, c1 in grid.merges:
        if r0 <= bottom and r1 >= top:
            text = grid.cell(r0, c0)
            for r in range(max(r0, top), min(r1, bottom) + 1):
                for c in range(c0, c1 + 1):
                    filled[(r, c)] = text
    out: dict[int, str] = {}
    for c in range(grid.width):
        for r in range(bottom, top - 1, -1):
            text = grid.cell(r, c).strip() or filled.get((r, c), "").strip()
            if text:
                out[c] = text
                break
    return out


def labels_over(grid: Grid, top: int, bottom: int) -> dict[int, str]:
    """Column -> label over header rows top..bottom (see _labels), for other readers of
    headers (the city's return template)."""
    return _labels(grid, top, bottom)


def _classify(labels: dict[int, str], top: int, row: int) -> Header | None:
    columns: dict[str, int] = {}
    units: list[int] = []
    extras: list[tuple[int, str]] = []
    for c in sorted(labels):
        col = meaning(labels[c])
        if col is None:
            continue
        if col == Col.UNITS:
            units.append(c)
        elif col == Col.EXTRA or col in columns:
            extras.append((c, labels[c]))
        else:
            columns[col] = c
    if Col.SUB in columns or (Col.ARTICLE in columns and Col.ITEM in columns):
        shape = "levels"
        # Each 责任单位 column belongs to the content column nearest on its left.
        owners = [(columns[k], k) for k in (Col.ITEM, Col.SUB) if k in columns]
        for c in units:
            left = [(pos, k) for pos, k in owners if pos < c]
            owner = max(left)[1] if left else (Col.ITEM if Col.ITEM in columns else Col.SUB)
            key = Col.ITEM_UNITS if owner == Col.ITEM else Col.SUB_UNITS
            if key in columns:
                extras.append((c, labels[c]))
            else:
                columns[key] = c
        if Col.MEASURE in columns and Col.DUTIES not in columns:
            columns[Col.DUTIES] = columns.pop(Col.MEASURE)  # 工作内容 beside 小项 is the duties
        for k in (Col.TASK, Col.MEASURE, Col.LEAD, Col.COOPERATE):
            if k in columns:
                c = columns.pop(k)
                extras.append((c, labels[c]))
    else:
        if Col.DUTIES in columns and Col.MEASURE not in columns:
            columns[Col.MEASURE] = columns.pop(Col.DUTIES)  # 工作内容 of a measures table
        if Col.MEASURE not in columns:
            return None
        shape = "measures"
        if units:
            if Col.LEAD in columns or Col.COOPERATE in columns:
                extras.extend((c, labels[c]) for c in units)
            else:
                columns[Col.UNITS] = units[0]
                extras.extend((c, labels[c]) for c in units[1:])
        if Col.LEAD not in columns and Col.UNITS not in columns and Col.COOPERATE not in columns:
            return None
    extras.sort()
    return Header(top, row, shape, columns, extras, labels)


def _group_row(grid: Grid, r: int) -> bool:
    """Whether row r groups the labels of row r+1: a label merged down into r+1, or one
    merged across some (not all) of the columns. A title merged across them all is not."""
    width = grid.width
    for r0, c0, r1, c1 in grid.merges:
        labelled = r0 == r and grid.cell(r0, c0).strip()
        if labelled and (r1 > r or (c1 > c0 and c1 - c0 + 1 < width)):
            return True
    return False


def reads_as_header(cells: list[str]) -> bool:
    """Whether one row of cells, alone, is a header."""
    return _classify({c: t.strip() for c, t in enumerate(cells) if t.strip()}, 0, 0) is not None


def find_header(grid: Grid) -> Header | None:
    """The first row (or pair of rows) in the top of the sheet that reads as a header."""
    for r in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
        if not any(cell.strip() for cell in grid.rows[r]):
            continue
        single = _classify(_labels(grid, r, r), r, r)
        if r + 1 < len(grid.rows):
            double = _classify(_labels(grid, r, r + 1), r, r + 1) if _group_row(grid, r) else None
            # A group row over its parts: the two rows read better than the first alone.
            if double is not None and (
                single is None or len(double.columns) > len(single.columns)
            ):
                return double
        if single is not None:
            return single
    return None
