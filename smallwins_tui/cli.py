"""The `smallwins` command line: plain output for people, `--json` for scripts.

Only the dashboard (no subcommand) imports textual; every other command stays light so a
status bar can call `smallwins status` every few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pendulum

from . import __version__, cli_transfer, report, wording
from .domain import commands
from .domain.clock import Clock, parse_date
from .domain.models import (
    WEEKDAY_NAMES,
    Schedule,
    Settings,
    Snapshot,
    ValidationError,
    ordered_tree,
    parse_weekday,
)
from .domain.rules import due_goals, goal_stats, overall_stats
from .store import Store, StoreError, backups, default_path

NOW_VARIABLE = "SMALLWINS_NOW"
"""Fixes the clock to an ISO-8601 instant (for demos, tests and screenshots)."""


@dataclass
class Context:
    """What every command needs: the store and the clock."""

    store: Store
    clock: Clock

    def today(self, snapshot: Snapshot) -> pendulum.Date:
        """The local day now counts for, under the store's day-start hour."""
        return self.clock.today(snapshot.settings.day_start_hour)


class UsageError(Exception):
    """A command line that makes no sense (exit status 2)."""


def make_clock() -> Clock:
    """The real clock, or a fixed one when SMALLWINS_NOW is set."""
    fixed = os.environ.get(NOW_VARIABLE)
    if not fixed:
        return Clock()
    try:
        instant = pendulum.parse(fixed)
    except Exception:
        raise UsageError(f"{NOW_VARIABLE}={fixed!r} is not an ISO-8601 date and time") from None
    if not isinstance(instant, pendulum.DateTime):
        raise UsageError(f"{NOW_VARIABLE}={fixed!r} needs a time as well as a date")
    return replace(Clock(), source=lambda: instant.in_timezone("UTC"))


# --- parser -----------------------------------------------------------------------------------


def _db_option() -> argparse.ArgumentParser:
    # SUPPRESS lets --db stand before or after the subcommand without one erasing the other.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the store file (default: $SMALLWINS_DB or the user data folder)",
    )
    return common


def _json_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--json", action="store_true", help="print JSON for scripts")
    return parent


