"""A whole store file's documents -> records: every table checked, every win too.

A ten-year store holds ~75,000 wins, decoded at every read of the dashboard and checked at every
command, so wins of the usual shape take a fast path here; `records` holds the checks and
codecs of each kind of document.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from typing import Any, cast, overload

import pendulum
from pendulum import Date, DateTime

from ..domain.models import LazyDay, LazyWins, Settings, Snapshot, Win, WinSummary, summarise
from .migrations import META_TABLE, Data, find_meta
from .records import (
    DAYS,
    GOALS,
    PAUSES,
    STORED_TABLES,
    TABLES,
    TOMBSTONES,
    WINS,
    Doc,
    RecordError,
    day_from_doc,
    decode_doc,
    nested_win,
    settings_from_doc,
)

_UTC = pendulum.UTC

_WinFields = make_dataclass(
    "_WinFields", [f.name for f in dataclass_fields(Win)], slots=True, frozen=False
)
"""`Win`'s slots in `Win`'s order, without the frozen `__setattr__`: `_win` fills one of these
and turns it into a `Win` (CPython allows the class switch because the layouts are equal)."""


def _win(*values: Any) -> Win:
    """A `Win` of its fields in order, as `Win(*values)` gives but about three times faster."""
    win = _WinFields(*values)
    win.__class__ = Win
    return win  # type: ignore[no-any-return]  # it is one now


@dataclass
class Decoded:
    """Every record of a store file, by table and key, with the TinyDB ids they live under."""

    records: dict[str, dict[str, Any]] = field(default_factory=lambda: {t: {} for t in TABLES})
    """Records by table and key (a day record by its date, a win by its id)."""
    doc_ids: dict[str, dict[str, str]] = field(default_factory=lambda: {t: {} for t in TABLES})
    """TinyDB ids by table and key; for days, of every day document (with wins or not)."""
    settings: Settings = field(default_factory=Settings)
    meta_id: str | None = None
    duplicates: list[str] = field(default_factory=list)
    """One line per record whose id (or date) another record of its table already has."""
    complete: bool = True
    """Whether every win was decoded (see `decode`'s `wins_since`)."""
    goal_ids: dict[str, str] = field(default_factory=dict)
    """Each goal id the wins refer to, as one string object shared by all of them."""
    lazy_days: list[LazyDay] | None = None
    """With `decode`'s `lazy_wins`: every win of the file, by day and undecoded; the wins in
    `records` are then only those added since (a changed or removed one decodes them all, see
    `decode_all`)."""
    lazy_ids: set[str] = field(default_factory=set)
    """The ids of the wins in `lazy_days`."""

    def decode_all(self) -> None:
        """Decode the wins `lazy_days` holds into `records`, in the same order."""
        if self.lazy_days is None:
            return
        wins = {win.id: win for day in self.lazy_days for win in day.wins}
        wins.update(self.records[WINS])
        self.records[WINS] = wins
        self.lazy_days, self.lazy_ids = None, set()

    def snapshot(self) -> Snapshot:
        """The records as an immutable snapshot."""
        added = tuple(self.records[WINS].values())
        return Snapshot(
            goals=tuple(self.records[GOALS].values()),
            wins=added if self.lazy_days is None else LazyWins(tuple(self.lazy_days), added),
            days=tuple(self.records[DAYS].values()),
            pauses=tuple(self.records[PAUSES].values()),
            tombstones=tuple(self.records[TOMBSTONES].values()),
            settings=self.settings,
            complete=self.complete,
        )


def _is_doc_id(text: str) -> bool:
    # TinyDB turns ids into ints and back, so "07" or "٣" would silently become another key.
    return text.isascii() and text.isdigit() and (text[0] != "0" or text == "0")


def decode(data: Data, *, wins_since: Date | None = None, lazy_wins: bool = False) -> Decoded:
    """Check the shape of every table and document; RecordError names the first bad one.

    With `wins_since`, the days before it (their wins and notes) are neither checked nor
    decoded, and the snapshot is marked incomplete (a quick first look at a large store).
    With `lazy_wins`, every win is checked but left undecoded in `Decoded.lazy_days`.
    """
    decoded = Decoded(complete=wins_since is None, lazy_days=[] if lazy_wins else None)
    since = wins_since.isoformat() if wins_since is not None else None
    meta_id, meta = find_meta(data)
    decoded.meta_id = meta_id
    for doc_id in data[META_TABLE]:
        if not _is_doc_id(doc_id):
            raise RecordError(f"meta record {doc_id!r} is malformed: its key is not a number")
    try:
        decoded.settings = settings_from_doc(meta.get("settings", {}))
    except (RecordError, ValueError) as err:
        raise RecordError(f"meta record {meta_id} is malformed: {err}") from None
    for table in STORED_TABLES:
        documents = data.get(table, {})
        if not isinstance(documents, dict):
            raise RecordError(f"the {table} table is malformed: it must be an object of records")
        records, doc_ids = decoded.records[table], decoded.doc_ids[table]
        for doc_id, doc in documents.items():
            if not _is_doc_id(doc_id):
                raise RecordError(
                    f"{table} record {doc_id!r} is malformed: its key is not a number"
                )
            if not isinstance(doc, dict):
                raise RecordError(f"{table} record {doc_id} is malformed: it must be an object")
            if table == DAYS:
                _decode_day(decoded, doc_id, doc, since)
                continue
            try:
                record = decode_doc(table, doc)
            except RecordError as err:
                raise RecordError(f"{table} record {doc_id} is malformed: {err}") from None
            key = record.id  # type: ignore[union-attr]  # days are decoded above
            if key in records:
                decoded.duplicates.append(f"duplicate id {key!r} in {table}")
                continue
            records[key] = record
            doc_ids[key] = doc_id
    return decoded


def _decode_day(decoded: Decoded, doc_id: str, doc: Doc, since: str | None) -> None:
    """One day document: its day record (if it says anything) and its wins; none of it for a
    day before `since` (a first look needs neither the old wins nor the old notes)."""
    if since is not None and type(date := doc.get("date")) is str and date < since:
        return  # (ISO dates sort as text; a malformed one is decoded, and named)
    try:
        day, wins = day_from_doc(doc)
    except RecordError as err:
        raise RecordError(f"days record {doc_id} is malformed: {err}") from None
    key = day.date.isoformat()
    if key in decoded.doc_ids[DAYS]:
        decoded.duplicates.append(f"duplicate date {key!r} in days")
        return
    decoded.doc_ids[DAYS][key] = doc_id
    if not day.is_empty:
        decoded.records[DAYS][key] = day
    if wins:
        if decoded.lazy_days is not None:
            decoded.lazy_days.append(_lazy_day(decoded, doc_id, wins, day.date))
        else:
            _decode_wins(decoded, doc_id, wins, day.date)


@overload
def _scan_wins(
    doc_id: str, docs: list[Any], date: Date, goal_ids: dict[str, str], ids: None = None
) -> list[Win]: ...
@overload
def _scan_wins(
    doc_id: str, docs: list[Any], date: Date, goal_ids: dict[str, str], ids: list[str]
) -> list[WinSummary] | None: ...
def _scan_wins(
    doc_id: str,
    docs: list[Any],
    date: Date,
    goal_ids: dict[str, str],
    ids: list[str] | None = None,
) -> list[Win] | list[WinSummary] | None:
    """The wins a day document lists, checked: as `Win`s, or given `ids` as summaries, with
    their ids appended to `ids` (None when one has an unusual shape: decode the day instead).

    A ten-year store holds ~75,000 wins, checked at every read, so the usual shape (id, UTC
    time, optional goal, amount and note) is checked in one expression and built without the
    frozen dataclass's per-field `__setattr__` (~3x faster); anything else goes through
    `nested_win`, which checks each field and names what is wrong.
    """
    out: list[Any] = []
    append, parse, utc, make, utc_tz = out.append, datetime.fromisoformat, UTC, _win, _UTC
    summarise = ids is not None
    add_id = ids.append if ids is not None else None
    for n, doc in enumerate(docs, 1):
        if type(doc) is dict and "created" not in doc and "updated" not in doc:
            get = doc.get
            win_id, at, goal, amount, note = (
                get("id"), get("at"), get("goal"), get("amount"), get("note", "")
            )  # fmt: skip
            if (
                type(win_id) is str
                and win_id
                and type(at) is str
                and (goal is None or (type(goal) is str and goal))
                and (amount is None or type(amount) is int or type(amount) is float)
                and type(note) is str
            ):
                try:
                    moment = parse(at)
                except ValueError:
                    moment = None
                if moment is not None and moment.tzinfo is utc:
                    if goal is not None:
                        # One string per goal, not one per win (~5 MB over ten years): the
                        # parser makes a new one for each occurrence; the file's copy goes too.
                        goal = doc["goal"] = goal_ids.setdefault(goal, goal)
                    if amount is not None:
                        amount = float(amount)
                    if add_id is not None:
                        add_id(win_id)
                        append((goal, amount))
                        continue
                    append(
                        make(
                            win_id,
                            DateTime(
                                moment.year, moment.month, moment.day, moment.hour,
                                moment.minute, moment.second, moment.microsecond, tzinfo=utc_tz,
                            ),
                            date, goal, amount, note, None, None,
                        )
                    )  # fmt: skip
                    continue
        if summarise:
            return None
        try:
            append(nested_win(doc, date))
        except RecordError as err:
            raise RecordError(f"days record {doc_id} is malformed: win {n}: {err}") from None
    return out


def _decode_wins(decoded: Decoded, doc_id: str, docs: list[Any], date: Date) -> None:
    """The wins of one day document into `decoded`."""
    records, duplicates = decoded.records[WINS], decoded.duplicates
    for win in _scan_wins(doc_id, docs, date, decoded.goal_ids):
        if win.id in records:
            duplicates.append(f"duplicate id {win.id!r} in wins")
            continue
        records[win.id] = win


def _lazy_day(decoded: Decoded, doc_id: str, docs: list[Any], date: Date) -> LazyDay:
    """The wins of one day document, checked as `_decode_wins` checks them but left undecoded
    (see `LazyDay`); a day with a win of an unusual shape is decoded at once."""
    goal_ids, day_ids = decoded.goal_ids, cast(list[str], [])
    summaries = _scan_wins(doc_id, docs, date, goal_ids, day_ids)
    wins: tuple[Win, ...] | None = None
    if summaries is None:  # rare: decoded now (and named now if one is malformed)
        wins = tuple(_scan_wins(doc_id, docs, date, goal_ids))
        day_ids = [w.id for w in wins]
        summaries = summarise(wins)
    seen = decoded.lazy_ids
    before = len(seen)
    seen.update(day_ids)
    if len(seen) - before != len(day_ids):
        _note_duplicates(decoded, day_ids)
    if wins is not None:
        return LazyDay(date, tuple(summaries), None, wins)
    return LazyDay(date, tuple(summaries), lambda: tuple(_scan_wins(doc_id, docs, date, goal_ids)))


def _note_duplicates(decoded: Decoded, day_ids: list[str]) -> None:
    """Name the ids of a day's wins that the days before it (or itself) have already: the
    store refuses the file, so this is rare, and decodes those days to find them."""
    earlier = {win.id for day in decoded.lazy_days or () for win in day.wins}
    for win_id in day_ids:
        if win_id in earlier:
            decoded.duplicates.append(f"duplicate id {win_id!r} in wins")
        earlier.add(win_id)
