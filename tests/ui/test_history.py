"""The History screen on the demo year: cursor, years, goal filter, journal, live updates."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from smallwins_tui.app import SmallWinsApp
from smallwins_tui.demo import DEMO_NOW as NOW
from smallwins_tui.domain.commands import new_goal
from smallwins_tui.domain.heatmap import HeatmapData
from smallwins_tui.domain.models import Day, Goal, Win
from smallwins_tui.screens import history
from smallwins_tui.screens.history import HistoryScreen, same_day_in
from smallwins_tui.store import Store
from smallwins_tui.widgets.heatmap import Heatmap
from smallwins_tui.widgets.history_panels import DayPanel, ProgressPanel
from smallwins_tui.widgets.journal import Journal

TODAY = NOW.date()


async def open_history(app: SmallWinsApp, pilot: Pilot[None]) -> HistoryScreen:
    """Switch to History and return it."""
    await pilot.press("3")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def text_of(screen: HistoryScreen, selector: str) -> str:
    """The plain text a Static on the screen shows."""
    return str(screen.query_one(selector, Static).render())


def day_text(screen: HistoryScreen) -> str:
    """What the day panel says."""
    return str(screen.query_one(DayPanel).render())


async def test_opens_on_this_year_with_the_cursor_on_today(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        heatmap = screen.query_one(Heatmap)
        assert heatmap.has_focus
        assert heatmap.cursor == TODAY
        assert text_of(screen, "#history-top") == "2026  ·  843 wins on 286 days  ·  all goals"
        assert "Tuesday, 24 November 2026  today" in day_text(screen)
        wins_today = [w for w in demo_app.snapshot.wins if w.day == TODAY]
        assert f"{len(wins_today)} wins" in day_text(screen)
        assert "How far you've come" in str(screen.query_one(ProgressPanel).render())


async def test_arrows_move_the_cursor_and_the_day_panel_follows(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        await pilot.press("up")
        await pilot.pause()
        assert screen.selected_day == pendulum.date(2026, 11, 23)
        assert "Monday, 23 November 2026  yesterday" in day_text(screen)
        await pilot.press("left", "left")
        await pilot.pause()
        assert screen.selected_day == pendulum.date(2026, 11, 9)
        assert "Monday, 9 November 2026" in day_text(screen)
        await pilot.press("down")
        await pilot.pause()
        assert "Tuesday, 10 November 2026" in day_text(screen)


async def test_the_day_panel_lists_wins_rest_pause_and_note(demo_app: SmallWinsApp) -> None:
    snapshot = demo_app.store.read()
    rested = next(d for d in snapshot.days if d.rest and not d.note)
    noted = next(d for d in snapshot.days if d.note and not d.rest)
    pause = snapshot.pauses[0]
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        screen.show_day(rested.date)
        assert "☾ Rest day" in day_text(screen)
        screen.show_day(noted.date)
        assert f"\u201c{noted.note}\u201d" in day_text(screen)
        screen.show_day(pause.start)
        assert f"⏸ Paused · {pause.note}" in day_text(screen)
        assert "No wins logged on this day." in day_text(screen)


async def test_brackets_step_through_the_years(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        heatmap = screen.query_one(Heatmap)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.year == 2025
        assert heatmap.data is not None and heatmap.data.start == pendulum.date(2025, 1, 1)
        assert heatmap.cursor == pendulum.date(2025, 11, 24)
        assert text_of(screen, "#history-top").startswith("2025")
        assert "Monday, 24 November 2025" in day_text(screen)
        await pilot.press("left_square_bracket")  # the demo starts in 2025: nothing earlier
        assert screen.year == 2025
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert screen.year == 2026  # and nothing after this year
        assert heatmap.cursor == TODAY


def test_the_same_date_in_another_year_is_clamped() -> None:
    assert same_day_in(pendulum.date(2024, 2, 29), 2025) == pendulum.date(2025, 2, 28)
    assert same_day_in(pendulum.date(2025, 3, 31), 2024) == pendulum.date(2024, 3, 31)


async def test_f_filters_the_heatmap_to_one_goal(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        heatmap = screen.query_one(Heatmap)
        goals = demo_app.snapshot.active_goals()
        await pilot.press("f")
        await pilot.pause()
        first = goals[0]
        assert screen.goal_id == first.id
        wins = [w for w in demo_app.snapshot.wins if w.day.year == 2026]
        mine = [w for w in wins if w.goal_id == first.id]
        assert heatmap.data is not None
        assert sum(heatmap.data.counts.values()) == len(mine) < len(wins)
        assert heatmap.data.count_of(TODAY) == sum(1 for w in mine if w.day == TODAY)
        assert "all goals" not in text_of(screen, "#history-top")
        assert first.title in text_of(screen, "#history-top")
        assert first.title in str(screen.query_one(ProgressPanel).render())
        for _ in goals:
            await pilot.press("f")
        await pilot.pause()
        assert screen.goal_id is None
        assert sum(heatmap.data.counts.values()) == len(wins)


async def test_slash_searches_the_journal_and_escape_returns(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        journal = screen.query_one(Journal)
        notes = [d for d in demo_app.snapshot.days if d.note]
        assert len(journal.shown_days) == len(notes)
        assert journal.shown_days == sorted(journal.shown_days, reverse=True)
        await pilot.press("slash")
        assert screen.query_one(Input).has_focus
        await pilot.press(*"CAFÉ")
        await pilot.pause()
        cafe = sorted((d.date for d in notes if "café" in d.note.lower()), reverse=True)
        assert cafe and journal.shown_days == cafe
        assert "match \u201cCAFÉ\u201d" in str(screen.query_one("#journal-title", Static).render())
        await pilot.press("escape")
        assert screen.query_one(Heatmap).has_focus
        await pilot.press("slash", "enter")  # enter goes to the notes, enter again shows the day
        assert screen.query_one(OptionList).has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert screen.selected_day == cafe[0]
        assert screen.query_one(Heatmap).has_focus


async def test_home_jumps_back_to_today(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        await pilot.press("left", "left", "left_square_bracket", "up")
        await pilot.pause()
        assert screen.year == 2025
        await pilot.press("home")
        await pilot.pause()
        assert (screen.year, screen.selected_day) == (2026, TODAY)
        assert "Tuesday, 24 November 2026" in day_text(screen)


async def test_show_day_moves_to_the_year_and_the_day(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        screen.show_day(pendulum.date(2025, 12, 30))
        await pilot.pause()
        assert (screen.year, screen.selected_day) == (2025, pendulum.date(2025, 12, 30))
        assert "Tuesday, 30 December 2025" in day_text(screen)
        screen.show_day(pendulum.date(2027, 1, 1))  # never past today
        assert (screen.year, screen.selected_day) == (2026, TODAY)


async def test_a_win_from_another_process_appears(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        heatmap = screen.query_one(Heatmap)
        assert heatmap.data is not None
        before = heatmap.data.count_of(TODAY)
        other = Store(demo_app.store.path)
        with other.transaction() as tx:
            at = NOW.add(minutes=5).in_timezone("UTC")
            tx.put(Win(id="from-elsewhere", at=at, day=TODAY, note="Logged in a shell"))
        await pilot.pause(0.8)
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        assert heatmap.data.count_of(TODAY) == before + 1
        assert "Logged in a shell" in day_text(screen)
        assert heatmap.cursor == TODAY


async def test_user_text_is_never_markup(store: Store, app: SmallWinsApp) -> None:
    created = NOW.in_timezone("UTC").subtract(days=3)
    goal = Goal(id="g", title="[/ x", created=created, updated=created)
    at = NOW.in_timezone("UTC").subtract(hours=1)
    with store.transaction() as tx:
        tx.put(goal)
        tx.put(Win(id="w1", at=at, day=TODAY, goal_id="g", note="[bold red]x[/]"))
        tx.put(Win(id="w2", at=at, day=TODAY, note="[/ x"))
        tx.put(Day(TODAY, note="[b]not bold[/b] and [/ x", updated=at))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_history(app, pilot)
        text = day_text(screen)
        assert "[/ x · [bold red]x[/]" in text
        assert "★ [/ x" in text
        assert "\u201c[b]not bold[/b] and [/ x\u201d" in text
        await pilot.press("f")
        await pilot.pause()
        assert "[/ x" in text_of(screen, "#history-top")
        await pilot.press("slash", *"[/")
        await pilot.pause()
        assert screen.query_one(Journal).shown_days == [TODAY]
        assert "\u201c[/\u201d" in str(screen.query_one("#journal-title", Static).render())


async def test_an_empty_store_shows_kind_words(app: SmallWinsApp) -> None:
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        screen = await open_history(app, pilot)
        assert "No wins logged on this day." in day_text(screen)
        assert "No wins yet" in str(screen.query_one(ProgressPanel).render())
        await pilot.press("left_square_bracket", "f", "up")
        await pilot.pause()
        assert screen.year == 2026 and screen.goal_id is None


async def test_narrow_and_wide_layouts(demo_app: SmallWinsApp) -> None:
    async with demo_app.run_test(size=(60, 20), notifications=True) as pilot:
        screen = await open_history(demo_app, pilot)
        assert screen.has_class("-narrow")
        day, progress = screen.query_one(DayPanel), screen.query_one(ProgressPanel)
        assert progress.region.y > day.region.y  # stacked
        assert screen.query_one(Heatmap).cell_width == 1
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.has_class("-medium")
        assert progress.region.y == day.region.y and progress.region.x > day.region.x
        assert screen.query_one(Heatmap).cell_width == 2


async def test_moving_the_cursor_never_recomputes_the_year(
    demo_app: SmallWinsApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = history.snapshot_heatmap

    def counting(*args: Any, **kwargs: Any) -> HeatmapData:
        calls.append(args[1].year)
        return real(*args, **kwargs)

    monkeypatch.setattr(history, "snapshot_heatmap", counting)
    async with demo_app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_history(demo_app, pilot)
        assert calls == [2026]
        await pilot.press(*["up"] * 10, *["left"] * 10, "down", "right")
        await pilot.pause()
        assert calls == [2026]
        await pilot.press("left_square_bracket", "right_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert calls == [2026, 2025]  # each year once per snapshot and filter


async def test_a_day_that_fits_beside_the_progress_panel_moves_nothing(
    demo_app: SmallWinsApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Medium and wide panes put the day beside "How far you've come": a day no taller than
    # that panel keeps the row as it is, so a step of the cursor draws the day panel alone.
    layouts: list[int] = []
    layout = HistoryScreen._refresh_layout

    def counted(screen: HistoryScreen, *args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        layout(screen, *args, **kwargs)

    async with demo_app.run_test(size=(120, 40)) as pilot:
        screen = await open_history(demo_app, pilot)
        await pilot.pause()
        day, progress = screen.query_one(DayPanel), screen.query_one(ProgressPanel)
        assert day.size.height == progress.size.height > 12
        monkeypatch.setattr(HistoryScreen, "_refresh_layout", counted)
        heights = set()
        for key in ("up", "up", "left", "left", "down"):
            await pilot.press(key)
            await pilot.pause()
            heights.add(day.render().get_height(day.styles, day.content_size.width))  # type: ignore[attr-defined]
            assert day.size.height == progress.size.height
        assert len(heights) > 1  # days that need different heights
        assert layouts == []


async def test_a_narrow_pane_stacks_the_panels_and_keeps_no_room(
    demo_app: SmallWinsApp,
) -> None:
    async with demo_app.run_test(size=(60, 30)) as pilot:
        screen = await open_history(demo_app, pilot)
        await pilot.pause()
        day, progress = screen.query_one(DayPanel), screen.query_one(ProgressPanel)
        assert day.styles.min_height is None
        assert day.size.height == day.render().get_height(day.styles, day.content_size.width)  # type: ignore[attr-defined]
        assert day.size.height < progress.size.height
        # Made wider, the pane puts them side by side, and the day takes the row's height.
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert day.size.height == progress.size.height
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        await pilot.pause()
        assert day.styles.min_height is None
        assert day.size.height < progress.size.height


def busy_day(store: Store, day: pendulum.Date, wins: int, note: str) -> None:
    """`wins` free wins and a note on `day`."""
    with store.transaction() as tx:
        for n in range(wins):
            at = NOW.subtract(days=(TODAY - day).in_days(), minutes=n)
            tx.put(Win(f"w{day}-{n}", at=at, day=day, note=f"step {n}"))
        tx.put(Day(day, note=note))


def drawn_height(panel: DayPanel) -> int:
    """The lines the panel's day needs at its width."""
    return panel.render().get_height(panel.styles, panel.content_size.width)  # type: ignore[attr-defined,no-any-return]


