"""Department packets: made per unit, filled as a department would with openpyxl,
taken back through the review; conflicts, refusals, applying twice."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from soildesk.cli import main
from soildesk.history import HistoryService
from soildesk.packets import layout as L
from soildesk.packets.make import export_packets
from soildesk.packets.missing import missing_units, reminder_text
from soildesk.packets.read import PacketRefused, read_packet
from soildesk.packets.review import apply_review, build_review
from soildesk.plans import PlanService
from soildesk.progress import Progress, ProgressService, Status

from .packet_helpers import COL, data_row, done, fill, keys_of, ongoing


@pytest.fixture
def period(db, demo):
    return ProgressService(db).add_period(
        demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
    )


@pytest.fixture
def packets(db, demo, period, tmp_path) -> dict[str, Path]:
    out = tmp_path / "packets"
    out.mkdir()
    return {f.unit.name: f.path for f in export_packets(db, demo, period.name, out)}


def _subs_by_key(plans, demo):
    from soildesk.domain import subitems

    return {n.key: n for n in subitems(plans.load_tree(demo.id))}


def _shared(packets) -> tuple[str, str, int, int]:
    """Two units with a sub-item in common, and its row in each one's packet."""
    a, b = "县环保局", "县农业局"
    ka, kb = keys_of(packets[a]), keys_of(packets[b])
    key = next(k for k in ka if k in kb)
    return a, b, ka.index(key), kb.index(key)


def test_a_packet_per_unit_with_its_rows_locked_and_five_fill_in_columns(
    db, demo, plans, packets
) -> None:
    assert {"县环保局", "县农业局", "县水利局"} <= set(packets)
    assert packets["县环保局"].name == "县环保局.xlsx"
    wb = openpyxl.load_workbook(packets["县水利局"])
    ws = wb.worksheets[0]
    assert ws.title == L.SHEET
    assert [c.value for c in ws[L.HEADER_ROW + 1]][-5:] == list(L.FILL)
    assert "填报说明" in ws.cell(1, 1).value
    assert ws.protection.sheet  # structure locked
    first = data_row(0)
    assert all(ws.cell(first, c).protection.locked for c in range(1, L.STRUCTURE + 1))
    assert not any(ws.cell(first, COL[h]).protection.locked for h in L.FILL)
    assert wb[L.KEY_SHEET].sheet_state == "veryHidden"
    validations = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert validations and "已完成" in validations[0].formula1
    # Only the unit's sub-items, each with the unit's own duty line.
    subs = _subs_by_key(plans, demo)
    keys = keys_of(packets["县水利局"])
    assert len(keys) == 2
    for i, key in enumerate(keys):
        assert "水利局" in (subs[key].units_text or subs[key].parent.units_text)
        duty = ws.cell(data_row(i), 7).value or ""
        assert duty == "" or "水利" in duty or duty == subs[key].duties.strip()


def test_returned_packet_is_reviewed_then_applied_as_one_undo_step(
    db, demo, plans, period, packets, tmp_path
) -> None:
    src = packets["县水利局"]
    back = fill(src, tmp_path / "back.xlsx", {0: done("已完成治理"), 1: ongoing("正在施工")})
    progress = ProgressService(db)
    review = build_review(db, demo, period, [back])
    assert not review.refused and review.count("change") == 2
    assert progress.progress_for(period.id) == {}  # the review writes nothing
    first = review.items[0]
    assert ("完成日期", "", "2024-05-20") in first.changes()
    change = apply_review(db, review)
    stored = progress.progress_for(period.id)
    node = first.node
    unit_id = read_packet(back).unit_id
    assert stored[node.id] == Progress(Status.DONE, "已完成治理", date(2024, 5, 20), "", (unit_id,))
    assert len(stored) == 2
    entries = HistoryService(db).for_plan(demo.id)
    assert entries[0].label == "收录填报表（县水利局）：进展 2 项"
    assert HistoryService(db).for_plan(demo.id, kind="进展")[0].label == entries[0].label
    db.undo(change)
    assert progress.progress_for(period.id) == {}
    assert missing_units(db, demo, period)[0].unit.name  # the receipt went with the undo
    assert "县水利局" in {m.unit.name for m in missing_units(db, demo, period)}


