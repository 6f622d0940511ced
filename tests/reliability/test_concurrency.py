"""The dashboard and two `smallwins log` loops write one store at once; a busy or stale lock.

The dashboard runs headless in the test process and logs its wins through the app, while two
processes each log theirs through the `smallwins log` entry point (`smallwins_tui.cli.main`, the
function the `smallwins` command runs), every tenth one as a real `smallwins log` process. Every
write must be in the store exactly once, and on the dashboard.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest

from smallwins_tui.app import SmallWinsApp, make_app
from smallwins_tui.demo import DEMO_NOW
from smallwins_tui.domain.clock import Clock
from smallwins_tui.domain.models import Win
from smallwins_tui.screens.today import TodayScreen
from smallwins_tui.store import Store
from smallwins_tui.widgets.heatmap import Heatmap
from smallwins_tui.widgets.win_list import WinList

Record = Callable[..., None]
NOW = DEMO_NOW
"""Tuesday 24 November 2026, 16:30 in London, for the dashboard and the command line alike."""
TODAY = NOW.date()
ENV = {**os.environ, "SMALLWINS_NOW": NOW.isoformat(), "TZ": "Europe/London"}

LOG_LOOP = """
import contextlib, io, json, subprocess, sys, time
from pathlib import Path
from smallwins_tui import cli

path, tag, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.005)
processes, slowest = 0, 0.0
for i in range(count):
    text, started = f"{tag} {i}", time.monotonic()
    if i % 10 == 0:  # a real `smallwins log` process
        done = subprocess.run(
            [sys.executable, "-m", "smallwins_tui", "log", text, "--db", path],
            capture_output=True, text=True,
        )
        status, said = done.returncode, done.stderr
        processes += 1
    else:  # what the `smallwins` command runs, without starting Python again
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = cli.main(["log", text, "--db", path])
        said = out.getvalue()
    if status != 0:
        sys.exit(f"{text!r} exited {status}: {said}")
    slowest = max(slowest, time.monotonic() - started)
print(json.dumps({"processes": processes, "slowest": round(slowest, 3)}), flush=True)
"""

HOLD_LOCK = """
import sys, time
from smallwins_tui.store import Store

with Store(sys.argv[1]).transaction():
    print("locked", flush=True)
    time.sleep(120)
"""


def python(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )  # fmt: skip


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "smallwins" / "smallwins.json"


@pytest.fixture
def holder(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the store's lock until it is killed."""
    process = python("-c", HOLD_LOCK, path)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked", process.communicate()[1]
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate()


def failures(app: SmallWinsApp) -> list[str]:
    """Messages of the dashboard's "Not saved" and "Could not save" notifications."""
    return [n.message for n in app._notifications if "save" in (n.title or "")]


def turns(path: Path) -> int:
    """How often the writer changes from one win to the next, in the order they were written."""
    days = orjson.loads(path.read_bytes())["days"]
    # Each day's wins are listed in the order they were written.
    wins = [win for key in sorted(days, key=int) for win in days[key].get("wins", [])]
    writers = [win["note"].rsplit(" ", 1)[0] for win in wins]
    return sum(a != b for a, b in itertools.pairwise(writers))


async def settle(app: SmallWinsApp, pilot: object) -> None:
    """Let the dashboard's poll notice the file, then wait for the reload and the redraw."""
    await pilot.pause(1.0)  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


# --- the dashboard and two log loops ------------------------------------------------------------


