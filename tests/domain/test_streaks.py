"""Streaks and setbacks: never miss twice, rest days, pauses, per-week goals, comebacks."""

from __future__ import annotations

from dataclasses import replace

import pendulum
import pytest
from domain_builders import day, make_goal, pattern, snap, win

from smallwins_tui.domain.models import Day, GoalKind, Schedule
from smallwins_tui.domain.rules import (
    DayState,
    comebacks,
    day_amount,
    day_state,
    due_goals,
    goal_streak,
    is_comeback,
    overall_streak,
    overall_streak_settled,
)


def daily_streak(text: str, today: int, **kw: object) -> tuple[int, int, bool]:
    """(current, best, fresh_start) of a daily goal with the wins of `text`."""
    goal = make_goal()
    streak = goal_streak(goal, snap((goal,), pattern(text), **kw), day(today))  # type: ignore[arg-type]
    assert streak.unit == "day"
    return streak.current, streak.best, streak.fresh_start


# --- daily streaks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("xxxx", 3, (4, 4, False)),
        ("xxx", 3, (3, 3, False)),  # today is open, not a miss
        ("xx.x", 3, (3, 3, False)),  # one miss does not break
        ("xx.", 3, (2, 2, False)),  # one miss and today open: still alive
        ("x.x.x.x", 6, (4, 4, False)),  # never miss twice, however often
        ("xx..", 4, (0, 2, True)),  # two misses in a row break: fresh start
        ("xx..x", 4, (1, 2, False)),  # the comeback starts a new run
        ("xxxxx..xx", 8, (2, 5, False)),  # best remembers the longest run
        ("", 0, (0, 0, False)),  # a new goal
        ("....", 4, (0, 0, False)),  # never done: no "fresh start" to speak of
    ],
)
def test_daily_streak(text: str, today: int, expected: tuple[int, int, bool]) -> None:
    assert daily_streak(text, today) == expected


def test_rest_days_neither_break_nor_extend() -> None:
    assert daily_streak("xx..x", 4, rest=(2, 3)) == (3, 3, False)
    assert daily_streak("xx...x", 5, rest=(2, 3)) == (3, 3, False)  # one real miss only


def test_a_goal_rest_day_rests_only_that_goal() -> None:
    goal, other = make_goal(), make_goal("o")
    rest = (Day(day(2), rest_goals=frozenset({"g"})), Day(day(3), rest_goals=frozenset({"g"})))
    snapshot = replace(snap((goal, other), pattern("xx..x")), days=rest)
    assert goal_streak(goal, snapshot, day(4)).current == 3
    assert day_state(goal, day(2), snapshot, day(4)) is DayState.REST
    assert day_state(other, day(2), snapshot, day(4)) is DayState.MISSED


def test_pauses_skip_days() -> None:
    assert daily_streak("xx" + "." * 10 + "x", 12, pauses=((2, 11),)) == (3, 3, False)


def test_two_misses_with_a_rest_day_between_still_break() -> None:
    assert daily_streak("x...x", 4, rest=(2,)) == (1, 1, False)


def test_weekday_schedule_skips_days_off() -> None:
    goal = make_goal(schedule=Schedule.parse_days("mon,wed,fri"))
    snapshot = snap((goal,), pattern("x.x.x..x"))
    assert goal_streak(goal, snapshot, day(7)).current == 4
    assert day_state(goal, day(1), snapshot, day(7)) is DayState.OFF
    # Missing Wednesday alone keeps the streak; missing Wednesday and Friday breaks it.
    assert goal_streak(goal, snap((goal,), pattern("x...x..x")), day(7)).current == 3
    broken = goal_streak(goal, snap((goal,), pattern("x......")), day(7))
    assert (broken.current, broken.fresh_start) == (0, True)


def test_a_win_on_a_rest_day_still_counts() -> None:
    assert daily_streak("xxx", 3, rest=(1,)) == (3, 3, False)


