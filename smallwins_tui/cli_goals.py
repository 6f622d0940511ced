"""`smallwins goal …`: add, list, edit, archive, delete goals and name milestones."""

from __future__ import annotations

import argparse
from typing import Any

from . import report, wording
from .cli_context import Context, UsageError, date_arg, emit, number_arg, schedule_arg
from .domain import commands
from .domain.models import (
    ValidationError,
    ordered_tree,
)
from .domain.rules import goal_stats


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
            target=number_arg(args.target, "--target"),
            unit=args.unit or "",
            schedule=schedule_arg(args),
            parent_id=commands.find_goal(snap, args.parent).id if args.parent else None,
            total=number_arg(args.total, "--total"),
        )
        tx.put(goal)
    kind = f"{wording.amount(goal, goal.target or 0)} a day" if goal.is_count else "done or not"
    parent = f", a micro-goal of {snap.goal(goal.parent_id).title!r}" if goal.parent_id else ""  # type: ignore[union-attr]
    emit(
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
        emit(args, [report.goal_json(g) for g in goals], "")
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
            changes["target"] = number_arg(args.target, "--target")
        if args.no_target:
            changes["target"] = None
        if args.total is not None:
            changes["total"] = number_arg(args.total, "--total")
        if args.no_total:
            changes["total"] = None
        if args.parent:
            changes["parent_id"] = commands.find_goal(snap, args.parent).id
        if args.no_parent:
            changes["parent_id"] = None
        schedule = schedule_arg(args)
        if schedule is not None:
            changes["schedule"] = schedule
        if not changes:
            raise UsageError("say what to change, e.g. --title, --target, --days (see --help)")
        edited = commands.edit_goal(snap, goal, now=ctx.clock.now(), **changes)
        tx.put(edited)
    emit(args, report.goal_json(edited), f"Updated {edited.title!r}  [{edited.id[:8]}]")
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
    emit(
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
    emit(
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
            reached = commands.check_day(date_arg(args.reached, ctx, snap), ctx.today(snap))
        existing = [
            m for m in goal.milestones if m.title.casefold() == args.text.strip().casefold()
        ]
        if existing:
            goal = commands.mark_milestone(goal, existing[0].id, now=now, done_on=reached)
        else:
            goal = commands.add_milestone(goal, args.text, now=now, done_on=reached)
        tx.put(goal)
    state = f"reached {reached.format('D MMMM YYYY')}" if reached else "added"
    emit(
        args, report.goal_json(goal), f"Milestone {args.text.strip()!r} of {goal.title!r} {state}."
    )
    return 0
