"""History: a year of wins as a heatmap, the selected day, how far you've come, the journal."""

from __future__ import annotations

import heapq
from typing import ClassVar

import pendulum
from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from .. import wording
from ..domain.days import busiest_days, day_record, first_days, first_year, wins_on
from ..domain.heatmap import HeatmapData, snapshot_heatmap, year_range
from ..domain.models import Snapshot
from ..widgets.heatmap import Heatmap
from ..widgets.history_panels import DayDetail, DayPanel, ProgressPanel
from ..widgets.journal import Journal
from ..widgets.text import shown_height
from .base import DashboardScreen

TALL_DAYS = 4
"""Days measured for the room the day panel keeps: this many of the busiest, and as many of
the longest notes (the tallest day is almost always one of them)."""


class HistoryIndex:
    """What History shows of one snapshot, gathered once per snapshot.

    Wins are read through the snapshot's day index (`domain.days`): a year's heatmap is
    computed from its days, once per year, goal filter and day, so a ten-year store stays fast.
    """

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        """The store state this index was built from."""
        self.first_days = first_days(snapshot)
        """The day of each goal's first win."""
        self.notes: tuple[tuple[Date, str], ...] = tuple(
            sorted(((d.date, d.note) for d in snapshot.days if d.note), reverse=True)
        )
        """(day, note) pairs, newest first."""
        self.first_year = first_year(snapshot)
        self._maps: dict[tuple[int, str | None, Date], HeatmapData] = {}
        self.tallest: dict[tuple[str | None, Date, int], int] = {}
        """The height of the tallest day in the day panel, by filter, day and width."""

    def heatmap(self, year: int, goal_id: str | None, today: Date) -> HeatmapData:
        """The heatmap of `year` (one goal's wins, or all for None), computed once."""
        key = (year, goal_id, today)
        if key not in self._maps:
            start, end = year_range(year)
            week_start = self.snapshot.settings.week_start
            self._maps[key] = snapshot_heatmap(
                self.snapshot, start, end, today, goal_id=goal_id, week_start=week_start
            )
        return self._maps[key]

    def tall_days(self, goal_id: str | None) -> set[Date]:
        """The days likely to need the most lines in the day panel: the busiest (counting one
        goal's wins, or all), and those with the longest notes."""
        notes = heapq.nlargest(TALL_DAYS, self.notes, key=lambda note: len(note[1]))
        return {*busiest_days(self.snapshot, TALL_DAYS, goal_id), *(day for day, _ in notes)}

    def detail(self, day: Date, today: Date, goal_id: str | None = None) -> DayDetail:
        """Everything about `day`: its wins (of one goal, if given) in the order logged, rest,
        pauses and note."""
        wins = sorted(
            (w for w in wins_on(self.snapshot, day) if goal_id is None or w.goal_id == goal_id),
            key=lambda w: w.at,
        )
        pauses = [p for p in self.snapshot.pauses if p.covers(day)]
        return DayDetail(day, today, wins, day_record(self.snapshot, day), pauses)


def same_day_in(day: Date, year: int) -> Date:
    """`day` moved to `year` (29 February becomes the 28th)."""
    last = pendulum.date(year, day.month, 1).days_in_month
    return pendulum.date(year, day.month, min(day.day, last))


