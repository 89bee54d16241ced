"""Change records: every row an edit touches, undo as the inverse, conflicts refused."""

import json

import pytest

from soildesk.domain import Level, NodeDraft, Role, UnitRef
from soildesk.errors import ValidationError
from soildesk.plans import PlanService
from tests.conftest import tree_shape


def _dump(plans: PlanService) -> list:
    with plans.db.session() as s:
        con = s.connection()
        return [
            list(con.exec_driver_sql(f"SELECT * FROM {t} ORDER BY rowid").all())
            for t in ("plan", "node", "node_unit", "unit", "unit_alias", "deadline")
        ]


def test_an_insert_records_the_node_its_units_and_the_shifted_siblings(plans, demo) -> None:
    item = plans.load_tree(demo.id)[0].children[0].children[0]
    before = _dump(plans)
    draft = NodeDraft(Level.SUBITEM, "2、", "新的小项", units=[UnitRef("县新设局", Role.LEAD)])
    change = plans.insert_draft(demo.id, item.id, 1, draft)
    [row] = change.inserted()
    assert row["id"] == change.node_id and row["text"] == "新的小项" and row["position"] == 1
    tables = {r.table for r in change.rows}
    assert tables == {"node", "node_unit", "unit", "unit_alias"}  # the unit it made, too
    # The siblings after it moved down one place, and the record says so.
    assert change.placed() == {s.id: (item.id, i + 2) for i, s in enumerate(item.children[1:])}
    plans.db.undo(change)
    assert _dump(plans) == before  # every row as it was: no unit left behind
    plans.db.redo(change)
    assert plans.load_subtree(change.node_id).text == "新的小项"


def test_undo_is_refused_when_the_row_moved_on_and_nothing_changes(plans, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    first = plans.update_fields(sub.id, text="第一次")
    plans.update_fields(sub.id, text="第二次")  # not through the undo stack
    shape = tree_shape(plans.load_tree(demo.id), with_ids=True)
    with pytest.raises(ValidationError, match="无法撤销"):
        plans.db.undo(first)
    assert tree_shape(plans.load_tree(demo.id), with_ids=True) == shape


def test_a_failed_edit_records_nothing_and_leaves_no_journal(plans, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    with pytest.raises(ValidationError):
        plans.update_fields(sub.id, text="  ")
    change = plans.update_fields(sub.id, duties="新的工作内容")
    assert [(f.field, f.new) for f in change.fields()] == [("duties", "新的工作内容")]
    # Outside an edit nothing is journaled: a plain write is not picked up later.
    plans.create_plan("另一个计划")
    change = plans.update_fields(sub.id, remark="备注")
    assert {r.table for r in change.rows} == {"node"} and len(change.rows) == 1


def test_a_record_says_when_and_who_and_reads_back_as_json(plans, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    change = plans.update_fields(sub.id, "修改内容", text="新")
    data = json.loads(change.to_json())
    assert data["label"] == "修改内容" and data["user"] == change.user and change.user
    assert data["rows"][0][0] == "node" and data["rows"][0][3]["text"] == "新"
    assert change.inverse().inverse().rows == change.rows


def test_an_unchanged_value_is_no_change(plans, demo) -> None:
    sub = plans.load_tree(demo.id)[0].children[0].children[0].children[0]
    assert plans.update_fields(sub.id, text=sub.text).empty


def test_a_bulk_insert_outside_an_edit_skips_the_journal_and_an_edit_still_records(
    db, plans
) -> None:
    from benchmarks.synthetic import generate_plan
    from soildesk.db import journal

    plan = plans.create_plan("整表", generate_plan(30))  # triggers dropped, then remade
    with db.engine.connect() as conn:
        triggers = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger'"
        ).scalar()
    assert triggers == 3 * len(journal.journaled())
    before = [n.id for n in plans.load_tree(plan.id)]
    pasted = generate_plan(5)[0]  # an article with its clauses, items and sub-items
    change = plans.insert_drafts(plan.id, None, 1, [pasted], "粘贴")  # bulk, and recorded
    added = [r for r in change.rows if r.table == "node" and r.before is None]
    assert len(added) == sum(1 for _ in _walk(pasted))
    assert any(r.table == "node_unit" for r in change.rows)
    db.undo(change)
    assert [n.id for n in plans.load_tree(plan.id)] == before


def _walk(draft):
    yield draft
    for child in draft.children:
        yield from _walk(child)
