"""Schema versions of the store file and the steps that bring an old file up to date.

A migration runs on every read of an older file, in memory; the migrated data reaches the
disk only with the next real write, so reading never rewrites a journal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 2
"""The newest schema this version of smallwins reads and writes.

1: one document per win in a `wins` table. 2: the wins of a day inside that day's document
(a ten-year store is a third of the size, and one win rewrites one small document).
"""

APP_NAME = "smallwins"
"""The `app` field of the meta record that marks a file as ours."""

META_TABLE = "meta"

Data = dict[str, Any]
"""A whole store file as parsed JSON: table name -> document id -> document."""


def _nest_wins(data: Data) -> Data:
    """Schema 1 -> 2: move each win document into the document of its day."""
    wins = data.pop("wins", {})
    days = data.setdefault("days", {})
    if not isinstance(wins, dict):
        raise ValueError("the wins table is malformed: it must be an object of records")
    if not isinstance(days, dict):
        raise ValueError("the days table is malformed: it must be an object of records")
    by_date: dict[str, dict[str, Any]] = {}
    for doc in days.values():
        if isinstance(doc, dict) and isinstance(doc.get("date"), str):
            by_date.setdefault(doc["date"], doc)
    next_id = 1 + max((int(k) for k in days if k.isascii() and k.isdigit()), default=0)
    for doc_id, doc in wins.items():
        if not isinstance(doc, dict):
            raise ValueError(f"wins record {doc_id} is malformed: it must be an object")
        win_id, date = doc.get("id"), doc.get("day")
        if not isinstance(win_id, str) or not win_id:
            raise ValueError(f"wins record {doc_id} is malformed: 'id' must be a non-empty string")
        if not isinstance(date, str) or not _DATE.fullmatch(date):
            raise ValueError(
                f"wins record {doc_id} is malformed: 'day' must be a date (YYYY-MM-DD)"
            )
        day_doc = by_date.get(date)
        if day_doc is None:
            day_doc = by_date[date] = {"date": date}
            days[str(next_id)] = day_doc
            next_id += 1
        nested = day_doc.setdefault("wins", [])
        if not isinstance(nested, list):
            raise ValueError(f"the day {date} already has a malformed 'wins' field")
        nested.append({key: value for key, value in doc.items() if key != "day"})
    return data


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _nest_wins}
"""From-version -> the function that turns data of that version into data of the next one."""


class SchemaError(ValueError):
    """The file is not a smallwins store, or is of a schema this version cannot read."""


def find_meta(data: Data) -> tuple[str, dict[str, Any]]:
    """The document id and the document of the smallwins meta record."""
    table = data.get(META_TABLE)
    if isinstance(table, dict):
        for doc_id, doc in table.items():
            if isinstance(doc, dict) and doc.get("app") == APP_NAME:
                return doc_id, doc
    raise SchemaError("is not a smallwins store (no smallwins meta table)")


def schema_version(data: Data) -> int:
    """The schema version the file says it has; raise `SchemaError` if it cannot be read."""
    doc_id, meta = find_meta(data)
    version = meta.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SchemaError(f"meta record {doc_id} is malformed: 'schema_version' must be a number")
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"was written by a newer smallwins (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}) — upgrade smallwins"
        )
    return version


def migrate(data: Data) -> tuple[Data, bool]:
    """Bring `data` up to `SCHEMA_VERSION`; also say whether anything had to change."""
    version = schema_version(data)
    start = version
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SchemaError(f"has schema {version}, and this smallwins cannot upgrade it")
        try:
            data = step(data)
        except Exception as err:  # a failed upgrade must read as an unreadable file, not a crash
            raise SchemaError(f"could not be upgraded from schema {version}: {err}") from None
        version += 1
        find_meta(data)[1]["schema_version"] = version
    return data, version != start
