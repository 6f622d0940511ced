"""A large journal is serialised in parts with a hand-over between them, byte for byte the same.

orjson holds the interpreter for a whole call (~7 ms for ten years of days): the dashboard's
event loop, waiting for it, stalled that long at every write. In halves it waits half as
long; the file is the very same bytes.
"""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins_tui.domain.models import Day
from smallwins_tui.store import Store, storage
from smallwins_tui.store.storage import serialise

FULL = orjson.OPT_APPEND_NEWLINE

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)
day_doc = st.fixed_dictionaries(
    {"date": text, "note": text, "wins": st.lists(st.fixed_dictionaries({"id": text}))}
)


@settings(max_examples=60, deadline=None)
@given(
    days=st.dictionaries(st.integers(1, 10_000).map(str) | text, day_doc, max_size=40),
    before=st.booleans(),
    part_days=st.integers(1, 8),
)
def test_the_parts_join_into_what_one_call_makes(
    days: dict[str, object], before: bool, part_days: int
) -> None:
    tables: dict[str, object] = {"goals": {"1": {"id": "g", "title": "Walk \u0000 [b]x[/b]"}}}
    data = {"_meta": {"1": {"schema_version": 2}}, **tables, "days": days}
    if before:  # the days first, or last: the frame around them is cut where they go
        data = {"days": days, **data}
    parts = serialise(data, part_days)
    assert b"".join(parts) == orjson.dumps(data, option=FULL)


def test_a_large_journal_is_written_in_halves_with_a_hand_over_between(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "PART_DAYS", 5)
    calls: list[str] = []
    dumps, sleep = orjson.dumps, time.sleep

    def counted_dumps(*args: object, **kwargs: object) -> bytes:
        calls.append("dumps")
        return dumps(*args, **kwargs)  # type: ignore[arg-type]

    def counted_sleep(seconds: float) -> None:
        calls.append(f"sleep {seconds}")
        sleep(seconds)

    store = Store(tmp_path / "smallwins.json")

    with store.transaction() as tx:
        for n in range(8):
            tx.put(Day(pendulum.date(2026, 11, 1 + n), note=f"day {n}"))
    with store.transaction() as tx:
        tx.put(Day(pendulum.date(2026, 11, 24), note="one more"))
        monkeypatch.setattr(storage.orjson, "dumps", counted_dumps)  # (the write, at the end)
        monkeypatch.setattr(storage.time, "sleep", counted_sleep)
    # The frame around the days, then each part after letting the interpreter go.
    assert calls == ["dumps", "sleep 0", "dumps", "sleep 0", "dumps"]
    assert [d.note for d in Store(store.path).read().days][-1] == "one more"
    raw = store.path.read_bytes()
    assert raw == orjson.dumps(orjson.loads(raw), option=FULL)


def test_a_small_journal_is_one_call() -> None:
    data = {"_meta": {"1": {"schema_version": 2}}, "days": {"1": {"date": "2026-11-24"}}}
    assert serialise(data) == [orjson.dumps(data, option=FULL)]  # (the frame would be waste)
    assert serialise({"_meta": {}}) == [orjson.dumps({"_meta": {}}, option=FULL)]


def test_parts_of_no_days_are_refused() -> None:
    with pytest.raises(ValueError, match="parts of 0 days"):
        serialise({"days": {"1": {}}}, part_days=0)
