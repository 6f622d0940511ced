"""Heatmap data: wins per day, a 0..4 level per day and the week grid a widget draws.

Levels work like a contribution graph: a day without wins is level 0. The other days are
ranked against each other: q1, q2 and q3 are the quartiles of the sorted non-zero counts
(linear interpolation between ranks), and a day's level is 1 plus the number of quartiles
strictly below its count. So levels spread over the user's own range (a busy day for someone
who logs one win a day is a different number from a busy day for someone who logs ten), a
bigger count never gets a lower level, and when every day has the same count all are level 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pendulum
from pendulum import Date

from .clock import week_start as first_of_week
from .days import day_index
from .models import Snapshot, Win

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month labels, fixed English like the weekday names elsewhere."""


def day_counts(
    wins: Iterable[Win], start: Date, end: Date, goal_id: str | None = None
) -> dict[Date, int]:
    """Wins per day from `start` to `end`, days with wins only; every goal for `goal_id` None."""
    counts: dict[Date, int] = {}
    for win in wins:
        if start <= win.day <= end and (goal_id is None or win.goal_id == goal_id):
            counts[win.day] = counts.get(win.day, 0) + 1
    return counts


def _quantile(ordered: list[int], q: float) -> float:
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def levels(counts: Mapping[Date, int]) -> dict[Date, int]:
    """A 0..4 level for every day of `counts`, by the quartiles of the non-zero counts."""
    ordered = sorted(c for c in counts.values() if c > 0)
    if not ordered:
        return dict.fromkeys(counts, 0)
    thresholds = [_quantile(ordered, q) for q in (0.25, 0.5, 0.75)]
    return {
        day: 0 if count <= 0 else 1 + sum(t < count for t in thresholds)
        for day, count in counts.items()
    }


@dataclass(frozen=True)
class HeatmapData:
    """Counts, levels and the week grid of a date range, ready to draw."""

    start: Date
    end: Date
    today: Date
    counts: Mapping[Date, int]
    levels: Mapping[Date, int]
    weeks: tuple[tuple[Date | None, ...], ...]
    """Columns of 7 rows from the week start; None for days outside start..end."""
    month_labels: tuple[tuple[int, str], ...]
    """(column, "Jan") where each month first appears."""

    def level_of(self, day: Date) -> int:
        """The 0..4 level of `day`."""
        return self.levels.get(day, 0)

    def count_of(self, day: Date) -> int:
        """The number of wins on `day`."""
        return self.counts.get(day, 0)


@lru_cache(maxsize=16)  # the same few ranges are drawn again after every change
def _weeks(start: Date, end: Date, week_start: int) -> tuple[tuple[Date | None, ...], ...]:
    first, last = start.toordinal(), end.toordinal()
    column = first_of_week(start, week_start).toordinal()
    weeks: list[tuple[Date | None, ...]] = []
    while column <= last:
        weeks.append(
            tuple(
                Date.fromordinal(o) if first <= o <= last else None
                for o in range(column, column + 7)
            )
        )
        column += 7
    return tuple(weeks)


def _month_labels(weeks: tuple[tuple[Date | None, ...], ...]) -> tuple[tuple[int, str], ...]:
    labels: dict[int, str] = {}
    seen: set[tuple[int, int]] = set()
    for column, week in enumerate(weeks):
        for day in week:
            if day is not None and (day.year, day.month) not in seen:
                seen.add((day.year, day.month))
                # When two months start in one column the later one names it.
                labels[column] = MONTH_NAMES[day.month - 1]
    return tuple(sorted(labels.items()))


def heatmap(
    wins: Iterable[Win],
    start: Date,
    end: Date,
    today: Date,
    *,
    goal_id: str | None = None,
    week_start: int = 0,
) -> HeatmapData:
    """Counts, levels, week columns and month labels for `start`..`end`."""
    if end < start:
        raise ValueError("the heatmap range ends before it starts")
    return _heatmap(day_counts(wins, start, end, goal_id), start, end, today, week_start)


def snapshot_heatmap(
    snapshot: Snapshot,
    start: Date,
    end: Date,
    today: Date,
    *,
    goal_id: str | None = None,
    week_start: int = 0,
) -> HeatmapData:
    """What `heatmap(snapshot.wins, ...)` gives, from the snapshot's day index.

    It costs the days of the range, not the wins of the store.
    """
    if end < start:
        raise ValueError("the heatmap range ends before it starts")
    index = day_index(snapshot)
    per_day = index.wins_per_day if goal_id is None else index.counts.get(goal_id, {})
    counts = {
        Date.fromordinal(o): n
        for o in range(start.toordinal(), end.toordinal() + 1)
        if (n := per_day.get(o))
    }
    return _heatmap(counts, start, end, today, week_start)


def _heatmap(
    counts: dict[Date, int], start: Date, end: Date, today: Date, week_start: int
) -> HeatmapData:
    weeks = _weeks(start, end, week_start)
    return HeatmapData(start, end, today, counts, levels(counts), weeks, _month_labels(weeks))


def last_weeks(today: Date, n_weeks: int, week_start: int = 0) -> tuple[Date, Date]:
    """The range of the `n_weeks` whole weeks ending with the week that holds `today`."""
    if n_weeks < 1:
        raise ValueError("show at least one week")
    return first_of_week(today, week_start).subtract(weeks=n_weeks - 1), today


def year_range(year: int) -> tuple[Date, Date]:
    """The first and last day of `year`."""
    return pendulum.date(year, 1, 1), pendulum.date(year, 12, 31)
