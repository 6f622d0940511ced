"""What a user can ask for, as pure functions that validate and return the new records.

The command line and the dashboard call these inside a store transaction, so a value that
breaks a rule raises `ValidationError` before anything reaches the store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pendulum
from pendulum import Date, DateTime

from .models import (
    NOTE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    UNIT_MAX,
    Day,
    Goal,
    GoalKind,
    Milestone,
    Pause,
    Schedule,
    Snapshot,
    ValidationError,
    Win,
    check_amount,
    clean_text,
    new_id,
)

EARLIEST_DAY = pendulum.date(2000, 1, 1)
"""Dates before this are refused as typing mistakes."""


def find_goal(snapshot: Snapshot, ref: str) -> Goal:
    """The goal named by `ref`: its id, an id prefix, or an unambiguous title prefix."""
    key = ref.strip()
    if not key:
        raise ValidationError("name a goal by its title or id")
    goals = snapshot.goals
    for goal in goals:
        if goal.id == key:
            return goal
    folded = key.casefold()
    exact = [g for g in goals if g.title.casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    live = [g for g in goals if not g.archived]
    for pool in (live, goals):
        matches = [g for g in pool if g.title.casefold().startswith(folded)]
        if len(key) >= 4:
            matches += [g for g in pool if g.id.startswith(key) and g not in matches]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(repr(g.title) for g in matches[:5])
            raise ValidationError(
                f"{ref!r} matches {len(matches)} goals ({names}); be more specific"
            )
    raise ValidationError(f"no goal matches {ref!r} (see: smallwins goal list)")


def check_day(day: Date, today: Date) -> Date:
    """Refuse days in the future or absurdly far in the past."""
    if day > today:
        raise ValidationError(f"{day.isoformat()} is in the future; today is {today.isoformat()}")
    if day < EARLIEST_DAY:
        raise ValidationError(f"{day.isoformat()} is too far in the past")
    return day


def _check_parent(snapshot: Snapshot, goal_id: str, parent_id: str | None) -> str | None:
    if parent_id is None:
        return None
    if snapshot.goal(parent_id) is None:
        raise ValidationError("the parent goal does not exist")
    by_id = {g.id: g for g in snapshot.goals}
    cursor: str | None = parent_id
    seen: set[str] = set()
    while cursor is not None and cursor not in seen:
        if cursor == goal_id:
            raise ValidationError(
                "a goal cannot be a micro-goal of itself or of its own micro-goals"
            )
        seen.add(cursor)
        parent = by_id.get(cursor)
        cursor = parent.parent_id if parent else None
    return parent_id


def _validated(snapshot: Snapshot, goal: Goal) -> Goal:
    """Check every field of a goal and return it with its text cleaned."""
    title = clean_text(goal.title, what="title", max_len=TITLE_MAX, required=True)
    unit = clean_text(goal.unit, what="unit", max_len=UNIT_MAX)
    target = goal.target
    if goal.kind is GoalKind.COUNT:
        if target is None:
            raise ValidationError(
                "a count goal needs a daily target (e.g. --target 200 --unit words)"
            )
        check_amount(target, what="daily target")
    else:
        if unit:
            raise ValidationError("a unit needs a daily target (e.g. --target 200 --unit words)")
        target = None
    if goal.total is not None:
        check_amount(goal.total, what="total")
    _check_parent(snapshot, goal.id, goal.parent_id)
    return dataclasses.replace(
        goal,
        title=title,
        unit=unit,
        target=target,
        why=clean_text(goal.why, what="why", max_len=TEXT_MAX),
        anchor=clean_text(goal.anchor, what="anchor", max_len=TEXT_MAX),
        tiny=clean_text(goal.tiny, what="tiny version", max_len=TEXT_MAX),
    )


def new_goal(
    snapshot: Snapshot,
    *,
    now: DateTime,
    title: str,
    why: str = "",
    anchor: str = "",
    tiny: str = "",
    target: float | None = None,
    unit: str = "",
    schedule: Schedule | None = None,
    parent_id: str | None = None,
    total: float | None = None,
) -> Goal:
    """A new goal (a count goal when it has a daily target), placed after its siblings."""
    siblings = [g for g in snapshot.goals if g.parent_id == parent_id]
    goal = Goal(
        id=new_id(),
        title=title,
        created=now,
        updated=now,
        kind=GoalKind.COUNT if target is not None else GoalKind.CHECK,
        why=why,
        anchor=anchor,
        tiny=tiny,
        target=target,
        unit=unit,
        schedule=schedule or Schedule.daily(),
        parent_id=parent_id,
        total=total,
        position=max((g.position for g in siblings), default=-1) + 1,
    )
    return _validated(snapshot, goal)


def edit_goal(snapshot: Snapshot, goal: Goal, *, now: DateTime, **changes: object) -> Goal:
    """The goal with `changes` applied (field names of `Goal`), validated again as a whole."""
    allowed = {
        "title",
        "why",
        "anchor",
        "tiny",
        "target",
        "unit",
        "schedule",
        "parent_id",
        "total",
        "archived",
        "position",
        "milestones",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"cannot change {', '.join(sorted(unknown))}")
    if "target" in changes:
        changes["kind"] = GoalKind.COUNT if changes["target"] is not None else GoalKind.CHECK
        if changes["target"] is None and "unit" not in changes:
            changes["unit"] = ""
    from .days import goal_win_count  # the day index: a ten-year journal holds ~75,000 wins

    swapping = "kind" in changes and changes["kind"] != goal.kind
    if swapping and goal_win_count(snapshot, goal.id):
        raise ValidationError(
            "this goal already has wins; a done-or-not goal and a count goal cannot swap"
        )
    edited = dataclasses.replace(goal, updated=now, **changes)  # type: ignore[arg-type]
    return _validated(snapshot, edited)


def add_milestone(goal: Goal, title: str, *, now: DateTime, done_on: Date | None = None) -> Goal:
    """The goal with one more user-named milestone."""
    text = clean_text(title, what="milestone", max_len=TITLE_MAX, required=True)
    milestone = Milestone(id=new_id(), title=text, done_on=done_on)
    return dataclasses.replace(goal, milestones=(*goal.milestones, milestone), updated=now)


def mark_milestone(goal: Goal, milestone_id: str, *, now: DateTime, done_on: Date | None) -> Goal:
    """The goal with one milestone marked reached on `done_on` (or not reached, for None)."""
    if all(m.id != milestone_id for m in goal.milestones):
        raise ValidationError("that milestone does not belong to this goal")
    milestones = tuple(
        dataclasses.replace(m, done_on=done_on) if m.id == milestone_id else m
        for m in goal.milestones
    )
    return dataclasses.replace(goal, milestones=milestones, updated=now)


def find_milestone(goal: Goal, ref: str) -> Milestone:
    """A goal's milestone by id or unambiguous title prefix."""
    folded = ref.strip().casefold()
    matches = [m for m in goal.milestones if m.id == ref or m.title.casefold().startswith(folded)]
    exact = [m for m in matches if m.title.casefold() == folded]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    if not matches:
        raise ValidationError(f"{goal.title!r} has no milestone matching {ref!r}")
    raise ValidationError(f"{ref!r} matches {len(matches)} milestones; be more specific")


