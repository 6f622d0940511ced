"""Writers killed with SIGKILL at random moments never cost an acknowledged win.

A store of 10,000 wins; in each round a real `smallwins log` process and a writer loop (one store
transaction per win, printing the win's id once its transaction returned) write to it at the
same time, and each is killed at a random moment. After every kill a fresh Store must parse the
file, `check()` must find nothing wrong, and every win a writer acknowledged (`smallwins log`
exited 0, or the loop printed its id) must be there.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum
import pytest

from smallwins_tui.domain.models import Win
from smallwins_tui.store import Store

Record = Callable[..., None]
NOW = pendulum.datetime(2026, 11, 24, 16, 30, tz="UTC")
SEED = 20261124
STORED_WINS = 10_000

WRITE_LOOP = """
import sys
import pendulum
from smallwins_tui.domain.models import Win
from smallwins_tui.store import Store

store, tag = Store(sys.argv[1]), sys.argv[2]
now = pendulum.now("UTC")
i = 0
while True:
    win_id = f"{tag}-{i}"
    with store.transaction() as tx:
        tx.put(Win(id=win_id, at=now, day=now.date(), note=win_id))
    print(win_id, flush=True)  # only once the transaction has returned
    i += 1
"""


@dataclass
class Writer:
    """A writer process and the moment it is to be killed."""

    kind: str
    """"log" (a `smallwins log` process) or "loop" (the writer loop)."""
    process: subprocess.Popen[str]
    kill_at: float

    def acknowledged(self, out: str) -> set[str]:
        """The ids of the wins this writer said were saved."""
        if self.kind == "log":
            return {json.loads(out)["win"]["id"]} if self.process.returncode == 0 else set()
        return {line for line in out.split("\n")[:-1] if line}  # whole lines only


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A store holding 10,000 wins, written in one transaction."""
    path = tmp_path / "smallwins.json"
    with Store(path).transaction() as tx:
        for i in range(STORED_WINS):
            at = NOW.subtract(minutes=53 * i)
            tx.put(Win(id=f"stored-{i}", at=at, day=at.date(), note=f"stored win {i}"))
    return path


def start(path: Path, kind: str, name: str) -> subprocess.Popen[str]:
    if kind == "log":
        argv = ["-m", "smallwins_tui", "log", name, "--db", str(path), "--json"]
    else:
        argv = ["-c", WRITE_LOOP, str(path), name]
    env = {**os.environ, "SMALLWINS_NOW": NOW.isoformat()}
    return subprocess.Popen(
        [sys.executable, *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def temp_files(path: Path) -> list[str]:
    return [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def verify(path: Path, acknowledged: set[str]) -> set[str]:
    """The store parses, passes the check and holds every acknowledged win; the ids it holds."""
    store = Store(path)
    wins = store.read().wins
    assert store.check() == []
    ids = {win.id for win in wins}
    assert len(ids) == len(wins)
    assert acknowledged <= ids, f"lost acknowledged wins: {sorted(acknowledged - ids)}"
    assert sum(win.id.startswith("stored-") for win in wins) == STORED_WINS
    # Nothing but what was written: the stored wins, the loops' wins, the log commands' wins.
    assert all(w.note == w.id or w.note.startswith(("stored win ", "crash log ")) for w in wins)
    return ids


def kill_writers(path: Path, wanted: int, rng: random.Random) -> dict[str, Any]:
    """Kill writers at random moments until `wanted` kills; the figures of the run."""
    kills = {"log": 0, "loop": 0, "loop after its first write": 0}
    acknowledged: set[str] = set()
    rounds = logs_finished = rounds_with_temp_left = 0
    started = time.monotonic()
    while kills["log"] + kills["loop"] < wanted:
        rounds += 1
        now = time.monotonic()
        writers = [
            Writer("log", start(path, "log", f"crash log {rounds}"), now + rng.uniform(0, 1.2)),
            Writer("loop", start(path, "loop", f"loop{rounds}"), now + rng.uniform(0.15, 0.9)),
        ]
        for writer in sorted(writers, key=lambda w: w.kill_at):
            time.sleep(max(0.0, writer.kill_at - time.monotonic()))
            if writer.process.poll() is None:
                writer.process.send_signal(signal.SIGKILL)
            out, err = writer.process.communicate()
            mine = writer.acknowledged(out)
            if writer.process.returncode == -signal.SIGKILL:
                kills[writer.kind] += 1
                # The loop spends nearly all its time in (or waiting for) a transaction.
                kills["loop after its first write"] += writer.kind == "loop" and bool(mine)
            else:
                assert writer.process.returncode == 0, err
                logs_finished += 1
            acknowledged |= mine
            verify(path, acknowledged)
        # Both writers are dead: a temp file left now was being written when its writer died.
        rounds_with_temp_left += bool(temp_files(path))

    # The next writer is not blocked by the dead ones' lock and clears their temp files.
    with Store(path, lock_timeout=2).transaction() as tx:
        tx.put(Win(id="after-the-kills", at=NOW, day=NOW.date(), note="after-the-kills"))
    assert temp_files(path) == []
    found = verify(path, acknowledged | {"after-the-kills"}) - {"after-the-kills"}
    # `smallwins log` keeps a daily backup before its first write of the day: it is whole too.
    backups = sorted(path.parent.glob(f"{path.name}.backup-*"))
    for backup in backups:
        assert len(Store(backup).read().wins) >= STORED_WINS
    return {
        "stored_wins": STORED_WINS,
        "kills": kills["log"] + kills["loop"],
        "kills_of_smallwins_log": kills["log"],
        "kills_of_write_loop": kills["loop"],
        "kills_of_write_loop_after_its_first_write": kills["loop after its first write"],
        "smallwins_log_exited_0": logs_finished,
        "rounds_ending_with_a_half_written_temp_file": rounds_with_temp_left,
        "wins_acknowledged": len(acknowledged),
        "acknowledged_wins_found": len(acknowledged & found),
        "wins_in_store_after": len(found),
        "unacknowledged_wins_kept": len(found) - STORED_WINS - len(acknowledged),
        "backups_left_whole": len(backups),
        "seconds": round(time.monotonic() - started, 1),
        "seed": SEED,
    }


def test_writers_killed_at_random_moments_lose_no_acknowledged_win(
    path: Path, record_figures: Record
) -> None:
    figures = kill_writers(path, 10, random.Random(SEED))
    record_figures("crash (make test)", figures)


@pytest.mark.slow
def test_200_kills_lose_no_acknowledged_win(path: Path, record_figures: Record) -> None:
    figures = kill_writers(path, 200, random.Random(SEED))
    assert figures["kills"] >= 200
    record_figures("crash", figures, publish=True)
