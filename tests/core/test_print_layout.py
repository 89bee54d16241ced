"""The one layout every report is printed from, read back: lines inside their cells
(measured from the PDF's own glyph boxes against the rules), the rules of Chinese
typesetting, the fonts by role, presets and printing only some sub-items."""

from __future__ import annotations

import itertools
import re
import shutil
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from soildesk.importing import load_file
from soildesk.importing.plan_import import store_import
from soildesk.reports import fonts
from soildesk.reports.page import Rule, Text
from soildesk.reports.render import layout_report, render_report
from soildesk.text_metrics import CANNOT_END, CANNOT_START

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "lishu_part.xlsx"
TODAY = date(2024, 6, 20)


@pytest.fixture
def county(plans):
    return store_import(plans, load_file(SAMPLE), "梨树")


def vertical_rules(items) -> list[Rule]:
    return [r for r in items if isinstance(r, Rule) and r.x0 == r.x1]


def test_no_glyph_crosses_a_cell_border_in_the_county_table(tmp_path: Path, db, county) -> None:
    """123 lines of this table ended with ，、。；） drawn past the cell's right border:
    every glyph box the PDF holds now lies between two rules."""
    out = tmp_path / "county.pdf"
    document = layout_report(db, county, "breakdown", today=TODAY)
    render_report(db, county, "breakdown", out, today=TODAY)
    pdf = pdfium.PdfDocument(str(out))
    checked = 0
    try:
        assert len(pdf) == document.count
        for i in range(document.count):
            height = document.paper.height
            rules = vertical_rules(document.draw(i))
            text = pdf[i].get_textpage()
            for k in range(text.count_chars()):
                ch = text.get_text_range(k, 1)
                if not ch.strip():
                    continue
                left, bottom, right, top = text.get_charbox(k)
                y = height - (top + bottom) / 2
                for r in rules:
                    if min(r.y0, r.y1) < y < max(r.y0, r.y1):
                        assert not (left + 0.3 < r.x0 < right - 0.3), (i, ch, left, right, r.x0)
                checked += 1
    finally:
        pdf.close()
    assert checked > 5000


def _cells(items) -> list[list[Text]]:
    """Runs grouped into cells' lines: same left edge, one line after another."""
    runs = sorted((t for t in items if isinstance(t, Text)), key=lambda t: (t.x, t.y))
    lines: list[list[Text]] = []
    for t in runs:
        if lines and abs(lines[-1][-1].x - t.x) < 0.01 and 0 < t.y - lines[-1][-1].y < t.size * 1.6:
            lines[-1].append(t)
        else:
            lines.append([t])
    return lines


def test_lines_break_as_chinese_typesetting_asks(db, county) -> None:
    document = layout_report(db, county, "breakdown", today=TODAY)
    pairs = 0
    for i in range(document.count):
        for cell in _cells(document.draw(i)):
            for a, b in itertools.pairwise(cell):
                pairs += 1
                assert b.text[0] not in CANNOT_START, (a.text, b.text)
                assert a.text[-1] not in CANNOT_END, (a.text, b.text)
                # 2016-2020年 never broken as 2016-202|0年
                assert not (
                    re.search(r"[0-9A-Za-z]$", a.text) and re.match(r"[0-9A-Za-z%]", b.text)
                ), (a.text, b.text)
    assert pairs > 500
    words = "".join(
        t.text for i in range(document.count) for t in document.draw(i) if isinstance(t, Text)
    )
    assert "2016-2020年" in words


