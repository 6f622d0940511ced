"""Sync conflict copies of the store, and merging another copy of it into the store.

A store kept in a folder synced by Syncthing, Dropbox, Nextcloud and the like becomes two
files when two machines change it between syncs: the store and a conflict copy beside it,
named after it (`smallwins.sync-conflict-20261124-101010-ABCDEFG.json`,
`smallwins (laptop's conflicted copy 2026-11-24).json`). `conflict_copies` finds them;
`merge_file` folds one into the store by record id (see `domain.merge`).
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from .storage import Store, StoreError
from .transaction import Transaction

if TYPE_CHECKING:
    from ..domain.merge import MergeReport
    from ..domain.models import Snapshot


def conflict_copies(store_path: Path) -> list[Path]:
    """Files beside the store whose name is the store's with "conflict" in it, by name."""
    path = Path(store_path).expanduser()
    stem, suffix = path.stem, path.suffix
    found: list[Path] = []
    with suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            name = entry.name
            if (
                name != path.name
                and name.startswith(stem)
                and name.endswith(suffix)
                and "conflict" in name[len(stem) :].lower()
            ):
                with suppress(OSError):
                    if entry.is_file():
                        found.append(Path(entry.path))
    return sorted(found)


def merge_file(store: Store, other: Path, *, dry_run: bool = False) -> MergeReport:
    """Merge the store file `other` into `store` in one write (none for a dry run).

    `other` is only read, never written or locked. StoreError names the file that could not
    be read; the store is then left as it was.
    """
    other = Path(other).expanduser()
    if other.exists() and store.path.exists() and os.path.samefile(other, store.path):
        raise StoreError(other, "is the store itself; name another copy to merge")
    if not other.exists():
        raise StoreError(other, "no such file")
    return merge_snapshot(store, Store(other).read(), dry_run=dry_run)


def merge_snapshot(store: Store, theirs: Snapshot, *, dry_run: bool = False) -> MergeReport:
    """Merge another copy of the journal, already read, into `store` in one write."""
    from ..domain.merge import merge

    if dry_run:
        return merge(store.read(), theirs).report
    with store.transaction() as tx:
        mine = tx.snapshot
        merged = merge(mine, theirs)
        apply_merged(tx, mine, merged.snapshot)
    return merged.report


def apply_merged(tx: Transaction, mine: Snapshot, merged: Snapshot) -> None:
    """Change the store from `mine` to `merged` (records and deletions; settings stay)."""
    from ..domain.merge import key_of, records_of

    tombstones = {t.id: t for t in mine.tombstones}
    for tombstone in merged.tombstones:
        if tombstones.get(tombstone.id) != tombstone:
            tx.bury(tombstone)
    have = {key_of(r): r for r in records_of(mine)}
    for record in records_of(merged):
        if have.get(key_of(record)) != record:
            tx.put(record)
