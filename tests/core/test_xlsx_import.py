"""Importing real and deliberately bad files: nothing is written on a refusal."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import xlsxwriter

from soildesk.domain import Level
from soildesk.errors import ValidationError
from soildesk.importing import load_file, safety
from soildesk.importing.table import HEADER
from tests.conftest import SAMPLES, tree_shape


def test_sample_xlsx_reads_like_the_text_dump() -> None:
    from_xlsx = load_file(SAMPLES / "lishu_part.xlsx")
    from_txt = load_file(SAMPLES / "lishu_part.txt")
    assert from_xlsx.counts() == {
        Level.ARTICLE: 6,
        Level.CLAUSE: 18,
        Level.ITEM: 20,
        Level.SUBITEM: 60,
    }
    assert from_xlsx.title == "梨树县土壤污染防治行动计划任务分解表" and from_xlsx.label == "附件："
    assert tree_shape(from_xlsx.roots) == tree_shape(from_txt.roots)
    assert any("第30行：项的责任单位在同一项的续行中又填写了一次" in w for w in from_xlsx.warnings)


def _write(
    path: Path, rows: list[list[str]], sheets: tuple[str, ...] = ("Sheet1",), merges=()
) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    for name in sheets[:-1]:
        wb.add_worksheet(name).write(0, 0, "说明：本工作簿第二页是任务分解表")
    ws = wb.add_worksheet(sheets[-1])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                ws.write_string(r, c, value)
    for first_row, first_col, last_row, last_col in merges:
        ws.merge_range(first_row, first_col, last_row, last_col, rows[first_row][first_col])
    wb.close()
    return path


ROWS = [
    [
        "一、加强监管",
        "（一）强化执法",
        "加强土壤环境日常监管执法。",
        "县环保局牵头，县公安局配合",
        "1、开展专项执法",
        "1、环保局牵头，公安局配合",
        "（1）环保局负责执法；\n（2）公安局配合。",
    ],
    ["", "", "", "", "2、严厉打击违法排污", "2、公安局", "公安局负责。"],
]


def test_header_found_under_titles_in_a_second_sheet_with_old_variants(tmp_path: Path) -> None:
    rows = [
        ["附件1："],
        ["某县任务分解表"],
        [],
        ["条", "款", "项", "责任单位", "小项", "责任单位", "具体工作内容"],
        *ROWS,
    ]
    result = load_file(_write(tmp_path / "t.xlsx", rows, sheets=("说明", "分解表")))
    assert result.label == "附件1：" and result.title == "某县任务分解表"
    assert result.counts()[Level.SUBITEM] == 2
    item = result.roots[0].children[0].children[0]
    assert [s.number for s in item.children] == ["1、", "2、"]


def test_sub_item_merged_over_two_rows_keeps_the_second_duty_line(tmp_path: Path) -> None:
    # E and F merged over two rows, G not: the second row's duty belongs to that sub-item.
    rows = [list(HEADER), ROWS[0], ["", "", "", "", "", "", "（3）财政局保障经费。"], ROWS[1]]
    path = _write(tmp_path / "m.xlsx", rows, merges=[(1, 4, 2, 4), (1, 5, 2, 5)])
    result = load_file(path)
    subs = result.roots[0].children[0].children[0].children
    assert [s.number for s in subs] == ["1、", "2、"]
    assert subs[0].duties.endswith("（2）公安局配合。\n（3）财政局保障经费。")
    assert any("第3行的小项单元格与上一行合并" in w for w in result.warnings)


def test_docx_table_with_vertical_merges(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件：")
    document.add_paragraph("某县土壤污染防治行动计划任务分解表")
    table = document.add_table(rows=4, cols=7)
    for c, text in enumerate(HEADER):
        table.cell(0, c).text = text
    data = [*ROWS, ["", "", "", "", "3、加强培训", "3、环保局", "环保局组织培训。"]]
    for r, row in enumerate(data, start=1):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for c in range(4):  # the article, clause, item and item-unit cells span all three rows
        table.cell(1, c).merge(table.cell(3, c))
        table.cell(1, c).text = ROWS[0][c]
    path = tmp_path / "t.docx"
    document.save(path)
    result = load_file(path)
    assert result.title == "某县土壤污染防治行动计划任务分解表"
    assert result.counts() == {Level.ARTICLE: 1, Level.CLAUSE: 1, Level.ITEM: 1, Level.SUBITEM: 3}
    assert result.roots[0].children[0].children[0].units[0].wording == "县环保局"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.xlsx", "这其实是一个文本文件".encode(), "不是有效的Excel 工作簿"),
        ("plan.xlsx", safety.OLE_MAGIC + b"\0" * 512, "受密码保护"),
        ("plan.xlsx", b"PK\x03\x04" + b"\0" * 100, "已损坏"),
        ("plan.docx", b"PK\x03\x04" + b"\0" * 100, "已损坏"),
        ("plan.xls", b"\0", "另存为”"),
        ("plan.pdf", b"%PDF-1.4", "只支持"),
        ("空.xlsx", b"", "是空文件"),
        ("空.txt", b"", "是空文件"),
        ("图片.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "实际上是一张 PNG 图片"),
        ("扫描件.xls", b"%PDF-1.4\n" + b"0" * 64, "实际上是一个 PDF 文件"),
        ("文本.xls", "条内容\t款内容".encode(), "另存为"),
    ],
)
def test_wrong_or_broken_files_get_a_clear_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        load_file(path)


def test_zip_bomb_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    monkeypatch.setattr(safety, "MAX_UNPACKED", 4 * 1024 * 1024)  # the real limit is 300 MB
    with pytest.raises(ValidationError, match="解压后大小异常"):
        load_file(path)


def test_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "ok.xlsx", [list(HEADER), *ROWS])
    bomb = tmp_path / "entity.xlsx"
    lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = lol.encode() + data.split(b"?>", 1)[1]
            dst.writestr(item, data)
    with pytest.raises(ValidationError):
        load_file(bomb)


def test_workbook_without_header(tmp_path: Path) -> None:
    path = _write(tmp_path / "nohead.xlsx", [["姓名", "电话"], ["张三", "123"]])
    with pytest.raises(ValidationError, match="没有找到任务分解表的表头"):
        load_file(path)


def test_hundred_thousand_rows_are_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet()
    for r in range(100_001):
        ws.write_number(r, 0, r)
    wb.close()
    with pytest.raises(ValidationError, match="超过 SoilDesk 一次能导入的 50000 行"):
        load_file(path)


def test_password_protected_sheet_structure_still_reads(tmp_path: Path) -> None:
    # Sheet protection (not file encryption) is only a flag: the table still reads.
    path = _write(tmp_path / "p.xlsx", [list(HEADER), *ROWS])
    wb = openpyxl.load_workbook(path)
    wb.active.protection.sheet = True
    wb.active.protection.password = "123"
    wb.save(path)
    assert load_file(path).counts()[Level.SUBITEM] == 2


@pytest.mark.parametrize(
    ("ref", "refused"),
    [("GR50000", False), ("A50000", False), ("ZZ1", True), ("GS1", True), ("HA7", True),
     ("AAA1", True), ("A50001", True), ("B60000", True), ("C100000", True)],
)  # fmt: skip
def test_a_cell_beyond_the_limits_is_refused_before_the_sheet_is_read(
    tmp_path: Path, ref: str, refused: bool
) -> None:
    """The 200 columns (GR) and 50,000 rows are checked in the sheet's XML: calamine
    would allocate the whole rectangle up to the farthest cell."""
    from soildesk.importing.grid import _check_xlsx_extent

    path = tmp_path / "far.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        wb.add_worksheet("表").write(ref, "x")
    if refused:
        with pytest.raises(ValidationError, match="超过 SoilDesk 一次能导入"):
            _check_xlsx_extent(path)
    else:
        _check_xlsx_extent(path)


def test_text_that_looks_like_an_ooxml_escape_is_read_word_for_word(tmp_path: Path) -> None:
    """Excel stores a typed _x0041_ as _x005F_x0041_; calamine gives back _x0041_, the
    document's own words (they were removed a second time, and lost)."""
    rows = [list(HEADER), [*ROWS[0][:4], "1、编号_x0041_的监测点", *ROWS[0][5:6], "竖\x0b线"]]
    result = load_file(_write(tmp_path / "escape.xlsx", rows))
    [sub] = [s for a in result.roots for c in a.children for i in c.children for s in i.children]
    assert sub.text == "编号_x0041_的监测点"
    assert sub.duties == "竖\n线"  # a vertical tab (Word's line break) is a line break
