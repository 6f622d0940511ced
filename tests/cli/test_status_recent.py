"""`smallwins status` on a long journal: a status bar runs it every few seconds, so it reads
the recent weeks only, unless the streak (or a fresh start) goes back further."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from smallwins_tui import cli
from smallwins_tui.domain.models import Win
from smallwins_tui.store import Store

NOW = pendulum.datetime(2026, 11, 24, 16, 30, tz="UTC")
TODAY = NOW.date()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SMALLWINS_NOW", NOW.isoformat())
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("SMALLWINS_DB", raising=False)
    return tmp_path / "smallwins.json"


def log_on(db: Path, *days_ago: int) -> None:
    with Store(db).transaction() as tx:
        for n in days_ago:
            at = NOW.subtract(days=n)
            tx.put(Win(id=f"w{n}", at=at, day=at.date(), note=f"day {n}"))


def status(db: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    assert cli.main(["--db", str(db), "status", *options]) == 0
    return capsys.readouterr().out.strip()


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every `Store.read` the command makes (a read of the whole journal)."""
    calls: list[int] = []
    read = Store.read

    def counted(store: Store) -> object:
        calls.append(1)
        return read(store)

    monkeypatch.setattr(Store, "read", counted)
    return calls


def test_a_recent_streak_is_told_from_the_recent_weeks(
    db: Path, capsys: pytest.CaptureFixture[str], whole_reads: list[int]
) -> None:
    # Twelve days now, after a break of a week inside the year read, and older runs.
    log_on(db, *range(12), *range(20, 60), *range(700, 760))
    whole_reads.clear()
    assert status(db, capsys) == "1 win today · 12-day streak"
    assert whole_reads == []
    assert status(db, capsys, "--format", "tmux") == "#[fg=green]1 win today#[default] · 12d"
    assert whole_reads == []


def test_a_streak_that_never_broke_in_the_weeks_read_is_told_whole(
    db: Path, capsys: pytest.CaptureFixture[str], whole_reads: list[int]
) -> None:
    # Nothing in the year read says where the streak began: the whole journal does.
    log_on(db, *range(12), *range(700, 760))
    whole_reads.clear()
    assert status(db, capsys) == "1 win today · 12-day streak"
    assert whole_reads == [1]


def test_a_streak_older_than_the_weeks_read_is_told_whole(
    db: Path, capsys: pytest.CaptureFixture[str], whole_reads: list[int]
) -> None:
    log_on(db, *range(500))
    whole_reads.clear()
    assert status(db, capsys) == "1 win today · 500-day streak"
    assert whole_reads == [1]


def test_a_streak_with_gaps_that_began_before_the_weeks_read_is_told_whole(
    db: Path, capsys: pytest.CaptureFixture[str], whole_reads: list[int]
) -> None:
    # Every other day for 560 days: single misses never break a streak, so it is 280 days
    # long and began long before the year that is read first.
    log_on(db, *range(0, 560, 2))
    whole_reads.clear()
    assert status(db, capsys) == "1 win today · 280-day streak"
    assert whole_reads == [1]


def test_a_fresh_start_after_a_long_break_is_still_seen(
    db: Path, capsys: pytest.CaptureFixture[str], whole_reads: list[int]
) -> None:
    log_on(db, *range(600, 620))  # nothing in the last year and a half
    whole_reads.clear()
    assert status(db, capsys) == "0 wins today · fresh start"
    assert whole_reads == [1]


def test_json_tells_the_whole_journal(
    db: Path, capsys: pytest.CaptureFixture[str], whole_reads: list[int]
) -> None:
    log_on(db, *range(3), *range(700, 760))
    whole_reads.clear()
    assert '"total_wins": 63' in status(db, capsys, "--format", "json")
    assert whole_reads == [1]
