"""Which days are done, missed or resting for a goal: the index every rule walks over.

Days are handled as ordinals (`Date.toordinal()`) inside the domain: ten years of wins are
walked day by day, and integer keys keep that fast. The index itself, and how a snapshot made
by a write gets its index cheaply from the one before, is in `index_cache`.
"""

from __future__ import annotations

import heapq
from enum import StrEnum

from pendulum import Date

from .index_cache import DayIndex, day_index
from .models import Day, Goal, ScheduleKind, Snapshot, Win

__all__ = [
    "DayIndex",
    "DayState",
    "GoalDays",
    "busiest_days",
    "day_amount",
    "day_index",
    "day_record",
    "day_state",
    "days_with_wins",
    "first_days",
    "first_year",
    "goal_days",
    "goal_win_count",
    "wins_on",
]


class DayState(StrEnum):
    """What one day was for one goal."""

    DONE = "done"
    MISSED = "missed"
    REST = "rest"
    """A rest day for the goal (or every goal), or a pause."""
    OFF = "off"
    """Not scheduled; for per-week goals, a day the week did not need."""
    OPEN = "open"
    """Today (or later), not done yet: never a miss."""
    BEFORE = "before"
    """Before the goal existed."""


class GoalDays:
    """One goal's days seen through the index, from its first day on."""

    def __init__(self, goal: Goal, index: DayIndex, today: int) -> None:
        self.goal, self.index = goal, index
        self.amounts = index.amounts.get(goal.id, {})
        self.counts = index.counts.get(goal.id, {})
        self.rests = index.goal_rests.get(goal.id, set())
        self.target = goal.target if goal.is_count and goal.target else None
        self.per_week = goal.schedule.per_week if goal.schedule.kind is ScheduleKind.PER_WEEK else 0
        created = goal.created.date().toordinal()
        first = index.first_day(goal.id)
        # Wins can be back-dated before the goal was made; and a goal made this evening in a
        # zone behind UTC has tomorrow's UTC date, yet it exists today.
        self.start = min(created, created if first is None else first, today)

    def done(self, o: int) -> bool:
        """Whether day `o` is done."""
        if self.target is not None:
            return self.amounts.get(o, 0.0) >= self.target
        return o in self.counts

    def value(self, o: int) -> float:
        """How done day `o` is, 0..1 (partial for count goals)."""
        if self.target is not None:
            return min(1.0, self.amounts.get(o, 0.0) / self.target)
        return 1.0 if o in self.counts else 0.0

    def resting(self, o: int) -> bool:
        """Whether day `o` is a rest day for this goal or paused."""
        return o in self.rests or self.index.day_off(o)

    def scheduled(self, o: int) -> bool:
        """Whether the schedule names the weekday of `o`."""
        schedule = self.goal.schedule
        return schedule.kind is not ScheduleKind.WEEKDAYS or (o + 6) % 7 in schedule.weekdays

    def needed(self, week: int) -> int:
        """Done days the week starting at `week` asks for, fewer when rest leaves fewer days."""
        free = sum(1 for o in range(week, week + 7) if o >= self.start and not self.resting(o))
        return min(self.per_week, free)

    def done_between(self, first: int, last: int) -> int:
        """Number of done days from `first` to `last`, both included."""
        return sum(1 for o in range(first, last + 1) if self.done(o))

    def state(self, o: int, today: int) -> DayState:
        """The state of day `o` seen from `today`."""
        if o < self.start:
            return DayState.BEFORE
        if self.done(o):
            return DayState.DONE
        if self.resting(o):
            return DayState.REST
        if self.per_week:
            return self._week_state(o, today)
        if not self.scheduled(o):
            return DayState.OFF
        return DayState.OPEN if o >= today else DayState.MISSED

    def _week_state(self, o: int, today: int) -> DayState:
        week, this_week = self.index.week_of(o), self.index.week_of(today)
        if o > today:
            return DayState.OPEN
        if week == this_week:
            met = self.done_between(week, today - 1) >= self.needed(week)
            return DayState.OPEN if o == today and not met else DayState.OFF
        met = self.done_between(week, week + 6) >= self.needed(week)
        return DayState.OFF if met else DayState.MISSED


def goal_days(goal: Goal, snapshot: Snapshot, today: Date) -> GoalDays:
    """The days of `goal` in `snapshot`, seen from `today`."""
    return GoalDays(goal, day_index(snapshot), today.toordinal())


def day_state(goal: Goal, day: Date, snapshot: Snapshot, today: Date) -> DayState:
    """What `day` was (or is) for `goal`, seen from `today`."""
    return goal_days(goal, snapshot, today).state(day.toordinal(), today.toordinal())


def day_amount(goal: Goal, day: Date, snapshot: Snapshot) -> float:
    """The sum of amounts on `day` for a count goal, the number of wins for a check goal."""
    index, o = day_index(snapshot), day.toordinal()
    if goal.is_count:
        return index.amounts.get(goal.id, {}).get(o, 0.0)
    return float(index.counts.get(goal.id, {}).get(o, 0))


def wins_on(snapshot: Snapshot, day: Date) -> tuple[Win, ...]:
    """The wins logged for `day`, in the order of `snapshot.wins`."""
    return day_index(snapshot).wins_on(day.toordinal())


def day_record(snapshot: Snapshot, day: Date) -> Day:
    """What `Snapshot.day` gives (an empty record when nothing was written), without a scan."""
    return day_index(snapshot).day_record(day.toordinal()) or Day(day)


def first_days(snapshot: Snapshot) -> dict[str, Date]:
    """The day of each goal's first win (goals without wins are left out)."""
    index = day_index(snapshot)
    return {
        goal_id: Date.fromordinal(first)
        for goal_id in index.counts
        if (first := index.first_day(goal_id)) is not None
    }


def goal_win_count(snapshot: Snapshot, goal_id: str) -> int:
    """How many wins `goal_id` has in all."""
    return sum(day_index(snapshot).counts.get(goal_id, {}).values())


def first_year(snapshot: Snapshot) -> int | None:
    """The first year with a win or anything written about a day; None for an empty journal."""
    first = day_index(snapshot).first_day(None)
    years = [day.date.year for day in snapshot.days]
    if first is not None:
        years.append(Date.fromordinal(first).year)
    return min(years, default=None)


def days_with_wins(snapshot: Snapshot) -> int:
    """How many days have at least one win."""
    return len(day_index(snapshot).wins_per_day)


def busiest_days(snapshot: Snapshot, n: int, goal_id: str | None = None) -> list[Date]:
    """The `n` days with the most wins (of `goal_id`, or of every goal and none), the most
    first; of two days with as many, the later."""
    index = day_index(snapshot)
    counts = index.wins_per_day if goal_id is None else index.counts.get(goal_id, {})
    top = heapq.nlargest(n, counts.items(), key=lambda item: (item[1], item[0]))
    return [Date.fromordinal(o) for o, _count in top]
