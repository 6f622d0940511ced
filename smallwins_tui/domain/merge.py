"""Merging two copies of one journal (two machines, a synced folder's conflict copy).

`merge(mine, theirs)` is the union of both copies' records, matched by id (a day by its
date):

- a record only one side has is kept;
- a record both sides have but edited differently keeps the newer edit (`updated`, else
  `created`, else when it was logged); an exact tie is broken by the records' content, so the
  choice never depends on which side is "mine"; the version left out is reported;
- a deletion (tombstone) on either side wins over any edit: the record goes, and with a
  deleted goal go its micro-goals and their wins, each leaving a tombstone dated like the
  goal's, so deleting once is enough whichever copy learns of it first;
- two tombstones of one record keep the earlier deletion.

The records merged are a pure function of the two sets, so merging is commutative
(`merge(a, b)` holds the same records as `merge(b, a)`) and idempotent (`merge(merge(a, b), b)`
is `merge(a, b)`); it is also associative as long as no win or micro-goal was moved to another
goal on one copy while that goal was deleted on another (and up to which deletion time a
micro-goal's tombstone keeps). Settings are per machine: the result
keeps `mine`'s.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import pendulum
from pendulum import Date, DateTime

from .models import Day, Goal, Pause, Snapshot, Tombstone, Win

_R = TypeVar("_R", Goal, Win, Pause, Day)
_LONG_AGO = pendulum.datetime(1, 1, 1, tz="UTC")
"""When a record that does not say when it was edited counts as edited."""

Record = Goal | Win | Pause | Day


@dataclass(frozen=True, slots=True)
class Conflict:
    """One record edited on both sides: the edit kept and the one left out."""

    kept: Record
    other: Record
    """The version not kept (its text stays readable here, in the report)."""
    kept_mine: bool
    """Whether the kept version was `mine`'s."""


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What merging `theirs` into `mine` changes in `mine`."""

    added: Mapping[str, int] = dataclasses.field(default_factory=dict)
    """Records only `theirs` had, by kind ("goal", "win", "day", "pause")."""
    updated: Mapping[str, int] = dataclasses.field(default_factory=dict)
    """Records both had, where `theirs` was newer, by kind."""
    deleted: Mapping[str, int] = dataclasses.field(default_factory=dict)
    """Records of `mine` removed by a deletion made on the other side, by kind."""
    conflicts: tuple[Conflict, ...] = ()
    """Records edited on both sides, whichever side won."""

    @property
    def changes(self) -> int:
        """How many records of `mine` the merge adds, replaces or removes."""
        return sum(self.added.values()) + sum(self.updated.values()) + sum(self.deleted.values())


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged journal and what it changed."""

    snapshot: Snapshot
    report: MergeReport


def kind_of(record: Record) -> str:
    """ "goal", "win", "day" or "pause"."""
    return type(record).__name__.lower()


def records_of(snapshot: Snapshot) -> tuple[Record, ...]:
    """The goals, pauses, days and wins of a snapshot (in the order a store takes them)."""
    out: list[Record] = [*snapshot.goals, *snapshot.pauses, *snapshot.days, *snapshot.wins]
    return tuple(out)


def key_of(record: Record) -> tuple[str, object]:
    """What identifies a record across copies: its kind and id (a day: its date)."""
    return kind_of(record), record.date if isinstance(record, Day) else record.id


def edited(record: Record) -> DateTime | None:
    """When a record was last changed, as far as it says."""
    if isinstance(record, Goal):
        return record.updated
    if isinstance(record, Win):
        return record.updated or record.created or record.at
    if isinstance(record, Day):
        return record.updated
    return record.created


