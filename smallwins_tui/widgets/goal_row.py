"""One goal on the Today screen: its mark, title, today's amount, a small bar and the streak."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ListItem


@dataclass(frozen=True, slots=True)
class GoalView:
    """What a row shows, already worded by the screen."""

    goal_id: str
    title: str
    depth: int
    mark: str
    """✔ done, ○ open, ☾ resting, · not due today."""
    state: str
    """done, open, rest or off: a CSS class for the row."""
    amount: str = ""
    """ "120 / 200 words" for count goals."""
    bar: str = ""
    streak: str = ""
    """ "12d", "3w" or ""."""
    detail: str = ""
    """The dim second line: identity, anchor, the tiny version after a miss."""


class GoalRow(ListItem):
    """A goal in the Today list; the screen updates it in place as the store changes."""

    DEFAULT_CSS = """
    GoalRow {
        height: auto;
        padding: 0 1;
        & Horizontal { height: 1; }
        & .goal-mark { width: 2; }
        & .goal-title { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
        & .goal-amount { width: auto; margin-left: 1; color: $text-muted; }
        & .goal-bar { width: auto; margin-left: 1; color: $success; }
        & .goal-streak { width: 5; text-align: right; color: $text-muted; }
        & .goal-detail {
            color: $text-muted;
            padding-left: 2;
            width: 1fr;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & .goal-detail.-empty { display: none; }
        &.-done .goal-mark { color: $success; }
        &.-done .goal-title { color: $text; }
        &.-rest .goal-mark, &.-off .goal-mark { color: $text-muted; }
        &.-off .goal-title { color: $text-muted; }
    }
    """

    def __init__(self, view: GoalView) -> None:
        super().__init__()
        self.view = view
        """What the row shows now."""
        self._mark = Label(classes="goal-mark")
        self._title = Label(classes="goal-title")
        self._amount = Label(classes="goal-amount")
        self._bar = Label(classes="goal-bar")
        self._streak = Label(classes="goal-streak")
        self._detail = Label(classes="goal-detail")
        self.show(view)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield self._mark
            yield self._title
            yield self._amount
            yield self._bar
            yield self._streak
        yield self._detail

    def show(self, view: GoalView) -> None:
        """Show new values for the same goal."""
        self.view = view
        self._mark.update(Content(view.mark))
        self._mark.styles.width = 2 + 2 * view.depth
        self._mark.styles.padding = (0, 0, 0, 2 * view.depth)
        self._title.update(Content(view.title))
        self._amount.update(Content(view.amount))
        self._bar.update(Content(view.bar))
        self._streak.update(Content(view.streak))
        self._detail.update(Content(view.detail))
        self._detail.set_class(not view.detail, "-empty")
        self._detail.styles.padding = (0, 0, 0, 2 + 2 * view.depth)
        for state in ("done", "open", "rest", "off"):
            self.set_class(view.state == state, f"-{state}")
