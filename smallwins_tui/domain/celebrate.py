"""Celebrations: a short, varied word for every win and a bigger one for the big moments.

Kind, never shaming: a comeback is welcomed, a broken streak is never mentioned.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from enum import StrEnum

from pendulum import Date

from .days import day_index
from .models import Snapshot, Win
from .rules import goal_streak, is_comeback, milestones, overall_streak, progress

STREAK_MOMENTS = (7, 30, 100, 365)
"""Streak lengths that earn a big celebration."""

WIN_LINES = (
    "Logged. Small wins add up.",
    "That counts. Nice.",
    "Another small win in the bank.",
    "Done. Momentum is built one step at a time.",
    "Nice work. Keep showing up.",
    "Every small win is a vote for who you are becoming.",
    "That's progress. Well done.",
    "One more brick in the wall you're building.",
)
GOAL_LINES = (
    "{title}: done. That counts.",
    "{title} — one more day of showing up.",
)
IDENTITY_LINE = "Another vote for the {identity} you are."
_IDENTITY = re.compile(r"(?i)^(?:i am|i'm)\s+(?:(?:a|an|the)\s+)?(.+)$")
COMEBACK_LINES = (
    "Welcome back — restarting is the skill.",
    "Welcome back. A fresh start is still a start.",
    "You came back. That's the habit that matters most.",
)


class Moment(StrEnum):
    """What kind of moment a win made."""

    WIN = "win"
    FIRST = "first"
    COMEBACK = "comeback"
    STREAK = "streak"
    MILESTONE = "milestone"
    TOTAL = "total"


@dataclass(frozen=True, slots=True)
class Celebration:
    """What to say about a win, and whether it deserves the big stage."""

    moment: Moment
    message: str
    big: bool


def _pick(lines: tuple[str, ...], win: Win) -> str:
    # Seeded by the win's id: varied from win to win, yet the same every time for one win.
    return lines[zlib.crc32(win.id.encode()) % len(lines)]


def identity_noun(why: str) -> str:
    """ "writer" from an identity line such as "I am a writer" ("" when it is not one)."""
    match = _IDENTITY.match(why.strip().rstrip(".!"))
    return match.group(1) if match else ""


def celebrate(before: Snapshot, after: Snapshot, win: Win, today: Date) -> Celebration:
    """The celebration for `win`, comparing the store just before and just after it."""
    # Index `before` first: `after`'s index is then derived from it (see `SnapshotDelta`)
    # instead of being built again from every win.
    day_index(before)
    goal = after.goal(win.goal_id) if win.goal_id else None

    if goal is not None:
        old = {m.title for m in milestones(goal, before) if m.reached_on is not None}
        reached = [m for m in milestones(goal, after) if m.reached_on and m.title not in old]
        done = progress(goal, after)
        if reached and done is not None and done >= 1 and (progress(goal, before) or 0) < 1:
            return Celebration(
                Moment.TOTAL,
                f"{goal.title}: the whole target is reached, {win.day.format('D MMMM YYYY')}! "
                "Every small win led here.",
                True,
            )
        if reached:
            return Celebration(
                Moment.MILESTONE,
                f"Milestone reached: {goal.title} · {reached[-1].title} "
                f"on {win.day.format('D MMMM')}.",
                True,
            )

    if len(after.wins) == 1:  # (ids are unique in a snapshot: `win` is the only one)
        return Celebration(Moment.FIRST, "Your first small win. This is how it starts.", True)

    if is_comeback(after, win.day, goal.id if goal else None) or is_comeback(after, win.day):
        return Celebration(Moment.COMEBACK, _pick(COMEBACK_LINES, win), True)

    streaks = [("", overall_streak(before, today), overall_streak(after, today))]
    if goal is not None:
        streaks.append(
            (goal.title, goal_streak(goal, before, today), goal_streak(goal, after, today))
        )
    for title, old_streak, new_streak in streaks:
        n = new_streak.current
        if n in STREAK_MOMENTS and old_streak.current < n:
            unit = new_streak.unit
            what = f"{title}: " if title else ""
            return Celebration(
                Moment.STREAK,
                f"{what}{n}-{unit} streak! Small wins, every {unit}. Look how far you've come.",
                True,
            )

    if goal is not None:
        identity = identity_noun(goal.why)
        lines = GOAL_LINES + WIN_LINES + ((IDENTITY_LINE,) if identity else ())
        line = _pick(lines, win)
        return Celebration(Moment.WIN, line.format(identity=identity, title=goal.title), False)
    return Celebration(Moment.WIN, _pick(WIN_LINES, win), False)
