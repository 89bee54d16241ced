import pytest

from soildesk.domain import Level
from soildesk.numbering import chinese_numeral, number_for, number_key, split_number


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("一、实施黑土区综合保护", "一、", "实施黑土区综合保护"),
        ("十四、加强组织领导", "十四、", "加强组织领导"),
        ("（一）采用保护性耕作", "（一）", "采用保护性耕作"),
        ("（一 ）划定农用地土壤环境质量类别。", "（一 ）", "划定农用地土壤环境质量类别。"),
        ("（十三）强化", "（十三）", "强化"),
        ("1、加大水土流失的治理力度。", "1、", "加大水土流失的治理力度。"),
        ("2、2020年基本解决落地油土", "2、", "2020年基本解决落地油土"),
        ("（1）环保局，牵头负责", "（1）", "环保局，牵头负责"),
        ("(3) 经济局提供相关工业企业信息。", "(3) ", "经济局提供相关工业企业信息。"),
        ("1.严格土壤污染重点监管单位监管。", "1.", "严格土壤污染重点监管单位监管。"),
        ("5．加大优先保护类耕地保护力度。", "5．", "加大优先保护类耕地保护力度。"),
        ("2016.5年启动", "", "2016.5年启动"),
        ("防控企业污染。", "", "防控企业污染。"),
        ("  开展土壤污染状况详查  ", "", "开展土壤污染状况详查"),
    ],
)
def test_split_number(text: str, number: str, rest: str) -> None:
    assert split_number(text) == (number, rest)
    assert number + rest == text.strip()  # the document's cell, word for word


def test_number_key_ignores_spaces() -> None:
    assert number_key("（一 ）") == number_key("（一）") == "（一）"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (14, "十四"),
        (20, "二十"),
        (99, "九十九"),
        (105, "一百零五"),
        (110, "一百一十"),
    ],
)
def test_chinese_numeral(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


def test_number_for_each_level() -> None:
    assert number_for(Level.ARTICLE, 3) == "三、"
    assert number_for(Level.CLAUSE, 12) == "（十二）"
    assert number_for(Level.ITEM, 2) == ""
    assert number_for(Level.SUBITEM, 7) == "7、"
