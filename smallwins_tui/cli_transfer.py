"""`smallwins export` and `smallwins import`: your data in and out, in one write."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .domain.models import ValidationError

if TYPE_CHECKING:
    from .cli_context import Context

EXPORT_FORMATS = ("json", "csv", "goals-csv", "md")
IMPORT_FORMATS = ("auto", "smallwins", "csv", "habitbull", "harsh", "loop")
"""`transfer.importers.FORMATS`, spelled out so building the parser imports no importer."""


def add_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db: argparse.ArgumentParser,
    js: argparse.ArgumentParser,
) -> None:
    """Add `export` and `import` to the command line."""
    export = sub.add_parser("export", parents=[db], help="write the store as JSON, CSV or Markdown")
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="json",
        help="json (whole store, re-importable), csv (one row per win), "
        "goals-csv (one row per goal), md (the journal); default json",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    imp = sub.add_parser("import", parents=[db, js], help="add wins and goals from a file")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        default="auto",
        help="smallwins (a JSON export), csv (date,goal[,amount][,note]), habitbull "
        "(HabitBull's CSV export), harsh (harsh's folder, or its habits or log file) or "
        "loop (Loop Habit Tracker's CSV export: the zip, its folder or its Habits.csv); "
        "default: tell from the file",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would be added; write nothing"
    )


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins export."""
    from .transfer.export import export_csv, export_goals_csv, export_json, export_markdown

    snapshot = ctx.store.read()
    if args.format == "json":
        text = export_json(snapshot, exported=ctx.clock.now())
    elif args.format == "csv":
        text = export_csv(snapshot, ctx.clock.tz.name)
    elif args.format == "goals-csv":
        text = export_goals_csv(snapshot)
    else:
        text = export_markdown(snapshot)
    if not args.output:
        sys.stdout.write(text)
        return 0
    target = Path(args.output).expanduser()
    try:
        # Private like the store itself: the export holds the whole journal.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as err:
        raise ValidationError(f"{target}: could not write: {err.strerror or err}") from None
    print(f"Exported to {target}.", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins import: plan the whole file first, then one write (or none)."""
    from .transfer.importers import apply_plan, plan_import

    path = Path(args.file).expanduser()
    with ctx.store.transaction() as tx:
        snapshot = tx.snapshot
        plan = plan_import(
            path,
            snapshot,
            fmt=args.format,
            now=ctx.clock.now(),
            tz_name=ctx.clock.tz.name,
            day_start_hour=snapshot.settings.day_start_hour,
        )
        if not args.dry_run:
            apply_plan(tx, plan)
    report = plan.report
    if args.json:
        print(json.dumps({**report.as_dict(), "dry_run": args.dry_run}, ensure_ascii=False))
        return 0
    lines = report.lines()
    if args.dry_run:
        lines = [f"would have {lines[0]}", *lines[1:], "dry run: nothing was written"]
    print("\n".join(lines))
    return 0
