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


TOLD_WHOLE = {
    # Nothing in the year read says where the streak began: the whole journal does.
    "a streak that never broke in the year read": (
        (*range(12), *range(700, 760)),
        "1 win today · 12-day streak",
    ),
    "a streak older than the year read": (tuple(range(500)), "1 win today · 500-day streak"),
    # Single misses never break a streak: every other day for 560 days is 280 days long.
    "a streak with gaps that began before it": (
        tuple(range(0, 560, 2)),
        "1 win today · 280-day streak",
    ),
    "a fresh start after a long break": (tuple(range(600, 620)), "0 wins today · fresh start"),
}


@pytest.mark.parametrize(("days_ago", "line"), TOLD_WHOLE.values(), ids=TOLD_WHOLE.keys())
def test_what_the_recent_weeks_cannot_tell_is_told_from_the_whole_journal(
    db: Path,
    capsys: pytest.CaptureFixture[str],
    whole_reads: list[int],
    days_ago: tuple[int, ...],
    line: str,
) -> None:
    log_on(db, *days_ago)
    whole_reads.clear()
    assert status(db, capsys) == line
    assert whole_reads == [1]


def test_json_tells_the_whole_journal(
    db: Path, capsys: pytest.CaptureFixture[str], whole_reads: list[int]
) -> None:
    log_on(db, *range(3), *range(700, 760))
    whole_reads.clear()
    assert '"total_wins": 63' in status(db, capsys, "--format", "json")
    assert whole_reads == [1]
