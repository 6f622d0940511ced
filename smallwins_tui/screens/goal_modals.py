"""The Goals screen's small modals: a goal's milestones, and the delete confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.models import TITLE_MAX, Goal, Milestone, ValidationError, clean_text


@dataclass(frozen=True)
class NewMilestone:
    """Add a named milestone with this title."""

    title: str


@dataclass(frozen=True)
class MarkMilestone:
    """Mark a named milestone reached today (or not reached)."""

    milestone_id: str
    reached: bool


class MilestoneScreen(ModalScreen[NewMilestone | MarkMilestone | None]):
    """Name a new milestone, or mark one of the goal's milestones reached today."""

    DEFAULT_CSS = """
    MilestoneScreen {
        align: center middle;
        & > #milestones {
            width: 64;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            background: $panel;
            border: round $primary;
            padding: 0 1;
        }
        & #milestone-title { text-style: bold; margin-bottom: 1; }
        & .dim { color: $text-muted; }
        & #milestone-error { color: $error; display: none; }
        & #milestone-error.-shown { display: block; }
        & OptionList { height: auto; max-height: 8; margin-top: 1; }
        & #milestone-hint { margin-top: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "close"),
        Binding("j", "list('down')", "down", show=False),
        Binding("k", "list('up')", "up", show=False),
    ]

    def __init__(self, goal: Goal, today: Date) -> None:
        super().__init__()
        self.goal = goal
        """Whose milestones these are."""
        self.today = today

    def _option(self, milestone: Milestone) -> Option:
        when = milestone.done_on
        mark, state = ("✔", f"reached {when.format('D MMM YYYY')}") if when else ("○", "ahead")
        return Option(
            Content.assemble(f"{mark} ", Content(milestone.title), (f"  {state}", "dim")),
            id=milestone.id,
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="milestones"):
            yield Static(
                Content.from_markup("Milestones of “$title”", title=self.goal.title),
                id="milestone-title",
            )
            yield Input(
                placeholder="a new milestone — enter adds it", id="milestone-new", compact=True
            )
            yield Static("", id="milestone-error", markup=False)
            if self.goal.milestones:
                yield OptionList(*(self._option(m) for m in self.goal.milestones))
                hint = "tab, enter: mark reached today / not yet · esc close"
            else:
                hint = "esc close"
            yield Static(hint, id="milestone-hint", classes="dim", markup=False)

    def action_list(self, direction: str) -> None:
        """j/k move in the milestone list, as in the rest of the app."""
        lists = self.query(OptionList)
        if lists and lists.first().has_focus:
            options = lists.first()
            options.action_cursor_down() if direction == "down" else options.action_cursor_up()

    @on(Input.Submitted)
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#milestone-error", Static)
        try:
            title = clean_text(event.value, what="milestone", max_len=TITLE_MAX, required=True)
        except ValidationError as err:
            error.update(Content(str(err)))
            error.add_class("-shown")
            return
        self.dismiss(NewMilestone(title))

    @on(OptionList.OptionSelected)
    def _mark(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = next(m for m in self.goal.milestones if m.id == event.option.id)
        self.dismiss(MarkMilestone(chosen.id, reached=chosen.done_on is None))

    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Ask before something that cannot be taken back; True means go ahead."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        & > #confirm {
            width: 60;
            max-width: 100%;
            height: auto;
            background: $panel;
            border: round $error;
            padding: 0 1;
        }
        & #confirm-buttons { height: auto; align-horizontal: right; margin-top: 1; }
        & #confirm-buttons > Button { margin-left: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "yes"),
        Binding("n,escape", "answer(False)", "no"),
    ]

    def __init__(self, question: Content, yes: str = "Delete") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes", compact=True)
                yield Button("Keep (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
