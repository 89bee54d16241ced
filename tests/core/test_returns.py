"""The return to the city: the official columns filled for a period, as .xlsx and PDF;
reporting freezes what was sent, and the next return says what changed since."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from soildesk.cli import main
from soildesk.domain import subitems
from soildesk.errors import ValidationError
from soildesk.evidence import EvidenceStore
from soildesk.export.table import HEADER
from soildesk.progress import Progress, ProgressService, Status
from soildesk.returns import COLUMNS, save_sent, sent_returns, write_return

from .test_reports import pages_text, squash

DAY = date(2024, 7, 3)


@pytest.fixture
def period(db, demo):
    return ProgressService(db).add_period(
        demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
    )


@pytest.fixture
def reported(db, demo, plans, period, tmp_path):
    """Three sub-items reported on, one with an evidence file."""
    progress = ProgressService(db)
    subs = subitems(plans.load_tree(demo.id))
    progress.set_progress(
        subs[0].id, period.id, Progress(Status.DONE, "完成调查", date(2024, 5, 20), note="已验收")
    )
    progress.set_progress(
        subs[1].id, period.id, Progress(Status.LAGGING, "推进慢", lag_reason="资金未到位")
    )
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff jpeg")
    EvidenceStore(db).add(subs[0].id, photo, period.id)
    return subs


def test_the_return_workbook_has_the_official_columns_and_the_periods_words(
    db, demo, period, reported, tmp_path
) -> None:
    out = tmp_path / "进展情况表.xlsx"
    done = write_return(db, demo, period.name, out, office="梨树县生态环境分局", day=DAY)
    assert done.rows == len(reported) and done.sent is None
    assert done.gaps() == [f"{len(reported) - 2} 个小项本期还没有进展，进展情况一栏为空"]
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.title == "进展情况表"
    assert ws.cell(1, 1).value == "填报单位：梨树县生态环境分局　　　　填报时间：2024年7月3日"
    assert ws.cell(2, 1).value == "梨树县土壤污染防治行动计划进展情况表（2024年上半年）"
    assert [c.value for c in ws[3]] == [*HEADER, *COLUMNS]
    first = [c.value for c in ws[4]][7:]
    assert first == [
        "到2020年",
        "完成调查（2024年5月20日完成）",
        "已完成",
        "现场照片.jpg",
        "已验收",
    ]
    second = [c.value for c in ws[5]][7:]
    assert second[1:3] == ["推进慢\n滞后原因：资金未到位", "滞后"]
    assert ws.cell(6, 10).value in (None, "")  # not reported: nothing invented
    assert any(str(r).startswith("A4:A") for r in ws.merged_cells.ranges)  # 条 merged as sent


def test_the_office_is_remembered(db, demo, period, tmp_path) -> None:
    write_return(db, demo, period.name, tmp_path / "a.xlsx", office="梨树县环保局", day=DAY)
    write_return(db, demo, period.name, tmp_path / "b.xlsx", day=DAY)
    assert (
        "填报单位：梨树县环保局"
        in openpyxl.load_workbook(tmp_path / "b.xlsx").worksheets[0]["A1"].value
    )


def test_the_return_as_pdf(db, demo, period, reported, tmp_path) -> None:
    out = tmp_path / "进展情况表.pdf"
    write_return(db, demo, period.name, out, office="梨树县生态环境分局", day=DAY)
    text = squash("".join(pages_text(out)))
    for words in ("进展情况表（2024年上半年）", "填报单位：梨树县生态环境分局", "滞后原因：资金未到位",
                  "现场照片.jpg", "已验收"):  # fmt: skip
        assert squash(words) in text
    with pytest.raises(ValidationError, match=r"需要生成 \.xlsx"):
        write_return(db, demo, period.name, out, report=True)


def test_reporting_freezes_what_was_sent_and_the_next_says_what_changed(
    db, demo, period, reported, tmp_path
) -> None:
    sent_file = tmp_path / "报送.xlsx"
    first = write_return(db, demo, period.name, sent_file, day=DAY, report=True)
    assert first.sent is not None and first.since is None
    original = sent_file.read_bytes()
    ProgressService(db).set_progress(
        reported[2].id, period.id, Progress(Status.ONGOING, "后来填的")
    )
    second = write_return(db, demo, period.name, tmp_path / "again.xlsx", day=DAY)
    assert second.since == first.sent
    assert len(second.changes) == 1 and "进展情况、完成状态有变化" in second.changes[0]
    again = save_sent(db, first.sent.id, tmp_path / "原样.xlsx")
    assert again.read_bytes() == original  # a later edit never changes what was sent
    assert [r.id for r in sent_returns(db, demo.id)] == [first.sent.id]


def test_a_damaged_frozen_return_is_not_written_out(db, demo, period, reported, tmp_path) -> None:
    sent = write_return(db, demo, period.name, tmp_path / "a.xlsx", day=DAY, report=True).sent
    with db.session() as s:
        from soildesk.db.lazy import m

        s.get(m.PeriodReturnRow, sent.id).workbook = b"tampered"
    with pytest.raises(ValidationError, match="哈希不符"):
        save_sent(db, sent.id, tmp_path / "b.xlsx")
    assert not (tmp_path / "b.xlsx").exists()


def test_command_line_return_and_returns(db, demo, period, reported, tmp_path, capsys) -> None:
    path = str(db.path)
    db.close()
    out = tmp_path / "r.xlsx"
    args = ["--db", path, "export", "return", "--plan", demo.name, "-o", str(out), "--report"]
    assert main(args) == 0
    assert "已留存报送内容（编号 1" in capsys.readouterr().out
    assert main(["--db", path, "returns", "--plan", demo.name]) == 0
    assert "2024年上半年" in capsys.readouterr().out
    copy = tmp_path / "copy.xlsx"
    assert main(["--db", path, "returns", "--plan", demo.name, "--save", "1", "-o", str(copy)]) == 0
    assert copy.read_bytes() == out.read_bytes()
    assert main(["--db", path, "returns", "--plan", demo.name, "--save", "9", "-o", str(copy)]) == 1
    assert "没有编号为 9 的报送记录" in capsys.readouterr().err
