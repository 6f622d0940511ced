"""Indexes derived from a snapshot's delta, and the results kept on them, equal a fresh build."""

from __future__ import annotations

import dataclasses
import gc
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum
import pytest
from domain_builders import MON, day, make_goal, snap, win
from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins_tui.domain import index_cache
from smallwins_tui.domain.days import day_index, day_record, wins_on
from smallwins_tui.domain.heatmap import heatmap, snapshot_heatmap
from smallwins_tui.domain.index_cache import DayIndex
from smallwins_tui.domain.models import (
    Day,
    Goal,
    GoalKind,
    LazyWins,
    Pause,
    Schedule,
    Settings,
    Snapshot,
    SnapshotDelta,
    Win,
)
from smallwins_tui.domain.rules import (
    GoalGlance,
    comebacks,
    due_goals,
    goal_glance,
    goal_stats,
    goal_streak,
    is_comeback,
    overall_stats,
    overall_streak,
)
from smallwins_tui.store import Store, Transaction

PROPERTY = settings(max_examples=100, deadline=None)
NOW = pendulum.datetime(2026, 4, 11, 12, tz="UTC")

GOALS = (
    make_goal("check", created=2),
    make_goal("count", created=0, kind=GoalKind.COUNT, target=1.0, total=6.0),
    make_goal("weekdays", created=1, schedule=Schedule.parse_days("mon,wed,fri")),
    make_goal("weekly", created=3, schedule=Schedule.times_per_week(2), total=4.0),
)
GOAL_IDS = (*(g.id for g in GOALS), None)
AMOUNTS = (None, 0.1, 0.2, 0.3, 0.7, 1.0, 2.5)
"""Fractions too: a derived index must add a day's amounts in the very order a fresh one does."""
HORIZON = 40
"""Wins, rests and pauses fall on days 0 .. HORIZON."""


# --- a store in miniature -----------------------------------------------------------------------


@dataclass
class Model:
    """Records as the store keeps them: a new win goes last, a changed one keeps its place."""

    wins: dict[str, Win] = field(default_factory=dict)
    days: dict[pendulum.Date, Day] = field(default_factory=dict)
    pauses: dict[str, Pause] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=lambda: {g.id: g for g in GOALS})
    week_start: int = 0
    serial: int = 0

    def snapshot(self, delta: SnapshotDelta | None = None) -> Snapshot:
        return Snapshot(
            goals=tuple(self.goals.values()),
            wins=tuple(self.wins.values()),
            days=tuple(self.days.values()),
            pauses=tuple(self.pauses.values()),
            settings=Settings(week_start=self.week_start),
            delta=delta,
        )

    def new_win(self, on: pendulum.Date, goal_id: str | None, amount: float | None) -> Win:
        self.serial += 1
        at = pendulum.datetime(on.year, on.month, on.day, 18, self.serial % 3, tz="UTC")
        return Win(id=f"w{self.serial}", at=at, day=on, goal_id=goal_id, amount=amount)


days = st.integers(-3, HORIZON)
"""A day number; -1 is today, -2 yesterday, -3 the day before (where kept walks end)."""
win_spec = st.tuples(days, st.sampled_from(GOAL_IDS), st.sampled_from(AMOUNTS))
"""(day, goal id, amount) of a win."""

change = st.one_of(
    st.tuples(st.just("add"), win_spec),
    st.tuples(st.just("remove"), st.integers(0, 10_000)),
    st.tuples(st.just("replace"), st.integers(0, 10_000), win_spec),
    st.tuples(st.just("move"), st.integers(0, 10_000), days),
    st.tuples(st.just("rest"), days, st.none()),
    st.tuples(st.just("rest"), days, st.sampled_from(GOAL_IDS[:-1])),
    st.tuples(st.just("note"), days),
    st.tuples(st.just("pause"), days, st.integers(0, 6)),
    st.tuples(st.just("unpause"), st.integers(0, 10)),
    st.tuples(st.just("week"), st.integers(0, 6)),
    st.tuples(st.just("goal"), st.sampled_from(GOALS[:3]), st.booleans()),
)
"""One change of a write; a step is a few of them, with the delta the store would give."""


