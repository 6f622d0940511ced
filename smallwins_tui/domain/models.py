"""The small-wins model: goals, wins, days, pauses and settings as frozen dataclasses.

Every record carries a stable id (never the store's row number) and created/updated
timestamps, so that stores from two machines can be merged by id later. Deleting a
record leaves a `Tombstone`.
"""

from __future__ import annotations

import os
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, cast, overload

from pendulum import Date, DateTime

TITLE_MAX = 120
"""Longest goal or milestone title, in characters."""
TEXT_MAX = 500
"""Longest why / anchor / tiny-version line."""
NOTE_MAX = 10_000
"""Longest note on a win or a day."""
UNIT_MAX = 24
"""Longest unit word ("words", "glasses")."""
AMOUNT_MAX = 1_000_000_000
"""Largest amount or target a goal accepts."""

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday abbreviations, Monday = 0 as in pendulum."""


class ValidationError(ValueError):
    """A value the user gave breaks a rule; the message is one plain line."""


ID_BITS = 64
"""Random bits of a new record id. Ids only have to be unique within one person's journal and
the copies merged into it: at 64 bits, a million records collide with odds of about 3 in
100,000,000 (16 hex digits; the first stores used 128-bit uuid4 hex, which stay valid)."""


def new_id() -> str:
    """A fresh, practically unique record id: 16 hex digits."""
    # The operating system's random source, as `secrets` uses (whose import costs ~5 ms).
    return os.urandom(ID_BITS // 8).hex()


class GoalKind(StrEnum):
    """Whether a goal is done-or-not or counts an amount toward a daily target."""

    CHECK = "check"
    COUNT = "count"


class ScheduleKind(StrEnum):
    """How often a goal is due."""

    DAILY = "daily"
    WEEKDAYS = "weekdays"
    PER_WEEK = "per_week"


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a goal is due: every day, on chosen weekdays, or N times per week."""

    kind: ScheduleKind = ScheduleKind.DAILY
    weekdays: frozenset[int] = frozenset()
    """Due weekdays (Monday = 0) for `WEEKDAYS` schedules."""
    per_week: int = 0
    """Completions wanted per week for `PER_WEEK` schedules."""

    def __post_init__(self) -> None:
        if self.kind is ScheduleKind.WEEKDAYS:
            if not self.weekdays:
                raise ValidationError("choose at least one weekday")
            if any(d not in range(7) for d in self.weekdays):
                raise ValidationError("weekdays must be between Monday and Sunday")
        if self.kind is ScheduleKind.PER_WEEK and not 1 <= self.per_week <= 7:
            raise ValidationError("times per week must be between 1 and 7")

    @classmethod
    def daily(cls) -> Schedule:
        """Due every day."""
        return cls()

    @classmethod
    def on_days(cls, days: Iterable[int]) -> Schedule:
        """Due on the given weekdays (Monday = 0)."""
        return cls(ScheduleKind.WEEKDAYS, weekdays=frozenset(days))

    @classmethod
    def times_per_week(cls, n: int) -> Schedule:
        """Due N times in each week, on any days."""
        return cls(ScheduleKind.PER_WEEK, per_week=n)

    @classmethod
    def parse_days(cls, text: str) -> Schedule:
        """Parse "mon,wed,fri" (or "mon-fri") into a weekday schedule."""
        days: set[int] = set()
        for part in text.lower().replace(" ", "").split(","):
            if not part:
                continue
            if "-" in part:
                first, _, last = part.partition("-")
                a, b = parse_weekday(first), parse_weekday(last)
                days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
            else:
                days.add(parse_weekday(part))
        return cls.on_days(days)

    def is_due_on(self, day: Date) -> bool:
        """Whether this schedule names `day` (per-week goals may be done any day)."""
        if self.kind is ScheduleKind.WEEKDAYS:
            return day.weekday() in self.weekdays
        return True

    def describe(self) -> str:
        """A short human description: "every day", "Mon, Wed, Fri", "3× a week"."""
        if self.kind is ScheduleKind.WEEKDAYS:
            if self.weekdays == frozenset(range(5)):
                return "weekdays"
            return ", ".join(WEEKDAY_NAMES[d].title() for d in sorted(self.weekdays))
        if self.kind is ScheduleKind.PER_WEEK:
            return f"{self.per_week}× a week"
        return "every day"


def parse_weekday(name: str) -> int:
    """Monday = 0 from "mon", "Monday", "TUE" ..."""
    key = name.strip().lower()[:3]
    if key not in WEEKDAY_NAMES:
        raise ValidationError(f"unknown weekday {name!r} (use mon, tue, wed, thu, fri, sat, sun)")
    return WEEKDAY_NAMES.index(key)


