"""Every real table in, exactly the same table out: after import → export each cell reads
as the document wrote it (numbering, 等部门, punctuation, (3) beside （3）, line breaks),
except the clean-ups the import reports. From xlsx, xls, docx and the text dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.importing import load_file
from soildesk.importing.grid import Grid, read_spreadsheet
from soildesk.importing.plan_import import store_import
from soildesk.importing.table import HEADER, clean_cell, drop_repeated_line, import_grid
from tests.conftest import SAMPLES
from tests.core.table_files import dump_cells, grid_to_docx, sheet_cells

UNIT_COLUMNS = (3, 5)


def round_trip(plans, source: Path, tmp_path: Path):
    result = load_file(source)
    plan = store_import(plans, result, f"{source.name}-{tmp_path.name}")
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "out.xlsx"
    export_breakdown(out, plan, plans.load_tree(plan.id))
    return result, sheet_cells(out)


def differences(before: list[list[str]], after: list[list[str]]) -> dict[str, list]:
    """Each differing cell, by the reported clean-up that explains it ('other' if none)."""
    assert len(before) == len(after)
    found: dict[str, list] = {"repeated": [], "spaces": [], "unit_again": [], "other": []}
    for r, (src, out) in enumerate(zip(before, after, strict=True)):
        for c, (x, y) in enumerate(zip(src, out, strict=True)):
            if x.strip() == y:
                continue
            cleaned = clean_cell(x)[0]
            if cleaned == y:
                found["spaces"].append((r, c))
            elif drop_repeated_line(cleaned)[0] == y:
                found["repeated"].append((r, c))
            elif c == 3 and not y and not src[2].strip():
                found["unit_again"].append((r, c))  # an item's units again on its next row
            else:
                found["other"].append((r, c, x, y))
    return found


def check_against_warnings(result, found: dict[str, list]) -> None:
    assert found["other"] == []
    text = "\n".join(result.warnings)
    assert len(found["repeated"]) == text.count("文字在格中写了两遍")
    assert len(found["unit_again"]) == text.count("项的责任单位在同一项的续行中又填写了一次")
    if found["spaces"]:
        assert "多余的空格和空行" in text


def test_xlsx_sample_comes_back_word_for_word(tmp_path: Path, plans) -> None:
    source = SAMPLES / "lishu_part.xlsx"
    result, after = round_trip(plans, source, tmp_path)
    found = differences(sheet_cells(source), after)
    check_against_warnings(result, found)
    unit_cells = [(r, c) for r, row in enumerate(after) for c in UNIT_COLUMNS if row[c]]
    assert len(unit_cells) > 70
    assert not [d for d in found["spaces"] + found["repeated"] if d[1] in UNIT_COLUMNS]
    assert len(found["repeated"]) == 3 and len(found["unit_again"]) == 1


def test_the_words_that_were_rewritten_before_are_kept(tmp_path: Path, plans) -> None:
    _, after = round_trip(plans, SAMPLES / "lishu_part.xlsx", tmp_path)
    cells = [cell for row in after for cell in row]
    joined = "\n".join(cells)
    for words in ("等部门配合", "等部门参与", "牵头、", "（一 ）", "(3)", "（3）"):
        assert words in joined, words
    assert "1、水利局牵头，环保局、国土资源局、林业局、财政局等部门配合。" in cells
    assert "2、农业局牵头，农机局配合。" in cells


def test_xls_sample_gives_the_same_table_as_the_xlsx(tmp_path: Path, plans) -> None:
    _, from_xlsx = round_trip(plans, SAMPLES / "lishu_part.xlsx", tmp_path / "a")
    _, from_xls = round_trip(plans, SAMPLES / "lishu_part.xls", tmp_path / "b")
    assert from_xls == from_xlsx


def test_text_dump_comes_back_word_for_word(tmp_path: Path, plans) -> None:
    source = SAMPLES / "lishu_part.txt"
    result, after = round_trip(plans, source, tmp_path)
    before = [row for row in dump_cells(source) if any(cell.strip() for cell in row[4:])]
    check_against_warnings(result, differences(_top_cells(before), after))


def _top_cells(rows: list[list[str]]) -> list[list[str]]:
    """A dump repeats nothing: an empty merged cell is '' on its continuation rows, as in
    the export. Continuation rows that only extend a sub-item's duties are folded."""
    return [list(r) + [""] * (7 - len(r)) for r in rows]


@pytest.mark.parametrize("title_in_table", [False, True], ids=["title-above", "title-in-table"])
def test_word_table_keeps_line_breaks_and_the_title(
    tmp_path: Path, plans, title_in_table: bool
) -> None:
    grid = read_spreadsheet(SAMPLES / "lishu_part.xlsx")[0]
    source = grid_to_docx(grid, tmp_path / "分解表.docx", preamble_in_table=title_in_table)
    result, after = round_trip(plans, source, tmp_path)
    assert result.title == "梨树县土壤污染防治行动计划任务分解表"
    assert result.label == "附件："
    found = differences(sheet_cells(SAMPLES / "lishu_part.xlsx"), after)
    check_against_warnings(result, found)
    multi_line = [cell for row in after for cell in row if "\n" in cell]
    assert len(multi_line) >= 40  # the soft line breaks of the duty cells survived


@pytest.mark.parametrize("name", ["lishu_part_libreoffice.ods", "lishu_part_libreoffice.xlsx"])
def test_a_table_resaved_by_libreoffice_gives_the_same_table(tmp_path: Path, plans, name) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "tables"
    _, original = round_trip(plans, SAMPLES / "lishu_part.xlsx", tmp_path / "a")
    _, resaved = round_trip(plans, fixtures / name, tmp_path / "b")
    assert resaved == original


def test_a_cleaned_cell_is_counted_once() -> None:
    """The 小项 cell is read twice per row (to see whether it continues the row above):
    its clean-up is one cell in the message, not two."""
    rows = [
        list(HEADER),
        ["一、条", "（一）款", "1.项", "县环保局牵头", "1、小项  有空格", "县环保局负责", "工作"],
        ["", "", "", "", "2、小项二", "县农业局负责", "工作二"],
    ]
    result = import_grid(Grid("表", rows, []))
    assert result is not None
    cleaned = [w for w in result.warnings if "多余的空格" in w]
    assert cleaned == ["清理了 1 个单元格中多余的空格和空行（第2行“小项内容”）"]
    assert result.roots[0].children[0].children[0].children[0].text == "小项 有空格"
