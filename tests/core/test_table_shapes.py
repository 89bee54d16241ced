"""Every table counties really send comes in: the header read by meaning in any order and
over two rows, the table on any sheet, blank rows, the other common shape, columns beyond
the seven kept (deadline, remark, others), and .xls, .et and .ods files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from soildesk.deadlines import propose_for
from soildesk.domain import Level, Role, subitems
from soildesk.errors import ValidationError
from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.importing import load_file
from soildesk.importing.plan_import import store_import
from tests.conftest import SAMPLES
from tests.core.table_files import sheet_cells, write_ods, write_workbook

HEADER = ["条内容", "款内容", "项内容", "责任单位", "小项内容", "责任单位", "具体工作内容"]
ROWS = [
    ["一、加强土壤污染防治", "（一）开展详查", "开展土壤污染状况详查。", "县环保局牵头，县农业局等部门配合",
     "1、制定详查方案。", "1、县环保局负责。", "（1）县环保局，负责制定方案；"],
    ["", "", "", "", "2、完成农用地详查。", "2、县农业局牵头，县环保局配合。", "（1）县农业局，负责组织实施；"],
    ["", "（二）加强监管", "强化重点企业监管。", "县环保局负责", "1、公布重点监管企业名单。",
     "1、县环保局负责。", "（1）县环保局，每年公布名单；"],
]  # fmt: skip


def subs(result):
    return [s for s in _walk(result.roots) if s.level == Level.SUBITEM]


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)


def test_columns_in_another_order(tmp_path: Path) -> None:
    order = [4, 5, 6, 0, 1, 2, 3]  # 小项 first, then the structure columns
    rows = [[r[i] for i in order] for r in [HEADER, *ROWS]]
    result = load_file(write_workbook(tmp_path / "乱序.xlsx", rows))
    assert [result.counts()[lv] for lv in Level] == [1, 2, 2, 3]
    first = subs(result)[0]
    assert (first.number, first.text, first.units_text) == ("1、", "制定详查方案。", "1、县环保局负责。")
    assert result.roots[0].children[0].children[0].units_text == "县环保局牵头，县农业局等部门配合"


def test_two_header_rows_with_a_group_and_labels_merged_down(tmp_path: Path) -> None:
    top = ["任务内容", "", "", "责任单位", "小项内容", "责任单位", "具体工作内容"]
    sub = ["条", "款", "项", "", "", "", ""]
    path = write_workbook(
        tmp_path / "两行表头.xlsx",
        [["附件1："], ["某县土壤污染防治任务分解表"], top, sub, *ROWS],
        merges=["A3:C3", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "A2:G2"],
    )
    result = load_file(path)
    assert result.label == "附件1：" and result.title == "某县土壤污染防治任务分解表"
    assert [result.counts()[lv] for lv in Level] == [1, 2, 2, 3]
    assert subs(result)[1].units_text == "2、县农业局牵头，县环保局配合。"


def test_table_on_the_second_sheet_with_blank_rows(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填报说明"
    notes.append(["请各单位按表填写，不要改动表格结构。"])
    table = wb.create_sheet("任务分解表")
    for row in [HEADER, ROWS[0], [""] * 7, ROWS[1], [""] * 7, [""] * 7, ROWS[2]]:
        table.append(row)
    table.merge_cells("A2:A5")  # a merged article with blank rows inside it
    path = tmp_path / "两个工作表.xlsx"
    wb.save(path)
    result = load_file(path)
    assert [result.counts()[lv] for lv in Level] == [1, 2, 2, 3]
    assert "任务分解表取自工作表“任务分解表”" in result.warnings


def test_deadline_remark_and_other_columns_are_kept_and_written_back(
    tmp_path: Path, plans
) -> None:
    header = ["序号", *HEADER, "完成时限", "备注", "责任人"]
    rows = [
        ["1", *ROWS[0], "2018年底前", "已纳入年度考核", "张三"],
        ["2", *ROWS[1], "2020年", "", "李四"],
        ["3", *ROWS[2], "每年1月底前", "", ""],
    ]
    result = load_file(write_workbook(tmp_path / "多列.xlsx", [header, *rows]))
    found = subs(result)
    assert [s.deadline_text for s in found] == ["2018年底前", "2020年", "每年1月底前"]
    assert [s.remark for s in found] == ["已纳入年度考核", "", ""]
    assert [s.extras for s in found] == [{"责任人": "张三"}, {"责任人": "李四"}, {}]
    assert result.extra_columns == ["责任人"]
    text = "\n".join(result.warnings)
    assert "序号" in text and "完成时限" in text and "备注" in text and "“责任人”列" in text

    plan = store_import(plans, result, "多列计划")
    assert plan.extra_columns == ("责任人",)
    stored = subitems(plans.load_tree(plan.id))
    assert propose_for(stored[0], plan.year).due == date(2018, 12, 31)
    out = tmp_path / "导出.xlsx"
    export_breakdown(out, plan, plans.load_tree(plan.id))
    cells = sheet_cells(out)
    assert len(cells) == 3
    from soildesk.importing.grid import read_spreadsheet

    grid = read_spreadsheet(out)[0]
    assert grid.rows[2] == [*HEADER, "完成时限", "备注", "责任人"]
    assert grid.rows[3][7:] == ["2018年底前", "已纳入年度考核", "张三"]
    again = subs(load_file(out))
    assert [(s.deadline_text, s.remark, s.extras) for s in again] == [
        (s.deadline_text, s.remark, s.extras) for s in found
    ]


def test_the_other_common_shape_sample() -> None:
    result = load_file(SAMPLES / "lishu_part_other_shape.xlsx")
    assert result.shape == "measures"
    assert [result.counts()[lv] for lv in Level] == [6, 18, 18, 60]
    assert result.title == "梨树县土壤污染防治行动计划重点任务分工表"
    article = result.roots[0]
    assert article.number == "一、" and article.text.startswith("实施黑土区综合保护")
    clause = article.children[0]
    assert clause.number == "（一）" and len(clause.children) == 1
    item = clause.children[0]
    assert item.text == clause.text  # the table has no item level
    first = item.children[0]
    assert first.number == "1、" and first.text.startswith("加大水土流失的治理力度")
    assert first.units_text == "水利局牵头，环保局、国土资源局、林业局、财政局等部门配合"
    assert [(u.wording, u.role) for u in first.units] == [
        ("水利局", Role.LEAD), ("环保局", Role.COOPERATE), ("国土资源局", Role.COOPERATE),
        ("林业局", Role.COOPERATE), ("财政局", Role.COOPERATE),
    ]  # fmt: skip
    assert first.deadline_text == "长期坚持"
    assert subs(result)[2].deadline_text == "2020年"
    lone = subs(result)[5]  # a lead unit and no cooperating one
    assert lone.units_text == "国土资源局" and [u.role for u in lone.units] == [Role.LEAD]


def test_the_other_shape_matches_the_official_table_sub_item_by_sub_item() -> None:
    official = subs(load_file(SAMPLES / "lishu_part.xlsx"))
    other = subs(load_file(SAMPLES / "lishu_part_other_shape.xlsx"))
    assert [s.text for s in other] == [s.text for s in official]


@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_old_excel_and_wps_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"分解表{suffix}"
    shutil.copy(SAMPLES / "lishu_part.xls", path)
    result = load_file(path)
    assert [result.counts()[lv] for lv in Level] == [6, 18, 20, 60]
    assert result.title == "梨树县土壤污染防治行动计划任务分解表"


def test_an_et_file_that_is_really_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "分解表.et"
    shutil.copy(SAMPLES / "lishu_part.xlsx", path)
    assert [load_file(path).counts()[lv] for lv in Level] == [6, 18, 20, 60]


def test_ods_with_merged_cells(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "分解表.ods", [HEADER, *ROWS], {(1, 0): (3, 1), (1, 1): (2, 1)})
    from soildesk.importing.grid import read_spreadsheet

    assert sorted(read_spreadsheet(path)[0].merges) == [(1, 0, 3, 0), (1, 1, 2, 1)]
    result = load_file(path)
    assert [result.counts()[lv] for lv in Level] == [1, 2, 2, 3]
    assert subs(result)[1].text == "完成农用地详查。"


def test_old_word_files_say_how_to_convert(tmp_path: Path) -> None:
    path = tmp_path / "分解表.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(ValidationError, match="另存为"):
        load_file(path)


def test_a_sheet_without_any_header_says_what_headers_are_known(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "无表头.xlsx", [["甲", "乙"], ["1", "2"]])
    with pytest.raises(ValidationError, match="重点任务"):
        load_file(path)
