"""Synthetic stores for the benchmarks: years of goals, wins, notes, rest days, gaps and pauses.

A store is a pure function of (years, goals, seed, today): the same arguments give the same
records, ids included. Records are built with the domain API and written through the public
store API in one transaction, so the file has whatever shape the store writes today.

    python -m benchmarks.generate --years 10 --goals 20 --seed 1 OUT.json

Ten years of twenty goals give about 75,000 wins and 3,600 day notes, ending at `today`
(16:30 UTC): give the app that moment with `now_env(today)` in `SMALLWINS_NOW` (and TZ=UTC).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import math
import os
import random
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pendulum
from pendulum import Date, DateTime

from smallwins_tui import demo
from smallwins_tui import store as store_package
from smallwins_tui.demo import NOTES
from smallwins_tui.domain import commands
from smallwins_tui.domain.models import (
    ID_BITS,
    Day,
    Goal,
    Milestone,
    Pause,
    Schedule,
    Snapshot,
    Win,
)
from smallwins_tui.store import SCHEMA_VERSION, Store

GENERATOR_VERSION = 3
"""Bump whenever the records generated for a given seed change (invalidates cached stores)."""
DEFAULT_TODAY = pendulum.date(2026, 11, 24)
"""The last day of every benchmark store (a Tuesday)."""
NOW_HOUR, NOW_MINUTE = 16, 30
"""The benchmarks' "now" on `today`, in UTC."""
MARKER_WIN = "Booked the dentist at last"
"""A free-standing win logged only today, the newest of the day: Today lists it first."""
STORES = Path(__file__).resolve().parent / ".stores"
"""Where `cached_store` keeps generated stores (gitignored)."""

DILIGENCE = 1.3
"""How much more often than each goal's base chance the synthetic user shows up."""

Record = Goal | Win | Day | Pause


@dataclass(frozen=True)
class _Template:
    """A goal the synthetic user keeps, and how reliably they do it."""

    title: str
    chance: float
    """How likely the goal is done on a due day, before motivation waves and slumps."""
    target: float | None = None
    unit: str = ""
    days: str = ""
    """Weekdays it is due ("mon-fri"); empty for daily or per-week goals."""
    per_week: int = 0
    parent: int | None = None
    """Index of the parent template, for micro-goals."""
    sessions: tuple[int, int] = (1, 1)
    """How many wins a done day of a count goal is logged in (min, max)."""
    why: str = ""
    anchor: str = ""
    tiny: str = ""
    total: float | None = None
    milestones: tuple[str, ...] = ()
    archive_at: float | None = None
    """Fraction of the span after which the goal is archived (no more wins)."""


TEMPLATES: tuple[_Template, ...] = (
    _Template(
        "Write",
        0.82,
        target=500,
        unit="words",
        sessions=(1, 3),
        why="I am a writer",
        anchor="After I pour my coffee",
        tiny="Write one sentence",
        total=2_500_000,
        milestones=("Finish the first draft", "Finish the second draft", "Send it to an agent"),
    ),
    _Template(
        "Drink water",
        0.85,
        target=8,
        unit="glasses",
        sessions=(3, 7),
        anchor="A glass with every meal",
    ),
    _Template("Outline the next chapter", 0.6, days="mon-fri", parent=0),
    _Template(
        "Walk",
        0.7,
        target=30,
        unit="min",
        sessions=(1, 3),
        why="I am someone who moves",
        tiny="Walk to the corner",
    ),
    _Template("Stretch", 0.75, days="mon,wed,fri", tiny="One stretch"),
    _Template("Read", 0.6, target=20, unit="pages", per_week=5, sessions=(1, 3), why="I read"),
    _Template(
        "Meditate",
        0.7,
        target=10,
        unit="min",
        sessions=(1, 2),
        anchor="Before breakfast",
        tiny="Three breaths",
    ),
    _Template("Learn Spanish", 0.7, why="Talk with my in-laws"),
    _Template("Review flashcards", 0.6, target=20, unit="cards", sessions=(2, 4), parent=7),
    _Template("Practise guitar", 0.6, target=20, unit="min", per_week=5, sessions=(1, 2)),
    _Template("Run", 0.55, target=5, unit="km", per_week=3, tiny="Put the shoes on"),
    _Template("Cool down", 0.5, per_week=3, parent=10),
    _Template("Floss", 0.8, anchor="After brushing my teeth"),
    _Template("Plan tomorrow", 0.7, days="mon-fri"),
    _Template("Cook at home", 0.6, per_week=4),
    _Template("Push-ups", 0.6, target=30, unit="reps", sessions=(2, 4)),
    _Template("Call family", 0.5, per_week=1),
    _Template("Inbox zero", 0.5, days="mon-fri"),
    _Template("Sketch", 0.5, per_week=3, archive_at=0.7),
    _Template("Lights out by 23:00", 0.55),
    _Template("Tidy for ten minutes", 0.6),
    _Template("Budget check", 0.7, days="sun"),
    _Template("Piano scales", 0.5, target=15, unit="min", per_week=4, sessions=(1, 2)),
    _Template("Gratitude list", 0.6),
)

