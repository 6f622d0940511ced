"""What every command shares: the store and clock, and reading arguments."""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, replace
from typing import Any

import pendulum

from .domain import commands
from .domain.clock import Clock, parse_date
from .domain.models import (
    Schedule,
    Snapshot,
)
from .store import Store

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


def number_arg(text: str | None, what: str) -> float | None:
    """A number argument, or None when it was not given."""
    return None if text is None else commands.parse_amount(text, what=what)


def date_arg(text: str | None, ctx: Context, snapshot: Snapshot) -> pendulum.Date:
    """A date argument: YYYY-MM-DD, today or yesterday (today when not given)."""
    if text is None or text == "today":
        return ctx.today(snapshot)
    if text == "yesterday":
        return ctx.today(snapshot).subtract(days=1)
    return parse_date(text)


def schedule_arg(args: argparse.Namespace) -> Schedule | None:
    """The schedule that --days, --per-week or --daily ask for, if any."""
    if args.days:
        return Schedule.parse_days(args.days)
    if args.per_week:
        return Schedule.times_per_week(args.per_week)
    if getattr(args, "daily", False):
        return Schedule.daily()
    return None


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print `data` as JSON with --json, else the text for people."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)
