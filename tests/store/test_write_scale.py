"""The work of a write grows with what it changes, not with that squared.

Counted in function calls, which are the same on every machine (no timing in tests).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pendulum

from smallwins_tui.domain.models import Win
from smallwins_tui.store import Store

NOW = pendulum.datetime(2026, 11, 24, 16, 30, tz="UTC")


def calls_to_write(folder: Path, days: int) -> int:
    """Function calls made while a transaction adds one win on each of `days` days."""
    store = Store(folder / "smallwins.json")
    count = 0

    def counted(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    with store.transaction() as tx:
        for n in range(days):
            day = NOW.subtract(days=n)
            tx.put(Win(id=f"w{n}", at=day, day=day.date(), note=f"win {n}"))
        sys.setprofile(counted)  # the write itself: serialising and writing the file
    sys.setprofile(None)
    assert len(store.read().wins) == days
    return count


def test_adding_wins_on_many_days_is_linear(tmp_path: Path) -> None:
    # An import of 60,000 rows over 3,000 days took a minute: each day's document was built
    # by going over every win added in the transaction.
    small = calls_to_write(tmp_path / "small", 100)
    large = calls_to_write(tmp_path / "large", 800)
    assert large < 12 * small  # linear is ~8x; going over every win for each day was ~60x
