"""Heatmap data: counts, quartile levels, the week grid, month labels and ranges."""

from __future__ import annotations

import pendulum
import pytest
from pendulum import Date

from smallwins_tui.domain.heatmap import (
    day_counts,
    heatmap,
    last_weeks,
    levels,
    year_range,
)
from smallwins_tui.domain.models import Win


def d(text: str) -> Date:
    """A date from YYYY-MM-DD."""
    return Date.fromisoformat(text)


def win(day: str, goal_id: str | None = "g", seq: int = 0) -> Win:
    """A win on `day` with a fixed id."""
    at = pendulum.datetime(2026, 1, 1, tz="UTC")
    return Win(id=f"{day}-{goal_id}-{seq}", at=at, day=d(day), goal_id=goal_id)


def test_day_counts_filters_by_range_and_goal() -> None:
    wins = [win("2026-03-01"), win("2026-03-02"), win("2026-03-02", "h"), win("2026-03-09")]
    assert day_counts(wins, d("2026-03-02"), d("2026-03-08")) == {d("2026-03-02"): 2}
    assert day_counts(wins, d("2026-03-01"), d("2026-03-09"), goal_id="h") == {d("2026-03-02"): 1}
    assert day_counts([], d("2026-03-01"), d("2026-03-09")) == {}


def test_levels_spread_over_the_quartiles() -> None:
    counts = {d("2026-03-01"): 1, d("2026-03-02"): 2, d("2026-03-03"): 3, d("2026-03-04"): 4}
    assert list(levels(counts).values()) == [1, 2, 3, 4]


def test_no_wins_is_level_zero_and_equal_days_are_level_one() -> None:
    counts = {d("2026-03-01"): 0, d("2026-03-02"): 5, d("2026-03-03"): 5}
    assert levels(counts) == {d("2026-03-01"): 0, d("2026-03-02"): 1, d("2026-03-03"): 1}
    assert levels({}) == {}
    assert levels({d("2026-03-01"): 0}) == {d("2026-03-01"): 0}


def test_an_outlier_stands_out_without_flattening_the_rest() -> None:
    counts = {d("2026-03-01").add(days=i): c for i, c in enumerate([1, 1, 1, 2, 2, 3, 30])}
    # Quartiles 1, 2 and 2.5: one huge day does not push everyone else down to level 1.
    assert list(levels(counts).values()) == [1, 1, 1, 2, 2, 4, 4]


def test_week_grid_has_seven_rows_from_the_week_start() -> None:
    # Wednesday 4 March to Tuesday 10 March 2026, Monday-first.
    data = heatmap([], d("2026-03-04"), d("2026-03-10"), d("2026-03-10"))
    assert data.weeks == (
        (None, None, d("2026-03-04"), d("2026-03-05"), d("2026-03-06"), d("2026-03-07"),
         d("2026-03-08")),
        (d("2026-03-09"), d("2026-03-10"), None, None, None, None, None),
    )  # fmt: skip
    sunday_first = heatmap([], d("2026-03-04"), d("2026-03-10"), d("2026-03-10"), week_start=6)
    assert sunday_first.weeks[0][0] is None and sunday_first.weeks[0][3] == d("2026-03-04")
    assert [week[0] for week in sunday_first.weeks] == [None, d("2026-03-08")]


def test_month_labels_sit_where_each_month_first_appears() -> None:
    data = heatmap([], d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
    # 1 Jan is a Thursday; 1 Feb and 1 Mar are Sundays, the last row of their columns.
    assert data.month_labels == ((0, "Jan"), (4, "Feb"), (8, "Mar"))
    assert data.weeks[4][6] == d("2026-02-01")


def test_two_months_in_the_first_column_keep_the_later_label() -> None:
    data = heatmap([], d("2026-01-30"), d("2026-02-28"), d("2026-02-28"))
    assert data.month_labels[0] == (0, "Feb")


def test_heatmap_counts_levels_and_lookups() -> None:
    wins = [win("2026-03-02"), win("2026-03-02", seq=1), win("2026-03-03"), win("2026-03-03", "h")]
    data = heatmap(wins, d("2026-03-01"), d("2026-03-08"), d("2026-03-08"), goal_id="g")
    assert data.count_of(d("2026-03-02")) == 2
    assert data.count_of(d("2026-03-03")) == 1
    assert data.count_of(d("2026-03-04")) == 0
    assert data.level_of(d("2026-03-02")) == 4
    assert data.level_of(d("2026-03-03")) == 1
    assert data.level_of(d("2026-03-04")) == 0


def test_heatmap_refuses_a_backwards_range() -> None:
    with pytest.raises(ValueError):
        heatmap([], d("2026-03-02"), d("2026-03-01"), d("2026-03-02"))


@pytest.mark.parametrize(
    ("week_start", "expected_start"),
    [(0, "2026-02-09"), (6, "2026-02-08")],
)
def test_last_weeks(week_start: int, expected_start: str) -> None:
    wednesday = d("2026-03-04")
    start, end = last_weeks(wednesday, 4, week_start)
    assert (start, end) == (d(expected_start), wednesday)
    assert start.weekday() == week_start
    grid = heatmap([], start, end, end, week_start=week_start)
    assert len(grid.weeks) == 4
    assert None not in grid.weeks[0]


def test_last_weeks_of_one_week_starts_this_week() -> None:
    assert last_weeks(d("2026-03-02"), 1) == (d("2026-03-02"), d("2026-03-02"))
    with pytest.raises(ValueError):
        last_weeks(d("2026-03-02"), 0)


def test_year_range() -> None:
    assert year_range(2028) == (d("2028-01-01"), d("2028-12-31"))
    data = heatmap([], *year_range(2028), d("2028-06-01"))
    assert sum(day is not None for week in data.weeks for day in week) == 366
    assert [name for _, name in data.month_labels][-1] == "Dec"
    assert len(data.month_labels) == 12
