"""A big table shows at once: rows in view are measured, the rest estimated and then
measured in slices between events, ending with the heights a full measure gives, while
the rows the clerk is looking at stay where they are."""

from __future__ import annotations

from benchmarks.synthetic import generate_plan
from ui import table_view
from ui.main_window import MainWindow


def open_big(window: MainWindow, drafts) -> table_view.PlanTableView:
    plan = window.session.plans.create_plan("大计划", drafts)
    window.reload_plans(plan.id)
    return window.table


def heights(window: MainWindow) -> list[int]:
    vh = window.table.verticalHeader()
    return [vh.sectionSize(r) for r in range(len(window.table.table.rows))]


def finish(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.table._pending, timeout=60_000)


def test_a_big_plan_shows_then_measures_to_the_exact_heights(qtbot, window: MainWindow) -> None:
    view = open_big(window, generate_plan(2_600))
    rows = len(view.table.rows)
    assert rows > table_view.LAZY_ROWS
    assert view._pending, "rows out of view are left for later"
    assert all(view.rowAt(0) <= r for r in view._pending[:1])
    in_view = range(view.rowAt(0), view.rowAt(view.viewport().height() - 1) + 1)
    assert not set(in_view) & set(view._pending), "what the clerk sees is measured first"
    finish(qtbot, window)
    lazy = heights(window)

    view._forget()
    table_view.LAZY_ROWS, saved = 10**9, table_view.LAZY_ROWS
    try:
        view.lay_out()  # everything measured before showing, as a small table is
    finally:
        table_view.LAZY_ROWS = saved
    assert lazy == heights(window)


def test_the_rows_in_view_stay_put_while_rows_above_are_measured(qtbot, window: MainWindow) -> None:
    view = open_big(window, generate_plan(2_600))
    finish(qtbot, window)
    middle = len(view.table.rows) // 2
    view.scrollTo(view.model().index(middle, 0), view.ScrollHint.PositionAtTop)
    top = view.rowAt(0)
    view._forget()
    view.lay_out()  # as after a change of font: everything measured again
    assert view._pending and min(view._pending) < top
    finish(qtbot, window)
    assert view.rowAt(0) == top


def latin_heavy(drafts):
    """Sub-items with long Latin runs: an estimate that takes every character as wide
    runs far taller than the measured height."""
    for draft in drafts:
        if draft.level == 4:
            draft.text += " GB36600-2018 " + "soil pollution survey " * 6
        latin_heavy(draft.children)
    return drafts


def test_rows_scrolled_into_view_before_they_were_measured_are_never_cut(
    qtbot, window: MainWindow
) -> None:
    view = open_big(window, latin_heavy(generate_plan(2_600)))
    assert view._pending
    view.updateGeometries()  # the scroll range, which Qt would set on the next event
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() * 2 // 3)  # far ahead of the slices
    assert view.rowAt(0) > 1_000
    assert view._pending, "still measuring in the background"
    vh = view.verticalHeader()
    lo = view.rowAt(0)
    hi = view.rowAt(view.viewport().height() - 1)
    span_ends = {last for col in table_view.SPANNED for _, last in view.table.spans[col]}
    for r in range(lo, hi + 1):  # measured, not estimated (estimates run tall)
        assert vh.sectionSize(r) >= view._own_height(r), r
        if r not in span_ends:
            assert vh.sectionSize(r) == int(view._own_height(r) + 0.999), r
    for col in table_view.SPANNED:
        for first, last in view.table.spans[col]:
            node = view.table.node_at(first, col)
            if last < lo or first > hi or node is None:
                continue
            have = sum(vh.sectionSize(r) for r in range(first, last + 1))
            assert have >= view._height(node, col), (col, first, last)


def test_a_view_at_the_end_stays_at_the_end_while_rows_are_measured(
    qtbot, window: MainWindow
) -> None:
    view = open_big(window, latin_heavy(generate_plan(2_600)))
    view.updateGeometries()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # straight to the end, before the slices got there
    finish(qtbot, window)
    view.updateGeometries()
    assert bar.value() == bar.maximum()
    assert view.rowAt(view.viewport().height() - 1) in (len(view.table.rows) - 1, -1)