def new_win(
    snapshot: Snapshot,
    *,
    now: DateTime,
    today: Date,
    text: str = "",
    goal: Goal | None = None,
    amount: float | None = None,
    day: Date | None = None,
) -> Win:
    """A validated win: a free-standing one needs words; a count goal's defaults to its target."""
    note = clean_text(text, what="note", max_len=NOTE_MAX, multiline=True)
    when = check_day(day or today, today)
    if goal is None:
        if amount is not None:
            raise ValidationError("an amount needs a goal (--goal)")
        if not note:
            raise ValidationError('say what the win was, e.g. smallwins log "wrote 200 words"')
    else:
        if goal.archived:
            raise ValidationError(f"{goal.title!r} is archived; unarchive it to log wins")
        if goal.kind is GoalKind.CHECK and amount is not None:
            raise ValidationError(f"{goal.title!r} is done-or-not; it takes no amount")
        if goal.kind is GoalKind.COUNT:
            if amount is None:
                amount = goal.target
            check_amount(float(amount or 0), what="amount", allow_zero=False)
    stamp = now.in_timezone("UTC")
    return Win(
        id=new_id(),
        at=stamp,
        day=when,
        goal_id=goal.id if goal else None,
        amount=amount,
        note=note,
        created=stamp,
        updated=stamp,
    )