async def test_the_day_panel_keeps_room_for_the_busiest_day_so_browsing_moves_nothing(
    app: SmallWinsApp, store: Store
) -> None:
    busy_day(store, TODAY.subtract(days=1), 12, "a long day\nwith two lines")
    with store.transaction() as tx:
        tx.put(new_goal(tx.snapshot, now=NOW.subtract(days=3), title="Walk"))
    async with app.run_test(size=(80, 50)) as pilot:  # room for 16 lines past the panel
        screen = await open_history(app, pilot)
        panel, journal = screen.query_one(DayPanel), screen.query_one(Journal)
        busy_height = panel.size.height
        assert busy_height >= drawn_height(panel) + 6  # today is quiet; the room is the busy day's
        journal_at = journal.region.y
        await pilot.press("up")  # a day earlier (left and right move by weeks)
        await pilot.pause()
        assert "step 11" in day_text(screen) and "with two lines" in day_text(screen)
        assert drawn_height(panel) == busy_height  # it fits the room exactly
        assert (panel.size.height, journal.region.y) == (busy_height, journal_at)
        await pilot.press("down")
        await pilot.pause()
        assert "step 11" not in day_text(screen)
        assert (panel.size.height, journal.region.y) == (busy_height, journal_at)
        # Counting Walk, the busy day's free wins are not shown: the room is measured again.
        await pilot.press("f")
        await pilot.pause()
        assert panel.size.height < busy_height
        await pilot.press("f")  # back to every goal
        await pilot.pause()
        assert screen.goal_id is None and panel.size.height == busy_height
        # Stacked in a narrow pane, the panel is always as tall as its day.
        await pilot.resize_terminal(60, 40)
        await pilot.press("up")
        await pilot.pause()
        assert panel.size.height == busy_height
        await pilot.press("down")
        await pilot.pause()
        assert panel.size.height < busy_height