def apply(model: Model, changes: list[tuple[Any, ...]], previous: Snapshot, today: int) -> Snapshot:
    """Make the changes and return the new snapshot, carrying its delta from `previous`."""

    def resolve(n: int) -> pendulum.Date:
        return day(today + n + 1 if n < 0 else n)

    added: list[Win] = []
    removed: list[Win] = []
    days_changed = pauses_changed = settings_changed = False
    for kind, *args in changes:
        if kind == "add":
            n, goal_id, amount = args[0]
            new = model.new_win(resolve(n), goal_id, amount)
            model.wins[new.id] = new
            added.append(new)
        elif kind in ("remove", "replace", "move") and model.wins:
            ids = list(model.wins)
            old = model.wins[ids[args[0] % len(ids)]]
            if old in added or old in removed:
                continue  # one change per win and write, as a transaction gives
            removed.append(old)
            if kind == "remove":
                del model.wins[old.id]
                continue
            if kind == "move":  # to another day, often today or a day a kept walk went over
                new = dataclasses.replace(old, day=resolve(args[1]))
            else:
                n, goal_id, amount = args[1]
                new = dataclasses.replace(old, day=resolve(n), goal_id=goal_id, amount=amount)
            model.wins[old.id] = new
            added.append(new)
        elif kind == "rest":
            on, goal_id = resolve(args[0]), args[1]
            record = model.days.get(on, Day(on))
            if goal_id is None:
                record = dataclasses.replace(record, rest=not record.rest)
            else:
                record = dataclasses.replace(record, rest_goals=record.rest_goals ^ {goal_id})
            model.days[on] = record
            days_changed = True
        elif kind == "note":
            on = resolve(args[0])
            record = model.days.get(on, Day(on))
            model.days[on] = dataclasses.replace(record, note=record.note + "·")
            days_changed = True
        elif kind == "pause":
            first, length = resolve(args[0]), args[1]
            pid = f"p{model.serial}"
            model.serial += 1
            model.pauses[pid] = Pause(pid, first, first.add(days=length))
            pauses_changed = True
        elif kind == "unpause" and model.pauses:
            ids = list(model.pauses)
            del model.pauses[ids[args[0] % len(ids)]]
            pauses_changed = True
        elif kind == "week":
            model.week_start = args[0]
            settings_changed = True
        elif kind == "goal":
            goal, retitle = args
            current = model.goals[goal.id]
            # A changed goal is a new Goal object: renamed, or with another schedule.
            model.goals[current.id] = (
                dataclasses.replace(current, title=current.title + "!")
                if retitle
                else dataclasses.replace(current, schedule=Schedule.times_per_week(3))
            )
    delta = SnapshotDelta(
        weakref.ref(previous),
        added_wins=tuple(added),
        removed_wins=tuple(removed),
        days_changed=days_changed,
        pauses_changed=pauses_changed,
        settings_changed=settings_changed,
    )
    return model.snapshot(delta)


# --- comparing ----------------------------------------------------------------------------------


def index_state(index: DayIndex) -> dict[str, object]:
    """Everything an index answers, as plain values."""
    days = range(MON.toordinal() - 10, MON.toordinal() + HORIZON + 20)
    return {
        "week_start": index.week_start,
        "amounts": index.amounts,
        "counts": index.counts,
        "wins_per_day": index.wins_per_day,
        "rest_days": index.rest_days,
        "goal_rests": index.goal_rests,
        "pauses": [index.paused(o) for o in days],
        "wins_on": {o: index.wins_on(o) for o in index.wins_per_day},
        "records": {o: index.day_record(o) for o in days if index.day_record(o)},
        "first": {g: index.first_day(g) for g in GOAL_IDS},
    }


