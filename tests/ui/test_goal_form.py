"""The goal form: each field checked with the domain's rule, the error under that field."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from smallwins_tui.app import SmallWinsApp
from smallwins_tui.domain.models import Schedule, ValidationError
from smallwins_tui.screens.goal_form import GoalFormScreen, parse_schedule, schedule_text
from smallwins_tui.screens.goals import GoalsScreen
from smallwins_tui.store import Store
from smallwins_tui.widgets.goal_tree import GoalTree


async def open_form(
    pilot: Pilot[None], key: str = "a", goal_id: str | None = None
) -> GoalFormScreen:
    """Show Goals, put the cursor on `goal_id`, press `key`; the form that opens."""
    await pilot.press("2")
    await pilot.pause(0.1)
    if goal_id is not None:
        tree = pilot.app.screen.query_one(GoalTree)
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            if node is not None and node.data is not None and node.data.goal_id == goal_id:
                tree.move_cursor(node)
        await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, GoalFormScreen)
    return form


def fill(form: GoalFormScreen, **values: str) -> None:
    """Set fields by id, as if typed."""
    for name, value in values.items():
        form.query_one(f"#{name}", Input).value = value


def error(form: GoalFormScreen, name: str) -> str:
    """The message shown under a field ("" when none is shown)."""
    widget = form.query_one(f"#{name}-error", Static)
    return str(widget.visual) if widget.display and widget.has_class("-shown") else ""


def shown_errors(form: GoalFormScreen) -> dict[str, str]:
    return {name: error(form, name) for name, _, _ in form.FIELDS if error(form, name)}


async def save(app: SmallWinsApp, pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_empty_title_is_refused_under_the_title(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot)
        fill(form, title="   ", why="I am calm")
        await save(app, pilot)
        assert app.screen is form
        assert shown_errors(form) == {"title": "title cannot be empty"}
        assert form.focused is form.query_one("#title")
        assert store.read().goals == ()
        await pilot.press(*"Breathe")  # the message goes once the title is fixed
        await pilot.pause()
        assert shown_errors(form) == {}
        await save(app, pilot)
        assert [g.title for g in store.read().goals] == ["Breathe"]


async def test_a_negative_or_wordy_target_is_refused(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot)
        fill(form, title="Read", target="-5", total="lots")
        await save(app, pilot)
        assert shown_errors(form) == {
            "target": "daily target must be more than zero",
            "total": "total must be a number, not 'lots'",
        }
        assert form.focused is form.query_one("#target")
        assert store.read().goals == ()


async def test_a_bad_weekday_is_refused_under_the_schedule(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot)
        fill(form, title="Stretch", schedule="mon,funday")
        await save(app, pilot)
        assert shown_errors(form) == {
            "schedule": "unknown weekday 'funday' (use mon, tue, wed, thu, fri, sat, sun)"
        }
        fill(form, schedule="9/week")
        await save(app, pilot)
        assert shown_errors(form) == {"schedule": "times per week must be between 1 and 7"}
        assert store.read().goals == ()


async def test_a_unit_without_a_target_is_refused_under_the_unit(
    app: SmallWinsApp, store: Store
) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot)
        fill(form, title="Walk", unit="min")
        await save(app, pilot)
        assert shown_errors(form) == {"unit": "a unit needs a daily target"}
        assert store.read().goals == ()


async def test_a_parent_cycle_cannot_be_chosen_on_edit(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot, "e", "demo-write")
        parent = form.query_one("#parent", Select)
        offered = {value for _, value in parent._options}
        # Neither the goal itself nor its own micro-goals are offered as its parent.
        assert not offered & {"demo-write", "demo-outline", "demo-essay"}
        assert "demo-walk" in offered
        parent.value = "demo-walk"  # anywhere else is fine
        await save(demo_app, pilot)
        moved = demo_store.read().goal("demo-write")
        assert moved is not None and moved.parent_id == "demo-walk"


async def test_a_goal_with_wins_cannot_swap_kind(demo_app: SmallWinsApp, demo_store: Store) -> None:
    before = demo_store.read().goals
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot, "e", "demo-write")
        fill(form, target="", unit="")
        await save(demo_app, pilot)
        assert "cannot swap" in shown_errors(form)["target"]
        assert demo_store.read().goals == before


async def test_escape_cancels_without_writing(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot)
        fill(form, title="Never saved")
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        assert store.read().goals == ()


async def test_enter_moves_on_and_saves_in_the_last_field(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot)
        await pilot.press(*"Floss", "enter")
        assert form.focused is form.query_one("#why")
        form.query_one("#total", Input).focus()
        await pilot.press(*"100", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (saved,) = store.read().goals
        assert (saved.title, saved.total, saved.target) == ("Floss", 100, None)


async def test_editing_shows_the_goal_as_it_is(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        form = await open_form(pilot, "e", "demo-outline")
        values = {n: form.query_one(f"#{n}", Input).value for n in ("title", "schedule", "target")}
        assert values == {
            "title": "Outline chapter three",
            "schedule": "mon,tue,wed,thu,fri",
            "target": "",
        }
        assert form.query_one("#parent", Select).value == "demo-write"


@pytest.mark.parametrize(
    ("text", "schedule"),
    [
        ("", Schedule.daily()),
        ("Daily", Schedule.daily()),
        ("weekdays", Schedule.on_days(range(5))),
        ("mon, wed,fri", Schedule.on_days({0, 2, 4})),
        ("sat-sun", Schedule.on_days({5, 6})),
        ("3/week", Schedule.times_per_week(3)),
        ("2x a week", Schedule.times_per_week(2)),
        ("4 times per week", Schedule.times_per_week(4)),
    ],
)
def test_schedules_read_as_people_write_them(text: str, schedule: Schedule) -> None:
    assert parse_schedule(text) == schedule
    assert parse_schedule(schedule_text(schedule)) == schedule


@pytest.mark.parametrize("text", ["sometimes", "0/week", "8/week", "mon,,xyz"])
def test_schedules_that_make_no_sense_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_schedule(text)
