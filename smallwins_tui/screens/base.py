"""What the three dashboard screens share: the header, the footer and following the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from pendulum import Date, DateTime
from textual.app import ComposeResult
from textual.screen import Screen

from .. import wording
from ..domain.changes import Change, undo_problem
from ..domain.models import Snapshot, ValidationError
from ..domain.rules import overall_stats
from ..widgets.footer import KeysFooter
from ..widgets.header import AppHeader

if TYPE_CHECKING:
    from ..app import SmallWinsApp


class DashboardScreen(Screen[None]):
    """A screen that redraws whenever the store or the day changes."""

    MODE = ""
    """The mode name this screen is shown under."""
    DRAWS_FIRST_LOOK = False
    """Whether `show` can draw an incomplete snapshot (the quick first look at a large store,
    whose history-wide figures are not to be shown); other screens wait for the whole one."""

    def __init__(self) -> None:
        super().__init__()
        self._undo: list[Change] = []
        """The inverse of each change made on this screen, the last one last (`u`)."""

    @property
    def dashboard(self) -> SmallWinsApp:
        """The app, typed."""
        from ..app import SmallWinsApp

        return cast(SmallWinsApp, self.app)

    def compose_header(self) -> ComposeResult:
        """The header line; screens yield it first in `compose`."""
        yield AppHeader(self.MODE)

    def compose_footer(self) -> ComposeResult:
        """The footer with this screen's keys; screens yield it last."""
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self._drawn: tuple[Snapshot, Date, int] | None = None
        self.watch(self.app, "snapshot", self._snapshot_changed, init=False)
        self._snapshot_changed(self.dashboard.snapshot)

    def on_screen_resume(self) -> None:
        self._snapshot_changed(self.dashboard.snapshot)

    def _snapshot_changed(self, snapshot: Snapshot) -> None:
        if not self.is_current:
            return  # redrawn on resume
        if not snapshot.complete and not self.DRAWS_FIRST_LOOK:
            return  # drawn when the whole journal is read, a moment later
        today = self.dashboard.today
        # What a draw depends on: the snapshot, the day, and the minute ("5 minutes ago").
        # Mounting resumes the screen too, and each draw computes every goal's statistics.
        key = (snapshot, today, int(self.dashboard.clock.now().timestamp() // 60))
        drawn = self._drawn
        if drawn is not None and drawn[0] is snapshot and drawn[1:] == key[1:]:
            return
        self._drawn = key
        self.query_one(AppHeader).summary = header_summary(snapshot, today)
        self.show(snapshot, today)

    def show(self, snapshot: Snapshot, today: Date) -> None:
        """Redraw from the store's latest state; every screen implements it."""
        raise NotImplementedError

    def action_undo(self) -> None:
        """Undo the last change made on this screen (the screens that write bind it to `u`)."""
        if not self._undo:
            self.notify("Nothing to undo.", markup=False)
            return
        inverse = self._undo.pop()

        def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
            # Against the file as it is now: an undo never writes over a newer change.
            problem = undo_problem(inverse, snapshot)
            if problem is not None:
                raise ValidationError(problem)
            return inverse

        def done(_: Change) -> None:
            self.notify(f"Undone: {inverse.label}" if inverse.label else "Undone.", markup=False)

        self.dashboard.apply(make, done=done, celebrate=False)


def header_summary(snapshot: Snapshot, today: Date) -> tuple[str, ...]:
    """("Tue 24 Nov", "4 wins", "12-day streak"); the streak only from a complete snapshot."""
    stats = overall_stats(snapshot, today)
    day, wins = today.format("ddd D MMM"), wording.plural(stats.wins_today, "win")
    return (day, wins, wording.streak(stats.streak)) if snapshot.complete else (day, wins)