WIN_NOTES = ("felt easy", "in the park", "with a friend", "late, but done", "new record")
FREE_WINS = (
    *demo.FREE_WINS,
    "Helped a neighbour move a sofa",
    "Took the stairs all day",
)
_EMPTY = Snapshot()


def now_of(today: Date) -> DateTime:
    """The benchmarks' "now": `today` at 16:30 UTC."""
    return pendulum.datetime(today.year, today.month, today.day, NOW_HOUR, NOW_MINUTE, tz="UTC")


def now_env(today: Date = DEFAULT_TODAY) -> str:
    """The `SMALLWINS_NOW` value that makes the app's today the store's last day."""
    return now_of(today).isoformat()


def span_days(years: float, days: int | None = None) -> int:
    """How many days a store of `years` covers (or exactly `days`)."""
    return days if days is not None else max(1, round(years * 365.25))


class _Ids:
    """Record ids shaped like `new_id()`'s (16 hex digits), drawn from their own seeded stream."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"smallwins-bench-ids-{seed}")

    def __call__(self) -> str:
        return f"{self._rng.getrandbits(ID_BITS):0{ID_BITS // 4}x}"


def _at(day: Date, hour: int, minute: int, second: int) -> DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, second, tz="UTC")


def records(
    years: float, goals: int, seed: int, today: Date = DEFAULT_TODAY, *, days: int | None = None
) -> Iterator[Record]:
    """Every record of a synthetic store, oldest first, ending at `now_of(today)`."""
    rng = random.Random(seed)
    new_id = _Ids(seed)
    now = now_of(today)
    total_days = span_days(years, days)
    first = today.subtract(days=total_days - 1)

    # --- goals ------------------------------------------------------------------------------
    templates = list(TEMPLATES[:goals])
    templates += [_Template(f"Habit {n + 1}", 0.6) for n in range(len(TEMPLATES), goals)]
    built: list[Goal] = []
    stored: list[Goal] = []
    starts: list[Date] = []
    ends: list[Date] = []
    for index, t in enumerate(templates):
        offset = 0 if index < 5 else int(total_days * ((index * 37) % 15) / 100)
        start = first.add(days=offset)
        created = _at(start, 7, 0, 0)
        schedule = (
            Schedule.parse_days(t.days)
            if t.days
            else Schedule.times_per_week(t.per_week)
            if t.per_week
            else Schedule.daily()
        )
        parent = built[t.parent].id if t.parent is not None else None
        goal = commands.new_goal(
            Snapshot(goals=tuple(built)),
            now=created,
            title=t.title,
            why=t.why,
            anchor=t.anchor,
            tiny=t.tiny,
            target=t.target,
            unit=t.unit,
            schedule=schedule,
            parent_id=parent,
            total=t.total,
        )
        milestones = tuple(
            Milestone(
                new_id(),
                title,
                first.add(days=int(total_days * (n + 1) * 0.35)) if (n + 1) * 0.35 < 1 else None,
            )
            for n, title in enumerate(t.milestones)
        )
        goal = dataclasses.replace(goal, id=new_id(), milestones=milestones)
        end = today
        if t.archive_at is not None and total_days > 60:
            end = first.add(days=int(total_days * t.archive_at))
            stored.append(
                commands.edit_goal(
                    Snapshot(goals=(*built, goal)), goal, now=_at(end, 21, 0, 0), archived=True
                )
            )
        else:
            stored.append(goal)
        built.append(goal)  # wins are logged while the goal was live
        starts.append(start)
        ends.append(end)
    yield from stored

    # --- breaks: pauses (vacations), sick spells and slumps ---------------------------------
    pauses: list[Pause] = []
    sick: set[Date] = set()
    slump: set[Date] = set()
    roll: set[Date] = set()
    for year_start in range(0, max(total_days - 30, 0), 365):
        if rng.random() < 0.55:
            begin = first.add(days=year_start + rng.randint(20, 330))
            length = rng.randint(5, 14)
            if begin.add(days=length) < today.subtract(days=20):
                pause = commands.new_pause(
                    start=begin,
                    end=begin.add(days=length - 1),
                    note=rng.choice(("Holiday by the sea", "Hiking trip", "Visiting family")),
                    now=_at(begin.subtract(days=3), 20, 0, 0),
                )
                pauses.append(dataclasses.replace(pause, id=new_id()))
        for _ in range(2):
            begin = first.add(days=year_start + rng.randint(0, 360))
            sick.update(begin.add(days=d) for d in range(rng.randint(2, 6)))
        begin = first.add(days=year_start + rng.randint(0, 340))
        slump.update(begin.add(days=d) for d in range(rng.randint(10, 25)))
        begin = first.add(days=year_start + rng.randint(0, 340))
        roll.update(begin.add(days=d) for d in range(rng.randint(14, 40)))
    sick = {d for d in sick if d < today.subtract(days=14)}
    yield from pauses

    # --- day by day ----------------------------------------------------------------------------
    for number in range(total_days):
        day = first.add(days=number)
        if day == today:
            yield from _today(rng, new_id, built, starts, ends, today, now)
            break
        paused = any(p.covers(day) for p in pauses)
        ill = day in sick
        rest = not paused and not ill and day.weekday() == 6 and rng.random() < 0.2
        live = [g for g, s, e in zip(built, starts, ends, strict=True) if s <= day <= e]
        rest_goals = frozenset(
            g.id for g in live if not rest and not paused and rng.random() < 0.02
        )
        wrote = rng.random() < (0.5 if paused else 0.03 if ill else 0.99)
        note = _note(rng) if wrote else ""
        if note or rest or rest_goals:
            yield Day(day, note=note, rest=rest, rest_goals=rest_goals, updated=_at(day, 22, 0, 0))
        if paused or ill or rest:
            continue
        mood = 0.45 if day in slump else 1.15 if day in roll else 0.95 + 0.15 * math.sin(number / 9)
        for goal, t, start, end in zip(built, templates, starts, ends, strict=True):
            if not start <= day <= end or goal.id in rest_goals or not goal.schedule.is_due_on(day):
                continue
            chance = min(0.97, t.chance * mood * DILIGENCE)
            if t.per_week:
                chance *= min(1.0, 1.3 * t.per_week / 7)
            if rng.random() < chance:
                yield from _wins(rng, new_id, goal, t, day, today)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            yield _win(rng, new_id, day, today, _at(day, *_clock(rng)), None, None, _free(rng))


def _today(
    rng: random.Random,
    new_id: _Ids,
    built: list[Goal],
    starts: list[Date],
    ends: list[Date],
    today: Date,
    now: DateTime,
) -> Iterator[Record]:
    """Today so far: the first goal done, the second one part done, half the rest, the marker."""
    moments = iter(sorted(_today_moment(rng, now) for _ in range(4 * len(built) + 4)))
    for index, (goal, start, end) in enumerate(zip(built, starts, ends, strict=True)):
        if not start <= today <= end or not goal.schedule.is_due_on(today):
            continue
        if index == 1 and goal.target:  # "Drink water": 5 of 8 glasses, in three wins
            for amount in (2, 2, 1):
                yield _win(rng, new_id, today, today, next(moments), goal, amount, "")
        elif index == 0 or rng.random() < 0.5:
            yield _win(rng, new_id, today, today, next(moments), goal, goal.target, "")
    marker = now.subtract(minutes=3)
    yield _win(rng, new_id, today, today, marker, None, None, MARKER_WIN)


def _wins(
    rng: random.Random, new_id: _Ids, goal: Goal, t: _Template, day: Date, today: Date
) -> Iterator[Win]:
    """One done day of a goal: one win, or a count goal's amount in a few sessions."""
    note = rng.choice(WIN_NOTES) if rng.random() < 0.04 else ""
    if goal.target is None:
        yield _win(rng, new_id, day, today, _at(day, *_clock(rng)), goal, None, note)
        return
    target = goal.target
    amount = target if rng.random() < 0.6 else max(1, round(target * rng.uniform(0.4, 1.7)))
    sessions = min(rng.randint(*t.sessions), int(amount))
    times = sorted(_clock(rng) for _ in range(sessions))
    left = amount
    for n, moment in enumerate(times):
        part = left if n == sessions - 1 else min(left, max(1, round(amount / sessions)))
        left -= part
        if part > 0:
            yield _win(rng, new_id, day, today, _at(day, *moment), goal, part, note if n else "")


