"""FORMAT.md §3: every 责任单位 string seen in real documents."""

import pytest

from soildesk.domain import Role, UnitRef
from soildesk.unit_text import compose_units, parse_units

L, C, R, X = Role.LEAD, Role.COOPERATE, Role.RESPONSIBLE, Role.CARRY_OUT


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        (
            "县农业局牵头，县发展改革局、县环保局等部门配合",
            "",
            [("县农业局", L), ("县发展改革局", C), ("县环保局", C)],
        ),
        (
            "1、水利局牵头，环保局、国土资源局、林业局、财政局等部门配合。",
            "1、",
            [("水利局", L), ("环保局", C), ("国土资源局", C), ("林业局", C), ("财政局", C)],
        ),
        (
            "县环保局、县安监局牵头，县经济局、县国土资源局等部门配合",
            "",
            [("县环保局", L), ("县安监局", L), ("县经济局", C), ("县国土资源局", C)],
        ),
        (
            "县农业局牵头、县林业局、畜牧局配合",
            "",
            [("县农业局", L), ("县林业局", C), ("畜牧局", C)],
        ),
        ("县农业局负责。", "", [("县农业局", L)]),
        ("3、国土资源局", "3、", [("国土资源局", L)]),
        (
            "市生态环境局绛县分局、县农业农村局按职责分工负责",
            "",
            [("市生态环境局绛县分局", R), ("县农业农村局", R)],
        ),
        (
            "市生态环境局牵头，市农业农村局配合，各县级人民政府负责落实",
            "",
            [("市生态环境局", L), ("市农业农村局", C), ("各县级人民政府", X)],
        ),
        (
            "县农业局牵头，县财政局、县供销合作社等部门及乡镇人民政府配合",
            "",
            [("县农业局", L), ("县财政局", C), ("县供销合作社", C), ("乡镇人民政府", C)],
        ),
        (
            "责任部门：市生态环境分局、市水务局、市住建局",
            "",
            [("市生态环境分局", R), ("市水务局", R), ("市住建局", R)],
        ),
        (
            "1、国土资源局牵头，农业局、发展改革局等配合落实。",
            "1、",
            [("国土资源局", L), ("农业局", C), ("发展改革局", C)],
        ),
        (
            "县环保局牵头，县发展改革局、县经及局等部门配合",
            "",
            [("县环保局", L), ("县发展改革局", C), ("县经及局", C)],
        ),
    ],
)
def test_parse_real_unit_strings(text: str, number: str, expected: list[tuple[str, Role]]) -> None:
    parsed = parse_units(text)
    assert parsed.ok
    assert parsed.number == number
    assert [(u.wording, u.role) for u in parsed.units] == expected


@pytest.mark.parametrize(
    "text",
    [
        "市生态环境局绛县分局负责，各乡镇人民政府。以下均需各乡镇人民政府负责落实，不再列出",
        "由县政府统一协调，视情况确定",
        "县农业局牵头，其他",
    ],
)
def test_unreadable_strings_are_flagged_not_guessed(text: str) -> None:
    parsed = parse_units(text)
    assert not parsed.ok
    assert parsed.units == ()


@pytest.mark.parametrize(
    "units",
    [
        [UnitRef("县农业局", L), UnitRef("县环保局", C), UnitRef("县水利局", C)],
        [UnitRef("县农业局", L)],
        [UnitRef("甲局", R), UnitRef("乙局", R)],
        [UnitRef("市生态环境局", L), UnitRef("市农业农村局", C), UnitRef("各县级人民政府", X)],
    ],
)
def test_compose_then_parse_round_trips(units: list[UnitRef]) -> None:
    text = compose_units(units)
    assert list(parse_units(text).units) == units