def test_day_states() -> None:
    goal = make_goal(created=2)
    snapshot = snap((goal,), pattern("..x..x"), rest=(4,))
    states = [day_state(goal, day(n), snapshot, day(6)) for n in range(8)]
    assert states == [
        DayState.BEFORE,
        DayState.BEFORE,
        DayState.DONE,
        DayState.MISSED,
        DayState.REST,
        DayState.DONE,
        DayState.OPEN,
        DayState.OPEN,
    ]


def test_back_dated_wins_move_the_first_day_earlier() -> None:
    goal = make_goal(created=5)
    snapshot = snap((goal,), (win(1),))
    assert day_state(goal, day(0), snapshot, day(6)) is DayState.BEFORE
    assert day_state(goal, day(1), snapshot, day(6)) is DayState.DONE
    assert day_state(goal, day(2), snapshot, day(6)) is DayState.MISSED


def test_a_goal_made_tonight_west_of_utc_is_due_today() -> None:
    # Created 22:00 in New York on day 3: already day 4 in UTC.
    created = pendulum.datetime(2026, 3, 5, 22, tz="America/New_York").in_timezone("UTC")
    goal = replace(make_goal(), created=created, updated=created)
    assert day_state(goal, day(3), snap((goal,)), day(3)) is DayState.OPEN
    assert due_goals(snap((goal,)), day(3)) == (goal,)


def test_count_goals_are_done_at_the_daily_target() -> None:
    goal = make_goal(kind=GoalKind.COUNT, target=200.0, unit="words")
    wins = (win(0, amount=120), win(0, amount=80, seq=1), win(1, amount=150), win(2, seq=1))
    snapshot = snap((goal,), wins)
    assert day_amount(goal, day(0), snapshot) == 200
    assert day_amount(goal, day(2), snapshot) == 0  # no amount counts as 0
    assert [day_state(goal, day(n), snapshot, day(3)) for n in range(3)] == [
        DayState.DONE,
        DayState.MISSED,
        DayState.MISSED,
    ]


def test_check_goal_day_amount_counts_wins() -> None:
    goal = make_goal()
    snapshot = snap((goal,), (win(0), win(0, seq=1)))
    assert day_amount(goal, day(0), snapshot) == 2


# --- per-week goals ---------------------------------------------------------------------------


def weekly(text: str, today: int, n: int = 3, **kw: object) -> tuple[int, int, bool]:
    """(current, best, fresh_start) of an N-times-a-week goal."""
    goal = make_goal(schedule=Schedule.times_per_week(n))
    streak = goal_streak(goal, snap((goal,), pattern(text), **kw), day(today))  # type: ignore[arg-type]
    assert streak.unit == "week"
    return streak.current, streak.best, streak.fresh_start


W_OK = "x.x.x.."
W_FAIL = "x.x...."
W_NONE = "......."


def test_weeks_that_reach_n_count() -> None:
    assert weekly(W_OK + ".x.x.x.", 14) == (2, 2, False)


def test_the_current_week_counts_once_met_and_is_open_until_then() -> None:
    assert weekly(W_OK + W_OK + "x.", 15) == (2, 2, False)
    assert weekly(W_OK + W_OK + "x.x.x", 18) == (3, 3, False)
    assert weekly(W_OK + W_OK + "x.x.x", 20) == (3, 3, False)


def test_one_failed_week_survives_two_break() -> None:
    assert weekly(W_OK + W_FAIL + W_OK, 21) == (2, 2, False)
    assert weekly(W_OK + W_FAIL + W_NONE, 21) == (0, 1, True)
    assert weekly(W_OK + W_FAIL + W_NONE + "x", 21) == (0, 1, False)  # a win this week
    assert weekly(W_OK + W_FAIL + W_NONE + W_OK, 28) == (1, 1, False)


def test_rest_weeks_are_skipped() -> None:
    assert weekly(W_OK + W_NONE + W_OK, 21, pauses=((7, 13),)) == (2, 2, False)
    # Five rest days leave two: both done is enough that week.
    assert weekly(W_OK + ".....xx" + W_OK, 21, rest=(7, 8, 9, 10, 11)) == (3, 3, False)
    assert weekly(W_OK + ".....x." + W_OK, 21, rest=(7, 8, 9, 10, 11)) == (2, 2, False)


