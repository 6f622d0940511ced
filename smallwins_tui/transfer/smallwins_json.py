"""Import of smallwins JSON exports: records merge by id, so importing twice adds nothing.

A record whose id (or, for a day, whose date) the store already has is skipped, and so is a
record the store has a tombstone for: what was deleted stays deleted, with the micro-goals
and wins that were deleted with it. Settings and tombstones in the file are not imported.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from ..domain.models import NOTE_MAX, Day, Goal, Pause, Snapshot, Tombstone, Win, clean_text
from ..store.records import DAYS, GOALS, PAUSES, TOMBSTONES, WINS, RecordError, decode_doc
from .export import EXPORT_FORMAT, EXPORT_VERSION
from .plan import ImportContext, Importer, ImportPlan, ImportReport, Put

_TABLES = (GOALS, PAUSES, DAYS, WINS)
"""The tables imported, in the order they are put (goals before what refers to them)."""


def sniff(head: bytes) -> bool:
    """Whether the file starts like a smallwins export."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"{") and EXPORT_FORMAT.encode() in text


def plan(ctx: ImportContext) -> ImportPlan:
    """The records of the export the store does not have yet."""
    text, data = _read(ctx)
    records = {table: _records(ctx, text, data, table) for table in _TABLES}
    return _merge(ctx, text, records)


def read_export(ctx: ImportContext) -> Snapshot:
    """The whole journal an export holds, deletions included (for `smallwins merge`)."""
    text, data = _read(ctx)
    records = {table: _records(ctx, text, data, table) for table in (*_TABLES, TOMBSTONES)}
    return Snapshot(
        goals=tuple(r for r in records[GOALS] if isinstance(r, Goal)),
        wins=tuple(r for r in records[WINS] if isinstance(r, Win)),
        days=tuple(r for r in records[DAYS] if isinstance(r, Day)),
        pauses=tuple(r for r in records[PAUSES] if isinstance(r, Pause)),
        tombstones=tuple(r for r in records[TOMBSTONES] if isinstance(r, Tombstone)),
    )


def _read(ctx: ImportContext) -> tuple[str, dict[str, Any]]:
    text = ctx.read_text()
    if not text.strip():
        raise ctx.bad(1, "the file is empty")
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as err:
        line = err.lineno if isinstance(err, json.JSONDecodeError) else None
        raise ctx.bad(line, f"not valid JSON ({err.msg})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ctx.bad(1, 'not a smallwins export (no "format": "smallwins-export")')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ctx.bad(_line_of(text, "version"), '"version" must be a whole number')
    if version > EXPORT_VERSION:
        raise ctx.bad(
            _line_of(text, "version"),
            f"exported by a newer smallwins (version {version}); update smallwins to import it",
        )
    return text, data


def _records(ctx: ImportContext, text: str, data: dict[str, Any], table: str) -> list[Any]:
    docs = data.get(table, [])
    if not isinstance(docs, list):
        raise ctx.bad(_line_of(text, table), f"{table!r} must be a list of records")
    out: list[Put] = []
    for i, doc in enumerate(docs):
        try:
            if not isinstance(doc, dict):
                raise RecordError("it must be an object")
            record = decode_doc(table, doc)
            _check_text(record)
        except (RecordError, ValueError) as err:
            line = _record_line(text, table, doc)
            raise ctx.bad(line, f"{table}[{i}] is malformed: {err}") from None
        out.append(record)  # type: ignore[arg-type]  # decode_doc of these tables
    return out


def _check_text(record: object) -> None:
    """Refuse control characters (escape sequences, NUL) as the command line and dashboard do.

    Tabs and line breaks pass everywhere: an export carries whatever the store holds.
    """
    if isinstance(record, Goal):
        for name in ("title", "unit", "why", "anchor", "tiny"):
            clean_text(getattr(record, name), what=name, max_len=NOTE_MAX, multiline=True)
        for milestone in record.milestones:
            clean_text(milestone.title, what="milestone", max_len=NOTE_MAX, multiline=True)
    elif isinstance(record, Win | Day | Pause):
        clean_text(record.note, what="note", max_len=NOTE_MAX, multiline=True)


def _merge(ctx: ImportContext, text: str, records: dict[str, list[Put]]) -> ImportPlan:
    snapshot = ctx.snapshot
    have_goals = {g.id for g in snapshot.goals}
    have_wins = {w.id for w in snapshot.wins}
    have_pauses = {p.id for p in snapshot.pauses}
    have_days = {d.date for d in snapshot.days}
    deleted = {t.id for t in snapshot.tombstones}
    file_goals: dict[str, Goal] = {}
    for record in records[GOALS]:
        assert isinstance(record, Goal)
        if record.id in file_goals:
            raise ctx.bad(_record_line(text, GOALS, {"id": record.id}), _twice("goal", record.id))
        file_goals[record.id] = record
    dropped = _dropped_goals(file_goals, deleted)
    known_goals = have_goals | file_goals.keys()
    puts: list[Put] = []
    added = {GOALS: 0, WINS: 0, DAYS: 0, PAUSES: 0}
    skipped = 0
    seen: set[object] = set()
    for table in _TABLES:
        for record in records[table]:
            key: object = record.date if isinstance(record, Day) else record.id
            if table != GOALS:
                if key in seen:
                    what = "day" if isinstance(record, Day) else table[:-1]
                    where = _record_line(text, table, _key_doc(record))
                    raise ctx.bad(where, _twice(what, str(key)))
                seen.add(key)
            if isinstance(record, Goal):
                if record.parent_id is not None and record.parent_id not in known_goals | deleted:
                    raise ctx.bad(
                        _record_line(text, GOALS, {"id": record.id}),
                        f"goal {record.id!r} has unknown parent {record.parent_id!r}",
                    )
                exists = record.id in have_goals or record.id in dropped
            elif isinstance(record, Win):
                goal = record.goal_id
                if goal is not None and goal not in known_goals | deleted:
                    raise ctx.bad(
                        _record_line(text, WINS, {"id": record.id}),
                        f"win {record.id!r} refers to goal {goal!r}, "
                        "which is neither in the file nor in the store",
                    )
                exists = record.id in have_wins or record.id in deleted or goal in dropped
            elif isinstance(record, Pause):
                exists = record.id in have_pauses or record.id in deleted
            else:
                exists = record.date in have_days or record.is_empty
            if exists:
                skipped += 1
            else:
                puts.append(record)
                added[table] += 1
    report = ImportReport(
        format=IMPORTER.name,
        added_goals=added[GOALS],
        added_wins=added[WINS],
        added_days=added[DAYS],
        added_pauses=added[PAUSES],
        skipped=skipped,
    )
    return ImportPlan(tuple(puts), report)


def _dropped_goals(goals: dict[str, Goal], deleted: set[str]) -> set[str]:
    """Goals of the file the store deleted, with their micro-goals at any depth."""
    dropped = {gid for gid in goals if gid in deleted}
    changed = True
    while changed:
        changed = False
        for goal in goals.values():
            if goal.id not in dropped and goal.parent_id in dropped:
                dropped.add(goal.id)
                changed = True
    return dropped


def _twice(what: str, key: str) -> str:
    return f"the file has {what} {key!r} twice"


def _key_doc(record: Put) -> dict[str, str]:
    return {"date": record.date.isoformat()} if isinstance(record, Day) else {"id": record.id}


def _line_of(text: str, name: str) -> int | None:
    """The line of the first `"name":` in the file (only to point at a problem)."""
    match = re.search(rf'"{re.escape(name)}"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _record_line(text: str, table: str, doc: object) -> int | None:
    """The line a record of `table` is on: found by its id (or date) after the table's key.

    The JSON parser gives no positions, so this is a search; it is only done for an error.
    """
    start = re.search(rf'"{re.escape(table)}"\s*:', text)
    offset = start.end() if start else 0
    if isinstance(doc, dict):
        field = "date" if table == DAYS else "id"
        value = doc.get(field)
        if isinstance(value, str):
            found = re.compile(rf'"{field}"\s*:\s*{re.escape(json.dumps(value))}').search(
                text, offset
            )
            if found is None:  # orjson and json escape some characters differently
                found = re.compile(
                    rf'"{field}"\s*:\s*{re.escape(orjson.dumps(value).decode())}'
                ).search(text, offset)
            if found is not None:
                return text.count("\n", 0, found.start()) + 1
    return text.count("\n", 0, offset) + 1 if start else None


IMPORTER = Importer(
    name="smallwins",
    description="a smallwins JSON export (merged by id)",
    sniff=sniff,
    plan=plan,
)
