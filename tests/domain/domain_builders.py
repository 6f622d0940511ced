"""Hand-built snapshots for the rule tests: fixed ids and times, days counted from a Monday."""

from __future__ import annotations

import pendulum
from pendulum import Date

from smallwins_tui.domain.models import Day, Goal, Pause, Settings, Snapshot, Win

MON = pendulum.date(2026, 3, 2)
"""Day 0 of every history: a Monday."""


def day(n: int) -> Date:
    """The date `n` days after MON."""
    return MON.add(days=n)


def make_goal(goal_id: str = "g", created: int = 0, **fields: object) -> Goal:
    """A goal created at noon UTC on day `created`."""
    when = pendulum.datetime(2026, 3, 2, 12, tz="UTC").add(days=created)
    return Goal(id=goal_id, title=goal_id.title(), created=when, updated=when, **fields)  # type: ignore[arg-type]


def win(n: int, goal_id: str | None = "g", amount: float | None = None, seq: int = 0) -> Win:
    """A win on day `n` with a fixed id."""
    at = pendulum.datetime(2026, 3, 2, 18, tz="UTC").add(days=n)
    return Win(id=f"w{goal_id}{n}-{seq}", at=at, day=day(n), goal_id=goal_id, amount=amount)


def pattern(text: str, goal_id: str | None = "g") -> tuple[Win, ...]:
    """Wins from a pattern such as "xx.x": an x on position n is a win on day n."""
    return tuple(win(n, goal_id) for n, ch in enumerate(text) if ch == "x")


def snap(
    goals: tuple[Goal, ...] = (),
    wins: tuple[Win, ...] = (),
    *,
    rest: tuple[int, ...] = (),
    pauses: tuple[tuple[int, int], ...] = (),
    week_start: int = 0,
) -> Snapshot:
    """A snapshot with whole-day rests on `rest` and pauses over (first, last) day ranges."""
    return Snapshot(
        goals=goals,
        wins=wins,
        days=tuple(Day(day(n), rest=True) for n in rest),
        pauses=tuple(Pause(f"p{a}", day(a), day(b)) for a, b in pauses),
        settings=Settings(week_start=week_start),
    )
