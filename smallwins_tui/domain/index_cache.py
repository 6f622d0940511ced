"""The day index of a snapshot, derived incrementally from the one before, and its cache.

An index is built once per snapshot. A snapshot made by a write carries a `SnapshotDelta`;
its index is then derived from the index of the snapshot before, copy-on-write: only the
per-goal dictionaries of the goals whose wins changed are copied (and the per-day ones),
everything else is shared. Shared objects are never mutated, so anything computed from one
(a goal's statistics, a streak walk) can be reused by identity, through the index's memo
(`DayIndex.recall` / `DayIndex.remember`).
"""

from __future__ import annotations

import copy
import sys
import threading
from bisect import bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar, cast

from .models import (
    Day,
    LazyDay,
    LazyWins,
    Pause,
    Snapshot,
    SnapshotDelta,
    Win,
    WinSummary,
    summarise,
)

_T = TypeVar("_T")

EVERY_DAY = sys.maxsize
"""`through` of a memo entry that read all of its scope's days (any change drops it)."""
BY_IDENTITY = 0
"""`through` of a memo entry carried over whatever changed, its `refs` telling if it holds."""
_UNCHANGED = EVERY_DAY + 1
"""The first changed day of something that did not change."""


def _first_difference(a: set[int], b: set[int]) -> int:
    """The first day in one set and not the other (`_UNCHANGED` for equal sets)."""
    return min(a ^ b, default=_UNCHANGED)


@dataclass(frozen=True, slots=True)
class _Memo:
    """A result kept on an index, with what it was computed from."""

    refs: tuple[object, ...]
    """Inputs compared by identity (copy-on-write makes a changed input a new object)."""
    values: tuple[Hashable, ...]
    """Inputs compared by value."""
    value: object
    through: int | None
    """The last day of its scope the result read (`EVERY_DAY`: all); None: this index only."""


