"""Pilot tests of the Goals screen: the tree, the detail and every key, on a fixed clock."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from smallwins_tui.app import SmallWinsApp
from smallwins_tui.demo import DEMO_NOW as NOW
from smallwins_tui.domain import rules
from smallwins_tui.domain.commands import new_goal, new_win
from smallwins_tui.domain.models import Goal, ScheduleKind
from smallwins_tui.domain.rules import goal_stats
from smallwins_tui.screens.goal_form import GoalFormScreen
from smallwins_tui.screens.goal_modals import ConfirmScreen, MilestoneScreen
from smallwins_tui.screens.goals import GoalsScreen
from smallwins_tui.store import Store
from smallwins_tui.widgets.goal_tree import GoalTree

TODAY = NOW.date()


def add_goals(store: Store, *titles: str) -> list[str]:
    """Top-level goals straight in the store; their ids in order."""
    ids = []
    with store.transaction() as tx:
        for title in titles:
            goal = new_goal(tx.snapshot, now=NOW.subtract(days=10), title=title)
            tx.put(goal)
            ids.append(goal.id)
    return ids


async def open_goals(pilot: Pilot[None]) -> GoalsScreen:
    """Switch to the Goals screen and wait until it shows."""
    await pilot.press("2")
    await pilot.pause(0.1)
    screen = pilot.app.screen
    assert isinstance(screen, GoalsScreen)
    return screen


async def settle(app: SmallWinsApp, pilot: Pilot[None]) -> None:
    """Wait for store writes and the redraw they cause."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def select(pilot: Pilot[None], goal_id: str) -> None:
    """Put the tree's cursor on a goal."""
    screen = pilot.app.screen
    assert isinstance(screen, GoalsScreen)
    screen.select_goal(goal_id)
    await pilot.pause()
    assert screen.selected_id == goal_id


async def save_title(pilot: Pilot[None], key: str, title: str) -> None:
    """Open the goal form with `key` (a: add, e: edit), type a title and save it."""
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, GoalFormScreen)
    form.query_one("#title", Input).value = title
    await pilot.press("ctrl+s")
    await settle(pilot.app, pilot)  # type: ignore[arg-type]


def tree_ids(app: SmallWinsApp) -> list[str]:
    """The goal ids in the tree, top to bottom."""
    tree = app.screen.query_one(GoalTree)
    nodes = (tree.get_node_at_line(line) for line in range(tree.last_line + 1))
    return [n.data.goal_id for n in nodes if n is not None and n.data is not None]


def detail(app: SmallWinsApp) -> str:
    """The detail panel's plain text."""
    return str(app.screen.query_one("#goal-detail-text", Static).visual)


def screen_text(app: SmallWinsApp) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


def goal(store: Store, goal_id: str) -> Goal:
    found = store.read().goal(goal_id)
    assert found is not None
    return found


async def test_an_empty_store_says_how_to_start(app: SmallWinsApp) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_goals(pilot)
        assert screen.has_class("-empty")
        assert "No goals yet — press a to add your first one." in screen_text(app)
        assert not screen.check_action("edit", ())


async def test_a_opens_the_form_and_saves_every_field(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, GoalFormScreen)
        for text in ("Meditate", "I am calm", "After breakfast", "One breath", "10", "min"):
            await pilot.press(*text, "enter")
        await pilot.press(*"mon,wed,fri", "enter", "tab", *"1,000", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen)
        (saved,) = store.read().goals
        assert (saved.title, saved.why, saved.anchor, saved.tiny) == (
            "Meditate",
            "I am calm",
            "After breakfast",
            "One breath",
        )
        assert (saved.target, saved.unit, saved.total, saved.parent_id) == (10, "min", 1000, None)
        assert saved.schedule.weekdays == frozenset({0, 2, 4})
        assert tree_ids(app) == [saved.id]
        assert app.screen.selected_id == saved.id  # type: ignore[attr-defined]
        assert "Meditate" in detail(app)


