"""Commands about the store itself: settings, demo data, backups, checks, the dashboard."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from . import wording
from .cli_context import Context, UsageError, emit
from .domain.days import days_with_wins
from .domain.models import (
    WEEKDAY_NAMES,
    Settings,
    Snapshot,
    ValidationError,
    parse_weekday,
)
from .store import StoreError, backups


def cmd_settings(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins settings."""
    if args.day_start is not None or args.week_start is not None:
        with ctx.store.transaction() as tx:
            current = tx.snapshot.settings
            week = current.week_start
            if args.week_start is not None:
                week = parse_weekday(args.week_start)
            settings = Settings(
                day_start_hour=current.day_start_hour if args.day_start is None else args.day_start,
                week_start=week,
                theme=current.theme,
            )
            tx.set_settings(settings)
    else:
        settings = ctx.store.read().settings
    emit(
        args,
        {
            "day_start_hour": settings.day_start_hour,
            "week_start": settings.week_start,
            "theme": settings.theme,
        },
        f"day starts at {settings.day_start_hour:02d}:00 · weeks start on "
        f"{WEEKDAY_NAMES[settings.week_start].title()} · theme {settings.theme or 'default'}"
        f"\nstore: {ctx.store.path}",
    )
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins demo --db PATH."""
    from .demo import fill_demo

    if "db" not in args:
        raise UsageError("demo needs --db PATH: it fills a throwaway store, never your own")
    counts = fill_demo(ctx.store, ctx.clock)
    print(f"Filled {ctx.store.path} with {counts}. Open it: smallwins --db {ctx.store.path}")
    return 0


def _size(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def _holds(goals: int, wins: int) -> str:
    return f"{wording.plural(goals, 'goal')}, {wording.plural(wins, 'win')}"


def _holds_of(snapshot: Snapshot) -> str:
    return _holds(len(snapshot.goals), len(snapshot.wins))


def _backup_json(number: int, backup: backups.Backup) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": number,
        "date": backup.date.isoformat(),
        "label": backup.label,
        "path": str(backup.path),
        "size": backup.path.stat().st_size,
    }
    try:
        snapshot = backups.contents(backup.path)
    except StoreError as err:
        return data | {"goals": None, "wins": None, "problem": err.problem}
    return data | {"goals": len(snapshot.goals), "wins": len(snapshot.wins), "problem": None}


def _find_backup(text: str, found: list[backups.Backup]) -> Path:
    """BACKUP as given: a number in the list, a date (or the name after `.backup-`), or a file."""
    if text.isdigit():
        if not 1 <= int(text) <= len(found):
            raise ValidationError(
                f"there is no backup number {text} (smallwins restore lists {len(found)})"
            )
        return found[int(text) - 1].path
    exact = [b for b in found if b.key == text]
    dated = exact or [b for b in found if b.date.isoformat() == text]
    if len(dated) > 1:
        raise ValidationError(f"{text} matches {len(dated)} backups; give its number instead")
    if dated:
        return dated[0].path
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValidationError(f"no backup matches {text!r} (smallwins restore lists them)")
    return path


def _list_backups(args: argparse.Namespace, ctx: Context) -> int:
    listing = [_backup_json(n, b) for n, b in enumerate(backups.list_backups(ctx.store.path), 1)]
    if args.json or not listing:
        emit(args, listing, "No backups yet: smallwins keeps one before the first change of a day.")
        return 0
    print(f"Backups of {ctx.store.path}, newest first:")
    for item in listing:
        problem = item["problem"]
        holds = f"unreadable: {problem}" if problem else _holds(item["goals"], item["wins"])
        print(f"{item['number']:>3}  {item['label']:<28} {_size(item['size']):>9}  {holds}")
    print("Put one back: smallwins restore NUMBER")
    return 0


def _confirmed(source: Path, backup: Snapshot, ctx: Context) -> bool:
    """Ask on a terminal; without one, refuse (--yes confirms)."""
    if not sys.stdin.isatty():
        raise ValidationError(f"restoring replaces {ctx.store.path}; add --yes to confirm")
    try:
        current = _holds_of(ctx.store.read())
    except StoreError:
        current = "an unreadable file"
    try:
        answer = input(
            f"Restore {source.name} ({_holds_of(backup)}) over the store ({current})? [y/N] "
        )
    except EOFError:
        answer = ""
    return answer.strip().casefold() in ("y", "yes")


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins restore [BACKUP]: list the backups, or put one back after confirmation."""
    if args.backup is None:
        return _list_backups(args, ctx)
    source = _find_backup(args.backup, backups.list_backups(ctx.store.path))
    backup = backups.contents(source)  # an unreadable backup is refused before asking
    if not args.yes and not _confirmed(source, backup, ctx):
        print("Nothing restored.", file=sys.stderr)
        return 1
    done = backups.restore(ctx.store, source, ctx.clock.now().date())
    lines = [f"Restored {source.name} ({_holds_of(done.snapshot)})."]
    if done.kept is not None and done.kept_as_backup:
        key = done.kept.name.rpartition(".backup-")[2]
        lines.append(f"The store it replaced is a backup now: smallwins restore {key} undoes this.")
    elif done.kept is not None:
        lines.append(f"The unreadable file it replaced is kept as {done.kept}.")
    data = {
        "restored": str(source),
        "goals": len(done.snapshot.goals),
        "wins": len(done.snapshot.wins),
        "kept": str(done.kept) if done.kept else None,
        "kept_as_backup": done.kept_as_backup,
    }
    emit(args, data, "\n".join(lines))
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins check: is the store sound? Exit 1 when it is not."""
    path = ctx.store.path
    if not os.path.lexists(path):
        data = {"path": str(path), "exists": False, "ok": True, "problems": []}
        emit(args, data, f"No store at {path} yet: nothing to check.")
        return 0
    problems = ctx.store.check()  # an unreadable file raises its one-line StoreError
    if problems:
        data = {"path": str(path), "exists": True, "ok": False, "problems": problems}
        heading = f"{path}: {wording.plural(len(problems), 'problem')}"
        emit(args, data, "\n".join([heading, *(f"  - {problem}" for problem in problems)]))
        return 1
    snap = ctx.store.read()
    days = days_with_wins(snap)
    data = {"path": str(path), "exists": True, "ok": True, "problems": []}
    data |= {"goals": len(snap.goals), "wins": len(snap.wins), "days": days}
    emit(args, data, f"ok: {_holds_of(snap)}, {wording.plural(days, 'day')} — no problems found")
    return 0


def cmd_dashboard(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins with no command: the dashboard."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UsageError("the dashboard needs a terminal; for scripts try: smallwins today")
    from .app import make_app

    app = make_app(ctx.store, ctx.clock)
    app.run()
    return app.return_code or 0
