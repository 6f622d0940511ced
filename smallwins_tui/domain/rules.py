"""Streaks, setbacks, habit strength and milestones, computed from a snapshot and `today`.

A day is *done* for a check goal when it has a win, for a count goal when the day's amounts add
up to the daily target. Rest days and pauses never break anything. A streak survives one missed
scheduled day ("never miss twice") and breaks on the second miss in a row; today is still open
and never a miss. N-times-per-week goals count in weeks: a week succeeds with N done days, or
fewer when rest days leave fewer than N days to do it on.

Habit strength, after Loop Habit Tracker's score. Day by day from the goal's first day:

    m    = 0.5 ** (sqrt(f) / 13)        f = times per day: 1 for daily and weekday goals,
                                          N / 7 for N-times-per-week goals
    v    = 1 on a done day, else 0      count goals: min(1, amount / target), partial credit;
                                          per-week goals: min(1, done days in the last 7 / N)
    S    = S_before * m + v * (1 - m)   S starts at 0 and is shown as 100 * S

Rest days, pauses and weekdays a schedule does not name leave S unchanged (unless done). Today
enters only once something is logged. `Strength.if_checked_in` is S with today fully done, so
the interface can say what today's check-in does: for a daily goal it closes about 5 % of the
gap to 100, and each miss takes about 5 % off, so one miss costs little and 13 misses halve it.

Ten years of days are walked for each goal, so results are kept on the day index (see
`index_cache`) and carried to the next snapshot's: a goal's statistics while nothing it reads
changed, and the walks (streak, strength) over the days before today, which a win today leaves
as they were; the next walk goes on from there, with the same steps and so the same floats.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, replace
from typing import Literal

from pendulum import Date

from .days import DayIndex, DayState, GoalDays, day_amount, day_index, day_state, goal_days
from .index_cache import BY_IDENTITY, EVERY_DAY
from .models import Goal, Snapshot
from .units import amount as amount_text

__all__ = [
    "DayState",
    "GoalStats",
    "MilestoneStatus",
    "OverallStats",
    "Streak",
    "Strength",
    "comebacks",
    "completion_rate",
    "cumulative",
    "day_amount",
    "day_state",
    "due_goals",
    "goal_stats",
    "goal_streak",
    "is_comeback",
    "milestones",
    "overall_stats",
    "overall_streak",
    "overall_streak_settled",
    "progress",
    "strength",
]

MILESTONE_PERCENTS = (10, 25, 50, 75, 100)
"""Where derived milestones sit, in percent of a goal's cumulative target."""


@dataclass
class _Run:
    """Never-miss-twice bookkeeping over periods (days or weeks)."""

    current: int = 0
    best: int = 0
    misses: int = 0
    broken: bool = False
    """The run broke after something was done, and nothing is done since."""
    had_done: bool = False
    comebacks: int = 0
    last_done: int | None = None

    def note_done(self, o: int) -> None:
        """Day `o` was done."""
        if self.broken:
            self.comebacks += 1
            self.broken = False
        self.had_done, self.last_done = True, o

    def succeed(self) -> None:
        """A period succeeded: the run grows."""
        self.current += 1
        self.misses = 0
        self.best = max(self.best, self.current)

    def miss(self) -> None:
        """A period was missed; the second in a row breaks the run."""
        self.misses += 1
        if self.misses >= 2:
            self.current = 0
            self.broken = self.broken or self.had_done


def _walk_values(g: GoalDays) -> tuple[Hashable, ...]:
    # What decides a goal's done, due and weeks besides its wins and rests, which the index
    # tracks by day (compared by value, so that renaming a goal keeps its walks).
    return (g.start, g.target, g.goal.schedule, g.index.week_start)


@dataclass(frozen=True)
class _Resume:
    """A walk stopped before day (or week) `next`, kept to go on from there later."""

    run: _Run
    """Never changed once kept: a walk goes on from a copy."""
    next: int