def test_the_same_packet_twice_changes_nothing_and_a_corrected_copy_is_reviewed_again(
    db, demo, period, packets, tmp_path
) -> None:
    back = fill(packets["县水利局"], tmp_path / "back.xlsx", {0: ongoing("第一稿")})
    apply_review(db, build_review(db, demo, period, [back]))
    again = build_review(db, demo, period, [back])
    assert again.nothing_new and not again.count("change")
    fixed = fill(back, tmp_path / "fixed.xlsx", {0: done("改正后：已完成")})
    review = build_review(db, demo, period, [fixed])
    assert not review.nothing_new
    assert review.items[0].changes()[0] == ("进展情况", "第一稿", "改正后：已完成")
    apply_review(db, review)
    stored = ProgressService(db).progress_for(period.id)[review.items[0].node.id]
    assert (stored.status, stored.text) == (Status.DONE, "改正后：已完成")


def test_two_departments_answering_differently_on_a_shared_subitem_is_a_conflict(
    db, demo, period, packets, tmp_path
) -> None:
    a, b, ra, rb = _shared(packets)
    pa = fill(packets[a], tmp_path / "a.xlsx", {ra: ongoing("环保局：推进中")})
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: done("农业局：已完成")})
    review = build_review(db, demo, period, [pa, pb])
    (item,) = [i for i in review.items if i.kind != "same"]
    assert item.kind == "conflict" and item.accept is None
    assert a in item.conflicts[0] and b in item.conflicts[0]
    assert {o.text for o in item.options} == {"环保局：推进中", "农业局：已完成"}
    apply_review(db, review)  # nothing chosen: the conflict is left alone
    assert ProgressService(db).get(item.node.id, period.id) is None
    item.accept = 1  # the clerk picks the second
    apply_review(db, review)
    assert ProgressService(db).get(item.node.id, period.id).text == item.options[1].text


def test_the_same_answer_from_two_departments_is_taken_with_both_as_reporters(
    db, demo, period, packets, tmp_path
) -> None:
    a, b, ra, rb = _shared(packets)
    pa = fill(packets[a], tmp_path / "a.xlsx", {ra: ongoing("共同推进")})
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: ongoing("共同推进")})
    review = build_review(db, demo, period, [pa, pb])
    (item,) = review.items
    assert item.kind == "change"
    apply_review(db, review)
    reporters = ProgressService(db).get(item.node.id, period.id).reported_by
    assert set(reporters) == {read_packet(pa).unit_id, read_packet(pb).unit_id}


def test_a_value_changed_in_soildesk_after_the_packet_was_made_is_a_conflict(
    db, demo, period, packets, tmp_path
) -> None:
    key = keys_of(packets["县水利局"])[0]
    back = fill(packets["县水利局"], tmp_path / "back.xlsx", {0: ongoing("部门：推进中")})
    node = next(i for i in build_review(db, demo, period, [back]).items).node
    assert node.key == key
    ProgressService(db).set_progress(node.id, period.id, Progress(Status.DONE, "县里：已完成"))
    review = build_review(db, demo, period, [back])
    (item,) = review.items
    assert item.kind == "conflict" and "本期进展已在 SoilDesk 中填写或修改" in item.conflicts[0]
    apply_review(db, review)
    assert ProgressService(db).get(node.id, period.id).text == "县里：已完成"


