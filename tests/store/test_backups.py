"""Daily backups beside the store, and restoring them: kept once a day, private, always readable."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pendulum
import pytest
from pendulum import Date

from smallwins_tui.domain.models import Win
from smallwins_tui.store import Store, StoreError
from smallwins_tui.store.backups import KEEP_DAYS, contents, list_backups, restore

NOW = pendulum.datetime(2026, 11, 24, 9, 30, tz="UTC")
DAY = NOW.date()


class Calendar:
    """The `backup_day` a test moves forward by hand."""

    def __init__(self, day: Date = DAY) -> None:
        self.day = day

    def __call__(self) -> Date:
        return self.day

    def next_day(self, days: int = 1) -> None:
        self.day = self.day.add(days=days)


def log(store: Store, win_id: str) -> None:
    with store.transaction() as txn:
        txn.put(Win(id=win_id, at=NOW, day=DAY))


def win_ids(path: Path) -> list[str]:
    return [w.id for w in Store(path).read().wins]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


@pytest.fixture
def calendar() -> Calendar:
    return Calendar()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "smallwins.json"


@pytest.fixture
def store(path: Path, calendar: Calendar) -> Store:
    return Store(path, backup_day=calendar)


@pytest.fixture
def any_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


# --- one backup a day -------------------------------------------------------------------------


def test_the_first_write_of_a_day_keeps_the_file_it_replaces(
    store: Store, path: Path, calendar: Calendar
) -> None:
    log(store, "w1")
    assert list_backups(path) == []  # a new store has nothing to keep yet

    calendar.next_day()
    yesterday = path.read_bytes()
    log(store, "w2")
    (backup,) = list_backups(path)
    assert backup.path == path.with_name("smallwins.json.backup-2026-11-25")
    assert backup.date == calendar.day and backup.label == "2026-11-25"
    assert backup.path.read_bytes() == yesterday
    assert [w.id for w in contents(backup.path).wins] == ["w1"]


def test_later_writes_the_same_day_keep_no_other_backup(
    store: Store, path: Path, calendar: Calendar
) -> None:
    log(store, "w1")
    calendar.next_day()
    log(store, "w2")
    kept = list_backups(path)[0].path.read_bytes()
    log(store, "w3")
    log(store, "w4")
    assert [b.path.read_bytes() for b in list_backups(path)] == [kept]
    assert win_ids(path) == ["w1", "w2", "w3", "w4"]


def test_a_transaction_that_changes_nothing_keeps_no_backup(
    store: Store, path: Path, calendar: Calendar
) -> None:
    log(store, "w1")
    calendar.next_day()
    with store.transaction() as txn:
        assert txn.snapshot.wins
    assert list_backups(path) == []


def test_a_store_without_a_backup_day_keeps_no_backups(path: Path) -> None:
    log(Store(path), "w1")
    log(Store(path), "w2")
    assert names(path.parent) == ["smallwins.json"]


def test_the_backups_of_the_last_seven_days_are_kept(
    store: Store, path: Path, calendar: Calendar
) -> None:
    log(store, "w0")
    for n in range(1, 11):
        calendar.next_day()
        log(store, f"w{n}")
    kept = list_backups(path)
    assert len(kept) == KEEP_DAYS == 7
    assert [b.date for b in kept] == [DAY.add(days=n) for n in range(10, 3, -1)]  # newest first
    # Each holds the store as it was before that day's first write.
    assert [len(contents(b.path).wins) for b in kept] == list(range(10, 3, -1))


@pytest.mark.usefixtures("any_umask")
def test_backups_are_private(store: Store, path: Path, calendar: Calendar) -> None:
    log(store, "w1")
    path.chmod(0o644)  # even if the store itself was opened up
    calendar.next_day()
    log(store, "w2")
    (backup,) = list_backups(path)
    assert mode(backup.path) == 0o600
    assert [p for p in names(path.parent) if p.endswith(".tmp")] == []


def test_backups_live_beside_the_real_file_behind_a_symlink(
    tmp_path: Path, calendar: Calendar
) -> None:
    real = tmp_path / "dotfiles" / "wins.json"
    real.parent.mkdir()
    link = tmp_path / "smallwins.json"
    link.symlink_to(real)
    store = Store(link, backup_day=calendar)
    log(store, "w1")
    calendar.next_day()
    log(store, "w2")
    assert [b.path for b in list_backups(link)] == [real.with_name("wins.json.backup-2026-11-25")]
    assert link.is_symlink()


def test_no_backup_and_no_write_when_the_backup_cannot_be_written(
    store: Store, path: Path, calendar: Calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    log(store, "w1")
    before = path.read_bytes()
    calendar.next_day()

    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(StoreError, match="could not write: disk full"):
        log(store, "w2")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert names(path.parent) == ["smallwins.json"]


def test_an_unreadable_store_is_never_backed_up_nor_written(
    store: Store, path: Path, calendar: Calendar
) -> None:
    path.write_bytes(b'{"meta": {"1": {"app": "smallwins", "schema_version": 1}}, "wins": [')
    with pytest.raises(StoreError, match="not valid JSON"):
        log(store, "w1")
    assert names(path.parent) == ["smallwins.json"]


def test_only_this_stores_backups_are_listed(path: Path) -> None:
    folder = path.parent
    for name in (
        "smallwins.json.backup-2026-11-20",
        "smallwins.json.backup-2026-11-21-before-restore",
        "smallwins.json.backup-2026-11-21-before-restore-3",
        "smallwins.json.backup-2026-11-21",
        "other.json.backup-2026-11-22",  # another store's
        "smallwins.json.backup-2026-13-45",  # not a date
        "smallwins.json.backup-2026-11-23.old",
        ".smallwins.json.backup-2026-11-24.abc.tmp",
        "smallwins.json.unreadable-2026-11-24",
    ):
        (folder / name).write_bytes(b"{}")
    (folder / "smallwins.json.backup-2026-11-19").mkdir()
    assert [b.label for b in list_backups(path)] == [
        "2026-11-21 before restore 3",
        "2026-11-21 before restore",
        "2026-11-21",
        "2026-11-20",
    ]
    assert list_backups(path)[1].key == "2026-11-21-before-restore"
    assert list_backups(folder / "missing" / "smallwins.json") == []


# --- restoring --------------------------------------------------------------------------------


@pytest.fixture
def history(store: Store, path: Path, calendar: Calendar) -> Path:
    """A store written on two days: its backup holds w1, the store w1 and w2."""
    log(store, "w1")
    calendar.next_day()
    log(store, "w2")
    return list_backups(path)[0].path


def test_restore_puts_the_backup_back_and_keeps_the_store_it_replaces(
    store: Store, path: Path, history: Path, calendar: Calendar
) -> None:
    replaced = path.read_bytes()
    done = restore(store, history, calendar.day)
    assert path.read_bytes() == history.read_bytes()
    assert win_ids(path) == ["w1"] and [w.id for w in done.snapshot.wins] == ["w1"]
    assert done.kept == path.with_name("smallwins.json.backup-2026-11-25-before-restore")
    assert done.kept_as_backup and done.kept.read_bytes() == replaced
    assert mode(done.kept) == 0o600 and mode(path) == 0o600
    assert store.read().wins == done.snapshot.wins  # the store's cache saw the new file

    # A restore can be undone, and that keeps a second copy instead of overwriting the first.
    again = restore(store, done.kept, calendar.day)
    assert win_ids(path) == ["w1", "w2"]
    assert again.kept == path.with_name("smallwins.json.backup-2026-11-25-before-restore-2")
    assert [b.label for b in list_backups(path)] == [
        "2026-11-25 before restore 2",
        "2026-11-25 before restore",
        "2026-11-25",
    ]


def test_a_restore_on_a_new_day_keeps_the_store_as_that_days_backup(
    store: Store, path: Path, history: Path, calendar: Calendar
) -> None:
    calendar.next_day()
    done = restore(store, history, calendar.day)
    assert done.kept == path.with_name("smallwins.json.backup-2026-11-26")
    assert [w.id for w in contents(done.kept).wins] == ["w1", "w2"]


def test_a_restore_into_a_missing_store_keeps_nothing(tmp_path: Path, history: Path) -> None:
    other = tmp_path / "new" / "smallwins.json"
    done = restore(Store(other), history, DAY)
    assert done.kept is None
    assert win_ids(other) == ["w1"]


META = {"1": {"app": "smallwins", "schema_version": 1}}
WIN = {"id": "w", "at": "2026-11-24T09:30:00Z", "day": "2026-11-24"}
BROKEN_BACKUPS = {
    "empty": (b"", "file is empty"),
    "truncated": (b'{"meta": {"1": {"app": "smallw', "not valid JSON"),
    "another program's JSON": (b'{"name": "vscode"}', "is not a smallwins store"),
    "duplicate ids": (
        orjson.dumps({"meta": META, "wins": {"1": WIN, "2": WIN}}),
        "duplicate id 'w' in wins",
    ),
}


@pytest.mark.parametrize("content, problem", BROKEN_BACKUPS.values(), ids=BROKEN_BACKUPS)
def test_an_unreadable_backup_is_refused_and_the_store_left_untouched(
    store: Store, path: Path, history: Path, content: bytes, problem: str
) -> None:
    history.write_bytes(content)
    before = names(path.parent), path.read_bytes()
    with pytest.raises(StoreError, match=problem) as caught:
        restore(store, history, DAY)
    assert caught.value.path == history  # the message names the backup, not the store
    assert (names(path.parent), path.read_bytes()) == before


def test_a_missing_backup_is_refused(store: Store, path: Path, history: Path) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreError, match="could not read"):
        restore(store, path.with_name("nothing-here.json"), DAY)
    assert path.read_bytes() == before


def test_restoring_over_an_unreadable_store_keeps_it_aside_not_as_a_backup(
    store: Store, path: Path, history: Path
) -> None:
    path.write_bytes(b"{damaged")
    done = restore(store, history, DAY)
    assert win_ids(path) == ["w1"]
    assert done.kept == path.with_name("smallwins.json.unreadable-2026-11-24")
    assert not done.kept_as_backup and done.kept.read_bytes() == b"{damaged"
    assert all(b.path != done.kept for b in list_backups(path))


def test_restore_waits_for_the_store_lock(path: Path, history: Path) -> None:
    before = path.read_bytes()
    with Store(path).locked(), pytest.raises(StoreError, match="store is busy"):
        restore(Store(path, lock_timeout=0.1), history, DAY)
    assert path.read_bytes() == before
