"""Changes the dashboard makes as single undoable steps: puts and deletes, and their inverse."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from pendulum import Date, DateTime

from .commands import new_win, wins_of
from .days import day_index, day_record, wins_on
from .models import Day, Goal, GoalKind, Pause, Snapshot, Win, check_amount
from .units import amount as amount_text

Record = Goal | Win | Day | Pause
"""Anything a change can write."""
RecordKind = Literal["goal", "win", "pause"]


@dataclass(frozen=True, slots=True)
class Change:
    """Records to write and records to delete, as one step the user can undo."""

    puts: tuple[Record, ...] = ()
    deletes: tuple[tuple[RecordKind, str], ...] = ()
    label: str = ""
    """What the user did, for "undone: …" messages."""
    expects: tuple[Record, ...] = ()
    """For an undo: the records as the change it undoes left them. One that something else
    has written over since (another window, a command) is not lost to it (`undo_problem`)."""
    expects_gone: tuple[Record, ...] = ()
    """For an undo: what the change it undoes deleted (as it was), which must still be gone."""

    def __bool__(self) -> bool:
        return bool(self.puts or self.deletes)


def inverse_of(change: Change, before: Snapshot, after: Snapshot | None = None) -> Change:
    """The change that puts `before` back after `change` was applied to it.

    `after`, the snapshot the change made, holds what it put as the store keeps it (a win's
    times that equal its moment are not kept, say): the undo expects those versions.
    """
    goals = {g.id: g for g in before.goals}
    # Only the wins the change touches: a ten-year journal holds ~75,000.
    touched = {r.id for r in change.puts if isinstance(r, Win)}
    touched.update(record_id for kind, record_id in change.deletes if kind == "win")
    wins = {w.id: w for w in before.wins if w.id in touched} if touched else {}
    pauses = {p.id: p for p in before.pauses}
    existing: dict[str, dict[str, Goal] | dict[str, Win] | dict[str, Pause]] = {
        "goal": goals,
        "win": wins,
        "pause": pauses,
    }
    puts: list[Record] = []
    deletes: list[tuple[RecordKind, str]] = []
    gone: list[Record] = []
    for record in change.puts:
        if isinstance(record, Day):
            puts.append(before.day(record.date))
            continue
        kind: RecordKind = (
            "goal" if isinstance(record, Goal) else "win" if isinstance(record, Win) else "pause"
        )
        old = existing[kind].get(record.id)
        if old is None:
            deletes.append((kind, record.id))
        else:
            puts.append(old)
    for kind, record_id in change.deletes:
        old = existing[kind].get(record_id)
        if old is not None:
            puts.append(old)
            gone.append(old)
    written = change.puts
    if after is not None:
        written = tuple(_current(after, record) or record for record in change.puts)
    return Change(tuple(puts), tuple(deletes), change.label, written, tuple(gone))


def undo_problem(undo: Change, snapshot: Snapshot) -> str | None:
    """Why writing `undo` (from `inverse_of`) now would lose something, or None.

    An undo puts records back as they were: one written over since (in another window, by a
    command) would lose that newer version, a goal given wins or micro-goals since would
    leave them behind without it.
    """
    for record in undo.expects:
        now = _current(snapshot, record)
        if now != record:
            happened = "changed" if now is not None else "was deleted"
            return f"{_name(now or record)} {happened} since; not undone"
    for record in undo.expects_gone:
        if _current(snapshot, record) is not None:
            return f"{_name(record)} changed since; not undone"
    deleted = set(undo.deletes)
    for kind, record_id in undo.deletes:
        goal = snapshot.goal(record_id) if kind == "goal" else None
        if goal is not None and (
            day_index(snapshot).counts.get(record_id)
            or any(
                g.parent_id == record_id and ("goal", g.id) not in deleted for g in snapshot.goals
            )
        ):
            return f"“{goal.title}” has wins or micro-goals now: delete it with d instead"
    return None


def _current(snapshot: Snapshot, record: Record) -> Record | None:
    """The version of `record` in `snapshot` (None if it has none; days always have one)."""
    if isinstance(record, Goal):
        return snapshot.goal(record.id)
    if isinstance(record, Win):
        return next((w for w in wins_on(snapshot, record.day) if w.id == record.id), None)
    if isinstance(record, Day):
        return day_record(snapshot, record.date)
    return next((p for p in snapshot.pauses if p.id == record.id), None)


def _name(record: Record) -> str:
    """How an undo that cannot be made names what changed."""
    if isinstance(record, Goal):
        return f"“{record.title}”"
    if isinstance(record, Win):
        return f"a win of {record.day.format('ddd D MMM')}"
    if isinstance(record, Day):
        return record.date.format("ddd D MMM")
    return f"the pause from {record.start.format('ddd D MMM')}"


def count_step(goal: Goal) -> float:
    """How much `+`/`-` change a count goal by: 1 glass, 10 words, 1,000 steps."""
    target = goal.target or 1
    if target <= 20:
        return 1
    return float(10 ** (len(str(int(target))) - 2))


def adjust_today(
    snapshot: Snapshot, goal: Goal, *, delta: float, today: Date, now: DateTime
) -> Change:
    """Change a count goal's amount today by `delta`, on its latest win of the day."""
    todays = wins_of(snapshot, goal.id, today)
    # What `u` says it undid: "Drink water +1 glass".
    label = f"{goal.title} {'+' if delta > 0 else '-'}{amount_text(abs(delta), goal.unit)}"
    if delta > 0 and not todays:
        win = new_win(snapshot, now=now, today=today, goal=goal, amount=delta)
        return Change((win,), label=label)
    if not todays:
        return Change()
    latest = todays[-1]
    amount = (latest.amount or 0) + delta
    if amount <= 0:
        return Change(deletes=(("win", latest.id),), label=label)
    check_amount(amount, what="amount")
    edited = dataclasses.replace(latest, amount=amount, updated=now.in_timezone("UTC"))
    return Change((edited,), label=label)


def toggle_done(
    snapshot: Snapshot, goal: Goal, *, today: Date, now: DateTime, done: bool
) -> Change:
    """Mark a goal done today (one win) or not done (its wins of today removed)."""
    todays = wins_of(snapshot, goal.id, today)
    if done:
        if todays and goal.kind is GoalKind.CHECK:
            return Change()
        amount = None
        if goal.kind is GoalKind.COUNT:
            have = sum(w.amount or 0 for w in todays)
            amount = max((goal.target or 0) - have, 0) or None
            if amount is None:
                return Change()
        win = new_win(snapshot, now=now, today=today, goal=goal, amount=amount)
        return Change((win,), label=f"{goal.title} done")
    return Change(deletes=tuple(("win", w.id) for w in todays), label=f"{goal.title} not done")