def test_answers_that_cannot_be_taken_say_why(db, demo, period, packets, tmp_path) -> None:
    back = fill(
        packets["县环保局"],
        tmp_path / "back.xlsx",
        {
            0: {"进展情况": "x", "完成状态": "差不多完成"},
            1: {"进展情况": "y", "完成状态": "滞后"},
            2: {"进展情况": "z", "完成状态": "已完成", "完成日期": "下个月"},
            3: {"进展情况": "只写了文字"},
            4: {"完成状态": "推进中", "完成日期": "2024年6月1日", "备注": "本期备注"},
        },
    )
    review = build_review(db, demo, period, [back])
    kinds = [i.kind for i in review.items]
    assert kinds == ["error", "error", "change", "change", "change"]
    problems = [i.problems()[0] for i in review.items[:2]]
    assert "“差不多完成”不是可选的值" in problems[0]
    assert "没有填写滞后原因" in problems[1]
    # A date that is not one loses only the date: the words and the status stand.
    assert "“下个月”不是完整的日期" in review.items[2].warnings()[0]
    assert "按“推进中”收录" in review.items[3].warnings()[0]
    assert "完成日期 2024-06-01 不收录" in review.items[4].warnings()[0]
    apply_review(db, review)
    stored = ProgressService(db).progress_for(period.id)
    assert len(stored) == 3
    assert (
        stored[review.items[2].node.id].status,
        stored[review.items[2].node.id].completed_on,
    ) == (
        Status.DONE,
        None,
    )
    assert stored[review.items[4].node.id].note == "本期备注"
    assert stored[review.items[4].node.id].completed_on is None


def _refusal(db, demo, period, path) -> str:
    review = build_review(db, demo, period, [path])
    assert not review.packets and len(review.refused) == 1
    return review.refused[0][1]


def test_an_edit_in_a_locked_column_is_refused_with_where(db, demo, period, packets, tmp_path):
    wb = openpyxl.load_workbook(packets["县环保局"])
    wb[L.SHEET].protection.sheet = False  # protection is weak: anyone lifts it
    wb[L.SHEET].cell(data_row(2), 5).value = "改写的小项内容"
    wb.save(tmp_path / "edited.xlsx")
    why = _refusal(db, demo, period, tmp_path / "edited.xlsx")
    assert f"第 {data_row(2)} 行“小项内容”栏与发出时不同" in why and "改写的小项内容" in why


def test_a_deleted_row_is_refused(db, demo, period, packets, tmp_path) -> None:
    wb = openpyxl.load_workbook(packets["县水利局"])
    wb[L.SHEET].delete_rows(data_row(0))
    wb.save(tmp_path / "deleted.xlsx")
    why = _refusal(db, demo, period, tmp_path / "deleted.xlsx")
    assert "被删除" in why and "已拒绝收录" in why


def test_a_renamed_sheet_is_refused(db, demo, period, packets, tmp_path) -> None:
    wb = openpyxl.load_workbook(packets["县水利局"])
    wb[L.SHEET].title = "Sheet1"
    wb.save(tmp_path / "renamed.xlsx")
    why = _refusal(db, demo, period, tmp_path / "renamed.xlsx")
    assert "找不到工作表“填报表”" in why and "“Sheet1”" in why


def test_the_hidden_sheet_altered_is_refused(db, demo, period, packets, tmp_path) -> None:
    wb = openpyxl.load_workbook(packets["县水利局"])
    wb[L.KEY_SHEET].cell(1, 5).value = "2024年下半年"
    wb.save(tmp_path / "forged.xlsx")
    assert "隐藏核对信息被改动" in _refusal(db, demo, period, tmp_path / "forged.xlsx")


def test_a_packet_of_another_period_or_plan_is_refused(db, demo, plans, period, packets, tmp_path):
    progress = ProgressService(db)
    other = progress.add_period(demo.id, "2024年下半年", date(2024, 7, 1), date(2024, 12, 31))
    why = _refusal(db, demo, other, packets["县水利局"])
    assert "是“2024年上半年”的填报表，当前填报期是“2024年下半年”" in why
    second = plans.create_plan("另一个计划")
    why = _refusal(db, second, other, packets["县水利局"])
    assert "是计划“梨树县土壤污染防治行动计划（演示）”的填报表" in why


def test_files_that_are_not_packets_are_refused(db, demo, period, tmp_path) -> None:
    from soildesk.export.xlsx_breakdown import export_breakdown

    table = tmp_path / "table.xlsx"
    export_breakdown(table, demo, _tree(db, demo))
    assert "不是 SoilDesk 生成的填报表" in _refusal(db, demo, period, table)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert "已拒绝收录" in _refusal(db, demo, period, junk) or "损坏" in _refusal(
        db, demo, period, junk
    )
    with pytest.raises(PacketRefused):
        read_packet(junk)