def merge(mine: Snapshot, theirs: Snapshot) -> Merged:
    """Both copies' records in one snapshot (with `mine`'s settings), and the report."""
    tombstones = _merge_tombstones(mine.tombstones, theirs.tombstones)
    conflicts: list[Conflict] = []
    goals = _union(mine.goals, theirs.goals, _id, conflicts)
    wins = _union(mine.wins, theirs.wins, _id, conflicts)
    pauses = _union(mine.pauses, theirs.pauses, _id, conflicts)
    days = _union(mine.days, theirs.days, _date, conflicts)
    tombstones = _cascade(tombstones, goals, wins)
    for table in (goals, wins, pauses):
        for key in [key for key in table if key in tombstones]:
            del table[key]
    conflicts = [c for c in conflicts if key_of(c.kept)[1] not in tombstones]
    snapshot = Snapshot(
        goals=_ordered(goals),
        wins=_ordered(wins),
        days=_ordered(days),
        pauses=_ordered(pauses),
        tombstones=tuple(tombstones[key] for key in sorted(tombstones)),
        settings=mine.settings,
    )
    return Merged(snapshot, _report(mine, snapshot, conflicts))


def _id(record: Goal | Win | Pause) -> str:
    return record.id


def _date(record: Day) -> Date:
    return record.date


def _union(
    mine: Iterable[_R],
    theirs: Iterable[_R],
    key: Callable[[_R], Any],
    conflicts: list[Conflict],
) -> dict[Any, _R]:
    out: dict[Any, _R] = {key(record): record for record in mine}
    for record in theirs:
        k = key(record)
        have = out.get(k)
        if have is None:
            out[k] = record
        elif have != record:
            newer = max(have, record, key=_recency)
            older = record if newer is have else have
            out[k] = newer
            conflicts.append(Conflict(kept=newer, other=older, kept_mine=newer is have))
    return out


def _recency(record: Record) -> tuple[DateTime, str]:
    """Newer edits sort last; equal times fall back to the content, never to the side."""
    when = edited(record)
    return (when if when is not None else _LONG_AGO, _canonical(record))


def _canonical(value: object) -> str:
    """A text of a record's content that does not depend on set order or hash seeds."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (_canonical(getattr(value, f.name)) for f in dataclasses.fields(value))
        return f"{type(value).__name__}({','.join(fields)})"
    if isinstance(value, frozenset | set):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, tuple | list):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    if isinstance(value, DateTime):
        return value.in_timezone("UTC").isoformat()
    return repr(value)


def _merge_tombstones(
    mine: Iterable[Tombstone], theirs: Iterable[Tombstone]
) -> dict[str, Tombstone]:
    out: dict[str, Tombstone] = {}
    for tombstone in (*mine, *theirs):
        have = out.get(tombstone.id)
        if have is None or (tombstone.deleted, tombstone.kind) < (have.deleted, have.kind):
            out[tombstone.id] = tombstone
    return out


def _cascade(
    tombstones: dict[str, Tombstone], goals: Mapping[str, Goal], wins: Mapping[str, Win]
) -> dict[str, Tombstone]:
    """Deleted goals take their micro-goals (at any depth) and all their wins with them."""
    out = dict(tombstones)
    changed = True
    while changed:
        changed = False
        for goal in goals.values():
            parent = out.get(goal.parent_id) if goal.parent_id is not None else None
            if goal.id not in out and parent is not None and parent.kind == "goal":
                out[goal.id] = Tombstone(goal.id, "goal", parent.deleted)
                changed = True
    for win in wins.values():
        gone = out.get(win.goal_id) if win.goal_id is not None else None
        if win.id not in out and gone is not None and gone.kind == "goal":
            out[win.id] = Tombstone(win.id, "win", gone.deleted)
    return out


def _ordered(records: Mapping[Any, _R]) -> tuple[_R, ...]:
    return tuple(records[key] for key in sorted(records))


def _report(mine: Snapshot, merged: Snapshot, conflicts: list[Conflict]) -> MergeReport:
    added: dict[str, int] = {}
    updated: dict[str, int] = {}
    deleted: dict[str, int] = {}
    before = {key_of(r): r for r in records_of(mine)}
    for record in records_of(merged):
        kind = kind_of(record)
        old = before.pop(key_of(record), None)
        if old is None:
            added[kind] = added.get(kind, 0) + 1
        elif old != record:
            updated[kind] = updated.get(kind, 0) + 1
    for kind, _ in before:
        deleted[kind] = deleted.get(kind, 0) + 1
    return MergeReport(added=added, updated=updated, deleted=deleted, conflicts=tuple(conflicts))
