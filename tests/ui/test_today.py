"""Pilot tests of the Today screen: every key, on a fixed clock and a store in tmp_path."""

from __future__ import annotations

import traceback
from typing import Any

import pendulum
import pytest
from pendulum import Date
from textual._compositor import Compositor
from textual.widgets import Input, ListView, Static

from smallwins_tui.app import SmallWinsApp, make_app
from smallwins_tui.demo import DEMO_NOW as NOW
from smallwins_tui.domain.celebrate import GOAL_LINES, WIN_LINES
from smallwins_tui.domain.clock import Clock
from smallwins_tui.domain.commands import new_goal, new_win
from smallwins_tui.domain.models import Schedule, Snapshot
from smallwins_tui.screens import today as today_module
from smallwins_tui.screens.forms import AskScreen
from smallwins_tui.screens.today import TodayScreen
from smallwins_tui.store import Store
from smallwins_tui.widgets.celebration import CelebrationBanner
from smallwins_tui.widgets.goal_row import GoalRow
from smallwins_tui.widgets.heatmap import Heatmap
from smallwins_tui.widgets.win_list import WinList

TODAY = NOW.date()


def add_goals(store: Store, *specs: dict[str, object]) -> list[str]:
    """Add goals straight to the store; returns their ids in order."""
    ids = []
    with store.transaction() as tx:
        for spec in specs:
            goal = new_goal(tx.snapshot, now=NOW.subtract(days=30), **spec)  # type: ignore[arg-type]
            tx.put(goal)
            ids.append(goal.id)
    return ids


async def settle(app: SmallWinsApp, pilot: object) -> None:
    """Wait for store writes and the redraw they cause."""
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def today_screen(app: SmallWinsApp) -> TodayScreen:
    """The Today screen, even under a modal."""
    return next(s for s in app.screen_stack if isinstance(s, TodayScreen))


def rows(app: SmallWinsApp) -> list[GoalRow]:
    return list(today_screen(app).query(GoalRow))


def wins_today(store: Store, goal_id: str | None = None) -> list[object]:
    return [w for w in store.read().wins if w.day == TODAY and w.goal_id == goal_id]