def _tree(db, plan):
    from soildesk.plans import PlanService

    return PlanService(db).load_tree(plan.id)


def test_who_has_not_answered_and_the_reminder(db, demo, period, packets, tmp_path) -> None:
    back = fill(packets["县水利局"], tmp_path / "back.xlsx", {0: ongoing("只填一行")})
    apply_review(db, build_review(db, demo, period, [back]))
    rows = {m.unit.name: m for m in missing_units(db, demo, period)}
    assert set(rows) == set(packets)  # every unit: one row is still empty in 水利局's
    assert rows["县水利局"].what == "已报送，1 项未填写（共 2 项）"
    assert rows["县环保局"].what.startswith("未报送")
    text = reminder_text(demo, period, list(rows.values()), "7月5日")
    assert "请于7月5日前" in text and "县环保局：未报送" in text
    full = fill(back, tmp_path / "full.xlsx", {1: ongoing("两行都填了")})
    apply_review(db, build_review(db, demo, period, [full]))
    assert "县水利局" not in {m.unit.name for m in missing_units(db, demo, period)}


def test_command_line_review_then_yes(db, demo, period, packets, tmp_path, capsys) -> None:
    a, b, ra, rb = _shared(packets)
    pa = fill(packets[a], tmp_path / "a.xlsx", {ra: ongoing("甲"), ra + 1: ongoing("乙")})
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: done("丙")})
    db_path = str(db.path)
    db.close()
    args = ["--db", db_path, "packets", "import", str(pa), str(pb)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "[冲突]" in out and "尚未写入" in out
    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已收录：收录填报表（县农业局等 2 个单位）：进展 1 项" in out
    assert "1 个小项因冲突或填写有误未收录" in out
    assert main([*args, "--yes"]) == 0
    assert "没有新的变化" in capsys.readouterr().out
    wb = openpyxl.load_workbook(pa)
    wb[L.SHEET].title = "改名"
    wb.save(tmp_path / "bad.xlsx")
    assert main(["--db", db_path, "packets", "import", str(tmp_path / "bad.xlsx"), "--yes"]) == 1
    assert "拒绝：bad.xlsx" in capsys.readouterr().out


def test_command_line_makes_packets_and_lists_the_missing(db, demo, period, tmp_path, capsys):
    db_path = str(db.path)
    db.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    name = demo.name
    assert main(["--db", db_path, "packets", "export", "--plan", name, "--unit", "县水利局",
                 "-o", str(out_dir)]) == 0  # fmt: skip
    assert [p.name for p in out_dir.iterdir()] == ["县水利局.xlsx"]
    assert "已为 1 个单位生成“2024年上半年”的填报表" in capsys.readouterr().out
    pdf = tmp_path / "催办单.pdf"
    assert main(["--db", db_path, "packets", "missing", "--plan", name, "-o", str(pdf)]) == 0
    assert "县水利局\t未报送（2 项）" in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_change_recorded_before_the_note_column_still_undoes(db, demo, plans, period) -> None:
    """History records made before migration 0008 name no `note`: replaying them works."""
    from dataclasses import replace

    progress = ProgressService(db)
    sub = next(iter(_subs_by_key(plans, demo).values()))
    change = progress.set_progress(sub.id, period.id, Progress(Status.ONGOING, "旧记录"))
    old_rows = tuple(
        replace(r, after={k: v for k, v in r.after.items() if k != "note"}) for r in change.rows
    )
    old = replace(change, rows=old_rows)
    db.undo(old)
    assert progress.get(sub.id, period.id) is None
    db.redo(old)
    assert progress.get(sub.id, period.id).text == "旧记录"


def test_dates_typed_as_text_are_read(db, demo, period, packets, tmp_path) -> None:
    back = fill(
        packets["县水利局"],
        tmp_path / "b.xlsx",
        {0: {"完成状态": "已完成", "完成日期": "2024年5月8日"},
         1: {"完成状态": "已完成", "完成日期": datetime(2024, 6, 30, 0, 0)}},
    )  # fmt: skip
    review = build_review(db, demo, period, [back])
    assert [i.options[0].completed_on for i in review.items] == [
        date(2024, 5, 8),
        date(2024, 6, 30),
    ]


def _zip(path: Path, members: dict[str, bytes | Path]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data.read_bytes() if isinstance(data, Path) else data)
    return path


def test_evidence_sent_in_a_zip_is_attached_to_the_rows_it_names(
    db, demo, period, packets, tmp_path
) -> None:
    from soildesk.evidence import EvidenceStore

    back = fill(packets["县水利局"], tmp_path / "县水利局.xlsx", {0: done("治理完成")})
    first, second = data_row(0), data_row(1)
    bundle = _zip(
        tmp_path / "县水利局.zip",
        {
            "县水利局/县水利局.xlsx": back,
            f"县水利局/{first}-验收报告.pdf": b"%PDF report",
            f"县水利局/第{second}行/现场照片.jpg": b"\xff\xd8 photo",
            "县水利局/说明.txt": "没有行号".encode(),
            "县水利局/Thumbs.db": b"junk",
        },
    )
    review = build_review(db, demo, period, [bundle])
    assert not review.refused
    by_row = {i.node.key: i for i in review.items}
    keys = keys_of(packets["县水利局"])
    assert [f.name for f in by_row[keys[0]].files] == [f"{first}-验收报告.pdf"]
    photo_only = by_row[keys[1]]  # no answer on that row, only a file: still taken
    assert photo_only.kind == "change" and [f.name for f in photo_only.files] == ["现场照片.jpg"]
    assert ("佐证材料", "", "现场照片.jpg") in photo_only.changes()
    assert any("说明.txt" in n and "没有标明小项所在的行号" in n for n in review.notes)
    apply_review(db, review)
    workdir = review.bundle.workdir
    review.cleanup()
    assert workdir is not None and not workdir.exists()
    files = EvidenceStore(db).list_for_node(by_row[keys[0]].node.id)
    assert [(a.original_name, a.note, a.period_id) for a in files] == [
        ("验收报告.pdf", "县水利局随填报表报送", period.id)  # the row number was only for us
    ]
    assert ProgressService(db).get(photo_only.node.id, period.id) is None  # nothing invented
    again = build_review(db, demo, period, [bundle])
    assert again.nothing_new  # the files are there already: nothing attached twice
    again.cleanup()


def test_evidence_in_a_folder_named_after_the_packet(db, demo, period, packets, tmp_path) -> None:
    back = fill(packets["县水利局"], tmp_path / "县水利局.xlsx", {0: ongoing("推进")})
    folder = tmp_path / "县水利局"
    folder.mkdir()
    (folder / f"{data_row(0)}、会议纪要.docx").write_bytes(b"PK minutes")
    review = build_review(db, demo, period, [back])
    assert [f.name for f in review.items[0].files] == [f"{data_row(0)}、会议纪要.docx"]


def test_a_crafted_zip_is_refused(db, demo, period, packets, tmp_path) -> None:
    back = fill(packets["县水利局"], tmp_path / "b.xlsx", {0: ongoing("推进")})
    evil = _zip(tmp_path / "evil.zip", {"../../escape.txt": b"x", "b.xlsx": back})
    review = build_review(db, demo, period, [evil])
    assert "不安全的内部路径" in review.refused[0][1]
    assert not (tmp_path.parent / "escape.txt").exists()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04garbage")
    assert "已损坏" in build_review(db, demo, period, [broken]).refused[0][1]


def test_an_open_conflict_stays_open_when_a_later_packet_comes(
    db, demo, period, packets, tmp_path
) -> None:
    a, b, ra, rb = _shared(packets)
    pa = fill(packets[a], tmp_path / "a.xlsx", {ra: ongoing("甲：推进中")})
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: done("乙：已完成")})
    apply_review(db, build_review(db, demo, period, [pa, pb]))  # the conflict is left open
    fixed = fill(pa, tmp_path / "a2.xlsx", {ra: ongoing("甲：改正后仍推进中")})
    review = build_review(db, demo, period, [fixed])  # 甲's corrected copy, alone
    (item,) = [i for i in review.items if i.kind != "same"]
    assert item.kind == "conflict" and b in item.conflicts[0]
    assert {o.text for o in item.options} == {"甲：改正后仍推进中", "乙：已完成"}
    item.accept = next(n for n, o in enumerate(item.options) if o.text == "乙：已完成")
    apply_review(db, review)  # settled
    assert ProgressService(db).get(item.node.id, period.id).text == "乙：已完成"
    again = fill(fixed, tmp_path / "a3.xlsx", {ra: ongoing("甲：第三稿")})
    later = build_review(db, demo, period, [again])
    (after,) = [i for i in later.items if i.kind != "same"]
    # The settled disagreement does not come back; 甲 answering against the settled
    # value is the other conflict: changed in SoilDesk since 甲's packet was made.
    assert len(after.options) == 1 and not any("填报的内容不同" in c for c in after.conflicts)
    assert "本期进展已收录县农业局的答复" in after.conflicts[0] or "已收录" in after.conflicts[0]


