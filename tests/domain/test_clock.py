"""Time rules: which day a moment counts for, across day-start hours, zones and DST."""

from __future__ import annotations

import pendulum
import pytest
from pendulum import Date, DateTime

from smallwins_tui.domain.clock import (
    Clock,
    day_start_instant,
    days_between,
    local_day,
    parse_date,
    week_start,
)
from smallwins_tui.domain.models import ValidationError


def at(
    zone: str, year: int, month: int, day: int, hour: int, minute: int, fold: int = 1
) -> DateTime:
    """A wall-clock moment in `zone` (fold=0 picks the first of a repeated hour)."""
    return pendulum.datetime(year, month, day, hour, minute, tz=zone, fold=fold)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> DateTime:
    """A moment in UTC."""
    return pendulum.datetime(year, month, day, hour, minute, tz="UTC")


def d(text: str) -> Date:
    """A date from YYYY-MM-DD."""
    return parse_date(text)


def test_a_win_at_half_past_one_counts_for_the_evening_before() -> None:
    assert local_day(at("Europe/Berlin", 2026, 3, 11, 1, 30), 4) == d("2026-03-10")


def test_the_day_turns_at_the_day_start_hour() -> None:
    assert local_day(at("Europe/Berlin", 2026, 3, 11, 3, 59), 4) == d("2026-03-10")
    assert local_day(at("Europe/Berlin", 2026, 3, 11, 4, 0), 4) == d("2026-03-11")


def test_day_start_hour_zero_is_the_calendar_date() -> None:
    assert local_day(at("Europe/Berlin", 2026, 3, 11, 0, 0), 0) == d("2026-03-11")
    assert local_day(at("Europe/Berlin", 2026, 3, 10, 23, 59), 0) == d("2026-03-10")


def test_the_zone_argument_converts_before_taking_the_day() -> None:
    # 23:30 UTC is 08:30 the next morning in Tokyo.
    assert local_day(utc(2026, 3, 10, 23, 30), 4, "Asia/Tokyo") == d("2026-03-11")
    assert local_day(utc(2026, 3, 10, 23, 30), 4) == d("2026-03-10")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Spring forward at 02:00 -> 03:00: 03:30 is before the 04:00 day start.
        (at("America/New_York", 2026, 3, 8, 3, 30), "2026-03-07"),
        # 04:30 EDT is only 03:30 of the day before's clock: subtracting 4 hours gets this wrong.
        (at("America/New_York", 2026, 3, 8, 4, 30), "2026-03-08"),
        # Fall back: 01:30 happens twice and both belong to the evening before.
        (at("America/New_York", 2026, 11, 1, 1, 30, fold=0), "2026-10-31"),
        (at("America/New_York", 2026, 11, 1, 1, 30, fold=1), "2026-10-31"),
        (at("America/New_York", 2026, 11, 1, 4, 0), "2026-11-01"),
        (at("Europe/Berlin", 2026, 3, 29, 3, 30), "2026-03-28"),
        (at("Europe/Berlin", 2026, 3, 29, 4, 15), "2026-03-29"),
        (at("Europe/Berlin", 2026, 10, 25, 2, 30, fold=0), "2026-10-24"),
        (at("Europe/Berlin", 2026, 10, 25, 2, 30, fold=1), "2026-10-24"),
        (at("Europe/Berlin", 2026, 10, 25, 4, 0), "2026-10-25"),
    ],
)
def test_dst_change_days(moment: DateTime, expected: str) -> None:
    assert local_day(moment, 4) == d(expected)


def test_lord_howe_moves_its_clocks_by_half_an_hour() -> None:
    zone = "Australia/Lord_Howe"
    # 2026-10-04 02:00 -> 02:30: with the day starting at 2, the day begins at 02:30.
    start = day_start_instant(d("2026-10-04"), 2, zone)
    assert (start.hour, start.minute) == (2, 30)
    assert local_day(start, 2, zone) == d("2026-10-04")
    assert local_day(start.subtract(seconds=1), 2, zone) == d("2026-10-03")
    # 2026-04-05 02:00 -> 01:30: 01:30 to 02:00 happens twice, both after a 01:00 day start.
    first = day_start_instant(d("2026-04-05"), 1, zone)
    assert first.offset == 11 * 3600
    assert local_day(at(zone, 2026, 4, 5, 1, 45, fold=1), 1, zone) == d("2026-04-05")
    assert local_day(first.subtract(seconds=1), 1, zone) == d("2026-04-04")


