"""Completion rates, habit strength, cumulative progress, milestones and the stats bundles."""

from __future__ import annotations

import math

import pendulum
import pytest
from domain_builders import day, make_goal, pattern, snap, win

from smallwins_tui.domain import rules
from smallwins_tui.domain.models import GoalKind, Milestone, Schedule
from smallwins_tui.domain.rules import (
    DayState,
    GoalGlance,
    completion_rate,
    cumulative,
    due_goals,
    goal_glance,
    goal_stats,
    milestones,
    overall_stats,
    progress,
    strength,
)

M = 0.5 ** (1 / 13)
"""The daily strength multiplier."""


# --- completion rate --------------------------------------------------------------------------


def test_completion_rate_over_due_days() -> None:
    goal = make_goal()
    snapshot = snap((goal,), pattern("xx.xxx.x"), rest=(6,))
    # Days 1..7 with today (7) done: 6 due, day 2 missed.
    assert completion_rate(goal, snapshot, day(7), 7) == pytest.approx(5 / 6)
    # Today open does not count against the rate.
    assert completion_rate(goal, snapshot, day(8), 7) == pytest.approx(4 / 5)


def test_completion_rate_is_none_when_nothing_was_due() -> None:
    goal = make_goal(created=5)
    assert completion_rate(goal, snap((goal,)), day(5), 7) is None


def test_completion_rate_skips_days_off() -> None:
    goal = make_goal(schedule=Schedule.parse_days("mon-fri"))
    snapshot = snap((goal,), pattern("xxxx.."))
    assert completion_rate(goal, snapshot, day(6), 7) == pytest.approx(4 / 5)


def test_per_week_completion_rate() -> None:
    goal = make_goal(schedule=Schedule.times_per_week(3))
    assert completion_rate(goal, snap((goal,), pattern("x.x...x")), day(6), 7) == 1.0
    rate = completion_rate(goal, snap((goal,), pattern("x.x....")), day(6), 7)
    assert rate == pytest.approx(2 / (3 * 6 / 7))  # today open: six due days


# --- strength ---------------------------------------------------------------------------------


def score(text: str, today: int, **kw: object) -> float:
    """The strength score of a daily goal."""
    goal = make_goal()
    return strength(goal, snap((goal,), pattern(text), **kw), day(today)).score  # type: ignore[arg-type]


def test_strength_follows_the_formula() -> None:
    assert score("x", 0) == pytest.approx(100 * (1 - M))
    assert score("xxxxx", 4) == pytest.approx(100 * (1 - M**5))
    assert score("", 0) == 0


def test_strength_rises_with_each_completion() -> None:
    scores = [score("x" * n, n - 1) for n in range(1, 30)]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    assert scores[12] == pytest.approx(50, abs=1)  # half way after 13 days


def test_strength_decays_gently_with_a_miss() -> None:
    before = score("x" * 20, 20)
    after = score("x" * 20 + ".", 21)
    assert 0 < after < before
    assert after == pytest.approx(before * M)


def test_strength_ignores_rest_days() -> None:
    assert score("xxxxx", 5) == score("xxxxx", 8, rest=(5, 6, 7))
    assert score("xxxxx", 8, pauses=((5, 7),)) == score("xxxxx", 5)


def test_if_checked_in_says_what_today_adds() -> None:
    goal = make_goal()
    open_today = strength(goal, snap((goal,), pattern("xxxx")), day(4))
    done_today = strength(goal, snap((goal,), pattern("xxxxx")), day(4))
    assert not open_today.checked_in_today
    assert open_today.if_checked_in > open_today.score
    assert open_today.if_checked_in == pytest.approx(done_today.score)
    assert done_today.checked_in_today
    assert done_today.gain == 0


def test_count_goals_get_partial_credit() -> None:
    goal = make_goal(kind=GoalKind.COUNT, target=200.0)
    half = strength(goal, snap((goal,), (win(0, amount=100),)), day(0))
    assert half.score == pytest.approx(100 * 0.5 * (1 - M))
    assert not half.checked_in_today
    assert half.if_checked_in == pytest.approx(100 * (1 - M))


def test_per_week_strength_uses_the_weekly_frequency() -> None:
    goal = make_goal(schedule=Schedule.times_per_week(7))
    every_day = strength(goal, snap((goal,), pattern("xxx")), day(2)).score
    m = 0.5 ** (math.sqrt(1.0) / 13)
    assert every_day == pytest.approx(100 * ((1 - m) * (1 / 7 * m * m + 2 / 7 * m + 3 / 7)))
    three = make_goal(schedule=Schedule.times_per_week(3))
    behind = strength(three, snap((three,), pattern("x.x.x..x")), day(12))
    assert 0 < behind.score < behind.if_checked_in
    # With the week's three already done, one more check-in changes nothing.
    met = strength(three, snap((three,), pattern("x.x.x..x.x.x")), day(12))
    assert 0 < met.score == met.if_checked_in


# --- cumulative and milestones ----------------------------------------------------------------