def _goal_prefix(g: GoalDays, stop: int) -> _Run:
    # The run over the goal's days before `stop`, seen from any later today: for a daily goal
    # every such day is already done or missed, and a per-week goal's weeks before this week
    # (`stop` is then this week's first day) are already met or missed. So it is kept, and the
    # next walk (after a win today, or tomorrow) only goes over the days since.
    index, key, values = g.index, (g.goal.id, "walk"), _walk_values(g)
    kept = index.recall(key, (), values, _Resume)
    if kept is not None and kept.next <= stop:
        run, first = replace(kept.run), kept.next
    else:
        run, first = _Run(), index.week_of(g.start) if g.per_week else g.start
    if g.per_week:
        week = first
        while week < stop:
            _walk_week(g, run, week, week + 6, this_week=False)
            week += 7
        first = max(week, stop)
    else:
        for o in range(first, stop):
            # What `state` says of a day before today, without asking for every state.
            if g.done(o):
                run.note_done(o)
                run.succeed()
            elif not g.resting(o) and g.scheduled(o):
                run.miss()
        first = max(first, stop)
    index.remember(key, (), values, _Resume(replace(run), first), through=stop - 1)
    return run


def _walk_week(g: GoalDays, run: _Run, week: int, last: int, *, this_week: bool) -> None:
    done = [o for o in range(max(week, g.start), last + 1) if g.done(o)]
    for o in done:
        run.note_done(o)
    needed = g.needed(week)
    if done and len(done) >= needed:
        run.succeed()
    elif not this_week and needed > 0:
        run.miss()


def _walk_goal(g: GoalDays, today: int, end: int) -> _Run:
    # `end` < `today` lets is_comeback look at the days before a day without that day's wins.
    if g.per_week:
        this_week = g.index.week_of(today)
        run = _goal_prefix(g, this_week)
        if this_week <= end:
            _walk_week(g, run, this_week, min(this_week + 6, end), this_week=True)
        return run
    run = _goal_prefix(g, min(end, today - 1) + 1)
    if end >= today and g.done(today):  # today is open, never missed
        run.note_done(today)
        run.succeed()
    return run


def _walk_overall(index: DayIndex, today: int, end: int) -> _Run:
    first = index.first_day(None)
    if first is None:
        return _Run()
    # As for a goal: the days before today are settled, so the walk over them is kept.
    stop, key = min(end, today - 1) + 1, (None, "walk")
    kept = index.recall(key, (), (first,), _Resume)
    if kept is not None and kept.next <= stop:
        run, start = replace(kept.run), kept.next
    else:
        run, start = _Run(), first
    for o in range(start, stop):
        if o in index.wins_per_day:
            run.note_done(o)
            run.succeed()
        elif not index.day_off(o):
            run.miss()
    index.remember(key, (), (first,), _Resume(replace(run), max(start, stop)), through=stop - 1)
    if first <= today <= end and today in index.wins_per_day:
        run.note_done(today)
        run.succeed()
    return run


@dataclass(frozen=True)
class Streak:
    """A current and best run of done days (or successful weeks), never-miss-twice."""

    current: int
    best: int
    unit: Literal["day", "week"]
    fresh_start: bool
    """Done before, but the last run broke and nothing is done since: say "fresh start"."""
    last_done: Date | None


def _streak(run: _Run, unit: Literal["day", "week"]) -> Streak:
    last = Date.fromordinal(run.last_done) if run.last_done is not None else None
    return Streak(run.current, run.best, unit, run.broken, last)


def goal_streak(goal: Goal, snapshot: Snapshot, today: Date) -> Streak:
    """The goal's current and best streak, in days or (per-week goals) weeks."""
    g = goal_days(goal, snapshot, today)
    return _streak(_walk_goal(g, today.toordinal(), today.toordinal()), _unit(g))


def _unit(g: GoalDays) -> Literal["day", "week"]:
    return "week" if g.per_week else "day"


def overall_streak(snapshot: Snapshot, today: Date) -> Streak:
    """The streak of days with at least one win of any kind."""
    t = today.toordinal()
    return _streak(_walk_overall(day_index(snapshot), t, t), "day")


def overall_streak_settled(snapshot: Snapshot, today: Date) -> bool:
    """Whether `overall_streak` of a snapshot holding only the recent days (a quick read) is
    the whole journal's: the run broke within those days. One that never broke there may go
    back further (rest days, pauses and single misses do not break a run), and no win at all
    may be a fresh start."""
    t = today.toordinal()
    days_done = sum(1 for o in day_index(snapshot).wins_per_day if o <= t)
    return overall_streak(snapshot, today).current < days_done


