"""How numbers, amounts, streaks and times read to a person (for the command line and the app)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pendulum import Date, DateTime

from .domain import units
from .domain.models import Goal
from .domain.rules import Streak
from .domain.units import number as number

if TYPE_CHECKING:
    from .domain.merge import MergeReport


def amount(goal: Goal, value: float) -> str:
    """An amount with the goal's unit: "200 words", "1 glass"."""
    return units.amount(value, goal.unit)


def progress_of_target(goal: Goal, value: float) -> str:
    """Today's amount against the daily target: "120 / 200 words"."""
    return f"{number(value)} / {amount(goal, goal.target or 0)}"


def percent(fraction: float | None) -> str:
    """0.734 -> "73 %"; None -> "–"."""
    return "–" if fraction is None else f"{round(fraction * 100)} %"


def streak(value: Streak) -> str:
    """ "12-day streak", "3-week streak", "fresh start" or "no streak yet"."""
    if value.current:
        return f"{value.current}-{value.unit} streak"
    return "fresh start" if value.fresh_start else "no streak yet"


def bar(fraction: float, width: int = 10) -> str:
    """A small progress bar: "██████░░░░"."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def day_long(day: Date) -> str:
    """ "Tuesday, 24 November"."""
    return day.format("dddd, D MMMM")


def ago(then: DateTime, now: DateTime) -> str:
    """ "just now", "5 minutes ago", "2 hours ago", "yesterday"."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = seconds // 60
        return f"{minutes} minute{'s' * (minutes != 1)} ago"
    if seconds < 86400:
        hours = seconds // 3600
        return f"{hours} hour{'s' * (hours != 1)} ago"
    days = seconds // 86400
    return "yesterday" if days == 1 else f"{days} days ago"


def plural(n: int, word: str) -> str:
    """ "1 win", "4 wins"."""
    return f"{n:,} {word}{'s' * (n != 1)}"


def counts(by_kind: Mapping[str, int]) -> str:
    """{"win": 3, "day": 1} -> "1 day, 3 wins"."""
    return ", ".join(plural(n, kind) for kind, n in sorted(by_kind.items()) if n)


def merge_summary(report: MergeReport) -> str:
    """ "added 3 wins; updated 1 goal; removed 2 wins" (or "nothing new")."""
    parts = [
        f"{verb} {counts(by_kind)}"
        for verb, by_kind in (
            ("added", report.added),
            ("updated", report.updated),
            ("removed", report.deleted),
        )
        if any(by_kind.values())
    ]
    return "; ".join(parts) or "nothing new"
