"""Figures measured inside the dashboard (headless, 120x40): keypress to repaint, History steps.

Each measurement runs in a fresh process so runs do not share caches or garbage:

    python -m benchmarks.measure_inapp keypress --store S.json --out R.json [--presses 30]
    python -m benchmarks.measure_inapp history --store S.json --out R.json [--steps 50]

Keys go to the app as the terminal driver sends them (no Pilot waits); a step ends with the
first frame the compositor draws after the widgets show the new state: the heatmap has drawn
its new data or cursor (and, on History, the day panel holds the new day). Frames are seen
through `App.post_display_hook`, which Textual calls after every frame, headless included.
Headless means the frame is not written to a terminal: the terminal's own cost is figure 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pendulum import Date
from textual import events

from smallwins_tui.app import SmallWinsApp, make_app
from smallwins_tui.domain.clock import Clock
from smallwins_tui.store import Store
from smallwins_tui.widgets.heatmap import Heatmap
from smallwins_tui.widgets.history_panels import DayPanel, long_date

from .generate import DEFAULT_TODAY, copy_store, now_of

SIZE = (120, 40)
STEP_TIMEOUT = 30.0
"""Seconds a single step may take before the measurement gives up."""
GAP = 0.05
"""Seconds between two keys: a fast typist, or a held arrow key's repeat."""


def send_key(app: SmallWinsApp, key: str) -> None:
    """Post a key event the way the terminal driver does, without waiting for it."""
    character: str | None
    try:
        character = unicodedata.lookup(key.upper().replace("_", " "))
    except KeyError:
        character = key if len(key) == 1 else None
    event = events.Key(key, character)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


