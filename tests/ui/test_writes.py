"""How the dashboard writes: the screens draw a change while its file is written, and take it
back if the write fails."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from smallwins_tui import app as app_module
from smallwins_tui.app import QUICK_START_BYTES, SmallWinsApp, make_app
from smallwins_tui.demo import DEMO_NOW as NOW
from smallwins_tui.domain.clock import Clock
from smallwins_tui.domain.commands import new_goal
from smallwins_tui.domain.models import Day
from smallwins_tui.store import Store, StoreError
from smallwins_tui.store.storage import Payload, _Key
from smallwins_tui.widgets.goal_row import GoalRow

TODAY = NOW.date()


@pytest.fixture
def walk(store: Store) -> str:
    """One daily goal, "Walk", open today."""
    with store.transaction() as tx:
        goal = new_goal(tx.snapshot, now=NOW.subtract(days=30), title="Walk")
        tx.put(goal)
    return goal.id


def marks(app: SmallWinsApp) -> list[str]:
    return [row.view.mark for row in app.screen.query(GoalRow)]


def wins_on_disk(store: Store) -> int:
    """Today's wins in the file, as a new process would read it."""
    return sum(win.day == TODAY for win in Store(store.path).read().wins)


async def until(pilot: Pilot[None], holds: object, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if holds():  # type: ignore[operator]
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


async def test_a_change_is_drawn_while_its_file_is_written(
    app: SmallWinsApp, store: Store, walk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The change is decided under the lock; only the bytes going to the disk are left, and
    # the screens do not wait for them.
    release = threading.Event()
    write = Store._write

    def held_write(self: Store, target: Path, payload: Payload) -> _Key:
        assert release.wait(10), "the test never let the write go on"
        return write(self, target, payload)

    monkeypatch.setattr(Store, "_write", held_write)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert marks(app) == ["○"]
        await pilot.press("space")
        await until(pilot, lambda: marks(app) == ["✔"])
        assert wins_on_disk(store) == 0  # drawn, and the file still being written
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert marks(app) == ["✔"]
        assert wins_on_disk(store) == 1


async def test_a_change_that_cannot_be_written_is_taken_back(
    app: SmallWinsApp, store: Store, walk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: Store, target: Path, payload: Payload) -> _Key:
        raise StoreError(self.path, "could not write: disk full (the file was left as it was)")

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Store, "_write", full_disk)
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The win was drawn before the write failed: it is taken off the screen again, and
        # the user is told why.
        assert marks(app) == ["○"]
        assert not any(win.day == TODAY for win in app.snapshot.wins)
        (notice,) = list(app._notifications)
        assert notice.title == "Could not save"
        assert "disk full" in notice.message
        assert wins_on_disk(store) == 0
        # Nothing is left half done: the next key press writes.
        monkeypatch.undo()
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert marks(app) == ["✔"]
        assert wins_on_disk(store) == 1


@pytest.mark.parametrize("quick_start", [False, True], ids=["read whole", "read in two steps"])
async def test_the_cycle_collector_waits_for_a_quiet_moment_and_is_given_back(
    store: Store, clock: Clock, walk: str, monkeypatch: pytest.MonkeyPatch, quick_start: bool
) -> None:
    # Left automatic, the collector ran inside key presses (what a change and its frame make);
    # the dashboard runs it after a change is drawn instead, and on a timer.
    app = make_app(store, clock, quick_start_bytes=0 if quick_start else QUICK_START_BYTES)
    collections: list[int] = []
    collect = gc.collect

    def counted(generation: int = 2) -> int:
        collections.append(generation)
        return collect(generation)

    monkeypatch.setattr(gc, "collect", counted)
    monkeypatch.setattr(app_module, "CYCLE_COLLECTION_SECONDS", 0.05)
    assert gc.isenabled()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not gc.isenabled()  # paused once the journal is loaded
        await until(pilot, lambda: 2 in collections)  # the timer's full collection
        collections.clear()
        monkeypatch.setattr(app_module, "CYCLE_COLLECTION_SECONDS", 3600.0)
        await pilot.press("space")
        await until(pilot, lambda: wins_on_disk(store) == 1)
        await app.workers.wait_for_complete()
        assert 1 in collections  # once the change was drawn
        # Another process writes: the journal read again is frozen like the first.
        frozen = gc.get_freeze_count()
        with Store(store.path).transaction() as tx:
            tx.put(Day(TODAY, note="from a shell"))
        app._poll()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.snapshot.day(TODAY).note == "from a shell"
        assert gc.get_freeze_count() > frozen
    assert gc.isenabled()  # given back on the way out


async def test_a_store_that_cannot_be_read_leaves_the_collector_alone(
    app: SmallWinsApp, store: Store
) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("not json", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app._store_error is not None
        assert gc.isenabled()
    assert gc.isenabled()
