"""Rows as Excel and WPS put them on the clipboard: tab-separated, a cell holding line
breaks or tabs in double quotes (a quote doubled). Copying writes the seven columns of
the official table; pasting reads a block of them through the importer (so numbers,
units and merged cells are understood as in an imported file) into new rows."""

from __future__ import annotations

import csv
import io

from .domain import Level, Node, NodeDraft
from .errors import ValidationError
from .importing.grid import MAX_CELL, Grid
from .importing.table import HEADER, import_grid
from .unit_text import unit_cell

MAX_PASTE_ROWS = 5_000
_PLACEHOLDER = {0: "（粘贴的条）", 1: "", 2: "（粘贴的项）"}  # a clause may be untitled


def to_tsv(nodes: list[Node]) -> str:
    """The seven columns for each sub-item under `nodes`; a parent's cells only on the
    first of its rows, as a merged cell copies out of Excel."""
    rows: list[list[str]] = []
    seen: set[int] = set()
    for node in nodes:
        _rows(node, rows, seen)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return out.getvalue()


_COLUMN = {Level.ARTICLE: 0, Level.CLAUSE: 1, Level.ITEM: 2, Level.SUBITEM: 4}


def _rows(node: Node, rows: list[list[str]], seen: set[int]) -> None:
    if node.level != Level.SUBITEM and node.children:
        for child in node.children:
            _rows(child, rows, seen)
        return
    cells = [""] * len(HEADER)
    n: Node | None = node
    while n is not None:  # the row's own cell, and its parents' the first time
        if n.id not in seen:
            seen.add(n.id)
            cells[_COLUMN[n.level]] = n.display
            if n.level == Level.ITEM:
                cells[3] = unit_cell(n)
            elif n.level == Level.SUBITEM:
                cells[5], cells[6] = unit_cell(n, n.number), n.duties
        n = n.parent
    rows.append(cells)


def drafts_from_text(text: str) -> list[NodeDraft]:
    """The rows of a tab-separated block (the seven columns, with or without the header)
    as article drafts; missing parents get placeholders the caller drops."""
    try:
        rows = list(csv.reader(io.StringIO(text.strip("\r\n")), delimiter="\t"))
    except csv.Error as exc:
        raise ValidationError("剪贴板中的内容不是表格的行，无法粘贴。") from exc
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ValidationError("剪贴板中没有可以粘贴的内容。")
    if len(rows) > MAX_PASTE_ROWS:
        raise ValidationError(f"一次最多粘贴 {MAX_PASTE_ROWS} 行。")
    if any(len(c) > MAX_CELL for r in rows for c in r):
        raise ValidationError(f"有单元格超过 {MAX_CELL} 个字，无法粘贴。")
    if any(len(r) > len(HEADER) for r in rows) or all(len(r) < 2 for r in rows):
        raise ValidationError(
            "粘贴的内容应是任务分解表的七列（条、款、项、责任单位、小项、责任单位、具体工作内容），"
            "或其中靠右的几列（如 小项、责任单位、具体工作内容），"
            "请在 Excel/WPS 中选中这些列的若干行再复制。"
        )
    # Fewer columns are the right-hand ones: a clerk copies 小项, 责任单位, 具体工作内容
    # (a sub-item's own cells) far more often than the 条 column alone.
    rows = [[""] * (len(HEADER) - len(r)) + r for r in rows]
    if rows[0][4].strip() in ("小项内容", "小项"):
        rows = rows[1:]  # the header came along
    for col in (0, 1, 2):  # the first row needs parents; later blanks continue them
        if not rows[0][col].strip():
            rows[0][col] = _PLACEHOLDER[col]
    result = import_grid(Grid("剪贴板", [list(HEADER), *rows]))
    if result is None or not result.roots:
        raise ValidationError("剪贴板中的内容无法识别为任务分解表的行。")
    return result.roots


def drafts_at(roots: list[NodeDraft], level: Level) -> list[NodeDraft]:
    """The drafts of one level, in order, from article drafts."""
    found: list[NodeDraft] = []

    def walk(nodes: list[NodeDraft]) -> None:
        for n in nodes:
            if n.level == level:
                found.append(n)
            elif n.level < level:
                walk(n.children)

    walk(roots)
    return found
