"""One body, one unit: the alias rules, the names that are probably another unit's, and
a rename that the table's wording follows only when the clerk says so."""

from __future__ import annotations

from collections import Counter

import pytest

from soildesk.domain import Level, Role, subitems
from soildesk.importing.plan_import import store_import, unit_suspects
from soildesk.importing.table import ImportResult
from soildesk.unit_names import alias_key
from soildesk.unit_similar import find_suspects
from soildesk.unit_text import parse_units, unit_cell
from tests.core.table_files import write_workbook
from tests.core.test_table_shapes import HEADER


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("县市场监督管理局", "市场监督管理局"),
        ("县科协", "科协"),
        ("各乡镇人民政府", "乡镇人民政府"),
        ("县环保局", "环保局"),
        ("县环保局", "县生态环境局"),
    ],
)
def test_one_body_one_key(a: str, b: str) -> None:
    assert alias_key(a) == alias_key(b)


def test_market_regulation_is_not_a_city_bureau() -> None:
    assert alias_key("市场监督管理局") != alias_key("县监督管理局")
    assert alias_key("市环保局") != alias_key("县环保局")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县农业局牵头，农业局部门配合", [("县农业局", Role.LEAD), ("农业局", Role.COOPERATE)]),
        ("由县环保局负责", [("县环保局", Role.LEAD)]),
        ("县农业局牵头，县科协等单位配合", [("县农业局", Role.LEAD), ("县科协", Role.COOPERATE)]),
    ],
)
def test_words_around_a_name_are_not_part_of_it(text: str, expected: list) -> None:
    parsed = parse_units(text)
    assert parsed.ok and [(u.wording, u.role) for u in parsed.units] == expected


def test_slips_in_real_documents_are_flagged_not_common_units() -> None:
    counts = Counter(
        {"农业局": 12, "农也局": 1, "县经济局": 6, "县经及局": 1, "县环保局": 9, "县环保局县": 1,
         "水利局": 5, "农业局水利局": 1, "林业局": 7, "县林业局": 1}
    )  # fmt: skip
    found = {s.wording: s for s in find_suspects(counts)}
    assert set(found) == {"农也局", "县经及局", "县环保局县", "农业局水利局"}
    assert found["农也局"].likely == ("农业局",)
    assert found["农也局"].question == "“农也局”是否就是“农业局”？（一字之差）"
    assert found["县经及局"].likely == ("县经济局",)
    assert found["县环保局县"].likely == ("县环保局",)
    assert found["农业局水利局"].likely == ("农业局", "水利局")


def _typo_table(tmp_path):
    from soildesk.importing import load_file

    rows = [HEADER]
    for n in range(4):
        rows.append([f"{'一二三四'[n]}、任务{n}", f"（一）款{n}", f"项{n}。", "县农业局牵头",
                     f"1、小项{n}。", "1、农业局牵头，水利局配合。", "（1）农业局，负责；"])  # fmt: skip
    rows.append(["五、任务", "（一）款", "项。", "县农业局牵头", "1、小项。",
                 "1、农也局牵头，农业局水利局配合。", "（1）农也局，负责；"])  # fmt: skip
    return load_file(write_workbook(tmp_path / "错字.xlsx", rows))


def test_the_clerk_merges_a_slip_and_the_cell_keeps_the_documents_words(
    tmp_path, plans, units
) -> None:
    result = _typo_table(tmp_path)
    suspects = unit_suspects(result, [])
    assert {s.wording for s in suspects} == {"农也局", "农业局水利局"}
    plan = store_import(plans, result, "错字计划", {s.wording: s.likely for s in suspects})
    last = subitems(plans.load_tree(plan.id))[-1]
    assert unit_cell(last) == "1、农也局牵头，农业局水利局配合。"  # word for word
    names = {u.name for u in units.list_units(plan.id) if u.lead_count + u.cooperate_count}
    assert "农也局" not in names and "农业局水利局" not in names
    farming = units.find_unit("农业局")
    assert "农也局" in farming.aliases
    assert [(u.unit_id, u.role) for u in last.units] == [
        (farming.id, Role.LEAD),
        (units.find_unit("水利局").id, Role.COOPERATE),
    ]  # fmt: skip  (农业局 cooperating again is the same unit: its first role stands)


def test_without_the_clerks_word_a_slip_stays_its_own_unit(tmp_path, plans, units) -> None:
    plan = store_import(plans, _typo_table(tmp_path), "不合并")
    assert units.find_unit("农也局") is not None
    assert units.find_unit("农也局").id != units.find_unit("农业局").id
    assert plan.name == "不合并"