async def race(path: Path, writes: int, screen: str) -> dict[str, object]:
    """The dashboard and two log loops each make `writes` writes at once; the figures."""
    go = path.parent / "go"
    path.parent.mkdir(parents=True, exist_ok=True)
    loops = [python("-c", LOG_LOOP, path, tag, str(writes), go) for tag in ("loop-a", "loop-b")]
    for loop in loops:
        assert loop.stdout is not None
        assert loop.stdout.readline().strip() == "ready", loop.communicate()[1]
    app = make_app(Store(path), Clock.fixed(NOW))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press({"today": "1", "goals": "2", "history": "3"}[screen])
        await pilot.pause()
        started = time.monotonic()
        go.touch()
        for i in range(writes):
            app.log_free_win(f"dashboard {i}")
            if i % 10 == 9:
                await app.workers.wait_for_complete()
        await app.workers.wait_for_complete()
        dashboard_seconds = time.monotonic() - started
        while any(loop.poll() is None for loop in loops):
            await pilot.pause(0.1)
        seconds = time.monotonic() - started
        said = [loop.communicate() for loop in loops]
        for loop, (_out, err) in zip(loops, said, strict=True):
            assert loop.returncode == 0, err
        assert failures(app) == []

        tags = ("dashboard", "loop-a", "loop-b")
        expected = Counter(f"{tag} {i}" for tag in tags for i in range(writes))
        wins = Store(path).read().wins
        stored = Counter(win.note for win in wins)
        assert stored == expected  # every write once: nothing lost, nothing doubled
        assert len({win.id for win in wins}) == len(wins)
        assert Store(path).check() == []

        await settle(app, pilot)
        assert Counter(win.note for win in app.snapshot.wins) == expected
        await pilot.press("1")  # Today lists the newest and counts the rest; so does the heatmap
        await settle(app, pilot)
        today = app.screen
        assert isinstance(today, TodayScreen)
        listed = today.query_one(WinList)
        shown = len(listed.titles())
        assert listed.lines()[-1] == f"and {3 * writes - shown:,} more today (History has them all)"
        assert today.query_one(Heatmap).data.count_of(TODAY) == 3 * writes
    loop_figures = [json.loads(out.splitlines()[-1]) for out, _err in said]
    return {
        "writers": 3,
        "writes_each": writes,
        "writes_raced": 3 * writes,
        "wins_found": len(wins),
        "turns_between_writers": turns(path),
        "duplicated": sum(n - 1 for n in stored.values() if n > 1),
        "lost": sum((expected - stored).values()),
        "on_the_dashboard": len(app.snapshot.wins),
        "real_smallwins_log_processes": sum(f["processes"] for f in loop_figures),
        "slowest_loop_write_seconds": max(f["slowest"] for f in loop_figures),
        "dashboard_seconds": round(dashboard_seconds, 1),
        "seconds": round(seconds, 1),
        "dashboard_screen_during_the_race": screen,
    }


async def test_the_dashboard_and_two_log_loops_write_at_once(
    path: Path, record_figures: Record
) -> None:
    record_figures("concurrency (make test)", await race(path, 30, "today"))


@pytest.mark.slow
async def test_500_writes_each_from_the_dashboard_and_two_log_loops(
    path: Path, record_figures: Record
) -> None:
    record_figures("concurrency", await race(path, 500, "today"), publish=True)


# --- a busy lock, a stale lock ------------------------------------------------------------------


async def test_the_dashboard_says_the_store_is_busy_instead_of_hanging(
    path: Path, holder: subprocess.Popen[str]
) -> None:
    app = make_app(Store(path, lock_timeout=0.3), Clock.fixed(NOW))
    async with app.run_test(notifications=True) as pilot:
        started = time.monotonic()
        app.log_free_win("while the lock is held")
        await app.workers.wait_for_complete()
        assert time.monotonic() - started < 3
        (message,) = failures(app)
        assert message == (
            f"{path}: store is busy: held by PID {holder.pid} "
            "(another smallwins is writing it); try again"
        )

        holder.kill()
        holder.wait()
        app.log_free_win("after the holder died")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(failures(app)) == 1
    assert [w.note for w in Store(path).read().wins] == ["after the holder died"]


def test_smallwins_log_is_not_blocked_by_a_killed_lock_holder(
    path: Path, holder: subprocess.Popen[str]
) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert path.with_name("smallwins.json.lock").exists()
    started = time.monotonic()
    log = python("-m", "smallwins_tui", "log", "after the kill", "--db", path)
    _out, err = log.communicate(timeout=30)
    assert log.returncode == 0, err
    assert time.monotonic() - started < 5  # far below the 10 s lock timeout
    assert [w.note for w in Store(path).read().wins] == ["after the kill"]


@pytest.mark.slow
def test_smallwins_log_on_a_busy_store_gives_up_with_one_line(
    path: Path, holder: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    log = python("-m", "smallwins_tui", "log", "while the lock is held", "--db", path)
    _out, err = log.communicate(timeout=60)
    waited = time.monotonic() - started
    assert log.returncode == 1
    assert err == (
        f"smallwins: {path}: store is busy: held by PID {holder.pid} "
        "(another smallwins is writing it); try again\n"
    )
    assert 9 < waited < 20  # the 10 s lock timeout, not forever
    assert not path.exists()


# --- a busy day on Today -----------------------------------------------------------------------


async def test_today_lists_the_newest_wins_and_counts_the_rest(path: Path) -> None:
    # Each new win redraws Today: a day with hundreds of wins must not mean hundreds of
    # widgets rebuilt per write (it once did, at about 4 ms a line).
    with Store(path).transaction() as tx:
        for i in range(200):
            at = NOW.subtract(seconds=10 * (i + 1))
            tx.put(Win(id=f"w{i}", at=at, day=TODAY, note=f"earlier {i}"))
    app = make_app(Store(path), Clock.fixed(NOW))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.log_free_win("new one")
        await app.workers.wait_for_complete()
        await pilot.pause()
        wins = app.screen.query_one(WinList)
        titles = wins.titles()
        assert titles[0] == "★ new one" and len(titles) == 8
        assert wins.lines()[-1] == "and 193 more today (History has them all)"