def is_comeback(snapshot: Snapshot, day: Date, goal_id: str | None = None) -> bool:
    """Whether `day` is the first done day after a broken run (of `goal_id`, or of any win)."""
    index, o = day_index(snapshot), day.toordinal()
    if goal_id is None:
        return o in index.wins_per_day and _walk_overall(index, o, o - 1).broken
    goal = snapshot.goal(goal_id)
    if goal is None:
        return False
    g = GoalDays(goal, index, o)
    return g.done(o) and _walk_goal(g, o, o - 1).broken


def comebacks(snapshot: Snapshot, today: Date, goal_id: str | None = None) -> int:
    """How many times the user came back after a broken run (of `goal_id`, or overall)."""
    t = today.toordinal()
    if goal_id is None:
        return _walk_overall(day_index(snapshot), t, t).comebacks
    goal = snapshot.goal(goal_id)
    return 0 if goal is None else _walk_goal(goal_days(goal, snapshot, today), t, t).comebacks


def completion_rate(goal: Goal, snapshot: Snapshot, today: Date, days: int) -> float | None:
    """The share of due days done in the last `days` days (None when nothing was due)."""
    return _completion_rate(goal_days(goal, snapshot, today), today.toordinal(), days)


def _completion_rate(g: GoalDays, t: int, days: int) -> float | None:
    done = due = 0
    for o in range(max(t - days + 1, g.start), t + 1):
        if g.done(o):
            done, due = done + 1, due + 1
        elif o == t:
            continue  # today is still open
        elif g.per_week:
            due += not g.resting(o)
        else:
            due += g.state(o, t) is DayState.MISSED
    if due == 0:
        return None
    if g.per_week:
        return min(1.0, done / (g.per_week * due / 7))
    return done / due


@dataclass(frozen=True)
class Strength:
    """The habit-strength score 0..100, and what it would be with today done."""

    score: float
    if_checked_in: float
    checked_in_today: bool

    @property
    def gain(self) -> float:
        """How many points a full check-in today adds (0 once today is done)."""
        return self.if_checked_in - self.score


def strength(goal: Goal, snapshot: Snapshot, today: Date) -> Strength:
    """The goal's habit-strength score; see the module docstring for the formula."""
    return _strength(goal_days(goal, snapshot, today), today.toordinal())


@dataclass(frozen=True)
class _StrengthResume:
    """The score and the done days in the last 7 after the days before `next`."""

    score: float
    window: int
    next: int


def _strength(g: GoalDays, t: int) -> Strength:
    frequency = g.per_week / 7 if g.per_week else 1.0
    m = 0.5 ** (math.sqrt(frequency) / 13)
    # The days before today never change their value, so the score after them is kept and the
    # next call (after a win today, or tomorrow) goes on from there: same steps, same floats.
    index, key, values = g.index, (g.goal.id, "strength"), _walk_values(g)
    kept = index.recall(key, (), values, _StrengthResume)
    if kept is not None and kept.next <= t:
        score, window, first = kept.score, kept.window, kept.next
    else:
        score, window, first = 0.0, 0, g.start  # window: done days in the 7 ending at `o`
    for o in range(first, t):
        window += g.done(o) - g.done(o - 7)
        v = _strength_value(g, o, window)
        if v is not None:
            score = score * m + v * (1 - m)
    index.remember(key, (), values, _StrengthResume(score, window, max(first, t)), through=t - 1)
    window += g.done(t) - g.done(t - 7)
    # A partial amount counts today. A per-week goal's day is valued by the week so far (as in
    # Loop), so today always counts and a check-in can only raise it; an open daily goal's
    # day is not a miss yet, so it waits.
    logged = g.done(t) or g.per_week or g.value(t) > 0
    today_v = _strength_value(g, t, window) if logged else None
    full = min(1.0, (window - g.done(t) + 1) / g.per_week) if g.per_week else 1.0
    with_today = score if today_v is None else score * m + today_v * (1 - m)
    return Strength(100 * with_today, 100 * (score * m + full * (1 - m)), g.done(t))


def _strength_value(g: GoalDays, o: int, window: int) -> float | None:
    # None leaves the score as it is: a rest day, a pause, or a day the schedule skips.
    if g.per_week:
        return None if g.resting(o) and not g.done(o) else min(1.0, window / g.per_week)
    if g.done(o):
        return 1.0
    return None if g.resting(o) or not g.scheduled(o) else g.value(o)