def assert_same_results(derived: Snapshot, fresh: Snapshot, today: pendulum.Date) -> None:
    """Every result of `derived` (incremental, with kept results) equals that of `fresh`."""
    assert derived == fresh and fresh.delta is None
    assert index_state(day_index(derived)) == index_state(DayIndex(fresh))
    # Looks at earlier days first: what is kept last (and carried to the next index) is then
    # the walks up to today, the ones a later change may cut into.
    for n in (HORIZON // 2, today.toordinal() - MON.toordinal() - 1):
        for goal_id in GOAL_IDS:
            assert is_comeback(derived, day(n), goal_id) == is_comeback(fresh, day(n), goal_id)
    for goal in derived.goals:
        assert comebacks(derived, today, goal.id) == comebacks(fresh, today, goal.id)
        assert goal_streak(goal, derived, today) == goal_streak(goal, fresh, today)
        assert goal_glance(goal, derived, today) == goal_glance(goal, fresh, today)
        stats = goal_stats(goal, derived, today)
        assert stats == goal_stats(goal, fresh, today)
        glance = GoalGlance(goal, stats.streak, stats.progress, stats.today_state)
        assert goal_glance(goal, derived, today) == glance
    assert overall_stats(derived, today) == overall_stats(fresh, today)
    assert overall_streak(derived, today) == overall_streak(fresh, today)
    assert due_goals(derived, today) == due_goals(fresh, today)
    start, end = day(0), day(HORIZON)
    assert wins_on(derived, today) == tuple(w for w in fresh.wins if w.day == today)
    assert day_record(derived, today) == fresh.day(today)
    for goal_id in GOAL_IDS:
        assert snapshot_heatmap(
            derived, start, end, today, goal_id=goal_id, week_start=fresh.settings.week_start
        ) == heatmap(
            fresh.wins, start, end, today, goal_id=goal_id, week_start=fresh.settings.week_start
        )


@PROPERTY
@given(
    st.lists(win_spec, min_size=3, max_size=25),
    st.lists(
        st.tuples(st.lists(change, min_size=1, max_size=3), st.integers(0, 2), st.booleans()),
        min_size=1,
        max_size=6,
    ),
    st.integers(HORIZON // 2, HORIZON),
)
def test_derived_indexes_and_kept_results_equal_a_fresh_build(
    initial: list[tuple[int, str | None, float | None]],
    steps: list[tuple[list[tuple[Any, ...]], int, bool]],
    first_today: int,
) -> None:
    model = Model()
    for n, goal_id, amount in initial:
        new = model.new_win(day(first_today + n + 1 if n < 0 else n), goal_id, amount)
        model.wins[new.id] = new
    snapshot = model.snapshot()
    kept = [snapshot]  # the store's caller holds its snapshots; a delta only refers to them
    today = first_today
    assert_same_results(snapshot, model.snapshot(), day(today))
    for changes, days_later, look in steps:
        snapshot = apply(model, changes, snapshot, today)
        kept.append(snapshot)
        assert index_cache._derived(snapshot) is not None  # derived indeed, not built afresh
        today += days_later
        if look:  # else the next step derives over two deltas at once
            assert_same_results(snapshot, model.snapshot(), day(today))
    assert_same_results(snapshot, model.snapshot(), day(today))


# --- what is kept -------------------------------------------------------------------------------


def _with_win(previous: Snapshot, new: Win) -> Snapshot:
    return dataclasses.replace(
        previous,
        wins=(*previous.wins, new),
        delta=SnapshotDelta(weakref.ref(previous), added_wins=(new,)),
    )


def test_an_untouched_goal_keeps_its_statistics_object() -> None:
    walk, read = make_goal("walk"), make_goal("read")
    before = snap((walk, read), (win(0, "walk"), win(1, "read"), win(2, "walk")))
    today = day(9)
    walk_before, read_before = goal_stats(walk, before, today), goal_stats(read, before, today)
    after = _with_win(before, win(9, "read"))
    assert goal_stats(walk, after, today) is walk_before
    read_after = goal_stats(read, after, today)
    assert read_after is not read_before
    assert read_after.total_wins == 2 and read_after.today_state == "done"
    fresh = dataclasses.replace(after, delta=None)
    assert read_after == goal_stats(read, fresh, today)


def test_a_derived_index_shares_what_did_not_change_and_leaves_the_old_one_alone() -> None:
    walk, read = make_goal("walk"), make_goal("read")
    before = snap((walk, read), (win(0, "walk"), win(1, "read")), rest=(3,), pauses=((5, 6),))
    old = day_index(before)
    old_state = index_state(old)
    after = _with_win(before, win(1, "read", seq=1))
    new = day_index(after)
    assert new is not old
    assert new.amounts["walk"] is old.amounts["walk"]
    assert new.counts["read"] is not old.counts["read"] and new.counts["read"] == {
        day(1).toordinal(): 2
    }
    assert new.rest_days is old.rest_days and new.rest_inputs() == old.rest_inputs()
    assert index_state(old) == old_state


def test_a_changed_note_keeps_rest_days_and_kept_statistics() -> None:
    walk = make_goal("walk")
    before = snap((walk,), (win(0, "walk"),), rest=(2,))
    stats = goal_stats(walk, before, day(5))
    days = (*before.days, Day(day(4), note="a quiet day"))
    after = dataclasses.replace(
        before, days=days, delta=SnapshotDelta(weakref.ref(before), days_changed=True)
    )
    assert goal_stats(walk, after, day(5)) is stats
    assert day_record(after, day(4)).note == "a quiet day"


def test_walks_before_today_are_kept_after_a_win_today_and_dropped_after_an_older_one() -> None:
    walk = make_goal("walk")
    before = snap((walk,), tuple(win(n, "walk") for n in range(0, 300, 2)))
    today = day(301)
    goal_stats(walk, before, today)
    assert {("walk", "walk"), ("walk", "strength"), ("walk", "stats")} <= set(
        day_index(before)._memo
    )
    # A win today leaves the walks over the days before today as they were: they are carried
    # over to the new index (the statistics themselves are not), and go on from there.
    after = _with_win(before, win(301, "walk"))
    carried = set(day_index(after)._memo)
    assert ("walk", "walk") in carried and ("walk", "strength") in carried
    assert ("walk", "stats") not in carried
    fresh = dataclasses.replace(after, delta=None)
    assert goal_stats(walk, after, today) == goal_stats(walk, fresh, today)
    assert goal_stats(walk, after, today.add(days=3)) == goal_stats(walk, fresh, today.add(days=3))
    # A win on a day a kept walk went over drops the walk.
    older = _with_win(after, win(101, "walk"))
    assert not {("walk", "walk"), ("walk", "strength")} & set(day_index(older)._memo)
    fresh = dataclasses.replace(older, delta=None)
    assert goal_stats(walk, older, today) == goal_stats(walk, fresh, today)


def test_without_the_earlier_index_the_index_is_built_from_scratch() -> None:
    walk = make_goal("walk")
    before = snap((walk,), (win(0, "walk"),))
    after = _with_win(before, win(1, "walk"))
    index_cache._CACHE.clear()
    assert day_index(after).counts["walk"] == {day(0).toordinal(): 1, day(1).toordinal(): 1}
    # A delta that does not fit (the removed win is not there) is not applied either.
    wrong = dataclasses.replace(
        after,
        delta=SnapshotDelta(weakref.ref(after), removed_wins=(win(7, "walk"),)),
    )
    assert day_index(wrong).counts == day_index(after).counts


def test_a_delta_whose_earlier_snapshot_is_gone_builds_from_scratch() -> None:
    walk = make_goal("walk")
    before = snap((walk,), (win(0, "walk"),))
    after = _with_win(before, win(1, "walk"))
    index_cache._CACHE.clear()
    del before
    gc.collect()
    assert after.delta is not None and after.delta.previous() is None
    assert day_index(after).wins_per_day == {day(0).toordinal(): 1, day(1).toordinal(): 1}


def test_the_cache_keeps_a_few_indexes() -> None:
    snapshots = [snap((), (win(n, None),)) for n in range(10)]
    for s in snapshots:
        day_index(s)
    assert len(index_cache._CACHE) <= 4
    assert index_cache._CACHE[0][0] is snapshots[-1]


@pytest.mark.parametrize("lazy_wins", [False, True], ids=["decoded", "lazy"])
def test_the_stores_own_deltas_derive_what_a_fresh_build_gives(
    tmp_path: Path, lazy_wins: bool
) -> None:
    walk, read = make_goal("walk"), make_goal("read", kind=GoalKind.COUNT, target=2.0)
    with Store(tmp_path / "wins.json").transaction() as tx:
        for goal in (walk, read):
            tx.put(goal)
        for n in range(0, 40, 3):
            tx.put(win(n, "walk"))
            tx.put(win(n + 1, "read", amount=0.7))
    store = Store(tmp_path / "wins.json", lazy_wins=lazy_wins)
    snapshot = store.read()
    assert isinstance(snapshot.wins, LazyWins) == lazy_wins
    today = day(40)
    for goal in (walk, read):
        goal_stats(goal, snapshot, today)  # drawn: its results are kept
    writes: list[Callable[[Transaction], None]] = [
        lambda tx: tx.put(win(40, "walk")),
        lambda tx: tx.put(win(39, "read", amount=0.1, seq=1)),
        lambda tx: tx.put(dataclasses.replace(win(4, "read", amount=0.7), amount=0.2)),
        lambda tx: tx.put(dataclasses.replace(win(3, "walk"), day=day(38))),
        lambda tx: tx.delete("win", win(6, "walk").id, NOW),
        lambda tx: tx.put(Day(day(39), rest=True)),
        lambda tx: tx.put(Day(day(40), rest_goals=frozenset({"read"}))),
        lambda tx: tx.put(Pause("p", day(36), day(37))),
    ]
    for write in writes:
        with store.transaction() as tx:
            write(tx)
        after = store.read()
        assert after.delta is not None and after.delta.previous() is snapshot
        assert index_cache._derived(after) is not None
        assert_same_results(after, dataclasses.replace(after, delta=None), today)
        # The wins a fresh, decoded read gives (a new or moved win comes last in `after`).
        assert set(after.wins) == set(Store(tmp_path / "wins.json").read().wins)
        snapshot = after
