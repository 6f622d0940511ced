"""Undoing a change: the inverse puts back what was, unless something changed since."""

from __future__ import annotations

import dataclasses

import pytest
from domain_builders import day, make_goal, snap, win

from smallwins_tui.domain.changes import Change, Record, inverse_of, undo_problem
from smallwins_tui.domain.models import Day, Goal, Pause, Snapshot, Win


def applied(snapshot: Snapshot, change: Change) -> Snapshot:
    """`snapshot` with `change` written, as the store writes it."""
    goals = {g.id: g for g in snapshot.goals}
    wins = {w.id: w for w in snapshot.wins}
    days = {d.date: d for d in snapshot.days}
    pauses = {p.id: p for p in snapshot.pauses}
    for record in change.puts:
        if isinstance(record, Goal):
            goals[record.id] = record
        elif isinstance(record, Win):
            wins[record.id] = record
        elif isinstance(record, Day):
            days[record.date] = record
        else:
            pauses[record.id] = record
    for kind, record_id in change.deletes:
        {"goal": goals, "win": wins, "pause": pauses}[kind].pop(record_id, None)  # type: ignore[attr-defined]
    return dataclasses.replace(
        snapshot,
        goals=tuple(goals.values()),
        wins=tuple(wins.values()),
        days=tuple(days.values()),
        pauses=tuple(pauses.values()),
    )


def done(
    snapshot: Snapshot, *puts: Record, deletes: tuple[tuple[str, str], ...] = ()
) -> tuple[Snapshot, Change]:
    """Write a change; the new snapshot and the change that undoes it."""
    change = Change(puts, deletes, label="x")  # type: ignore[arg-type]
    return applied(snapshot, change), inverse_of(change, snapshot)


WALK = make_goal("walk")  # "Walk"


def test_an_undo_of_records_left_as_the_change_wrote_them_is_fine() -> None:
    before = snap((WALK,), (win(0, "walk"),))
    after, undo = done(before, dataclasses.replace(WALK, title="Stroll"))
    assert undo_problem(undo, after) is None
    assert applied(after, undo).goals == before.goals


def test_undos_taken_back_last_first_each_find_what_they_expect() -> None:
    s0 = snap((WALK,))
    s1, undo1 = done(s0, dataclasses.replace(WALK, title="Stroll"))
    s2, undo2 = done(s1, dataclasses.replace(WALK, title="Amble", archived=True))
    assert undo_problem(undo1, s2) is not None  # out of turn: the goal is not as it left it
    assert undo_problem(undo2, s2) is None
    s3 = applied(s2, undo2)
    assert undo_problem(undo1, s3) is None
    assert applied(s3, undo1).goals == s0.goals


def test_an_undo_is_refused_when_the_record_changed_since() -> None:
    before = snap((WALK,))
    after, undo = done(before, dataclasses.replace(WALK, title="Stroll"))
    elsewhere = applied(after, Change((dataclasses.replace(WALK, title="Hike", why="air"),)))
    assert undo_problem(undo, elsewhere) == "“Hike” changed since; not undone"
    gone = applied(after, Change(deletes=(("goal", "walk"),)))
    assert undo_problem(undo, gone) == "“Stroll” was deleted since; not undone"


def test_undoing_a_new_goal_is_refused_once_it_has_wins_or_micro_goals() -> None:
    after, undo = done(snap(), WALK)
    assert undo.deletes == (("goal", "walk"),)
    assert undo_problem(undo, after) is None
    with_win = applied(after, Change((win(3, "walk"),)))
    assert undo_problem(undo, with_win) == (
        "“Walk” has wins or micro-goals now: delete it with d instead"
    )
    micro = make_goal("step", parent_id="walk")
    with_micro = applied(after, Change((micro,)))
    assert undo_problem(undo, with_micro) == undo_problem(undo, with_win)


def test_undoing_a_deletion_is_refused_when_the_record_came_back_since() -> None:
    gone_win = win(2, "walk")
    before = snap((WALK,), (gone_win,))
    after, undo = done(before, deletes=(("win", gone_win.id),))
    assert undo_problem(undo, after) is None
    back = applied(after, Change((dataclasses.replace(gone_win, note="again"),)))
    assert undo_problem(undo, back) == "a win of Wed 4 Mar changed since; not undone"


@pytest.mark.parametrize("later", ["note", "rest"])
def test_undoing_a_day_change_is_refused_when_the_day_changed_since(later: str) -> None:
    before = snap((WALK,))
    after, undo = done(before, Day(day(1), note="tired"))
    changed = (
        Day(day(1), note="tired, then a walk") if later == "note" else Day(day(1), "tired", True)
    )
    assert undo_problem(undo, applied(after, Change((changed,)))) == (
        "Tue 3 Mar changed since; not undone"
    )
    assert undo_problem(undo, after) is None


def test_a_pause_changed_since_is_named() -> None:
    pause = Pause("p", day(0), day(3), note="trip")
    after, undo = done(snap((WALK,)), pause)
    longer = dataclasses.replace(pause, end=day(5))
    assert undo_problem(undo, applied(after, Change((longer,)))) == (
        "the pause from Mon 2 Mar changed since; not undone"
    )


def test_an_undo_expects_what_the_store_kept_of_a_record() -> None:
    # The store keeps a win's created and updated times only when they differ from its
    # moment: the win read back is not the one put, and the undo must expect the one kept.
    put = dataclasses.replace(win(1, "walk"), created=win(1).at, updated=win(1).at)
    kept = dataclasses.replace(put, created=None, updated=None)
    before = snap((WALK,))
    change = Change((put,), label="done")
    after = applied(before, Change((kept,)))
    assert undo_problem(inverse_of(change, before), after) == (
        "a win of Tue 3 Mar changed since; not undone"
    )
    undo = inverse_of(change, before, after)
    assert undo.expects == (kept,)
    assert undo_problem(undo, after) is None