def _amount_by_day(goal: Goal, index: DayIndex) -> list[tuple[int, float]]:
    if goal.is_count:
        return sorted(index.amounts.get(goal.id, {}).items())
    return [(o, 1.0) for o in sorted(index.counts.get(goal.id, {}))]


def cumulative(goal: Goal, snapshot: Snapshot) -> float:
    """All-time sum of amounts (count goals) or number of done days (check goals)."""
    return _cumulative(_amount_by_day(goal, day_index(snapshot)))


def _cumulative(days: list[tuple[int, float]]) -> float:
    return sum(amount for _, amount in days)


def progress(goal: Goal, snapshot: Snapshot) -> float | None:
    """The share of the cumulative target reached, capped at 1 (None without a target)."""
    return _progress(goal, cumulative(goal, snapshot))


def _progress(goal: Goal, cumulative: float) -> float | None:
    if not goal.total or goal.total <= 0:
        return None
    return min(1.0, cumulative / goal.total)


@dataclass(frozen=True)
class MilestoneStatus:
    """A milestone of a goal and the day it was reached (None while ahead)."""

    title: str
    threshold: float | None
    """The cumulative amount it marks (None for user-named milestones)."""
    reached_on: Date | None
    derived: bool
    """Derived from the goal's cumulative target rather than named by the user."""


def milestones(goal: Goal, snapshot: Snapshot) -> tuple[MilestoneStatus, ...]:
    """Milestones at 10/25/50/75/100 % of the cumulative target, then the user's own."""
    derived = bool(goal.total and goal.total > 0)
    return _milestones(goal, _amount_by_day(goal, day_index(snapshot)) if derived else [])


def _milestones(goal: Goal, days: list[tuple[int, float]]) -> tuple[MilestoneStatus, ...]:
    out: list[MilestoneStatus] = []
    if goal.total and goal.total > 0:
        unit = goal.unit or ("" if goal.is_count else "days")
        for percent in MILESTONE_PERCENTS:
            # total * p / 100 rather than total * 0.25: exact for whole-number targets.
            threshold = goal.total * percent / 100
            title = f"{percent} % · {amount_text(threshold, unit)}"
            out.append(MilestoneStatus(title, threshold, _reached(days, threshold), True))
    out.extend(MilestoneStatus(m.title, None, m.done_on, False) for m in goal.milestones)
    return tuple(out)


def _reached(days: list[tuple[int, float]], threshold: float) -> Date | None:
    total = 0.0
    for o, amount in days:
        total += amount
        if total >= threshold - 1e-9:  # forgive float sums such as 0.1 + 0.2
            return Date.fromordinal(o)
    return None


@dataclass(frozen=True)
class GoalStats:
    """Everything the interface shows about one goal."""

    goal: Goal
    streak: Streak
    total_wins: int
    cumulative: float
    rate_7: float | None
    rate_30: float | None
    strength: Strength
    progress: float | None
    milestones: tuple[MilestoneStatus, ...]
    today_state: DayState
    today_amount: float
    comebacks: int


def goal_stats(goal: Goal, snapshot: Snapshot, today: Date) -> GoalStats:
    """One goal's streak, totals, rates, strength and milestones."""
    index, t = day_index(snapshot), today.toordinal()
    # Kept on the index and carried over to the next snapshot's (see `index_cache`): a goal
    # whose wins, rest days and pauses are the very same objects gets the same statistics.
    key, refs, values = (
        (goal.id, "stats"),
        (goal, *index.goal_inputs(goal.id)),
        (t, index.week_start),
    )
    stats = index.recall(key, refs, values, GoalStats)
    if stats is None:
        stats = _goal_stats(GoalDays(goal, index, t), t)
        index.remember(key, refs, values, stats, through=EVERY_DAY)
    return stats


