"""Schema versions of the store file and the steps that bring an old file up to date.

A migration runs on every read of an older file, in memory; the migrated data reaches the
disk only with the next real write, so reading never rewrites a journal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1
"""The newest schema this version of smallwins reads and writes."""

APP_NAME = "smallwins"
"""The `app` field of the meta record that marks a file as ours."""

META_TABLE = "meta"

Data = dict[str, Any]
"""A whole store file as parsed JSON: table name -> document id -> document."""

MIGRATIONS: dict[int, Callable[[Data], Data]] = {}
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