def wins_of(snapshot: Snapshot, goal_id: str, day: Date) -> tuple[Win, ...]:
    """A goal's wins on one day, oldest first."""
    from .days import wins_on  # the day index: a ten-year journal holds ~75,000 wins

    return tuple(sorted((w for w in wins_on(snapshot, day) if w.goal_id == goal_id), key=_at))


def _at(win: Win) -> DateTime:
    return win.at


def set_note(snapshot: Snapshot, *, day: Date, text: str, today: Date, now: DateTime) -> Day:
    """The day's record with its journal note replaced (an empty text clears it)."""
    note = clean_text(text, what="note", max_len=NOTE_MAX, multiline=True)
    check_day(day, today)
    return dataclasses.replace(snapshot.day(day), note=note, updated=now.in_timezone("UTC"))


def set_rest(
    snapshot: Snapshot,
    *,
    day: Date,
    today: Date,
    now: DateTime,
    rest: bool,
    goal_id: str | None = None,
) -> Day:
    """The day's record marked (or unmarked) as a rest day, for all goals or one."""
    if day > today.add(days=366):
        raise ValidationError("rest days can be planned up to a year ahead")
    if day < EARLIEST_DAY:
        raise ValidationError(f"{day.isoformat()} is too far in the past")
    record = snapshot.day(day)
    if goal_id is None:
        record = dataclasses.replace(record, rest=rest)
    else:
        goals = set(record.rest_goals)
        goals.add(goal_id) if rest else goals.discard(goal_id)
        record = dataclasses.replace(record, rest_goals=frozenset(goals))
    return dataclasses.replace(record, updated=now.in_timezone("UTC"))


def new_pause(*, start: Date, end: Date, note: str, now: DateTime) -> Pause:
    """A pause (vacation, illness) over `start`..`end`, both included."""
    if end < start:
        raise ValidationError("a pause must end on or after the day it starts")
    if start < EARLIEST_DAY:
        raise ValidationError(f"{start.isoformat()} is too far in the past")
    if (end - start).in_days() > 366:
        raise ValidationError("a pause can last a year at most")
    text = clean_text(note, what="note", max_len=TEXT_MAX)
    return Pause(id=new_id(), start=start, end=end, note=text, created=now.in_timezone("UTC"))


def parse_amount(text: str, *, what: str = "amount") -> float:
    """Parse a number the user typed ("200", "1.5", "1,000")."""
    try:
        value = float(text.replace(",", "").replace("_", "").strip())
    except ValueError:
        raise ValidationError(f"{what} must be a number, not {text!r}") from None
    check_amount(value, what=what)
    return int(value) if value.is_integer() else value


def reorder(goals: Iterable[Goal], goal: Goal, step: int, *, now: DateTime) -> tuple[Goal, ...]:
    """Move `goal` `step` places among its siblings; returns the siblings whose position changed."""
    siblings = sorted(
        (g for g in goals if g.parent_id == goal.parent_id and not g.archived),
        key=lambda g: (g.position, g.created),
    )
    index = next(i for i, g in enumerate(siblings) if g.id == goal.id)
    target = max(0, min(len(siblings) - 1, index + step))
    if target == index:
        return ()
    siblings.insert(target, siblings.pop(index))
    return tuple(
        dataclasses.replace(g, position=i, updated=now)
        for i, g in enumerate(siblings)
        if g.position != i
    )


def goal_family(snapshot: Snapshot, goal: Goal) -> tuple[Goal, ...]:
    """A goal and all its micro-goals, at any depth."""
    family = [goal]
    for member in family:
        family.extend(g for g in snapshot.goals if g.parent_id == member.id and g not in family)
    return tuple(family)


def deletion_of(snapshot: Snapshot, goal: Goal) -> tuple[tuple[Goal, ...], tuple[Win, ...]]:
    """What deleting a goal removes: the goal with its micro-goals, and all their wins."""
    goals = goal_family(snapshot, goal)
    ids = {g.id for g in goals}
    return goals, tuple(w for w in snapshot.wins if w.goal_id in ids)


def archive_family(
    snapshot: Snapshot, goal: Goal, *, archived: bool, now: DateTime
) -> tuple[Goal, ...]:
    """The goal and its micro-goals archived (or brought back) together, as changed records."""
    return tuple(
        dataclasses.replace(member, archived=archived, updated=now)
        for member in goal_family(snapshot, goal)
        if member.archived != archived
    )
