"""Drafting the breakdown from the plan document: for each sample plan, an outline
checked by hand against the document (article and clause titles, items per clause, the
units of each item with their roles), and the draft must match it."""

from __future__ import annotations

from pathlib import Path

import pytest

from soildesk.domain import Level, Role
from soildesk.drafting import draft_file, store_draft
from soildesk.errors import ValidationError
from soildesk.unit_text import unit_cell
from tests.conftest import SAMPLES

L, C, R, X = Role.LEAD, Role.COOPERATE, Role.RESPONSIBLE, Role.CARRY_OUT
SZ_ENV, SZ_AGR, SZ_NAT = "市生态环境局", "市农业农村局", "市规划和自然资源局"
COUNTIES = "各县级人民政府"

# 朔州市土壤污染防治 2021 年行动计划, read from the document: 一、工作目标 is not a task.
SHUOZHOU = [
    ("二、", "工作任务", [
        ("（一）", "完成土壤污染状况详查", [[(SZ_ENV, L), (SZ_AGR, C), (COUNTIES, X)]]),
        ("（二）", "加强土壤环境监测", [[(SZ_ENV, L), (SZ_NAT, C), (SZ_AGR, C), (COUNTIES, X)]]),
        ("（三）", "全面推行耕地分类管理", [
            [(SZ_AGR, L), (SZ_NAT, C), (SZ_ENV, C), (COUNTIES, X)],
            [(SZ_AGR, L), (SZ_ENV, L), (SZ_NAT, C), ("市发改委", C), (COUNTIES, X)],
        ]),
        ("（四）", "严格建设用地土壤污染风险管控", [
            [(SZ_ENV, R), (SZ_NAT, R), ("市工信局", R), (COUNTIES, X)],
            [(SZ_NAT, L), (SZ_ENV, C), (COUNTIES, X)],
            [(SZ_ENV, L), (SZ_NAT, C), (COUNTIES, X)],
            [(SZ_NAT, L), (SZ_ENV, R), ("市工信局", R), (COUNTIES, X)],
            [(SZ_ENV, L), (SZ_NAT, C), (COUNTIES, X)],
        ]),
        ("（五）", "加强污染源头防控", [
            [(SZ_ENV, L), ("市行政审批服务管理局", C), ("市工信局", C), (COUNTIES, X)],
            [(SZ_ENV, L), ("市行政审批服务管理局", C), (COUNTIES, X)],
        ]),
        ("（六）", "强化资金项目管理", [[(SZ_ENV, L), ("市财政局", C), (SZ_AGR, C), (COUNTIES, X)]]),
        ("（七）", "严格执法监管", [
            [(SZ_ENV, L), ("市公安局", C), (SZ_NAT, C), (SZ_AGR, C), ("市发改委", C), (COUNTIES, X)],
        ]),
    ]),
    ("三、", "保障措施", [
        ("（一）", "加强组织领导", [[]]),
        ("（二）", "强化资金保障", [[]]),
        ("（三）", "推进信息公开", [[]]),
        ("（四）", "加强宣传培训", [[]]),
    ]),
]  # fmt: skip

JX_ENV, JX_AGR, JX_NAT, TOWNS = "市生态环境局绛县分局", "县农业农村局", "县自然资源局", "各乡镇人民政府"
# The standing note in item 1 (以下均需各乡镇人民政府负责落实，不再列出) gives every later
# task 各乡镇人民政府 as the one that carries it out.
JIANGXIAN_SOIL = [
    ("二、", "重点任务", [
        ("（一）", "加强土壤污染源头防控", [
            [(JX_ENV, L), (TOWNS, X)],
            [(JX_ENV, R), (JX_AGR, R), (TOWNS, X)],
            [(JX_ENV, L), (TOWNS, X)],
            [(JX_ENV, L), (JX_AGR, C), (TOWNS, X)],
        ]),
        ("（二）", "强化耕地土壤污染风险管控", [
            [(JX_NAT, R), (JX_AGR, R), (JX_ENV, R), ("县市场监管局", R), (TOWNS, X)],
            [(JX_AGR, R), (JX_ENV, R), ("县市场监管局", R), ("县发改局", R), (TOWNS, X)],
            [(JX_AGR, R), (JX_ENV, R), (JX_NAT, R), (TOWNS, X)],
        ]),
        ("（三）", "严格建设用地土壤污染风险管控", [
            [(JX_ENV, R), (JX_NAT, R), (TOWNS, X)],
            [(JX_NAT, R), (JX_ENV, R), (TOWNS, X)],
            [(JX_NAT, R), (JX_ENV, R), (TOWNS, X)],
            [(JX_ENV, R), (JX_NAT, R), (TOWNS, X)],
            [(JX_ENV, R), (JX_NAT, R), (TOWNS, X)],
        ]),
        ("（四）", "强化资金项目管理", [[(JX_ENV, R), (JX_AGR, R), (TOWNS, X)]]),
        ("（五）", "严格监管执法", [
            [(JX_ENV, R), ("县公安局", R), (JX_NAT, R), (JX_AGR, R), (TOWNS, X)],
            [(JX_ENV, R), (JX_NAT, R), (TOWNS, X)],
            [(JX_ENV, R), (JX_NAT, R), (TOWNS, X)],
        ]),
    ]),
    ("三、", "保障措施", [
        ("（一）", "加强组织领导", [[]]),
        ("（二）", "强化资金保障", [[]]),
        ("（三）", "推进信息公开", [[]]),
        ("（四）", "加强宣传培训", [[]]),
        ("（五）", "强化督察考核", [[]]),
    ]),
]  # fmt: skip