def test_a_mistaken_answer_beside_a_valid_one_is_a_conflict_and_the_lead_is_named(
    db, demo, period, packets, tmp_path
) -> None:
    a, b, ra, rb = _shared(packets)
    pa = fill(packets[a], tmp_path / "a.xlsx", {ra: {"进展情况": "x", "完成状态": "已经完成"}})
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: ongoing("推进中")})
    (item,) = build_review(db, demo, period, [pa, pb]).items
    assert item.kind == "conflict" and "答复有误" in item.conflicts[0]
    pa = fill(packets[a], tmp_path / "a2.xlsx", {ra: ongoing("甲")})
    pb = fill(packets[b], tmp_path / "b2.xlsx", {rb: ongoing("乙")})
    (item,) = build_review(db, demo, period, [pa, pb]).items
    assert item.lead is not None  # the sub-item's 牵头 unit is one of the two
    leads = [u for u in item.node.units] if item.node.units else []
    assert leads == [] or item.options[item.lead].reported_by


def test_a_packet_made_from_another_database_is_refused_as_such(
    db, demo, plans, period, packets, tmp_path
) -> None:
    from soildesk.db.database import open_database

    other = open_database(tmp_path / "other.db")
    try:
        from soildesk.demo import add_demo_plan

        plan, _ = add_demo_plan(PlanService(other))
        p = ProgressService(other).add_period(
            plan.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
        )
        back = fill(packets["县水利局"], tmp_path / "b.xlsx", {0: ongoing("x")})
        review = build_review(other, plan, p, [back])
        assert "从另一个数据库生成的" in review.refused[0][1]
    finally:
        other.close()


