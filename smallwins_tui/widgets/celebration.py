"""The big stage: a centred message for streaks, milestones, targets and comebacks.

It floats over the screen without taking the keyboard: the next key both closes it and
does what it always does, so a celebration never swallows a keypress.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle, Vertical
from textual.content import Content
from textual.widgets import Label, Static

from ..domain.celebrate import Celebration, Moment

SHOW_SECONDS = 4.0
"""How long the message stays before it fades by itself."""

HEADLINES = {
    Moment.FIRST: "★  Your first small win  ★",
    Moment.COMEBACK: "☀  Welcome back  ☀",
    Moment.STREAK: "★  Streak  ★",
    Moment.MILESTONE: "◆  Milestone  ◆",
    Moment.TOTAL: "★ ★ ★  Target reached  ★ ★ ★",
    Moment.WIN: "★",
}


class CelebrationBanner(Middle):
    """A big moment, centred on an overlay layer; fades after a few seconds."""

    DEFAULT_CSS = """
    CelebrationBanner {
        layer: celebration;
        width: 1fr;
        height: 1fr;
        background: transparent;
        & Center { height: auto; }
        & Vertical {
            width: 56;
            max-width: 95%;
            height: auto;
            padding: 1 3;
            background: $panel;
            border: double $success;
        }
        & .celebration-headline {
            width: 1fr;
            text-align: center;
            text-style: bold;
            color: $success;
            margin-bottom: 1;
        }
        & .celebration-message { width: 1fr; text-align: center; }
        & .celebration-hint { width: 1fr; text-align: center; color: $text-muted; margin-top: 1; }
    }
    """

    def __init__(self, celebration: Celebration, *, seconds: float = SHOW_SECONDS) -> None:
        super().__init__()
        self.celebration = celebration
        """The moment being celebrated."""
        self._seconds = seconds

    def compose(self) -> ComposeResult:
        with Center(), Vertical():
            yield Label(Content(HEADLINES[self.celebration.moment]), classes="celebration-headline")
            yield Static(self.celebration.message, markup=False, classes="celebration-message")
            yield Label(Content("any key to continue"), classes="celebration-hint")

    def on_mount(self) -> None:
        self.set_timer(self._seconds, self.fade)

    def fade(self) -> None:
        """Fade out, then go."""
        if self.is_attached:
            self.styles.animate("opacity", 0.0, duration=0.4, on_complete=self.close)

    def close(self) -> None:
        """Go at once."""
        if self.is_attached:
            self.remove()

    def on_click(self) -> None:
        self.close()