YC, FIN, WATER, BUILD, IND = "运城市生态环境局绛县分局", "县财政局", "县水务局", "县住建局", "县工信科局"
JIANGXIAN_WATER = [
    ("二、", "重点任务", [
        ("（一）", "实施“两项”调查评估", [
            [(YC, L), (FIN, C), (JX_NAT, C), (BUILD, C), ("县发改局", C), (TOWNS, X)],
        ]),
        ("（二）", "建立地下水污染防治监督管理体系", [
            [(YC, L), (JX_NAT, C), (WATER, C), (BUILD, C), (IND, C), (TOWNS, X)],
            [(YC, L), (JX_NAT, C), (WATER, C), (TOWNS, X)],
            [(YC, L), ("县行政审批服务管理局", C), (TOWNS, X)],
        ]),
        ("（三）", "加强地下水污染源头预防、风险管控与修复", [
            [(YC, L), (JX_NAT, C), (BUILD, C), (IND, C), (TOWNS, X)],
            [(YC, L), (BUILD, C), (TOWNS, X)],
            [(YC, R), (JX_NAT, R), (WATER, R), (TOWNS, X)],
            [(JX_AGR, R), (WATER, R), (YC, R), (TOWNS, X)],
            [(YC, R), (JX_NAT, R), (WATER, R), ("县能源局", R), (TOWNS, X)],
            [(YC, L), (JX_NAT, C), (JX_AGR, C), ("县发改局", C), (TOWNS, X)],
        ]),
        ("（四）", "保障地下水型饮用水水源安全", [
            [(YC, L), (JX_NAT, C), (WATER, C), (TOWNS, X)],
            [(YC, L), (JX_NAT, C), (WATER, C), (TOWNS, X)],
            [(YC, L), (WATER, C), (TOWNS, X)],
            [(YC, L), (WATER, C), (TOWNS, X)],
        ]),
    ]),
    ("三、", "保障措施", [
        ("（一）", "加强组织领导", [[]]),
        ("（二）", "强化资金和技术保障", [[]]),
        ("（三）", "强化执法监督和考核督察", [[]]),
    ]),
]  # fmt: skip


def outline(draft) -> list:
    return [
        (a.number, a.text, [
            (c.number, c.text, [[(u.wording, u.role) for u in i.units] for i in c.children])
            for c in a.children
        ])
        for a in draft.roots
    ]  # fmt: skip


def test_shuozhou_plan_matches_the_outline_read_from_it() -> None:
    drafts, _ = draft_file(SAMPLES / "plan_shuozhou_2021.txt")
    assert [d.title for d in drafts] == ["朔州市土壤污染防治 2021 年行动计划"]
    [draft] = drafts
    assert outline(draft) == SHUOZHOU
    assert [(a.number, a.text) for a in draft.left_out] == [("一、", "工作目标")]
    assert "朔环发〔2021〕119号" in draft.preamble  # the notice and its signatures stay apart
    assert any("印发" in line for line in draft.preamble)


def test_jiangxian_file_holds_two_plans_each_matching_its_outline() -> None:
    drafts, _ = draft_file(SAMPLES / "plan_jiangxian_2023.txt")
    assert [d.title for d in drafts] == ["绛县土壤污染防治2023年行动计划", "地下水污染防治2023年行动计划"]
    soil, water = drafts
    assert outline(soil) == JIANGXIAN_SOIL
    assert outline(water) == JIANGXIAN_WATER
    assert any("从 1 跳到了 3" in g for g in water.guesses)  # the document has no item 2


