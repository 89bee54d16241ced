"""The printed PDFs, read back: texts, headers on every page, embedded fonts, （续）."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from soildesk.errors import KnownError
from soildesk.evidence import EvidenceStore
from soildesk.progress import Progress, ProgressService, Status
from soildesk.reports import fonts
from soildesk.reports.breakdown_pdf import CONTINUED
from soildesk.reports.render import render_report

TODAY = date(2024, 6, 20)


def pages_text(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(str(path)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fonts_of(path: Path) -> dict[str, bool]:
    """Every font the PDF's pages name, and whether its file is embedded."""
    out: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            files = ("/FontFile", "/FontFile2", "/FontFile3")
            embedded = bool(descriptor) and any(k in descriptor.get_object() for k in files)
            out[str(target["/BaseFont"])] = embedded
    return out


def embedded_fonts(path: Path) -> set[str]:
    return {name for name, embedded in fonts_of(path).items() if embedded}


@pytest.fixture
def subs(plans, demo):
    return [
        s
        for a in plans.load_tree(demo.id)
        for c in a.children
        for i in c.children
        for s in i.children
    ]


@pytest.mark.parametrize("landscape_mode", [True, False])
def test_breakdown_has_every_subitem_header_on_each_page_and_continuations(
    tmp_path: Path, db, demo, subs, landscape_mode
) -> None:
    out = tmp_path / "b.pdf"
    pages = render_report(db, demo, "breakdown", out, landscape_mode=landscape_mode, today=TODAY)
    texts = pages_text(out)
    assert len(texts) == pages > 5
    whole = "".join(texts)
    for sub in subs:
        assert squash(sub.text)[:30] in whole, sub.text[:30]
    for n, text in enumerate(texts, start=1):
        assert "条内容款内容项内容责任单位小项内容责任单位具体工作内容" in text
        assert f"第{n}页共{pages}页" in text and "打印日期：2024年6月20日" in text
    assert texts[0].startswith("梨树县土壤污染防治行动计划任务分解表")
    assert any(
        t.startswith(f"条内容款内容项内容责任单位小项内容责任单位具体工作内容{CONTINUED}一、")
        for t in texts[1:]
    )
    assert embedded_fonts(out)


def test_no_line_starts_with_forbidden_punctuation(tmp_path: Path, db, demo) -> None:
    out = tmp_path / "b.pdf"
    render_report(db, demo, "breakdown", out, today=TODAY)
    for page in PdfReader(str(out)).pages:
        for line in page.extract_text().splitlines():
            assert not line.strip().startswith(("，", "；", "：", "、", "。", "）")), line


def test_overlong_subitem_cell_continues_on_the_next_page(
    tmp_path: Path, db, plans, demo, subs
) -> None:
    plans.update_fields(subs[0].id, duties="环保局负责" + "开展土壤环境质量监测曌，" * 600)
    out = tmp_path / "long.pdf"
    render_report(db, demo, "breakdown", out, today=TODAY)
    texts = pages_text(out)
    # Every character printed exactly once: split between pages, never cut or dropped.
    assert "".join(texts).count("曌") == 600
    holding = [t for t in texts if "曌" in t]
    assert len(holding) >= 3 and all(CONTINUED in t for t in holding[1:])


def test_duty_sheet_of_one_unit_and_of_all_units(tmp_path: Path, db, units, demo) -> None:
    police = units.find_unit("公安局")
    out = tmp_path / "police.pdf"
    render_report(db, demo, "duties", out, unit=police, today=TODAY)
    text = "".join(pages_text(out))
    assert text.startswith("县公安局责任清单")
    assert "共7项" in text
    assert "（2）公安局派人员配合执法。" in text  # its own line, not the whole duty text
    assert "（1）环保局牵头严厉打击非法排放有毒有害污染物" not in text
    everyone = tmp_path / "all.pdf"
    render_report(db, demo, "duties", everyone, today=TODAY)
    pages = pages_text(everyone)
    starts = [i for i, t in enumerate(pages) if "责任清单" in t[:20]]
    assert len(starts) == len(
        [u for u in units.list_units(demo.id) if u.lead_count + u.cooperate_count + u.other_count]
    )
    # Each unit's sheet is numbered from its own page 1, with its own page count.
    for first, after in zip(starts, [*starts[1:], len(pages)], strict=True):
        count = after - first
        for n, page in enumerate(pages[first:after], start=1):
            assert f"第{n}页共{count}页" in page


