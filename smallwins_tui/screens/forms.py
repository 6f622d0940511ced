"""Small keyboard-only modals that ask for one value: a win, a note, an amount, a date."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..domain.clock import parse_date
from ..domain.commands import check_day, parse_amount
from ..domain.models import NOTE_MAX, ValidationError, clean_text

T = TypeVar("T")


class AskScreen(ModalScreen[T | None], Generic[T]):
    """Ask for one value; the domain's message appears under the field until it is right."""

    DEFAULT_CSS = """
    AskScreen {
        align: center middle;
        background: $background 60%;
        & > Vertical {
            width: 64;
            max-width: 95%;
            height: auto;
            padding: 1 2;
            background: $panel;
            border: round $accent;
        }
        & .ask-title { text-style: bold; margin-bottom: 1; }
        & .ask-hint { color: $text-muted; margin-top: 1; }
        & .ask-error { color: $error; height: auto; display: none; }
        & .ask-error.-shown { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(
        self,
        title: str,
        parse: Callable[[str], T],
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "enter to save · escape to cancel",
    ) -> None:
        super().__init__()
        self._title = title
        self._parse = parse
        self._value = value
        self._placeholder = placeholder
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self._title), classes="ask-title")
            yield Input(self._value, placeholder=self._placeholder, select_on_focus=False)
            yield Static("", classes="ask-error", markup=False)
            yield Label(Content(self._hint), classes="ask-hint")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        """Check the value; close with it when the domain accepts it."""
        event.stop()
        if not self.is_active:
            return  # already closed (escape was pressed right after enter)
        error = self.query_one(".ask-error", Static)
        try:
            value = self._parse(event.value)
        except ValidationError as err:
            error.update(str(err))
            error.add_class("-shown")
            return
        self.dismiss(value)

    @on(Input.Changed)
    def clear_error(self) -> None:
        """A new keystroke clears the old complaint."""
        self.query_one(".ask-error", Static).remove_class("-shown")

    def action_cancel(self) -> None:
        """Close without a value."""
        if self.is_active:
            self.dismiss(None)


def _win_text(text: str) -> str:
    return clean_text(text, what="the win", max_len=NOTE_MAX, required=True)


def _note_text(text: str) -> str:
    return clean_text(text, what="note", max_len=NOTE_MAX)


class LogWinScreen(AskScreen[str]):
    """What was the small win?"""

    def __init__(self, title: str = "Log a small win") -> None:
        super().__init__(title, _win_text, placeholder="What did you do? Anything counts.")


class NoteScreen(AskScreen[str]):
    """The day's journal note (empty clears it)."""

    def __init__(self, day: Date, note: str) -> None:
        super().__init__(
            f"Journal · {day.format('dddd D MMMM')}",
            _note_text,
            value=note.replace("\n", " "),
            placeholder="How did today go?",
            hint="enter to save · an empty note clears it · escape to cancel",
        )


class AmountScreen(AskScreen[float]):
    """An exact amount for a count goal."""

    def __init__(self, goal_title: str, unit: str) -> None:
        super().__init__(
            f"How much for {goal_title}?",
            lambda text: parse_amount(text, what="amount"),
            placeholder=f"e.g. 250 {unit}".rstrip(),
            hint="enter to add it as a win · escape to cancel",
        )


class DateScreen(AskScreen[Date]):
    """A day to jump to (today or earlier)."""

    def __init__(self, today: Date) -> None:
        super().__init__(
            "Jump to a date",
            lambda text: check_day(parse_date(text), today),
            value=today.isoformat(),
            placeholder="YYYY-MM-DD",
            hint="enter to jump there · escape to cancel",
        )