@dataclass(frozen=True, slots=True)
class Milestone:
    """A user-named milestone of a goal, reached on `done_on` (or not yet)."""

    id: str
    title: str
    done_on: Date | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    """Something the user works toward, possibly a micro-goal of a parent goal."""

    id: str
    title: str
    created: DateTime
    updated: DateTime
    kind: GoalKind = GoalKind.CHECK
    why: str = ""
    """The reason or identity line ("I am a writer")."""
    anchor: str = ""
    """When it happens ("After I pour my coffee")."""
    tiny: str = ""
    """The two-minute version offered after a miss ("write one sentence")."""
    target: float | None = None
    """Daily target of a count goal (200 words)."""
    unit: str = ""
    schedule: Schedule = field(default_factory=Schedule)
    parent_id: str | None = None
    total: float | None = None
    """Cumulative target (50,000 words) from which milestones are derived."""
    milestones: tuple[Milestone, ...] = ()
    archived: bool = False
    position: int = 0
    """Order among its siblings; lower comes first."""

    @property
    def is_count(self) -> bool:
        """Whether wins of this goal carry an amount."""
        return self.kind is GoalKind.COUNT


@dataclass(frozen=True, slots=True)
class Win:
    """One logged small win, counted for the local `day` it was logged for."""

    id: str
    at: DateTime
    """When it was logged (UTC)."""
    day: Date
    """The local day it counts for; fixed when logged, whatever the time zone later."""
    goal_id: str | None = None
    amount: float | None = None
    note: str = ""
    created: DateTime | None = None
    updated: DateTime | None = None


@dataclass(frozen=True, slots=True)
class Day:
    """What the user wrote about a day, and whether it was a planned rest day."""

    date: Date
    note: str = ""
    rest: bool = False
    """A planned rest day for every goal."""
    rest_goals: frozenset[str] = frozenset()
    """Goals resting on this day while the others go on."""
    updated: DateTime | None = None

    @property
    def is_empty(self) -> bool:
        """Whether this record says nothing and can be dropped."""
        return not (self.note or self.rest or self.rest_goals)

    def rests(self, goal_id: str | None) -> bool:
        """Whether `goal_id` (or the day as a whole, for None) is resting."""
        return self.rest or (goal_id is not None and goal_id in self.rest_goals)


@dataclass(frozen=True, slots=True)
class Pause:
    """A date range (vacation, illness) when nothing is due and no streak breaks."""

    id: str
    start: Date
    end: Date
    note: str = ""
    created: DateTime | None = None

    def covers(self, day: Date) -> bool:
        """Whether `day` falls inside this pause (both ends included)."""
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Tombstone:
    """What is left of a deleted record, so a merge does not bring it back."""

    id: str
    kind: Literal["goal", "win", "pause"]
    deleted: DateTime


@dataclass(frozen=True, slots=True)
class Settings:
    """User settings kept in the store."""

    day_start_hour: int = 4
    """Wins logged before this local hour count for the evening before."""
    week_start: int = 0
    """First day of the week, Monday = 0."""
    theme: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.day_start_hour <= 23:
            raise ValidationError("the day-start hour must be between 0 and 23")
        if not 0 <= self.week_start <= 6:
            raise ValidationError("the week start must be a weekday (0 = Monday … 6 = Sunday)")


WinSummary = tuple[str | None, float | None]
"""What the day index reads of a win: its goal id and amount."""


def summarise(wins: Iterable[Win]) -> list[WinSummary]:
    """The goal id and amount of each win, in order."""
    return [(win.goal_id, win.amount) for win in wins]


class LazyDay:
    """The wins of one day as a store file lists them, decoded when first asked for.

    Reading a store keeps each day's wins this way when asked to (the command line does):
    most commands need every day's goals and amounts, for streaks and totals, but the `Win`s
    of only a few days, and building all of a ten-year journal's is most of reading it.
    """

    __slots__ = ("_load", "_wins", "date", "summary")

    def __init__(
        self,
        date: Date,
        summary: tuple[WinSummary, ...],
        load: Callable[[], tuple[Win, ...]] | None,
        wins: tuple[Win, ...] | None = None,
    ) -> None:
        self.date = date
        self.summary = summary
        """Each win's `WinSummary`, in order (what the day index needs)."""
        self._load = load
        """What decodes the wins (None once they are, or when they came decoded)."""
        self._wins = wins

    @property
    def wins(self) -> tuple[Win, ...]:
        """The day's wins, decoded at the first call (the store checked them when it read)."""
        wins = self._wins
        if wins is None:
            load = self._load
            if load is None:  # another thread has just decoded them
                return cast(tuple[Win, ...], self._wins)
            wins = self._wins = load()
            self._load = None
        return wins


class LazyWins(Sequence[Win]):
    """A snapshot's wins when the store left them undecoded: its days' `LazyDay`s in order,
    then the wins added since (`extra`). Iterating decodes day by day; indexing decodes all.

    It equals (and hashes as) the tuple of its wins, so a snapshot compares the same either way.
    """

    __slots__ = ("_all", "_len", "days", "extra")

    def __init__(self, days: tuple[LazyDay, ...], extra: tuple[Win, ...] = ()) -> None:
        self.days = days
        self.extra = extra
        self._len = sum(len(day.summary) for day in days) + len(extra)
        self._all: tuple[Win, ...] | None = None

    def all(self) -> tuple[Win, ...]:
        """Every win, decoded."""
        if self._all is None:
            self._all = tuple(self)
        return self._all

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Win]:
        if self._all is not None:
            yield from self._all
            return
        for day in self.days:
            yield from day.wins
        yield from self.extra

    @overload
    def __getitem__(self, index: int) -> Win: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Win, ...]: ...
    def __getitem__(self, index: int | slice) -> Win | tuple[Win, ...]:
        return self.all()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyWins):
            return self.all() == other.all()
        if isinstance(other, tuple):
            return self.all() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.all())

    def __repr__(self) -> str:
        return f"LazyWins({len(self.days)} days, {len(self.extra)} more, {self._len} wins)"


