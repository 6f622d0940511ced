"""A quick first look at a large store: the recent wins now, the rest by the next read()."""

from __future__ import annotations

from pathlib import Path

import orjson
import pendulum
import pytest

from smallwins_tui.domain.models import Day, Goal, Win
from smallwins_tui.store import Store, StoreError

NOW = pendulum.datetime(2026, 11, 24, 16, 30, tz="UTC")
SINCE = pendulum.date(2026, 1, 1)


def win(win_id: str, day: pendulum.Date, goal: str | None = "g") -> Win:
    return Win(win_id, NOW, day, goal_id=goal)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "smallwins.json"
    with Store(path).transaction() as txn:
        txn.put(Goal(id="g", title="Write", created=NOW.subtract(years=3), updated=NOW))
        txn.put(win("old", pendulum.date(2024, 5, 1)))
        txn.put(win("edge", SINCE))
        txn.put(win("new", NOW.date(), goal=None))
        txn.put(Day(pendulum.date(2024, 5, 1), note="long ago", updated=NOW))
    return path


def test_the_first_look_holds_the_recent_days_and_every_goal(path: Path) -> None:
    with Store(path).transaction() as txn:
        txn.put(Day(SINCE, note="this year", updated=NOW))

    first = Store(path).read_recent(SINCE)

    assert not first.complete
    assert {w.id for w in first.wins} == {"edge", "new"}
    assert [g.id for g in first.goals] == ["g"]
    assert [d.note for d in first.days] == ["this year"]  # not the note of 2024


def test_the_read_after_it_is_the_whole_store(path: Path) -> None:
    store = Store(path)
    store.read_recent(SINCE)

    whole = store.read()

    assert whole.complete
    assert whole == Store(path).read()
    assert {w.id for w in whole.wins} == {"old", "edge", "new"}
    assert not store.changed()


def test_a_write_in_between_is_not_missed(path: Path) -> None:
    store = Store(path)
    store.read_recent(SINCE)
    with Store(path).transaction() as txn:  # another process
        txn.put(win("meanwhile", NOW.date()))

    assert store.changed()
    assert "meanwhile" in {w.id for w in store.read().wins}


def test_a_missing_store_is_empty_and_complete(tmp_path: Path) -> None:
    first = Store(tmp_path / "none.json").read_recent(SINCE)

    assert first.complete and not first.wins


def test_an_old_malformed_win_is_found_by_the_read_that_completes(path: Path) -> None:
    data = orjson.loads(path.read_bytes())
    old = next(doc for doc in data["days"].values() if doc["date"] == "2024-05-01")
    old["wins"][0]["at"] = "not a time"
    path.write_bytes(orjson.dumps(data))
    before = path.read_bytes()
    store = Store(path)

    assert {w.id for w in store.read_recent(SINCE).wins} == {"edge", "new"}
    with pytest.raises(StoreError, match="win 1: 'at' must be an ISO-8601 time"):
        store.read()
    with pytest.raises(StoreError), store.transaction():
        pass
    assert path.read_bytes() == before


def test_a_transaction_after_the_first_look_works_on_the_whole_store(path: Path) -> None:
    store = Store(path)
    store.read_recent(SINCE)

    with store.transaction() as txn:
        assert txn.snapshot.complete and len(txn.snapshot.wins) == 3
        txn.put(win("added", NOW.date()))

    assert {w.id for w in Store(path).read().wins} == {"old", "edge", "new", "added"}


def test_the_parsed_file_is_not_kept_twice(path: Path) -> None:
    # The first look keeps the parsed file for the read that completes it; a store that had
    # read the file before must not answer from its old copy and keep the new one forever.
    store = Store(path)
    store.read()
    store.read_recent(SINCE)

    whole = store.read()

    assert whole.complete and len(whole.wins) == 3
    assert store._parsed is None


def test_a_file_under_the_threshold_is_read_whole(path: Path) -> None:
    size = path.stat().st_size

    small = Store(path).read_recent(SINCE, min_bytes=size + 1)
    large = Store(path).read_recent(SINCE, min_bytes=size)

    assert small.complete and len(small.wins) == 3
    assert not large.complete and len(large.wins) == 2
