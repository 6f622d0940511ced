"""What the three dashboard screens share: the header, the footer and following the store."""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, cast

from pendulum import Date
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from .. import wording
from ..domain.models import Snapshot
from ..domain.rules import overall_stats
from ..widgets.header import AppHeader

if TYPE_CHECKING:
    from ..app import SmallWinsApp


class DashboardScreen(Screen[None]):
    """A screen that redraws whenever the store or the day changes."""

    MODE = ""
    """The mode name this screen is shown under."""

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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._shown: tuple[Snapshot, Date, float] | None = None
        self.watch(self.app, "snapshot", self._snapshot_changed, init=False)
        self._snapshot_changed(self.dashboard.snapshot)

    def on_screen_resume(self) -> None:
        self._follow(self.dashboard.snapshot, again=False)

    def _snapshot_changed(self, snapshot: Snapshot) -> None:
        self._follow(snapshot, again=True)

    def _follow(self, snapshot: Snapshot, *, again: bool) -> None:
        if not self.is_current:
            return  # redrawn on resume
        today = self.dashboard.today
        shown, now = self._shown, monotonic()
        if (
            not again
            and shown
            and shown[0] is snapshot
            and shown[1] == today
            and now - shown[2] < 1
        ):
            # The screen was just drawn from this very snapshot (mounting resumes it too).
            return
        self._shown = (snapshot, today, now)
        self.query_one(AppHeader).summary = header_summary(snapshot, today)
        self.show(snapshot, today)

    def show(self, snapshot: Snapshot, today: Date) -> None:
        """Redraw from the store's latest state; every screen implements it."""
        raise NotImplementedError


def header_summary(snapshot: Snapshot, today: Date) -> tuple[str, ...]:
    """("Tue 24 Nov", "4 wins", "12-day streak")."""
    stats = overall_stats(snapshot, today)
    return (
        today.format("ddd D MMM"),
        wording.plural(stats.wins_today, "win"),
        wording.streak(stats.streak),
    )
