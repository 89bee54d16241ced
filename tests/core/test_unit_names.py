import pytest

from soildesk.unit_names import alias_key


@pytest.mark.parametrize(
    "names",
    [
        ("县环保局", "环保局", "环保部门", "县生态环境局", "市生态环境分局"),
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