def test_inherited_units_belong_to_the_item_but_the_cell_keeps_the_documents_words() -> None:
    soil = draft_file(SAMPLES / "plan_jiangxian_2023.txt")[0][0]
    second = soil.roots[0].children[0].children[1]
    assert [u.wording for u in soil.inherited[id(second)]] == [TOWNS]
    assert unit_cell(second) == "市生态环境局绛县分局、县农业农村局按职责分工负责"
    first = soil.roots[0].children[0].children[0]
    assert id(first) not in soil.inherited  # its own words name the towns
    assert unit_cell(first).startswith("市生态环境局绛县分局负责，各乡镇人民政府。以下均需")


def test_items_keep_their_words_and_propose_sub_items_with_deadlines() -> None:
    [draft] = draft_file(SAMPLES / "plan_shuozhou_2021.txt")[0]
    first = draft.roots[0].children[0].children[0]
    assert first.number.strip() == "1." and first.text.startswith("强化土壤污染状况详查工作总结。")
    assert "（市生态环境局" not in first.text  # the units' parentheses are not the task's words
    assert all(s.level == Level.SUBITEM and s.units == first.units for s in first.children)
    assert "".join(s.text for s in first.children) in first.text
    tenth = draft.roots[0].children[4].children[0]  # 10. …2021年10月底前，…开展一次…排查
    deadlines = [s.deadline_text for s in tenth.children]
    assert "2021年10月底前" in deadlines
    assert "2021年8月底前；10月底前" in deadlines  # every deadline of a sentence, in its words
    assert all(part in s.text for s in tenth.children for part in s.deadline_text.split("；") if part)
    broken = draft.roots[0].children[2].children[0]  # 3. — its lines were broken by a blank
    assert "耕地保护制度，强化国土空间规划" in broken.text


def test_every_node_knows_the_lines_it_came_from() -> None:
    drafts, lines = draft_file(SAMPLES / "plan_shuozhou_2021.txt")
    draft = drafts[0]
    clause = draft.roots[0].children[3]
    src = draft.sources[id(clause)]
    assert lines[src.first_line - 1].strip().startswith("#### **（四）")
    item = clause.children[3]  # 8., whose units stand on a line of their own
    src = draft.sources[id(item)]
    assert lines[src.first_line - 1].startswith("8. 强化污染地块部门联动监管")
    assert "（市规划和自然资源局牵头" in lines[src.last_line - 1]


def test_a_documents_closing_lines_are_not_task_words() -> None:
    [shuozhou] = draft_file(SAMPLES / "plan_shuozhou_2021.txt")[0]
    last = shuozhou.roots[-1].children[-1].children[-1]  # 三（四）加强宣传培训
    assert "抄送" not in last.text and "印发" not in last.text
    assert any(line.startswith("抄送") for line in shuozhou.closing)
    for draft in draft_file(SAMPLES / "plan_jiangxian_2023.txt")[0]:
        words = [s.text for a in draft.roots for c in a.children for i in c.children for s in i.children]
        assert not any("负责解读" in w for w in words)
        assert any("负责解读" in line for line in draft.closing)


def test_a_title_sentence_is_not_a_sub_item_of_its_own() -> None:
    soil = draft_file(SAMPLES / "plan_jiangxian_2023.txt")[0][0]
    fourth = soil.roots[0].children[0].children[3]  # 4.排查耕地土壤重金属污染成因。…
    assert fourth.text.startswith("排查耕地土壤重金属污染成因。")
    assert all(s.text != "排查耕地土壤重金属污染成因。" for s in fourth.children)


def test_store_creates_the_plan_and_can_include_the_left_out_section(plans) -> None:
    [draft] = draft_file(SAMPLES / "plan_shuozhou_2021.txt")[0]
    plan = store_draft(plans, draft, include=[0])
    assert plan.name == "朔州市土壤污染防治2021年行动计划"  # the title's spaces are Markdown's
    assert plan.title == "朔州市土壤污染防治 2021 年行动计划"
    roots = plans.load_tree(plan.id)
    assert [r.number + r.text for r in roots] == ["一、工作目标", "二、工作任务", "三、保障措施"]
    assert plan.year == 2021 and plan.region == "朔州市"


