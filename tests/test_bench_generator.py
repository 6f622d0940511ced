"""The benchmark store generator is deterministic and writes a store that passes `check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import DEFAULT_TODAY, MARKER_WIN, generate
from smallwins_tui.store import Store


def test_same_seed_same_store_and_the_store_passes_check(tmp_path: Path) -> None:
    stores = {
        name: generate(tmp_path / name / "smallwins.json", 0, 3, seed, DEFAULT_TODAY, days=30)
        for name, seed in (("a", 7), ("b", 7), ("c", 8))
    }
    a, b, c = (Store(stores[name].path).read() for name in "abc")

    assert a == b
    assert a != c
    assert len(a.goals) == 3 and len(a.wins) == stores["a"].wins > 30
    assert Store(stores["a"].path).check() == []
    todays = [w for w in a.wins if w.day == DEFAULT_TODAY]
    assert max(todays, key=lambda w: w.at).note == MARKER_WIN
    assert all(w.day <= DEFAULT_TODAY for w in a.wins)
    with pytest.raises(FileExistsError):
        generate(stores["a"].path, 0, 3, 7, DEFAULT_TODAY, days=30)
