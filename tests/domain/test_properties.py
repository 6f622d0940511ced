"""Properties that must hold for any zone, any history and any range (hypothesis)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st
from pendulum import Date, DateTime

from smallwins_tui.domain.clock import day_start_instant, days_between, local_day
from smallwins_tui.domain.heatmap import heatmap, levels
from smallwins_tui.domain.models import Day, Goal, GoalKind, Schedule, Settings, Snapshot, Win
from smallwins_tui.domain.rules import (
    comebacks,
    goal_streak,
    overall_streak,
    strength,
)

PROPERTY = settings(max_examples=200, deadline=None)

ZONES = (
    "UTC",
    "America/New_York",
    "America/Santiago",
    "America/Sao_Paulo",
    "Europe/Berlin",
    "Europe/Dublin",  # negative DST in the tz database
    "Africa/Casablanca",  # clocks go back for Ramadan
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tehran",
    "Australia/Lord_Howe",  # 30-minute DST
    "Pacific/Chatham",  # 45-minute offsets, changes at 02:45 / 03:45
    "Antarctica/Troll",  # two-hour DST
    "Pacific/Apia",  # skipped 30 December 2011
    "Pacific/Kiritimati",
)


def _transitions(zone: str) -> list[dt.datetime]:
    # Offset changes from 2010 to 2030, found by stepping six hours at a time.
    info, found = zoneinfo.ZoneInfo(zone), []
    t = dt.datetime(2010, 1, 1, tzinfo=dt.UTC)
    previous = t.astimezone(info).utcoffset()
    while t.year < 2031:
        t += dt.timedelta(hours=6)
        offset = t.astimezone(info).utcoffset()
        if offset != previous:
            found.append(t)
        previous = offset
    return found or [dt.datetime(2020, 6, 1, tzinfo=dt.UTC)]


TRANSITIONS = {zone: _transitions(zone) for zone in ZONES}


@st.composite
def moments(draw: st.DrawFn) -> tuple[str, DateTime, int]:
    """A zone, an instant and a day-start hour, often right where the clocks change."""
    zone = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):
        change = pendulum.instance(draw(st.sampled_from(TRANSITIONS[zone])))
        # Trouble hides where the day-start hour meets a clock change, so aim there.
        before, after = change.subtract(seconds=1).in_timezone(zone), change.in_timezone(zone)
        hour = draw(st.sampled_from(sorted({h % 24 for h in (before.hour, after.hour + 1)})))
        return zone, change.add(seconds=draw(st.integers(-3 * 3600, 3 * 3600))), hour
    seconds = draw(st.integers(0, 40 * 365 * 86400))
    instant = pendulum.datetime(2000, 1, 1, tz="UTC").add(seconds=seconds)
    return zone, instant, draw(st.integers(0, 23))


@PROPERTY
@given(moments())
def test_every_instant_falls_in_exactly_one_local_day(moment: tuple[str, DateTime, int]) -> None:
    zone, instant, hour = moment
    day = local_day(instant, hour, zone)
    assert day_start_instant(day, hour, zone) <= instant
    assert instant < day_start_instant(day.add(days=1), hour, zone)


@PROPERTY
@given(moments(), st.integers(1, 3 * 3600))
def test_later_instants_never_map_to_earlier_days(
    moment: tuple[str, DateTime, int], seconds: int
) -> None:
    zone, instant, hour = moment
    later = instant.add(seconds=seconds)
    assert local_day(instant, hour, zone) <= local_day(later, hour, zone)


START = pendulum.date(2026, 1, 5)

schedules = st.one_of(
    st.just(Schedule.daily()),
    st.frozensets(st.integers(0, 6), min_size=1).map(Schedule.on_days),
    st.integers(1, 7).map(Schedule.times_per_week),
)
histories = st.lists(st.sampled_from("x..R"), max_size=70)
"""Per day from START: x a win, . nothing, R a whole-day rest."""


def _snapshot(history: list[str], schedule: Schedule, count: bool, week_start: int) -> Snapshot:
    created = pendulum.datetime(2026, 1, 5, 12, tz="UTC")
    goal = Goal(
        "g",
        "Goal",
        created,
        created,
        kind=GoalKind.COUNT if count else GoalKind.CHECK,
        target=2.0 if count else None,
        schedule=schedule,
    )
    wins = tuple(
        Win(f"w{n}", created, START.add(days=n), "g", amount=float(n % 3) if count else None)
        for n, mark in enumerate(history)
        if mark == "x"
    )
    days = tuple(Day(START.add(days=n), rest=True) for n, mark in enumerate(history) if mark == "R")
    return Snapshot((goal,), wins, days, settings=Settings(week_start=week_start))


def _done_days(snapshot: Snapshot, count: bool) -> int:
    if not count:
        return len({w.day for w in snapshot.wins})
    return sum(1 for w in snapshot.wins if (w.amount or 0) >= 2)


@PROPERTY
@given(histories, schedules, st.booleans(), st.integers(0, 6), st.integers(0, 80))
def test_streaks_stay_within_bounds(
    history: list[str], schedule: Schedule, count: bool, week_start: int, today_n: int
) -> None:
    snapshot = _snapshot(history, schedule, count, week_start)
    goal, today = snapshot.goals[0], START.add(days=today_n)
    visible = Snapshot(snapshot.goals, tuple(w for w in snapshot.wins if w.day <= today))
    streak = goal_streak(goal, snapshot, today)
    assert 0 <= streak.current <= streak.best <= _done_days(visible, count)
    assert not (streak.fresh_start and streak.current)
    overall = overall_streak(snapshot, today)
    assert 0 <= overall.current <= overall.best <= len({w.day for w in visible.wins})
    assert comebacks(snapshot, today, "g") <= _done_days(visible, count)


@PROPERTY
@given(histories, schedules, st.booleans(), st.integers(0, 80))
def test_strength_stays_between_0_and_100(
    history: list[str], schedule: Schedule, count: bool, today_n: int
) -> None:
    snapshot = _snapshot(history, schedule, count, 0)
    result = strength(snapshot.goals[0], snapshot, START.add(days=today_n))
    assert 0 <= result.score <= result.if_checked_in + 1e-9 <= 100 + 1e-9


@PROPERTY
@given(st.lists(st.integers(0, 50), max_size=60))
def test_levels_are_monotonic_in_counts(values: list[int]) -> None:
    counts = {START.add(days=n): c for n, c in enumerate(values)}
    result = levels(counts)
    for a in counts:
        assert (result[a] == 0) == (counts[a] == 0)
        assert 0 <= result[a] <= 4
        for b in counts:
            if counts[a] <= counts[b]:
                assert result[a] <= result[b]


@PROPERTY
@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
    st.integers(0, 800),
    st.integers(0, 6),
)
def test_heatmap_weeks_hold_every_date_once(first: dt.date, length: int, week_start: int) -> None:
    start = pendulum.date(first.year, first.month, first.day)
    end = start.add(days=length)
    data = heatmap([], start, end, end, week_start=week_start)
    assert all(len(week) == 7 for week in data.weeks)
    assert data.weeks[0][(start.weekday() - week_start) % 7] == start
    cells: list[Date] = [day for week in data.weeks for day in week if day is not None]
    assert cells == list(days_between(start, end))
    columns = [i for i, _ in data.month_labels]
    assert columns == sorted(set(columns))
