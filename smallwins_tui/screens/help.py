"""Every key, screen by screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("1 / t", "Today"),
            ("2 / g", "Goals"),
            ("3 / h", "History"),
            ("ctrl+p", "command palette: log a win, add a goal, jump to a date, theme"),
            ("?", "this help"),
            ("q", "quit"),
        ),
    ),
    (
        "Today",
        (
            ("↑ ↓ / j k", "move between goals"),
            ("space / enter", "done / not done (a count goal: reach its target)"),
            ("+ / -", "a count goal up or down by one step"),
            ("a", "add an exact amount to a count goal"),
            ("w", "log a free-standing small win"),
            ("n", "write today's journal note"),
            ("r", "rest day for the selected goal (R: for every goal)"),
            ("u", "undo the last change made here"),
        ),
    ),
    (
        "Goals",
        (
            ("↑ ↓", "move in the tree"),
            ("a / e, enter", "add / edit a goal"),
            ("m", "add a micro-goal to the selected goal"),
            ("M", "milestones: add one, mark one reached"),
            ("x", "archive or bring back"),
            ("d", "delete (asks first)"),
            ("J / K", "move down / up among its siblings"),
            ("A", "show / hide archived goals"),
            ("u", "undo the last change made here"),
        ),
    ),
    (
        "History",
        (
            ("← → ↑ ↓", "move the cursor by week / day"),
            ("[ / ]", "previous / next year"),
            ("f", "goal filter"),
            ("/", "search the journal"),
            ("home", "back to today"),
            ("pageup / pagedown", "scroll the panels"),
        ),
    ),
)


class HelpScreen(ModalScreen[None]):
    """The keys of every screen; escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background 60%;
        & > VerticalScroll {
            width: 72;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            padding: 0 2;
            background: $panel;
            border: round $accent;
            border-title-color: $accent;
        }
        & .help-section { text-style: bold; color: $accent; margin-top: 1; }
        & .help-row { height: auto; }
        & .help-key { width: 18; color: $text; text-style: bold; }
        & .help-text { width: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            for section, keys in KEYS:
                yield Label(Content(section), classes="help-section")
                for key, text in keys:
                    with Horizontal(classes="help-row"):
                        yield Label(Content(key), classes="help-key")
                        yield Label(Content(text), classes="help-text")

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss()