async def test_a_day_taller_than_the_room_grows_the_panel_until_the_journal_changes(
    app: SmallWinsApp, store: Store
) -> None:
    # The room stops half a pane past the progress panel: a day taller still is drawn whole,
    # and the panel keeps its height while browsing, until a new journal, filter or size.
    busy_day(store, TODAY.subtract(days=1), 40, "forty small steps")
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await open_history(app, pilot)
        panel, journal = screen.query_one(DayPanel), screen.query_one(Journal)
        room = panel.size.height
        await pilot.press("up")
        await pilot.pause()
        busy_height = panel.size.height
        assert busy_height == drawn_height(panel) > room
        journal_at = journal.region.y
        await pilot.press("down")
        await pilot.pause()
        assert (panel.size.height, journal.region.y) == (busy_height, journal_at)
        await pilot.press("f")  # no goal to count apart: nothing changes
        await pilot.pause()
        assert (screen.goal_id, panel.size.height) == (None, busy_height)
        for fitted_by in ("a screen switch", "a new journal"):
            if fitted_by == "a screen switch":
                await pilot.press("1")
                await pilot.pause()
                await pilot.press("3")
            else:
                await pilot.press("up", "down")
                await pilot.pause()
                assert panel.size.height == busy_height
                with Store(store.path).transaction() as tx:  # another process
                    tx.put(Day(TODAY.subtract(days=30), note="a new note elsewhere"))
                app._poll()
                await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            assert panel.size.height == room, fitted_by
