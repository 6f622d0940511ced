"""SVG snapshots of every screen on the demo year, at 80x24 and 60x20, with a fixed clock.

Update them after a reviewed visual change with `pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from smallwins_tui.app import SmallWinsApp, make_app
from smallwins_tui.demo import DEMO_NOW, demo_records
from smallwins_tui.domain.clock import Clock
from smallwins_tui.store import Store

SIZES = [(80, 24), (60, 20)]
SCREENS = {"today": "1", "goals": "2", "history": "3"}


def demo_app(folder: Path) -> SmallWinsApp:
    """The dashboard on the demo year, frozen at Tue 24 Nov 2026 16:30."""
    store = Store(folder / "smallwins.json")
    with store.transaction() as tx:
        for record in demo_records(DEMO_NOW.date(), DEMO_NOW):
            tx.put(record)  # type: ignore[arg-type]
    return make_app(store, Clock.fixed(DEMO_NOW))


def showing(key: str) -> Callable[[Any], Any]:
    async def run_before(pilot: Any) -> None:
        await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare: Any, tmp_path: Path, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=showing(SCREENS[screen]))


def test_help(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=showing("?"))