def test_cumulative_and_milestones_of_a_count_goal() -> None:
    goal = make_goal(
        kind=GoalKind.COUNT,
        target=100.0,
        unit="words",
        total=1000.0,
        milestones=(Milestone("m1", "Chapter one", pendulum.date(2026, 3, 3)),),
    )
    snapshot = snap((goal,), tuple(win(n, amount=100) for n in range(8)))
    assert cumulative(goal, snapshot) == 800
    assert progress(goal, snapshot) == pytest.approx(0.8)
    found = milestones(goal, snapshot)
    assert [m.title for m in found] == [
        "10 % · 100 words",
        "25 % · 250 words",
        "50 % · 500 words",
        "75 % · 750 words",
        "100 % · 1,000 words",
        "Chapter one",
    ]
    assert [m.reached_on for m in found] == [
        day(0),
        day(2),
        day(4),
        day(7),
        None,
        pendulum.date(2026, 3, 3),
    ]
    assert [m.derived for m in found] == [True] * 5 + [False]
    assert found[-1].threshold is None


def test_check_goal_milestones_count_done_days() -> None:
    goal = make_goal(total=10.0)
    snapshot = snap((goal,), (*pattern("x.xx"), win(3, seq=1)))
    assert cumulative(goal, snapshot) == 3
    assert milestones(goal, snapshot)[1].title == "25 % · 2.5 days"
    assert milestones(goal, snapshot)[1].reached_on == day(3)


def test_progress_is_capped_and_none_without_a_target() -> None:
    goal = make_goal(total=2.0)
    assert progress(goal, snap((goal,), pattern("xxx"))) == 1.0
    assert progress(make_goal(), snap((goal,), pattern("xxx"))) is None
    assert milestones(make_goal(), snap()) == ()


# --- stats ------------------------------------------------------------------------------------


def test_goal_stats_gathers_everything() -> None:
    goal = make_goal(kind=GoalKind.COUNT, target=2.0, total=20.0)
    wins = (*(win(n, amount=2) for n in (0, 1, 4)), win(5, amount=1))
    stats = goal_stats(goal, snap((goal,), wins), day(5))
    assert stats.streak.current == 1
    assert stats.total_wins == 4
    assert stats.cumulative == 7
    assert stats.comebacks == 1
    assert stats.today_state is DayState.OPEN
    assert stats.today_amount == 1
    assert stats.rate_7 == pytest.approx(3 / 5)
    assert stats.progress == pytest.approx(0.35)
    assert 0 < stats.strength.score < stats.strength.if_checked_in


def test_a_glance_is_what_the_full_statistics_say_without_the_strength_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    goal = make_goal(kind=GoalKind.COUNT, target=2.0, total=20.0)
    wins = (*(win(n, amount=2) for n in (0, 1, 4)), win(5, amount=1))
    snapshot = snap((goal,), wins)
    walks: list[str] = []
    strength = rules._strength
    monkeypatch.setattr(rules, "_strength", lambda g, t: walks.append(g.goal.id) or strength(g, t))
    glance = goal_glance(goal, snapshot, day(5))
    assert walks == []  # ten years of days for each goal in a list: only its detail needs it
    stats = goal_stats(goal, snapshot, day(5))
    assert walks == [goal.id]
    assert glance == GoalGlance(goal, stats.streak, stats.progress, stats.today_state)
    assert (glance.streak.current, glance.progress, glance.today_state) == (
        1,
        pytest.approx(0.35),
        DayState.OPEN,
    )


def test_overall_stats_and_due_goals() -> None:
    daily = make_goal("a", position=0)
    weekdays = make_goal("b", position=1, schedule=Schedule.parse_days("mon-fri"))
    weekly_met = make_goal("c", position=2, schedule=Schedule.times_per_week(2))
    weekly_open = make_goal("d", position=3, schedule=Schedule.times_per_week(2))
    archived = make_goal("e", position=4, archived=True)
    micro = make_goal("f", parent_id="a")
    wins = (*pattern("xxxxxx", "a"), *pattern("xx", "c"), *pattern("x", "d"), win(5, None))
    snapshot = snap((daily, weekdays, weekly_met, weekly_open, archived, micro), wins)
    saturday = day(5)
    assert due_goals(snapshot, saturday) == (daily, micro, weekly_open)
    stats = overall_stats(snapshot, saturday)
    assert (stats.due_today, stats.done_today) == (3, 1)
    assert stats.total_wins == 10
    assert stats.wins_today == 2
    assert stats.first_day == day(0)
    assert stats.streak.current == 6
    assert stats.rate_7 == 1.0
    assert overall_stats(snap(), saturday).first_day is None


def test_overall_rate_skips_rest_days_and_an_open_today() -> None:
    stats = overall_stats(snap((), pattern("x.xx", None), rest=(1,)), day(4))
    assert stats.rate_7 == 1.0
    stats = overall_stats(snap((), pattern("x.xx", None)), day(4))
    assert stats.rate_7 == pytest.approx(3 / 4)


def test_a_milestone_of_exactly_one_reads_in_the_singular() -> None:
    goal = make_goal(kind=GoalKind.COUNT, target=1.0, unit="glasses", total=10.0)
    titles = [m.title for m in milestones(goal, snap((goal,), ()))]
    assert titles[:2] == ["10 % · 1 glass", "25 % · 2.5 glasses"]
    days = make_goal(total=10.0)
    assert milestones(days, snap((days,), ()))[0].title == "10 % · 1 day"