def test_progress_report_counts_status_and_evidence_names(tmp_path: Path, db, demo, subs) -> None:
    progress = ProgressService(db)
    period = progress.add_period(demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    progress.set_progress(subs[0].id, period.id, Progress(Status.DONE, "已完成治理验收"))
    progress.set_progress(
        subs[1].id, period.id, Progress(Status.LAGGING, "", lag_reason="资金尚未到位")
    )
    scan = tmp_path / "验收报告.pdf"
    scan.write_bytes(b"%PDF-1.4")
    EvidenceStore(db).add(subs[0].id, scan, period.id)
    out = tmp_path / "p.pdf"
    render_report(db, demo, "progress", out, today=TODAY)
    text = "".join(pages_text(out))
    assert "填报期：2024年上半年" in text
    assert "已完成1推进中0未启动0滞后1未填报58合计60" in text
    assert "已完成治理验收" in text and "验收报告.pdf" in text and "滞后原因：资金尚未到位" in text


def test_missing_chinese_font_is_said_clearly(tmp_path: Path, db, demo, monkeypatch) -> None:
    fonts.choose_fonts.cache_clear()
    monkeypatch.setattr(fonts, "_candidates", lambda: [(tmp_path / "none.ttf", 0)])
    try:
        with pytest.raises(KnownError, match="找不到可用于打印的中文字体"):
            render_report(db, demo, "breakdown", tmp_path / "x.pdf", today=TODAY)
        assert not (tmp_path / "x.pdf").exists()
    finally:
        fonts.choose_fonts.cache_clear()


def test_a_cff_font_is_skipped(tmp_path: Path) -> None:
    noto = next(Path("/usr/share/fonts").rglob("NotoSansCJK*.ttc"), None)
    if noto is None:
        pytest.skip("Noto CJK not installed")
    assert fonts._read(noto, 0, "Probe") is None  # reportlab cannot read CFF outlines


def test_progress_report_pages_start_with_their_article(tmp_path: Path, db, demo) -> None:
    out = tmp_path / "p.pdf"
    render_report(db, demo, "progress", out, today=TODAY)
    header = "序号小项内容责任单位完成时限状态进展情况佐证材料"
    texts = pages_text(out)
    assert len(texts) > 3
    for text in texts:
        after = text.split(header, 1)[1]
        assert re.match(r"[一二三四五六七八九十]+、", after), after[:20]
        assert not re.search(
            r"[一二三四五六七八九十]+、[^第]{0,40}第\d+页", text
        )  # no heading alone at the foot


def test_a_long_span_text_runs_on_across_pages_without_loss(db, plans, demo) -> None:
    from soildesk.reports.breakdown_pdf import breakdown_grid
    from soildesk.reports.grid import GridLayout
    from soildesk.reports.setting import Styles

    width, height = 770.0, 520.0
    layout = GridLayout(
        breakdown_grid(plans.load_tree(demo.id)), width, Styles(fonts.choose_fonts())
    )
    pages = layout.paginate(height - 80, height - 30)
    for page in pages:
        assert sum(page.heights) <= height - 30 + 0.5  # every page holds what it was given
    # Follow every span through the pages: the text it printed, then only （续） repeats.
    seen: dict[tuple, str] = {}
    split = 0
    for page in pages:
        for (col, first), text in page.texts.items():
            span = layout.span_id(page.lines[first], col)
            full = squash(layout.full_text(page.lines[first], col))
            printed = seen.get(span, "")
            if len(printed) < len(full):
                piece = squash(text.removeprefix(CONTINUED) if printed else text)
                assert full.startswith(printed + piece)
                split += bool(printed)
                seen[span] = printed + piece
            else:
                assert squash(text) == CONTINUED + full
    assert split >= 1  # at least one long 项 text ran on to the next page
    fulls = {
        layout.span_id(line, col): squash(layout.full_text(line, col))
        for page in pages
        for line in page.lines
        for col in range(layout.grid.merged)
        if layout.key(line, col) is not None
    }
    assert seen == fulls  # every span's text printed whole
    fills = [sum(p.heights) / (height - 30) for p in pages[1:-1]]
    assert sum(fills) / len(fills) > 0.8  # pages are used, not left half empty


def test_duty_sheets_carry_the_documents_deadline_words_not_guesses(
    tmp_path: Path, db, demo, subs
) -> None:
    """Paper for the departments: a confirmed date, else the document's own words."""
    from soildesk.progress import Deadline
    from soildesk.reports.data import gather

    worded = next(s for s in subs if "2020年" in s.text)
    data = gather(db, demo, today=TODAY)
    assert "2020" in data.deadline_text(worded) and "未确认" not in data.deadline_text(worded)
    ProgressService(db).set_deadlines({worded.id: Deadline(date(2020, 12, 31), "确认")})
    assert gather(db, demo, today=TODAY).deadline_text(worded) == "2020-12-31"
    out = tmp_path / "all.pdf"
    render_report(db, demo, "duties", out, today=TODAY)
    text = squash("".join(pages_text(out)))
    assert "未确认" not in text and "文中" not in text


def unembedded_fonts(path: Path) -> set[str]:
    return {name for name, embedded in fonts_of(path).items() if not embedded}


def test_every_font_a_report_names_is_embedded(tmp_path: Path, db, demo) -> None:
    """reportlab names Helvetica for the canvas and for table cells unless told
    otherwise: a PC without it would substitute, and the file is not self-contained."""
    from soildesk.packets.missing import missing_units, print_reminder
    from soildesk.returns import write_return

    period = ProgressService(db).add_period(
        demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30)
    )
    made = []
    for report in ("breakdown", "duties", "progress"):
        made.append(tmp_path / f"{report}.pdf")
        render_report(db, demo, report, made[-1], period=period.name, today=TODAY)
    made.append(write_return(db, demo, period.name, tmp_path / "return.pdf", day=TODAY).path)
    made.append(tmp_path / "催办单.pdf")
    print_reminder(made[-1], demo, period, missing_units(db, demo, period), printed_on=TODAY)
    for path in made:
        assert unembedded_fonts(path) == set(), path.name


