"""Shown instead of the dashboard when the store cannot be read; the file is left as it was."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from ..store import StoreError
from ..widgets.footer import KeysFooter


class StoreErrorScreen(Screen[None]):
    """Names the file and the problem, promises nothing was touched, offers a way out."""

    DEFAULT_CSS = """
    StoreErrorScreen {
        align: center middle;
        & > Vertical {
            width: 76;
            max-width: 100%;
            height: auto;
            padding: 1 2;
            border: round $error;
        }
        & .error-title { text-style: bold; color: $error; margin-bottom: 1; }
        & .error-hint { color: $text-muted; margin-top: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "leave", "quit")]

    def __init__(self, error: StoreError) -> None:
        super().__init__()
        self.error = error
        """What went wrong."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("smallwins cannot open your store"), classes="error-title")
            yield Static(str(self.error.path), markup=False, id="error-path")
            yield Static(self.error.problem, markup=False, id="error-problem")
            yield Static(
                "The file was not changed. Fix or move it and start smallwins again, "
                "or open another store with --db PATH.",
                markup=False,
                classes="error-hint",
            )
        yield KeysFooter(compact=True)

    def action_leave(self) -> None:
        """Quit with exit status 1: the store could not be opened."""
        self.app.exit(return_code=1)