class StallMonitor:
    """Measures how late the event loop wakes a task that sleeps 1 ms, while `armed`."""

    def __init__(self) -> None:
        self.armed = False
        self.worst = 0.0
        """The longest overshoot (seconds) since the last `reset`."""
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin sampling in the running loop."""
        self._task = asyncio.create_task(self._run())

    def reset(self) -> None:
        """Forget the worst stall seen so far."""
        self.worst = 0.0

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            late = time.perf_counter() - before - 0.001
            if self.armed and late > self.worst:
                self.worst = late

    def stop(self) -> None:
        """Stop sampling."""
        if self._task is not None:
            self._task.cancel()


@dataclass
class FrameWatch:
    """Times a step: from the key to the first frame after which `done()` holds."""

    app: SmallWinsApp
    done: Callable[[], bool] = lambda: False
    started: float = 0.0
    finished: float | None = None
    frames: int = 0
    step_frames: int = 0
    """Frames drawn during the last step, the one that showed its result included."""
    rendered: dict[str, Any] = field(default_factory=dict)
    """What watched widgets last drew since the step began (filled by the wrappers)."""

    def __post_init__(self) -> None:
        self.app.post_display_hook = self._frame  # type: ignore[method-assign]

    def _frame(self) -> None:
        self.frames += 1
        if self.finished is None and self.started and self.done():
            self.finished = time.perf_counter()

    def watch_heatmap(self, heatmap: Heatmap, name: str) -> None:
        """Note what `heatmap` draws (its data and cursor) whenever it draws a line."""
        draw = heatmap.render_line

        def render_line(y: int) -> Any:
            self.rendered[name] = (heatmap.data, heatmap.cursor)
            return draw(y)

        heatmap.render_line = render_line  # type: ignore[method-assign]

    def watch_panel(self, panel: DayPanel, name: str) -> None:
        """Note the text `panel` is given whenever it is updated."""
        update = panel.update

        def updated(content: Any = "", **kwargs: Any) -> None:
            self.rendered[name] = getattr(content, "plain", str(content))
            update(content, **kwargs)

        panel.update = updated  # type: ignore[method-assign]

    async def step(self, key: str, done: Callable[[], bool]) -> float:
        """Press `key` and wait for the frame that shows the result; its latency in ms."""
        self.rendered.clear()
        self.done, self.finished = done, None
        first_frame = self.frames
        self.started = time.perf_counter()
        send_key(self.app, key)
        deadline = self.started + STEP_TIMEOUT
        while self.finished is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(
                    f"no frame showed the result of {key!r} in {STEP_TIMEOUT:.0f}s "
                    f"({self.frames - first_frame} frames drawn; screen {self.app.screen!r}, "
                    f"focus {self.app.focused!r}, drawn {sorted(self.rendered)}, "
                    f"notifications {[n.message for n in self.app._notifications]})"
                )
            await asyncio.sleep(0.001)
        latency = (self.finished - self.started) * 1000
        self.started = 0.0
        self.step_frames = self.frames - first_frame
        return latency


async def _until(predicate: Callable[[], bool], what: str, seconds: float = 120.0) -> None:
    deadline = time.perf_counter() + seconds
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


def _count(heatmap: Heatmap, day: Date) -> int:
    """The wins `heatmap` shows on `day` (0 before it has data)."""
    return heatmap.data.count_of(day) if heatmap.data is not None else 0


def _app(store_path: Path, today: Date) -> SmallWinsApp:
    clock = Clock.fixed(now_of(today), "UTC")
    # As the command line builds it: the first write of the day keeps a backup.
    store = Store(store_path, backup_day=lambda: clock.now().date())
    return make_app(store, clock)


async def keypress(store_path: Path, presses: int, today: Date = DEFAULT_TODAY) -> dict[str, Any]:
    """Space on the first goal of Today, `presses` times (done, not done, ...)."""
    app = _app(store_path, today)
    latencies: list[float] = []
    stalls: list[float] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _until(lambda: bool(app.screen.query("#today-heatmap")), "the Today screen")
        screen = app.screen
        heatmap = screen.query_one("#today-heatmap", Heatmap)
        # The generator logs wins today: a heatmap without them is not the store's yet.
        await _until(lambda: _count(heatmap, today) > 0, "today's wins on the Today heatmap")
        await _until(lambda: screen.selected_goal_id() is not None, "the goal list")  # type: ignore[attr-defined]
        # A large store opens on its recent wins first: measure once the whole journal is in.
        await _until(lambda: app.snapshot.complete, "the whole journal")
        await pilot.pause()
        watch = FrameWatch(app)
        monitor = StallMonitor()
        monitor.start()
        await asyncio.sleep(0.1)
        for _ in range(presses):
            data = heatmap.data
            assert data is not None
            before = data.count_of(today)

            def shown(before: int = before) -> bool:
                # Checked after each frame: the first frame once the heatmap holds the new count
                # (it drew the lines whose levels changed; a count that keeps its level changes
                # no line, and nothing is drawn again for it).
                data = heatmap.data
                return data is not None and data.count_of(today) != before

            monitor.reset()
            monitor.armed = True
            latencies.append(await watch.step("space", shown))
            monitor.armed = False
            stalls.append(monitor.worst * 1000)
            await asyncio.sleep(GAP)
        monitor.stop()
    return {"latency_ms": latencies, "stall_ms": stalls}


async def history(store_path: Path, steps: int, today: Date = DEFAULT_TODAY) -> dict[str, Any]:
    """On History: `steps` year switches ([ and ]) and `steps` cursor moves (arrows)."""
    app = _app(store_path, today)
    years: list[float] = []
    moves: list[float] = []
    frames: dict[str, list[int]] = {"year": [], "move": []}
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _until(lambda: bool(app.screen.query("#today-heatmap")), "the Today screen")
        await _until(lambda: app.snapshot.complete, "the whole journal")
        await pilot.pause()
        send_key(app, "3")
        await _until(
            lambda: bool(app.screen.query("#history-map") and app.screen.query(DayPanel)),
            "the History screen",
        )
        screen = app.screen
        heatmap = screen.query_one("#history-map", Heatmap)
        panel = screen.query_one(DayPanel)
        await _until(
            lambda: _count(heatmap, today) > 0 and heatmap.has_focus, "the History heatmap"
        )
        await pilot.pause()
        watch = FrameWatch(app)
        watch.watch_heatmap(heatmap, "map")
        watch.watch_panel(panel, "day")

        def showing(year: int, day: Date) -> Callable[[], bool]:
            def done() -> bool:
                drawn = watch.rendered.get("map")
                text = watch.rendered.get("day")
                return (
                    drawn is not None
                    and drawn[0] is not None
                    and drawn[0].start.year == year
                    and drawn[1] == day
                    and text is not None
                    and long_date(day) in text
                )

            return done

        year = today.year
        cursor = heatmap.cursor or today
        # Cursor moves in this year: weeks back, days up and down, then weeks forward again.
        pattern = ["left"] * 8 + ["up"] * 5 + ["down"] * 5 + ["right"] * 8
        delta = {"left": -7, "right": 7, "up": -1, "down": 1}
        for n in range(steps):
            key = pattern[n % len(pattern)]
            target = cursor.add(days=delta[key])
            data = heatmap.data
            assert data is not None
            if not data.start <= target <= min(data.end, data.today):
                continue
            cursor = target
            moves.append(await watch.step(key, showing(year, cursor)))
            frames["move"].append(watch.step_frames)
            await asyncio.sleep(GAP)
        # Year switches: back to the first year with data, forward to this one, and again.
        first_year = screen.index.first_year or today.year  # type: ignore[attr-defined]
        direction = -1
        for _ in range(steps if first_year < today.year else 0):
            if not first_year <= year + direction <= today.year:
                direction = -direction
            year += direction
            cursor = _same_day_in(cursor, year)
            key = "left_square_bracket" if direction < 0 else "right_square_bracket"
            years.append(await watch.step(key, showing(year, cursor)))
            frames["year"].append(watch.step_frames)
            await asyncio.sleep(GAP)
    return {
        "year_ms": years,
        "move_ms": moves,
        "year_frames": frames["year"],
        "move_frames": frames["move"],
    }


def _same_day_in(day: Date, year: int) -> Date:
    from smallwins_tui.screens.history import same_day_in

    return same_day_in(day, year)


def main(argv: list[str] | None = None) -> int:
    """Run one in-app measurement on a private copy of a store; write its samples as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure_inapp")
    parser.add_argument("figure", choices=("keypress", "history"))
    parser.add_argument("--store", type=Path, required=True, help="the store to copy")
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON")
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--steps", type=int, default=50)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="smallwins-bench-") as folder:
        store = copy_store(args.store, Path(folder))
        if args.figure == "keypress":
            result = asyncio.run(keypress(store, args.presses))
        else:
            result = asyncio.run(history(store, args.steps))
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
