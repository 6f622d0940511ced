"""Fixtures for pilot tests: a fixed clock, a store in tmp_path, the app built by make_app."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from smallwins_tui.app import SmallWinsApp, make_app
from smallwins_tui.demo import DEMO_NOW, demo_records
from smallwins_tui.domain.clock import Clock
from smallwins_tui.store import Store

NOW = DEMO_NOW
"""Tuesday 24 November 2026, 16:30 in London."""


@pytest.fixture
def clock() -> Clock:
    """A clock stopped at NOW."""
    return Clock.fixed(NOW)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in a temporary folder."""
    return Store(tmp_path / "smallwins" / "smallwins.json")


@pytest.fixture
def demo_store(store: Store) -> Store:
    """The store filled with the demo year ending at NOW."""
    with store.transaction() as tx:
        for record in demo_records(NOW.date(), NOW):
            tx.put(record)  # type: ignore[arg-type]
    return store


@pytest.fixture
def app(store: Store, clock: Clock) -> SmallWinsApp:
    """The dashboard on the empty store."""
    return make_app(store, clock)


@pytest.fixture
def demo_app(demo_store: Store, clock: Clock) -> SmallWinsApp:
    """The dashboard on the demo store."""
    return make_app(demo_store, clock)


def later(minutes: int) -> pendulum.DateTime:
    """NOW plus some minutes."""
    return NOW.add(minutes=minutes)