class DayIndex:
    """One snapshot's wins, rest days and pauses keyed by day ordinal, built once."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.week_start = snapshot.settings.week_start
        wins = snapshot.wins
        # Each win's place in `snapshot.wins`, by day, so that a derived index keeps a day's
        # wins in the order a fresh build does (the store appends a new win; a changed one
        # keeps its place), and sums a day's amounts in that order: the same floats.
        self._day_seqs: dict[int, tuple[int, ...]] = {}
        self._day_wins: dict[int, tuple[Win, ...] | LazyDay] = {}
        """A day's wins, or the `LazyDay` that decodes them when asked (see `_wins_at`)."""
        self.wins_per_day: dict[int, int] = {}
        self.amounts: dict[str, dict[int, float]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        extra = wins.extra if isinstance(wins, LazyWins) else wins
        start = len(wins) - len(extra)  # the place of the first of `extra`
        places: dict[int, list[int]] = {}  # each win's place in `extra`, by day
        for i, o in enumerate([win.day.toordinal() for win in extra]):
            if o in places:
                places[o].append(i)
            else:
                places[o] = [i]
        if isinstance(wins, LazyWins):
            seq = 0
            for day in wins.days:  # (one per date: the store keeps a date in one document)
                o, n = day.date.toordinal(), len(day.summary)
                seqs = tuple(range(seq, seq + n))
                seq += n
                if o not in places:
                    self._add_day(o, seqs, day, day.summary)
                    continue
                # Wins added to this day since it was read follow its own.
                where = places.pop(o)
                day_wins = (*day.wins, *map(extra.__getitem__, where))
                seqs += tuple(start + i for i in where)
                self._add_day(o, seqs, day_wins, summarise(day_wins))
        for o, where in places.items():
            day_wins = tuple(map(extra.__getitem__, where))
            seqs = tuple(where) if not start else tuple(start + i for i in where)
            self._add_day(o, seqs, day_wins, summarise(day_wins))
        self._next_seq = self._total = len(wins)

        self._first: dict[str | None, int | None] = {}
        self._memo: dict[tuple[str | None, str], _Memo] = {}
        self.rest_days: set[int] = set()
        self.goal_rests: dict[str, set[int]] = {}
        self._day_records: dict[int, Day] = {}
        self._pause_starts: tuple[int, ...] = ()
        self._pause_ends: tuple[int, ...] = ()
        self._set_days(snapshot.days)
        self._set_pauses(snapshot.pauses)

    def _add_day(
        self,
        o: int,
        seqs: tuple[int, ...],
        wins: tuple[Win, ...] | LazyDay,
        summary: Iterable[WinSummary],
    ) -> None:
        self._day_seqs[o], self._day_wins[o], self.wins_per_day[o] = seqs, wins, len(seqs)
        for goal_id, amount in summary:
            if goal_id is None:
                continue
            amounts = self.amounts.get(goal_id)
            if amounts is None:
                amounts = self.amounts[goal_id] = {}
                self.counts[goal_id] = {}
            counts = self.counts[goal_id]
            amounts[o] = amounts.get(o, 0.0) + (amount or 0.0)
            counts[o] = counts.get(o, 0) + 1

    def _set_days(self, days: tuple[Day, ...]) -> None:
        self.rest_days = {d.date.toordinal() for d in days if d.rest}
        self.goal_rests = {}
        self._day_records = {}
        for day in days:
            self._day_records.setdefault(day.date.toordinal(), day)
            for goal_id in day.rest_goals:
                self.goal_rests.setdefault(goal_id, set()).add(day.date.toordinal())

    def _set_pauses(self, pauses: Iterable[Pause]) -> None:
        # Merged into disjoint ranges so one bisect answers "is this day paused?".
        ranges: list[list[int]] = []
        for a, b in sorted((p.start.toordinal(), p.end.toordinal()) for p in pauses):
            if ranges and a <= ranges[-1][1] + 1:
                ranges[-1][1] = max(ranges[-1][1], b)
            elif a <= b:
                ranges.append([a, b])
        self._pause_starts = tuple(r[0] for r in ranges)
        self._pause_ends = tuple(r[1] for r in ranges)

    def _days_changed(self, before: DayIndex, changed: dict[str | None, int]) -> int:
        # The first day whose whole-day rest changed (returned) and of each goal's own rests
        # (into `changed`). Sets that did not change stay the objects of `before`, so a new
        # note does not look like new rest days to the results kept by identity.
        first = _first_difference(self.rest_days, before.rest_days)
        if first == _UNCHANGED:
            self.rest_days = before.rest_days
        for goal_id in self.goal_rests.keys() | before.goal_rests.keys():
            rests, old = self.goal_rests.get(goal_id, set()), before.goal_rests.get(goal_id, set())
            day = _first_difference(rests, old)
            if day == _UNCHANGED:
                self.goal_rests[goal_id] = old
            else:
                changed[goal_id] = min(day, changed.get(goal_id, day))
        return first

    def _pauses_changed(self, before: DayIndex) -> int:
        # The first day paused in one and not in the other. Merged ranges neither overlap nor
        # touch, so being paused flips exactly at each start and after each end: the first
        # such point in one and not the other is where they begin to differ.
        points = set(self._pause_starts) | {end + 1 for end in self._pause_ends}
        old = set(before._pause_starts) | {end + 1 for end in before._pause_ends}
        first = _first_difference(points, old)
        if first == _UNCHANGED:
            self._pause_starts, self._pause_ends = before._pause_starts, before._pause_ends
        return first

    def derive(self, snapshot: Snapshot, delta: SnapshotDelta) -> DayIndex | None:
        """The index of `snapshot`, made from this one (of `delta.previous`) by applying `delta`.

        Kept results are carried over unless what they read changed: the first changed day of
        their scope (a goal's wins or rests; for overall results, a day's first or last win)
        and of rest days and pauses (for every scope) must come after their `through`.

        None when the delta does not fit this index (a removed win it does not hold, a number
        of wins that does not add up): the caller builds from scratch instead.
        """
        new = copy.copy(self)  # shares every structure; the changed ones are replaced below
        new.week_start = snapshot.settings.week_start
        # The first changed day of each goal whose wins (or own rests) changed, and under None
        # the first day that got its first win or lost its last.
        changed: dict[str | None, int] = {}
        if delta.added_wins or delta.removed_wins:
            if not new._apply_wins(delta.added_wins, delta.removed_wins, changed):
                return None
            if new._total != len(snapshot.wins):
                return None
        new._first = {k: v for k, v in self._first.copy().items() if k not in changed}
        every = _UNCHANGED  # the first day whose rest or pause changed, for every scope
        if delta.days_changed:
            new._set_days(snapshot.days)
            every = min(every, new._days_changed(self, changed))
        if delta.pauses_changed:
            new._set_pauses(snapshot.pauses)
            every = min(every, new._pauses_changed(self))
        # Copied first (in one step under the GIL): the other thread may be adding entries.
        memos = self._memo.copy()
        new._memo = {
            key: memo
            for key, memo in memos.items()
            if memo.through is not None and min(changed.get(key[0], every), every) > memo.through
        }
        return new

    def _apply_wins(
        self, added: tuple[Win, ...], removed: tuple[Win, ...], changed: dict[str | None, int]
    ) -> bool:
        # Only on a fresh copy (see `derive`): replaces, never changes, what it shares.
        day_wins, day_seqs = dict(self._day_wins), dict(self._day_seqs)
        touched: dict[str | None, set[int]] = {}
        freed: dict[str, int] = {}  # id -> place of a removed win; a changed win keeps it
        for win in removed:
            o = win.day.toordinal()
            wins = _wins_at(day_wins, o)
            i = next((i for i, w in enumerate(wins) if w.id == win.id), None)
            if i is None:
                return False
            seqs = day_seqs[o]
            freed[win.id] = seqs[i]
            day_wins[o], day_seqs[o] = wins[:i] + wins[i + 1 :], seqs[:i] + seqs[i + 1 :]
            touched.setdefault(wins[i].goal_id, set()).add(o)
            touched.setdefault(win.goal_id, set()).add(o)
        for win in added:
            seq = freed.pop(win.id, None)
            if seq is None:
                seq, self._next_seq = self._next_seq, self._next_seq + 1
            o = win.day.toordinal()
            wins, seqs = _wins_at(day_wins, o), day_seqs.get(o, ())
            i = bisect_right(seqs, seq)
            day_wins[o], day_seqs[o] = (*wins[:i], win, *wins[i:]), (*seqs[:i], seq, *seqs[i:])
            touched.setdefault(win.goal_id, set()).add(o)
        wins_per_day = dict(self.wins_per_day)
        for o in set().union(*touched.values()):
            n = len(_wins_at(day_wins, o))  # (a tuple by now: each touched day was replaced)
            if (o in wins_per_day) != (n > 0):
                changed[None] = min(o, changed.get(None, o))
            if n:
                wins_per_day[o] = n
            else:
                del day_wins[o], day_seqs[o], wins_per_day[o]
        amounts, counts = dict(self.amounts), dict(self.counts)
        for goal_id, days in touched.items():
            if goal_id is None:
                continue
            changed[goal_id] = min(days)
            goal_amounts = dict(amounts.get(goal_id, {}))
            goal_counts = dict(counts.get(goal_id, {}))
            for o in days:
                # Summed again in the order of a fresh build, so the floats come out the same.
                total, n = 0.0, 0
                for w in _wins_at(day_wins, o):
                    if w.goal_id == goal_id:
                        total, n = total + (w.amount or 0.0), n + 1
                if n:
                    goal_amounts[o], goal_counts[o] = total, n
                else:
                    goal_amounts.pop(o, None)
                    goal_counts.pop(o, None)
            if goal_counts:
                amounts[goal_id], counts[goal_id] = goal_amounts, goal_counts
            else:
                amounts.pop(goal_id, None)
                counts.pop(goal_id, None)
        self._day_wins, self._day_seqs, self.wins_per_day = day_wins, day_seqs, wins_per_day
        self.amounts, self.counts = amounts, counts
        self._total += len(added) - len(removed)
        return True

    # --- queries ----------------------------------------------------------------------------

    def wins_on(self, o: int) -> tuple[Win, ...]:
        """The wins of day ordinal `o`, in the snapshot's order.

        A derived index orders them as the store orders the snapshot of a write: a new win
        comes last, a changed one keeps its place.
        """
        return _wins_at(self._day_wins, o)

    def day_record(self, o: int) -> Day | None:
        """What the user wrote about day ordinal `o`, if anything."""
        return self._day_records.get(o)

    def first_day(self, goal_id: str | None) -> int | None:
        """The first day with a win of `goal_id` (None: of any kind), if any."""
        if goal_id in self._first:
            return self._first[goal_id]
        days = self.wins_per_day if goal_id is None else self.counts.get(goal_id, {})
        first = self._first[goal_id] = min(days, default=None)
        return first

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

    def rest_inputs(self) -> tuple[object, ...]:
        """The rest days and pauses, to key kept results on by identity."""
        return (self.rest_days, self._pause_starts, self._pause_ends)

    def goal_inputs(self, goal_id: str) -> tuple[object, ...]:
        """Everything of the index a goal's results read, to key kept results on by identity."""
        return (
            self.amounts.get(goal_id),
            self.counts.get(goal_id),
            self.goal_rests.get(goal_id),
            *self.rest_inputs(),
        )

    # --- memo -------------------------------------------------------------------------------

    def recall(
        self,
        key: tuple[str | None, str],
        refs: tuple[object, ...],
        values: tuple[Hashable, ...],
        kind: type[_T],
    ) -> _T | None:
        """A result kept under `key` from exactly these inputs, if any.

        `key[0]` is the result's scope: the goal id whose wins it read, None for wins of any
        kind. Entries are carried over to a derived index unless a changed day of their scope
        is on or before their `through`, so a kept result may come from an earlier index.
        """
        memo = self._memo.get(key)
        if (
            memo is None
            or memo.values != values
            or len(memo.refs) != len(refs)
            or any(a is not b for a, b in zip(memo.refs, refs, strict=True))
            or not isinstance(memo.value, kind)
        ):
            return None
        return memo.value

    def remember(
        self,
        key: tuple[str | None, str],
        refs: tuple[object, ...],
        values: tuple[Hashable, ...],
        value: object,
        *,
        through: int | None,
    ) -> None:
        """Keep `value` under `key` (one entry per key); see `recall`.

        `refs` are held, so their ids cannot be reused while the entry lives. `through` is the
        last day of the scope the value read: `EVERY_DAY` for all of them, `BY_IDENTITY` when
        `refs` cover all it read, None to keep the value for this index only.
        """
        self._memo[key] = _Memo(refs, values, value, through)


def _wins_at(day_wins: dict[int, tuple[Win, ...] | LazyDay], o: int) -> tuple[Win, ...]:
    """The wins of day ordinal `o` in `day_wins`, decoded if they were not."""
    wins = day_wins.get(o, ())
    return wins if type(wins) is tuple else cast(LazyDay, wins).wins


_CACHE: list[tuple[Snapshot, DayIndex]] = []
"""The last snapshots indexed, most recently used first."""
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()
"""The app indexes on the event loop and on its store thread (celebrations)."""
_CHAIN_LIMIT = 16
"""How many deltas back `day_index` looks for an indexed snapshot to derive from."""


def _cached(snapshot: Snapshot) -> DayIndex | None:
    with _CACHE_LOCK:
        for i, (snap, index) in enumerate(_CACHE):
            if snap is snapshot:
                if i:
                    _CACHE.insert(0, _CACHE.pop(i))
                return index
    return None


def forget(snapshot: Snapshot) -> None:
    """Drop the index of a snapshot that is of no more use (it stays alive while cached)."""
    with _CACHE_LOCK:
        _CACHE[:] = [(snap, index) for snap, index in _CACHE if snap is not snapshot]


def _derived(snapshot: Snapshot) -> DayIndex | None:
    # Follow the deltas back to a snapshot with an index, then apply them forward.
    chain: list[Snapshot] = []
    snap, base = snapshot, None
    while base is None and len(chain) < _CHAIN_LIMIT:
        delta = snap.delta
        previous = delta.previous() if delta is not None else None
        if previous is None:
            return None
        chain.append(snap)
        base, snap = _cached(previous), previous
    index = base
    for snap in reversed(chain):
        if index is None or snap.delta is None:
            return None
        index = index.derive(snap, snap.delta)
    return index


def day_index(snapshot: Snapshot) -> DayIndex:
    """The index of `snapshot`, built once for the last few snapshots seen.

    A snapshot made by a write (with a `delta`) gets an index derived from its predecessor's,
    which costs about what the delta holds rather than what the store holds.
    """
    # Keyed on identity: hashing 75,000 wins would cost more than the look-ups it saves. The
    # cache holds the snapshot itself, so its id cannot be reused while the entry lives.
    index = _cached(snapshot)
    if index is not None:
        return index
    # Built outside the lock; should two threads build the same index, the first one kept
    # wins, so that both share its memo.
    index = _derived(snapshot) or DayIndex(snapshot)
    with _CACHE_LOCK:
        kept = next((i for s, i in _CACHE if s is snapshot), None)
        if kept is not None:
            return kept
        _CACHE.insert(0, (snapshot, index))
        del _CACHE[_CACHE_SIZE:]
    return index
