"""Store.check(): what a readable store can still get wrong, and what it may legitimately hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from smallwins_tui.store import Store, StoreError

AT = "2026-11-24T09:30:00Z"


def goal(goal_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": goal_id, "title": goal_id.upper(), "created": AT, "updated": AT, **extra}


def a_win(win_id: str, day: str = "2026-11-24", at: str = AT, **extra: Any) -> dict[str, Any]:
    return {"id": win_id, "at": at, "day": day, **extra}


def check(path: Path, **tables: dict[str, Any]) -> list[str]:
    meta = {"1": {"app": "smallwins", "schema_version": 1, "settings": {"day_start_hour": 4}}}
    path.write_bytes(orjson.dumps({"meta": meta, **tables}))
    return Store(path).check()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "smallwins.json"


def test_milestones_with_the_same_id(path: Path) -> None:
    milestones = [{"id": "m", "title": "Half"}, {"id": "m", "title": "All"}, {"id": "n"}]
    assert check(path, goals={"1": goal("g", milestones=milestones)}) == [
        "goal 'g' has two milestones with id 'm'"
    ]


def test_rest_days_of_goals_that_never_existed(path: Path) -> None:
    days = {
        "1": {"date": "2026-11-20", "rest_goals": ["g", "ghost"]},
        "2": {"date": "2026-11-21", "rest_goals": ["ghost", "gone"]},
    }
    # "gone" was deleted (its tombstone says so): deleting a goal leaves its rest days alone.
    tombstones = {"1": {"id": "gone", "kind": "goal", "deleted": AT}}
    assert check(path, goals={"1": goal("g")}, days=days, tombstones=tombstones) == [
        "2 rest days refer to unknown goal 'ghost'"
    ]


def test_a_win_counted_for_a_day_after_it_was_logged(path: Path) -> None:
    wins = {
        "1": a_win("late", day="2026-11-30"),
        "2": a_win("back-dated", day="2026-01-01"),  # --date may go back any number of days
        # Logged at 00:30 in Auckland (UTC+13): that local day is a day after the UTC date.
        "3": a_win("ahead", day="2026-11-25", at="2026-11-24T11:30:00Z"),
        # Logged at 02:00 with a 04:00 day start: the evening before.
        "4": a_win("night", day="2026-11-23", at="2026-11-24T02:00:00Z"),
    }
    assert check(path, wins=wins) == [
        "win 'late' counts for 2026-11-30, after the day it was logged (2026-11-24)"
    ]


def test_an_archived_parent_with_active_micro_goals_is_fine(path: Path) -> None:
    goals = {"1": goal("book", archived=True), "2": goal("chapter", parent="book")}
    assert check(path, goals=goals, wins={"1": a_win("w", goal="chapter")}) == []


def test_a_clean_check_reads_the_file_once_for_what_follows(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `smallwins check` reports the counts of what it checked: the read after a clean check
    # takes them from the file just checked (unless it changed since).
    assert check(path, goals={"1": goal("g")}, wins={"1": a_win("w", goal="g")}) == []
    expected = Store(path).read()
    loads: list[int] = []
    load = Store._load

    def counted(self: Store, **kwargs: Any) -> Any:
        loads.append(1)
        return load(self, **kwargs)

    monkeypatch.setattr(Store, "_load", counted)
    store = Store(path, lazy_wins=True)
    assert store.check() == []
    snapshot = store.read()
    assert len(loads) == 1
    assert snapshot == expected and len(snapshot.wins) == 1
    path.write_bytes(path.read_bytes() + b" ")  # changed since: read again
    store.read()
    assert len(loads) == 2


def test_a_check_that_finds_duplicates_keeps_nothing_for_the_next_read(path: Path) -> None:
    wins = {"1": a_win("w"), "2": a_win("w", day="2026-11-23", at="2026-11-23T09:30:00Z")}
    assert check(path, wins=wins) != []
    store = Store(path)
    assert store.check() != []
    with pytest.raises(StoreError, match="w"):
        store.read()