class HistoryScreen(DashboardScreen):
    """A year of wins at a glance, any day in detail, and the journal."""

    MODE = "history"
    AUTO_FOCUS = "#history-map"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual's own type is a list)
        (0, "-narrow"),
        (76, "-medium"),
        (150, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "year(-1)", "year before", show=False),
        Binding("right_square_bracket", "year(1)", "year", key_display="[ ]"),
        Binding("f", "filter", "goal"),
        Binding("slash", "search", "search"),
        Binding("home", "today", "today"),
        Binding("escape", "back_to_map", "heatmap"),
        Binding("pageup", "page(-1)", "scroll up", show=False),
        Binding("pagedown", "page(1)", "scroll down", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._index: HistoryIndex | None = None
        self._today: Date | None = None
        self._progress_for: tuple[Snapshot, str | None, Date] | None = None
        self._day_shown: tuple[Date, HistoryIndex, str | None, Date] | None = None
        self.year: int | None = None
        """The year the heatmap shows."""
        self.goal_id: str | None = None
        """The goal the heatmap counts, or None for every win."""

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(id="history-top", markup=False)
        yield Heatmap(cursor=self.dashboard.today, id="history-map")
        with VerticalScroll(id="history-body") as body:
            body.can_focus = False
            with Container(id="history-panels"):
                yield DayPanel(id="history-day", markup=False)
                yield ProgressPanel(id="history-progress", markup=False)
                yield Journal(id="history-journal")
        yield from self.compose_footer()

    @property
    def heatmap(self) -> Heatmap:
        """The year's heatmap."""
        return self.query_one("#history-map", Heatmap)

    @property
    def index(self) -> HistoryIndex:
        """The index of the snapshot shown."""
        if self._index is None or self._index.snapshot is not self.dashboard.snapshot:
            self._index = HistoryIndex(self.dashboard.snapshot)
        return self._index

    @property
    def today(self) -> Date:
        """The day the screen was last drawn for."""
        return self._today or self.dashboard.today

    @property
    def selected_day(self) -> Date | None:
        """The day under the cursor."""
        return self.heatmap.cursor

    # --- following the store ------------------------------------------------------------------

    def show(self, snapshot: Snapshot, today: Date) -> None:
        """Redraw for a new snapshot or a new day, keeping the year, filter and cursor."""
        cursor = self.heatmap.cursor
        if self._index is None or self._index.snapshot is not snapshot or today != self._today:
            self.query_one(DayPanel).keep_room(0)  # (not each minute: the same day stays drawn)
        if self._today is not None and today != self._today and cursor == self._today:
            cursor = today  # the cursor was on today: it follows the day rolling over
            self.year = today.year
        self._today = today
        if self.year is None:
            self.year = today.year
        if self.goal_id is not None and all(g.id != self.goal_id for g in snapshot.active_goals()):
            self.goal_id = None
        self._redraw(cursor)
        self.query_one(Journal).show_entries(self.index.notes)

    def _redraw(self, cursor: Date | None) -> None:
        year = self.year or self.today.year
        data = self.index.heatmap(year, self.goal_id, self.today)
        self.heatmap.show_data(data, cursor)
        self._show_top(data)
        self._show_progress()
        self._show_day(self.heatmap.cursor)

    def _show_top(self, data: HeatmapData) -> None:
        goal = self.dashboard.snapshot.goal(self.goal_id) if self.goal_id else None
        wins = sum(data.counts.values())
        days = sum(1 for count in data.counts.values() if count)
        # The goal's title goes last, so a narrow pane cuts the title rather than the numbers.
        top = Content.assemble(
            (str(data.start.year), "bold $accent"),
            (
                f"  ·  {wording.plural(wins, 'win')} on {wording.plural(days, 'day')}  ·  ",
                "$text-muted",
            ),
            (goal.title, "bold") if goal else "all goals",
        )
        self.query_one("#history-top", Static).update(top, layout=False)  # one line, always

    def _show_progress(self) -> None:
        snapshot, today = self.dashboard.snapshot, self.today
        drawn = self._progress_for
        if drawn is not None and drawn[0] is snapshot and drawn[1:] == (self.goal_id, today):
            return  # the walks over every day are not repeated for a year switch
        self._progress_for = (snapshot, self.goal_id, today)
        goal = snapshot.goal(self.goal_id) if self.goal_id else None
        panel = self.query_one(ProgressPanel)
        panel.show_progress(snapshot, today, goal, self.index.first_days)

    def _show_day(self, day: Date | None) -> None:
        # A redraw moves the cursor (the watcher shows the day) and shows the day itself.
        if day is None:
            return
        shown = (day, self.index, self.goal_id, self.today)
        if shown == self._day_shown:
            return
        self._day_shown = shown
        detail = self.index.detail(day, self.today, self.goal_id)
        self.query_one(DayPanel).show_day(detail, self.index.snapshot, room=self._day_room())

    def _day_room(self) -> int:
        """The lines the day panel takes whatever the day, so that browsing moves nothing.

        When it shares a row with the progress panel (medium and wide panes): as tall as that
        panel, or as the journal's tallest day if taller, up to half a pane more (a day taller
        still grows the panel when shown). Else none: the panel follows each day.
        """
        if not (self.has_class("-medium") or self.has_class("-wide")):
            return 0
        progress = shown_height(self.query_one(ProgressPanel))
        spare = self.query_one("#history-body").size.height // 2
        return max(progress, min(self._tallest_day(), progress + spare))

    def _tallest_day(self) -> int:
        """The height of the journal's tallest day at the day panel's width, measured once per
        snapshot (kept by its index), filter, day and width."""
        index, panel = self.index, self.query_one(DayPanel)
        key = (self.goal_id, self.today, panel.content_size.width)
        if key not in index.tallest:
            days = index.tall_days(self.goal_id)
            details = (index.detail(day, self.today, self.goal_id) for day in days)
            index.tallest[key] = max(
                (panel.height_of(detail, index.snapshot) for detail in details), default=0
            )
        return index.tallest[key]

    def on_resize(self) -> None:
        # The panels change width (and the progress panel maybe its height) after this.
        self.call_after_refresh(self._fit_day_panel)

    def on_screen_resume(self) -> None:
        # DashboardScreen.on_screen_resume runs too, and redraws if anything changed.
        self._fit_day_panel()

    def _fit_day_panel(self) -> None:
        self.query_one(DayPanel).keep_room(self._day_room())

    def on_mount(self) -> None:
        # DashboardScreen.on_mount runs too. The day panel follows the cursor in the same call
        # as the key that moved it (not a message later), so both show in one frame.
        self.watch(self.heatmap, "cursor", self._show_day, init=False)

    @on(Journal.DayChosen)
    def _note_chosen(self, event: Journal.DayChosen) -> None:
        self.show_day(event.day)

    # --- actions ------------------------------------------------------------------------------

    def show_day(self, day: Date) -> None:
        """Put the cursor on `day` (no later than today), showing its year."""
        day = min(day, self.today)
        self.year = day.year
        self._redraw(day)
        self.heatmap.focus()

    def action_year(self, step: int) -> None:
        """Show the year before or after, the cursor on the same date."""
        today, year = self.today, (self.year or self.today.year) + step
        first = min(self.index.first_year or today.year, today.year)
        if not first <= year <= today.year:
            self.app.bell()
            return
        cursor = self.heatmap.cursor or today
        self.year = year
        self._redraw(same_day_in(cursor, year))

    def action_filter(self) -> None:
        """Count every goal, then each active goal in turn, then every goal again."""
        ids: list[str | None] = [None, *(g.id for g in self.dashboard.snapshot.active_goals())]
        at = ids.index(self.goal_id) if self.goal_id in ids else 0
        goal_id = ids[(at + 1) % len(ids)]
        if goal_id == self.goal_id:
            return  # no goal to count apart: nothing changes
        self.goal_id = goal_id
        self.query_one(DayPanel).keep_room(0)  # the progress panel beside it changes
        self._redraw(self.heatmap.cursor)

    def action_search(self) -> None:
        """Search the journal."""
        self.query_one(Journal).focus_search()

    def action_today(self) -> None:
        """Put the cursor back on today."""
        self.show_day(self.today)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape leads back to the heatmap only from elsewhere."""
        if action == "back_to_map":
            return not self.heatmap.has_focus
        return True

    def action_back_to_map(self) -> None:
        """Leave the search and go back to the heatmap."""
        self.heatmap.focus()

    def action_page(self, step: int) -> None:
        """Scroll the panels below the heatmap by a page."""
        body = self.query_one("#history-body", VerticalScroll)
        if step < 0:
            body.scroll_page_up()
        else:
            body.scroll_page_down()
