"""Importing a file: pick its importer, plan what to add, then put it all in one transaction.

Each format is one module exposing an `Importer` (see `plan`); adding a format is adding
its module to `IMPORTERS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pendulum import DateTime

from ..domain.models import Snapshot
from . import habitbull, harsh, loop, plain_csv, smallwins_json
from .plan import HEAD_BYTES, BadImport, Importer, ImportPlan, ImportReport, Put, make_context

__all__ = [
    "FORMATS",
    "IMPORTERS",
    "BadImport",
    "ImportPlan",
    "ImportReport",
    "apply_plan",
    "detect_format",
    "plan_import",
]

IMPORTERS: dict[str, Importer] = {
    importer.name: importer
    for importer in (
        smallwins_json.IMPORTER,
        plain_csv.IMPORTER,
        habitbull.IMPORTER,
        harsh.IMPORTER,
        loop.IMPORTER,
    )
}
"""Every import format by its `--format` name, in the order `auto` tries them."""
FORMATS = ("auto", *IMPORTERS)
"""The values `--format` accepts."""


def detect_format(path: Path) -> str:
    """The name of the importer that recognises the file; BadImport when none does."""
    if path.is_dir():  # harsh's files, or an unzipped Loop export
        if harsh.files_in(path):
            return harsh.IMPORTER.name
        if loop.is_export_folder(path):
            return loop.IMPORTER.name
        raise BadImport(
            path,
            None,
            "a folder can only be harsh's (with 'habits' and 'log' files) "
            f"or a Loop Habit Tracker export (with {loop.HABITS})",
        )
    if loop.looks_like_zip(path):  # the only zip imported is Loop's export
        if loop.zip_holds_export(path):
            return loop.IMPORTER.name
        raise BadImport(
            path,
            None,
            f"a zip can only be a Loop Habit Tracker export, and it has no {loop.HABITS}",
        )
    try:
        with open(path, "rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError as err:
        raise BadImport(path, None, f"cannot read the file ({err.strerror or err})") from None
    if not head.strip():
        raise BadImport(path, 1, "the file is empty")
    for name, importer in IMPORTERS.items():
        if importer.sniff(head):
            return name
    names = ", ".join(IMPORTERS)
    raise BadImport(
        path, 1, f"cannot tell what kind of file this is; name it with --format ({names})"
    )


def plan_import(
    path: Path,
    snapshot: Snapshot,
    *,
    fmt: str = "auto",
    now: DateTime,
    tz_name: str,
    day_start_hour: int,
) -> ImportPlan:
    """What importing `path` into `snapshot` adds; writes nothing. BadImport on the first problem.

    Call it inside the store transaction that applies it (`apply_plan(txn, plan)`), with
    `txn.snapshot`, so nothing another process writes in between is missed or duplicated.
    """
    name = detect_format(path) if fmt == "auto" else fmt
    importer = IMPORTERS.get(name)
    if importer is None:
        raise ValueError(f"unknown import format {fmt!r} (use one of {', '.join(FORMATS)})")
    context = make_context(path, snapshot, now=now, tz_name=tz_name, day_start_hour=day_start_hour)
    return importer.plan(context)


class Sink(Protocol):
    """Where a plan's records go: a store transaction."""

    def put(self, record: Put, /) -> None: ...


def apply_plan(sink: Sink, plan: ImportPlan) -> None:
    """Put every record of the plan (inside one store transaction, so all or nothing)."""
    for record in plan.puts:
        sink.put(record)
