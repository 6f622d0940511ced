"""Plain-text and JSON views of the store for the command line (no textual, no rich)."""

from __future__ import annotations

from typing import Any

from pendulum import Date, DateTime

from . import wording
from .domain.days import wins_on
from .domain.models import Goal, GoalKind, ScheduleKind, Snapshot, Win, goal_depth
from .domain.rules import (
    DayState,
    GoalStats,
    OverallStats,
    Streak,
    due_goals,
    goal_stats,
    overall_stats,
)

STATE_MARKS = {
    DayState.DONE: "✔",
    DayState.OPEN: "○",
    DayState.MISSED: "○",
    DayState.REST: "☾",
    DayState.OFF: "·",
    DayState.BEFORE: "○",
}


def goal_json(goal: Goal) -> dict[str, Any]:
    """A goal as plain JSON data."""
    schedule: dict[str, Any] = {"kind": goal.schedule.kind.value}
    if goal.schedule.kind is ScheduleKind.WEEKDAYS:
        schedule["weekdays"] = sorted(goal.schedule.weekdays)
    if goal.schedule.kind is ScheduleKind.PER_WEEK:
        schedule["per_week"] = goal.schedule.per_week
    return {
        "id": goal.id,
        "title": goal.title,
        "kind": goal.kind.value,
        "why": goal.why,
        "anchor": goal.anchor,
        "tiny": goal.tiny,
        "target": goal.target,
        "unit": goal.unit,
        "schedule": schedule,
        "parent": goal.parent_id,
        "total": goal.total,
        "milestones": [
            {"id": m.id, "title": m.title, "done_on": m.done_on.isoformat() if m.done_on else None}
            for m in goal.milestones
        ],
        "archived": goal.archived,
        "created": goal.created.to_iso8601_string(),
    }


def win_json(win: Win) -> dict[str, Any]:
    """A win as plain JSON data."""
    return {
        "id": win.id,
        "at": win.at.to_iso8601_string(),
        "day": win.day.isoformat(),
        "goal": win.goal_id,
        "amount": win.amount,
        "note": win.note,
    }


def streak_json(streak: Streak) -> dict[str, Any]:
    """A streak as plain JSON data."""
    return {
        "current": streak.current,
        "best": streak.best,
        "unit": streak.unit,
        "fresh_start": streak.fresh_start,
    }


def stats_json(stats: GoalStats) -> dict[str, Any]:
    """A goal's statistics as plain JSON data."""
    return {
        "goal": stats.goal.id,
        "title": stats.goal.title,
        "streak": streak_json(stats.streak),
        "total_wins": stats.total_wins,
        "cumulative": stats.cumulative,
        "rate_7": stats.rate_7,
        "rate_30": stats.rate_30,
        "strength": round(stats.strength.score, 1),
        "strength_if_checked_in": round(stats.strength.if_checked_in, 1),
        "progress": stats.progress,
        "milestones": [
            {
                "title": m.title,
                "threshold": m.threshold,
                "reached_on": m.reached_on.isoformat() if m.reached_on else None,
            }
            for m in stats.milestones
        ],
        "today": stats.today_state.value,
        "today_amount": stats.today_amount,
        "comebacks": stats.comebacks,
    }


def overall_json(stats: OverallStats) -> dict[str, Any]:
    """The overall statistics as plain JSON data."""
    return {
        "total_wins": stats.total_wins,
        "wins_today": stats.wins_today,
        "first_day": stats.first_day.isoformat() if stats.first_day else None,
        "streak": streak_json(stats.streak),
        "rate_7": stats.rate_7,
        "rate_30": stats.rate_30,
        "comebacks": stats.comebacks,
        "due_today": stats.due_today,
        "done_today": stats.done_today,
    }


def _indent(goal: Goal, snapshot: Snapshot) -> str:
    # A live micro-goal of an archived goal is listed as a top-level goal among the live ones.
    pool = snapshot.goals if goal.archived else snapshot.active_goals()
    return "  " * goal_depth(goal, pool)


def goal_line(stats: GoalStats, snapshot: Snapshot) -> str:
    """One goal as a line of today's list: mark, title, today's amount, streak."""
    goal = stats.goal
    parts = [f"{_indent(goal, snapshot)}{STATE_MARKS[stats.today_state]} {goal.title}"]
    if goal.kind is GoalKind.COUNT:
        parts.append(wording.progress_of_target(goal, stats.today_amount))
    if stats.today_state is DayState.REST:
        parts.append("rest day")
    elif stats.today_state is DayState.OFF:
        parts.append("not scheduled today")
    if stats.streak.current:
        parts.append(wording.streak(stats.streak))
    return "  ·  ".join(parts)


