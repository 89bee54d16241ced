"""Roll-ups: an item, clause and article count their sub-items' status in the period."""

from datetime import date

from soildesk.domain import subitems
from soildesk.progress import Progress, ProgressService, Status
from soildesk.rollup import rollups
from soildesk.task_state import task_states


def test_counts_go_up_the_tree(db, plans, demo) -> None:
    progress = ProgressService(db)
    period = progress.add_period(demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    roots = plans.load_tree(demo.id)
    item = roots[0].children[0].children[0]
    a, b, c = item.children
    progress.set_progress(a.id, period.id, Progress(Status.DONE, "完成"))
    progress.set_progress(b.id, period.id, Progress(Status.LAGGING, "慢", lag_reason="资金"))
    states = task_states(db, demo, roots, period, date(2024, 6, 20))
    ups = rollups(roots, states)
    assert ups[item.id].total == 3 and ups[item.id].done == 1
    assert ups[item.id].by_status == {Status.DONE: 1, Status.LAGGING: 1, None: 1}
    assert ups[item.id].label == "完成 1/3 · 滞后 1 · 预警 1"
    article = roots[0]
    assert ups[article.id].total == len(subitems([article]))
    assert ups[article.id].done == 1 and ups[article.id].color == Status.LAGGING.color
    assert "本期未填报：1" in ups[item.id].detail
    assert c.id not in ups  # sub-items have their own state, not a roll-up
