"""The store file on disk: private modes, unreadable files left untouched, failed writes."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pendulum
import pytest

from smallwins_tui.domain.models import Goal, Pause, Snapshot, Win
from smallwins_tui.store import SCHEMA_VERSION, Store, StoreError, default_path, storage

NOW = pendulum.datetime(2026, 11, 24, 9, 30, tz="UTC")
DAY = NOW.date()
IS_ROOT = os.geteuid() == 0


def win(win_id: str, note: str = "") -> Win:
    return Win(id=win_id, at=NOW, day=DAY, note=note)


def meta(version: int = 1) -> dict[str, Any]:
    return {"1": {"app": "smallwins", "schema_version": version}}


def write_json(path: Path, data: object) -> None:
    path.write_bytes(orjson.dumps(data))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "smallwins.json"


@pytest.fixture
def stored(path: Path) -> Path:
    """A store holding one win."""
    with Store(path).transaction() as txn:
        txn.put(win("w1", "first"))
    return path


@pytest.fixture
def any_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


# --- where and how the file is made ----------------------------------------------------------


def test_default_path_follows_smallwins_db_or_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SMALLWINS_DB", "~/journals/wins.json")
    assert default_path() == Path.home() / "journals" / "wins.json"
    monkeypatch.delenv("SMALLWINS_DB")
    assert default_path().parts[-2:] == ("smallwins", "smallwins.json")


@pytest.mark.usefixtures("any_umask")
def test_new_store_folder_is_0700_and_file_and_lock_are_0600(tmp_path: Path) -> None:
    path = tmp_path / "new" / "smallwins.json"
    with Store(path).transaction() as txn:
        txn.put(win("w1"))

    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    assert mode(path.with_name("smallwins.json.lock")) == 0o600
    assert path.with_name("smallwins.json.lock").read_text().strip() == str(os.getpid())


def test_a_missing_file_reads_as_empty_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "not-yet" / "smallwins.json"
    store = Store(path)
    assert store.read() == Snapshot()
    assert not store.changed()
    assert store.check() == []
    assert not path.parent.exists()


def test_a_transaction_that_raises_writes_nothing(stored: Path) -> None:
    before = stored.read_bytes()
    with pytest.raises(RuntimeError, match="boom"), Store(stored).transaction() as txn:
        txn.put(win("w2"))
        raise RuntimeError("boom")
    assert stored.read_bytes() == before
    assert Store(stored).read().wins == (win("w1", "first"),)


def test_before_write_runs_once_the_bytes_are_ready_and_only_for_a_change(stored: Path) -> None:
    store = Store(stored)
    seen: list[tuple[bytes, list[str]]] = []

    def ready() -> None:  # the dashboard draws the change here, while the file is written
        seen.append((stored.read_bytes(), leftovers(stored.parent)))

    before = stored.read_bytes()
    with store.transaction() as txn:
        txn.put(win("w1", "first"))  # as it is: nothing to write
        txn.before_write = ready
    assert seen == []
    with store.transaction() as txn:
        txn.put(win("w2"))
        txn.before_write = ready
    # Called once, with the old file still in place and no temporary file begun.
    assert seen == [(before, [])]
    assert Store(stored).read().wins == (win("w1", "first"), win("w2"))


def test_writes_follow_a_symlink_to_the_journal(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "smallwins.json"
    real.parent.mkdir()
    link = tmp_path / "smallwins.json"
    link.symlink_to(real)
    with Store(link).transaction() as txn:
        txn.put(win("w1"))
    assert link.is_symlink()
    assert Store(real).read().wins == (win("w1"),)


def test_temp_files_of_killed_writers_are_cleaned_up(stored: Path) -> None:
    (stored.parent / ".smallwins.json.dead1234.tmp").write_bytes(b"{half")
    with Store(stored).transaction() as txn:
        txn.put(win("w2"))
    assert leftovers(stored.parent) == []


# --- files that cannot be read --------------------------------------------------------------

WIN_DOC = {"id": "w1", "at": "2026-11-24T09:30:00Z", "day": "2026-11-24"}
GOAL_DOC = {
    "id": "g",
    "title": "t",
    "created": "2026-11-24T09:30:00Z",
    "updated": "2026-11-24T09:30:00Z",
}


def store_bytes(**tables: object) -> bytes:
    return orjson.dumps({"meta": meta(), **tables})


UNREADABLE: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "file is empty"),
    "only whitespace": (b" \n\n", "file is empty"),
    "truncated": (store_bytes(wins={"1": WIN_DOC})[:-7], "not valid JSON (unexpected end of data"),
    "invalid JSON": (b'{"meta": {\n  oops}', "not valid JSON (unexpected character"),
    "not UTF-8": (b'{"meta": "\xff\xfe"}', "not valid JSON"),
    "a JSON list": (b"[1, 2, 3]", "is not a smallwins store (it holds a JSON list)"),
    "another program's JSON": (b'{"name": "vscode", "version": 3}', "is not a smallwins store"),
    "TinyDB without our meta": (
        b'{"_default": {"1": {"title": "x"}}}',
        "is not a smallwins store (no smallwins meta table)",
    ),
    "newer schema": (
        orjson.dumps({"meta": meta(SCHEMA_VERSION + 1)}),
        f"was written by a newer smallwins (schema {SCHEMA_VERSION + 1}; this version reads up "
        f"to {SCHEMA_VERSION}) — upgrade",
    ),
    "malformed time": (
        store_bytes(wins={"12": WIN_DOC | {"at": "yesterday"}}),
        "days record 1 is malformed: win 1: 'at' must be an ISO-8601 time",
    ),
    "malformed day": (
        store_bytes(wins={"12": WIN_DOC | {"day": "24.11.2026"}}),
        "wins record 12 is malformed: 'day' must be a date (YYYY-MM-DD)",
    ),
    "missing id": (
        store_bytes(wins={"3": {"at": WIN_DOC["at"], "day": WIN_DOC["day"]}}),
        "wins record 3 is malformed: 'id' must be a non-empty string",
    ),
    "bad goal kind": (
        store_bytes(goals={"1": GOAL_DOC | {"kind": ["x"]}}),
        "goals record 1 is malformed: 'kind' must be 'check' or 'count'",
    ),
    "bad schedule": (
        store_bytes(goals={"1": GOAL_DOC | {"schedule": {"kind": "weekdays", "days": []}}}),
        "goals record 1 is malformed: choose at least one weekday",
    ),
    "table is a list": (store_bytes(pauses=[]), "the pauses table is malformed"),
    "record is a string": (
        store_bytes(days={"1": "2026-11-24"}),
        "days record 1 is malformed: it must be an object",
    ),
    "key is not a number": (
        store_bytes(days={"x": {"date": "2026-11-24"}}),
        "days record 'x' is malformed: its key is not a number",
    ),
    "bad settings": (
        orjson.dumps({"meta": {"1": {**meta()["1"], "settings": {"day_start_hour": 25}}}}),
        "meta record 1 is malformed: the day-start hour must be between 0 and 23",
    ),
    "meta key is not a number": (
        orjson.dumps({"meta": {"one": meta()["1"]}}),
        "meta record 'one' is malformed: its key is not a number",
    ),
    "duplicate id": (store_bytes(wins={"1": WIN_DOC, "2": WIN_DOC}), "duplicate id 'w1' in wins"),
    "duplicate date": (
        store_bytes(days={"1": {"date": "2026-11-24"}, "2": {"date": "2026-11-24", "note": "x"}}),
        "duplicate date '2026-11-24' in days",
    ),
}


def assert_left_untouched(path: Path, read: Callable[[], object], expected: str) -> None:
    """`read` raises a one-line StoreError naming `path`, and the file keeps its bytes and mtime."""
    before, before_stat = path.read_bytes(), path.stat()
    with pytest.raises(StoreError) as caught:
        read()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert caught.value.path == path
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == before_stat.st_mtime_ns
    assert path.stat().st_ino == before_stat.st_ino
    assert leftovers(path.parent) == []


def transact(path: Path, *, lazy_wins: bool = False) -> None:
    with Store(path, lazy_wins=lazy_wins).transaction() as txn:
        txn.put(win("w9"))


@pytest.mark.parametrize("lazy_wins", [False, True], ids=["decoded", "lazy"])
@pytest.mark.parametrize("content, expected", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_an_unreadable_file_is_a_one_line_error_and_is_never_overwritten(
    path: Path, content: bytes, expected: str, lazy_wins: bool
) -> None:
    # The command line reads with lazy_wins: every win is checked all the same.
    path.write_bytes(content)
    store = Store(path, lazy_wins=lazy_wins)
    assert_left_untouched(path, store.read, expected)
    assert_left_untouched(path, lambda: transact(path, lazy_wins=lazy_wins), expected)
    assert not store.changed()  # an unreadable file is not reported again until it changes


def test_a_folder_in_place_of_the_file(path: Path) -> None:
    path.mkdir()
    for action in (Store(path).read, lambda: transact(path), Store(path).check):
        with pytest.raises(StoreError, match="is a folder, not a store file"):
            action()
    assert list(path.iterdir()) == []


def test_a_file_without_read_permission(stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if IS_ROOT:  # root reads anything: pretend the kernel said no

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise PermissionError(errno.EACCES, "Permission denied", str(stored))

        monkeypatch.setattr(storage, "open", refuse, raising=False)
    else:
        stored.chmod(0o000)
    try:
        assert_left_untouched(stored, Store(stored).read, "permission denied")
        assert_left_untouched(stored, lambda: transact(stored), "permission denied")
    finally:
        stored.chmod(0o600)


# --- writes that fail -------------------------------------------------------------------------


def _refuse_creating_files(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Make `folder` act read-only, even for root (this also stops the lock file being made)."""
    real_open = os.open

    def fake_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(file).parent == folder:
            raise OSError(code, os.strerror(code), str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


@pytest.mark.parametrize(
    "code, expected",
    [
        (errno.EACCES, "folder is not writable"),
        (errno.EROFS, "folder is on a read-only file system"),
    ],
)
def test_a_read_only_folder(
    stored: Path, monkeypatch: pytest.MonkeyPatch, code: int, expected: str
) -> None:
    if IS_ROOT or code == errno.EROFS:
        _refuse_creating_files(monkeypatch, stored.parent, code)
    else:
        stored.parent.chmod(0o500)
    try:
        assert_left_untouched(stored, lambda: transact(stored), f"could not write: {expected}")
        assert Store(stored).read().wins == (win("w1", "first"),)
    finally:
        stored.parent.chmod(0o700)


def test_a_read_only_folder_without_a_lock_file_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "smallwins.json"
    _refuse_creating_files(monkeypatch, tmp_path, errno.EACCES)
    with pytest.raises(StoreError, match="could not write: folder is not writable"):
        transact(path)
    assert not path.exists()


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_a_full_disk_leaves_the_old_file_whole_and_no_temp_file(
    stored: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, call, full)
    assert_left_untouched(stored, lambda: transact(stored), "could not write: disk full")
    monkeypatch.undo()
    assert Store(stored).read().wins == (win("w1", "first"),)


# --- reading again only when the file changed -------------------------------------------------


def test_an_unchanged_file_is_read_from_the_cache(stored: Path) -> None:
    store = Store(stored)
    first = store.read()
    assert store.read() is first
    assert not store.changed()


def test_changes_by_another_store_are_noticed(stored: Path) -> None:
    store, other = Store(stored), Store(stored)
    assert store.changed()  # never read yet
    store.read()
    assert not store.changed()

    with other.transaction() as txn:
        txn.put(win("w2", "from the command line"))
    assert store.changed()
    assert [w.id for w in store.read().wins] == ["w1", "w2"]
    assert not store.changed()

    with store.transaction() as txn:  # our own write counts as read
        txn.put(win("w3"))
    assert not store.changed()
    assert [w.id for w in store.read().wins] == ["w1", "w2", "w3"]
    assert other.changed()


def test_a_store_that_appears_later_is_noticed(path: Path) -> None:
    store = Store(path)
    assert store.read() == Snapshot()
    assert not store.changed()
    with Store(path).transaction() as txn:
        txn.put(win("w1"))
    assert store.changed()
    assert store.read().wins == (win("w1"),)


# --- integrity --------------------------------------------------------------------------------


def test_check_reports_broken_references_cycles_and_duplicates(path: Path) -> None:
    def goal(goal_id: str, parent: str | None) -> dict[str, Any]:
        doc = {"id": goal_id, "title": goal_id.upper(), "created": "2026-11-24T09:30:00Z",
               "updated": "2026-11-24T09:30:00Z"}  # fmt: skip
        return doc | ({"parent": parent} if parent else {})

    def a_win(win_id: str, goal_id: str) -> dict[str, Any]:
        return {"id": win_id, "at": "2026-11-24T09:30:00Z", "day": "2026-11-24", "goal": goal_id}

    write_json(path, {
        "meta": meta(),
        "goals": {"1": goal("a", "b"), "2": goal("b", "a"), "3": goal("c", "gone"),
                  "4": goal("d", None), "5": goal("e", "e")},
        "wins": {"1": a_win("w1", "d"), "2": a_win("w2", "ghost"), "3": a_win("w3", "ghost"),
                 "4": a_win("w1", "d")},
        "pauses": {"1": {"id": "p1", "start": "2026-11-24", "end": "2026-11-20"}},
    })  # fmt: skip

    assert Store(path).check() == [
        "duplicate id 'w1' in wins",
        "goal 'c' has unknown parent 'gone'",
        "2 wins refer to unknown goal 'ghost'",
        "goals 'a' → 'b' → 'a' form a parent cycle",
        "goals 'e' → 'e' form a parent cycle",
        "pause 'p1' ends before it starts",
    ]


def test_check_of_a_sound_store_is_empty(stored: Path) -> None:
    with Store(stored).transaction() as txn:
        txn.put(Goal(id="g", title="G", created=NOW, updated=NOW))
        txn.put(Goal(id="h", title="H", created=NOW, updated=NOW, parent_id="g"))
        txn.put(Win(id="w2", at=NOW, day=DAY, goal_id="h"))
        txn.put(Pause("p", DAY, DAY))
    assert Store(stored).check() == []


def test_store_error_pickles_for_worker_processes(tmp_path: Path) -> None:
    import pickle

    err = StoreError(tmp_path / "x.json", "file is empty\nsecond line")
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) == f"{tmp_path / 'x.json'}: file is empty second line"
