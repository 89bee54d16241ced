"""用新版任务分解表更新: the city's revised table (an export edited: rows reworded, deleted,
inserted) applied to the plan; progress, deadlines and evidence stay on the matched
sub-items; a dropped sub-item that carries progress is kept unless the clerk says so;
one undo step."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from soildesk.cli import main
from soildesk.domain import subitems
from soildesk.evidence import EvidenceStore
from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.importing import load_file
from soildesk.plan_update import apply_update, build_update
from soildesk.progress import Deadline, Progress, ProgressService, Status


def revised(path, edit) -> None:
    """As the city edits an export: unmerge, change the rows, save."""
    wb = openpyxl.load_workbook(path)
    ws = wb["任务分解表"]
    for ref in list(ws.merged_cells.ranges):
        if ref.min_row >= 4:
            ws.unmerge_cells(str(ref))
    last = ws.max_row
    data = [[ws.cell(r, c).value for c in range(1, 8)] for r in range(4, last + 1)]
    data = edit(data)
    for r in range(4, max(last, 3 + len(data)) + 1):
        for c in range(1, 8):
            ws.cell(r, c).value = data[r - 4][c - 1] if r - 4 < len(data) else None
    wb.save(path)


@pytest.fixture
def setup(db, demo, plans, tmp_path):
    subs = subitems(plans.load_tree(demo.id))
    period = ProgressService(db).add_period(
        demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
    )
    progress = ProgressService(db)
    progress.set_progress(subs[1].id, period.id, Progress(Status.ONGOING, "第二项的进展"))
    progress.set_progress(subs[2].id, period.id, Progress(Status.DONE, "被删的一项有进展"))
    progress.set_deadlines({subs[1].id: Deadline(date(2024, 12, 31), "手工")})
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"\xff\xd8 photo")
    EvidenceStore(db).add(subs[1].id, photo, period.id)
    path = tmp_path / "sent.xlsx"
    export_breakdown(path, demo, plans.load_tree(demo.id))
    return subs, period, path


def _edit(data):
    data[1][4] = data[1][4] + "（市里修改）"  # sub-item 2 reworded
    del data[4]  # sub-item 5 dropped: nothing on it
    del data[2]  # sub-item 3 dropped: it has progress
    new = ["", "", "", "", "9、市里新增的一项工作", "9、县环保局负责", "县环保局负责新增工作"]
    data.insert(2, new)
    return data


def test_a_revised_export_is_reviewed_then_applied_keeping_progress(db, demo, plans, setup) -> None:
    subs, period, path = setup
    revised(path, _edit)
    review = build_update(db, demo, path, load_file(path))
    kinds = {(i.kind, i.level) for i in review.items}
    assert ("added", 4) in kinds and ("reworded", 4) in kinds and ("removed", 4) in kinds
    reworded = next(i for i in review.items if i.kind == "reworded")
    assert reworded.node_id == subs[1].id and "（市里修改）" in reworded.details[0]
    removed = {i.node_id: i for i in review.items if i.kind == "removed"}
    assert set(removed) == {subs[2].id, subs[4].id}
    assert removed[subs[2].id].carries == "进展 1 条" and not removed[subs[4].id].carries
    assert review.keep == {subs[2].id}  # the conflict is kept unless the clerk says
    assert all(review.how[k] == "key" for k, v in review.matches.items() if v == subs[1].id)
    before = len(subs)
    change = apply_update(db, review)
    after = subitems(plans.load_tree(demo.id))
    assert len(after) == before  # one dropped, one kept, one added
    texts = [s.text for s in after]
    assert "市里新增的一项工作" in texts and subs[4].text not in texts
    kept = next(s for s in after if s.id == subs[1].id)
    assert kept.text.endswith("（市里修改）")
    progress = ProgressService(db)
    assert progress.get(subs[1].id, period.id).text == "第二项的进展"
    assert progress.deadlines(demo.id)[subs[1].id].due == date(2024, 12, 31)
    assert [a.original_name for a in EvidenceStore(db).list_for_node(subs[1].id)] == ["照片.jpg"]
    assert progress.get(subs[2].id, period.id).text == "被删的一项有进展"  # kept
    ids = [x.id for x in after]
    assert ids.index(subs[2].id) == ids.index(subs[1].id) + 1  # where it stood, not at the end
    new = next(s for s in after if s.text == "市里新增的一项工作")
    assert [u.wording for u in new.units] == ["县环保局"]
    db.undo(change)
    assert [(s.id, s.text) for s in subitems(plans.load_tree(demo.id))] == [
        (s.id, s.text) for s in subs
    ]
    db.redo(change)
    assert len(subitems(plans.load_tree(demo.id))) == before


def test_the_clerk_may_delete_a_dropped_subitem_with_its_progress(db, demo, plans, setup) -> None:
    subs, period, path = setup
    revised(path, _edit)
    review = build_update(db, demo, path, load_file(path))
    review.keep.clear()
    apply_update(db, review)
    assert subs[2].id not in {s.id for s in subitems(plans.load_tree(demo.id))}
    assert ProgressService(db).get(subs[2].id, period.id) is None


def test_the_same_table_again_changes_nothing(db, demo, plans, setup) -> None:
    _subs, _period, path = setup
    review = build_update(db, demo, path, load_file(path))
    assert review.empty and review.unchanged == sum(1 for _ in _walk_all(plans, demo))


def _walk_all(plans, demo):
    stack = list(plans.load_tree(demo.id))
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


def test_a_new_table_without_keys_is_matched_by_words(db, demo, plans, setup, tmp_path) -> None:
    """The city's own file of the same plan: no hidden keys; rows found by their words."""
    subs, period, path = setup
    wb = openpyxl.load_workbook(path)
    del wb["_soildesk"]
    plain = tmp_path / "市里的新表.xlsx"
    wb.save(plain)
    revised(
        plain,
        lambda d: [
            *d[:1],
            [
                d[1][0],
                d[1][1],
                d[1][2],
                d[1][3],
                d[1][4].replace("。", "，并加强督查。", 1),
                *d[1][5:],
            ],
            *d[2:],
        ],
    )
    review = build_update(db, demo, plain, load_file(plain))
    assert review.how[next(k for k, v in review.matches.items() if v == subs[1].id)] == "similar"
    assert review.count("removed") == 0 and review.count("added") == 0
    apply_update(db, review)
    assert ProgressService(db).get(subs[1].id, period.id).text == "第二项的进展"


