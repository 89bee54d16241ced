"""A city's own return template: columns with other names, in another order, a group
header over two rows; mapped by meaning, corrected once, filled every period."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from soildesk.city_template import parse_mapping, read_template, save_template, saved_template
from soildesk.cli import main
from soildesk.domain import subitems
from soildesk.errors import ValidationError
from soildesk.progress import Progress, ProgressService, Status
from soildesk.returns import write_return

DAY = date(2024, 7, 3)
HEADER_1 = [
    "序号",
    "重点任务",
    "具体措施",
    "责任单位",
    None,
    "工作进展",
    "是否完成",
    "存在问题",
    "备注",
    "市里核查意见",
]
HEADER_2 = [None, None, None, "牵头单位", "配合单位", None, None, None, None, None]


def city_template(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附表1"
    ws.append(["四平市土壤污染防治工作进展情况统计表"])
    ws.merge_cells("A1:J1")
    ws.append(["填报单位：（盖章）", None, None, None, None, "填报时间：    年  月  日"])
    ws.append(HEADER_1)
    ws.append(HEADER_2)
    ws.merge_cells("D3:E3")
    for col in "ABCFGHIJ":
        ws.merge_cells(f"{col}3:{col}4")
    ws.append(["1", "示例任务", "示例措施", "示例局", "", "", "", "", "", ""])
    wb.save(path)
    return path


@pytest.fixture
def period(db, demo, plans):
    p = ProgressService(db).add_period(demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    sub = subitems(plans.load_tree(demo.id))[0]
    ProgressService(db).set_progress(
        sub.id,
        p.id,
        Progress(Status.LAGGING, "已开展调查", lag_reason="资金未到位", note="请市局协调"),
    )
    return p


def test_columns_are_mapped_by_meaning_over_a_two_row_header(tmp_path) -> None:
    t = read_template(city_template(tmp_path / "市模板.xlsx"))
    assert t.header_rows == 2 and len(t.top) == 4
    assert t.labels[:5] == ["序号", "重点任务", "具体措施", "牵头单位", "配合单位"]
    assert t.fields == [
        "seq", "item", "sub", "lead", "cooperate", "progress", "done_yn", "lag", "note", "",
    ]  # fmt: skip
    assert t.warnings() == []


def test_the_city_layout_is_filled_in_its_order(db, demo, period, tmp_path) -> None:
    t = read_template(city_template(tmp_path / "市模板.xlsx"))
    parse_mapping(t, ["10="])  # 市里核查意见 stays empty, as proposed
    save_template(db, demo, t)
    out = tmp_path / "按市模板.xlsx"
    write_return(db, demo, period.name, out, office="梨树县生态环境分局", day=DAY, city=True)
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "四平市土壤污染防治工作进展情况统计表"
    assert ws["A2"].value == "填报单位：梨树县生态环境分局（盖章）"
    assert ws["F2"].value == "填报时间：2024年7月3日"
    assert [ws.cell(3, c).value for c in range(1, 11)][:4] == [
        "序号",
        "重点任务",
        "具体措施",
        "责任单位",
    ]
    assert ws["D4"].value == "牵头单位"
    first = [ws.cell(5, c).value for c in range(1, 11)]
    assert first[0] == "1" and first[2].startswith("1、加大水土流失的治理力度")
    assert first[3] == "水利局" and "环保局" in first[4]
    assert first[5:9] == ["已开展调查", "否", "资金未到位", "请市局协调"]  # 是否完成: 是/否
    assert first[9] in (None, "")
    assert ws.max_row == 4 + 60  # the example row is not kept: one row per sub-item
    assert any(str(r).startswith("B5:B") for r in ws.merged_cells.ranges)  # 重点任务 spans


def test_corrections_and_refusals(db, demo, period, tmp_path) -> None:
    t = read_template(city_template(tmp_path / "市模板.xlsx"))
    parse_mapping(t, ["8=完成日期", "9=备注"])
    assert t.fields[7:9] == ["done_on", "note"]
    with pytest.raises(ValidationError, match="列号应是 1 到 10"):
        parse_mapping(t, ["11=进展情况"])
    parse_mapping(t, ["2=进度"])  # the city's own word for a field is understood
    assert t.fields[1] == "progress"
    with pytest.raises(ValidationError, match="不认识“负责人”") as refused:
        parse_mapping(t, ["2=负责人"])
    assert "备注；留空表示不填。" in str(refused.value)  # no dangling 、 at the end
    parse_mapping(t, ["6=完成状态", "7=完成状态"])
    assert t.warnings() == ["第 6、7 列都填“完成状态”，请核对是否有一列应填别的内容"]
    with pytest.raises(ValidationError, match="还没有设置市里的报表模板"):
        write_return(db, demo, period.name, tmp_path / "x.xlsx", city=True)
    plain = tmp_path / "无表头.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(plain)
    with pytest.raises(ValidationError, match="找不到表头"):
        read_template(plain)


def test_command_line_template_then_city_return(db, demo, period, tmp_path, capsys) -> None:
    path = str(db.path)
    db.close()
    template = city_template(tmp_path / "市模板.xlsx")
    base = ["--db", path, "template", "--plan", demo.name]
    assert main([*base, str(template)]) == 0
    out = capsys.readouterr().out
    assert "第 6 列“工作进展” → 进展情况" in out and "加 --yes 保存" in out
    assert main([*base, str(template), "--map", "10=备注", "--map", "9=", "--yes"]) == 0
    assert "已保存" in capsys.readouterr().out
    assert main(base) == 0
    assert "第 10 列“市里核查意见” → 备注（本期）" in capsys.readouterr().out
    out_file = tmp_path / "r.xlsx"
    args = [
        "--db",
        path,
        "export",
        "return",
        "--plan",
        demo.name,
        "--city",
        "-o",
        str(out_file),
        "--report",
    ]
    assert main(args) == 0
    ws = openpyxl.load_workbook(out_file).active
    assert ws.cell(5, 10).value == "请市局协调"
    assert main([*base, "--clear"]) == 0


def test_saved_mapping_survives_reopening(db, demo, tmp_path) -> None:
    t = read_template(city_template(tmp_path / "市模板.xlsx"))
    save_template(db, demo, t)
    again = saved_template(db, demo)
    assert again is not None and again.fields == t.fields and again.merges == t.merges
