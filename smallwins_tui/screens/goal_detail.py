"""The Goals screen's detail panel: one goal's story in plain words, as `Content`.

User text (titles, why, anchor) only ever enters as plain `Content`, never as markup.
"""

from __future__ import annotations

from pendulum import Date
from textual.content import Content

from .. import wording
from ..domain import units
from ..domain.models import Goal, Snapshot
from ..domain.rules import DayState, GoalStats, MilestoneStatus, Strength

BAR_WIDTH = 20
MUTED = "$text-muted"


def _day(day: Date, today: Date) -> str:
    return day.format("D MMM" if day.year == today.year else "D MMM YYYY")


def today_line(stats: GoalStats) -> str:
    """What today is for the goal: "✔ done today", "○ 120 / 200 words so far"."""
    goal, state = stats.goal, stats.today_state
    if state is DayState.DONE:
        if goal.is_count:
            return f"✔ {wording.progress_of_target(goal, stats.today_amount)} — done today"
        return "✔ done today"
    if state is DayState.OPEN:
        if goal.is_count and stats.today_amount:
            return f"○ {wording.progress_of_target(goal, stats.today_amount)} so far"
        return "○ not yet today"
    if state is DayState.REST:
        return "☾ resting today"
    return "· not due today"


def strength_sentence(stats: GoalStats) -> str:
    """ "Strength 74 % — checking in today makes it 77 %." (kind in every case)."""
    s: Strength = stats.strength
    now = wording.percent(s.score / 100)
    then = wording.percent(s.if_checked_in / 100)
    if stats.goal.archived:
        return f"Strength {now}."
    if s.checked_in_today:
        return f"Strength {now} — checked in today. Nicely done."
    if then == now:
        return f"Strength {now} — holding steady."
    if stats.today_state is DayState.OPEN:
        doing = "reaching today's target" if stats.today_amount else "checking in today"
        return f"Strength {now} — {doing} makes it {then}."
    return f"Strength {now} — not due today; a check-in would still make it {then}."


STRENGTH_EXPLAINED = (
    "It grows a little with every check-in and fades slowly on missed days: "
    "one miss costs little, and rest days cost nothing."
)


def _milestone(m: MilestoneStatus, today: Date) -> tuple[str, str]:
    if m.reached_on is not None:
        return f"  ✔ {m.title}", f"  {_day(m.reached_on, today)}"
    return f"  ○ {m.title}", "  ahead"


def _facts(goal: Goal, stats: GoalStats) -> list[tuple[str, str]]:
    best = wording.plural(stats.streak.best, stats.streak.unit)
    facts = [
        ("Schedule", goal.schedule.describe()),
        ("Daily target", wording.amount(goal, goal.target) if goal.target else "done or not"),
        ("Today", "archived, so nothing is due" if goal.archived else today_line(stats)),
        ("Streak", f"{wording.streak(stats.streak)} · best {best}"),
        ("Wins", f"{stats.total_wins:,} in all"),
        ("Last 7 days", f"{wording.percent(stats.rate_7)} done"),
        ("Last 30 days", f"{wording.percent(stats.rate_30)} done"),
    ]
    if stats.comebacks:
        facts.append(("Comebacks", f"{stats.comebacks} — restarting is the skill"))
    return facts


def detail_content(stats: GoalStats, snapshot: Snapshot, today: Date) -> Content:
    """Everything about one goal, top to bottom."""
    goal = stats.goal
    parts: list[Content | str | tuple[str, str]] = [(goal.title, "bold")]
    parent = snapshot.goal(goal.parent_id) if goal.parent_id else None
    if parent is not None:
        parts += ["\n", ("micro-goal of ", MUTED), Content(parent.title)]
    if goal.archived:
        parts += ["\n", ("archived — x brings it back", MUTED)]
    if goal.why:
        parts += ["\n", (goal.why, "italic")]
    for label, text in (("When", goal.anchor), ("Tiny version", goal.tiny)):
        if text:
            parts += ["\n", (f"{label}: ", MUTED), Content(text)]
    parts.append("\n")
    for label, text in _facts(goal, stats):
        parts += ["\n", (f"{label:<13}", MUTED), Content(text)]
    parts += ["\n\n", (strength_sentence(stats), "bold"), "\n", (STRENGTH_EXPLAINED, MUTED)]
    if stats.progress is not None and goal.total:
        unit = goal.unit if goal.is_count else "days"
        total = units.amount(goal.total, unit)
        parts += [
            "\n\n",
            (f"Toward {total}", "bold"),
            "\n",
            (wording.bar(stats.progress, BAR_WIDTH), "$accent"),
            f"  {wording.percent(stats.progress)}",
            "\n",
            (f"{units.amount(stats.cumulative, unit)} so far", MUTED),
        ]
    if stats.milestones:
        parts += ["\n\n", ("Milestones", "bold")]
        for m in stats.milestones:
            title, when = _milestone(m, today)
            style = "" if m.reached_on else MUTED
            parts += ["\n", (title, style), (when, MUTED)]
    return Content.assemble(*parts)