async def test_shows_the_day_the_prompt_and_the_goals(app: SmallWinsApp, store: Store) -> None:
    add_goals(
        store,
        {"title": "Write", "target": 200, "unit": "words", "why": "I am a writer"},
        {"title": "Stretch", "schedule": Schedule.parse_days("mon,wed")},
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        text = str(app.screen.query_one("#today-date").render())
        assert text == "Tuesday, 24 November"
        assert "What's one small win" in str(app.screen.query_one("#today-prompt").render())
        assert "0 of 1 goals done today" in str(app.screen.query_one("#today-summary").render())
        views = [r.view for r in rows(app)]
        assert [v.title for v in views] == ["Write", "Stretch"]
        assert views[0].amount == "0 / 200 words" and views[0].detail == "I am a writer"
        assert views[1].state == "off" and "not due today" in views[1].detail


async def test_space_and_enter_toggle_a_check_goal(app: SmallWinsApp, store: Store) -> None:
    (walk,) = add_goals(store, {"title": "Walk"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await settle(app, pilot)
        assert len(wins_today(store, walk)) == 1
        assert rows(app)[0].view.mark == "✔"
        assert app.screen.query(CelebrationBanner)  # the very first win
        await pilot.press("enter")  # closes the banner and still unchecks
        await settle(app, pilot)
        assert wins_today(store, walk) == []
        assert rows(app)[0].view.mark == "○"


async def test_plus_minus_and_exact_amount(app: SmallWinsApp, store: Store) -> None:
    (water,) = add_goals(store, {"title": "Drink water", "target": 8, "unit": "glasses"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("plus", "plus", "plus")
        await settle(app, pilot)
        wins = wins_today(store, water)
        assert [w.amount for w in wins] == [3]  # one win, adjusted in place
        await pilot.press("minus")
        await settle(app, pilot)
        assert [w.amount for w in wins_today(store, water)] == [2]
        assert rows(app)[0].view.amount == "2 / 8 glasses"

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"lots", "enter")
        await pilot.pause()
        assert "must be a number" in str(app.screen.query_one(".ask-error", Static).render())
        await pilot.press(*("backspace",) * 4, "6", "enter")
        await settle(app, pilot)
        assert sorted(w.amount for w in wins_today(store, water)) == [2, 6]
        assert rows(app)[0].view.mark == "✔"


async def test_j_k_move_the_selection(app: SmallWinsApp, store: Store) -> None:
    add_goals(store, {"title": "One"}, {"title": "Two"}, {"title": "Three"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        goals = app.screen.query_one("#today-goals", ListView)
        assert goals.index == 0
        await pilot.press("j", "j")
        assert goals.index == 2
        await pilot.press("k")
        assert goals.index == 1
        await pilot.press("down")
        assert goals.index == 2


async def test_w_logs_a_free_win_literally(app: SmallWinsApp, store: Store) -> None:
    text = "[bold red]x[/] fixed the [/ door 🎉"
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot be empty" in str(app.screen.query_one(".ask-error", Static).render())
        app.screen.query_one(Input).insert_text_at_cursor(text)
        await pilot.press("enter")
        await settle(app, pilot)
        [win] = wins_today(store)
        assert win.note == text  # type: ignore[attr-defined]
        # The first win ever gets the big stage; any key closes it.
        assert app.screen.query(CelebrationBanner)
        await pilot.press("x")
        await pilot.pause()
        assert not app.screen.query(CelebrationBanner)
        assert app.screen.query_one(WinList).titles() == [f"★ {text}"]


async def test_n_writes_the_journal_note(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Slow", "space", *"day", "enter")
        await settle(app, pilot)
        assert store.read().day(TODAY).note == "Slow day"
        assert str(app.screen.query_one("#today-note", Static).render()) == "Slow day"


async def test_r_rests_the_selected_goal_and_R_the_whole_day(
    app: SmallWinsApp, store: Store
) -> None:
    walk, read = add_goals(store, {"title": "Walk"}, {"title": "Read"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await settle(app, pilot)
        assert store.read().day(TODAY).rest_goals == frozenset({walk})
        assert rows(app)[0].view.mark == "☾" and rows(app)[1].view.mark == "○"
        await pilot.press("R")
        await settle(app, pilot)
        assert store.read().day(TODAY).rest
        assert all(r.view.state == "rest" for r in rows(app))
        assert "Nothing scheduled today" in str(app.screen.query_one("#today-summary").render())
        await pilot.press("R", "r")
        await settle(app, pilot)
        assert store.read().day(TODAY).is_empty
        del read


async def test_u_undoes_the_last_changes_in_order(app: SmallWinsApp, store: Store) -> None:
    (walk,) = add_goals(store, {"title": "Walk"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert store.read().day(TODAY).is_empty
        assert len(wins_today(store, walk)) == 1
        await pilot.press("u")
        await settle(app, pilot)
        assert wins_today(store, walk) == []
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in n.message for n in app._notifications)


async def test_u_takes_back_amount_steps_one_at_a_time(app: SmallWinsApp, store: Store) -> None:
    # Each step rewrites the same win: each undo finds it as the step after it left it.
    (water,) = add_goals(store, {"title": "Drink water", "target": 8, "unit": "glasses"})
    app.NOTIFICATION_TIMEOUT = 600  # (the messages are read at the end, however slow)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("plus")
            await settle(app, pilot)
        assert [w.amount for w in wins_today(store, water)] == [3]  # type: ignore[attr-defined]
        for left in ([2], [1], []):
            await pilot.press("u")
            await settle(app, pilot)
            assert [w.amount for w in wins_today(store, water)] == left  # type: ignore[attr-defined]
        undone = [n.message for n in app._notifications if n.message.startswith("Undone")]
        assert undone == ["Undone: Drink water +1 glass"] * 3


async def test_u_still_undoes_after_another_process_wrote_something_else(
    app: SmallWinsApp, store: Store
) -> None:
    # The file read again after another writer holds this screen's win as the store keeps it:
    # the undo finds it as it left it, and is made.
    (walk,) = add_goals(store, {"title": "Walk"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await settle(app, pilot)
        assert len(wins_today(store, walk)) == 1
        other = Store(store.path)
        with other.transaction() as tx:
            tx.put(new_win(tx.snapshot, now=NOW, today=TODAY, text="from the command line"))
        await pilot.pause(1.2)  # the dashboard reads the file again
        assert len(app.snapshot.wins) == 2
        await pilot.press("u")
        await settle(app, pilot)
        assert wins_today(store, walk) == []
        assert [w.note for w in wins_today(store)] == ["from the command line"]  # type: ignore[attr-defined]
        assert not [n for n in app._notifications if "since" in n.message]


async def test_a_win_from_another_process_appears_without_a_key(
    app: SmallWinsApp, store: Store
) -> None:
    (walk,) = add_goals(store, {"title": "Walk"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        other = Store(store.path)
        from smallwins_tui.domain.commands import new_win

        with other.transaction() as tx:
            goal = tx.snapshot.goal(walk)
            tx.put(new_win(tx.snapshot, now=NOW, today=TODAY, goal=goal))
        await pilot.pause(1.2)
        await settle(app, pilot)
        assert rows(app)[0].view.mark == "✔"
        assert app.screen.query_one(Heatmap).data.count_of(TODAY) == 1  # type: ignore[union-attr]


async def test_the_day_rolls_over_at_the_day_start_hour(store: Store) -> None:
    add_goals(store, {"title": "Walk"})
    moments = [pendulum.datetime(2026, 11, 25, 3, 59, tz="Europe/London")]

    from smallwins_tui.app import make_app
    from smallwins_tui.domain.clock import Clock

    clock = Clock(tz=pendulum.timezone("Europe/London"), source=lambda: moments[0])
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#today-date").render()) == "Tuesday, 24 November"
        moments[0] = pendulum.datetime(2026, 11, 25, 4, 0, tz="Europe/London")
        await pilot.pause(0.8)
        assert app.today == pendulum.date(2026, 11, 25)
        assert str(app.screen.query_one("#today-date").render()) == "Wednesday, 25 November"


async def test_screen_keys_help_and_quit(app: SmallWinsApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, mode in (
            ("2", "goals"),
            ("3", "history"),
            ("1", "today"),
            ("g", "goals"),
            ("h", "history"),
            ("t", "today"),
        ):
            await pilot.press(key)
            await pilot.pause(0.1)
            assert app.current_mode == mode
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("2")  # screen keys wait while help is open
        await pilot.pause(0.1)
        assert app.current_mode == "today"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_store_error_names_the_file_and_leaves_it_alone(
    store: Store, clock: object
) -> None:
    from smallwins_tui.app import make_app

    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"not": "smallwins"}', encoding="utf-8")
    before = store.path.read_bytes()
    app = make_app(store, clock)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "StoreErrorScreen"
        assert str(store.path) in str(app.screen.query_one("#error-path").render())
        await pilot.press("1")
        await pilot.pause()
        assert type(app.screen).__name__ == "StoreErrorScreen"
        await pilot.press("q")
    assert app.return_code == 1
    assert store.path.read_bytes() == before


async def test_palette_logs_a_win(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Log a win", "Add a goal", "Jump to a date", "Theme"} <= set(commands)
        app.action_log_win()
        await pilot.pause()
        await pilot.press(*"tidy", "enter")
        await settle(app, pilot)
        assert [w.note for w in wins_today(store)] == ["tidy"]  # type: ignore[attr-defined]


async def test_theme_is_remembered_in_the_store(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await settle(app, pilot)
    assert store.read().settings.theme == "textual-light"


async def test_a_small_win_is_cheered_in_place_of_the_prompt(
    app: SmallWinsApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(today_module, "CHEER_SECONDS", 0.3)
    add_goals(store, {"title": "Walk"})
    with store.transaction() as tx:
        tx.put(new_win(tx.snapshot, now=NOW, today=TODAY, text="earlier today"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one("#today-prompt", Static)
        await pilot.press("space")
        await settle(app, pilot)
        said = str(prompt.render())
        assert said.startswith("★ ")
        assert said[2:] in {line.format(title="Walk") for line in GOAL_LINES + WIN_LINES}
        assert prompt.has_class("-cheer")
        # Right above the goals, not a toast or the big stage (a toast lays the screen out
        # as it comes and again as it goes).
        assert not app._notifications
        assert not app.screen.query(CelebrationBanner)
        await pilot.pause(0.5)
        # Then the prompt again, as the draw made while the words were shown chose it.
        assert str(prompt.render()) == "All done for today. Enjoy the rest of it."
        assert not prompt.has_class("-cheer")


async def test_a_small_win_logged_from_another_screen_gets_a_toast(
    app: SmallWinsApp, store: Store
) -> None:
    with store.transaction() as tx:
        tx.put(new_win(tx.snapshot, now=NOW, today=TODAY, text="earlier today"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        app.log_free_win("tidied the desk")
        await settle(app, pilot)
        (toast,) = list(app._notifications)
        assert toast.title == "★ Small win"
        assert toast.message in WIN_LINES


async def test_the_selection_stays_on_its_goal_when_goals_change_elsewhere(
    app: SmallWinsApp, store: Store
) -> None:
    one, two, three = add_goals(store, {"title": "One"}, {"title": "Two"}, {"title": "Three"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        add_goals(Store(store.path), {"title": "Added elsewhere"})
        await pilot.pause(1.2)
        await settle(app, pilot)
        highlighted = [r.view.title for r in rows(app) if r.has_class("-highlight")]
        assert highlighted == ["Three"]
        await pilot.press("space")
        await settle(app, pilot)
        assert len(wins_today(store, three)) == 1
        assert wins_today(store, one) == wins_today(store, two) == []


async def test_form_errors_are_visible_and_enter_escape_does_not_crash(
    app: SmallWinsApp, store: Store
) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w", "enter")
        await pilot.pause()
        error = app.screen.query_one(".ask-error", Static)
        assert error.display and error.region.height == 1
        await pilot.press("escape")
        await pilot.pause()
        # Enter and escape at once: the form closes once, the app keeps running.
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(Input).insert_text_at_cursor("quick")
        await pilot.press("enter", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        assert [w.note for w in wins_today(store)] == ["quick"]  # type: ignore[attr-defined]


async def test_ctrl_p_runs_the_apps_own_commands(app: SmallWinsApp, store: Store) -> None:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Log a win")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"palette", "enter")
        await settle(app, pilot)
        assert [w.note for w in wins_today(store)] == ["palette"]  # type: ignore[attr-defined]

        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Jump to a date")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        date_input = app.screen.query_one(Input)
        date_input.value = ""
        await pilot.press(*"2026-03-15", "enter")
        await pilot.pause(0.5)
        assert app.current_mode == "history"
        assert "Sunday, 15 March 2026" in str(app.screen.query_one("#history-day").render())


@pytest.mark.parametrize("size", [(60, 20), (100, 30), (200, 60)])
async def test_the_recent_weeks_end_with_this_week_at_any_width(
    demo_store: Store, clock: Clock, size: tuple[int, int]
) -> None:
    app = make_app(demo_store, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        heatmap = app.screen.query_one(Heatmap)
        assert heatmap.data is not None
        assert heatmap.cell_width == 2
        drawn = heatmap.data.weeks[heatmap.first_column() :][: heatmap.visible_weeks]
        assert TODAY in drawn[-1]  # this week is the last column drawn


async def test_today_draws_once_per_snapshot(
    demo_app: SmallWinsApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each draw computes every goal's statistics: on a ten-year store that is the start-up.
    draws: list[object] = []
    show = TodayScreen.show

    def counting(self: TodayScreen, snapshot: object, today: object) -> None:
        draws.append(snapshot)
        show(self, snapshot, today)  # type: ignore[arg-type]

    monkeypatch.setattr(TodayScreen, "show", counting)
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        assert len(draws) == 1
        await pilot.press("2", "1")
        await pilot.pause(0.3)
        assert len(draws) == 1  # nothing changed, not even the minute
        await pilot.press("space")
        await settle(demo_app, pilot)
        assert len(draws) == 2 and draws[-1] is demo_app.snapshot


async def test_a_long_summary_wraps_inside_its_column(app: SmallWinsApp) -> None:
    # "Nothing scheduled today. A free small win still counts." is wider than the column at
    # 100x30: it used to be cut at the column's edge.
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        summary = app.screen.query_one("#today-summary", Static)
        column = app.screen.query_one("#checkin")
        assert "still counts." in str(summary.render())
        assert summary.size.height == 2
        assert summary.region.right <= column.region.right


async def test_a_win_on_a_busy_day_repaints_without_laying_the_screen_out(
    app: SmallWinsApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every line of today's list shows a new win and time after a key press; with the list
    # full, nothing changes size, so the frame is a partial repaint: no layout, and not the
    # whole screen (the app's snapshot is not a repainting reactive).
    (walk,) = add_goals(store, {"title": "Walk"})
    with store.transaction() as tx:
        for minutes in range(10):
            moment = NOW.subtract(minutes=5 + 7 * minutes)
            tx.put(new_win(tx.snapshot, now=moment, today=TODAY, text=f"step {minutes}"))
    layouts: list[str] = []
    full_repaints: list[str] = []
    layout, full = TodayScreen._refresh_layout, Compositor.render_full_update

    def counted_layout(screen: TodayScreen, *args: Any, **kwargs: Any) -> None:
        layouts.append("".join(traceback.format_stack(limit=10)))
        layout(screen, *args, **kwargs)

    def counted_full(compositor: Compositor, *args: Any, **kwargs: Any) -> Any:
        full_repaints.append("".join(traceback.format_stack(limit=10)))
        return full(compositor, *args, **kwargs)

    monkeypatch.setattr(TodayScreen, "_refresh_layout", counted_layout)
    monkeypatch.setattr(Compositor, "render_full_update", counted_full)
    # With notifications: the win's words are said without mounting a toast.
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        layouts.clear()
        full_repaints.clear()

        await pilot.press("space")
        await settle(app, pilot)

        assert len(wins_today(store, walk)) == 1
        assert rows(app)[0].view.mark == "✔"
        assert app.screen.query_one("#today-prompt").has_class("-cheer")
        assert layouts == [], layouts[0]
        assert full_repaints == [], full_repaints[0]


async def test_the_first_draw_mounts_the_goal_rows_at_once(
    app: SmallWinsApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not in a worker that mounts them a frame or two later: the screen's first frame must
    # show the goals (first paint is timed until it does).
    add_goals(store, {"title": "Write"}, {"title": "Walk"})
    after_first_draw: list[int] = []
    show = TodayScreen.show

    def counted_show(screen: TodayScreen, snapshot: Snapshot, today: Date) -> None:
        show(screen, snapshot, today)
        if not after_first_draw:
            after_first_draw.append(len(screen.query(GoalRow)))
            # Today's wins are composed with the screen: mounted already, not a frame later.
            after_first_draw.append(screen.query_one(WinList).is_mounted)

    monkeypatch.setattr(TodayScreen, "show", counted_show)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [r.view.title for r in rows(app)] == ["Write", "Walk"]
        assert rows(app)[0].has_class("-highlight")

    assert after_first_draw == [2, True]
