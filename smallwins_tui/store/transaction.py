"""A transaction: the changes of one write, applied through a TinyDB built for it alone.

`Store.transaction()` makes one under the lock from the file it read (or kept); the changes
are gathered here and written together, and the snapshot after them carries the delta
indexes follow (`SnapshotDelta`).
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable
from typing import Any, cast

import orjson
from pendulum import DateTime
from tinydb import TinyDB
from tinydb.storages import Storage

from ..domain.models import Day, Goal, Pause, Settings, Snapshot, SnapshotDelta, Tombstone, Win
from . import migrations
from .decoding import Decoded
from .migrations import APP_NAME, META_TABLE, Data
from .records import (
    DAYS,
    PAUSES,
    STORED_TABLES,
    TABLE_OF_KIND,
    TOMBSTONES,
    WINS,
    DeletedKind,
    Doc,
    day_document,
    decode_doc,
    encode,
    nested_win_doc,
    settings_doc,
)


class _DictStorage(Storage):
    """TinyDB storage over data already parsed, so TinyDB itself never touches the disk."""

    def __init__(self, data: Data) -> None:
        self.data = data

    def read(self) -> Data:
        return self.data

    def write(self, data: Data) -> None:
        self.data = data


class Transaction:
    """Changes to the store made inside `Store.transaction()`, written together at its end."""

    def __init__(self, data: Data | None, decoded: Decoded, before: Snapshot | None) -> None:
        self._data = data
        self._decoded = decoded
        self._pending: dict[str, dict[str, Doc | None]] = {table: {} for table in STORED_TABLES}
        self._touched_days: set[str] = set()
        """Dates whose document must be written again (their day record or wins changed)."""
        self._settings_changed = False
        self._before = before
        self._snapshot: Snapshot | None = before
        # What changed since `before`, for the delta the new snapshot carries.
        self._added: dict[str, Win] = {}
        self._removed: dict[str, Win] = {}
        self._days_changed = self._pauses_changed = False
        self.before_write: Callable[[], object] | None = None
        """Called once the new file's bytes are ready, just before they go to the disk (the
        thread then mostly waits for the disk); not called when nothing changed."""

    @property
    def snapshot(self) -> Snapshot:
        """The store as it is now, including the changes made so far in this transaction."""
        if self._snapshot is None:
            snapshot = self._decoded.snapshot()
            if self._before is None:
                self._before = snapshot
            elif self.changed:
                delta = SnapshotDelta(
                    weakref.ref(self._before),
                    added_wins=tuple(self._added.values()),
                    removed_wins=tuple(self._removed.values()),
                    days_changed=self._days_changed,
                    pauses_changed=self._pauses_changed,
                    settings_changed=self._settings_changed,
                )
                snapshot = dataclasses.replace(snapshot, delta=delta)
            self._snapshot = snapshot
        return self._snapshot

    @property
    def changed(self) -> bool:
        """Whether anything must be written."""
        return self._settings_changed or bool(self._touched_days) or any(self._pending.values())

    def put(self, record: Goal | Win | Pause | Day) -> None:
        """Add or replace a record by id (a day by date); an empty day removes that day's record."""
        what = type(record).__name__.lower()
        try:
            table, key, doc = encode(record)
            # Keep what a later read would give (UTC times, floats), not the caller's object.
            stored = decode_doc(table, doc)
        except ValueError as err:
            raise ValueError(f"cannot store {what}: {err}") from None
        try:
            orjson.dumps(doc)
        except orjson.JSONEncodeError:  # lone surrogates have no UTF-8 form
            raise ValueError(f"cannot store {what}: its text is not valid Unicode") from None
        if isinstance(stored, Win):
            self._keep_win(stored)
        elif isinstance(stored, Day):
            self._keep_day(key, stored)
        else:
            self._keep(table, key, doc, stored)
        if key in self._decoded.records[TOMBSTONES] and not isinstance(record, Day):
            self._drop(TOMBSTONES, key)  # a record brought back is no longer deleted

    def delete(self, kind: DeletedKind, record_id: str, deleted: DateTime) -> None:
        """Remove a record and leave a tombstone; LookupError if there is no such record."""
        table = TABLE_OF_KIND[kind]
        records = self._wins(record_id) if table == WINS else self._decoded.records[table]
        if record_id not in records:
            raise LookupError(f"no such {kind}: {record_id!r}")
        self.bury(Tombstone(record_id, kind, deleted))

    def bury(self, tombstone: Tombstone) -> None:
        """Keep a deletion (made here or in a merged copy); removes the record if it is here."""
        if tombstone.kind == "win":
            self._drop_win(tombstone.id)
        else:
            self._drop(TABLE_OF_KIND[tombstone.kind], tombstone.id)
        table, key, doc = encode(tombstone)
        self._keep(table, key, doc, decode_doc(table, doc))

    def set_settings(self, settings: Settings) -> None:
        """Replace the settings kept in the store."""
        if settings != self._decoded.settings:
            self._decoded.settings = settings
            self._settings_changed = True
            self._snapshot = None

    def _keep(self, table: str, key: str, doc: Doc, record: object) -> None:
        records = self._decoded.records[table]
        if records.get(key) != record:
            records[key] = record
            self._pending[table][key] = doc
            self._snapshot = None
            self._pauses_changed |= table == PAUSES

    def _drop(self, table: str, key: str) -> None:
        if self._decoded.records[table].pop(key, None) is None:
            return
        self._snapshot = None
        self._pauses_changed |= table == PAUSES
        if key in self._decoded.doc_ids[table]:
            self._pending[table][key] = None
        else:
            self._pending[table].pop(key, None)

    def _keep_day(self, key: str, day: Day) -> None:
        days = self._decoded.records[DAYS]
        if day.is_empty:
            if days.pop(key, None) is None:
                return
        elif days.get(key) == day:
            return
        else:
            days[key] = day
        self._touched_days.add(key)
        self._days_changed = True
        self._snapshot = None

    def _wins(self, win_id: str) -> dict[str, Win]:
        """The wins by id, every one decoded first if `win_id` is one of those left undecoded
        (a new win needs none of them)."""
        if win_id in self._decoded.lazy_ids:
            self._decoded.decode_all()
        return cast(dict[str, Win], self._decoded.records[WINS])

    def _keep_win(self, win: Win) -> None:
        old = self._wins(win.id).get(win.id)
        if old == win:
            return
        if old is not None:
            self._note_removed(old)
            self._touched_days.add(old.day.isoformat())
        self._decoded.records[WINS][win.id] = win  # a replaced win keeps its place
        self._touched_days.add(win.day.isoformat())
        self._added[win.id] = win
        self._snapshot = None

    def _drop_win(self, win_id: str) -> None:
        old = self._wins(win_id).pop(win_id, None)
        if old is not None:
            self._note_removed(old)
            self._touched_days.add(old.day.isoformat())
            self._snapshot = None

    def _day_wins(self, date: str, added: list[Win]) -> list[Doc]:
        """A touched day's win documents: the file's as they are, with this write's changes
        (`added`: the wins added or changed on this day, in the order they were put).

        Only this day's documents are looked at, never every win of the store.
        """
        raw: list[Doc] = []
        doc_id = self._decoded.doc_ids[DAYS].get(date)
        if doc_id is not None and self._data is not None:
            raw = self._data.get(DAYS, {}).get(doc_id, {}).get("wins", [])
        records, added_ids, removed_ids = self._decoded.records[WINS], self._added, self._removed
        out: list[Doc] = []
        placed: set[str] = set()
        for doc in raw:
            win_id: str = doc["id"]  # every win the file lists was checked when it was read
            if win_id in added_ids or win_id in removed_ids:  # replaced, moved or gone
                win = records.get(win_id)
                if win is None or win.day.isoformat() != date:
                    continue
                doc = nested_win_doc(win)
            out.append(doc)
            placed.add(win_id)
        out += [nested_win_doc(win) for win in added if win.id not in placed]
        return out

    def _note_removed(self, old: Win) -> None:
        """Remember a win's version from before the transaction (for the snapshot's delta)."""
        if self._added.pop(old.id, None) is None:
            self._removed.setdefault(old.id, old)  # not a version this transaction made

    def _serialise(self) -> Data:
        """Apply the changes through a TinyDB built for this transaction only; the new data."""
        db = TinyDB(storage=_DictStorage, data=self._data if self._data is not None else {})
        meta = db.table(META_TABLE, cache_size=0)
        settings = settings_doc(self._decoded.settings)
        if self._decoded.meta_id is None:
            version = migrations.SCHEMA_VERSION
            meta.insert({"app": APP_NAME, "schema_version": version, "settings": settings})
        elif self._settings_changed:
            meta.update({"settings": settings}, doc_ids=[int(self._decoded.meta_id)])
        days = self._decoded.records[DAYS]
        added: dict[str, list[Win]] = {}  # (grouped once: an import touches thousands of days)
        for win in self._added.values():
            added.setdefault(win.day.isoformat(), []).append(win)
        for date in self._touched_days:
            wins = self._day_wins(date, added.get(date, []))
            self._pending[DAYS][date] = day_document(date, days.get(date), wins)
        for name, pending in self._pending.items():
            if pending:
                _apply(db.table(name, cache_size=0), pending, self._decoded.doc_ids[name], name)
        return cast(_DictStorage, db.storage).data


def _apply(table: Any, pending: dict[str, Doc | None], doc_ids: dict[str, str], name: str) -> None:
    """Apply pending replacements, insertions and removals to one TinyDB table."""
    gone = [int(doc_ids.pop(key)) for key, doc in pending.items() if doc is None and key in doc_ids]
    if gone:
        table.remove(doc_ids=gone)
    replaced = {key: doc for key, doc in pending.items() if doc is not None and key in doc_ids}
    if replaced:
        field = "date" if name == DAYS else "id"

        def replace(doc: Doc) -> None:
            new = replaced[doc[field]]
            doc.clear()
            doc.update(new)

        table.update(replace, doc_ids=[int(doc_ids[key]) for key in replaced])
    added = {key: doc for key, doc in pending.items() if doc is not None and key not in doc_ids}
    if added:
        for key, doc_id in zip(added, table.insert_multiple(added.values()), strict=True):
            doc_ids[key] = str(doc_id)
