"""The one-line header: the app's name, the three screens, and today's summary."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

SCREENS = (("today", "Today"), ("goals", "Goals"), ("history", "History"))


class AppHeader(Widget):
    """smallwins ─ Today  Goals  History ............ Tue 24 Nov · 4 wins · 12-day streak"""

    DEFAULT_CSS = """
    AppHeader {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    active: reactive[str] = reactive("today")
    """The screen being shown."""
    summary: reactive[tuple[str, ...]] = reactive(tuple)
    """Today's summary in parts, most important last ("Tue 24 Nov", "4 wins", "12-day streak");
    the header drops parts from the front when the pane is narrow."""

    def __init__(self, active: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(AppHeader.active, active)

    def render(self) -> RenderResult:
        parts: list[Content | tuple[str, str] | str] = [(" smallwins ", "bold $accent"), " "]
        for key, title in SCREENS:
            tab = Content.from_markup(f"[@click=app.show('{key}')]{title}[/]")
            parts += [tab.stylize("bold reverse $accent") if key == self.active else tab, " "]
        left = Content.assemble(*parts)
        room = self.size.width - left.cell_length - 1
        for first in range(len(self.summary)):
            right = Content(" · ".join(self.summary[first:]) + " ")
            if right.cell_length <= room:
                return Content.assemble(left, " " * (room + 1 - right.cell_length), right)
        return left
