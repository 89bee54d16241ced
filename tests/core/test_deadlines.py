"""Every deadline expression in the samples (and FORMAT.md §5), parsed."""

from datetime import date

import pytest

from soildesk.deadlines import Kind, find_deadlines, propose
from tests.conftest import SAMPLES

BY, START, REC = Kind.BY, Kind.START, Kind.RECURRING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年底前，开展一次全面、系统的土壤和地下水自行监测", [(BY, date(2023, 12, 31))]),
        ("制定梨树县详查方案；2017年6月底前完成。", [(BY, date(2017, 6, 30))]),
        ("每年1月底前报送上年度工作情况", [(REC, date(2024, 1, 31))]),
        ("到2020年，逐步恢复土壤肥力", [(BY, date(2020, 12, 31))]),
        ("自2018年起，重度污染农用地转为城镇建设用地的", [(START, date(2018, 1, 1))]),
        ("自2017年起，依据国家发布的技术规定", [(START, date(2017, 1, 1))]),
        ("对土壤环境质量状况开展定期调查，每10年开展1次。", [(REC, None)]),
        ("全县环境执法人员每3年要参加1轮省里组织的培训", [(REC, None)]),
        ("6月25日、12月25日前报送进展", [(BY, date(2024, 6, 25)), (BY, date(2024, 12, 25))]),
        (
            "2018年底前查明农用地土壤污染的面积；2020年底前掌握重点行业企业用地中的污染地块分布",
            [(BY, date(2018, 12, 31)), (BY, date(2020, 12, 31))],
        ),
        (
            "2021年8月底前完成排查，2021年10月底前完成整治",
            [(BY, date(2021, 8, 31)), (BY, date(2021, 10, 31))],
        ),
        ("10月底前完成", [(BY, date(2024, 10, 31))]),
        ("每季度对下达资金项目进行跟踪调度", [(REC, None)]),
        ("扎实推进绛县2023年土壤污染防治工作", []),
        ("受污染耕地安全利用率达到国家考核要求", []),
    ],
)
def test_expressions(text: str, expected: list) -> None:
    assert [(h.kind, h.due) for h in find_deadlines(text, 2024)] == expected


def test_recurring_labels() -> None:
    [every10] = find_deadlines("每10年开展1次", 2024)
    assert every10.every == "每10年"
    [yearly] = find_deadlines("每年1月底前", 2024)
    assert "周期性" in yearly.label and "2024年01月31日" in yearly.label


def test_propose_takes_the_latest_by_date_then_the_items_text() -> None:
    sub = "开展土壤污染状况详查，2018年底前查明农用地土壤污染的面积。2020年底前掌握污染地块分布。"
    assert propose([sub], 2017).due == date(2020, 12, 31)
    assert propose(["自2018年起，组织开展调查评估。"], 2017) is None  # a start is not a deadline
    assert propose(["强化农产品质量检测。", "到2020年，完成安全利用指标。"], 2017).due == date(
        2020, 12, 31
    )


def test_every_sample_sentence_with_a_year_deadline_is_found() -> None:
    import re

    text = "".join(
        (SAMPLES / name).read_text(encoding="utf-8")
        for name in ("lishu_part.txt", "plan_jiangxian_2023.txt", "plan_shuozhou_2021.txt")
    )
    expressions = set(
        re.findall(
            r"\d{4}年(?:\d{1,2}月)?底前|到\d{4}年|自\d{4}年起|每\d+年[^，。；]{0,8}?\d+[次轮]", text
        )
    )
    assert len(expressions) >= 10
    for expr in expressions:
        assert find_deadlines(expr, 2017), expr
