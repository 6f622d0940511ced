"""What the habit-tracker importers (HabitBull, harsh) share: goals by title, wins, rest days.

An importer reads its files into `Habit`s (one per habit, in order of appearance) and
`Entry`s (one per day a habit was done or skipped), then `plan_habits` turns them into
records the way the plain CSV importer does:

- a habit is matched to a goal by title, exactly but ignoring case (or by the id an earlier
  import gave it, if it was renamed since); a habit no goal has creates one, with an id
  derived from its title, so importing twice adds nothing;
- a done entry becomes a win at noon of its day (never after now), with an id derived from
  its content; a win the store already has (same day, goal, amount and note) is skipped;
- a skipped entry makes its day a rest day for that goal (`Day.rest_goals`);
- what the user deleted (a goal, a win) stays deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from pendulum import Date

from ..domain.commands import EARLIEST_DAY, new_goal
from ..domain.models import Day, Goal, Schedule, ValidationError, Win
from .plain_csv import derived_id, goal_id_for, instant_on, number_key
from .plan import BadImport, ImportContext, ImportPlan, ImportReport, Put


@dataclass(frozen=True, slots=True)
class Habit:
    """A habit as the file describes it: what a goal created for it looks like."""

    line: int
    """Where the habit is first named (for errors about the goal it creates)."""
    title: str
    target: float | None = None
    """The daily target of a count goal; None for a done-or-not goal."""
    why: str = ""
    schedule: Schedule | None = None
    file: Path | None = None
    """The file `line` is in, when not the one being imported."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One day of one habit: done (a win, maybe with an amount and a note) or skipped."""

    line: int
    day: Date
    title: str
    done: bool = True
    """False for a skip: a rest day for the habit's goal."""
    amount: float | None = None
    note: str = ""


def check_day(day: Date, ctx: ImportContext) -> None:
    """ValidationError for a day after today or before smallwins' earliest."""
    if day > ctx.today:
        raise ValidationError(f"date {day} is in the future; today is {ctx.today}")
    if day < EARLIEST_DAY:
        raise ValidationError(f"date {day} is too far in the past")


def plan_habits(
    ctx: ImportContext, fmt: str, habits: list[Habit], entries: list[Entry]
) -> ImportPlan:
    """The goals, wins and rest days of the habits that the store does not have yet."""
    snapshot = ctx.snapshot
    by_title: dict[str, list[Goal]] = {}
    for goal in snapshot.goals:
        by_title.setdefault(goal.title.strip().casefold(), []).append(goal)
    by_id = {g.id: g for g in snapshot.goals}
    deleted = {t.id for t in snapshot.tombstones}

    goals: dict[str, Goal | None] = {}
    """Goal by casefolded title; None for a goal the user deleted after an earlier import."""
    to_create: list[Habit] = []
    for habit in habits:
        key = habit.title.casefold()
        if key in goals or any(h.title.casefold() == key for h in to_create):
            continue
        existing = by_title.get(key, [])
        if len(existing) > 1:
            raise BadImport(
                habit.file or ctx.file,
                habit.line,
                f"{len(existing)} goals are called {habit.title!r}; rename one first",
            )
        if existing:
            goals[key] = existing[0]
        elif (renamed := by_id.get(goal_id_for(key))) is not None:
            goals[key] = renamed  # created by an earlier import, renamed since
        elif goal_id_for(key) in deleted:
            goals[key] = None
        else:
            to_create.append(habit)
    created = _new_goals(ctx, to_create)
    goals.update(created)

    have = Counter((w.day, w.goal_id, w.amount, w.note) for w in snapshot.wins)
    have_ids = {w.id for w in snapshot.wins}
    occurrences: Counter[tuple[object, ...]] = Counter()
    days = {d.date: d for d in snapshot.days}
    resting: dict[Date, set[str]] = {}
    wins: list[Put] = []
    skipped = 0
    for entry in entries:
        key = entry.title.casefold()
        owner = goals.get(key)
        if owner is None:
            skipped += 1  # its goal was deleted
            continue
        if not entry.done:
            known = days.get(entry.day)
            if known is not None and known.rests(owner.id):
                skipped += 1
            else:
                resting.setdefault(entry.day, set()).add(owner.id)
            continue
        amount = entry.amount if owner.is_count else None
        if owner.is_count and amount is None:
            amount = owner.target
        content = (entry.day, owner.id, amount, entry.note)
        n = occurrences[content]
        occurrences[content] += 1
        win_id = derived_id(
            "win", fmt, entry.day.isoformat(), key, number_key(amount), entry.note, str(n)
        )
        if n < have[content] or win_id in have_ids or win_id in deleted:
            skipped += 1
            continue
        at = instant_on(ctx, entry.day, None)
        wins.append(
            Win(id=win_id, at=at, day=entry.day, goal_id=owner.id, amount=amount, note=entry.note)
        )
    now = ctx.now.in_timezone("UTC")
    rest_days: list[Put] = []
    for day, goal_ids in sorted(resting.items()):
        known = days.get(day)
        if known is None:
            rest_days.append(Day(day, rest_goals=frozenset(goal_ids), updated=now))
        else:
            rest_days.append(replace(known, rest_goals=known.rest_goals | goal_ids, updated=now))
    report = ImportReport(
        format=fmt,
        added_goals=len(created),
        added_wins=len(wins),
        added_days=len(rest_days),
        skipped=skipped,
        created_goal_titles=tuple(g.title for g in created.values()),
    )
    return ImportPlan((*created.values(), *wins, *rest_days), report)


def _new_goals(ctx: ImportContext, habits: list[Habit]) -> dict[str, Goal]:
    """The goals for `habits`, by casefolded title, placed after the store's top-level goals."""
    top = [g.position for g in ctx.snapshot.goals if g.parent_id is None]
    position = max(top, default=-1) + 1
    out: dict[str, Goal] = {}
    for habit in habits:
        key = habit.title.casefold()
        try:
            goal = new_goal(
                ctx.snapshot,
                now=ctx.now.in_timezone("UTC"),
                title=habit.title,
                why=habit.why,
                target=habit.target,
                schedule=habit.schedule,
            )
        except ValidationError as err:
            raise BadImport(habit.file or ctx.file, habit.line, str(err)) from None
        out[key] = replace(goal, id=goal_id_for(key), position=position)
        position += 1
    return out
