from soildesk.duty_lines import lines_for_unit, split_lines
from soildesk.importing.textdump import load_text_dump
from tests.conftest import SAMPLES

SURVEY = (
    "（1）环保局，牵头负责开展监测并提交监测分析报告；\n（2）经济局，负责统计重点行业企业规模以及用地情况与地理位置；\n"
    "（3）财政局，负责保障监测、调查等经费及使用和审核；\n（4）国土资源局，负责提供土地规划以及用途和农用土壤位置与面积；\n"
    "（5）农业局，负责分析污染状况对农产品质量影响评价。"
)


def test_one_numbered_line_per_unit() -> None:
    lines, found = lines_for_unit(SURVEY, ["县财政局", "财政局"])
    assert found and lines == ["（3）财政局，负责保障监测、调查等经费及使用和审核；"]
    lines, _ = lines_for_unit(
        SURVEY, ["县生态环境局", "环保局"]
    )  # the new name finds the old wording
    assert lines == ["（1）环保局，牵头负责开展监测并提交监测分析报告；"]


def test_several_numbered_parts_on_one_line_and_shared_lines() -> None:
    text = "环保局牵头负责在2017年底前完成点位设置；（2）发展改革局，负责立项工作；（3）经济局，负责提供信息；\n（6）农业局、国土资源局提供相关数据，配合工作。"
    assert len(split_lines(text)) == 4
    assert lines_for_unit(text, ["发展改革局"])[0] == ["（2）发展改革局，负责立项工作；"]
    assert lines_for_unit(text, ["县国土资源局"])[0] == [
        "（6）农业局、国土资源局提供相关数据，配合工作。"
    ]
    assert lines_for_unit(text, ["环保局"])[0] == ["环保局牵头负责在2017年底前完成点位设置；"]


def test_prose_without_unit_lines_gives_the_whole_text() -> None:
    text = "负责全面培肥黑土地力，改良土壤。"
    assert lines_for_unit(text, ["农业局"]) == ([text], False)


def test_sample_duties_every_line_is_somebodys() -> None:
    result = load_text_dump(SAMPLES / "lishu_part.txt")
    item = result.roots[2].children[0].children[0]  # 三（一）: numbered per-unit lines
    sub = item.children[0]
    for unit in ("环保局", "经济局", "财政局", "国土资源局", "农业局"):
        lines, found = lines_for_unit(sub.duties, [unit])
        assert found and len(lines) == 1 and unit in lines[0]