def test_command_line_update(db, demo, setup, capsys) -> None:
    _subs, _period, path = setup
    revised(path, _edit)
    db_path = str(db.path)
    db.close()
    args = ["--db", db_path, "update", "--plan", demo.name, str(path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "[新增] 小项" in out and "[删除] 小项" in out and "[冲突]" in out and "尚未写入" in out
    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已更新" in out and "保留 1 个" in out
    assert main([*args, "--yes"]) == 0
    assert "没有变化" in capsys.readouterr().out


def test_a_column_the_new_table_lacks_is_left_alone(db, demo, plans, setup) -> None:
    """A revised table without 具体工作内容 (the other common shape has none) keeps the
    duties: nothing is blanked for want of a column."""
    subs, _period, path = setup
    revised(path, lambda d: [[*row[:6], None] for row in d])
    review = build_update(db, demo, path, load_file(path))
    assert not any("具体工作内容" in x for i in review.items for x in i.details)
    apply_update(db, review)
    assert [s.duties for s in subitems(plans.load_tree(demo.id))] == [s.duties for s in subs]


def test_the_return_to_the_city_is_refused_as_a_revised_table(db, demo, setup, capsys) -> None:
    """Read as a table, the return's 进展情况 and 完成状态 came back as new columns of
    every task: update says what the file is and changes nothing, and an import warns."""
    path = setup[2]
    sent = path.with_name("进展情况表.xlsx")
    db_path = str(db.path)
    db.close()
    export = ["--db", db_path, "export", "return", "--plan", demo.name, "-o", str(sent)]
    assert main(export) == 0
    capsys.readouterr()
    assert main(["--db", db_path, "update", "--plan", demo.name, str(sent), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "是进展情况表（报送给市里的表），不是任务分解表" in err
    assert main(["--db", db_path, "update", "--plan", demo.name, str(path)]) == 0
    assert "完全一致" in capsys.readouterr().out  # the plan is as it was
    warnings = load_file(sent).warnings  # imported as a new plan, it is said what it is
    assert warnings[0].startswith("这个文件像是进展情况表（报送给市里的表），不是任务分解表")
    assert not any("进展情况表" in w for w in load_file(path).warnings)


def _read_back_then_reword(db, plan, plans, path: Path, row: int):
    """The plan's own export read back is no change; then the city rewords one row's
    小项 and that update is applied. Returns the applied review."""
    export_breakdown(path, plan, plans.load_tree(plan.id))
    review = build_update(db, plan, path, load_file(path))
    assert review.empty, [(i.kind, i.details) for i in review.items][:3]

    def reword(data):
        data[row][4] = data[row][4] + "（市里修改）"
        return data

    revised(path, reword)
    review = build_update(db, plan, path, load_file(path))
    apply_update(db, review)
    return review


def test_the_clerks_spacing_is_neither_a_change_nor_undone_by_an_update(
    db, demo, plans, tmp_path
) -> None:
    """A space typed at a cell's end, or two in a row, is exported as typed; the import
    trims it (and says so). Reading that file back lists no change, and an update that
    changes another row leaves the clerk's spacing as it was."""
    subs = subitems(plans.load_tree(demo.id))
    plans.update_fields(subs[0].id, text=subs[0].text + " ", duties="  " + subs[0].duties)
    plans.update_fields(subs[1].id, remark="已纳入  考核")
    review = _read_back_then_reword(db, demo, plans, tmp_path / "spaced.xlsx", row=2)
    assert [i.node_id for i in review.items] == [subs[2].id]
    after = {s.id: s for s in subitems(plans.load_tree(demo.id))}
    assert after[subs[0].id].text == subs[0].text + " "
    assert after[subs[0].id].duties == "  " + subs[0].duties
    assert after[subs[1].id].remark == "已纳入  考核"
    assert after[subs[2].id].text.endswith("（市里修改）")


def test_units_the_plan_did_not_word_read_back_unchanged(db, plans, tmp_path) -> None:
    """A plan whose 责任单位 no table worded (drafted from the plan document, or units set
    by hand) is exported with wording composed from its units; that file read back is
    no change, and an update keeps the units as they were set."""
    from soildesk.domain import Level, NodeDraft, Role, UnitRef

    def sub(n: int, text: str) -> NodeDraft:
        units = [UnitRef("县环保局", Role.LEAD), UnitRef("县农业局", Role.COOPERATE)]
        return NodeDraft(Level.SUBITEM, f"{n}、", text, duties="按职责分工落实", units=units)

    item = NodeDraft(Level.ITEM, "", "开展详查", units=[UnitRef("县环保局", Role.LEAD)])
    item.children = [sub(1, "查明农用地污染"), sub(2, "建立详查档案")]
    clause = NodeDraft(Level.CLAUSE, "（一）", "摸清底数", children=[item])
    plan = plans.create_plan(
        "草稿计划", [NodeDraft(Level.ARTICLE, "一、", "详查", children=[clause])]
    )
    review = _read_back_then_reword(db, plan, plans, tmp_path / "draft.xlsx", row=1)
    assert [i.kind for i in review.items] == ["reworded"]
    first, second = subitems(plans.load_tree(plan.id))
    assert first.units_text == "" and second.text.endswith("（市里修改）")
    assert [(u.wording, u.role) for u in first.units] == [
        ("县环保局", Role.LEAD),
        ("县农业局", Role.COOPERATE),
    ]


def test_a_drafted_plans_own_export_keeps_the_units_its_words_do_not_name(
    db, plans, tmp_path, capsys
) -> None:
    """绛县's plan says 以下均需各乡镇人民政府负责落实，不再列出: the draft gives the towns
    to the later tasks, whose 责任单位 words do not name them. Its export read back is
    no change; an update of another row keeps the towns on every task (accepting the
    review once removed them from 56 sub-items)."""
    from soildesk.domain import Level
    from tests.conftest import SAMPLES

    db_path = str(db.path)
    db.close()
    assert main(["--db", db_path, "draft", str(SAMPLES / "plan_jiangxian_2023.txt")]) == 0
    capsys.readouterr()
    from soildesk.db.database import open_database
    from soildesk.plans import PlanService

    db = open_database(Path(db_path))
    try:
        plans = PlanService(db)
        plan = next(s.plan for s in plans.list_plans() if s.plan.name.startswith("绛县土壤"))

        def towns() -> set[int]:
            return {
                n.id
                for n in _walk_nodes(plans.load_tree(plan.id))
                if n.level == Level.SUBITEM and any(u.wording == "各乡镇人民政府" for u in n.units)
            }

        before = towns()
        assert len(before) > 10
        review = _read_back_then_reword(db, plan, plans, tmp_path / "jiangxian.xlsx", row=0)
        assert [i.kind for i in review.items] == ["reworded"]
        assert towns() == before
    finally:
        db.close()


def _walk_nodes(roots):
    stack = list(roots)
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)