def test_evidence_of_a_conflicted_row_is_still_attached(db, demo, period, packets, tmp_path):
    from soildesk.evidence import EvidenceStore

    a, b, ra, rb = _shared(packets)
    pa = fill(packets[a], tmp_path / f"{a}.xlsx", {ra: ongoing("甲")})
    folder = tmp_path / a
    folder.mkdir()
    (folder / f"{data_row(ra)}-照片.jpg").write_bytes(b"\xff\xd8 photo")
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: done("乙")})
    review = build_review(db, demo, period, [pa, pb])
    (item,) = review.items
    assert item.kind == "conflict" and item.accept is None and item.files
    apply_review(db, review)
    assert [x.original_name for x in EvidenceStore(db).list_for_node(item.node.id)] == ["照片.jpg"]


def test_programs_in_a_zip_are_never_evidence(db, demo, period, packets, tmp_path) -> None:
    back = fill(packets["县水利局"], tmp_path / "县水利局.xlsx", {0: ongoing("推进")})
    row = data_row(0)
    bundle = _zip(
        tmp_path / "b.zip",
        {"县水利局.xlsx": back, f"{row}-setup.exe": b"MZ", f"{row}-图.png": b"png"},
    )
    review = build_review(db, demo, period, [bundle])
    assert [f.name for f in review.items[0].files] == [f"{row}-图.png"]
    assert any("setup.exe" in n and "不是佐证材料" in n for n in review.notes)
    review.cleanup()


