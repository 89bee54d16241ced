"""The unit registry: counts, rename and merge with exact undo."""

from soildesk.domain import UnitInfo


def _by_name(units, name: str) -> UnitInfo:
    return next(u for u in units.list_units() if u.name == name)


def test_aliases_are_one_unit_with_counts(units, demo) -> None:
    env = _by_name(units, "县环保局")
    assert "环保局" in env.aliases
    assert env.lead_count == 25 and env.cooperate_count == 30
    assert not any(u.name == "环保局" for u in units.list_units())


def test_rename_keeps_old_name_as_alias_and_undoes(units, demo) -> None:
    env = _by_name(units, "县环保局")
    rec = units.rename(env.id, "县生态环境局")
    renamed = _by_name(units, "县生态环境局")
    assert renamed.id == env.id and "县环保局" in renamed.aliases
    units.db.undo(rec)
    assert _by_name(units, "县环保局").aliases == env.aliases


def test_rename_to_another_units_name_is_refused(units, demo) -> None:
    import pytest

    from soildesk.errors import ValidationError

    env = _by_name(units, "县环保局")
    with pytest.raises(ValidationError, match="合并"):
        units.rename(env.id, "农业局")


def test_merge_moves_links_and_aliases_and_undo_restores(units, plans, demo) -> None:
    before = units.list_units()
    tree_before = plans.load_links(demo.id)
    econ, typo = _by_name(units, "县经济局"), _by_name(units, "县经及局")
    rec = units.merge(econ.id, typo.id)
    merged = _by_name(units, "县经济局")
    assert "县经及局" in merged.aliases
    assert merged.cooperate_count == econ.cooperate_count + typo.cooperate_count
    assert all(u.name != "县经及局" for u in units.list_units())
    units.db.undo(rec)
    assert units.list_units() == before
    assert plans.load_links(demo.id) == tree_before