def test_rename_with_the_wording_following_and_its_undo(plans, units, demo) -> None:
    env = units.find_unit("县环保局")
    before = {n.id: unit_cell(n) for n in _walk(plans.load_tree(demo.id)) if n.level >= Level.ITEM}
    cells, duties = units.rename_preview(env.id, "县生态环境局")
    assert cells > 10 and duties > 5
    record = units.rename(env.id, "县生态环境局", follow_wording=True)
    after = {n.id: unit_cell(n) for n in _walk(plans.load_tree(demo.id)) if n.level >= Level.ITEM}
    changed = {k for k in before if before[k] != after[k]}
    edits = record.fields()
    assert len(changed) == len([f for f in edits if f.field == "units_text"]) == cells
    assert len([f for f in edits if f.field == "duties"]) == duties
    for k in changed:
        assert "生态环境局" in after[k]
        assert after[k].replace("生态环境局", "环保局") == before[k]
    assert all("生态环境局" in f.new for f in edits if f.field == "duties")
    units.db.undo(record)
    assert {
        n.id: unit_cell(n) for n in _walk(plans.load_tree(demo.id)) if n.level >= Level.ITEM
    } == before
    assert units.find_unit("县环保局").name == "县环保局"
    assert units.find_unit("县环保局").aliases == env.aliases  # the rename left no alias behind


def test_the_question_counts_exactly_the_words_that_change(plans, units, demo) -> None:
    water = units.find_unit("县水利局")
    cells, duties = units.rename_preview(water.id, "水利局")
    record = units.rename(water.id, "水利局", follow_wording=True)
    fields = [f.field for f in record.fields()]
    assert (cells, duties) == (fields.count("units_text"), fields.count("duties"))
    assert cells == 1  # only the cell that wrote 县水利局; 水利局 stays 水利局


def test_a_rename_to_a_taken_name_is_refused_before_anything_is_asked(units, demo) -> None:
    from soildesk.errors import ValidationError

    with pytest.raises(ValidationError, match="合并"):
        units.rename_preview(units.find_unit("县林业局").id, "县农业局")


def test_rename_alone_leaves_the_table_as_it_was(plans, units, demo) -> None:
    before = [unit_cell(n) for n in _walk(plans.load_tree(demo.id))]
    units.rename(units.find_unit("县环保局").id, "县生态环境局")
    assert [unit_cell(n) for n in _walk(plans.load_tree(demo.id))] == before


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)


def test_an_empty_import_has_no_suspects() -> None:
    assert unit_suspects(ImportResult(), ["县环保局"]) == []


@pytest.mark.parametrize(
    ("old", "units", "fallback", "expected"),
    [
        # a unit picked from the registry is written the way the cell writes names
        ("1、水利局牵头，环保局、林业局等部门配合。", [("水利局", "L"), ("环保局", "C"), ("县农机局", "C")],
         "", "1、水利局牵头，环保局、农机局等部门配合。"),
        ("县农业局牵头，县发展改革局等部门配合", [("县农业局", "L"), ("县农机局", "C")],
         "", "县农业局牵头，县农机局等部门配合"),
        # a cell with one role shows no joiner: the document's other cells do
        ("1、农业局牵头", [("农业局", "L"), ("县财政局", "C")], "2、农业局牵头、林业局配合",
         "1、农业局牵头、财政局配合"),
    ],
)  # fmt: skip
def test_proposed_wording_keeps_the_documents_style(old, units, fallback, expected) -> None:
    from soildesk.domain import UnitRef
    from soildesk.unit_text import propose_wording

    roles = {"L": Role.LEAD, "C": Role.COOPERATE}
    refs = [UnitRef(name, roles[r]) for name, r in units]
    assert propose_wording(old, refs, fallback) == expected


def test_a_near_miss_typed_in_is_recognised() -> None:
    from soildesk.unit_similar import close_to

    registry = [
        "县环保局",
        "县国土资源局",
        "县发展改革局",
        "县农业局",
        "县财政局",
        "县住建局",
        "水利局",
    ]
    for typed, meant in [("县环局", "县环保局"), ("县国土资局", "县国土资源局"), ("县发展改局", "县发展改革局"),
                         ("县农业句", "县农业局"), ("县财政居", "县财政局"), ("县住建居", "县住建局"),
                         ("利局", "水利局"), ("县农也局", "县农业局"), ("县环保局县", "县环保局")]:  # fmt: skip
        assert close_to(typed, registry) == meant, typed
    assert close_to("县畜牧局", registry) is None
