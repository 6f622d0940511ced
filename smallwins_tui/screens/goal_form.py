"""The goal form: add or edit a goal, every field checked before it reaches the store.

Each field is checked with the domain's own rule and message as soon as the user saves, and
the error appears under that field; a form only closes with values the domain accepts.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pendulum
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from .. import wording
from ..domain.commands import edit_goal, goal_family, new_goal, parse_amount
from ..domain.models import (
    TEXT_MAX,
    TITLE_MAX,
    UNIT_MAX,
    WEEKDAY_NAMES,
    Goal,
    Schedule,
    ScheduleKind,
    Snapshot,
    ValidationError,
    clean_text,
    goal_depth,
    ordered_tree,
)

_PER_WEEK = re.compile(r"^(\d+)\s*(?:/|x|×|times)\s*(?:a|per)?\s*(?:w|wk|week)?$")
SCHEDULE_HINT = "daily · weekdays · mon,wed,fri · 3/week"


def parse_schedule(text: str) -> Schedule:
    """ "daily", "weekdays", "mon,wed,fri", "mon-fri" or "3/week" as a `Schedule`."""
    key = text.strip().lower()
    if key in ("", "daily", "every day", "everyday"):
        return Schedule.daily()
    if key == "weekdays":
        return Schedule.parse_days("mon-fri")
    match = _PER_WEEK.match(key)
    if match:
        return Schedule.times_per_week(int(match.group(1)))
    return Schedule.parse_days(key)


def schedule_text(schedule: Schedule) -> str:
    """The text `parse_schedule` reads back as `schedule`."""
    if schedule.kind is ScheduleKind.WEEKDAYS:
        return ",".join(WEEKDAY_NAMES[d] for d in sorted(schedule.weekdays))
    if schedule.kind is ScheduleKind.PER_WEEK:
        return f"{schedule.per_week}/week"
    return "daily"


@dataclass(frozen=True)
class GoalFields:
    """What the goal form collected: the keyword arguments of `new_goal` and `edit_goal`."""

    title: str
    why: str = ""
    anchor: str = ""
    tiny: str = ""
    target: float | None = None
    unit: str = ""
    schedule: Schedule = field(default_factory=Schedule.daily)
    parent_id: str | None = None
    total: float | None = None

    def as_changes(self) -> dict[str, Any]:
        """The fields as keyword arguments."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def _field_of(message: str) -> str:
    """Which field a whole-goal rule's message is about."""
    for word, name in (("micro-goal", "parent"), ("parent", "parent"), ("unit", "unit")):
        if word in message:
            return name
    return "total" if message.startswith("total") else "target"


def _without_flags(message: str) -> str:
    # The domain's hints name command-line flags; the form has fields instead.
    return message.split(" (e.g. --")[0]


