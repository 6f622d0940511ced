"""One goal on the Today screen: its mark, title, today's amount, a small bar and the streak."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import ListItem


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


DIM = ("rest", "off")
"""States whose mark is drawn dim."""


class GoalRow(ListItem):
    """A goal in the Today list; the screen updates it in place as the store changes.

    One widget that draws its line (and the dim second line) itself: a Today screen lists
    every goal, and a row of seven small widgets per goal made each layout several times
    slower.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"goal-row--muted", "goal-row--success"}
    DEFAULT_CSS = """
    GoalRow {
        height: auto;
        padding: 0 1;
        & > .goal-row--muted { color: $text-muted; }
        & > .goal-row--success { color: $success; }
    }
    """

    STREAK_WIDTH = 5
    """Cells of the right-aligned streak column ("12d")."""

    def __init__(self, view: GoalView) -> None:
        super().__init__()
        self.set_reactive(Widget.auto_links, False)  # no links: none to look for (see WinList)
        self.view = view
        """What the row shows now."""
        self.add_class(f"-{view.state}")

    def show(self, view: GoalView) -> None:
        """Show new values for the same goal (a new layout only if it gains or loses a line)."""
        old, self.view = self.view, view
        if old == view:
            return
        if old.state != view.state:
            # Each restyle costs a pass over the stylesheet: swap the classes, restyle once.
            self.remove_class("-done", "-open", "-rest", "-off", update=False)
            self.add_class(f"-{view.state}")
        self.refresh(layout=bool(old.detail) != bool(view.detail))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 2 if self.view.detail else 1

    def render(self) -> Content:
        view, width = self.view, self.content_size.width
        muted = self.get_visual_style("goal-row--muted", partial=True)
        success = self.get_visual_style("goal-row--success", partial=True)
        indent = 2 * view.depth
        mark_style = success if view.state == "done" else muted if view.state in DIM else ""
        mark = Content.styled(view.mark, mark_style).truncate(2, pad=True).pad_left(indent)
        right = Content("")
        if view.amount:
            right += Content.styled(f" {view.amount}", muted)
        if view.bar:
            right += Content.styled(f" {view.bar}", success)
        streak = Content.styled(view.streak, muted)
        right += streak.pad_left(max(0, self.STREAK_WIDTH - streak.cell_length))
        room = max(0, width - mark.cell_length - right.cell_length)
        title_style = muted if view.state == "off" else ""
        title = Content.styled(view.title, title_style).truncate(room, ellipsis=True, pad=True)
        line = Content.assemble(mark, title, right)
        if not view.detail:
            return line
        detail = Content.styled(view.detail, muted).pad_left(2 + indent)
        return Content("\n").join([line, detail.truncate(width, ellipsis=True)])
