"""Reading a 任务分解表 from a Word table (.docx) with python-docx. Vertically merged
cells (vMerge) are read as empty continuation cells, as the table builder expects."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from ..errors import ValidationError
from .safety import check_office_zip
from .table import HEADER, ImportResult, SourceRow, TreeBuilder, apply_preamble, is_header
from .xlsx import MAX_ROWS


def _cell_text(tc: object) -> str:
    paragraphs = tc.findall(qn("w:p"))  # type: ignore[attr-defined]
    lines = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs]
    return "\n".join(lines)


def _grid_rows(table: object) -> list[list[str]]:
    """Each row as grid cells; a vMerge continuation or a spanned column is ''."""
    rows: list[list[str]] = []
    for tr in table._tbl.tr_lst:  # type: ignore[attr-defined]
        cells: list[str] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            text = "" if tc.vMerge == "continue" else _cell_text(tc)
            cells.append(text)
            cells.extend([""] * (span - 1))
        rows.append(cells)
    return rows


def load_docx(path: Path) -> ImportResult:
    check_office_zip(path, "docx")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on broken files
        raise ValidationError(
            f"{path.name} 无法作为 Word 文档打开（{exc}）。请确认文件完好。"
        ) from exc
    preamble = [p.text.strip() for p in document.paragraphs if p.text.strip()][:5]
    for table in document.tables:
        rows = _grid_rows(table)
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                f"表格有 {len(rows)} 行，超过 SoilDesk 一次能导入的 {MAX_ROWS} 行。"
            )
        header = next((i for i, r in enumerate(rows[:30]) if is_header(r)), None)
        if header is None:
            continue
        builder = TreeBuilder()
        for i, cells in enumerate(rows[header + 1 :], start=header + 2):
            cells = (cells + [""] * 7)[:7]
            builder.add(SourceRow(tuple(cells), f"表格第{i}行"))
        result = builder.finish()
        apply_preamble(result, preamble)
        return result
    raise ValidationError(f"{path.name} 中没有找到任务分解表（表头应为：{' | '.join(HEADER)}）。")