def test_cli_draft_makes_one_plan_per_document(tmp_path: Path, capsys) -> None:
    from soildesk.cli import main

    db = str(tmp_path / "d.db")
    assert main(["--db", db, "draft", str(SAMPLES / "plan_jiangxian_2023.txt")]) == 0
    out = capsys.readouterr().out
    assert "已生成计划：绛县土壤污染防治2023年行动计划" in out
    assert "已生成计划：地下水污染防治2023年行动计划" in out
    assert "未列入：一、工作目标" in out and "需核对：" in out
    assert main(["--db", db, "draft", str(SAMPLES / "plan_jiangxian_2023.txt"), "--name", "x"]) == 1
    assert "不能共用一个 --name" in capsys.readouterr().err
    assert main(["--db", db, "draft", str(SAMPLES / "plan_shuozhou_2021.txt")]) == 0
    assert main(["--db", db, "draft", str(SAMPLES / "plan_shuozhou_2021.txt")]) == 0
    assert "提示：已有名为“朔州市土壤污染防治2021年行动计划”的计划" in capsys.readouterr().out


def test_a_file_without_headings_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text("这是一份没有编号的说明。\n只有两句话。", encoding="utf-8")
    with pytest.raises(ValidationError, match="没有找到方案的条目"):
        draft_file(path)


# -- the clerk's corrections before the plan is made --------------------------------
def _review():
    from soildesk.drafting.review import Review

    [draft] = draft_file(SAMPLES / "plan_shuozhou_2021.txt")[0]
    return Review.of(draft)


def test_review_starts_with_every_section_in_document_order_left_out_ones_marked() -> None:
    review = _review()
    assert [a.number + a.text for a in review.roots] == ["一、工作目标", "二、工作任务", "三、保障措施"]
    assert review.is_excluded(review.roots[0]) and not review.is_excluded(review.roots[1])
    review.toggle_excluded(review.roots[0])
    assert [a.text for a in review.result()] == ["工作目标", "工作任务", "保障措施"]


def test_merge_split_promote_and_demote() -> None:
    review = _review()
    clause = review.roots[1].children[3]  # （四）, five items
    first, second = clause.children[0], clause.children[1]
    kept = review.merge_into_previous(second)
    assert kept is first and len(clause.children) == 4 and "严格污染地块准入管理" in first.text
    twin = review.split(first)
    assert twin is clause.children[1] and first.text == "开展土壤污染状况调查评估。"
    assert twin.units == first.units
    lower = review.demote(twin)
    assert lower.level == Level.SUBITEM and lower in first.children and len(clause.children) == 4
    higher = review.promote(lower)
    assert higher.level == Level.ITEM and clause.children[1] is higher
    assert higher.children == [lower]
    new_clause = review.promote(higher)
    assert new_clause.level == Level.CLAUSE and review.roots[1].children[4] is new_clause
    assert new_clause.units == [] and new_clause.children[0] is higher


def test_corrections_the_tree_cannot_take_are_refused() -> None:
    review = _review()
    article = review.roots[1]
    assert review.merge_into_previous(article.children[0]) is None  # nothing before it
    assert review.promote(article.children[0]) is None  # a clause stays under an article
    assert review.demote(article.children[0]) is None


def test_leaving_out_an_item_and_storing_the_corrected_tree(plans) -> None:
    review = _review()
    review.toggle_excluded(review.roots[1].children[0].children[0])  # item 1
    plan = store_draft(plans, review.draft, roots=review.result())
    [tasks, _] = plans.load_tree(plan.id)
    assert tasks.children[0].children == []
    assert len(tasks.children[1].children) == 1


def test_a_word_document_drafts_like_its_text(tmp_path: Path) -> None:
    import docx

    text_drafts, _ = draft_file(SAMPLES / "plan_jiangxian_2023.txt")
    document = docx.Document()
    for line in (SAMPLES / "plan_jiangxian_2023.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    path = tmp_path / "方案.docx"
    document.save(str(path))
    word_drafts, _ = draft_file(path)
    assert [outline(d) for d in word_drafts] == [outline(d) for d in text_drafts]


def test_the_first_listed_unit_leads_where_the_document_says_so(tmp_path: Path) -> None:
    path = tmp_path / "方案.md"
    path.write_text(
        "# 某县土壤污染防治工作方案\n\n各项任务中排在前位的为牵头单位。\n\n## 四、重点任务\n\n"
        "### （十三）加强监测。每年开展一次监测。\n\n"
        "1. 开展土壤监测。按规定布设点位。（县生态环境局、县农业农村局按职责分工负责）\n",
        encoding="utf-8",
    )
    [draft] = draft_file(path)[0]
    clause = draft.roots[0].children[0]
    assert (clause.number, clause.text) == ("（十三）", "加强监测")  # numbered across the text
    heading_item, numbered = clause.children  # the clause's own sentence, then item 1
    assert heading_item.text == "每年开展一次监测。"
    assert [(u.wording, u.role) for u in numbered.units] == [("县生态环境局", L), ("县农业农村局", C)]
    assert unit_cell(numbered) == "县生态环境局、县农业农村局按职责分工负责"
