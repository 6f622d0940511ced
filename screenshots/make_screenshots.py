"""Regenerate the README's screenshots: each screen on the demo year, fixed clock, 120x40.

Run with `make screenshots`.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from smallwins_tui.app import make_app
from smallwins_tui.demo import DEMO_NOW, demo_records
from smallwins_tui.domain.clock import Clock
from smallwins_tui.store import Store

HERE = Path(__file__).resolve().parent
SHOTS = (("today", "1", (120, 40)), ("goals", "2", (120, 40)), ("history", "3", (120, 40)),
         ("today-narrow", "1", (60, 20)))


async def shoot(folder: Path) -> None:
    """Save one SVG per screen into this folder."""
    for name, key, size in SHOTS:
        store = Store(folder / f"{name}.json")
        with store.transaction() as tx:
            for record in demo_records(DEMO_NOW.date(), DEMO_NOW):
                tx.put(record)  # type: ignore[arg-type]
        app = make_app(store, Clock.fixed(DEMO_NOW))
        async with app.run_test(size=size) as pilot:
            await pilot.press(key)
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.save_screenshot(str(HERE / f"{name}.svg"))
        print(f"screenshots/{name}.svg")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(shoot(Path(folder)))
    sys.exit(0)