def test_command_line_takes_the_plan_of_the_first_packet_this_database_has(
    db, demo, plans, period, packets, tmp_path, capsys
) -> None:
    import openpyxl as ox

    foreign = tmp_path / "别的计划.xlsx"
    wb = ox.load_workbook(packets["县农业局"])
    wb[L.KEY_SHEET].cell(1, 4).value = "另一个计划"  # as if made for another plan (refused)
    wb.save(foreign)
    good = fill(packets["县水利局"], tmp_path / "good.xlsx", {0: ongoing("好的")})
    path = str(db.path)
    db.close()
    assert main(["--db", path, "packets", "import", str(foreign), str(good), "--yes"]) == 1
    out = capsys.readouterr().out
    assert "拒绝：别的计划.xlsx" in out and "已收录：收录填报表（县水利局）：进展 1 项" in out


def test_taking_the_same_file_in_again_after_settling_brings_nothing_back(
    db, demo, period, packets, tmp_path
) -> None:
    a, b, ra, rb = _shared(packets)
    pa = fill(packets[a], tmp_path / "a.xlsx", {ra: ongoing("甲")})
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: done("乙")})
    review = build_review(db, demo, period, [pa, pb])
    (item,) = review.items
    item.accept = next(n for n, o in enumerate(item.options) if o.text == "乙")
    apply_review(db, review)
    again = build_review(db, demo, period, [pa])  # 甲's file once more
    assert again.nothing_new and not again.items
    apply_review(db, again)
    from soildesk.packets.receipts import open_answers

    assert open_answers(db, period.id) == []
    same_words = fill(packets[a], tmp_path / "a_copy.xlsx", {ra: ongoing("甲")})  # a new file
    assert not build_review(db, demo, period, [same_words]).items


def test_a_leads_open_answer_survives_its_own_later_packet_leaving_the_row_blank(
    db, demo, period, packets, tmp_path
) -> None:
    a, b, ra, rb = _shared(packets)
    apply_review(db, build_review(db, demo, period, [
        fill(packets[a], tmp_path / "a.xlsx", {ra: done("甲：已完成")}),
        fill(packets[b], tmp_path / "b.xlsx", {rb: ongoing("乙：推进中")}),
    ]))  # fmt: skip
    other = next(i for i in range(len(keys_of(packets[a]))) if i != ra)
    apply_review(db, build_review(db, demo, period, [
        fill(packets[a], tmp_path / "a2.xlsx", {other: ongoing("甲：另一项")})
    ]))  # fmt: skip
    review = build_review(
        db, demo, period, [fill(packets[b], tmp_path / "b2.xlsx", {rb: ongoing("乙：仍推进中")})]
    )
    (item,) = [i for i in review.items if i.kind != "same"]
    assert item.kind == "conflict" and {o.text for o in item.options} == {
        "甲：已完成",
        "乙：仍推进中",
    }


def test_two_copies_from_one_department_in_one_batch_take_the_newer(
    db, demo, period, packets, tmp_path
) -> None:
    import os

    first = fill(packets["县水利局"], tmp_path / "县水利局.xlsx", {0: ongoing("第一稿")})
    second = fill(packets["县水利局"], tmp_path / "县水利局（更正）.xlsx", {0: ongoing("更正稿")})
    os.utime(first, (1_700_000_000, 1_700_000_000))
    review = build_review(db, demo, period, [second, first])
    (item,) = review.items
    assert item.kind == "change" and item.options[0].text == "更正稿"
    assert any("按最新保存的 县水利局（更正）.xlsx 收录" in n for n in review.notes)


