"""A store with a year of demo data plus the odd records an export must carry exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from transfer_builders import NOW, TZ, odd_records

from smallwins_tui.demo import fill_demo
from smallwins_tui.domain.clock import Clock
from smallwins_tui.store import Store


@pytest.fixture
def clock() -> Clock:
    return Clock.fixed(NOW, TZ)


@pytest.fixture
def full_store(tmp_path: Path, clock: Clock) -> Store:
    """A year of demo data, the odd records, and one deleted win."""
    store = Store(tmp_path / "journal.json")
    fill_demo(store, clock)
    with store.transaction() as tx:
        for record in odd_records():
            tx.put(record)
        tx.delete("win", tx.snapshot.wins[0].id, NOW)
    return store


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "other" / "journal.json")
