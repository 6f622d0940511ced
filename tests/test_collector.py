"""The cycle collector's pauses, shared by the threads that decode and the dashboard."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from smallwins_tui import collector


@pytest.fixture(autouse=True)
def collecting() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_runs_again_only_when_the_last_pause_ends() -> None:
    collector.pause()  # the dashboard, for as long as it runs
    with collector.paused():  # a read on the store thread, meanwhile
        assert not gc.isenabled()
    assert not gc.isenabled()  # the read ended; the dashboard's pause holds
    collector.resume()
    assert gc.isenabled()


def test_pauses_on_two_threads_end_in_any_order() -> None:
    started, release = threading.Event(), threading.Event()

    def read() -> None:
        with collector.paused():
            started.set()
            release.wait(5)

    reader = threading.Thread(target=read)
    reader.start()
    assert started.wait(5)
    collector.pause()
    release.set()
    reader.join(5)
    assert not gc.isenabled()  # the reader's end did not give it back behind the dashboard
    collector.resume()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_resume_without_a_pause_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        collector.resume()
    assert gc.isenabled()