def test_presets_set_paper_and_size_and_the_office_line(db, county) -> None:
    standard = layout_report(db, county, "breakdown", today=TODAY)
    meeting = layout_report(db, county, "breakdown", today=TODAY, preset="meeting")
    a3 = layout_report(db, county, "breakdown", today=TODAY, preset="a3")
    report = layout_report(db, county, "breakdown", today=TODAY, preset="report")
    assert meeting.count > standard.count  # larger body text takes more pages
    sizes = {t.size for t in meeting.draw(1) if isinstance(t, Text)}
    assert 12.0 in sizes
    assert (round(a3.paper.width), round(a3.paper.height)) == (1191, 842) and a3.paper.landscape
    assert (round(standard.paper.width), round(standard.paper.height)) == (842, 595)
    first = "".join(t.text for t in report.draw(0) if isinstance(t, Text))
    assert "填报单位：" in first and "填报时间：2024年6月20日" in first
    portrait = layout_report(db, county, "breakdown", today=TODAY, landscape_mode=False)
    assert not portrait.paper.landscape


def test_only_the_subitems_the_view_shows_are_printed(db, plans, county) -> None:
    subs = [s for a in plans.load_tree(county.id) for s in _subitems(a)]
    keep = {subs[1].id, subs[-1].id}
    document = layout_report(db, county, "breakdown", today=TODAY, subitems=keep.__contains__)
    words = "".join(
        t.text for i in range(document.count) for t in document.draw(i) if isinstance(t, Text)
    )
    assert subs[1].display[:12] in words and subs[-1].display[:8] in words
    assert subs[0].display[:20] not in words and subs[2].display[:20] not in words
    duties = layout_report(db, county, "duties", today=TODAY, subitems=keep.__contains__)
    assert duties.count >= 1


def _subitems(node):
    if not node.children:
        yield node
    for c in node.children:
        yield from _subitems(c)


def test_fonts_are_chosen_by_role_as_official_documents_use_them(
    tmp_path: Path, monkeypatch
) -> None:
    source = next(p for p in [Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")] if p.exists())
    folder = tmp_path / "fonts"
    (folder / "方正").mkdir(parents=True)
    for name in ("simfang.ttf", "SIMHEI.TTF", "simsun.ttc"):
        shutil.copyfile(source, folder / name)
    monkeypatch.setattr(fonts, "font_dirs", lambda: [folder])
    fonts.forget()
    try:
        chosen = fonts.choose_fonts()
        assert chosen.body.main.path.name == "simfang.ttf"
        assert chosen.heading.main.path.name == "SIMHEI.TTF"
        assert chosen.title.main.path.name == "simsun.ttc" and chosen.title.bold  # 宋体 bold
        shutil.copyfile(source, folder / "方正" / "FZXBSJW.TTF")  # 方正小标宋简体 installed
        fonts.forget()
        chosen = fonts.choose_fonts()
        assert chosen.title.main.path.name == "FZXBSJW.TTF" and not chosen.title.bold
    finally:
        fonts.forget()


def test_without_any_chinese_font_the_shipped_one_prints(
    tmp_path: Path, db, demo, monkeypatch
) -> None:
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path / "nothing"])
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    fonts.forget()
    try:
        out = tmp_path / "b.pdf"
        pages = render_report(db, demo, "breakdown", out, today=TODAY)
        assert fonts.choose_fonts().body.main.path.name == "wqy-zenhei-gb2312.ttf"
        text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
        assert pages > 3 and "任务分解表" in text.replace(" ", "")
    finally:
        fonts.forget()


def test_a_character_the_font_lacks_comes_from_the_next_font() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    chosen = fonts.choose_fonts()
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.exists():
        pytest.skip("DejaVu not installed")
    spare = fonts.Face("SpareProbe", dejavu, TTFont("SpareProbe", str(dejavu)))
    rare = next(
        chr(c)
        for c in range(0x2100, 0x2C00)
        if spare.has(chr(c)) and not chosen.body.main.has(chr(c))
    )
    typeface = fonts.Typeface([chosen.body.main], spare=iter([spare]))
    runs = list(typeface.runs(f"污染{rare}防治"))
    assert [(f.name, t) for f, t in runs] == [
        (chosen.body.main.name, "污染"),
        ("SpareProbe", rare),
        (chosen.body.main.name, "防治"),
    ]


