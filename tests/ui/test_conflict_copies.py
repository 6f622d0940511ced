"""The dashboard notices sync conflict copies beside its store and merges them on request."""

from __future__ import annotations

import shutil

from textual.pilot import Pilot

from smallwins_tui.app import SmallWinsApp
from smallwins_tui.demo import DEMO_NOW as NOW
from smallwins_tui.domain.models import Day, Win
from smallwins_tui.store import Store

COPY = "smallwins.sync-conflict-20261124-101010-ABCDEFG.json"


def notices(app: SmallWinsApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def make_copy(store: Store) -> Store:
    """A conflict copy of the store holding a day note and a win the store does not have."""
    with store.transaction() as tx:
        tx.put(Day(NOW.date().subtract(days=3), note="base"))
    copy = Store(store.path.with_name(COPY))
    shutil.copy(store.path, copy.path)
    with copy.transaction() as tx:
        tx.put(Win("desk", at=NOW.subtract(hours=2), day=NOW.date(), note="from the desktop"))
    return copy


async def run_palette_merge(app: SmallWinsApp, pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    await pilot.press(*"Merge sync")
    await pilot.pause(0.5)
    await pilot.press("enter")
    for _ in range(40):
        await pilot.pause(0.05)
        if any(n.startswith(COPY) for n in notices(app)):
            return


async def test_a_copy_at_start_is_announced_and_merged_from_the_palette(
    app: SmallWinsApp, store: Store
) -> None:
    copy = make_copy(store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert any(COPY in n and "Merge sync conflict copies" in n for n in notices(app))
        assert [w.id for w in app.snapshot.wins] == []

        await run_palette_merge(app, pilot)

        assert any(n.startswith(f"{COPY}: added 1 win") for n in notices(app))
        assert [w.id for w in app.snapshot.wins] == ["desk"]
        assert not copy.path.exists()
        assert app.conflict_copies == ()


async def test_a_copy_that_appears_later_is_announced_once(app: SmallWinsApp, store: Store) -> None:
    with store.transaction() as tx:
        tx.put(Day(NOW.date(), note="x"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause(0.6)
        assert notices(app) == []
        shutil.copy(store.path, store.path.with_name(COPY))
        await pilot.pause(1.2)
        assert sum(COPY in n for n in notices(app)) == 1
        await pilot.pause(1.2)
        assert sum(COPY in n for n in notices(app)) == 1


async def test_a_copy_edited_on_both_sides_is_merged_but_kept(
    app: SmallWinsApp, store: Store
) -> None:
    copy = make_copy(store)
    with copy.transaction() as tx:
        tx.put(Day(NOW.date().subtract(days=3), note="older edit", updated=NOW.subtract(days=2)))
    with store.transaction() as tx:
        tx.put(Day(NOW.date().subtract(days=3), note="newer edit", updated=NOW.subtract(days=1)))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await run_palette_merge(app, pilot)

        assert any("1 record edited on both copies" in n for n in notices(app))
        assert copy.path.exists()
        assert app.snapshot.day(NOW.date().subtract(days=3)).note == "newer edit"
        assert [w.id for w in app.snapshot.wins] == ["desk"]
