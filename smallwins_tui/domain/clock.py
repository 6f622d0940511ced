"""Time rules: the injected clock, the day-start hour and week starts.

Nothing else in smallwins reads the wall clock: the command line and the app build one
`Clock` and pass `now` and `today` down, so tests can fix time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import tzinfo

import pendulum
from pendulum import Date, DateTime, Timezone


def local_timezone() -> Timezone:
    """The user's time zone: `TZ` when set, else the system's."""
    import os

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return pendulum.timezone(name)  # type: ignore[return-value]
        except Exception:  # an unknown TZ name falls back to the system zone
            pass
    tz = pendulum.local_timezone()
    return tz if isinstance(tz, Timezone) else pendulum.timezone("UTC")  # type: ignore[return-value]


def _system_now() -> DateTime:
    return pendulum.now("UTC")


@dataclass(frozen=True)
class Clock:
    """Tells the current instant in the user's time zone; fixed in tests."""

    tz: Timezone = field(default_factory=local_timezone)
    """The user's time zone."""
    source: Callable[[], DateTime] = _system_now
    """Where the current instant comes from."""

    @classmethod
    def fixed(cls, instant: DateTime, tz: str | Timezone | None = None) -> Clock:
        """A clock stopped at `instant` (its own zone unless `tz` is given)."""
        zone = pendulum.timezone(tz) if isinstance(tz, str) else (tz or instant.timezone)
        frozen = instant.in_timezone("UTC")
        return cls(tz=zone, source=lambda: frozen)  # type: ignore[arg-type]

    def now(self) -> DateTime:
        """The current instant in the user's time zone."""
        return self.source().in_timezone(self.tz)

    def today(self, day_start_hour: int) -> Date:
        """The local day the current moment counts for."""
        return local_day(self.now(), day_start_hour)


def local_day(instant: DateTime, day_start_hour: int, tz: Timezone | str | None = None) -> Date:
    """The day a moment counts for: its local date, or the day before if earlier than the day start.

    We compare the local hour instead of subtracting hours: subtracting gives the wrong day
    when the clocks change between midnight and the day-start hour.
    """
    local = instant.in_timezone(tz) if tz is not None else instant
    date = local.date()
    if local.hour < day_start_hour:
        date = date.subtract(days=1)
        # Clocks that fall back across the day-start hour at a time that is not a whole hour
        # (Pacific/Chatham, 03:45 -> 02:45) show an hour before the day start after the day
        # has begun; the day that has begun wins, so days never run backwards.
        if local.tzinfo is not None:
            following = date.add(days=1)
            if instant >= day_start_instant(following, day_start_hour, local.tzinfo):
                date = following
    return date


def day_start_instant(day: Date, day_start_hour: int, tz: tzinfo | str) -> DateTime:
    """The first instant that counts for `day` in zone `tz`."""
    zone = pendulum.timezone(tz) if isinstance(tz, str) else tz
    # When clocks fall back the hour happens twice and the day begins at the first (fold=0).
    first = pendulum.datetime(day.year, day.month, day.day, day_start_hour, tz=zone, fold=0)
    if (first.date(), first.hour) == (day, day_start_hour):
        return first
    # The clocks jumped over the hour, and the day begins when they jump: somewhere between
    # the hour read with the offsets after and before the jump. Not always at the hour's end:
    # Pacific/Chatham jumps from 02:45 to 03:45, Antarctica/Troll by two hours.
    after = pendulum.datetime(day.year, day.month, day.day, day_start_hour, tz=zone, fold=1)
    lo, hi = 0, int(after.timestamp() - first.timestamp())  # seconds after `first`
    while hi - lo > 1:
        mid = (lo + hi) // 2
        local = first.add(seconds=mid)
        if (local.date(), local.hour) >= (day, day_start_hour):
            hi = mid
        else:
            lo = mid
    return first.add(seconds=hi)


def week_start(day: Date, first_weekday: int = 0) -> Date:
    """The first day of the week that holds `day` (Monday = 0)."""
    return day.subtract(days=(day.weekday() - first_weekday) % 7)


def days_between(start: Date, end: Date) -> Iterator[Date]:
    """Every date from `start` to `end`, both included."""
    day = start
    while day <= end:
        yield day
        day = day.add(days=1)


def parse_date(text: str) -> Date:
    """Parse YYYY-MM-DD into a date; raise ValueError with a plain message if it does not exist."""
    from .models import ValidationError

    try:
        parsed = Date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{text!r} is not a date (use YYYY-MM-DD, e.g. 2026-11-24)") from None
    return pendulum.date(parsed.year, parsed.month, parsed.day)
