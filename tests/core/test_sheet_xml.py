"""The big tables' own SpreadsheetML writer: what Excel, WPS and LibreOffice read back
is the text word for word, and the parts are laid out as the schema orders them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import python_calamine

from soildesk.export.sheet_xml import CellStyle, PrintSetup, Workbook, column_name
from tests.core.xlsx_helpers import read_sheet

AWKWARD = [
    "普通文字",
    "a & b < c > d",
    "  前后有空格  ",
    "第一行\n第二行",
    "字面的 _x0041_ 不是转义",
    "控制\x07字符",
    "\"引号\" '单引号'",
    "=SUM(A1)",
    "001",
]


def _book(tmp_path: Path) -> Path:
    wb = Workbook()
    body = wb.style(CellStyle("仿宋", 11, border=True, valign="center", wrap=True))
    title = wb.style(CellStyle("宋体", 20, bold=True, align="center", valign="center"))
    ws = wb.add_sheet("任务分解表")
    ws.widths = [12, 30]
    ws.add_row(0, [("标题", title), ("", title)], 36)
    ws.merge(0, 0, 0, 1)
    for r, text in enumerate(AWKWARD, start=1):
        ws.add_row(r, [(str(r), body), (text, body)], 22.5)
    ws.freeze_rows = 1
    ws.setup = PrintSetup((0.5, 0.5, 0.6, 0.7), 0, "&C第 &P 页 共 &N 页", [5])
    keys = wb.add_sheet("_keys", very_hidden=True)
    keys.add_row(0, [("键", 0), ("", 0), ("值", 0)])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return path


def test_text_reads_back_word_for_word(tmp_path: Path) -> None:
    path = _book(tmp_path)
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [row[1] for row in rows[1:]] == AWKWARD  # _xHHHH_ decoded, as Excel does
    ws = openpyxl.load_workbook(path).worksheets[0]  # openpyxl leaves _xHHHH_ undecoded
    plain = [(r, t) for r, t in enumerate(AWKWARD) if "_x" not in t and "\x07" not in t]
    assert [ws.cell(r + 2, 2).value for r, _ in plain] == [t for _, t in plain]
    assert ws.cell(2, 1).value == "1" and ws.cell(9, 2).data_type == "s"  # text, not a formula
    assert [str(m) for m in ws.merged_cells.ranges] == ["A1:B1"]
    assert ws.row_dimensions[2].height == 22.5 and ws.freeze_panes == "A2"


def test_print_setup_styles_and_hidden_sheet(tmp_path: Path) -> None:
    path = _book(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws, keys = wb.worksheets
    assert keys.sheet_state == "veryHidden" and keys.cell(1, 3).value == "值"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1" and ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert [b.id for b in ws.row_breaks.brk] == [5]
    assert ws.print_options.horizontalCentered
    title, body = ws.cell(1, 1), ws.cell(2, 2)
    assert title.font.name == "宋体" and title.font.b and title.font.sz == 20
    assert title.alignment.horizontal == "center"
    assert (
        body.font.name == "仿宋" and body.alignment.wrap_text and body.border.left.style == "thin"
    )
    assert ws.column_dimensions["B"].width == 30.7109375  # as XlsxWriter stores 30
    assert read_sheet(path).cells["B1"]["style"] == read_sheet(path).cells["A1"]["style"]


def test_parts_in_the_schemas_order(tmp_path: Path) -> None:
    """Excel refuses a sheet whose elements are out of order (CT_Worksheet's sequence)."""
    import defusedxml.ElementTree as ET

    path = _book(tmp_path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    assert names[0] == "[Content_Types].xml" and "xl/theme/theme1.xml" in names
    tags = [child.tag.split("}")[1] for child in root]
    assert tags == [
        "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
        "mergeCells", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks",
    ]  # fmt: skip
    assert root.find("{*}dimension").get("ref") == f"A1:B{len(AWKWARD) + 1}"


def test_column_names() -> None:
    assert [column_name(c) for c in (0, 6, 25, 26, 27, 51, 52)] == [
        "A", "G", "Z", "AA", "AB", "AZ", "BA",
    ]  # fmt: skip


def test_the_dimension_covers_a_single_row_of_cells(tmp_path: Path) -> None:
    wb = Workbook()
    wb.add_sheet("表").add_row(0, [("甲", 0), ("乙", 0), ("丙", 0)])
    wb.save(tmp_path / "one.xlsx")
    assert '<dimension ref="A1:C1"/>' in read_sheet(tmp_path / "one.xlsx").xml