class GoalFormScreen(ModalScreen[GoalFields | None]):
    """Add or edit a goal; returns the checked fields, or None when cancelled."""

    DEFAULT_CSS = """
    GoalFormScreen {
        align: center middle;
        & > #form {
            width: 72;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            background: $panel;
            border: round $primary;
            padding: 0 1;
        }
        & #form-title { text-style: bold; margin-bottom: 1; }
        & .row { height: auto; }
        & .row > Label { width: 15; color: $text-muted; }
        & .row > Input, & .row > Select { width: 1fr; }
        & .error { color: $error; margin-left: 15; display: none; }
        & .error.-shown { display: block; }
        & #form-hint { color: $text-muted; margin-top: 1; }
        & #form-buttons { height: auto; align-horizontal: right; }
        & #form-buttons > Button { margin-left: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("escape", "cancel", "cancel"),
    ]

    FIELDS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("title", "Title", "e.g. Drink water"),
        ("why", "Why / identity", "I am someone who…"),
        ("anchor", "Anchor", "After I…"),
        ("tiny", "Tiny version", "the two-minute version"),
        ("target", "Daily target", "empty: done or not"),
        ("unit", "Unit", "words, glasses, min"),
        ("schedule", "Schedule", SCHEDULE_HINT),
        ("parent", "Part of", ""),
        ("total", "Total", "optional, e.g. 50000"),
    )

    def __init__(
        self, snapshot: Snapshot, *, goal: Goal | None = None, parent_id: str | None = None
    ) -> None:
        super().__init__()
        self.snapshot = snapshot
        """The store as the form opened (the app checks again when it writes)."""
        self.goal = goal
        """The goal being edited, or None for a new one."""
        self.parent_id = goal.parent_id if goal else parent_id

    def _heading(self) -> Content:
        parent = self.snapshot.goal(self.parent_id) if self.parent_id else None
        if self.goal is not None:
            return Content.from_markup("Edit “$title”", title=self.goal.title)
        if parent is not None:
            return Content.from_markup("New micro-goal of “$title”", title=parent.title)
        return Content("New goal")

    def _initial(self, name: str) -> str:
        goal = self.goal
        if goal is None:
            return ""
        if name in ("target", "total"):
            value = goal.target if name == "target" else goal.total
            return "" if value is None else wording.number(value)
        if name == "schedule":
            return schedule_text(goal.schedule)
        return str(getattr(goal, name))

    def _parent_options(self) -> list[tuple[Text, str]]:
        goals = self.snapshot.goals
        # A goal cannot sit under itself or under one of its own micro-goals.
        family = {g.id for g in goal_family(self.snapshot, self.goal)} if self.goal else set()
        options = []
        for g in ordered_tree(goals):
            if g.id not in family and (not g.archived or g.id == self.parent_id):
                label = "  " * goal_depth(g, goals) + g.title
                options.append((Text(label, no_wrap=True, overflow="ellipsis"), g.id))
        return options

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static(self._heading(), id="form-title")
            for name, label, placeholder in self.FIELDS:
                with Horizontal(classes="row"):
                    yield Label(label)
                    if name == "parent":
                        yield Select(
                            self._parent_options(),
                            prompt="none (a top-level goal)",
                            value=self.parent_id or Select.NULL,
                            id="parent",
                            compact=True,
                        )
                    else:
                        yield Input(
                            self._initial(name), placeholder=placeholder, id=name, compact=True
                        )
                yield Static("", id=f"{name}-error", classes="error", markup=False)
            yield Static("enter next field · ctrl+s save · esc cancel", id="form-hint")
            with Horizontal(id="form-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def _show_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#{name}-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")

    def _check_fields(self, errors: dict[str, str]) -> GoalFields | None:
        """Each field on its own, with the domain's rule for it."""
        values: dict[str, Any] = {}
        checks: dict[str, Callable[[str], object]] = {
            "title": lambda v: clean_text(v, what="title", max_len=TITLE_MAX, required=True),
            "why": lambda v: clean_text(v, what="why", max_len=TEXT_MAX),
            "anchor": lambda v: clean_text(v, what="anchor", max_len=TEXT_MAX),
            "tiny": lambda v: clean_text(v, what="tiny version", max_len=TEXT_MAX),
            "target": lambda v: parse_amount(v, what="daily target") if v.strip() else None,
            "unit": lambda v: clean_text(v, what="unit", max_len=UNIT_MAX),
            "schedule": parse_schedule,
            "total": lambda v: parse_amount(v, what="total") if v.strip() else None,
        }
        for name, check in checks.items():
            try:
                values[name] = check(self._text(name))
            except ValidationError as err:
                errors[name] = str(err)
        parent = self.query_one("#parent", Select).value
        values["parent_id"] = parent if isinstance(parent, str) else None
        return None if errors else GoalFields(**values)

    def _check_goal(self, fields: GoalFields, errors: dict[str, str]) -> None:
        """The whole goal against the store: count/unit rules, the parent cycle."""
        now = pendulum.now("UTC")  # only for the check; the app stamps the real write
        current = self.snapshot.goal(self.goal.id) if self.goal else None
        try:
            if current is not None:
                edit_goal(self.snapshot, current, now=now, **fields.as_changes())
            else:
                new_goal(self.snapshot, now=now, **fields.as_changes())
        except ValidationError as err:
            message = str(err)
            errors[_field_of(message)] = _without_flags(message)

    def validate(self) -> GoalFields | None:
        """Show every field's error; the fields when all are fine."""
        errors: dict[str, str] = {}
        fields = self._check_fields(errors)
        if fields is not None:
            self._check_goal(fields, errors)
        for name, _, _ in self.FIELDS:
            self._show_error(name, errors.get(name, ""))
        if errors:
            first = next(n for n, _, _ in self.FIELDS if n in errors)
            self.query_one(f"#{first}").focus()
            return None
        return fields

    def action_save(self) -> None:
        """Save when every field is fine; otherwise show what to fix."""
        fields = self.validate()
        if fields is not None:
            self.dismiss(fields)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == self.FIELDS[-1][0]:
            self.action_save()
        else:
            self.focus_next()

    @on(Input.Changed)
    @on(Select.Changed)
    def _recheck(self, event: Input.Changed | Select.Changed) -> None:
        # Once an error is shown, it follows the edits so the user sees when it is fixed.
        name = event.control.id or ""
        if self.query_one(f"#{name}-error", Static).has_class("-shown"):
            errors: dict[str, str] = {}
            fields = self._check_fields(errors)
            if fields is not None:
                self._check_goal(fields, errors)
            self._show_error(name, errors.get(name, ""))

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