def test_no_rule_runs_through_an_articles_heading_row(db, county) -> None:
    """The progress report's article heading spans the full width under the header:
    the column rules stop above it and start again below it."""
    document = layout_report(db, county, "progress", today=TODAY)
    items = document.draw(0)
    heading = next(t for t in items if isinstance(t, Text) and t.text.startswith("一、"))
    right = max(r.x0 for r in vertical_rules(items))
    inner = [r for r in vertical_rules(items) if heading.x + 30 < r.x0 < right - 1]
    assert len(inner) > 5
    for r in inner:
        assert not (min(r.y0, r.y1) < heading.y < max(r.y0, r.y1)), r


def test_a_unit_named_only_on_an_item_gets_that_item_on_its_duty_sheet(db, county) -> None:
    """县行政审批办 cooperates on an item whose sub-items name other units: its sheet
    lists that item, not 共 0 项 over an empty page."""
    from soildesk.units import UnitService

    unit = next(u for u in UnitService(db).list_units(county.id) if u.name == "县行政审批办")
    document = layout_report(db, county, "duties", unit=unit, today=TODAY)
    words = "".join(t.text for t in document.draw(0) if isinstance(t, Text))
    assert "共 1 项" in words and "（项）" in words and "配合" in words


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        (
            "依据《土壤计划》）开展工作",
            6,
            ["依据《土壤计", "划》）开展工", "作"],
        ),  # both marks down
        ("（一 ）划定农用地", 3.5, ["（一 ）", "划定农", "用地"]),  # a space before a mark
        ("面积1000m²以上", 5.2, ["面积1000m²", "以上"]),
        ("限值≤0.3mg/kg以下", 5, ["限值", "≤0.3mg/kg", "以下"]),  # the sign with its number
        ("每3年一次", 1.6, ["每", "3年", "一", "次"]),  # the number with its unit
        (
            "到2020年，恢复",
            3.5,
            ["到", "2020年", "，恢复"],
        ),  # a number filling the line stays whole
        ("2016-2020年度工作", 5, ["2016-2020", "年度工作"]),  # wider than the line: cut when full
        ("依据国发〔2016〕31号文件", 4, ["依据国发", "〔2016〕", "31号文件"]),  # a 文号's brackets
        ("面积3.5㎡以上", 3.5, ["面积", "3.5㎡以", "上"]),
        ("冻土-5℃以下", 3.5, ["冻土", "-5℃以", "下"]),  # a negative number keeps its sign
        ("标准GB 15618", 4, ["标准GB ", "15618"]),  # no line starts with a space
    ],
)
def test_clerk_found_line_breaks(text: str, width: float, lines: list[str]) -> None:
    from soildesk.text_metrics import Measure

    measure = Measure(lambda ch: 1.0 if ord(ch) > 0x2000 else 0.5)  # CJK full, Latin half
    assert measure.lines(text, width) == lines


def test_every_duty_page_names_its_unit_and_a_view_prints_no_empty_sheets(
    db, plans, county
) -> None:
    """A loose page of the all-units stack says whose it is; printing the view of a
    search leaves out the units that have nothing in it (11 bare 共 0 项 pages)."""
    from soildesk.units import UnitService

    names = [u.name for u in UnitService(db).list_units(county.id)]
    everyone = layout_report(db, county, "duties", today=TODAY)
    continued = 0
    for i in range(everyone.count):
        words = "".join(t.text for t in everyone.draw(i) if isinstance(t, Text))
        owner = [n for n in names if re.search(f"{re.escape(n)}责任清单第 \\d+ 页", words)]
        assert len(owner) == 1, words[-60:]
        if not words.startswith(f"{owner[0]}责任清单"):  # a page without its title
            continued += 1
            assert "第 1 页" not in words
    assert continued > 5
    subs = [s for a in plans.load_tree(county.id) for s in _subitems(a) if "黑土" in s.text]
    keep = {s.id for s in subs}
    view = layout_report(db, county, "duties", today=TODAY, subitems=keep.__contains__)
    for i in range(view.count):
        words = "".join(t.text for t in view.draw(i) if isinstance(t, Text))
        assert "共 0 项" not in words
    assert 0 < view.count < everyone.count
