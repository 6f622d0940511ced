"""`smallwins merge OTHER.json`, and the note about sync conflict copies beside the store."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .domain.models import Day, Goal, Pause, Snapshot, Win
from .store.conflicts import conflict_copies
from .store.storage import StoreError

if TYPE_CHECKING:
    from pendulum import Timezone

    from .cli_context import Context
    from .domain.merge import Conflict, MergeReport, Record


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db: argparse.ArgumentParser,
    js: argparse.ArgumentParser,
) -> None:
    """Add `merge` to the command line."""
    merge = sub.add_parser(
        "merge",
        parents=[db, js],
        help="merge another copy of the store (a sync conflict copy) into this one",
    )
    merge.add_argument("file", metavar="OTHER.json", help="the other copy (it is only read)")
    merge.add_argument(
        "--dry-run", action="store_true", help="show what would change; write nothing"
    )
    merge.add_argument("--remove", action="store_true", help="delete OTHER.json once it is merged")


def cmd_merge(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins merge: one write, then the report (with every edit that was not kept)."""
    from .store.conflicts import merge_file, merge_snapshot
    from .transfer.plan import make_context
    from .transfer.smallwins_json import read_export

    other = Path(args.file).expanduser()
    if _is_export(other):
        theirs = read_export(
            make_context(other, Snapshot(), now=ctx.clock.now(), tz_name="UTC", day_start_hour=0)
        )
        report = merge_snapshot(ctx.store, theirs, dry_run=args.dry_run)
    else:
        report = merge_file(ctx.store, other, dry_run=args.dry_run)
    removed = False
    if args.remove and not args.dry_run:
        try:
            other.unlink()
        except OSError as err:
            raise StoreError(other, f"merged, but could not delete it: {err.strerror}") from None
        removed = True
    if args.json:
        print(json.dumps(_as_json(report, other, args.dry_run, removed), ensure_ascii=False))
        return 0
    snapshot = ctx.store.read()
    print("\n".join(report_lines(report, other, snapshot, ctx.clock.tz, args.dry_run, removed)))
    return 0


def _is_export(path: Path) -> bool:
    """Whether `path` is a `smallwins export` file rather than a store."""
    from .transfer.plan import HEAD_BYTES
    from .transfer.smallwins_json import sniff

    try:
        with open(path, "rb") as file:
            return sniff(file.read(HEAD_BYTES))
    except OSError:
        return False  # merge_file reports what is wrong with it


def report_lines(
    report: MergeReport,
    other: Path,
    snapshot: Snapshot,
    tz: Timezone,
    dry_run: bool,
    removed: bool,
) -> list[str]:
    """What `smallwins merge` prints."""
    from . import wording

    name = other.name
    if not report.changes and not report.conflicts:
        lines = [f"Nothing to merge: the store already holds everything in {name}."]
    else:
        verb = "Would merge" if dry_run else "Merged"
        lines = [f"{verb} {name} into the store:"]
        for counts, what in (
            (report.added, "added {}"),
            (report.updated, "updated {} (newer on the other copy)"),
            (report.deleted, "removed {} (deleted on the other copy)"),
        ):
            if any(counts.values()):
                lines.append("  " + what.format(wording.counts(counts)))
        if not report.changes:
            lines.append("  no change: this copy's edits are the newer ones")
    if report.conflicts:
        lines.append("Edited on both copies; the newer edit was kept:")
        lines += ["  " + conflict_line(c, snapshot, tz) for c in report.conflicts]
    if dry_run:
        lines.append("dry run: nothing was written")
    elif removed:
        lines.append(f"Deleted {name}.")
    else:
        lines.append(f"Everything in {name} is in the store now; you can delete it.")
    return lines


def conflict_line(conflict: Conflict, snapshot: Snapshot, tz: Timezone) -> str:
    """ "win on 2026-11-20: kept "Write · final" (this copy, edited …); the other copy had …"."""
    from .domain.merge import kind_of

    kept, other = conflict.kept, conflict.other
    side = "this copy's" if conflict.kept_mine else "the other copy's"
    return (
        f"{kind_of(kept)} {_where(kept)}: kept {side} {_describe(kept, snapshot)}"
        f" ({_when(kept, tz)}); the other was {_describe(other, snapshot)} ({_when(other, tz)})"
    )


def conflict_notice(store_path: Path) -> str | None:
    """One line about sync conflict copies beside the store, or None when there are none."""
    copies = conflict_copies(store_path)
    if not copies:
        return None
    first = copies[0]
    more = f" (and {len(copies) - 1} more)" if len(copies) > 1 else ""
    return (
        f"smallwins: a sync conflict copy of the store is beside it{more}: {first.name}; "
        f"merge it with: smallwins merge {shlex.quote(str(first))}"
    )


def _where(record: Record) -> str:
    if isinstance(record, Day):
        return f"of {record.date.isoformat()}"
    if isinstance(record, Win):
        return f"on {record.day.isoformat()}"
    if isinstance(record, Pause):
        return f"{record.start.isoformat()} to {record.end.isoformat()}"
    return repr(record.id)


def _describe(record: Record, snapshot: Snapshot) -> str:
    if isinstance(record, Goal):
        text = record.title + (" (archived)" if record.archived else "")
    elif isinstance(record, Win):
        from .report import win_title

        text = win_title(record, snapshot)
    elif isinstance(record, Day):
        rest = "rest day" if record.rest else ""
        text = " · ".join(p for p in (rest, record.note.replace("\n", " ")) if p) or "empty"
    else:
        text = f"{record.start.isoformat()} to {record.end.isoformat()} {record.note}".strip()
    return json.dumps(text, ensure_ascii=False)


def _when(record: Record, tz: Timezone) -> str:
    from .domain.merge import edited

    moment = edited(record)
    if moment is None:
        return "no edit time"
    return "edited " + moment.in_timezone(tz).format("YYYY-MM-DD HH:mm")


def _as_json(report: MergeReport, other: Path, dry_run: bool, removed: bool) -> dict[str, Any]:
    from .domain.merge import kind_of
    from .store.records import encode

    def doc(record: Record) -> dict[str, Any]:
        return encode(record)[2]

    return {
        "file": str(other),
        "dry_run": dry_run,
        "added": dict(report.added),
        "updated": dict(report.updated),
        "deleted": dict(report.deleted),
        "conflicts": [
            {
                "kind": kind_of(c.kept),
                "kept": "this" if c.kept_mine else "other",
                "kept_record": doc(c.kept),
                "other_record": doc(c.other),
            }
            for c in report.conflicts
        ],
        "removed": removed,
    }


def print_conflict_notice(store_path: Path) -> None:
    """Tell the user on stderr about conflict copies beside the store (never fails)."""
    try:
        notice = conflict_notice(store_path)
    except OSError:
        return
    if notice:
        print(notice, file=sys.stderr)
