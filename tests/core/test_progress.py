from datetime import date

import pytest

from soildesk.alerts import DeadlineState, alert_for, deadline_state, is_lagging
from soildesk.errors import ValidationError
from soildesk.progress import Deadline, Progress, ProgressService, Status, standard_periods


@pytest.fixture
def progress(db) -> ProgressService:
    return ProgressService(db)


def _first_sub(plans, demo):
    return plans.load_tree(demo.id)[0].children[0].children[0].children[0]


def test_periods_and_current(progress, demo) -> None:
    h1 = progress.add_period(demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    assert h1.is_current  # the first period becomes current
    h2 = progress.add_period(
        demo.id, "2024年下半年", date(2024, 7, 1), date(2024, 12, 31), current=True
    )
    assert [p.name for p in progress.list_periods(demo.id)] == ["2024年上半年", "2024年下半年"]
    assert progress.current_period(demo.id).id == h2.id
    progress.set_current(demo.id, h1.id)
    assert progress.current_period(demo.id).id == h1.id
    with pytest.raises(ValidationError, match="已有名为"):
        progress.add_period(demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    with pytest.raises(ValidationError, match="不能早于"):
        progress.add_period(demo.id, "错", date(2024, 6, 1), date(2024, 1, 1))
    assert [p[0] for p in standard_periods(2025)][:3] == [
        "2025年上半年",
        "2025年下半年",
        "2025年第一季度",
    ]


def test_progress_set_get_and_undo_data(progress, plans, demo) -> None:
    period = progress.add_period(demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    sub = _first_sub(plans, demo)
    first = progress.set_progress(sub.id, period.id, Progress(Status.ONGOING, "已完成排查"))
    assert [(r.table, r.before) for r in first.rows] == [("progress", None)]
    done = Progress(Status.DONE, "全部完成", date(2024, 5, 20), reported_by=(sub.units[0].unit_id,))
    change = progress.set_progress(sub.id, period.id, done)
    assert progress.get(sub.id, period.id) == done
    progress.db.undo(change)
    assert progress.get(sub.id, period.id) == Progress(Status.ONGOING, "已完成排查")
    progress.db.redo(change)
    assert progress.progress_for(period.id) == {sub.id: done}
    with pytest.raises(ValidationError, match="滞后原因"):
        progress.set_progress(sub.id, period.id, Progress(Status.LAGGING))
    progress.set_progress(sub.id, period.id, None)
    assert progress.get(sub.id, period.id) is None


def test_deleting_a_subitem_and_undo_keeps_its_progress_and_deadline(progress, plans, demo) -> None:
    period = progress.add_period(demo.id, "2024年上半年", date(2024, 1, 1), date(2024, 6, 30))
    sub = _first_sub(plans, demo)
    progress.set_progress(sub.id, period.id, Progress(Status.ONGOING, "推进中"))
    progress.set_deadlines({sub.id: Deadline(date(2020, 12, 31), "到2020年")})
    change = plans.delete_subtree(sub.parent.id)
    assert progress.progress_for(period.id) == {} and progress.deadlines(demo.id) == {}
    assert change.touched(("progress", "deadline")) == {sub.id}
    plans.db.undo(change)
    assert progress.get(sub.id, period.id) == Progress(Status.ONGOING, "推进中")
    assert progress.deadlines(demo.id) == {sub.id: Deadline(date(2020, 12, 31), "到2020年")}


def test_deadline_states() -> None:
    today = date(2024, 6, 1)
    assert deadline_state(date(2024, 5, 31), Status.ONGOING, today) == DeadlineState.OVERDUE
    assert deadline_state(date(2024, 5, 31), None, today) == DeadlineState.OVERDUE
    assert deadline_state(date(2024, 6, 20), Status.ONGOING, today) == DeadlineState.DUE_SOON
    assert deadline_state(date(2024, 12, 31), Status.NOT_STARTED, today) == DeadlineState.OK
    assert deadline_state(date(2024, 5, 31), Status.DONE, today) == DeadlineState.OK
    assert deadline_state(None, Status.ONGOING, today) is None


def test_lag_by_elapsed_time() -> None:
    start, due = date(2024, 1, 1), date(2024, 12, 31)
    assert not is_lagging(Status.NOT_STARTED, start, due, date(2024, 3, 1))
    assert is_lagging(Status.NOT_STARTED, start, due, date(2024, 6, 1))
    assert is_lagging(None, start, due, date(2024, 6, 1))  # never reported
    assert not is_lagging(Status.ONGOING, start, due, date(2024, 11, 1))
    assert is_lagging(Status.LAGGING, start, due, date(2024, 1, 2))
    assert alert_for(Status.NOT_STARTED, start, due, date(2025, 1, 5)).any
