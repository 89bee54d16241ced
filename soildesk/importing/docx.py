"""Reading a 任务分解表 from a Word table (.docx). Soft line breaks (<w:br/>) are line
breaks in the cell; vertically merged cells (vMerge) and spanned columns (gridSpan)
become the grid's merged ranges, as a spreadsheet's are. The 附件 label and the title may
stand above the table or in its own first rows."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from ..errors import ValidationError
from .grid import MAX_COLUMNS, MAX_ROWS, Grid
from .safety import check_office_zip
from .table import ImportResult, apply_preamble, import_grid, no_header_message

_T, _BR, _CR, _TAB, _P = qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab"), qn("w:p")


def _paragraph_text(p: object) -> str:
    parts: list[str] = []
    for el in p.iter():  # type: ignore[attr-defined]
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag in (_BR, _CR):
            parts.append("\n")
        elif el.tag == _TAB:
            parts.append("\t")
    return "".join(parts)


def _cell_text(tc: object) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.findall(_P))  # type: ignore[attr-defined]


def table_grid(table: object, name: str) -> Grid:
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    open_merge: dict[int, int] = {}  # column -> row where its vertical merge started
    for r, tr in enumerate(table._tbl.tr_lst):  # type: ignore[attr-defined]
        if r >= MAX_ROWS:
            raise ValidationError(f"表格的行数超过 SoilDesk 一次能导入的 {MAX_ROWS} 行。")
        cells: list[str] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            c = len(cells)
            if span < 1 or c + span > MAX_COLUMNS:
                raise ValidationError(
                    f"表格第{r + 1}行的列数异常（超过 {MAX_COLUMNS} 列），可能是损坏或恶意构造的文件。"
                )
            if span > 1:
                merges.append((r, c, r, c + span - 1))
            if tc.vMerge == "continue":
                cells.extend([""] * span)
                start = open_merge.get(c)
                if start is not None:
                    merges.append((start, c, r, c + span - 1))
            else:
                cells.append(_cell_text(tc))
                cells.extend([""] * (span - 1))
                if tc.vMerge == "restart":
                    open_merge[c] = r
                else:
                    open_merge.pop(c, None)
        rows.append(cells)
    grid = Grid(name, rows, _join_vertical(merges))
    grid.row_label = "表格第{}行"
    return grid


def _join_vertical(merges: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Continuations were recorded one row at a time: keep the longest run per start."""
    longest: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
    for m in merges:
        key = (m[0], m[1], m[3])
        if key not in longest or m[2] > longest[key][2]:
            longest[key] = m
    return list(longest.values())


def load_docx(path: Path) -> ImportResult:
    check_office_zip(path, "docx")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on broken files
        raise ValidationError(
            f"{path.name} 无法作为 Word 文档打开（文件已损坏，或不是 Word 文档）。"
            "请在 Word/WPS 中打开它，“另存为” .docx 后再导入；打不开时请向发件单位重新索取。"
        ) from exc
    before: list[str] = []  # paragraphs above the table, in document order
    tables = iter(document.tables)
    for child in document.element.body.iterchildren():
        if child.tag == _P:
            text = _paragraph_text(child).strip()
            if text:
                before.append(text)
        elif child.tag == qn("w:tbl"):
            table = next(tables)
            result = import_grid(table_grid(table, "表格"))
            if result is not None:
                outside = ImportResult()
                apply_preamble(outside, before[-5:])
                result.label = result.label or outside.label
                result.title = result.title or outside.title
                return result
            before = []
    raise ValidationError(no_header_message(path.name))
