"""Which days are done, missed or resting for a goal: the index every rule walks over.

Days are handled as ordinals (`Date.toordinal()`) inside the domain: ten years of wins are
walked day by day, and integer keys keep that fast.
"""

from __future__ import annotations

from bisect import bisect_right
from enum import StrEnum

from pendulum import Date

from .models import Goal, ScheduleKind, Snapshot


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


class DayIndex:
    """One snapshot's wins, rest days and pauses keyed by day ordinal, built once."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.week_start = snapshot.settings.week_start
        self.amounts: dict[str, dict[int, float]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        self.wins_per_day: dict[int, int] = {}
        for win in snapshot.wins:
            o = win.day.toordinal()
            self.wins_per_day[o] = self.wins_per_day.get(o, 0) + 1
            if win.goal_id is not None:
                amounts = self.amounts.setdefault(win.goal_id, {})
                amounts[o] = amounts.get(o, 0.0) + (win.amount or 0.0)
                counts = self.counts.setdefault(win.goal_id, {})
                counts[o] = counts.get(o, 0) + 1
        self.rest_days = {d.date.toordinal() for d in snapshot.days if d.rest}
        self.goal_rests: dict[str, set[int]] = {}
        for day in snapshot.days:
            for goal_id in day.rest_goals:
                self.goal_rests.setdefault(goal_id, set()).add(day.date.toordinal())
        # Merged into disjoint ranges so one bisect answers "is this day paused?".
        ranges: list[list[int]] = []
        for a, b in sorted((p.start.toordinal(), p.end.toordinal()) for p in snapshot.pauses):
            if ranges and a <= ranges[-1][1] + 1:
                ranges[-1][1] = max(ranges[-1][1], b)
            elif a <= b:
                ranges.append([a, b])
        self._pause_starts = [r[0] for r in ranges]
        self._pause_ends = [r[1] for r in ranges]

    def paused(self, o: int) -> bool:
        """Whether day ordinal `o` falls inside a pause."""
        i = bisect_right(self._pause_starts, o) - 1
        return i >= 0 and o <= self._pause_ends[i]

    def day_off(self, o: int) -> bool:
        """Whether `o` is a whole-day rest or paused."""
        return o in self.rest_days or self.paused(o)

    def week_of(self, o: int) -> int:
        """The ordinal of the first day of the week holding `o`."""
        return o - ((o + 6) % 7 - self.week_start) % 7


_CACHE: list[tuple[Snapshot, DayIndex]] = []


def day_index(snapshot: Snapshot) -> DayIndex:
    """The index of `snapshot`, built once for the last few snapshots seen."""
    # Keyed on identity: hashing 75,000 wins would cost more than the look-ups it saves. The
    # cache holds the snapshot itself, so its id cannot be reused while the entry lives.
    for snap, index in _CACHE:
        if snap is snapshot:
            return index
    index = DayIndex(snapshot)
    _CACHE.insert(0, (snapshot, index))
    del _CACHE[4:]
    return index


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
        # Wins can be back-dated before the goal was made; and a goal made this evening in a
        # zone behind UTC has tomorrow's UTC date, yet it exists today.
        self.start = min(created, min(self.counts, default=created), today)

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
