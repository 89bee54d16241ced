"""Import → export → import gives the same tree, texts, units and roles: for the real
samples and for generated plans with the awkward cases real tables contain."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soildesk.domain import Level, NodeDraft, Role, UnitRef
from soildesk.export.xlsx_breakdown import export_breakdown
from soildesk.importing import load_file
from soildesk.importing.plan_import import store_import
from tests.conftest import SAMPLES, tree_shape


@pytest.mark.parametrize("sample", ["lishu_part.xlsx", "lishu_part.txt"])
def test_samples_round_trip(tmp_path: Path, plans, sample: str) -> None:
    first = store_import(plans, load_file(SAMPLES / sample), "第一次")
    out = tmp_path / "out.xlsx"
    export_breakdown(out, first, plans.load_tree(first.id))
    again = load_file(out)
    assert again.warnings == []  # our own export is clean
    second = store_import(plans, again, "第二次")
    assert tree_shape(plans.load_tree(second.id)) == tree_shape(plans.load_tree(first.id))


# -- generated plans ---------------------------------------------------------
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_rare = st.sampled_from(
    ["𠀋", "㐀", "鿏", "々", "〇", "·", "—", "“", "”", "％", "①", "Ⅲ", "é", "😀"]
)
_text_char = st.one_of(
    _cjk, _cjk, _cjk, _rare, st.sampled_from(list("，。；：、（）()0123456789ABCxyz =+-@\n"))
)
_plain = st.text(_text_char, min_size=1, max_size=60).map(str.strip).filter(bool)
_text = st.one_of(_plain, _plain, _plain.map(lambda t: "=" + t), _plain.map(lambda t: "@" + t))
_long = st.integers(min_value=2000, max_value=5000).map(lambda n: ("很长的工作内容；" * n)[:n])
_units = st.lists(
    st.sampled_from(["县环保局", "县农业局", "县公安局", "县财政局", "县林业局", "县水利局"]),
    min_size=0,
    max_size=4,
    unique=True,
)


@st.composite
def plans_(draw) -> list[NodeDraft]:
    def text() -> str:
        t = draw(_text).strip()
        return t if t.strip("\n") else "内容"

    def units() -> list[UnitRef]:
        names = draw(_units)
        return [UnitRef(n, Role.LEAD if i == 0 else Role.COOPERATE) for i, n in enumerate(names)]

    roots = []
    for a in range(draw(st.integers(1, 3))):
        article = NodeDraft(Level.ARTICLE, f"{'一二三'[a]}、", text())
        for c in range(draw(st.integers(1, 3))):
            empty_clause = draw(st.booleans()) and c == 0
            clause = NodeDraft(
                Level.CLAUSE,
                "" if empty_clause else f"（{'一二三'[c]}）",
                "" if empty_clause else text(),
            )
            for _ in range(draw(st.integers(1, 2))):
                item = NodeDraft(Level.ITEM, "", text(), units=units())
                for s in range(draw(st.integers(1, 3))):
                    duties = draw(st.one_of(st.just(""), _text, _long))
                    item.children.append(
                        NodeDraft(Level.SUBITEM, f"{s + 1}、", text(), duties=duties, units=units())
                    )
                clause.children.append(item)
            article.children.append(clause)
        roots.append(article)
    return roots


def _normal(drafts: list[NodeDraft]) -> list:
    """What a table can carry: text lines are trimmed (cells are written line by line)."""

    def clean(t: str) -> str:
        return "\n".join(line.strip() for line in t.split("\n") if line.strip())

    return [
        (
            d.level,
            d.number,
            clean(d.text),
            clean(d.duties),
            [(u.wording, u.role) for u in d.units],
            _normal(d.children),
        )
        for d in drafts
    ]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(roots=plans_())
def test_generated_plans_round_trip(tmp_path: Path, plans, roots: list[NodeDraft]) -> None:
    import uuid

    plan = plans.create_plan(f"生成{uuid.uuid4().hex[:8]}", roots, title="某县任务分解表")
    out = tmp_path / f"{plan.id}.xlsx"
    export_breakdown(out, plan, plans.load_tree(plan.id))
    back = load_file(out)
    stored = plans.load_tree(plan.id)

    expected = _normal([_draft(n) for n in stored])
    assert _normal(back.roots) == expected


def _draft(n) -> NodeDraft:
    return NodeDraft(
        n.level,
        n.number,
        n.text,
        n.duties,
        [UnitRef(u.wording, u.role) for u in n.units],
        n.units_raw,
        children=[_draft(c) for c in n.children],
    )
