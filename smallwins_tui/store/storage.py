"""The journal file: cached reads, and atomic writes under an inter-process lock.

TinyDB does not support several processes, so no TinyDB instance outlives one transaction:
each transaction takes the file lock, re-reads the file unless it is unchanged since this
process last read or wrote it, builds a fresh TinyDB over the parsed data in memory (see
`transaction`), applies its changes through TinyDB's tables and writes the result once, to a
temporary file that replaces the old one. A reader therefore always sees a whole file.
Before the first write of each day the file about to be replaced is kept as a dated backup
(see `backups`).
"""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import orjson
from pendulum import Date

from .. import collector
from ..domain.models import Snapshot
from . import migrations
from .decoding import Decoded, decode
from .migrations import Data, SchemaError
from .records import DAYS, RecordError
from .transaction import Transaction

FILE_MODE = 0o600
"""A journal is private: only its owner may read it."""
FOLDER_MODE = 0o700
"""Mode of a store folder smallwins creates."""

PART_DAYS = 1_500
"""Days serialised in one call at most (see `serialise`)."""
Payload = bytes | list[bytes | memoryview]
"""A file's bytes, whole or in parts written one after another."""

_Key = tuple[int, int, int]
"""What identifies one version of the file: inode, modification time (ns) and size."""
_EMPTY = Snapshot()


def default_path() -> Path:
    """Where the journal lives: `$SMALLWINS_DB`, else the platform's user data folder."""
    if override := os.environ.get("SMALLWINS_DB"):
        return Path(override).expanduser()
    import platformdirs  # (only here: a command given --db does without it)

    return platformdirs.user_data_path("smallwins") / "smallwins.json"