def _goal_stats(g: GoalDays, t: int) -> GoalStats:
    goal, run = g.goal, _walk_goal(g, t, t)
    totals = _totals(g)
    return GoalStats(
        goal=goal,
        streak=_streak(run, _unit(g)),
        total_wins=totals.wins,
        cumulative=totals.cumulative,
        rate_7=_completion_rate(g, t, 7),
        rate_30=_completion_rate(g, t, 30),
        strength=_strength(g, t),
        progress=_progress(goal, totals.cumulative),
        milestones=totals.milestones,
        today_state=g.state(t, t),
        today_amount=g.amounts.get(t, 0.0) if goal.is_count else float(g.counts.get(t, 0)),
        comebacks=run.comebacks,
    )


@dataclass(frozen=True)
class GoalGlance:
    """What a goal's line in a list shows: its streak, progress and today, as `goal_stats`
    gives them, without the rates and the strength (a walk over every day of the goal)."""

    goal: Goal
    streak: Streak
    progress: float | None
    today_state: DayState


def goal_glance(goal: Goal, snapshot: Snapshot, today: Date) -> GoalGlance:
    """A goal at a glance (the Goals tree): its streak walk and totals are kept on the index."""
    t = today.toordinal()
    g = GoalDays(goal, day_index(snapshot), t)
    streak = _streak(_walk_goal(g, t, t), _unit(g))
    return GoalGlance(goal, streak, _progress(goal, _totals(g).cumulative), g.state(t, t))


@dataclass(frozen=True)
class _Totals:
    """What a goal's whole history adds up to, whatever the day and the rests."""

    wins: int
    cumulative: float
    milestones: tuple[MilestoneStatus, ...]


def _totals(g: GoalDays) -> _Totals:
    # Kept apart from the statistics: a rest day or a pause changes those, not these; and
    # the goal's own day dictionaries are new objects as soon as one of its wins changes.
    goal, index = g.goal, g.index
    key, refs = (goal.id, "totals"), (index.amounts.get(goal.id), index.counts.get(goal.id))
    values = (goal.kind, goal.total, goal.unit, goal.milestones)
    totals = index.recall(key, refs, values, _Totals)
    if totals is None:
        days = _amount_by_day(goal, index)
        totals = _Totals(sum(g.counts.values()), _cumulative(days), _milestones(goal, days))
        index.remember(key, refs, values, totals, through=BY_IDENTITY)
    return totals


@dataclass(frozen=True)
class OverallStats:
    """The whole picture: wins, the any-win streak and today's due and done goals."""

    total_wins: int
    wins_today: int
    first_day: Date | None
    streak: Streak
    rate_7: float | None
    rate_30: float | None
    """Share of non-rest days with at least one win."""
    comebacks: int
    due_today: int
    done_today: int


def _overall_rate(index: DayIndex, today: int, days: int) -> float | None:
    first = index.first_day(None)
    hit = due = 0
    for o in range(max(today - days + 1, today + 1 if first is None else first), today + 1):
        if o in index.wins_per_day:
            hit, due = hit + 1, due + 1
        elif o != today and not index.day_off(o):
            due += 1
    return hit / due if due else None


def overall_stats(snapshot: Snapshot, today: Date) -> OverallStats:
    """Totals, the any-win streak, rates and today's progress over all active goals."""
    index, t = day_index(snapshot), today.toordinal()
    # Asked for by the header and the screen alike: kept for this snapshot's index only.
    stats = index.recall((None, "overall"), (), (t,), OverallStats)
    if stats is not None:
        return stats
    run = _walk_overall(index, t, t)
    states = [GoalDays(goal, index, t).state(t, t) for goal in snapshot.active_goals()]
    first = index.first_day(None)
    stats = OverallStats(
        total_wins=len(snapshot.wins),
        wins_today=index.wins_per_day.get(t, 0),
        first_day=Date.fromordinal(first) if first is not None else None,
        streak=_streak(run, "day"),
        rate_7=_overall_rate(index, t, 7),
        rate_30=_overall_rate(index, t, 30),
        comebacks=run.comebacks,
        due_today=sum(s in (DayState.DONE, DayState.OPEN) for s in states),
        done_today=states.count(DayState.DONE),
    )
    index.remember((None, "overall"), (), (t,), stats, through=None)
    return stats


def due_goals(snapshot: Snapshot, today: Date) -> tuple[Goal, ...]:
    """Active goals due today, in tree order (per-week goals while their week is not yet met)."""
    return tuple(
        goal
        for goal in snapshot.active_goals()
        if day_state(goal, today, snapshot, today) in (DayState.DONE, DayState.OPEN)
    )
