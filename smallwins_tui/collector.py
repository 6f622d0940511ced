"""Pausing Python's cycle collector, shared by every thread that asks.

Decoding a journal makes hundreds of thousands of objects, none of them garbage, and the
collector would walk them again and again; the dashboard keeps the collector out of key
presses for as long as it runs (see `SmallWinsApp`). Both pause it, on different threads and
at overlapping times: the collector runs again only when the last pause has ended, and only if
it was running before the first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


def pause() -> None:
    """Stop automatic collections until as many `resume()` calls as `pause()` calls."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1


def resume() -> None:
    """End one `pause()`; the last one gives the collector back as it was."""
    global _pauses
    with _lock:
        if _pauses == 0:
            raise RuntimeError("resume() without pause()")
        _pauses -= 1
        if _pauses == 0 and _was_enabled:
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block."""
    pause()
    try:
        yield
    finally:
        resume()
