"""What the day index tells about the whole journal: first days, win counts, first year."""

from __future__ import annotations

import dataclasses
import weakref

import pendulum
import pytest
from domain_builders import day, make_goal, snap, win
from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins_tui.domain.commands import edit_goal
from smallwins_tui.domain.days import (
    busiest_days,
    days_with_wins,
    first_days,
    first_year,
    goal_win_count,
)
from smallwins_tui.domain.models import Day, SnapshotDelta, ValidationError

GOALS = (make_goal("a"), make_goal("b"), make_goal("c"))


def test_each_goal_s_first_day_and_win_count() -> None:
    snapshot = snap(
        GOALS, (win(5, "a"), win(2, "a"), win(9, "b"), win(1, None), win(2, "a", seq=1))
    )

    assert first_days(snapshot) == {
        "a": day(2),
        "b": day(9),
    }  # "c" has none; a free win is no goal's
    assert [goal_win_count(snapshot, g) for g in ("a", "b", "c")] == [3, 1, 0]
    assert days_with_wins(snapshot) == 4


def test_the_busiest_days_come_first_the_later_of_a_tie_before() -> None:
    snapshot = snap(
        GOALS,
        (
            *(win(5, "a"), win(5, "b", seq=1), win(5, None, seq=2)),
            *(win(2, "a"), win(2, "a", seq=1)),
            *(win(n, "b") for n in (7, 8)),
        ),
    )

    assert busiest_days(snapshot, 2) == [day(5), day(2)]
    assert busiest_days(snapshot, 4) == [day(5), day(2), day(8), day(7)]
    assert busiest_days(snapshot, 2, goal_id="b") == [day(8), day(7)]
    assert busiest_days(snapshot, 3, goal_id="c") == []
    assert busiest_days(snap(GOALS), 3) == []


def test_only_a_goal_without_wins_may_swap_its_kind() -> None:
    snapshot = snap(GOALS, (win(5, "a"),))
    now = pendulum.datetime(2026, 4, 1, tz="UTC")

    with pytest.raises(ValidationError, match="already has wins"):
        edit_goal(snapshot, GOALS[0], now=now, target=200.0)
    assert edit_goal(snapshot, GOALS[1], now=now, target=200.0).is_count


def test_the_first_year_counts_notes_as_well_as_wins() -> None:
    old_note = Day(day(0).subtract(years=2), note="started a journal")
    snapshot = dataclasses.replace(snap(GOALS, (win(3, "a"),)), days=(old_note,))

    assert first_year(snapshot) == day(0).year - 2
    assert first_year(snap(GOALS, (win(3, "a"),))) == day(3).year
    assert first_year(snap(GOALS)) is None


def test_a_back_dated_win_moves_the_first_day_of_a_derived_index() -> None:
    before = snap(GOALS, (win(5, "a"),))
    assert first_days(before) == {"a": day(5)}
    early = win(1, "a")
    after = dataclasses.replace(
        before,
        wins=(*before.wins, early),
        delta=SnapshotDelta(weakref.ref(before), added_wins=(early,)),
    )

    assert first_days(after) == {"a": day(1)} and goal_win_count(after, "a") == 2


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 800), st.sampled_from(["a", "b", None])), max_size=30))
def test_the_index_answers_what_a_scan_of_the_wins_gives(
    specs: list[tuple[int, str | None]],
) -> None:
    wins = tuple(win(n, goal, seq=i) for i, (n, goal) in enumerate(specs))
    snapshot = snap(GOALS, wins)

    scanned: dict[str, object] = {}
    for w in wins:
        if w.goal_id is not None:
            scanned[w.goal_id] = min(w.day, scanned.get(w.goal_id, w.day))  # type: ignore[type-var]
    assert first_days(snapshot) == scanned
    for goal in ("a", "b", "c"):
        assert goal_win_count(snapshot, goal) == sum(w.goal_id == goal for w in wins)
    assert first_year(snapshot) == min((w.day.year for w in wins), default=None)
    assert days_with_wins(snapshot) == len({w.day for w in wins})
    for goal_id in (None, "a"):
        counts: dict[object, int] = {}
        for w in wins:
            if goal_id is None or w.goal_id == goal_id:
                counts[w.day] = counts.get(w.day, 0) + 1
        ranked = sorted(counts, key=lambda d: (counts[d], d), reverse=True)
        assert busiest_days(snapshot, 3, goal_id=goal_id) == ranked[:3]
