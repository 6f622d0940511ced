"""The daily commands: log a win, today, stats, rest, note, pause and status."""

from __future__ import annotations

import argparse

from . import report, wording
from .cli_context import Context, date_arg, emit, number_arg
from .domain import commands
from .domain.days import wins_on
from .domain.models import Snapshot
from .domain.rules import due_goals, goal_stats, overall_stats, overall_streak_settled


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
            amount=number_arg(args.amount, "--amount"),
            day=date_arg(args.date, ctx, before) if args.date else None,
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
    emit(args, data, text)
    return 0


def cmd_today(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins today."""
    snap = ctx.store.read()
    today = ctx.today(snap)
    if args.json:
        goals = due_goals(snap, today)
        emit(
            args,
            {
                "date": today.isoformat(),
                "overall": report.overall_json(overall_stats(snap, today)),
                "goals": [report.stats_json(goal_stats(g, snap, today)) for g in goals],
                "wins": [report.win_json(w) for w in wins_on(snap, today)],
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
    emit(args, data, "" if args.json else report.stats_text(snap, today, goals))
    return 0


def cmd_rest(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins rest."""
    with ctx.store.transaction() as tx:
        snap = tx.snapshot
        day = date_arg(args.date, ctx, snap)
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
    emit(
        args,
        {"date": day.isoformat(), "rest": not args.undo, "goal": goal.id if goal else None},
        text,
    )
    return 0


def cmd_note(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins note."""
    with ctx.store.transaction() as tx:
        snap = tx.snapshot
        day = date_arg(args.date, ctx, snap)
        record = commands.set_note(
            snap, day=day, text=args.text, today=ctx.today(snap), now=ctx.clock.now()
        )
        tx.put(record)
    emit(
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
            start=date_arg(args.start, ctx, snap),
            end=date_arg(args.end, ctx, snap),
            note=args.note,
            now=ctx.clock.now(),
        )
        tx.put(pause)
    span = f"{pause.start.format('D MMM YYYY')} – {pause.end.format('D MMM YYYY')}"
    emit(
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


STATUS_WEEKS = 55
"""Weeks of days `smallwins status` reads for its text and tmux lines (about a year)."""


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    """smallwins status."""
    snap = _status_snapshot(args.format, ctx)
    print(report.status_line(snap, ctx.today(snap), args.format))
    return 0


def _status_snapshot(fmt: str, ctx: Context) -> Snapshot:
    """What the status line needs. A status bar runs it every few seconds: the text and tmux
    lines (today and the current streak) are told from the recent weeks, unless the streak or
    a fresh start may go back further; JSON tells the whole journal's figures."""
    if fmt == "json":
        return ctx.store.read()
    since = ctx.clock.now().date().subtract(weeks=STATUS_WEEKS)
    recent = ctx.store.read_recent(since)  # the file stays parsed for a read() after it
    if recent.complete:
        return recent  # (a missing or unreadable file says so whole)
    return recent if overall_streak_settled(recent, ctx.today(recent)) else ctx.store.read()
