"""Reading a 任务分解表 from .xlsx. Values are read with openpyxl in read-only mode (fast,
no merged-cell objects); the merged ranges are taken from the sheet XML with defusedxml.
The header row is looked for in every sheet, under any title rows."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.utils.cell import range_boundaries

from ..errors import ValidationError
from .safety import check_office_zip
from .table import HEADER, ImportResult, SourceRow, TreeBuilder, apply_preamble, is_header

MAX_ROWS = 50_000  # a real table has hundreds; the largest we plan for has 10,000
HEADER_SEARCH_ROWS = 30
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _text(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    # OOXML escapes control characters as _xHHHH_; Word's vertical tab is a line break.
    return _ESCAPE.sub(
        lambda m: "\n" if m.group(1) in ("000B", "000b", "000A", "000a") else "", text
    )


def sheet_merges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges (min_col, min_row, max_col, max_row) of each sheet, by name."""
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    with zipfile.ZipFile(path) as z:
        workbook = SafeET.fromstring(z.read("xl/workbook.xml"))
        rels = SafeET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        for sheet in workbook.iter(f"{_NS}sheet"):
            target = targets.get(sheet.get(f"{_REL_NS}id"), "")
            member = (
                target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            )
            if member not in z.namelist():
                continue
            ranges = []
            with z.open(member) as f:
                for _event, elem in SafeET.iterparse(f):
                    if elem.tag == f"{_NS}mergeCell":
                        ranges.append(range_boundaries(elem.get("ref")))
                    elif elem.tag == f"{_NS}row":
                        elem.clear()  # keep memory flat on large sheets
            out[sheet.get("name", "")] = ranges  # type: ignore[index]
    return out


def load_xlsx(path: Path) -> ImportResult:
    check_office_zip(path, "xlsx")
    try:
        merges = sheet_merges(path)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except DefusedXmlException as exc:
        raise ValidationError(
            f"{path.name} 含有不安全的 XML 内容（可能是恶意构造的文件），已拒绝导入。"
        ) from exc
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as exc:
        raise ValidationError(
            f"{path.name} 无法作为 Excel 工作簿打开（{exc}）。请确认文件完好。"
        ) from exc
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            result = _read_sheet(ws, merges.get(ws.title, []), path)
            if result is not None:
                return result
    finally:
        wb.close()
    raise ValidationError(
        f"{path.name} 中没有找到任务分解表的表头。表头应为：{' | '.join(HEADER)}"
        "（也可写作 条 | 款 | 项 | 责任单位 | 小项 | 责任单位 | 具体工作内容）。"
    )


def _read_sheet(
    ws: object, merged: list[tuple[int, int, int, int]], path: Path
) -> ImportResult | None:
    max_row = getattr(ws, "max_row", None) or 0
    if max_row > MAX_ROWS:
        raise ValidationError(
            f"工作表“{ws.title}”有 {max_row} 行，超过 SoilDesk 一次能导入的 {MAX_ROWS} 行。"  # type: ignore[attr-defined]
            "请确认选择的是任务分解表，或把表格拆分后分别导入。"
        )
    preamble: list[str] = []
    header_row = None
    header_col = 0
    rows_iter = ws.iter_rows(values_only=True)  # type: ignore[attr-defined]
    for r, values in enumerate(rows_iter, start=1):
        cells = [_text(v) for v in values]
        for c in range(max(len(cells) - 6, 0)):
            if is_header(cells[c : c + 7]):
                header_row, header_col = r, c
                break
        if header_row or r >= HEADER_SEARCH_ROWS:
            break
        preamble.extend(x.strip() for x in cells if x.strip())
    if header_row is None:
        return None
    # Continuation cells of a merged sub-item/unit/duty cell belong to the row above.
    continued = {
        (row, col)
        for min_col, min_row, max_col, max_row_ in merged
        for row in range(min_row + 1, max_row_ + 1)
        for col in range(min_col, max_col + 1)
        if row > header_row
    }
    builder = TreeBuilder()
    spanned: list[int] = []
    count = 0
    for r, values in enumerate(rows_iter, start=header_row + 1):
        count += 1
        if count > MAX_ROWS:
            raise ValidationError(
                f"工作表“{ws.title}”的行数超过 SoilDesk 一次能导入的 {MAX_ROWS} 行。"
            )  # type: ignore[attr-defined]
        cells = [_text(v) for v in values[header_col : header_col + 7]]
        cells += [""] * (7 - len(cells))
        if (
            not cells[4]
            and (r, header_col + 5) in continued
            and builder.extend_subitem(SourceRow(tuple(cells), f"第{r}行"))
        ):
            spanned.append(r)  # 1-based column E: the sub-item cell is merged with the row above
            continue
        builder.add(SourceRow(tuple(cells), f"第{r}行"))
    result = builder.finish()
    if spanned:
        result.warnings.append(
            f"第{'、'.join(map(str, spanned[:10]))}{'等' if len(spanned) > 10 else ''}行的小项单元格与上一行合并，"
            "已按同一个小项读取（该行的工作内容并入上一行）"
        )
    apply_preamble(result, preamble)
    return result
