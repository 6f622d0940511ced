"""Merging real store files: conflict copies found beside the store, one write, nothing lost."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pendulum
import pytest

from smallwins_tui.domain.models import Day, Goal, Snapshot, Win
from smallwins_tui.store import Store, StoreError
from smallwins_tui.store.conflicts import conflict_copies, merge_file

T0 = pendulum.datetime(2026, 11, 20, 9, tz="UTC")
GOAL = Goal("write", "Write 200 words", created=T0, updated=T0)


def a_win(win_id: str, n: int, note: str = "", edited: int | None = None) -> Win:
    at = T0.add(days=n)
    updated = T0.add(days=n, minutes=edited) if edited is not None else None
    return Win(win_id, at=at, day=at.date(), goal_id="write", note=note, updated=updated)


def records(snapshot: Snapshot) -> tuple[object, ...]:
    return (snapshot.goals, snapshot.wins, snapshot.days, snapshot.pauses, snapshot.tombstones)


@pytest.fixture
def two_copies(tmp_path: Path) -> tuple[Store, Store]:
    """A store and its conflict copy: one journal that went two ways after a sync."""
    mine = Store(tmp_path / "smallwins.json")
    with mine.transaction() as tx:
        tx.put(GOAL)
        tx.put(a_win("w1", 0))
        tx.put(a_win("w2", 1, note="draft"))
        tx.put(a_win("w3", 2))
    theirs = Store(tmp_path / "smallwins.sync-conflict-20261124-101010-ABCDEFG.json")
    shutil.copy(mine.path, theirs.path)
    with mine.transaction() as tx:  # the laptop: a win, a newer note on w2
        tx.put(a_win("laptop", 3))
        tx.put(a_win("w2", 1, note="final words", edited=90))
    with theirs.transaction() as tx:  # the desktop: a day note, an older w2 edit, w3 deleted
        tx.put(Day(T0.add(days=3).date(), note="desktop note", updated=T0.add(days=3)))
        tx.put(a_win("w2", 1, note="second draft", edited=30))
        tx.delete("win", "w3", T0.add(days=3))
    return mine, theirs


def test_merging_a_conflict_copy_keeps_both_sides_work(two_copies: tuple[Store, Store]) -> None:
    mine, theirs = two_copies

    report = merge_file(mine, theirs.path)

    merged = mine.read()
    assert {w.id: w.note for w in merged.wins} == {
        "w1": "",
        "w2": "final words",
        "laptop": "",
    }
    assert merged.day(T0.add(days=3).date()).note == "desktop note"
    assert [t.id for t in merged.tombstones] == ["w3"]
    assert dict(report.added) == {"day": 1} and dict(report.deleted) == {"win": 1}
    (conflict,) = report.conflicts
    assert conflict.kept_mine and conflict.other.note == "second draft"  # type: ignore[union-attr]


def test_merge_is_the_same_either_way_and_a_second_merge_writes_nothing(
    two_copies: tuple[Store, Store], tmp_path: Path
) -> None:
    mine, theirs = two_copies
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(mine.path, a)
    shutil.copy(theirs.path, b)

    merge_file(Store(a), b)
    merge_file(Store(b), a)
    assert records(Store(a).read()) == records(Store(b).read())

    before = a.read_bytes()
    again = merge_file(Store(a), b)
    assert again.changes == 0
    assert a.read_bytes() == before


def test_the_other_copy_is_only_read(two_copies: tuple[Store, Store]) -> None:
    mine, theirs = two_copies
    before = theirs.path.read_bytes()

    merge_file(mine, theirs.path)
    merge_file(mine, theirs.path, dry_run=True)

    assert theirs.path.read_bytes() == before


def test_a_dry_run_writes_nothing(two_copies: tuple[Store, Store]) -> None:
    mine, theirs = two_copies
    before = mine.path.read_bytes()

    report = merge_file(mine, theirs.path, dry_run=True)

    assert report.changes == 2
    assert mine.path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"{not json", "not valid JSON"), (b"", "file is empty"), (b"[1, 2]", "not a smallwins")],
)
def test_an_unreadable_copy_changes_nothing(
    two_copies: tuple[Store, Store], content: bytes, problem: str
) -> None:
    mine, theirs = two_copies
    theirs.path.write_bytes(content)
    before = mine.path.read_bytes()

    with pytest.raises(StoreError, match=problem) as caught:
        merge_file(mine, theirs.path)

    assert caught.value.path == theirs.path
    assert mine.path.read_bytes() == before
    assert theirs.path.read_bytes() == content


def test_merging_the_store_into_itself_or_a_missing_file_is_refused(
    two_copies: tuple[Store, Store], tmp_path: Path
) -> None:
    mine, _ = two_copies
    with pytest.raises(StoreError, match="is the store itself"):
        merge_file(mine, mine.path)
    with pytest.raises(StoreError, match="no such file"):
        merge_file(mine, tmp_path / "nope.json")


def test_a_deleted_goal_on_the_other_copy_takes_the_wins_logged_here(tmp_path: Path) -> None:
    mine = Store(tmp_path / "smallwins.json")
    with mine.transaction() as tx:
        tx.put(GOAL)
    theirs = Store(tmp_path / "other.json")
    shutil.copy(mine.path, theirs.path)
    with mine.transaction() as tx:
        tx.put(a_win("late", 1))
    with theirs.transaction() as tx:
        tx.delete("goal", "write", T0.add(days=2))

    merge_file(mine, theirs.path)

    merged = mine.read()
    assert merged.goals == () and merged.wins == ()
    assert {t.id for t in merged.tombstones} == {"write", "late"}
    assert mine.check() == []


def test_conflict_copies_are_found_by_the_sync_tools_names(tmp_path: Path) -> None:
    store = tmp_path / "smallwins.json"
    names = [
        "smallwins.sync-conflict-20261124-101010-ABCDEFG.json",  # Syncthing
        "smallwins (Ada's conflicted copy 2026-11-24).json",  # Dropbox
        "smallwins (conflicted copy 2026-11-24 101010).json",  # Nextcloud
        "smallwins-Conflict-laptop.json",
    ]
    others = [
        "smallwins.json",
        "smallwins.json.backup-2026-11-23",
        "smallwins.json.lock",
        "smallwins.sync-conflict-20261124-101010-ABCDEFG.json.lock",
        "notes.sync-conflict-20261124-101010-ABCDEFG.json",
        "smallwins-old.json",
    ]
    for name in names + others:
        (tmp_path / name).write_text("{}")
    (tmp_path / "smallwins.conflict.json").mkdir()  # a folder is no copy

    assert conflict_copies(store) == sorted(tmp_path / name for name in names)
    assert conflict_copies(tmp_path / "missing" / "smallwins.json") == []


def test_settings_stay_this_machines(two_copies: tuple[Store, Store]) -> None:
    mine, theirs = two_copies
    with theirs.transaction() as tx:
        tx.set_settings(dataclasses.replace(tx.snapshot.settings, theme="nord", day_start_hour=6))

    merge_file(mine, theirs.path)

    assert mine.read().settings.theme == "" and mine.read().settings.day_start_hour == 4
