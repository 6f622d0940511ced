"""Daily backups kept beside the store file, and putting one of them back.

Before the first write of each local calendar day to an existing store file, the file about to be
replaced is kept as `<store>.backup-YYYY-MM-DD` beside it: the journal as it was when that day's
first change came. (A store created today has nothing to keep until its second write.) "Is there
a backup for today?" is the whole test, so a day never gets two and no clock or mtime is compared.
Which day it is comes from the caller (`Store(backup_day=...)`), never from the wall clock here.
A restore keeps the file it replaces as that day's backup, or as
`<store>.backup-YYYY-MM-DD-before-restore[-N]` when the day already has one, so a restore can
itself be undone. The backups of the newest `KEEP_DAYS` dates are kept; older ones are deleted.

Backups are written like the store (temporary file, fsync, rename, 0600) under the store's lock,
and only ever of a file smallwins has just read whole: a backup always restores.
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from pendulum import Date

from ..domain.models import Snapshot
from .records import parse_day
from .storage import Store, StoreError, _read_problem

KEEP_DAYS = 7
"""How many dates' backups are kept."""

_MARK = ".backup-"
_BEFORE_RESTORE = "-before-restore"
_UNREADABLE = ".unreadable-"


@dataclass(frozen=True)
class Backup:
    """One backup file of a store."""

    path: Path
    date: Date
    """The day it was made."""
    before_restore: int = 0
    """0 for the day's backup; N for the Nth file kept before a restore that day."""

    @property
    def key(self) -> str:
        """What follows `.backup-` in its name: "2026-11-24", "2026-11-24-before-restore"."""
        return self.path.name.rpartition(_MARK)[2]

    @property
    def label(self) -> str:
        """Its date, and when it was kept before a restore, that it was."""
        if not self.before_restore:
            return self.date.isoformat()
        number = f" {self.before_restore}" if self.before_restore > 1 else ""
        return f"{self.date.isoformat()} before restore{number}"


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    backup: Path
    """The file that was put back."""
    snapshot: Snapshot
    """What the store holds now."""
    kept: Path | None
    """Where the file it replaced was kept; None if there was no file."""
    kept_as_backup: bool
    """Whether that file is a backup (False: it was unreadable, and is only kept aside)."""


def _real(store_path: Path) -> Path:
    return Path(os.path.realpath(store_path))


def list_backups(store_path: Path | str) -> list[Backup]:
    """The backups of the store at `store_path`, newest first."""
    target = _real(Path(store_path).expanduser())
    pattern = re.compile(
        re.escape(target.name + _MARK)
        + r"(\d{4}-\d{2}-\d{2})(?:"
        + re.escape(_BEFORE_RESTORE)
        + r"(?:-([1-9]\d*))?)?"
    )
    found: list[Backup] = []
    with suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match is None or not entry.is_file(follow_symlinks=False):
                continue
            try:
                day = parse_day(match[1])
            except ValueError:
                continue
            restore = 0 if match.end(1) == len(entry.name) else int(match[2] or 1)
            found.append(Backup(Path(entry.path), day, restore))
    return sorted(found, key=lambda b: (b.date, b.before_restore), reverse=True)


def contents(path: Path) -> Snapshot:
    """What a backup (or any store file) holds; StoreError naming it if smallwins cannot read it."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise StoreError(path, _read_problem(err)) from None
    return Store(path).snapshot_of(raw)


def keep_daily_backup(store: Store, target: Path, day: Date) -> Path | None:
    """Copy the store file to `day`'s backup unless it has one; hold `store.locked()`."""
    backup = target.with_name(f"{target.name}{_MARK}{day.isoformat()}")
    if os.path.lexists(backup):
        return None
    try:
        raw = target.read_bytes()
    except OSError as err:
        raise StoreError(store.path, _read_problem(err)) from None
    store.write_file(backup, raw)
    prune(target)
    return backup


def prune(target: Path, keep: int = KEEP_DAYS) -> list[Path]:
    """Delete the backups of all but the newest `keep` dates; the files deleted."""
    backups = list_backups(target)
    dates = sorted({b.date for b in backups}, reverse=True)[:keep]
    removed = []
    for backup in backups:
        if backup.date not in dates:
            with suppress(FileNotFoundError):
                os.unlink(backup.path)
            removed.append(backup.path)
    return removed


def restore(store: Store, source: Path, day: Date) -> Restored:
    """Put `source` back as the store, keeping the file it replaces; `day` is today's date.

    Under the store's lock: `source` must read as a smallwins store (else StoreError, and the
    store is untouched); the current file is kept as a backup, or aside when it is unreadable;
    then `source`'s bytes replace the store in one rename.
    """
    with store.locked() as target:
        try:
            raw = source.read_bytes()
        except OSError as err:
            raise StoreError(source, _read_problem(err)) from None
        snapshot = Store(source).snapshot_of(raw)
        kept, readable = _keep_current(store, target, day)
        store.write_file(target, raw)
        prune(target)
    return Restored(source, snapshot, kept, readable)


def _keep_current(store: Store, target: Path, day: Date) -> tuple[Path | None, bool]:
    """Keep the store file about to be replaced; where, and whether it is a backup."""
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return None, False
    except OSError as err:  # what cannot be read cannot be kept: refuse rather than lose it
        raise StoreError(store.path, _read_problem(err)) from None
    try:
        store.snapshot_of(raw)
    except StoreError:
        kept = _free_name(target, f"{target.name}{_UNREADABLE}{day.isoformat()}")
        store.write_file(kept, raw)
        return kept, False
    daily = target.with_name(f"{target.name}{_MARK}{day.isoformat()}")
    kept = daily if not os.path.lexists(daily) else _free_name(target, daily.name + _BEFORE_RESTORE)
    store.write_file(kept, raw)
    return kept, True


def _free_name(target: Path, name: str) -> Path:
    """`name` beside `target`, or `name-2`, `name-3`, ... whichever does not exist yet."""
    candidate, number = target.with_name(name), 1
    while os.path.lexists(candidate):
        number += 1
        candidate = target.with_name(f"{name}-{number}")
    return candidate
