"""Today: the daily check-in, with today's wins, recent weeks and the journal at a glance."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from pendulum import Date, DateTime
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Label, ListView, Static

from .. import wording
from ..domain.changes import Change, adjust_today, count_step, toggle_done
from ..domain.commands import new_win, set_note, set_rest
from ..domain.days import day_amount, day_record, day_state, wins_on
from ..domain.heatmap import last_weeks, snapshot_heatmap
from ..domain.models import Goal, Snapshot, ValidationError, goal_depth
from ..domain.rules import DayState, Streak, goal_streak, overall_stats
from ..report import win_title
from ..widgets.goal_row import GoalRow, GoalView
from ..widgets.heatmap import Heatmap
from ..widgets.text import update_in_place
from ..widgets.win_list import WinList
from .base import DashboardScreen
from .forms import AmountScreen, LogWinScreen, NoteScreen

CHEER_SECONDS = 4.0
"""How long a small win's words stay in place of the prompt."""
WINS_SHOWN = 8
"""Today's newest wins listed on Today; History lists every one."""
RECENT_WEEKS = 53
"""Weeks of data the compact heatmap gets; it draws as many of the latest as fit."""
MARKS = {
    DayState.DONE: ("✔", "done"),
    DayState.REST: ("☾", "rest"),
    DayState.OFF: ("·", "off"),
}


def goal_view(
    goal: Goal, depth: int, today_state: DayState, today_amount: float, streak: Streak | None
) -> GoalView:
    """How one goal reads on Today. `streak` is None while only the recent wins are read (the
    quick first look at a large store): the row leaves out the streak and what follows from it.
    """
    mark, state = MARKS.get(today_state, ("○", "open"))
    amount = bar = ""
    if goal.is_count and goal.target:
        amount = wording.progress_of_target(goal, today_amount)
        bar = wording.bar(today_amount / goal.target, 10)
    shown = f"{streak.current}{streak.unit[0]}" if streak is not None and streak.current else ""
    if today_state is DayState.REST:
        detail = "rest day"
    elif today_state is DayState.OFF:
        detail = f"not due today · {goal.schedule.describe()}"
    elif streak is not None and streak.fresh_start and today_state is not DayState.DONE:
        detail = (
            f"fresh start: tiny version is \u201c{goal.tiny}\u201d"
            if goal.tiny
            else "fresh start: one small step today is enough"
        )
    else:
        detail = " · ".join(p for p in (goal.why, goal.anchor) if p)
    return GoalView(goal.id, goal.title, depth, mark, state, amount, bar, shown, detail)


def goal_views(snapshot: Snapshot, today: Date, goals: tuple[Goal, ...]) -> tuple[GoalView, ...]:
    """The rows of `goals` (the active ones). Only what a row shows is worked out (not the
    totals, rates and strength the Goals screen shows), and no streak for a quick first look
    (an incomplete snapshot): today's state and amount need only the recent wins."""
    return tuple(
        goal_view(
            goal,
            goal_depth(goal, goals),
            day_state(goal, today, snapshot, today),
            day_amount(goal, today, snapshot),
            goal_streak(goal, snapshot, today) if snapshot.complete else None,
        )
        for goal in goals
    )


