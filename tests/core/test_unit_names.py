import pytest

from soildesk.unit_names import alias_key


@pytest.mark.parametrize(
    "names",
    [
        ("县环保局", "环保局", "环保部门", "县生态环境局", "生态环境分局"),
        ("市生态环境局", "市环保局", "市生态环境分局"),
        ("市农业局", "市农业农村局"),
        ("县国土资源局", "国土资源局", "自然资源局", "县自然资源局"),
        ("县农业局", "农业局", "农委", "县农业农村局"),
        ("县发展改革局", "发展改革委", "发改局", "县发展和改革局"),
        ("住建局", "住建委", "县住房和城乡建设局", "住建"),
        ("安监局", "县应急管理局"),
    ],
)
def test_one_body_one_key(names: tuple[str, ...]) -> None:
    assert len({alias_key(n) for n in names}) == 1


def test_different_bodies_differ() -> None:
    keys = {alias_key(n) for n in ("环保局", "农业局", "林业局", "财政局", "公安局", "县经济局")}
    assert len(keys) == 6


def test_city_and_county_bodies_stay_apart() -> None:
    assert alias_key("市生态环境局") != alias_key("县环保局")
    assert alias_key("省农业农村厅") != alias_key("县农业局")


def test_a_renamed_body_joins_its_unit_on_import(plans, units, demo) -> None:
    from soildesk.domain import Role, UnitRef

    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    env = units.find_unit("县环保局")
    plans.set_units(
        sub.id, [UnitRef("县生态环境局", Role.LEAD), UnitRef("市生态环境局", Role.COOPERATE)]
    )
    new = plans.load_subtree(sub.id).units
    assert new[0].unit_id == env.id  # the 2018 name of the same county bureau
    assert new[1].unit_id != env.id  # the city's bureau is another body
