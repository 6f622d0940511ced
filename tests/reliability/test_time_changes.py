"""Wins stay on the days they were logged for when the clock or the time zone changes."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallwins_tui import cli
from smallwins_tui.domain.clock import local_day
from smallwins_tui.domain.rules import overall_streak
from smallwins_tui.store import Store

ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]


def log(db: Path, monkeypatch: pytest.MonkeyPatch, now: str, tz: str, text: str) -> None:
    """`smallwins log TEXT` at `now` in zone `tz`."""
    monkeypatch.setenv("SMALLWINS_NOW", now)
    monkeypatch.setenv("TZ", tz)
    assert cli.main(["--db", str(db), "log", "--json", "--", text]) == 0


def stored_days(db: Path) -> dict[str, str]:
    return {w.note: w.day.isoformat() for w in Store(db).read().wins}


def test_a_new_time_zone_leaves_logged_days_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "tz.json"
    log(db, monkeypatch, "2026-11-24T23:30:00+00:00", "Europe/London", "late in London")
    capsys.readouterr()
    # The next run happens in Tokyo, where it is already the morning of the 25th.
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert cli.main(["--db", str(db), "today", "--json"]) == 0
    today = json.loads(capsys.readouterr().out)
    assert today["date"] == "2026-11-25"
    assert stored_days(db) == {"late in London": "2026-11-24"}


def test_the_clock_going_backwards_keeps_each_win_on_its_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "back.json"
    log(db, monkeypatch, "2026-11-24T10:00:00+00:00", "UTC", "first")
    log(db, monkeypatch, "2026-11-23T10:00:00+00:00", "UTC", "clock went back")
    log(db, monkeypatch, "2026-11-24T11:00:00+00:00", "UTC", "clock fixed")
    capsys.readouterr()
    assert stored_days(db) == {
        "first": "2026-11-24",
        "clock went back": "2026-11-23",
        "clock fixed": "2026-11-24",
    }
    streak = overall_streak(Store(db).read(), pendulum.date(2026, 11, 24))
    assert streak.current == 2  # two days, each counted once


moments = st.datetimes(
    min_value=pendulum.datetime(2024, 1, 1).naive(),
    max_value=pendulum.datetime(2027, 12, 31).naive(),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    runs=st.lists(st.tuples(moments, st.sampled_from(ZONES)), min_size=1, max_size=6),
    later_zone=st.sampled_from(ZONES),
)
def test_days_are_fixed_when_logged_whatever_happens_later(
    runs: list[tuple[object, str]],
    later_zone: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "prop.json"
    db.unlink(missing_ok=True)
    expected = {}
    latest = max(pendulum.instance(m, tz="UTC") for m, _ in runs)  # type: ignore[arg-type]
    for n, (moment, zone) in enumerate(runs):
        instant = pendulum.instance(moment, tz="UTC")  # type: ignore[arg-type]
        log(db, monkeypatch, instant.to_iso8601_string(), zone, f"win {n}")
        expected[f"win {n}"] = local_day(instant, 4, zone).isoformat()
    capsys.readouterr()
    monkeypatch.setenv("TZ", later_zone)
    monkeypatch.setenv("SMALLWINS_NOW", latest.add(days=1).to_iso8601_string())
    assert cli.main(["--db", str(db), "stats", "--json"]) == 0
    capsys.readouterr()
    assert stored_days(db) == expected
    snapshot = Store(db).read()
    today = local_day(latest.add(days=1), 4, later_zone)
    streak = overall_streak(snapshot, today)
    assert streak.current <= len({w.day for w in snapshot.wins if w.day <= today})
