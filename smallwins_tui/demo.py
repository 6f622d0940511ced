"""A year of realistic demo data: goals with micro-goals, wins with gaps, comebacks and notes.

Deterministic for a given day and seed, so `smallwins demo`, the snapshot tests and the
screenshots all see the same story.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

import pendulum
from pendulum import Date, DateTime

from .domain.clock import Clock, day_start_instant, days_between
from .domain.models import (
    Day,
    Goal,
    GoalKind,
    Milestone,
    Pause,
    Schedule,
    Settings,
    Snapshot,
    ValidationError,
    Win,
)
from .store import Store

DEMO_NOW = pendulum.datetime(2026, 11, 24, 16, 30, tz="Europe/London")
"""The fixed moment the snapshot tests and screenshots are taken at."""
DEMO_SEED = 2026
ON_A_ROLL = ("demo-write", "demo-water")
DAY_START = Settings().day_start_hour

NOTES = (
    "Slow morning, good afternoon.",
    "Tired, but I showed up.",
    "Wrote in the café before work. Felt good.",
    "Rainy day. Stayed in and read.",
    "Hard day at work; the walk helped.",
    "Finally untangled the plot of chapter two.",
    "Small steps. Still steps.",
    "Skipped the big version, did the tiny one. It counts.",
    "Great energy today.",
    "Family visit — a full, happy day.",
)
FREE_WINS = (
    "Fixed the squeaky door",
    "Called grandma",
    "Cleared the inbox",
    "Cooked a real dinner",
    "Went to bed on time",
    "Paid the bills",
    "Tidied the desk",
    "Said no to a meeting I didn't need",
)


@dataclasses.dataclass(frozen=True)
class _Plan:
    goal: Goal
    chance: float
    """How likely the goal is done on a due day, before motivation waves."""
    starts: int
    """Days before today the goal was created."""


def _goal(gid: str, title: str, created: DateTime, **fields: object) -> Goal:
    return Goal(id=gid, title=title, created=created, updated=created, **fields)  # type: ignore[arg-type]


def _plans(today: Date, tz: str) -> list[_Plan]:
    def at(days_ago: int) -> DateTime:
        day = today.subtract(days=days_ago)
        return pendulum.datetime(day.year, day.month, day.day, 9, tz=tz).in_timezone("UTC")

    write = _goal(
        "demo-write",
        "Write",
        at(364),
        kind=GoalKind.COUNT,
        target=200,
        unit="words",
        why="I am a writer",
        anchor="After I pour my coffee",
        tiny="Write one sentence",
        total=70_000,
        milestones=(
            Milestone("demo-ms-1", "Finish chapter one", today.subtract(days=190)),
            Milestone("demo-ms-2", "Finish the first draft"),
        ),
    )
    return [
        _Plan(write, 0.86, 364),
        _Plan(
            _goal(
                "demo-outline",
                "Outline chapter three",
                at(40),
                parent_id="demo-write",
                position=0,
                schedule=Schedule.parse_days("mon-fri"),
            ),
            0.7,
            40,
        ),
        _Plan(
            _goal(
                "demo-essay",
                "Read one craft essay",
                at(200),
                parent_id="demo-write",
                position=1,
                schedule=Schedule.times_per_week(2),
            ),
            0.45,
            200,
        ),
        _Plan(
            _goal(
                "demo-water",
                "Drink water",
                at(300),
                kind=GoalKind.COUNT,
                target=8,
                unit="glasses",
                anchor="A glass with every meal",
                position=1,
            ),
            0.8,
            300,
        ),
        _Plan(
            _goal(
                "demo-walk",
                "Walk",
                at(180),
                kind=GoalKind.COUNT,
                target=10,
                unit="min",
                why="I am someone who moves",
                tiny="Walk to the corner",
                position=2,
            ),
            0.65,
            180,
        ),
        _Plan(
            _goal(
                "demo-stretch",
                "Stretch",
                at(250),
                tiny="One stretch",
                position=3,
                schedule=Schedule.parse_days("mon,wed,fri"),
            ),
            0.75,
            250,
        ),
        _Plan(
            _goal(
                "demo-read",
                "Read",
                at(320),
                why="I am a reader",
                position=4,
                schedule=Schedule.times_per_week(3),
            ),
            0.5,
            320,
        ),
    ]


def demo_records(today: Date, now: DateTime, seed: int = DEMO_SEED) -> Iterator[object]:
    """Every record of the demo story, ending at `now` on `today`."""
    tz = now.timezone_name or "UTC"
    rng = random.Random(seed)
    plans = _plans(today, tz)
    yield from (p.goal for p in plans)

    vacation = Pause(
        "demo-pause",
        today.subtract(days=130),
        today.subtract(days=121),
        "Holiday by the sea",
        now.in_timezone("UTC"),
    )
    yield vacation
    sick = (today.subtract(days=58), today.subtract(days=54))  # a gap, then a comeback
    serial = 0
    for day in days_between(today.subtract(days=364), today):
        if vacation.covers(day) or sick[0] <= day <= sick[1]:
            continue
        age = (today - day).in_days()
        wave = 0.75 + 0.25 * ((day.day_of_year // 9) % 4) / 3  # motivation comes in waves
        rest = day.weekday() == 6 and rng.random() < 0.35
        if rest or rng.random() < 0.2:
            note = "" if not rng.random() < 0.6 else rng.choice(NOTES)
            if rest or note:
                yield Day(day, note=note, rest=rest, updated=now.in_timezone("UTC"))
        if rest:
            continue
        for plan in plans:
            goal = plan.goal
            if age > plan.starts or not goal.schedule.is_due_on(day):
                continue
            if day == today and goal.id not in ("demo-write", "demo-water", "demo-outline"):
                continue
            on_a_roll = goal.id in ON_A_ROLL and 0 < age <= 14  # the story ends on a good run
            if rng.random() > plan.chance * wave and not on_a_roll:
                continue
            serial += 1
            amount: float | None = None
            if goal.kind is GoalKind.COUNT:
                target = goal.target or 1
                amount = target if rng.random() < 0.75 else round(target * rng.uniform(0.6, 1.8))
                if day == today and goal.id == "demo-water":
                    amount = 5
            at = _moment(rng, day, today, now)
            yield Win(f"demo-win-{serial}", at, day, goal.id, amount, "", at, at)
        if rng.random() < 0.12 or day == today:
            serial += 1
            at = _moment(rng, day, today, now)
            yield Win(f"demo-win-{serial}", at, day, None, None, rng.choice(FREE_WINS), at, at)


def _moment(rng: random.Random, day: Date, today: Date, now: DateTime) -> DateTime:
    """A believable moment on `day` (07:00-22:59), or between the day's start and now for today."""
    tz = now.timezone or "UTC"
    if day < today:
        local = pendulum.datetime(day.year, day.month, day.day, rng.randint(7, 22), tz=tz)
        return local.add(minutes=rng.randint(0, 59)).in_timezone("UTC")
    start = day_start_instant(day, DAY_START, tz)
    seconds = max(0, int((now - start).total_seconds()))
    return start.add(seconds=rng.randint(seconds // 4, seconds)).in_timezone("UTC")


def fill_demo(store: Store, clock: Clock) -> str:
    """Fill an empty store with the demo story; returns what was written, in words."""
    current = store.read()
    if current.goals or current.wins:
        raise ValidationError("the demo fills only a new or empty store; this one has data")
    now = clock.now()
    counts = {"goals": 0, "wins": 0}
    with store.transaction() as tx:
        today = clock.today(tx.snapshot.settings.day_start_hour)
        records = list(demo_records(today, now))
        for record in records:
            tx.put(record)  # type: ignore[arg-type]
        counts["goals"] = sum(isinstance(r, Goal) for r in records)
        counts["wins"] = sum(isinstance(r, Win) for r in records)
    return f"{counts['goals']} goals and {counts['wins']:,} wins over the past year"


def demo_snapshot(now: DateTime = DEMO_NOW) -> Snapshot:
    """The demo story as a snapshot, without a store (for tests)."""
    today = now.date()
    records = list(demo_records(today, now))
    return Snapshot(
        goals=tuple(r for r in records if isinstance(r, Goal)),
        wins=tuple(r for r in records if isinstance(r, Win)),
        days=tuple(r for r in records if isinstance(r, Day)),
        pauses=tuple(r for r in records if isinstance(r, Pause)),
    )
