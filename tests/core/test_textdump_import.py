"""The real 梨树县 text dump (tests/samples) through the importer."""

from pathlib import Path

import pytest

from soildesk.domain import Level, Role
from soildesk.errors import ValidationError
from soildesk.importing.textdump import load_text_dump, parse_text_dump
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def lishu():
    return load_text_dump(SAMPLES / "lishu_part.txt")


def test_counts_and_title(lishu) -> None:
    assert lishu.title == "梨树县土壤污染防治行动计划任务分解表"
    assert lishu.label == "附件："
    assert lishu.counts() == {Level.ARTICLE: 6, Level.CLAUSE: 18, Level.ITEM: 20, Level.SUBITEM: 60}


def test_repeated_merged_text_is_dropped_and_reported(lishu) -> None:
    third, fifth = lishu.roots[2], lishu.roots[4]
    assert (third.number, third.text) == ("三、", "开展土壤污染调查，掌握土壤环境质量状况。")
    # 五、… followed by the same text with an old number 三、
    assert (fifth.number, fifth.text) == ("五、", "实施农用地分类管理，保障农业生产环境安全。")
    repeated = [w for w in lishu.warnings if "写了两遍" in w]
    assert len(repeated) == 3
    assert any("三、实施农用地分类管理" in w for w in repeated)


def test_second_item_continues_the_same_clause(lishu) -> None:
    clause = lishu.roots[4].children[1]  # 五（二）切实加大保护力度
    assert clause.number == "（二）"
    assert [i.text[:6] for i in clause.children] == ["将符合条件的", "防控企业污染"]
    assert [s.number for s in clause.children[0].children] == ["1、", "2、", "4、"]  # as written


def test_refilled_item_unit_cell_does_not_start_an_item(lishu) -> None:
    clause = lishu.roots[3].children[2]  # 四（三）加大执法力度
    assert len(clause.children) == 1
    assert len(clause.children[0].children) == 7
    assert any("项的责任单位在同一项的续行中又填写了一次" in w for w in lishu.warnings)


def test_units_and_duties(lishu) -> None:
    item = lishu.roots[0].children[0].children[0]
    assert [(u.wording, u.role) for u in item.units][:2] == [
        ("县农业局", Role.LEAD),
        ("县发展改革局", Role.COOPERATE),
    ]
    sub = item.children[0]
    assert sub.number == "1、"
    assert next((u.wording, u.role) for u in sub.units) == ("水利局", Role.LEAD)
    assert sub.duties.startswith("水利局牵头，国土资源局、林业局等部门参与")
    assert sub.duties.count("\n") == 2  # continuation lines kept as lines


def test_unnumbered_subitem_and_numbering_before_a_year(lishu) -> None:
    first = lishu.roots[2].children[0].children[0].children[0]
    assert first.number == "" and first.text.startswith("开展土壤污染状况详查")
    oil = lishu.roots[1].children[1].children[0].children[1]
    assert (oil.number, oil.text[:5]) == ("2、", "2020年")


def test_every_unit_string_of_the_sample_is_understood(lishu) -> None:
    stack = list(lishu.roots)
    flagged = []
    while stack:
        d = stack.pop()
        if d.units_raw:
            flagged.append(d.units_raw)
        stack.extend(d.children)
    assert flagged == []


def test_long_runs_of_spaces_are_collapsed(lishu) -> None:
    sub = lishu.roots[4].children[0].children[0].children[1]
    assert sub.duties.startswith("（1）农业局 根据土地利用变更")


def test_file_without_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="没有找到任务分解表的表头"):
        parse_text_dump("附件：\n\t随便什么\n\t内容\n")


def test_gbk_file_is_read(tmp_path: Path) -> None:
    text = (SAMPLES / "lishu_part.txt").read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    assert load_text_dump(path).counts()[Level.SUBITEM] == 60