class TodayScreen(DashboardScreen):
    """The daily check-in."""

    MODE = "today"
    AUTO_FOCUS = ""  # the goal list is focused on mount (see there)
    DRAWS_FIRST_LOOK = True
    # Not annotated ClassVar: Textual declares it as an instance variable.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (100, "-wide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "check_in", "done"),
        Binding("j", "move(1)", "down", show=False),
        Binding("k", "move(-1)", "up", show=False),
        Binding("plus,equals_sign", "step(1)", "amount", key_display="+/-"),
        Binding("minus", "step(-1)", "less", show=False),
        Binding("a", "amount", "amount", show=False),
        Binding("w", "win", "win"),
        Binding("n", "note", "note"),
        Binding("r", "rest", "rest"),
        Binding("R", "rest_day", "rest day", show=False),
        Binding("u", "undo", "undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._views: tuple[GoalView, ...] = ()
        self._rows_mounted = False
        self._selected_id: str | None = None
        self._texts: dict[str, Content] = {}
        """What each label shows, so an unchanged one is not updated (and laid out) again."""
        self._prompt = Content()
        """The prompt the last draw chose, shown again when a cheer ends."""
        self._cheer_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="today-body"):
            with Vertical(id="checkin"):
                yield Label(id="today-date")
                yield Label(id="today-prompt")
                yield Label(id="today-summary")
                yield ListView(id="today-goals")
                yield Static(id="today-empty", markup=False)
            with Vertical(id="side"):
                yield Label(Content("Recent weeks"), classes="section-title")
                heatmap = Heatmap(id="today-heatmap")
                heatmap.set_reactive(Heatmap.min_cell_width, 2)
                yield heatmap
                yield Label(Content("Today's wins"), classes="section-title")
                yield WinList(id="today-wins")
                yield Label(Content("Journal"), classes="section-title")
                yield Static(id="today-note", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        # Before DashboardScreen.on_mount (next in the MRO) draws and mounts the rows: the focus
        # restyles the list while it is empty. Textual's own first focus went to the scrolling
        # body, then to the list and its rows, restyling both (~15 ms of the first paint).
        goal_list = self.query_one("#today-goals", ListView)
        goal_list.has_focus = True  # (as Textual's auto focus does: the styles follow at once)
        self.set_focus(goal_list, scroll_visible=False)

    # --- drawing ------------------------------------------------------------------------------

    def _set(self, selector: str, content: Content) -> None:
        """Show `content` in a label unless it shows it already (an update lays out again)."""
        if self._texts.get(selector) != content:
            self._texts[selector] = content
            update_in_place(self.query_one(selector, Static), content)

    def show(self, snapshot: Snapshot, today: Date) -> None:
        overall = overall_stats(snapshot, today)
        self._set("#today-date", Content(wording.day_long(today)))
        all_done = overall.due_today > 0 and overall.done_today >= overall.due_today
        prompt = (
            "All done for today. Enjoy the rest of it."
            if all_done
            else "What's one small win you can create today?"
        )
        self._prompt = Content(prompt)
        if self._cheer_timer is None:
            self._set("#today-prompt", self._prompt)
        self._set("#today-summary", self._summary(overall.done_today, overall.due_today))
        goals = snapshot.active_goals()
        self._show_goals(goal_views(snapshot, today, goals))
        self._set(
            "#today-empty",
            Content(
                ""
                if goals
                else "No goals yet. Press g then a to add one — or w to log any small win."
            ),
        )
        week_start = snapshot.settings.week_start
        start, end = last_weeks(today, RECENT_WEEKS, week_start)
        # From the day index, like the wins below: a redraw must not go over every win.
        self.query_one(Heatmap).data = snapshot_heatmap(
            snapshot, start, end, today, week_start=week_start
        )
        self._show_wins(snapshot, today)
        note = day_record(snapshot, today).note
        self._set(
            "#today-note",
            Content(note)
            if note
            else Content.styled("Nothing yet. Press n to write a line.", "$text-muted"),
        )

    @staticmethod
    def _summary(done: int, due: int) -> Content:
        if not due:
            return Content("Nothing scheduled today. A free small win still counts.")
        fraction = done / due
        return Content.assemble(
            f"{done} of {due} goals done today  ",
            (wording.bar(fraction), "$success"),
            f"  {wording.percent(fraction)}",
        )

    def _show_goals(self, views: tuple[GoalView, ...]) -> None:
        goal_list = self.query_one("#today-goals", ListView)
        goal_list.display = bool(views)
        same_goals = [v.goal_id for v in views] == [v.goal_id for v in self._views]
        self._views = views
        if same_goals:
            rows = (child for child in goal_list.children if isinstance(child, GoalRow))
            for row, view in zip(rows, views, strict=False):
                row.show(view)
        elif not self._rows_mounted:
            # The first draw: nothing to remove, so the rows are mounted now, with the screen,
            # and its first frame shows them (a worker's rows came a frame or two later).
            goal_list.extend(GoalRow(view) for view in views)
            goal_list.index = 0 if views else None
        else:
            self.run_worker(self._rebuild_goals(views), group="today-goals", exclusive=True)
        self._rows_mounted = True

    async def _rebuild_goals(self, views: tuple[GoalView, ...]) -> None:
        """New rows for a new set of goals, keeping the highlight on the same goal."""
        goal_list = self.query_one("#today-goals", ListView)
        selected = self._selected_id
        await goal_list.clear()
        await goal_list.extend(GoalRow(view) for view in views)
        ids = [v.goal_id for v in views]
        goal_list.index = ids.index(selected) if selected in ids else (0 if ids else None)

    def _show_wins(self, snapshot: Snapshot, today: Date) -> None:
        wins = sorted(wins_on(snapshot, today), key=lambda w: w.at, reverse=True)
        now = self.dashboard.clock.now()
        lines = [(win_title(win, snapshot), wording.ago(win.at, now)) for win in wins[:WINS_SHOWN]]
        more = len(wins) - len(lines)
        self.query_one(WinList).show(
            lines,
            f"and {more:,} more today (History has them all)" if more else "",
            empty="No wins yet today. Any small step counts.",
        )

    def cheer(self, message: str) -> None:
        """Say a few kind words about a win in place of the prompt, for `CHEER_SECONDS`.

        The prompt's line, right above the goals, is where the eye already is; a toast would
        be mounted (and the screen laid out again) for every win, and once more as it goes.
        """
        if self._cheer_timer is not None:
            self._cheer_timer.stop()
        self.query_one("#today-prompt").add_class("-cheer")
        self._set("#today-prompt", Content.assemble("★ ", message))
        self._cheer_timer = self.set_timer(CHEER_SECONDS, self._end_cheer)

    def _end_cheer(self) -> None:
        self._cheer_timer = None
        self.query_one("#today-prompt").remove_class("-cheer")
        self._set("#today-prompt", self._prompt)

    # --- the selected goal ----------------------------------------------------------------------

    def selected_goal_id(self) -> str | None:
        """The id of the highlighted goal, if any."""
        item = self.query_one("#today-goals", ListView).highlighted_child
        return item.view.goal_id if isinstance(item, GoalRow) else None

    def _selected_goal(self) -> Goal | None:
        goal_id = self.selected_goal_id()
        return self.dashboard.snapshot.goal(goal_id) if goal_id else None

    @on(ListView.Highlighted, "#today-goals")
    def _keep_in_view(self, event: ListView.Highlighted) -> None:
        if isinstance(event.item, GoalRow):
            self._selected_id = event.item.view.goal_id
            event.item.scroll_visible(animate=False)

    @on(ListView.Selected, "#today-goals")
    def _selected(self) -> None:
        self.action_check_in()

    # --- actions ------------------------------------------------------------------------------

    def _write(self, make: Callable[[Snapshot, Date, DateTime], Change]) -> None:
        self.dashboard.apply(make, done=self._undo.append)

    def action_move(self, step: int) -> None:
        """Move the highlight (j/k)."""
        goal_list = self.query_one("#today-goals", ListView)
        goal_list.action_cursor_down() if step > 0 else goal_list.action_cursor_up()

    def action_check_in(self) -> None:
        """Done / not done for the selected goal."""
        goal = self._selected_goal()
        if goal is None:
            return
        view = next((v for v in self._views if v.goal_id == goal.id), None)
        done = view is not None and view.state == "done"

        def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
            return toggle_done(snapshot, goal, today=today, now=now, done=not done)

        self._write(make)

    def action_step(self, direction: int) -> None:
        """A count goal up or down by one step."""
        goal = self._selected_goal()
        if goal is None:
            return
        if not goal.is_count:
            if direction > 0:
                self.action_check_in()
            return
        delta = direction * count_step(goal)

        def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
            return adjust_today(snapshot, goal, delta=delta, today=today, now=now)

        self._write(make)

    def action_amount(self) -> None:
        """Type an exact amount for the selected count goal."""
        goal = self._selected_goal()
        if goal is None:
            return
        if not goal.is_count:
            self.notify("That goal is done-or-not: press space.", markup=False)
            return

        def chosen(amount: float | None) -> None:
            if amount is None:
                return

            def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
                win = new_win(snapshot, now=now, today=today, goal=goal, amount=amount)
                return Change((win,), label=f"{goal.title} +{wording.number(amount)}")

            self._write(make)

        self.app.push_screen(AmountScreen(goal.title, goal.unit), chosen)

    def action_win(self) -> None:
        """Log a free-standing small win."""

        def logged(text: str | None) -> None:
            if text is not None:
                self.dashboard.log_free_win(text, done=self._undo.append)

        self.app.push_screen(LogWinScreen(), logged)

    def action_note(self) -> None:
        """Write today's journal note."""
        today = self.dashboard.today
        current = self.dashboard.snapshot.day(today).note

        def written(text: str | None) -> None:
            if text is None:
                return

            def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
                day = set_note(snapshot, day=today, text=text, today=today, now=now)
                return Change((day,), label="journal note")

            self._write(make)

        self.app.push_screen(NoteScreen(today, current), written)

    def action_rest(self) -> None:
        """Rest day for the selected goal (or back to a normal day)."""
        goal = self._selected_goal()
        if goal is not None:
            self._toggle_rest(goal.id)

    def action_rest_day(self) -> None:
        """Rest day for every goal (or back to a normal day)."""
        self._toggle_rest(None)

    def _toggle_rest(self, goal_id: str | None) -> None:
        def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
            resting = snapshot.day(today).rests(goal_id) if goal_id else snapshot.day(today).rest
            if goal_id and snapshot.day(today).rest:
                raise ValidationError("today is a rest day for every goal (R to undo it)")
            day = set_rest(
                snapshot, day=today, today=today, now=now, rest=not resting, goal_id=goal_id
            )
            return Change((day,), label="rest day" if not resting else "back to a normal day")

        self._write(make)