class StoreError(Exception):
    """The store file cannot be read or written; `str()` is one line naming the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = " ".join(problem.splitlines())
        super().__init__(self.path, self.problem)

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclasses.dataclass(frozen=True, slots=True)
class _Loaded:
    """One version of the file as read (or written) by this process, kept to skip re-reading."""

    key: _Key
    data: Data
    """The parsed file (what the next transaction changes and writes)."""
    decoded: Decoded
    snapshot: Snapshot


class Store:
    """The journal file at `path`, shared safely by any number of smallwins processes."""

    def __init__(
        self,
        path: Path | str,
        *,
        lock_timeout: float = 10.0,
        backup_day: Callable[[], Date] | None = None,
        lazy_wins: bool = False,
    ) -> None:
        self.path = Path(path).expanduser()
        """The store file."""
        self.lock_timeout = lock_timeout
        """Seconds to wait for another writer before giving up."""
        self.backup_day = backup_day
        """Today's local date, asked before each write to keep one backup a day; None keeps none."""
        self.lazy_wins = lazy_wins
        """Whether `read()` and transactions leave wins undecoded until asked for (see
        `LazyWins`): a command that runs once gains, the dashboard holds them all anyway. Wins
        this process wrote itself (a file it created, say) stay decoded; `read_recent()` always
        leaves them undecoded."""
        self._cache: _Loaded | None = None
        self._seen: object = object()
        self._parsed: tuple[_Key, Data] | None = None
        """The file as parsed by `read_recent`, for the `read()` that completes it."""

    # --- reading ---------------------------------------------------------------------------

    def read(self) -> Snapshot:
        """Everything in the store; an empty snapshot if the file does not exist yet."""
        self._seen = signature = self._signature()
        if signature is None:
            return _EMPTY
        cache = self._cache
        if cache is not None and cache.key == signature:
            return cache.snapshot
        key, data, decoded = self._load(lazy_wins=self.lazy_wins)
        if key is None or data is None:
            return _EMPTY
        self._cache = _Loaded(key, data, decoded, decoded.snapshot())
        self._seen = key
        return self._cache.snapshot

    def read_recent(self, since: Date, *, min_bytes: int = 0) -> Snapshot:
        """A quick first look: what `read()` gives, less the days before `since` (their wins
        and notes); a file smaller than `min_bytes` is simply read whole.

        The snapshot's `complete` is False, and its wins are decoded by day when asked for
        (see `LazyWins`; a first look shows few days' wins and the others' counts). The parsed
        file is kept for the next `read()` (on the store thread, say), which then decodes the
        rest without reading the file again, unless it changed in between. Records left out
        are checked by that `read()`.
        """
        signature = self._signature()
        if not isinstance(signature, tuple) or signature[2] < min_bytes:
            return self.read()  # small, missing or unreadable: read() says all there is
        self._seen = signature
        self._cache = None  # the next read() or transaction decodes what is parsed here
        key, data, decoded = self._load(wins_since=since, lazy_wins=True)
        if key is None or data is None:
            return _EMPTY
        self._parsed = (key, data)
        self._seen = key
        return decoded.snapshot()

    def changed(self) -> bool:
        """Whether the file changed since the last `read()` (or a write through this store)."""
        return self._signature() != self._seen

    def check(self) -> list[str]:
        """Integrity problems of a readable store, one line each; [] when all is well.

        A file without duplicate ids is kept as `read()` keeps it: a `read()` after the check
        gives what was checked without reading the file again, unless it changed since.
        """
        key, data, decoded = self._load(allow_duplicates=True)
        snapshot = decoded.snapshot()
        if key is not None and data is not None and not decoded.duplicates:
            self._cache = _Loaded(key, data, decoded, snapshot)
            self._seen = key
        return decoded.duplicates + _integrity_problems(snapshot)

    def _signature(self) -> _Key | str | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as err:
            return f"error {err.errno}"
        return "folder" if stat.S_ISDIR(st.st_mode) else _key(st)

    def _load(
        self,
        *,
        allow_duplicates: bool = False,
        wins_since: Date | None = None,
        lazy_wins: bool = False,
    ) -> tuple[_Key | None, Data | None, Decoded]:
        parsed, self._parsed = self._parsed, None
        if parsed is not None and parsed[0] == self._signature():
            key, data = parsed
        else:
            try:
                with open(self.path, "rb") as file:
                    st = os.fstat(file.fileno())
                    raw = file.read()
            except FileNotFoundError:
                return None, None, Decoded()
            except OSError as err:
                raise StoreError(self.path, _read_problem(err)) from None
            key, data = _key(st), None
        # Decoding makes ~300,000 objects for ten years of wins, none of them garbage: the
        # cycle collector would walk them all several times over (a quarter of the time).
        with collector.paused():
            if data is None:
                data = self._json(raw)
                del raw  # ten megabytes, no longer needed while the records are decoded
            data, decoded = self._decode(data, wins_since, lazy_wins)
        if decoded.duplicates and not allow_duplicates:
            raise StoreError(self.path, decoded.duplicates[0])
        return key, data, decoded

    def snapshot_of(self, raw: bytes) -> Snapshot:
        """What the bytes of a store file hold, read as `read()` reads; StoreError if it cannot."""
        _data, decoded = self._parse(raw)
        if decoded.duplicates:
            raise StoreError(self.path, decoded.duplicates[0])
        return decoded.snapshot()

    def _parse(self, raw: bytes) -> tuple[Data, Decoded]:
        return self._decode(self._json(raw))

    def _json(self, raw: bytes) -> Any:
        if not raw or raw.isspace():  # (strip() would copy ten megabytes)
            raise StoreError(self.path, "file is empty")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as err:
            where = f"line {err.lineno}, column {err.colno}"
            raise StoreError(self.path, f"not valid JSON ({err.msg} at {where})") from None
        return data

    def _decode(
        self, data: Any, wins_since: Date | None = None, lazy_wins: bool = False
    ) -> tuple[Data, Decoded]:
        if not isinstance(data, dict):
            kind = type(data).__name__.replace("NoneType", "null").replace("dict", "object")
            raise StoreError(self.path, f"is not a smallwins store (it holds a JSON {kind})")
        try:
            data, _migrated = migrations.migrate(data)
            return data, decode(data, wins_since=wins_since, lazy_wins=lazy_wins)
        except (SchemaError, RecordError) as err:
            raise StoreError(self.path, str(err)) from None

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock the store, read it fresh, and write the changes made in the block once at its end.

        If the block raises, nothing is written. Raises `StoreError` if the file cannot be read
        (it is then left untouched) or another writer holds the lock for `lock_timeout` seconds.
        """
        with self.locked() as target:
            cache, self._cache = self._cache, None  # what the transaction changes is in flux
            if cache is not None and self._signature() == cache.key:
                # Nobody wrote since we read it: the parsed file is still what is on disk.
                data: Data | None = cache.data
                decoded, before = cache.decoded, cache.snapshot
            else:
                _key, data, decoded = self._load(lazy_wins=self.lazy_wins)
                before = None
            transaction = Transaction(data, decoded, before)
            yield transaction
            if not transaction.changed:
                if cache is not None and data is cache.data:
                    self._cache = cache
                return
            if data is not None and self.backup_day is not None:
                # Imported here: `backups` builds on this module's reader and writer.
                from .backups import keep_daily_backup

                # The file was read whole (now or at the cached read, and it has not changed
                # since), so it is never unreadable.
                keep_daily_backup(self, target, self.backup_day())
            new_data = transaction._serialise()
            payload = serialise(new_data)
            if transaction.before_write is not None:
                transaction.before_write()
            key = self._write(target, payload)
            self._cache = _Loaded(key, new_data, transaction._decoded, transaction.snapshot)
            self._seen = key

    @staticmethod
    def prepare_to_write() -> None:
        """Import what a write needs and a read does not (the file lock, ~10 ms): a process
        that will write calls it at a quiet moment, so that its first write does not wait."""
        import filelock  # noqa: F401

    @contextmanager
    def locked(self) -> Iterator[Path]:
        """Hold the lock every smallwins writer takes; yields the real store file to write."""
        # Writes go through a symlink to its target, so a journal kept elsewhere stays linked.
        target = Path(os.path.realpath(self.path))
        lock_path = target.with_name(target.name + ".lock")
        self._make_folder(target.parent)
        # Imported here: a command that only reads (a status bar's `status`) does without it.
        from filelock import FileLock, Timeout

        lock = FileLock(lock_path, timeout=self.lock_timeout, mode=FILE_MODE)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(self.path, _busy_problem(lock_path)) from None
        except OSError as err:
            raise StoreError(self.path, _write_problem(err)) from None
        try:
            _note_holder(lock_path)
            _remove_leftovers(target)
            yield target
        finally:
            lock.release()

    def _make_folder(self, folder: Path) -> None:
        if folder.is_dir():
            return
        try:
            os.makedirs(folder, mode=FOLDER_MODE)
            # makedirs applies the umask; a journal folder is private whatever the umask says.
            os.chmod(folder, FOLDER_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise StoreError(self.path, f"{folder} is a file, not a folder") from None
        except OSError as err:
            raise StoreError(self.path, _write_problem(err)) from None

    def write_file(self, target: Path, payload: Payload) -> None:
        """Replace `target` (the store or a file beside it) atomically, 0600; hold `locked()`."""
        self._write(target, payload)
        self._cache = None

    def _write(self, target: Path, payload: Payload) -> _Key:
        temp = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(temp, flags, FILE_MODE)
        except OSError as err:
            raise StoreError(self.path, _write_problem(err)) from None
        try:
            try:
                # The umask could have taken the owner's own read or write bit away.
                os.fchmod(fd, FILE_MODE)
                for part in [payload] if isinstance(payload, bytes) else payload:
                    view = memoryview(part)
                    while view:
                        view = view[os.write(fd, view) :]
                os.fsync(fd)
                st = os.fstat(fd)
            finally:
                os.close(fd)
            os.replace(temp, target)
        except BaseException as err:
            with suppress(OSError):
                os.unlink(temp)
            if isinstance(err, OSError):
                raise StoreError(self.path, _write_problem(err)) from None
            raise
        _sync_folder(target.parent)
        return _key(st)


def serialise(data: Data, part_days: int | None = None) -> list[bytes | memoryview]:
    """The file's bytes for `data`, in parts that join into what one `orjson.dumps` makes.

    orjson holds the interpreter for a whole call (~7 ms for ten years of days), and a thread
    waiting for it, the dashboard's event loop while its store thread writes, gets it only
    after the call. So a journal of more than PART_DAYS days is serialised that many days at
    a time, and the interpreter is let go before each part (a thread waiting for it would
    otherwise get its turn only at the switch interval, 5 ms): the loop waits for one part.
    """
    days, size = data.get(DAYS), PART_DAYS if part_days is None else part_days
    if size < 1:
        raise ValueError(f"parts of {size} days")
    if not isinstance(days, dict) or len(days) <= size:
        time.sleep(0)
        return [orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)]
    # JSON text never holds a raw NUL (strings escape it): it marks where the days go.
    frame = orjson.dumps({**data, DAYS: orjson.Fragment(b"\0")}, option=orjson.OPT_APPEND_NEWLINE)
    head, _nul, tail = frame.partition(b"\0")
    keys = list(days)
    parts: list[bytes | memoryview] = [head]
    for start in range(0, len(keys), size):
        time.sleep(0)
        chunk = orjson.dumps({key: days[key] for key in keys[start : start + size]})
        parts += [b"{" if start == 0 else b",", memoryview(chunk)[1:-1]]  # (without its braces)
    parts += [b"}", tail]
    return parts


def _integrity_problems(snapshot: Snapshot) -> list[str]:
    """References that point nowhere, goals that are their own ancestors, impossible dates."""
    goals = {goal.id: goal for goal in snapshot.goals}
    problems = [
        f"goal {goal.id!r} has unknown parent {goal.parent_id!r}"
        for goal in snapshot.goals
        if goal.parent_id is not None and goal.parent_id not in goals
    ]
    for goal in snapshot.goals:
        seen: set[str] = set()
        for milestone in goal.milestones:
            if milestone.id in seen:
                problems.append(f"goal {goal.id!r} has two milestones with id {milestone.id!r}")
            seen.add(milestone.id)
    orphans: dict[str, int] = {}
    for win in snapshot.wins:
        if win.goal_id is not None and win.goal_id not in goals:
            orphans[win.goal_id] = orphans.get(win.goal_id, 0) + 1
    for goal_id, count in orphans.items():
        problems.append(f"{count} {_refer(count, 'win')} to unknown goal {goal_id!r}")
    # A win may be back-dated to any earlier day, and the day-start hour only ever moves a win
    # to the evening before; no time zone is more than a day ahead of UTC. So a win can count
    # for at most the UTC date it was logged on plus one day, whatever the zone or settings.
    for win in snapshot.wins:
        logged = win.at.in_timezone("UTC").date()
        if win.day > logged.add(days=1):
            problems.append(
                f"win {win.id!r} counts for {win.day.isoformat()}, after the day it was "
                f"logged ({logged.isoformat()})"
            )
    # Deleting a goal leaves its rest days alone, so only ids that were never goals are wrong.
    deleted = {t.id for t in snapshot.tombstones if t.kind == "goal"}
    resting: dict[str, int] = {}
    for day in snapshot.days:
        for goal_id in day.rest_goals:
            if goal_id not in goals and goal_id not in deleted:
                resting[goal_id] = resting.get(goal_id, 0) + 1
    for goal_id, count in resting.items():
        problems.append(f"{count} {_refer(count, 'rest day')} to unknown goal {goal_id!r}")
    in_cycles: set[str] = set()
    for goal in snapshot.goals:
        chain: list[str] = []
        current: str | None = goal.id
        while current is not None and current in goals and current not in chain:
            chain.append(current)
            current = goals[current].parent_id
        if current is not None and current in chain and current not in in_cycles:
            cycle = chain[chain.index(current) :]
            in_cycles.update(cycle)
            problems.append(f"goals {' → '.join(map(repr, [*cycle, current]))} form a parent cycle")
    problems += [
        f"pause {p.id!r} ends before it starts" for p in snapshot.pauses if p.end < p.start
    ]
    return problems


def _refer(count: int, noun: str) -> str:
    """ "win refers", "wins refer"."""
    return f"{noun} refers" if count == 1 else f"{noun}s refer"


def _key(st: os.stat_result) -> _Key:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


_READ_PROBLEMS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a store file",
    errno.ENOTDIR: "part of the path is a file, not a folder",
}
_WRITE_PROBLEMS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk full",
    errno.EACCES: "folder is not writable",
    errno.EPERM: "folder is not writable",
    errno.EROFS: "folder is on a read-only file system",
    errno.ENOTDIR: "part of the path is a file, not a folder",
}


def _read_problem(err: OSError) -> str:
    return _READ_PROBLEMS.get(err.errno or 0) or f"could not read: {err.strerror or err}"


def _write_problem(err: OSError) -> str:
    reason = _WRITE_PROBLEMS.get(err.errno or 0) or (err.strerror or str(err)).lower()
    return f"could not write: {reason} (the file was left as it was)"


def _busy_problem(lock_path: Path) -> str:
    with suppress(OSError, ValueError):
        pid = int(lock_path.read_bytes()[:32].strip())
        return f"store is busy: held by PID {pid} (another smallwins is writing it); try again"
    return "store is busy: another smallwins is writing it; try again"


def _note_holder(lock_path: Path) -> None:
    """Write our PID into the lock file, so a writer kept waiting can say who holds it."""
    with suppress(OSError):
        fd = os.open(lock_path, os.O_WRONLY | os.O_TRUNC)
        try:
            os.write(fd, f"{os.getpid()}\n".encode())
        finally:
            os.close(fd)


def _remove_leftovers(target: Path) -> None:
    """Delete temporary files of writers that were killed mid-write (we hold the lock)."""
    prefix = f".{target.name}."
    with suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with suppress(OSError):
                    os.unlink(entry.path)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    # The new file is already whole and in place; a folder that cannot be synced is no error.
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