def _goal_fields(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument("--why", metavar="TEXT", help='the reason or identity ("I am a writer")')
    parser.add_argument("--anchor", metavar="TEXT", help='when it happens ("After my coffee")')
    parser.add_argument("--tiny", metavar="TEXT", help='the two-minute version ("one sentence")')
    parser.add_argument("--target", metavar="N", help="daily target: makes it a count goal")
    parser.add_argument("--unit", metavar="WORD", help="unit of the target (words, glasses)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--days", metavar="DAYS", help="due on these weekdays: mon,wed,fri or mon-fri"
    )
    when.add_argument("--per-week", metavar="N", type=int, help="due N times a week, any days")
    parser.add_argument("--parent", metavar="GOAL", help="make it a micro-goal of GOAL")
    parser.add_argument("--total", metavar="N", help="cumulative target (50000) for milestones")
    if editing:
        parser.add_argument("--title", metavar="TEXT", help="a new title")
        when.add_argument("--daily", action="store_true", help="due every day")
        parser.add_argument("--no-parent", action="store_true", help="make it a top-level goal")
        parser.add_argument("--no-total", action="store_true", help="drop the cumulative target")
        parser.add_argument("--no-target", action="store_true", help="make it done-or-not")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    db, js = _db_option(), _json_option()
    parser = argparse.ArgumentParser(
        prog="smallwins",
        parents=[db],
        description="Progress is built from small wins. Run without a command for the dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"smallwins {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    goal = sub.add_parser("goal", parents=[db], help="add, list and change goals")
    gsub = goal.add_subparsers(dest="goal_command", metavar="ACTION", required=True)
    add = gsub.add_parser("add", parents=[db, js], help="add a goal or micro-goal")
    add.add_argument("title", metavar="TITLE")
    _goal_fields(add, editing=False)
    gl = gsub.add_parser("list", parents=[db, js], help="list goals and micro-goals")
    gl.add_argument("--all", action="store_true", help="include archived goals")
    edit = gsub.add_parser("edit", parents=[db, js], help="change a goal")
    edit.add_argument("goal", metavar="GOAL")
    _goal_fields(edit, editing=True)
    arch = gsub.add_parser("archive", parents=[db, js], help="archive a goal (keeps its wins)")
    arch.add_argument("goal", metavar="GOAL")
    arch.add_argument("--undo", action="store_true", help="bring an archived goal back")
    dele = gsub.add_parser("delete", parents=[db, js], help="delete a goal and its wins")
    dele.add_argument("goal", metavar="GOAL")
    dele.add_argument("--yes", action="store_true", help="confirm the deletion")
    ms = gsub.add_parser("milestone", parents=[db, js], help="add or reach a named milestone")
    ms.add_argument("goal", metavar="GOAL")
    ms.add_argument("text", metavar="TEXT")
    ms.add_argument(
        "--reached",
        metavar="DATE",
        nargs="?",
        const="today",
        help="mark it reached (today, or on DATE)",
    )

    log = sub.add_parser("log", parents=[db, js], help="log a small win")
    log.add_argument("text", metavar="TEXT", nargs="?", default="", help="what you did")
    log.add_argument("--goal", metavar="GOAL", help="the goal it counts for")
    log.add_argument("--amount", metavar="N", help="how much, for a count goal")
    log.add_argument("--date", metavar="YYYY-MM-DD", help="the day it counts for")

    sub.add_parser("today", parents=[db, js], help="today's goals and wins")
    st = sub.add_parser("stats", parents=[db, js], help="streaks, rates, strength, milestones")
    st.add_argument("--goal", metavar="GOAL", help="only this goal")

    rest = sub.add_parser("rest", parents=[db, js], help="mark a planned rest day")
    rest.add_argument("--date", metavar="YYYY-MM-DD")
    rest.add_argument("--goal", metavar="GOAL", help="rest only this goal")
    rest.add_argument("--undo", action="store_true", help="it is not a rest day after all")
    note = sub.add_parser("note", parents=[db, js], help="write the day's journal note")
    note.add_argument("text", metavar="TEXT")
    note.add_argument("--date", metavar="YYYY-MM-DD")
    pause = sub.add_parser("pause", parents=[db, js], help="pause every goal over a date range")
    pause.add_argument("start", metavar="FROM")
    pause.add_argument("end", metavar="TO")
    pause.add_argument("--note", metavar="TEXT", default="")

    status = sub.add_parser("status", parents=[db], help="one line for a status bar")
    status.add_argument("--format", choices=("text", "json", "tmux"), default="text")
    settings = sub.add_parser("settings", parents=[db, js], help="show or change settings")
    settings.add_argument(
        "--day-start", metavar="HOUR", type=int, help="local hour a new day begins (default 4)"
    )
    settings.add_argument("--week-start", metavar="DAY", help="first day of the week (mon…sun)")
    sub.add_parser("demo", parents=[db], help="fill a new store with a year of demo data")
    cli_transfer.add_commands(sub, db, js)
    restore = sub.add_parser(
        "restore", parents=[db, js], help="list the daily backups, or put one back"
    )
    restore.add_argument(
        "backup", metavar="BACKUP", nargs="?", help="its number in the list, its date, or a file"
    )
    restore.add_argument("--yes", action="store_true", help="restore without asking")
    sub.add_parser("check", parents=[db, js], help="look for problems in the store")
    return parser


# --- commands ---------------------------------------------------------------------------------


def _number(text: str | None, what: str) -> float | None:
    return None if text is None else commands.parse_amount(text, what=what)


def _date(text: str | None, ctx: Context, snapshot: Snapshot) -> pendulum.Date:
    if text is None or text == "today":
        return ctx.today(snapshot)
    if text == "yesterday":
        return ctx.today(snapshot).subtract(days=1)
    return parse_date(text)


def _schedule(args: argparse.Namespace) -> Schedule | None:
    if args.days:
        return Schedule.parse_days(args.days)
    if args.per_week:
        return Schedule.times_per_week(args.per_week)
    if getattr(args, "daily", False):
        return Schedule.daily()
    return None


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)


def cmd_goal_add(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins goal add."""
    with ctx.store.transaction() as tx:
        snap = tx.snapshot
        if args.unit and args.target is None:
            raise ValidationError("--unit needs --target (e.g. --target 200 --unit words)")
        goal = commands.new_goal(
            snap,
            now=ctx.clock.now(),
            title=args.title,
            why=args.why or "",
            anchor=args.anchor or "",
            tiny=args.tiny or "",
            target=_number(args.target, "--target"),
            unit=args.unit or "",
            schedule=_schedule(args),
            parent_id=commands.find_goal(snap, args.parent).id if args.parent else None,
            total=_number(args.total, "--total"),
        )
        tx.put(goal)
    kind = f"{wording.amount(goal, goal.target or 0)} a day" if goal.is_count else "done or not"
    parent = f", a micro-goal of {snap.goal(goal.parent_id).title!r}" if goal.parent_id else ""  # type: ignore[union-attr]
    _emit(
        args,
        report.goal_json(goal),
        f"Added {goal.title!r} ({kind}, {goal.schedule.describe()}{parent})  [{goal.id[:8]}]",
    )
    return 0


def cmd_goal_list(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins goal list."""
    snap = ctx.store.read()
    today = ctx.today(snap)
    goals = [g for g in ordered_tree(snap.goals) if args.all or not g.archived]
    if args.json:
        _emit(args, [report.goal_json(g) for g in goals], "")
        return 0
    if not goals:
        print('No goals yet. Add one: smallwins goal add "Write" --target 200 --unit words')
        return 0
    for goal in goals:
        stats = goal_stats(goal, snap, today)
        extra = [goal.schedule.describe()]
        if goal.is_count:
            extra.append(f"{wording.amount(goal, goal.target or 0)} a day")
        if goal.archived:
            extra.append("archived")
        print(f"{report.goal_line(stats, snap)}  ·  {' · '.join(extra)}  [{goal.id[:8]}]")
    return 0


def cmd_goal_edit(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins goal edit."""
    with ctx.store.transaction() as tx:
        snap = tx.snapshot
        goal = commands.find_goal(snap, args.goal)
        changes: dict[str, Any] = {}
        for name in ("title", "why", "anchor", "tiny", "unit"):
            if getattr(args, name) is not None:
                changes[name] = getattr(args, name)
        if args.target is not None:
            changes["target"] = _number(args.target, "--target")
        if args.no_target:
            changes["target"] = None
        if args.total is not None:
            changes["total"] = _number(args.total, "--total")
        if args.no_total:
            changes["total"] = None
        if args.parent:
            changes["parent_id"] = commands.find_goal(snap, args.parent).id
        if args.no_parent:
            changes["parent_id"] = None
        schedule = _schedule(args)
        if schedule is not None:
            changes["schedule"] = schedule
        if not changes:
            raise UsageError("say what to change, e.g. --title, --target, --days (see --help)")
        edited = commands.edit_goal(snap, goal, now=ctx.clock.now(), **changes)
        tx.put(edited)
    _emit(args, report.goal_json(edited), f"Updated {edited.title!r}  [{edited.id[:8]}]")
    return 0


def cmd_goal_archive(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins goal archive."""
    with ctx.store.transaction() as tx:
        goal = commands.find_goal(tx.snapshot, args.goal)
        family = commands.archive_family(
            tx.snapshot, goal, archived=not args.undo, now=ctx.clock.now()
        )
        for member in family:
            tx.put(member)
    verb = "Brought back" if args.undo else "Archived"
    micro = len([g for g in family if g.id != goal.id])
    with_micro = f" with {wording.plural(micro, 'micro-goal')}" if micro else ""
    _emit(
        args,
        [report.goal_json(g) for g in family],
        f"{verb} {goal.title!r}{with_micro}; the wins are kept.",
    )
    return 0


def cmd_goal_delete(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins goal delete."""
    with ctx.store.transaction() as tx:
        goal = commands.find_goal(tx.snapshot, args.goal)
        goals, wins = commands.deletion_of(tx.snapshot, goal)
        what = f"{goal.title!r}"
        if len(goals) > 1:
            what += f", {wording.plural(len(goals) - 1, 'micro-goal')}"
        what += f" and {wording.plural(len(wins), 'win')}"
        if not args.yes:
            raise ValidationError(
                f"this deletes {what}; add --yes to confirm, or keep them with "
                f"smallwins goal archive"
            )
        now = ctx.clock.now()
        for win in wins:
            tx.delete("win", win.id, now)
        for member in goals:
            tx.delete("goal", member.id, now)
    _emit(
        args,
        {"deleted_goals": [g.id for g in goals], "deleted_wins": len(wins)},
        f"Deleted {what}.",
    )
    return 0


def cmd_goal_milestone(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins goal milestone."""
    with ctx.store.transaction() as tx:
        snap = tx.snapshot
        goal = commands.find_goal(snap, args.goal)
        now = ctx.clock.now()
        reached = None
        if args.reached is not None:
            reached = commands.check_day(_date(args.reached, ctx, snap), ctx.today(snap))
        existing = [
            m for m in goal.milestones if m.title.casefold() == args.text.strip().casefold()
        ]
        if existing:
            goal = commands.mark_milestone(goal, existing[0].id, now=now, done_on=reached)
        else:
            goal = commands.add_milestone(goal, args.text, now=now, done_on=reached)
        tx.put(goal)
    state = f"reached {reached.format('D MMMM YYYY')}" if reached else "added"
    _emit(
        args, report.goal_json(goal), f"Milestone {args.text.strip()!r} of {goal.title!r} {state}."
    )
    return 0


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins log: record a win and celebrate it."""
    from .domain.celebrate import celebrate

    with ctx.store.transaction() as tx:
        before = tx.snapshot
        today = ctx.today(before)
        goal = commands.find_goal(before, args.goal) if args.goal else None
        win = commands.new_win(
            before,
            now=ctx.clock.now(),
            today=today,
            text=args.text,
            goal=goal,
            amount=_number(args.amount, "--amount"),
            day=_date(args.date, ctx, before) if args.date else None,
        )
        tx.put(win)
        after = tx.snapshot
    party = celebrate(before, after, win, today)
    overall = overall_stats(after, today)
    summary = [wording.streak(overall.streak)]
    if overall.due_today:
        summary.insert(0, f"{overall.done_today} of {overall.due_today} goals done today")
    text = f"★ {report.win_title(win, after)}\n{party.message}\n{'  ·  '.join(summary)}"
    data = {
        "win": report.win_json(win),
        "moment": party.moment.value,
        "message": party.message,
        "big": party.big,
        "streak": report.streak_json(overall.streak),
    }
    _emit(args, data, text)
    return 0


def cmd_today(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins today."""
    snap = ctx.store.read()
    today = ctx.today(snap)
    if args.json:
        goals = due_goals(snap, today)
        _emit(
            args,
            {
                "date": today.isoformat(),
                "overall": report.overall_json(overall_stats(snap, today)),
                "goals": [report.stats_json(goal_stats(g, snap, today)) for g in goals],
                "wins": [report.win_json(w) for w in snap.wins if w.day == today],
                "note": snap.day(today).note,
                "rest": snap.day(today).rest,
            },
            "",
        )
        return 0
    print(report.today_text(snap, today, ctx.clock.now()))
    return 0


def cmd_stats(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins stats."""
    snap = ctx.store.read()
    today = ctx.today(snap)
    goals = (commands.find_goal(snap, args.goal),) if args.goal else snap.active_goals()
    data = {
        "overall": report.overall_json(overall_stats(snap, today)),
        "goals": [report.stats_json(goal_stats(g, snap, today)) for g in goals],
    }
    _emit(args, data, "" if args.json else report.stats_text(snap, today, goals))
    return 0


def cmd_rest(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins rest."""
    with ctx.store.transaction() as tx:
        snap = tx.snapshot
        day = _date(args.date, ctx, snap)
        goal = commands.find_goal(snap, args.goal) if args.goal else None
        record = commands.set_rest(
            snap,
            day=day,
            today=ctx.today(snap),
            now=ctx.clock.now(),
            rest=not args.undo,
            goal_id=goal.id if goal else None,
        )
        tx.put(record)
    who = f" for {goal.title!r}" if goal else ""
    text = (
        f"{day.format('dddd D MMMM')} is no longer a rest day{who}."
        if args.undo
        else f"{day.format('dddd D MMMM')} is a rest day{who}. Rest is part of the work."
    )
    _emit(
        args,
        {"date": day.isoformat(), "rest": not args.undo, "goal": goal.id if goal else None},
        text,
    )
    return 0


def cmd_note(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins note."""
    with ctx.store.transaction() as tx:
        snap = tx.snapshot
        day = _date(args.date, ctx, snap)
        record = commands.set_note(
            snap, day=day, text=args.text, today=ctx.today(snap), now=ctx.clock.now()
        )
        tx.put(record)
    _emit(
        args,
        {"date": day.isoformat(), "note": record.note},
        f"Noted for {day.format('dddd D MMMM')}." if record.note else "Note cleared.",
    )
    return 0


def cmd_pause(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins pause FROM TO."""
    with ctx.store.transaction() as tx:
        snap = tx.snapshot
        pause = commands.new_pause(
            start=_date(args.start, ctx, snap),
            end=_date(args.end, ctx, snap),
            note=args.note,
            now=ctx.clock.now(),
        )
        tx.put(pause)
    span = f"{pause.start.format('D MMM YYYY')} – {pause.end.format('D MMM YYYY')}"
    _emit(
        args,
        {
            "id": pause.id,
            "start": pause.start.isoformat(),
            "end": pause.end.isoformat(),
            "note": pause.note,
        },
        f"Paused {span}: nothing is due and no streak breaks. Take care.",
    )
    return 0


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins status."""
    snap = ctx.store.read()
    print(report.status_line(snap, ctx.today(snap), args.format))
    return 0


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
    _emit(
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
        _emit(
            args, listing, "No backups yet: smallwins keeps one before the first change of a day."
        )
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
    _emit(args, data, "\n".join(lines))
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins check: is the store sound? Exit 1 when it is not."""
    path = ctx.store.path
    if not os.path.lexists(path):
        data = {"path": str(path), "exists": False, "ok": True, "problems": []}
        _emit(args, data, f"No store at {path} yet: nothing to check.")
        return 0
    problems = ctx.store.check()  # an unreadable file raises its one-line StoreError
    if problems:
        data = {"path": str(path), "exists": True, "ok": False, "problems": problems}
        heading = f"{path}: {wording.plural(len(problems), 'problem')}"
        _emit(args, data, "\n".join([heading, *(f"  - {problem}" for problem in problems)]))
        return 1
    snap = ctx.store.read()
    days = len({win.day for win in snap.wins})
    data = {"path": str(path), "exists": True, "ok": True, "problems": []}
    data |= {"goals": len(snap.goals), "wins": len(snap.wins), "days": days}
    _emit(args, data, f"ok: {_holds_of(snap)}, {wording.plural(days, 'day')} — no problems found")
    return 0


def cmd_dashboard(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins with no command: the dashboard."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UsageError("the dashboard needs a terminal; for scripts try: smallwins today")
    from .app import make_app

    app = make_app(ctx.store, ctx.clock)
    app.run()
    return app.return_code or 0


HANDLERS: dict[str, Callable[[argparse.Namespace, Context], int]] = {
    "goal add": cmd_goal_add,
    "goal list": cmd_goal_list,
    "goal edit": cmd_goal_edit,
    "goal archive": cmd_goal_archive,
    "goal delete": cmd_goal_delete,
    "goal milestone": cmd_goal_milestone,
    "log": cmd_log,
    "today": cmd_today,
    "stats": cmd_stats,
    "rest": cmd_rest,
    "note": cmd_note,
    "pause": cmd_pause,
    "status": cmd_status,
    "settings": cmd_settings,
    "demo": cmd_demo,
    "export": cli_transfer.cmd_export,
    "import": cli_transfer.cmd_import,
    "restore": cmd_restore,
    "check": cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 data error, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    key = args.command or ""
    if key == "goal":
        key = f"goal {args.goal_command}"
    try:
        path = Path(args.db).expanduser() if "db" in args else default_path()
        clock = make_clock()
        # The first write of each local calendar day keeps yesterday's file as a backup.
        ctx = Context(Store(path, backup_day=lambda: clock.now().date()), clock)
        handler = HANDLERS.get(key, cmd_dashboard)
        return handler(args, ctx)
    except UsageError as err:
        parser.error(str(err))
    except (StoreError, ValidationError) as err:
        print(f"smallwins: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: nothing is wrong.
        sys.stderr.close()
        return 0
    except Exception as err:
        if os.environ.get("SMALLWINS_DEBUG"):
            raise
        # A bug of ours: still one line, and the store was not written (transactions roll back).
        print(
            f"smallwins: unexpected {type(err).__name__}: {err} (set SMALLWINS_DEBUG=1 "
            "for details)",
            file=sys.stderr,
        )
        return 1
