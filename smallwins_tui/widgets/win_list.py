"""Today's newest wins, one line each with how long ago, and a line counting the rest."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

WHEN_WIDTH = 14
"""Cells of the right-aligned time column: "59 minutes ago", the longest a win of today reads."""


class WinList(Widget):
    """The lines of today's wins: "★ title ... 5 minutes ago", newest first.

    One widget that draws every line itself: a new win shifts each line down, and a widget
    per line (and per column) made each key press redraw some twenty widgets.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"win-list--muted", "win-list--success"}
    DEFAULT_CSS = """
    WinList {
        height: auto;
        & > .win-list--muted { color: $text-muted; }
        & > .win-list--success { color: $success; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # No links in it: Textual would otherwise look for one in every segment of every line
        # drawn (a sixth of drawing nine lines).
        self.set_reactive(Widget.auto_links, False)
        self._wins: tuple[tuple[str, str], ...] = ()
        self._more = ""
        self._empty = ""

    def show(self, wins: list[tuple[str, str]], more: str, *, empty: str) -> None:
        """Show `wins` as (title, how long ago) lines, then `more` (unless ""); `empty` when
        there is no win. A new layout only if the number of lines changes."""
        new = (tuple(wins), more, empty)
        if new == (self._wins, self._more, self._empty):
            return
        lines = self._line_count()
        self._wins, self._more, self._empty = new
        self.refresh(layout=self._line_count() != lines)

    def lines(self) -> list[str]:
        """The text of each line as drawn, without its trailing spaces."""
        return [line.plain.rstrip() for line in self.render().split("\n")]

    def titles(self) -> list[str]:
        """The wins' lines as drawn, less the time column."""
        return [line[: -WHEN_WIDTH - 1].rstrip() for line in self.lines()[: len(self._wins)]]

    def _line_count(self) -> int:
        return max(1, len(self._wins)) + bool(self._more)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._line_count()

    def render(self) -> Content:
        width = self.content_size.width
        muted = self.get_visual_style("win-list--muted", partial=True)
        success = self.get_visual_style("win-list--success", partial=True)
        room = max(0, width - WHEN_WIDTH - 1)
        lines = [
            Content.assemble(
                Content.assemble(("★ ", success), title).truncate(room, ellipsis=True, pad=True),
                " ",
                Content.styled(when, muted).right(WHEN_WIDTH),
            )
            for title, when in self._wins
        ]
        if not lines:
            lines.append(Content.styled(self._empty, muted).truncate(width, ellipsis=True))
        if self._more:
            lines.append(Content.styled(self._more, muted).truncate(width, ellipsis=True))
        return Content("\n").join(lines)
