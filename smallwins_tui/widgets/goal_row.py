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
        self._drawn: GoalView | None = None
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
        """Show new values for the same goal, touching only the parts that changed.

        Every update of a label lays the screen out again; on a new win only one row changes.
        """
        old, self.view = self._drawn, view
        if old == view:
            return
        self._drawn = view
        if old is None or old.depth != view.depth:
            self._mark.styles.width = 2 + 2 * view.depth
            self._mark.styles.padding = (0, 0, 0, 2 * view.depth)
            self._detail.styles.padding = (0, 0, 0, 2 + 2 * view.depth)
        for label, name, fixed in (
            (self._mark, "mark", True),
            (self._title, "title", True),
            (self._amount, "amount", False),
            (self._bar, "bar", False),
            (self._streak, "streak", True),
            (self._detail, "detail", True),
        ):
            text: str = getattr(view, name)
            before: str | None = getattr(old, name) if old is not None else None
            if before != text:
                # One-line labels of a set width need no layout; `auto` ones do if they grow.
                content = Content(text)
                same_size = fixed or (
                    before is not None and Content(before).cell_length == content.cell_length
                )
                label.update(content, layout=old is None or not same_size)
        if old is None or bool(old.detail) != bool(view.detail):
            self._detail.set_class(not view.detail, "-empty")
        if old is None or old.state != view.state:
            # Each restyle costs a pass over the stylesheet: swap the classes, restyle once.
            self.remove_class("-done", "-open", "-rest", "-off", update=False)
            self.add_class(f"-{view.state}")
