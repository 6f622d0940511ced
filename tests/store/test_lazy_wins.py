"""A store read with `lazy_wins` (the command line's): every win checked, few decoded."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import orjson
import pendulum
import pytest

from smallwins_tui.domain.celebrate import celebrate
from smallwins_tui.domain.days import day_index, wins_on
from smallwins_tui.domain.index_cache import DayIndex
from smallwins_tui.domain.models import Day, Goal, GoalKind, LazyWins, Snapshot, Win
from smallwins_tui.domain.rules import goal_stats, overall_stats
from smallwins_tui.store import Store, StoreError

NOW = pendulum.datetime(2026, 11, 24, 16, 30, tz="UTC")
TODAY = NOW.date()
WRITE = Goal(id="write", title="Write", created=NOW.subtract(years=1), updated=NOW)
WORDS = Goal(
    id="words",
    title="Words",
    created=NOW.subtract(years=1),
    updated=NOW,
    kind=GoalKind.COUNT,
    target=200.0,
    unit="words",
)
OLD_DAYS = 30


def win(win_id: str, days_ago: int, goal: str | None = "write", **fields: object) -> Win:
    day = TODAY.subtract(days=days_ago)
    at = pendulum.datetime(day.year, day.month, day.day, 9, tz="UTC")
    return Win(win_id, at, day, goal_id=goal, **fields)  # type: ignore[arg-type]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "smallwins.json"
    with Store(path).transaction() as tx:
        tx.put(WRITE)
        tx.put(WORDS)
        for n in range(OLD_DAYS, 0, -1):
            tx.put(win(f"w{n}", n))
            tx.put(win(f"c{n}", n, "words", amount=100.5 + n))
        tx.put(win("free", 3, None, note="a walk"))
        # An unusual shape (an edited win keeps its own times): decoded at once, with its day.
        tx.put(win("edited", 5, "words", amount=7.0, updated=NOW.subtract(days=1)))
        tx.put(Day(TODAY.subtract(days=4), rest=True, updated=NOW))
    return path


def undecoded_days(snapshot: Snapshot) -> set[pendulum.Date]:
    assert isinstance(snapshot.wins, LazyWins)
    return {day.date for day in snapshot.wins.days if day._wins is None}


def test_a_lazy_read_equals_a_decoded_one(path: Path) -> None:
    lazy, decoded = Store(path, lazy_wins=True).read(), Store(path).read()

    assert isinstance(lazy.wins, LazyWins) and isinstance(decoded.wins, tuple)
    assert lazy == decoded
    assert list(lazy.wins) == list(decoded.wins)  # the same order
    assert len(lazy.wins) == len(decoded.wins) == 2 * OLD_DAYS + 2
    assert lazy.wins[3] == decoded.wins[3]
    assert lazy.wins[-2:] == decoded.wins[-2:]


def test_the_figures_of_a_command_need_only_the_days_it_shows(path: Path) -> None:
    store = Store(path, lazy_wins=True)
    with store.transaction() as tx:
        before = tx.snapshot
        new = win("new", 0, "words", amount=200.0)
        tx.put(new)
        after = tx.snapshot
    # What `smallwins log` works out and prints.
    celebrate(before, after, new, TODAY)
    overall = overall_stats(after, TODAY)
    stats = [goal_stats(goal, after, TODAY) for goal in after.goals]
    shown = wins_on(after, TODAY)

    fresh = Store(path).read()
    assert overall == overall_stats(fresh, TODAY)
    assert stats == [goal_stats(goal, fresh, TODAY) for goal in fresh.goals]
    assert shown == (new,)
    assert overall.streak.current == OLD_DAYS + 1
    # Of the old days, only the one with an unusual win was decoded (at the read).
    assert undecoded_days(before) == {TODAY.subtract(days=n) for n in range(1, OLD_DAYS + 1)} - {
        TODAY.subtract(days=5)
    }


def test_a_fresh_index_of_a_lazy_snapshot_equals_a_decoded_one(path: Path) -> None:
    lazy, decoded = Store(path, lazy_wins=True).read(), Store(path).read()
    a, b = DayIndex(lazy), DayIndex(decoded)

    assert (a.wins_per_day, a.amounts, a.counts) == (b.wins_per_day, b.amounts, b.counts)
    assert a._day_seqs == b._day_seqs
    for o in b.wins_per_day:
        assert a.wins_on(o) == b.wins_on(o)


def test_a_new_win_on_an_undecoded_day_keeps_that_days_order(path: Path, tmp_path: Path) -> None:
    # A back-dated win joins a day left undecoded: a fresh index of the snapshot after it is
    # the one a decoded store's snapshot gives (the new win last in the snapshot and its day).
    other = tmp_path / "other.json"
    other.write_bytes(path.read_bytes())
    indexes = []
    for store_path, lazy in ((path, True), (other, False)):
        with Store(store_path, lazy_wins=lazy).transaction() as tx:
            tx.put(win("late", 2, "words", amount=1.25))
            indexes.append(DayIndex(dataclasses.replace(tx.snapshot, delta=None)))
    lazy_index, decoded_index = indexes
    o = TODAY.subtract(days=2).toordinal()

    assert [w.id for w in lazy_index.wins_on(o)] == ["w2", "c2", "late"]
    assert lazy_index._day_seqs == decoded_index._day_seqs
    assert lazy_index.amounts == decoded_index.amounts
    assert lazy_index.counts == decoded_index.counts


def test_changing_or_deleting_an_old_win_decodes_the_wins_first(path: Path) -> None:
    store = Store(path, lazy_wins=True)
    with store.transaction() as tx:
        old = next(w for w in tx.snapshot.wins if w.id == "c20")
        tx.put(dataclasses.replace(old, amount=1.0))
        tx.delete("win", "w10", NOW)
        with pytest.raises(LookupError):
            tx.delete("win", "no such win", NOW)

    wins = {w.id: w for w in Store(path).read().wins}
    assert wins["c20"].amount == 1.0 and "w10" not in wins and len(wins) == 2 * OLD_DAYS + 1


def test_the_file_written_is_the_one_a_decoded_store_writes(path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_bytes(path.read_bytes())
    for store_path, lazy in ((path, True), (other, False)):
        with Store(store_path, lazy_wins=lazy).transaction() as tx:
            tx.put(win("new", 0))
            tx.put(Day(TODAY, note="a good day", updated=NOW))

    assert orjson.loads(path.read_bytes()) == orjson.loads(other.read_bytes())


def _break(path: Path, days_ago: int, change: dict[str, object]) -> None:
    data = orjson.loads(path.read_bytes())
    date = TODAY.subtract(days=days_ago).isoformat()
    doc = next(doc for doc in data["days"].values() if doc["date"] == date)
    doc["wins"][-1].update(change)
    path.write_bytes(orjson.dumps(data))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"at": "not a time"}, "win 2: 'at' must be an ISO-8601 time"),
        ({"amount": "many"}, "win 2: 'amount' must be a number"),
        ({"id": "w3"}, "duplicate id 'w3' in wins"),  # the same id as a win of another day
        ({"id": "w20"}, "duplicate id 'w20' in wins"),  # ... and of the same day
    ],
)
def test_a_malformed_old_win_is_refused_as_a_decoded_read_refuses_it(
    path: Path, change: dict[str, object], problem: str
) -> None:
    _break(path, 20, change)
    before = path.read_bytes()

    for lazy in (True, False):
        with pytest.raises(StoreError, match=problem):
            Store(path, lazy_wins=lazy).read()
        with pytest.raises(StoreError, match=problem), Store(path, lazy_wins=lazy).transaction():
            pass
    assert path.read_bytes() == before


def test_the_first_win_is_still_told_apart(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.json", lazy_wins=True)
    with store.transaction() as tx:
        before = tx.snapshot
        first = win("first", 0, None)
        tx.put(first)
        after = tx.snapshot

    assert celebrate(before, after, first, TODAY).moment.value == "first"
    assert day_index(after).wins_on(TODAY.toordinal()) == (first,)


@pytest.mark.parametrize("lazy_wins", [False, True], ids=["dashboard", "command"])
def test_a_first_look_at_the_recent_days_is_lazy(path: Path, lazy_wins: bool) -> None:
    # The dashboard's first paint and `smallwins status` read the recent weeks first.
    store = Store(path, lazy_wins=lazy_wins)
    since = TODAY.subtract(days=10)

    recent = store.read_recent(since)

    assert isinstance(recent.wins, LazyWins) and not recent.complete
    assert {w.day for w in recent.wins} == {TODAY.subtract(days=n) for n in range(1, 11)}
    whole = store.read()
    assert whole == Store(path).read() and isinstance(whole.wins, LazyWins) == lazy_wins


@pytest.mark.parametrize(("argv", "lazy"), [(["today"], True), (["log", "x"], True), ([], False)])
def test_every_command_but_the_dashboard_reads_lazily(
    path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], lazy: bool
) -> None:
    from smallwins_tui import cli

    seen: list[bool] = []

    def handler(args: object, ctx: cli.Context) -> int:
        seen.append(ctx.store.lazy_wins)
        return 0

    monkeypatch.setattr(cli, "handler_for", lambda key: handler)

    assert cli.main(["--db", str(path), *argv]) == 0
    assert seen == [lazy]
