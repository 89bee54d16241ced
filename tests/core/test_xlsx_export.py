"""The exported attachment, checked in the sheet XML (FORMAT.md §2, PITFALLS §Excel)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from openpyxl.utils.cell import range_boundaries

from soildesk.domain import Role, UnitRef
from soildesk.errors import ValidationError
from soildesk.export.table import HEADER
from soildesk.export.xlsx_breakdown import (
    COLUMN_WIDTHS,
    LINE_PT,
    export_breakdown,
    page_capacity,
)
from soildesk.importing import load_file
from soildesk.text_metrics import line_count
from tests.core.xlsx_helpers import read_sheet

COLS = "ABCDEFG"


@pytest.fixture
def exported(tmp_path: Path, plans, demo):
    path = tmp_path / "梨树县任务分解表.xlsx"
    report = export_breakdown(path, demo, plans.load_tree(demo.id))
    return path, report


def test_layout_and_header(exported) -> None:
    path, report = exported
    sheet = read_sheet(path)
    assert report.rows == 60 and report.warnings == []
    assert sheet.cells["A1"]["value"] == "附件："
    assert sheet.cells["A2"]["value"] == "梨树县土壤污染防治行动计划任务分解表"
    assert "A2:G2" in sheet.merges
    assert [sheet.cells[f"{c}3"]["value"] for c in COLS] == list(HEADER)
    assert sheet.cells["E4"]["value"].startswith("1、加大水土流失的治理力度")
    assert (
        sheet.cells["F4"]["value"]
        == "1、水利局牵头，环保局、国土资源局、林业局、财政局等部门配合。"
    )
    assert sheet.cells["A4"]["value"] == "一、实施黑土区综合保护，保障国家粮食安全"
    assert len([r for r in sheet.cells if r.startswith("E") and r != "E3" and int(r[1:]) > 3]) == 60


def test_merges_follow_the_tree(exported) -> None:
    path, _ = exported
    merges = read_sheet(path).merges
    assert "A4:A10" in merges  # 一、 over its 7 sub-items
    assert "C4:C6" in merges and "D4:D6" in merges  # the first item and its units
    assert "B7:B10" in merges
    # 五（二）holds two items: separate item merges inside one clause merge
    assert "B35:B39" in merges and "C35:C37" in merges and "C38:C39" in merges


def test_every_cell_of_every_merged_range_has_all_borders(exported) -> None:
    path, _ = exported
    sheet = read_sheet(path)
    for ref in sheet.merges:
        if ref == "A2:G2":
            continue
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                cell = sheet.cells[f"{COLS[col - 1]}{row}"]
                assert all(sheet.borders[cell["style"]].values()), f"{COLS[col - 1]}{row} in {ref}"
    for row in range(3, 64):
        for col in COLS:
            assert all(sheet.borders[sheet.cells[f"{col}{row}"]["style"]].values())


def test_print_setup(exported) -> None:
    path, _ = exported
    sheet = read_sheet(path)
    assert '<pageSetUpPr fitToPage="1"/>' in sheet.xml
    assert 'paperSize="9"' in sheet.xml and 'orientation="landscape"' in sheet.xml
    assert 'fitToHeight="0"' in sheet.xml  # one page wide, as many long as needed
    assert "<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>" in sheet.xml
    assert "任务分解表!$3:$3" in sheet.workbook  # header row repeated on every page


def test_row_heights_fit_the_text(exported) -> None:
    path, _ = exported
    sheet = read_sheet(path)
    rows = {r: sheet.row_heights[r] for r in range(4, 64)}
    for r in rows:
        for i, col in enumerate(COLS[4:], start=4):
            text = sheet.cells[f"{col}{r}"]["value"] or ""
            assert rows[r] >= line_count(text, COLUMN_WIDTHS[i]) * LINE_PT
    for ref in sheet.merges[1:]:  # merged cells: the rows together hold the text
        min_col, min_row, _, max_row = range_boundaries(ref)
        text = sheet.cells[f"{COLS[min_col - 1]}{min_row}"]["value"]
        total = sum(rows[r] for r in range(min_row, max_row + 1))
        assert total >= line_count(text, COLUMN_WIDTHS[min_col - 1]) * LINE_PT, ref


def test_very_hidden_key_sheet(exported, plans, demo) -> None:
    path, _ = exported
    sheet = read_sheet(path)
    assert 'name="_soildesk" sheetId="2" state="veryHidden"' in sheet.workbook
    keys = read_sheet(path, 2)
    first_sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    assert keys.cells["A3"]["value"] == "4" and keys.cells["B3"]["value"] == first_sub.key


def test_formula_like_text_stays_text(tmp_path: Path, plans, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    plans.update_fields(sub.id, text='=HYPERLINK("http://x","点我")', duties="+1 -2 @SUM(A1)")
    path = tmp_path / "f.xlsx"
    export_breakdown(path, demo, plans.load_tree(demo.id))
    cells = read_sheet(path).cells
    assert cells["E4"]["type"] == "inlineStr" and not cells["E4"]["formula"]  # a string
    assert cells["E4"]["value"] == '1、=HYPERLINK("http://x","点我")'
    assert cells["G4"]["value"] == "+1 -2 @SUM(A1)" and not cells["G4"]["formula"]


def test_too_long_cell_is_refused_and_nothing_is_written(tmp_path: Path, plans, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    plans.update_fields(sub.id, duties="很" * 33_000)
    path = tmp_path / "long.xlsx"
    with pytest.raises(ValidationError, match="32767"):
        export_breakdown(path, demo, plans.load_tree(demo.id))
    assert not path.exists()
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".~soildesk-*"))


def test_control_characters_are_reported_not_lost(tmp_path: Path, plans, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    plans.update_fields(sub.id, duties="第一行\x0b第二行\x07")
    path = tmp_path / "c.xlsx"
    report = export_breakdown(path, demo, plans.load_tree(demo.id))
    assert any("控制字符" in w for w in report.warnings)
    assert read_sheet(path).cells["G4"]["value"] == "第一行\n第二行"


def test_export_for_one_unit(tmp_path: Path, plans, units, demo) -> None:
    police = units.find_unit("公安局")
    path = tmp_path / "police.xlsx"
    report = export_breakdown(path, demo, plans.load_tree(demo.id), police)
    assert report.rows == 7
    sheet = read_sheet(path)
    assert sheet.cells["A2"]["value"].endswith("（县公安局）")
    result = load_file(path)
    subs = [s for a in result.roots for c in a.children for i in c.children for s in i.children]
    assert len(subs) == 7 and all(any("公安局" in u.wording for u in s.units) for s in subs)


def test_export_refuses_an_empty_selection(tmp_path: Path, plans, units, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    plans.set_units(sub.id, [UnitRef("县档案局", Role.LEAD)])
    plans.set_units(sub.id, sub.units)  # the unit stays in the registry with no tasks
    archive = units.find_unit("县档案局")
    with pytest.raises(ValidationError, match="没有牵头或配合的小项"):
        export_breakdown(tmp_path / "none.xlsx", demo, plans.load_tree(demo.id), archive)
    assert not (tmp_path / "none.xlsx").exists()


def test_export_into_a_missing_folder_is_a_clear_error(tmp_path: Path, plans, demo) -> None:
    from soildesk.errors import KnownError

    with pytest.raises(KnownError, match="文件夹不存在"):
        export_breakdown(tmp_path / "nope" / "x.xlsx", demo, plans.load_tree(demo.id))


def test_page_breaks_keep_merged_cells_whole(exported) -> None:
    """A merged 条/款/项 cell starts on the page where it can finish whenever it fits on
    one page: Excel and LibreOffice print a sliced merged cell's text on one page only."""
    path, _ = exported
    sheet = read_sheet(path)
    breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"[^>]*man="1"', sheet.xml)]
    assert len(breaks) >= 5
    capacity = page_capacity(COLUMN_WIDTHS)
    first_page_start = 4
    for ref in sheet.merges:
        min_col, min_row, _, max_row = range_boundaries(ref)
        if min_col > 4 or min_row < first_page_start or max_row == min_row:
            continue
        inside = [b for b in breaks if min_row <= b < max_row]  # a new page starts at b + 1
        if inside:
            height = sum(sheet.row_heights[r] for r in range(min_row, max_row + 1))
            assert height > capacity, f"{ref} fits on a page but is cut at row {inside}"
    # and no page is given more rows than it holds
    starts = [first_page_start, *(b + 1 for b in breaks)]
    for top, nxt in itertools.pairwise(starts):
        assert sum(sheet.row_heights[r] for r in range(top, nxt)) <= capacity + 1


@pytest.mark.parametrize("name", ["表", "表.txt", "表.xls"])
def test_a_file_name_not_ending_in_xlsx_is_refused(tmp_path: Path, plans, demo, name) -> None:
    out = tmp_path / "导出"
    out.mkdir()
    with pytest.raises(ValidationError, match=r"以 \.xlsx 结尾.*没有写入任何文件"):
        export_breakdown(out / name, demo, plans.load_tree(demo.id))
    assert list(out.iterdir()) == []
