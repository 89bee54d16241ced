"""A generated plan of any size, shaped like real ones (for benchmarks)."""

from __future__ import annotations

import random

from soildesk.domain import Level, NodeDraft, Role, UnitRef
from soildesk.numbering import number_for

UNITS = [
    "县环保局", "县农业局", "县国土资源局", "县住建局", "县水利局", "县林业局", "县财政局",
    "县发展改革局", "县经济局", "县公安局", "县交通局", "县安监局", "县卫生计生局", "县畜牧局",
]  # fmt: skip


def generate_plan(subitems: int = 10_000, seed: int = 1) -> list[NodeDraft]:
    """Articles of 5 clauses × 4 items × 25 sub-items until `subitems` are made."""
    rnd = random.Random(seed)
    text = "开展土壤污染状况详查，查明农用地土壤污染的面积、分布及其对农产品质量的影响。"

    def units() -> list[UnitRef]:
        lead, *coop = rnd.sample(UNITS, rnd.randint(1, 5))
        return [UnitRef(lead, Role.LEAD), *(UnitRef(u, Role.COOPERATE) for u in coop)]

    roots: list[NodeDraft] = []
    made = 0
    while made < subitems:
        article = NodeDraft(
            Level.ARTICLE,
            number_for(Level.ARTICLE, len(roots) + 1),
            f"第{len(roots) + 1}条 {text[:18]}",
        )
        roots.append(article)
        for c in range(5):
            clause = NodeDraft(Level.CLAUSE, number_for(Level.CLAUSE, c + 1), f"款 {text[:14]}")
            article.children.append(clause)
            for _ in range(4):
                item = NodeDraft(Level.ITEM, "", text * 2, units=units())
                clause.children.append(item)
                for s in range(25):
                    if made == subitems:
                        break
                    item.children.append(
                        NodeDraft(
                            Level.SUBITEM,
                            f"{s + 1}、",
                            f"{text}（{made}）",
                            duties="（1）环保局，牵头负责开展监测并提交监测分析报告；\n（2）财政局，负责保障经费。",
                            units=units(),
                        )
                    )
                    made += 1
    return roots