def today_text(snapshot: Snapshot, today: Date, now: DateTime) -> str:
    """What `smallwins today` prints."""
    overall = overall_stats(snapshot, today)
    lines = [
        f"{wording.day_long(today)}  ·  {wording.plural(overall.wins_today, 'win')}"
        f"  ·  {wording.streak(overall.streak)}",
        "What's one small win you can create today?",
        "",
    ]
    goals = due_goals(snapshot, today)
    if goals:
        lines.append(f"{overall.done_today} of {overall.due_today} goals done today")
        for goal in goals:
            stats = goal_stats(goal, snapshot, today)
            lines.append("  " + goal_line(stats, snapshot))
            if goal.why:
                lines.append(f"  {_indent(goal, snapshot)}    {goal.why}")
            if stats.streak.fresh_start and goal.tiny and stats.today_state is not DayState.DONE:
                lines.append(
                    f"  {_indent(goal, snapshot)}    fresh start: tiny version is "
                    f"\u201c{goal.tiny}\u201d"
                )
    else:
        lines.append('No goals due today. Add one: smallwins goal add "Write 200 words"')
    wins = sorted(wins_on(snapshot, today), key=lambda w: w.at, reverse=True)
    lines += ["", "Today's wins" if wins else "No wins yet today: log one with smallwins log"]
    for win in wins:
        lines.append(f"  ★ {win_title(win, snapshot)}  ·  {wording.ago(win.at, now)}")
    note = snapshot.day(today).note
    if note:
        lines += ["", "Journal", *("  " + line for line in note.splitlines())]
    return "\n".join(lines)


def win_title(win: Win, snapshot: Snapshot) -> str:
    """ "Write · 200 words · note" or the note of a free-standing win."""
    goal = snapshot.goal(win.goal_id) if win.goal_id else None
    parts = []
    if goal is not None:
        parts.append(goal.title)
        if goal.kind is GoalKind.COUNT and win.amount is not None:
            parts.append(wording.amount(goal, win.amount))
    if win.note:
        parts.append(win.note.replace("\n", " "))
    return " · ".join(parts) or "a small win"


def stats_text(snapshot: Snapshot, today: Date, goals: tuple[Goal, ...]) -> str:
    """What `smallwins stats` prints."""
    overall = overall_stats(snapshot, today)
    since = f" since {overall.first_day.format('D MMMM YYYY')}" if overall.first_day else ""
    lines = [
        f"{wording.plural(overall.total_wins, 'win')}{since}",
        f"Streak: {wording.streak(overall.streak)} (best {overall.streak.best} days)"
        f"  ·  comebacks: {overall.comebacks}",
        f"Days with a win: {wording.percent(overall.rate_7)} of the last 7, "
        f"{wording.percent(overall.rate_30)} of the last 30",
    ]
    for goal in goals:
        lines += ["", *goal_stats_lines(goal_stats(goal, snapshot, today))]
    return "\n".join(lines)


def goal_stats_lines(stats: GoalStats) -> list[str]:
    """A goal's statistics, a few lines."""
    goal = stats.goal
    strength = stats.strength
    unit = stats.streak.unit
    lines = [
        f"{goal.title}  ({goal.schedule.describe()})",
        f"  streak {wording.plural(stats.streak.current, unit)}, best {stats.streak.best}"
        f"  ·  {wording.plural(stats.total_wins, 'win')}  ·  comebacks {stats.comebacks}",
        f"  done {wording.percent(stats.rate_7)} of the last 7 days, "
        f"{wording.percent(stats.rate_30)} of the last 30",
        f"  strength {strength.score:.0f} %"
        + (
            ""
            if strength.checked_in_today
            else f" ({strength.if_checked_in:.0f} % if you check in today)"
        ),
    ]
    if goal.kind is GoalKind.COUNT:
        lines.append(f"  {wording.amount(goal, stats.cumulative)} in all")
    if stats.progress is not None and goal.total:
        lines.append(
            f"  {wording.bar(stats.progress)} {wording.percent(stats.progress)} of "
            f"{wording.number(goal.total)}"
        )
    for m in stats.milestones:
        when = f"reached {m.reached_on.format('D MMM YYYY')}" if m.reached_on else "ahead"
        lines.append(f"  {'◆' if m.reached_on else '◇'} {m.title}  ·  {when}")
    return lines


def status_line(snapshot: Snapshot, today: Date, fmt: str) -> str:
    """The one-line status for a bar or prompt, as text, JSON or tmux markup."""
    overall = overall_stats(snapshot, today)
    import json

    if fmt == "json":
        return json.dumps(overall_json(overall), ensure_ascii=False)
    if overall.due_today:
        head = f"{overall.done_today}/{overall.due_today} today"
    else:
        head = wording.plural(overall.wins_today, "win") + " today"
    streak = overall.streak
    tail = (
        f"{streak.current}-day streak"
        if streak.current
        else ("fresh start" if streak.fresh_start else "")
    )
    if fmt == "tmux":
        done = overall.due_today and overall.done_today >= overall.due_today
        colour = "green" if done or overall.wins_today else "default"
        head = f"#[fg={colour}]{head}#[default]"
        tail = f"{streak.current}d" if streak.current else tail
    return " · ".join(p for p in (head, tail) if p)