async def test_the_add_goal_command_opens_the_form_on_goals(app: SmallWinsApp) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.action_add_goal()
        await pilot.pause(0.2)
        assert isinstance(app.screen, GoalFormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)


async def test_e_edits_the_selected_goal(demo_app: SmallWinsApp, demo_store: Store) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await select(pilot, "demo-walk")
        await pilot.press("e")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, GoalFormScreen)
        assert form.query_one("#title", Input).value == "Walk"
        form.query_one("#title", Input).value = "Walk outside"
        form.query_one("#schedule", Input).value = "3/week"
        await pilot.press("ctrl+s")
        await settle(demo_app, pilot)
        edited = goal(demo_store, "demo-walk")
        assert edited.title == "Walk outside"
        assert edited.schedule.kind is ScheduleKind.PER_WEEK and edited.schedule.per_week == 3
        assert edited.target == 10 and edited.why == "I am someone who moves"
        assert "Walk outside" in detail(demo_app)


async def test_enter_on_a_goal_opens_its_form(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await select(pilot, "demo-read")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, GoalFormScreen)
        assert demo_app.screen.goal is not None and demo_app.screen.goal.id == "demo-read"


async def test_m_adds_a_micro_goal_under_the_selected_goal(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await select(pilot, "demo-walk")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(demo_app.screen, GoalFormScreen)
        assert "New micro-goal of “Walk”" in screen_text(demo_app)
        await pilot.press(*"Walk to the corner", "ctrl+s")
        await settle(demo_app, pilot)
        (micro,) = [g for g in demo_store.read().goals if g.title == "Walk to the corner"]
        assert micro.parent_id == "demo-walk"
        ids = tree_ids(demo_app)
        assert ids.index(micro.id) == ids.index("demo-walk") + 1
        # The cursor stays on the parent, so the next m adds a sibling, not a grandchild.
        assert screen_selected(demo_app) == "demo-walk"


async def test_x_archives_a_goal_with_its_micro_goals(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await select(pilot, "demo-write")
        await pilot.press("x")
        await settle(demo_app, pilot)
        family = ("demo-write", "demo-outline", "demo-essay")
        assert all(goal(demo_store, gid).archived for gid in family)
        await pilot.press("x")
        await settle(demo_app, pilot)
        assert not any(goal(demo_store, gid).archived for gid in family)


async def test_shift_m_names_a_milestone_and_marks_it_reached(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await select(pilot, "demo-walk")
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(demo_app.screen, MilestoneScreen)
        await pilot.press(*"First 10 km", "enter")
        await settle(demo_app, pilot)
        (milestone,) = goal(demo_store, "demo-walk").milestones
        assert (milestone.title, milestone.done_on) == ("First 10 km", None)
        assert "First 10 km  ahead" in detail(demo_app)

        await pilot.press("M")
        await pilot.pause()
        await pilot.press("tab")  # to the list of milestones
        assert isinstance(demo_app.screen.focused, OptionList)
        await pilot.press("enter")
        await settle(demo_app, pilot)
        assert goal(demo_store, "demo-walk").milestones[0].done_on == TODAY
        assert "First 10 km  24 Nov" in detail(demo_app)

        await pilot.press("M", "tab", "enter")  # and back to "not yet"
        await settle(demo_app, pilot)
        assert goal(demo_store, "demo-walk").milestones[0].done_on is None


async def test_an_empty_milestone_is_refused_under_the_field(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await select(pilot, "demo-walk")
        await pilot.press("M", "space", "enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, MilestoneScreen)
        error = demo_app.screen.query_one("#milestone-error", Static)
        assert str(error.visual) == "milestone cannot be empty"
        await pilot.press("escape")
        await settle(demo_app, pilot)
        assert goal(demo_store, "demo-walk").milestones == ()


def screen_selected(app: SmallWinsApp) -> str | None:
    """The goal the Goals screen has selected."""
    return app.screen.selected_id  # type: ignore[attr-defined, no-any-return]


async def test_x_archives_and_brings_back(demo_app: SmallWinsApp, demo_store: Store) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_goals(pilot)
        await select(pilot, "demo-water")
        await pilot.press("x")
        await settle(demo_app, pilot)
        assert goal(demo_store, "demo-water").archived
        assert tree_ids(demo_app)[-1] == "demo-water"  # dimmed, at the end
        assert screen.selected_id == "demo-water"
        assert "archived — x brings it back" in detail(demo_app)

        await pilot.press("A")  # hide archived goals
        await pilot.pause()
        assert "demo-water" not in tree_ids(demo_app)
        await pilot.press("A")
        await pilot.pause()
        await select(pilot, "demo-water")
        await pilot.press("x")
        await settle(demo_app, pilot)
        assert not goal(demo_store, "demo-water").archived
        assert tree_ids(demo_app).index("demo-water") == 3  # back in its place


async def test_d_deletes_the_goal_its_micro_goals_and_wins_after_yes(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    family = {"demo-write", "demo-outline", "demo-essay"}
    wins = [w for w in demo_store.read().wins if w.goal_id in family]
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await select(pilot, "demo-write")
        await pilot.press("d")
        await pilot.pause()
        confirm = demo_app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.question.plain.startswith(
            f"Delete “Write”, its 2 micro-goals and {len(wins):,} wins?"
        )
        await pilot.press("y")
        await settle(demo_app, pilot)
        after = demo_store.read()
        assert not family & {g.id for g in after.goals}
        assert not any(w.goal_id in family for w in after.wins)
        assert len(after.goals) == 4
        assert "demo-write" not in tree_ids(demo_app)
        assert demo_app.screen.selected_id in tree_ids(demo_app)  # type: ignore[attr-defined]


async def test_d_then_no_keeps_everything(demo_app: SmallWinsApp, demo_store: Store) -> None:
    before = demo_store.read()
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await select(pilot, "demo-walk")
        for answer in ("n", "escape"):
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(demo_app.screen, ConfirmScreen)
            await pilot.press(answer)
            await settle(demo_app, pilot)
            assert isinstance(demo_app.screen, GoalsScreen)
        await pilot.press("d", "enter")  # the focused button is "Keep"
        await settle(demo_app, pilot)
    after = demo_store.read()
    assert (after.goals, after.wins) == (before.goals, before.wins)


async def test_shift_j_and_k_reorder_among_siblings(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    def top_level() -> list[str]:
        goals = [g for g in demo_store.read().goals if g.parent_id is None]
        return [g.id for g in sorted(goals, key=lambda g: g.position)]

    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_goals(pilot)
        await select(pilot, "demo-water")
        await pilot.press("J")
        await settle(demo_app, pilot)
        assert top_level()[:3] == ["demo-write", "demo-walk", "demo-water"]
        assert screen.selected_id == "demo-water"
        await pilot.press("K", "K")
        await settle(demo_app, pilot)
        assert top_level()[:3] == ["demo-water", "demo-write", "demo-walk"]
        assert tree_ids(demo_app)[0] == "demo-water"

        await select(pilot, "demo-essay")  # a micro-goal moves among its siblings only
        await pilot.press("K")
        await settle(demo_app, pilot)
        kids = sorted(demo_store.read().children("demo-write"), key=lambda g: g.position)
        assert [g.id for g in kids] == ["demo-essay", "demo-outline"]


async def test_titles_with_markup_show_literally(app: SmallWinsApp, store: Store) -> None:
    add_goals(store, "[bold red]x[/]", "[/ x")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        tree = app.screen.query_one(GoalTree)
        labels = [tree.get_node_at_line(line) for line in range(2)]
        assert [n.label.plain for n in labels if n is not None] == ["[bold red]x[/]", "[/ x"]
        shot = screen_text(app)
        assert "[bold red]x[/]" in shot and "[/ x" in shot
        assert detail(app).startswith("[bold red]x[/]")
        for key in ("e", "M", "d", "m"):  # every modal that shows the title
            await pilot.press(key)
            await pilot.pause()
            assert "[bold red]x[/]" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("x")  # the toast names it too
        await settle(app, pilot)
        assert "Archived “[bold red]x[/]”." in screen_text(app)


async def test_the_detail_explains_the_strength_score(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        snapshot = demo_app.snapshot
        await select(pilot, "demo-stretch")
        walk = snapshot.goal("demo-walk")
        assert walk is not None
        stats = goal_stats(walk, snapshot, TODAY)
        assert not stats.strength.checked_in_today and stats.today_amount == 0
        await select(pilot, "demo-walk")
        now, then = round(stats.strength.score), round(stats.strength.if_checked_in)
        assert then > now
        text = detail(demo_app)
        assert f"Strength {now} % — checking in today makes it {then} %." in text
        assert "Walk to the corner" in text and "I am someone who moves" in text
        await select(pilot, "demo-write")
        assert "— checked in today." in detail(demo_app)
        assert "Toward 70,000 words" in detail(demo_app)
        assert "Finish chapter one" in detail(demo_app)


async def test_the_selection_stays_on_its_goal_when_the_store_changes(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_goals(pilot)
        await select(pilot, "demo-stretch")
        with demo_store.transaction() as tx:  # another process adds a goal before it
            tx.put(new_goal(tx.snapshot, now=NOW, title="Aaa first", parent_id=None))
            first = min(tx.snapshot.goals, key=lambda g: g.position)
        demo_app.snapshot = demo_store.read()
        await pilot.pause()
        assert screen.selected_id == "demo-stretch"
        tree = screen.query_one(GoalTree)
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.goal_id == "demo-stretch"
        assert first.id in tree_ids(demo_app)


async def test_narrow_panes_stack_and_shorten_long_titles(app: SmallWinsApp, store: Store) -> None:
    long_title = "Practise the cello every single evening before dinner, scales first"
    add_goals(store, long_title)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        screen = await open_goals(pilot)
        assert screen.has_class("-narrow")
        tree = screen.query_one(GoalTree)
        line = tree.render_line(0).text.rstrip()
        assert line.endswith("…") and line.startswith("○ Practise the cello")
        assert len(line) <= tree.size.width
        assert screen.query_one("#goal-detail").region.y > tree.region.y
        assert long_title in detail(app)  # the detail wraps it whole


async def test_the_detail_follows_the_cursor(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_goals(pilot)
        assert screen.selected_id == "demo-write" and detail(demo_app).startswith("Write")
        await pilot.press("down")
        assert screen.selected_id == "demo-outline"
        assert detail(demo_app).startswith("Outline chapter three\nmicro-goal of Write")
        await pilot.press("j", "j", "k")  # as on Today
        assert screen.selected_id == "demo-essay"
        await pilot.press("end")
        assert screen.selected_id == "demo-read"
        assert "3× a week" in detail(demo_app)


async def test_the_tree_walks_no_strength_only_the_detail_of_the_goal_under_the_cursor(
    app: SmallWinsApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The strength walks every day of a goal (~2 ms for ten years): twenty of them held up
    # the first visit of Goals on a ten-year journal by ~45 ms, for a tree that shows none.
    ids = add_goals(store, "Walk", "Read", "Write")
    walked: list[str] = []
    strength = rules._strength
    monkeypatch.setattr(rules, "_strength", lambda g, t: walked.append(g.goal.id) or strength(g, t))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_goals(pilot)
        assert walked == [ids[0]]
        assert tree_ids(app) == ids
        assert "Walk" in screen_text(app) and "Write" in screen_text(app)
        await pilot.press("down")
        await pilot.pause()
        assert screen.selected_id == ids[1]
        assert walked == [ids[0], ids[1]]
        assert detail(app).startswith("Read") and "Strength 0 %" in detail(app)


async def test_u_undoes_the_goal_changes_made_here_last_first(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    # A goal deleted by mistake comes back with its micro-goals and wins; then the move, the
    # archiving and the edit before it are taken back in turn.
    before = demo_store.read()
    family = {"demo-write", "demo-outline", "demo-essay"}
    demo_app.NOTIFICATION_TIMEOUT = 600  # (the messages are read at the end, however slow)
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_goals(pilot)
        await select(pilot, "demo-walk")
        await save_title(pilot, "e", "Stroll")
        assert goal(demo_store, "demo-walk").title == "Stroll"
        await pilot.press("x")
        await settle(demo_app, pilot)
        assert goal(demo_store, "demo-walk").archived
        await select(pilot, "demo-write")
        await pilot.press("J")
        await settle(demo_app, pilot)
        moved = tree_ids(demo_app)
        await pilot.press("d")
        await pilot.pause()
        confirm = demo_app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.question.plain.endswith("\nUntil you quit, u (undo) puts it all back.")
        await pilot.press("y")
        await settle(demo_app, pilot)
        assert not family & {g.id for g in demo_store.read().goals}

        await pilot.press("u")
        await settle(demo_app, pilot)
        assert "Undone: “Write” deleted" in [n.message for n in demo_app._notifications]
        after = demo_store.read()
        assert {g.id for g in after.goals} == {g.id for g in before.goals}
        assert sorted(after.wins, key=lambda w: w.id) == sorted(before.wins, key=lambda w: w.id)
        assert not family & {t.id for t in after.tombstones}  # a later merge keeps them
        assert tree_ids(demo_app) == moved
        await pilot.press("u")  # the move
        await settle(demo_app, pilot)
        positions = {g.id: g.position for g in before.goals}
        assert {g.id: g.position for g in demo_store.read().goals} == positions
        await pilot.press("u", "u")  # the archiving, then the edit
        await settle(demo_app, pilot)
        assert {g.id: g for g in demo_store.read().goals} == {g.id: g for g in before.goals}
        assert screen.selected_id in tree_ids(demo_app)
        undone = [n.message for n in demo_app._notifications if n.message.startswith("Undone")]
        assert undone == [
            "Undone: “Write” deleted",
            "Undone: “Write” moved",
            "Undone: “Stroll” archived",
            "Undone: the edit of “Walk”",
        ]
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in n.message for n in demo_app._notifications)


async def test_u_does_not_write_over_what_changed_since(
    demo_app: SmallWinsApp, demo_store: Store
) -> None:
    # An undo puts records back as they were: not over a newer version, and not a new goal
    # away from the wins it has been given meanwhile (from Today, or the command line).
    demo_app.NOTIFICATION_TIMEOUT = 600  # (the messages are read at the end, however slow)
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_goals(pilot)
        await save_title(pilot, "a", "Juggle")
        juggle = next(g for g in demo_store.read().goals if g.title == "Juggle")
        await select(pilot, "demo-walk")
        await pilot.press("x")
        await settle(demo_app, pilot)
        other = Store(demo_store.path)  # another process: `smallwins log`, a second window
        with other.transaction() as tx:
            walk = tx.snapshot.goal("demo-walk")
            assert walk is not None
            tx.put(dataclasses.replace(walk, why="fresh air"))
            tx.put(new_win(tx.snapshot, now=NOW, today=TODAY, goal=juggle))
        await pilot.pause(1.2)  # the dashboard sees the file change
        await pilot.press("u")
        await settle(demo_app, pilot)
        warned = [n.message for n in demo_app._notifications]
        assert "“Walk” changed since; not undone" in warned
        assert goal(demo_store, "demo-walk").why == "fresh air"
        assert goal(demo_store, "demo-walk").archived
        await pilot.press("u")
        await settle(demo_app, pilot)
        assert "“Juggle” has wins or micro-goals now: delete it with d instead" in [
            n.message for n in demo_app._notifications
        ]
        assert goal(demo_store, juggle.id).title == "Juggle"
        assert not any("Undone" in n.message for n in demo_app._notifications)