@pytest.mark.parametrize(
    ("zone", "utc_time", "expected"),
    [
        ("Asia/Kolkata", (2026, 3, 1, 22, 29), "2026-03-01"),  # 03:59 local
        ("Asia/Kolkata", (2026, 3, 1, 22, 30), "2026-03-02"),  # 04:00 local
        ("Asia/Kathmandu", (2026, 3, 1, 22, 14), "2026-03-01"),  # 03:59 local
        ("Asia/Kathmandu", (2026, 3, 1, 22, 15), "2026-03-02"),  # 04:00 local
    ],
)
def test_half_and_three_quarter_hour_zones(
    zone: str, utc_time: tuple[int, ...], expected: str
) -> None:
    assert local_day(utc(*utc_time), 4, zone) == d(expected)


def test_clocks_that_fall_back_across_the_day_start_never_step_a_day_back() -> None:
    # Chatham falls back from 03:45 to 02:45: with a 03:00 day start the day has begun by then.
    zone = "Pacific/Chatham"
    moments = [utc(2026, 4, 4, 13, 0).add(minutes=15 * i) for i in range(12)]
    days = [local_day(m, 3, zone) for m in moments]
    assert days == sorted(days)
    assert days[-1] == d("2026-04-05")


def test_leap_day() -> None:
    assert local_day(at("Europe/Berlin", 2028, 2, 29, 1, 0), 4) == d("2028-02-28")
    assert local_day(at("Europe/Berlin", 2028, 3, 1, 2, 0), 4) == d("2028-02-29")
    assert parse_date("2028-02-29") == pendulum.date(2028, 2, 29)
    with pytest.raises(ValidationError):
        parse_date("2026-02-29")


def test_year_end() -> None:
    assert local_day(at("Europe/Berlin", 2027, 1, 1, 3, 59), 4) == d("2026-12-31")
    assert local_day(at("Europe/Berlin", 2027, 1, 1, 4, 0), 4) == d("2027-01-01")
    assert list(days_between(d("2026-12-30"), d("2027-01-02")))[-2:] == [
        d("2027-01-01"),
        d("2027-01-02"),
    ]


@pytest.mark.parametrize("first_weekday", range(7))
def test_week_start_for_every_first_weekday(first_weekday: int) -> None:
    for day in days_between(d("2026-02-23"), d("2026-03-08")):
        start = week_start(day, first_weekday)
        assert start.weekday() == first_weekday
        assert start <= day < start.add(days=7)


def test_week_start_sunday_and_monday() -> None:
    wednesday = d("2026-03-04")
    assert week_start(wednesday, 0) == d("2026-03-02")
    assert week_start(wednesday, 6) == d("2026-03-01")
    assert week_start(d("2026-03-01"), 6) == d("2026-03-01")


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "yesterday", "", "2026-2-3x"])
def test_parse_date_rejects_dates_that_do_not_exist(text: str) -> None:
    with pytest.raises(ValidationError, match="not a date"):
        parse_date(text)


def test_parse_date_returns_a_pendulum_date() -> None:
    parsed = parse_date(" 2026-11-24 ")
    assert isinstance(parsed, Date)
    assert parsed == pendulum.date(2026, 11, 24)


def test_days_between_includes_both_ends() -> None:
    assert list(days_between(d("2026-03-01"), d("2026-03-03"))) == [
        d("2026-03-01"),
        d("2026-03-02"),
        d("2026-03-03"),
    ]
    assert list(days_between(d("2026-03-03"), d("2026-03-01"))) == []


def test_fixed_clock_tells_its_zone_and_day() -> None:
    clock = Clock.fixed(utc(2026, 3, 11, 2, 0), "America/New_York")
    assert clock.now().hour == 22
    assert clock.today(4) == d("2026-03-10")
    assert clock.today(0) == d("2026-03-10")


@pytest.mark.parametrize(
    ("zone", "day", "hour"),
    [
        ("America/New_York", "2026-03-08", 2),  # the hour is skipped
        ("America/New_York", "2026-11-01", 1),  # the hour happens twice
        ("Europe/Berlin", "2026-03-29", 2),
        ("Europe/Berlin", "2026-10-25", 2),
        ("Pacific/Chatham", "2026-09-27", 3),  # skipped from 02:45 to 03:45
        ("Asia/Kathmandu", "2026-03-02", 4),
    ],
)
def test_day_start_instant_is_the_first_moment_of_its_day(zone: str, day: str, hour: int) -> None:
    start = day_start_instant(d(day), hour, zone)
    assert local_day(start, hour, zone) == d(day)
    assert local_day(start.subtract(seconds=1), hour, zone) == d(day).subtract(days=1)
