"""The history of changes: written with each edit, read per node and per plan, in words."""

from datetime import date, timedelta

import openpyxl

from soildesk.cli import main
from soildesk.domain import Role, UnitRef
from soildesk.history import HistoryService
from soildesk.progress import Progress, ProgressService, Status


def _first_sub(plans, demo):
    return plans.load_tree(demo.id)[0].children[0].children[0].children[0]


def test_each_edit_and_its_undo_is_in_the_node_history(db, plans, demo) -> None:
    sub = _first_sub(plans, demo)
    old = sub.text
    change = plans.update_fields(sub.id, "修改内容", text="新的文字")
    db.undo(change)
    db.redo(change)
    entries = HistoryService(db).for_node(sub.id)
    assert [e.label for e in entries] == ["重做：修改内容", "撤销：修改内容", "修改内容"]
    assert entries[2].lines == (f"内容：{old[:59]}… → 新的文字",)
    assert entries[1].lines == (f"内容：新的文字 → {old[:59]}…",)
    assert all(e.user and e.what.startswith("小项 1、") for e in entries)


def test_units_progress_evidence_and_moves_read_as_a_clerk_says_them(db, plans, demo) -> None:
    sub = _first_sub(plans, demo)
    progress = ProgressService(db)
    period = progress.add_period(demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    progress.set_progress(sub.id, period.id, Progress(Status.ONGOING, "正在排查"))
    progress.set_progress(sub.id, period.id, Progress(Status.DONE, "正在排查"))
    keep = [u for u in sub.units if u.wording != "财政局"]
    plans.set_units(sub.id, [*keep, UnitRef("县档案局", Role.COOPERATE)])
    plans.move(sub.id, sub.parent.id, 2)
    lines = [e.lines for e in HistoryService(db).for_node(sub.id)]
    assert lines[0] == ("位置：第 1 → 第 3",)
    assert lines[1] == (
        "责任单位：去掉 财政局（配合）",
        "责任单位：添加 县档案局（配合）",
        "新单位：县档案局",
    )
    assert lines[2] == ("完成状态：推进中 → 已完成",)
    assert lines[3] == ("填报进展：推进中，正在排查",)


def test_a_deleted_node_keeps_its_history(db, plans, demo) -> None:
    item = plans.load_tree(demo.id)[0].children[0].children[0]
    plans.delete_subtree(item.id)
    [entry] = HistoryService(db).for_node(item.id)
    assert entry.label == "删除项" and entry.lines[0].startswith("删除项 加大水土流失")
    assert len(entry.lines) == 1  # its sub-items and their units go with it, unlisted
    [same] = HistoryService(db).for_node(item.children[0].id)
    assert same.id == entry.id


def test_plan_history_filters_and_exports_for_inspection(tmp_path, db, plans, demo) -> None:
    sub = _first_sub(plans, demo)
    plans.update_fields(sub.id, "修改内容", text="第一次")
    plans.renumber(demo.id)
    other = plans.create_plan("另一个计划")
    history = HistoryService(db)
    assert [e.label for e in history.for_plan(demo.id)] == ["重新编号", "修改内容"]
    assert history.for_plan(other.id) == []
    assert [e.label for e in history.for_plan(demo.id, kind="编号")] == ["重新编号"]
    tomorrow = date.today() + timedelta(days=1)
    assert history.for_plan(demo.id, since=tomorrow) == []
    renumbered = history.for_plan(demo.id)[0]
    assert any(line.startswith("【小项 4、】编号：4、 → 3、") for line in renumbered.lines)
    out = tmp_path / "修改记录.xlsx"
    db.close()  # the command line opens the file itself (one writer at a time)
    assert main(["--db", str(db.path), "history", "--plan", demo.name, "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[2]] == ["时间", "操作人", "操作", "条目", "修改内容"]
    assert sheet.cell(4, 3).value == "修改内容" and "第一次" in sheet.cell(4, 5).value


def test_renumber_from_the_command_line(db, plans, demo, capsys) -> None:
    item = plans.load_tree(demo.id)[0].children[0].children[0]
    plans.move(item.children[2].id, item.id, 0)
    db.close()  # the command line opens the file itself (one writer at a time)
    assert main(["--db", str(db.path), "renumber", "--plan", demo.name]) == 0
    assert "重新编号" in capsys.readouterr().out
    assert main(["--db", str(db.path), "renumber", "--plan", demo.name, "--follow", "on"]) == 0
    from soildesk.db.database import open_database
    from soildesk.plans import PlanService

    again = open_database(db.path)
    try:
        plans = PlanService(again)
        subs = plans.load_tree(demo.id)[0].children[0].children[0].children
        assert [s.number for s in subs] == ["1、", "2、", "3、"]
        assert plans.find_plan(demo.name).auto_number
    finally:
        again.close()


def test_history_by_unit_and_an_unknown_unit_on_the_command_line(db, plans, demo, capsys) -> None:
    roots = plans.load_tree(demo.id)
    police = next(s for s in _walk(roots) if any(u.wording.endswith("公安局") for u in s.units))
    plans.update_fields(police.id, "修改内容", text="公安局的任务")
    plans.update_fields(_first_sub(plans, demo).id, "修改内容", text="别的任务")
    db.close()
    args = ["--db", str(db.path), "history", "--plan", demo.name]
    unit = next(u.wording for u in police.units if u.wording.endswith("公安局"))
    assert main([*args, "--unit", unit]) == 0
    out = capsys.readouterr().out
    assert "公安局的任务" in out and "别的任务" not in out
    assert main([*args, "--unit", "县不存在局"]) == 1
    err = capsys.readouterr().err
    assert "找不到单位“县不存在局”" in err


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)
