"""The History screen's panels: the selected day, and how far the user has come."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pendulum import Date
from textual.content import Content
from textual.widgets import Static

from .. import wording
from ..domain.days import goal_win_count
from ..domain.models import Day, Goal, Pause, Snapshot, Win
from ..domain.rules import comebacks, cumulative, goal_streak, milestones, overall_stats
from ..report import win_title
from .text import content_height, update_in_place

MILESTONES_SHOWN = 6
"""Reached milestones listed for all goals at once; the goal filter shows every one."""


def long_date(day: Date) -> str:
    """ "Saturday, 14 November 2026"."""
    return day.format("dddd, D MMMM YYYY")


def short_date(day: Date) -> str:
    """ "14 Nov 2026"."""
    return day.format("D MMM YYYY")


def days_ago(day: Date, today: Date) -> str:
    """ "today", "yesterday", "10 days ago"."""
    n = (today - day).in_days() if day <= today else -1
    if n < 0:
        return ""
    return {0: "today", 1: "yesterday"}.get(n, f"{n:,} days ago")


@dataclass(frozen=True)
class DayDetail:
    """What the store holds about one day, gathered for the day panel."""

    day: Date
    today: Date
    wins: Sequence[Win]
    record: Day
    pauses: Sequence[Pause]


class DayPanel(Static):
    """The selected day: its wins, its rest or pause, and its journal note."""

    def show_day(self, detail: DayDetail, snapshot: Snapshot, *, room: int = 0) -> None:
        """Draw `detail` (every piece of user text stays literal) in at least `room` lines.

        Beside another panel (`room` > 0) it never shrinks from one day to the next: it keeps
        the height of the tallest day drawn (or `room`, if taller) until `keep_room` sets it
        again (for a new pane size, filter or journal), so browsing moves nothing below it.
        """
        content = day_content(detail, snapshot)
        if room:
            room = max(room, self.room, self._height(content))
        self.keep_room(room)
        update_in_place(self, content)

    def height_of(self, detail: DayDetail, snapshot: Snapshot) -> int:
        """The lines `detail` takes drawn at the panel's width, its gutter included (the gutter
        alone before the first layout)."""
        return self._height(day_content(detail, snapshot))

    def _height(self, content: Content) -> int:
        return content_height(self, content) + self.styles.gutter.height

    def keep_room(self, room: int) -> None:
        """Take `room` lines whatever the day shows (0: as many as it needs).

        The height of the row the panel shares with another, say: a day that fits is drawn
        alone, and only a day taller than any before lays the screen out again.
        """
        self.styles.min_height = room or None  # (the same value changes nothing)

    @property
    def room(self) -> int:
        """The lines the panel takes whatever the day shows (0: as many as the day needs)."""
        floor = self.styles.min_height
        return int(floor.value) if floor is not None else 0


def day_content(detail: DayDetail, snapshot: Snapshot) -> Content:
    """The day panel's text."""
    when = days_ago(detail.day, detail.today)
    lines: list[Content] = [
        Content.assemble(
            (long_date(detail.day), "bold"), ("  " + when if when else "", "$text-muted")
        )
    ]
    if detail.wins:
        lines.append(Content(wording.plural(len(detail.wins), "win")).stylize("$text-muted"))
        lines += [Content.assemble(("★ ", "$success"), win_title(w, snapshot)) for w in detail.wins]
    else:
        lines.append(_dim("No wins logged on this day."))
    record = detail.record
    if record.rest:
        lines.append(Content.assemble(("☾ ", "$accent"), "Rest day"))
    elif record.rest_goals:
        names = [g.title for g in snapshot.goals if g.id in record.rest_goals]
        lines.append(Content.assemble(("☾ ", "$accent"), "Rest day for ", ", ".join(names)))
    for pause in detail.pauses:
        span = f"{short_date(pause.start)} – {short_date(pause.end)}"
        text = f"Paused · {pause.note} · {span}" if pause.note else f"Paused · {span}"
        lines.append(Content.assemble(("⏸ ", "$accent"), text))
    if record.note:
        lines.append(Content(""))
        lines.append(Content(f"\u201c{record.note}\u201d").stylize("italic"))
    return Content("\n").join(lines)


class ProgressPanel(Static):
    """How far you've come: totals, cumulative amounts, streaks, comebacks, milestones."""

    def show_progress(
        self, snapshot: Snapshot, today: Date, goal: Goal | None, first_days: dict[str, Date]
    ) -> None:
        """Draw the progress of every goal (`goal` None) or of one goal."""
        if goal is None:
            self.update(overall_content(snapshot, today, first_days))
        else:
            self.update(goal_content(snapshot, today, goal, first_days.get(goal.id)))


