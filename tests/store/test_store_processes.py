"""Several smallwins processes share one store: no lost records, no hangs, no stale locks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from smallwins_tui.domain.models import Win
from smallwins_tui.store import Store, StoreError

REPO = Path(__file__).resolve().parents[2]
NOW = pendulum.datetime(2026, 11, 24, 9, 30, tz="UTC")

ADD_WINS = """
import sys
import pendulum
from smallwins_tui.domain.models import Win, new_id
from smallwins_tui.store import Store

store, tag, count = Store(sys.argv[1]), sys.argv[2], int(sys.argv[3])
now = pendulum.now("UTC")
for i in range(count):
    with store.transaction() as txn:
        txn.put(Win(id=new_id(), at=now, day=now.date(), note=f"{tag}-{i}"))
"""

HOLD_LOCK = """
import sys, time
from smallwins_tui.store import Store

with Store(sys.argv[1]).transaction() as txn:
    print("locked", flush=True)
    time.sleep(60)
"""


def python(script: str, *args: str | Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "smallwins.json"


@pytest.fixture
def holder(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the store's lock until it is killed."""
    process = python(HOLD_LOCK, path)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked", process.communicate()[1]
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate()


def test_two_processes_writing_at_once_lose_nothing(path: Path) -> None:
    writers = [python(ADD_WINS, path, tag, "200") for tag in ("a", "b")]
    reader, reads = Store(path), 0
    while any(w.poll() is None for w in writers):
        reader.read()  # a reader racing the writers never sees a half-written file
        reads += 1
    for writer in writers:
        _out, err = writer.communicate()
        assert writer.returncode == 0, err

    wins = Store(path).read().wins
    assert len(wins) == 400
    assert len({w.id for w in wins}) == 400
    assert {w.note for w in wins} == {f"{t}-{i}" for t in "ab" for i in range(200)}
    assert reads > 0
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_threads_of_one_process_take_turns(path: Path) -> None:
    def add(tag: str) -> None:
        store = Store(path)
        for i in range(50):
            with store.transaction() as txn:
                txn.put(Win(id=f"{tag}{i}", at=NOW, day=NOW.date()))

    threads = [threading.Thread(target=add, args=(tag,)) for tag in "xyz"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(Store(path).read().wins) == 150


def test_a_busy_store_times_out_with_a_clear_message(
    path: Path, holder: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    with pytest.raises(StoreError) as caught, Store(path, lock_timeout=0.2).transaction():
        pass
    assert time.monotonic() - started < 5
    assert str(caught.value) == (
        f"{path}: store is busy: held by PID {holder.pid} "
        "(another smallwins is writing it); try again"
    )


def test_reading_does_not_wait_for_the_lock(path: Path, holder: subprocess.Popen[str]) -> None:
    assert Store(path).read().wins == ()


def test_a_killed_lock_holder_does_not_block_the_next_writer(
    path: Path, holder: subprocess.Popen[str]
) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert path.with_name("smallwins.json.lock").exists()  # the lock file stays; the lock does not

    started = time.monotonic()
    with Store(path, lock_timeout=2).transaction() as txn:
        txn.put(Win(id="after", at=NOW, day=NOW.date()))
    assert time.monotonic() - started < 1
    assert [w.id for w in Store(path).read().wins] == ["after"]
