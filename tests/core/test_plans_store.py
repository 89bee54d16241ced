"""The plan tree in SQLite: edits, the snapshots undo relies on, and positions."""

import pytest
from sqlalchemy import select

from soildesk.db.models import NodeRow
from soildesk.domain import Level, NodeDraft, Role, UnitLink, UnitRef
from soildesk.errors import ValidationError
from soildesk.plans import PlanService
from tests.conftest import tree_shape


def _positions_contiguous(plans: PlanService, plan_id: int) -> bool:
    with plans.db.session() as s:
        rows = s.execute(
            select(NodeRow.parent_id, NodeRow.position).where(NodeRow.plan_id == plan_id)
        ).all()
    by_parent: dict = {}
    for parent, pos in rows:
        by_parent.setdefault(parent, []).append(pos)
    return all(sorted(v) == list(range(len(v))) for v in by_parent.values())


def test_demo_plan_is_listed_with_counts(plans, demo) -> None:
    [summary] = plans.list_plans()
    assert summary.plan.name == demo.name
    assert summary.counts == {Level.ARTICLE: 6, Level.CLAUSE: 18, Level.ITEM: 20, Level.SUBITEM: 60}
    assert _positions_contiguous(plans, demo.id)


def test_duplicate_plan_name_refused(plans, demo) -> None:
    with pytest.raises(ValidationError, match="已有名为"):
        plans.create_plan(demo.name)


def test_insert_delete_restore_keeps_ids_links_and_order(plans, demo) -> None:
    before = tree_shape(plans.load_tree(demo.id), with_ids=True)
    item = plans.load_tree(demo.id)[0].children[0].children[0]
    change = plans.delete_subtree(item.children[1].id)
    assert change.label == "删除小项"
    assert [c.number for c in plans.load_tree(demo.id)[0].children[0].children[0].children] == [
        "1、",
        "3、",
    ]
    assert _positions_contiguous(plans, demo.id)
    plans.db.undo(change)
    assert tree_shape(plans.load_tree(demo.id), with_ids=True) == before

    article = plans.load_tree(demo.id)[0]
    change = plans.delete_subtree(article.id)  # a whole article with 4 levels below
    assert len(plans.load_tree(demo.id)) == 5
    assert next(r["id"] for r in change.removed()) == article.id  # the top comes first
    plans.db.undo(change)
    assert tree_shape(plans.load_tree(demo.id), with_ids=True) == before
    plans.db.redo(change)  # redo: the same rows go again
    assert len(plans.load_tree(demo.id)) == 5
    plans.db.undo(change)
    assert tree_shape(plans.load_tree(demo.id), with_ids=True) == before


def test_insert_draft_at_position(plans, demo) -> None:
    item = plans.load_tree(demo.id)[0].children[0].children[0]
    new_id = plans.insert_draft(
        demo.id,
        item.id,
        1,
        NodeDraft(Level.SUBITEM, "2、", "新的小项", units=[UnitRef("县环保局", Role.LEAD)]),
    ).node_id
    subs = plans.load_tree(demo.id)[0].children[0].children[0].children
    assert [s.id for s in subs][1] == new_id
    assert subs[1].units[0].wording == "县环保局"
    assert _positions_contiguous(plans, demo.id)


def test_levels_are_enforced(plans, demo) -> None:
    article = plans.load_tree(demo.id)[0]
    with pytest.raises(ValidationError, match="只能放在"):
        plans.insert_draft(demo.id, article.id, 0, NodeDraft(Level.SUBITEM, text="放错层级"))
    sub = article.children[0].children[0].children[0]
    with pytest.raises(ValidationError, match="只能放在"):
        plans.move(sub.id, article.id, 0)


def test_move_within_and_across_parents(plans, demo) -> None:
    item = plans.load_tree(demo.id)[0].children[0].children[0]
    a, b, c = (s.id for s in item.children)
    change = plans.move(c, item.id, 0)
    assert change.placed() == {c: (item.id, 0), a: (item.id, 1), b: (item.id, 2)}
    assert [s.id for s in plans.load_tree(demo.id)[0].children[0].children[0].children] == [c, a, b]
    other_item = plans.load_tree(demo.id)[0].children[1].children[0]
    plans.move(a, other_item.id, 99)  # past the end: appended
    tree = plans.load_tree(demo.id)
    assert [s.id for s in tree[0].children[0].children[0].children] == [c, b]
    assert tree[0].children[1].children[0].children[-1].id == a
    assert _positions_contiguous(plans, demo.id)


def test_update_fields_records_old_and_new_and_refuses_empty_text(plans, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    change = plans.update_fields(sub.id, "修改内容", text="改过的内容", duties="新的工作内容")
    assert {(f.field, f.old, f.new) for f in change.fields()} == {
        ("text", sub.text, "改过的内容"),
        ("duties", sub.duties, "新的工作内容"),
    }
    assert change.label == "修改内容" and change.node_id == sub.id and change.user
    plans.db.undo(change)
    assert plans.load_subtree(sub.id).text == sub.text
    with pytest.raises(ValidationError, match="不能为空"):
        plans.update_fields(sub.id, text="   ")
    clause = plans.load_tree(demo.id)[0].children[0]
    plans.update_fields(clause.id, text="")  # a clause may have no heading
    assert plans.load_tree(demo.id)[0].children[0].text == ""


def test_set_units_resolves_aliases_and_undo_removes_the_unit_it_made(plans, units, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    env_id = next(u.id for u in units.list_units() if u.name == "县环保局")
    change = plans.set_units(
        sub.id, [UnitRef("环保部门", Role.LEAD), UnitRef("县新设局", Role.COOPERATE)]
    )
    new = plans.load_subtree(sub.id).units
    assert new[0] == UnitLink(env_id, Role.LEAD, "环保部门")  # same body, the wording kept
    assert new[1].unit_id not in {u.id for u in units.list_units() if u.name != "县新设局"}
    assert change.units_changed and change.touched(("node_unit",)) == {sub.id}
    plans.db.undo(change)
    assert plans.load_subtree(sub.id).units == sub.units
    assert units.find_unit("县新设局") is None


def test_articles_cannot_have_units(plans, demo) -> None:
    with pytest.raises(ValidationError, match="责任单位"):
        plans.set_units(plans.load_tree(demo.id)[0].id, [])


def test_a_level_the_store_refuses_is_told_and_nothing_is_kept(plans, demo) -> None:
    before = plans.list_plans()
    bad = NodeDraft(Level.ARTICLE, text="第二条")
    bad.level = 5  # type: ignore[assignment]  # past the checks in Python: the table's CHECK
    with pytest.raises(ValidationError, match="层级结构"):
        plans.create_plan("错层级", [NodeDraft(Level.ARTICLE, text="第一条"), bad])
    assert plans.list_plans() == before


def test_foreign_keys_are_on(plans, demo) -> None:
    with plans.db.session() as s:
        assert s.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert s.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    plans.delete_plan(demo.id)
    with plans.db.session() as s:
        assert s.scalar(select(NodeRow.id).limit(1)) is None  # cascaded