def _win(
    rng: random.Random,
    new_id: _Ids,
    day: Date,
    today: Date,
    at: DateTime,
    goal: Goal | None,
    amount: float | None,
    text: str,
) -> Win:
    win = commands.new_win(
        _EMPTY, now=at, today=today, text=text, goal=goal, amount=amount, day=day
    )
    return dataclasses.replace(win, id=new_id())


def _clock(rng: random.Random) -> tuple[int, int, int]:
    """A believable moment of a past day (07:00-22:59 UTC)."""
    return rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59)


def _today_moment(rng: random.Random, now: DateTime) -> DateTime:
    """A moment of today between 07:00 and ten minutes before now."""
    start = _at(now.date(), 7, 0, 0)
    seconds = max(0, int((now - start).total_seconds()) - 600)
    return start.add(seconds=rng.randint(0, seconds))


def _note(rng: random.Random) -> str:
    parts = rng.sample(NOTES, rng.choice((1, 1, 1, 2, 2, 3)))
    if rng.random() < 0.05:  # now and then a longer entry, over several lines
        parts += ["\n" + " ".join(rng.sample(NOTES, 4))]
    return " ".join(parts)


def _free(rng: random.Random) -> str:
    return rng.choice(FREE_WINS)


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What a generated store holds."""

    path: Path
    goals: int
    wins: int
    notes: int
    rest_days: int
    pauses: int
    bytes: int

    def describe(self) -> str:
        """One line for people."""
        pauses = "pause" if self.pauses == 1 else "pauses"
        return (
            f"{self.goals} goals, {self.wins:,} wins, {self.notes:,} notes, "
            f"{self.rest_days} rest days, {self.pauses} {pauses}, {self.bytes / 1e6:.1f} MB"
        )


def generate(
    path: Path | str,
    years: float,
    goals: int,
    seed: int,
    today: Date = DEFAULT_TODAY,
    *,
    days: int | None = None,
) -> Summary:
    """Write a new synthetic store at `path` (which must not exist) in one transaction."""
    target = Path(path)
    if target.exists():
        raise FileExistsError(f"{target} exists; the generator only writes new stores")
    counts = {"goals": 0, "wins": 0, "notes": 0, "rest_days": 0, "pauses": 0}
    with Store(target).transaction() as tx:
        for record in records(years, goals, seed, today, days=days):
            tx.put(record)
            if isinstance(record, Win):
                counts["wins"] += 1
            elif isinstance(record, Day):
                counts["notes"] += bool(record.note)
                counts["rest_days"] += record.rest
            elif isinstance(record, Goal):
                counts["goals"] += 1
            else:
                counts["pauses"] += 1
    return Summary(target, bytes=target.stat().st_size, **counts)


def _store_code_hash() -> str:
    """A short hash of the store package: a new on-disk shape means new cached stores."""
    folder = Path(store_package.__file__ or "").parent
    digest = hashlib.sha256()
    for source in sorted(folder.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def cached_store(
    years: float, goals: int, seed: int, today: Date = DEFAULT_TODAY, *, quiet: bool = False
) -> Path:
    """A generated store kept under `benchmarks/.stores/`, made on first use.

    The key holds every input and the store code, so a changed generator or document
    shape gets a fresh file. Never write to it: copy it first (`copy_store`).
    """
    key = (
        f"{years:g}y-{goals}g-seed{seed}-{today.isoformat()}-gen{GENERATOR_VERSION}"
        f"-schema{SCHEMA_VERSION}-{_store_code_hash()}"
    )
    path = STORES / key / "smallwins.json"
    if path.exists():
        return path
    STORES.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tmp-", dir=STORES))
    try:
        if not quiet:
            print(f"generating {years:g} years x {goals} goals (seed {seed})...", file=sys.stderr)
        summary = generate(work / "smallwins.json", years, goals, seed, today)
        if not quiet:
            print(f"  {summary.describe()}", file=sys.stderr)
        os.makedirs(path.parent, exist_ok=True)
        (path.parent / "summary.txt").write_text(summary.describe() + "\n", encoding="utf-8")
        os.replace(work / "smallwins.json", path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # Older versions of the same store (another generator or store code) are of no more use.
    for old in STORES.glob(f"{years:g}y-{goals}g-seed{seed}-*"):
        if old != path.parent:
            shutil.rmtree(old, ignore_errors=True)
    return path


def cached_summary(path: Path) -> str:
    """What a store made by `cached_store` holds, in words."""
    try:
        return (path.parent / "summary.txt").read_text(encoding="utf-8").strip()
    except OSError:
        return f"{path.stat().st_size / 1e6:.1f} MB"


def copy_store(source: Path, folder: Path) -> Path:
    """A private copy of a store in `folder`, safe to write to."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "smallwins.json"
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target


def main(argv: list[str] | None = None) -> int:
    """The command line: write one synthetic store."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("out", metavar="OUT.json", type=Path, help="the new store file")
    parser.add_argument("--years", type=float, default=10, help="years of history (default 10)")
    parser.add_argument("--days", type=int, help="exactly this many days instead of --years")
    parser.add_argument("--goals", type=int, default=20, help="how many goals (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--today", default=DEFAULT_TODAY.isoformat(), help="the last day (YYYY-MM-DD)"
    )
    args = parser.parse_args(argv)
    today = Date.fromisoformat(args.today)
    today = pendulum.date(today.year, today.month, today.day)
    summary = generate(args.out, args.years, args.goals, args.seed, today, days=args.days)
    print(f"{summary.path}: {summary.describe()}")
    print(f"open it with: SMALLWINS_NOW={now_env(today)} TZ=UTC smallwins --db {summary.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