def _title(goal: Goal | None = None) -> Content:
    head = Content("How far you've come").stylize("bold")
    return head if goal is None else Content.assemble(head, "\n", (goal.title, "bold $accent"))


def _since(first: Date | None, fmt: str = "D MMMM YYYY") -> str:
    return f" since {first.format(fmt)}" if first else ""


def goal_total(goal: Goal, snapshot: Snapshot, first: Date | None) -> str:
    """ "36,400 words since Mar 2025" (count goals) or "150 days since ..." (check goals)."""
    value = cumulative(goal, snapshot)
    amount = wording.amount(goal, value) if goal.is_count else wording.plural(int(value), "day")
    text = amount + _since(first, "MMM YYYY")
    if goal.total:
        share = wording.percent(min(1.0, value / goal.total))
        text += f" · {share} of {wording.number(goal.total)}"
    return text


def overall_content(snapshot: Snapshot, today: Date, first_days: dict[str, Date]) -> Content:
    """Every goal together: totals, the best streak, comebacks, each goal's sum, milestones."""
    stats = overall_stats(snapshot, today)
    lines = [_title()]
    if not stats.total_wins:
        lines.append(_dim("No wins yet. The first one starts the story."))
        return Content("\n").join(lines)
    lines.append(Content(wording.plural(stats.total_wins, "win") + _since(stats.first_day)))
    lines.append(Content(_streak_line(stats.streak.best, stats.streak.current, "day")))
    if stats.comebacks:
        lines.append(Content(_comebacks(stats.comebacks)))
    goals = snapshot.active_goals()
    for goal in goals:
        if goal.id in first_days:
            total = goal_total(goal, snapshot, first_days[goal.id])
            lines.append(Content.assemble((goal.title, "bold"), " · ", total))
    reached = sorted(_reached(goals, snapshot), key=lambda r: r[0], reverse=True)
    if reached:
        lines += [Content(""), Content("Milestones reached").stylize("bold")]
        for day, goal, title in reached[:MILESTONES_SHOWN]:
            lines.append(_milestone_line(day, f"{goal.title} · {title}"))
        if len(reached) > MILESTONES_SHOWN:
            more = len(reached) - MILESTONES_SHOWN
            lines.append(_dim(f"and {more:,} more: press f to see one goal"))
    return Content("\n").join(lines)


def goal_content(snapshot: Snapshot, today: Date, goal: Goal, first: Date | None) -> Content:
    """One goal: its sum, wins, best and current streak, comebacks and every milestone."""
    lines = [_title(goal)]
    if first is None:
        lines.append(_dim("No wins for this goal yet."))
    else:
        streak = goal_streak(goal, snapshot, today)
        wins = goal_win_count(snapshot, goal.id)
        lines.append(Content(goal_total(goal, snapshot, first)))
        lines.append(Content(wording.plural(wins, "win")))
        lines.append(Content(_streak_line(streak.best, streak.current, streak.unit)))
        back = comebacks(snapshot, today, goal.id)
        if back:
            lines.append(Content(_comebacks(back)))
    marks = milestones(goal, snapshot)
    if marks:
        lines += [Content(""), Content("Milestones").stylize("bold")]
        lines += [_milestone_line(mark.reached_on, mark.title) for mark in marks]
    return Content("\n").join(lines)


def _dim(text: str) -> Content:
    return Content(text).stylize("$text-muted")


def _comebacks(count: int) -> str:
    return f"{wording.plural(count, 'comeback')} — restarting is the skill"


def _streak_line(best: int, current: int, unit: str) -> str:
    line = f"Best streak {wording.plural(best, unit)}"
    return f"{line} · now {wording.plural(current, unit)}" if current else line


def _milestone_line(day: Date | None, title: str) -> Content:
    if day is None:
        return _dim(f"◇ {title}  ahead")
    return Content.assemble(("◆ ", "$success"), title, ("  " + short_date(day), "$text-muted"))


def _reached(goals: Iterable[Goal], snapshot: Snapshot) -> list[tuple[Date, Goal, str]]:
    return [
        (mark.reached_on, goal, mark.title)
        for goal in goals
        for mark in milestones(goal, snapshot)
        if mark.reached_on is not None
    ]