def test_weeks_follow_the_week_start_setting() -> None:
    # Sunday-first weeks: day 6 (Sunday) opens a new week.
    assert weekly("x.x...x.x.x", 11, n=2, week_start=6) == (2, 2, False)
    assert weekly("x.x...x.x.x", 11, n=2, week_start=0) == (2, 2, False)
    # Days 6 and 7 make a whole Sunday-first week, but split two Monday-first weeks.
    assert weekly("......xx", 8, n=2, week_start=6) == (1, 1, False)
    assert weekly("......xx", 8, n=2, week_start=0) == (0, 0, False)


def test_per_week_day_states() -> None:
    goal = make_goal(schedule=Schedule.times_per_week(3))
    snapshot = snap((goal,), pattern(W_OK + W_FAIL + "x.x.x"))
    state = [day_state(goal, day(n), snapshot, day(19)) for n in range(21)]
    assert state[1] is DayState.OFF  # a day a successful week did not need
    assert state[8] is DayState.MISSED  # a failed week's undone days
    assert state[14] is DayState.DONE
    assert state[15] is DayState.OFF  # this week, not needed
    assert state[19] is DayState.OFF  # met before today: not due
    assert state[20] is DayState.OPEN  # later
    assert day_state(goal, day(17), snapshot, day(17)) is DayState.OPEN  # two of three so far
    assert day_state(goal, day(15), snapshot, day(17)) is DayState.OFF


# --- comebacks --------------------------------------------------------------------------------


def test_is_comeback_after_two_misses() -> None:
    goal = make_goal()
    snapshot = snap((goal,), pattern("xx..x.x"))
    assert is_comeback(snapshot, day(4), "g")
    assert not is_comeback(snapshot, day(6), "g")  # one miss is no break
    assert not is_comeback(snapshot, day(0), "g")  # the first win ever
    assert not is_comeback(snapshot, day(5), "g")  # nothing done that day
    assert not is_comeback(snapshot, day(4), "missing")


def test_overall_comebacks_count_free_standing_wins() -> None:
    snapshot = snap((), pattern("x..x...x.x", goal_id=None))
    assert is_comeback(snapshot, day(3))
    assert is_comeback(snapshot, day(7))
    assert not is_comeback(snapshot, day(9))
    assert comebacks(snapshot, day(9)) == 2


def test_rest_days_do_not_make_comebacks() -> None:
    snapshot = snap((make_goal(),), pattern("x..x"), rest=(1, 2))
    assert not is_comeback(snapshot, day(3), "g")
    assert comebacks(snapshot, day(3), "g") == 0


def test_per_week_comeback_is_the_first_win_after_two_failed_weeks() -> None:
    goal = make_goal(schedule=Schedule.times_per_week(3))
    snapshot = snap((goal,), pattern(W_OK + W_NONE + W_NONE + ".x.x"))
    assert is_comeback(snapshot, day(22), "g")
    assert not is_comeback(snapshot, day(24), "g")
    assert comebacks(snapshot, day(24), "g") == 1


# --- overall ----------------------------------------------------------------------------------


def test_overall_streak_counts_any_win_and_skips_rest_days() -> None:
    goal = make_goal()
    wins = (*pattern("xx", "g"), *pattern("...x.x", None))
    snapshot = snap((goal,), wins, rest=(2,))
    streak = overall_streak(snapshot, day(6))
    assert (streak.current, streak.best, streak.unit) == (4, 4, "day")
    assert streak.last_done == day(5)
    assert overall_streak(snap((), ()), day(0)).current == 0


@pytest.mark.parametrize(
    ("days", "settled"),
    [
        ("xx..xxx", True),  # the run broke (two misses), then began again: known whole
        ("xxxxxxx", False),  # never broke: it may have begun before these days
        ("x.x.x.x", False),  # single misses do not break a run
        (".......", False),  # no win: perhaps a fresh start after older wins
    ],
)
def test_a_recent_streak_is_settled_once_it_broke_within_the_days_held(
    days: str, settled: bool
) -> None:
    assert overall_streak_settled(snap((), pattern(days, None)), day(6)) is settled