def test_a_span_longer_than_a_page_over_one_subitem_runs_on_with_continued(
    tmp_path: Path, db, plans
) -> None:
    """A 条/款/项 of 1,650 characters over a single sub-item crashed the print with
    reportlab's LayoutError: it now runs on over pages of its own, marked （续）."""
    from soildesk.domain import Level, NodeDraft, Role, UnitRef

    long = "".join(f"第{n}句加强土壤污染防治工作，" for n in range(120))
    item = NodeDraft(Level.ITEM, "", long, units=[UnitRef("县环保局", Role.LEAD)])
    item.children = [
        NodeDraft(Level.SUBITEM, "1、", "短的小项", units=[UnitRef("县环保局", Role.LEAD)])
    ]
    clause = NodeDraft(Level.CLAUSE, "（一）", "款的文字", children=[item])
    plan = plans.create_plan(
        "长文字", [NodeDraft(Level.ARTICLE, "一、", "条的文字", children=[clause])]
    )
    out = tmp_path / "long.pdf"
    pages = render_report(db, plan, "breakdown", out, today=TODAY)
    texts = pages_text(out)
    assert pages == len(texts) > 2
    assert all(CONTINUED in t for t in texts[1:])
    joined = "".join(texts)
    for n in (0, 59, 119):  # every sentence printed, in order
        assert f"第{n}句" in joined
    assert joined.index("第0句") < joined.index("第59句") < joined.index("第119句")
