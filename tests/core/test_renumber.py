"""Numbers that follow position: 重新编号 once, or 编号随位置更新 after every edit."""

from soildesk.domain import Level, NodeDraft
from soildesk.plans import PlanService
from soildesk.renumber import follow_cell, numbered, restyle


def _numbers(plans: PlanService, plan_id: int, path: tuple[int, ...] = ()) -> list[str]:
    nodes = plans.load_tree(plan_id)
    for i in path:
        nodes = nodes[i].children
    return [n.number for n in nodes]


def test_each_number_keeps_its_own_style() -> None:
    assert restyle("（三 ）", 1) == "（一 ）"
    assert restyle("3．", 12) == "12．"
    assert restyle("十一、", 2) == "二、"
    assert numbered(Level.SUBITEM, ["3、", "1、", "2、"]) == ["1、", "2、", "3、"]
    assert numbered(Level.SUBITEM, ["1、", ""]) == ["1、", "2、"]  # a gap takes the style
    assert numbered(Level.ITEM, ["", ""]) == ["", ""]  # unnumbered items stay so
    assert numbered(Level.SUBITEM, [""]) == [""]  # an item's only, unnumbered sub-item
    assert follow_cell("3、水利局牵头。", "3、", "1、") == "1、水利局牵头。"
    assert follow_cell("水利局牵头。", "3、", "1、") == "水利局牵头。"


def test_a_document_plan_keeps_its_numbers_until_renumbered(plans, demo) -> None:
    assert not demo.auto_number  # imported plans keep the document's numbers
    item = plans.load_tree(demo.id)[0].children[0].children[0]
    plans.move(item.children[2].id, item.id, 0)
    assert _numbers(plans, demo.id, (0, 0, 0)) == ["3、", "1、", "2、"]
    change = plans.renumber(demo.id)
    assert _numbers(plans, demo.id, (0, 0, 0)) == ["1、", "2、", "3、"]
    cell = plans.load_tree(demo.id)[0].children[0].children[0].children[0].units_text
    assert cell.startswith("1、") or not cell  # the unit cell's own number follows
    plans.db.undo(change)  # one undoable step
    assert _numbers(plans, demo.id, (0, 0, 0)) == ["3、", "1、", "2、"]


def test_following_numbers_after_add_move_and_delete(plans, demo) -> None:
    plans.set_numbering(demo.id, True)
    assert plans.find_plan(demo.name).auto_number
    item = plans.load_tree(demo.id)[0].children[0].children[0]
    plans.insert_draft(demo.id, item.id, 0, NodeDraft(Level.SUBITEM, "", "插在最前"))
    assert _numbers(plans, demo.id, (0, 0, 0)) == ["1、", "2、", "3、", "4、"]
    last = plans.load_tree(demo.id)[0].children[0].children[0].children[-1]
    plans.move(last.id, item.id, 0)
    subs = plans.load_tree(demo.id)[0].children[0].children[0].children
    assert subs[0].id == last.id and [s.number for s in subs] == ["1、", "2、", "3、", "4、"]
    articles = plans.load_tree(demo.id)
    plans.delete_subtree(articles[0].id)
    assert _numbers(plans, demo.id)[:2] == ["一、", "二、"]


def test_new_plans_number_automatically(plans) -> None:
    assert plans.create_plan("新计划", auto_number=True).auto_number