@dataclass(frozen=True, slots=True)
class SnapshotDelta:
    """How a snapshot differs from the one it was made from, so indexes can be updated.

    The store sets it on the snapshot a write produces. Goals are not listed: a changed goal
    is a new `Goal` object, which is enough for anything cached per goal.
    """

    previous: weakref.ref[Snapshot]
    """The snapshot before the change (weak: a chain of edits must not keep them all alive)."""
    added_wins: tuple[Win, ...] = ()
    removed_wins: tuple[Win, ...] = ()
    """Wins gone; a changed win is in both: its old version here, its new one in `added_wins`."""
    days_changed: bool = False
    """Whether any day record (note, rest) changed."""
    pauses_changed: bool = False
    settings_changed: bool = False


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Snapshot:
    """An immutable view of the whole store at one moment."""

    goals: tuple[Goal, ...] = ()
    wins: tuple[Win, ...] | LazyWins = ()
    """Every win, in the store's order (a `LazyWins` when read by the command line)."""
    days: tuple[Day, ...] = ()
    pauses: tuple[Pause, ...] = ()
    tombstones: tuple[Tombstone, ...] = ()
    settings: Settings = field(default_factory=Settings)
    complete: bool = True
    """False for a quick first look at a large store: only its recent days (their wins and
    notes) are here, so history-wide figures (streaks, totals) are not to be shown from it."""
    delta: SnapshotDelta | None = field(default=None, compare=False, repr=False)
    """How this snapshot was made from an earlier one, when the store knows (else None)."""

    def goal(self, goal_id: str) -> Goal | None:
        """The goal with this id, if any."""
        return next((g for g in self.goals if g.id == goal_id), None)

    def day(self, date: Date) -> Day:
        """The record of `date` (an empty one when nothing was written)."""
        return next((d for d in self.days if d.date == date), Day(date))

    def active_goals(self) -> tuple[Goal, ...]:
        """Goals not archived, parents before their micro-goals, in the user's order."""
        live = [g for g in self.goals if not g.archived]
        return tuple(ordered_tree(live))

    def children(self, goal_id: str) -> tuple[Goal, ...]:
        """The micro-goals of a goal, in order."""
        kids = [g for g in self.goals if g.parent_id == goal_id]
        return tuple(sorted(kids, key=lambda g: (g.position, g.created)))


def ordered_tree(goals: Iterable[Goal]) -> list[Goal]:
    """Goals in depth-first order: each parent followed by its micro-goals."""
    goals = list(goals)
    ids = {g.id for g in goals}
    by_parent: dict[str | None, list[Goal]] = {}
    for g in goals:
        parent = g.parent_id if g.parent_id in ids else None
        by_parent.setdefault(parent, []).append(g)
    out: list[Goal] = []

    def visit(parent: str | None) -> None:
        for g in sorted(by_parent.get(parent, []), key=lambda g: (g.position, g.created)):
            out.append(g)
            visit(g.id)

    visit(None)
    return out


def goal_depth(goal: Goal, goals: Iterable[Goal]) -> int:
    """How many ancestors a goal has (0 for a top-level goal)."""
    by_id = {g.id: g for g in goals}
    depth, seen = 0, {goal.id}
    parent = goal.parent_id
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = by_id[parent].parent_id
    return depth


# --- text rules -------------------------------------------------------------------------------

_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(
    value: str, *, what: str, max_len: int, multiline: bool = False, required: bool = False
) -> str:
    """Strip surrounding space and check a user's text; raise `ValidationError` if it breaks a rule.

    Control characters (NUL, escape sequences, ...) are refused rather than silently dropped,
    so what is stored is exactly what the user meant; tabs and newlines are allowed in notes.
    """
    text = value.strip()
    if required and not text:
        raise ValidationError(f"{what} cannot be empty")
    for ch in text:
        if unicodedata.category(ch) == "Cc" and not (multiline and ch in _ALLOWED_CONTROLS):
            raise ValidationError(f"{what} contains a control character ({ch!r}); remove it")
        if ch in "\u2028\u2029" and not multiline:
            raise ValidationError(f"{what} must be a single line")
    if len(text) > max_len:
        raise ValidationError(f"{what} is too long ({len(text):,} characters; at most {max_len:,})")
    return text


def check_amount(value: float, *, what: str, allow_zero: bool = False) -> float:
    """Check that an amount or target is a finite number in range."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(f"{what} must be a number")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError(
            f"{what} must be {'zero or more' if allow_zero else 'more than zero'}"
        )
    if value > AMOUNT_MAX:
        raise ValidationError(f"{what} is too large (at most {AMOUNT_MAX:,})")
    return value
