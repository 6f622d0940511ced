"""A large store opens in two steps: Today from the recent wins, then the whole journal."""

from __future__ import annotations

import pytest
from pendulum import Date
from textual.pilot import Pilot

from smallwins_tui.app import SmallWinsApp, make_app
from smallwins_tui.demo import DEMO_NOW as NOW
from smallwins_tui.domain.clock import Clock
from smallwins_tui.domain.commands import new_goal, new_win
from smallwins_tui.domain.models import Snapshot
from smallwins_tui.screens.goals import GoalsScreen
from smallwins_tui.screens.today import TodayScreen
from smallwins_tui.store import Store
from smallwins_tui.widgets.goal_row import GoalRow, GoalView
from smallwins_tui.widgets.goal_tree import GoalTree
from smallwins_tui.widgets.header import AppHeader

LONG_AGO = NOW.subtract(years=3)


@pytest.fixture
def large_store(demo_store: Store) -> Store:
    """The demo year, plus a goal made three years ago and one win of that time."""
    with demo_store.transaction() as tx:
        old = new_goal(tx.snapshot, now=LONG_AGO, title="Read")
        tx.put(old)
        tx.put(new_win(tx.snapshot, now=LONG_AGO, today=LONG_AGO.date(), goal=old))
    return demo_store


def quick_app(store: Store, clock: Clock) -> SmallWinsApp:
    return make_app(store, clock, quick_start_bytes=0)  # any store counts as large


async def settle(app: SmallWinsApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_today_is_drawn_from_the_recent_wins_first_then_with_the_streaks(
    large_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, bool, list[GoalView], tuple[str, ...]]] = []
    show, show_goals, read = TodayScreen.show, TodayScreen._show_goals, Store.read
    drawn: list[GoalView] = []

    def recording_show(screen: TodayScreen, snapshot: Snapshot, today: object) -> None:
        drawn.clear()
        show(screen, snapshot, today)  # type: ignore[arg-type]
        summary = screen.query_one(AppHeader).summary
        events.append(("show", snapshot.complete, list(drawn), summary))

    def recording_show_goals(screen: TodayScreen, views: tuple[GoalView, ...]) -> None:
        drawn.extend(views)
        show_goals(screen, views)

    def recording_read(store: Store) -> Snapshot:
        events.append(("read", True, [], ()))
        return read(store)

    monkeypatch.setattr(TodayScreen, "show", recording_show)
    monkeypatch.setattr(TodayScreen, "_show_goals", recording_show_goals)
    monkeypatch.setattr(Store, "read", recording_read)
    app = quick_app(large_store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.snapshot.complete
        assert LONG_AGO.date() in {w.day for w in app.snapshot.wins}

    kinds = [(kind, complete) for kind, complete, _views, _summary in events]
    assert kinds[:3] == [("show", False), ("read", True), ("show", True)]
    _, _, first_views, first_summary = events[0]
    _, _, whole_views, whole_summary = events[2]
    # The first look shows every goal with today's state and amount, and no streak yet.
    assert [v.title for v in first_views] == [v.title for v in whole_views]
    assert [(v.mark, v.amount) for v in first_views] == [(v.mark, v.amount) for v in whole_views]
    assert not any(v.streak for v in first_views) and any(v.streak for v in whole_views)
    assert not any("streak" in part for part in first_summary)
    assert "streak" in whole_summary[-1]


async def test_a_key_pressed_during_the_first_look_writes_once_on_the_whole_store(
    large_store: Store, clock: Clock
) -> None:
    app = quick_app(large_store, clock)
    wins_before = len(large_store.read().wins)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("w", *"first look", "enter")  # a free win, logged at once
        await settle(app, pilot)
        assert app.snapshot.complete
        assert len(app.snapshot.wins) == wins_before + 1

    wins = Store(large_store.path).read().wins
    assert len(wins) == wins_before + 1
    assert [w.note for w in wins if w.note == "first look"] == ["first look"]


async def test_goals_opened_during_the_first_look_are_drawn_when_the_journal_is_read(
    large_store: Store, clock: Clock
) -> None:
    app = quick_app(large_store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen)
        tree = app.screen.query_one(GoalTree)
        titles = [str(node.label) for node in tree.root.children]
        assert "Read" in titles and len(titles) > 1


async def test_a_small_store_is_read_whole_at_once(
    demo_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_reads: list[Snapshot] = []
    read_recent = Store.read_recent

    def recorded(store: Store, since: Date, *, min_bytes: int = 0) -> Snapshot:
        first_reads.append(read_recent(store, since, min_bytes=min_bytes))
        return first_reads[-1]

    monkeypatch.setattr(Store, "read_recent", recorded)
    app = make_app(demo_store, clock)  # the default threshold: the demo year is well under it
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [snapshot.complete for snapshot in first_reads] == [True]  # no first look
        assert app.snapshot.complete
        assert any(row.view.streak for row in app.screen.query(GoalRow))