def test_progress_typed_by_hand_settles_the_open_answers(db, demo, period, packets, tmp_path):
    from soildesk.packets.receipts import open_answers

    a, b, ra, rb = _shared(packets)
    review = build_review(db, demo, period, [
        fill(packets[a], tmp_path / "a.xlsx", {ra: ongoing("甲")}),
        fill(packets[b], tmp_path / "b.xlsx", {rb: done("乙")}),
    ])  # fmt: skip
    apply_review(db, review)
    assert len(open_answers(db, period.id)) == 2
    node = review.items[0].node
    change = ProgressService(db).set_progress(
        node.id, period.id, Progress(Status.ONGOING, "县里核实后填写")
    )
    assert open_answers(db, period.id) == []
    db.undo(change)
    assert len(open_answers(db, period.id)) == 2  # undo brings the open answers back


def test_files_beside_two_packets_in_one_zip_are_not_guessed(db, demo, period, packets, tmp_path):
    pa = fill(packets["县水利局"], tmp_path / "县水利局.xlsx", {0: ongoing("甲")})
    pb = fill(packets["县林业局"], tmp_path / "县林业局.xlsx", {0: ongoing("乙")})
    row = data_row(0)
    bundle = _zip(tmp_path / "两个单位.zip", {
        "县水利局.xlsx": pa, "县林业局.xlsx": pb,
        f"{row}-照片.jpg": b"jpg", f"县林业局/{row}-林业.pdf": b"pdf",
    })  # fmt: skip
    review = build_review(db, demo, period, [bundle])
    assert [f.name for i in review.items for f in i.files] == [f"{row}-林业.pdf"]
    assert any("无法确定属于哪个单位" in n and "照片.jpg" in n for n in review.notes)
    review.cleanup()


def test_words_below_the_table_and_names_that_only_look_like_rows_are_said(
    db, demo, period, packets, tmp_path
) -> None:
    import openpyxl as ox

    back = fill(packets["县水利局"], tmp_path / "县水利局.xlsx", {0: ongoing("推进")})
    wb = ox.load_workbook(back)
    wb[L.SHEET].protection.sheet = False
    wb[L.SHEET].cell(data_row(5), COL["进展情况"]).value = "写在表格下面的补充"
    wb.save(back)
    row = data_row(0)
    bundle = _zip(tmp_path / "b.zip", {
        "县水利局.xlsx": back, f"{row}（验收报告）.pdf": b"pdf", "6-8月进展.pdf": b"pdf",
    })  # fmt: skip
    review = build_review(db, demo, period, [bundle])
    assert any(f"第 {data_row(5)} 行" in n and "没有收录" in n for n in review.notes)
    assert any("6-8月进展.pdf" in n and "没有标明小项所在的行号" in n for n in review.notes)
    apply_review(db, review)
    from soildesk.evidence import EvidenceStore

    names = [a.original_name for a in EvidenceStore(db).list_for_node(review.items[0].node.id)]
    assert names == ["验收报告.pdf"]
    review.cleanup()


def test_command_line_lead_settles_disagreements_with_the_lead_units_answer(
    db, demo, period, packets, tmp_path, capsys
) -> None:
    a, b, ra, rb = _shared(packets)
    pa = fill(packets[a], tmp_path / "a.xlsx", {ra: ongoing("甲的答复")})
    pb = fill(packets[b], tmp_path / "b.xlsx", {rb: ongoing("乙的答复")})
    (item,) = build_review(db, demo, period, [pa, pb]).items
    assert item.lead is not None
    lead_text = item.options[item.lead].text
    path = str(db.path)
    db.close()
    args = ["--db", path, "packets", "import", str(pa), str(pb), "--yes"]
    assert main(args) == 0  # without --lead the conflict stays open
    assert "1 个小项因冲突或填写有误未收录" in capsys.readouterr().out
    assert main([*args, "--lead"]) == 0  # taken in before: --lead still settles it
    assert "1 个有冲突的小项采用了牵头单位的答复" in capsys.readouterr().out
    from soildesk.db.database import open_database

    again = open_database(Path(path))
    try:
        assert ProgressService(again).get(item.node.id, period.id).text == lead_text
    finally:
        again.close()
