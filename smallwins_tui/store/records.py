"""Store documents <-> domain records; ISO strings and TinyDB ids never leave this package.

Documents omit every optional field that is empty, None or default, so a ten-year store
stays small. On disk (schema 2) the wins of a day live in that day's document, as a list:
`{"date": "2026-11-24", "note": ..., "wins": [{"id": ..., "at": ...}, ...]}`, one document
per day with anything on it; `encode` and `decode_doc` give the flat form (a win with its
`day`) that exports and imports use.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal, TypeVar, cast

import pendulum
from pendulum import Date, DateTime

from ..domain.models import (
    Day,
    Goal,
    GoalKind,
    Milestone,
    Pause,
    Schedule,
    ScheduleKind,
    Settings,
    Tombstone,
    Win,
)

Doc = dict[str, Any]
"""One TinyDB document, as stored."""
Record = Goal | Win | Day | Pause | Tombstone
"""Anything kept in a table of the store."""

GOALS, WINS, DAYS, PAUSES, TOMBSTONES = "goals", "wins", "days", "pauses", "tombstones"
TABLES = (GOALS, WINS, DAYS, PAUSES, TOMBSTONES)
"""The kinds of record, in the order they are checked."""
STORED_TABLES = (GOALS, DAYS, PAUSES, TOMBSTONES)
"""The TinyDB tables of a file (wins are kept inside their day's document)."""
DeletedKind = Literal["goal", "win", "pause"]
"""The kinds of record that can be deleted (and leave a tombstone)."""
TABLE_OF_KIND: dict[str, str] = {"goal": GOALS, "win": WINS, "pause": PAUSES}
"""The table of each kind of record that can be deleted."""

_UTC = pendulum.UTC
_T = TypeVar("_T")
_GOAL_KINDS = frozenset(kind.value for kind in GoalKind)


class RecordError(ValueError):
    """A document does not have the shape of its record; the message is one line."""


# --- values ------------------------------------------------------------------------------------


def instant_text(value: DateTime) -> str:
    """An instant as ISO-8601 UTC text ("2026-11-24T09:30:00Z")."""
    if value.tzinfo is None:
        raise ValueError(f"the time {value} has no time zone")
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_instant(text: str) -> DateTime:
    """An ISO-8601 instant with a zone or offset, as a UTC DateTime; ValueError otherwise."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    if moment.tzinfo is not UTC and moment.utcoffset():
        moment = moment.astimezone(UTC)
    # Direct construction is ~7x faster than pendulum.instance(), which matters for 70,000 wins.
    return DateTime(
        moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
        moment.microsecond, tzinfo=_UTC,
    )  # fmt: skip


@lru_cache(maxsize=8192)  # a ten-year store has ~3,650 distinct days and ~70,000 wins
def parse_day(text: str) -> Date:
    """A YYYY-MM-DD date; ValueError for anything else."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError("not YYYY-MM-DD")
    plain = Date.fromisoformat(text)
    return Date(plain.year, plain.month, plain.day)


def _number_value(value: float) -> float | int:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value} is not a finite number")
    # 200 reads better than 200.0 and is smaller; floats above 2**53 would lose digits as ints.
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


# --- reading fields ------------------------------------------------------------------------------


def _text(doc: Doc, name: str, *, required: bool = False) -> str:
    value = doc.get(name, None if required else "")
    if not isinstance(value, str) or (required and not value):
        raise RecordError(f"{name!r} must be {'a non-empty' if required else 'a'} string")
    return value


def _optional_text(doc: Doc, name: str) -> str | None:
    return _text(doc, name, required=True) if name in doc else None


def _parsed(doc: Doc, name: str, parse: Callable[[str], _T], what: str) -> _T:
    value = doc.get(name)
    if isinstance(value, str):
        try:
            return parse(value)
        except ValueError:
            pass
    raise RecordError(f"{name!r} must be {what}")


def _day(doc: Doc, name: str) -> Date:
    return _parsed(doc, name, parse_day, "a date (YYYY-MM-DD)")


_INSTANT = "an ISO-8601 time with a zone (2026-11-24T09:30:00Z)"


def _instant(doc: Doc, name: str) -> DateTime:
    return _parsed(doc, name, parse_instant, _INSTANT)


def _optional_instant(doc: Doc, name: str) -> DateTime | None:
    return _instant(doc, name) if name in doc else None


def _number(doc: Doc, name: str) -> float | None:
    value = doc.get(name)
    if value is None and name not in doc:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(f"{name!r} must be a number")
    return float(value)


def _integer(doc: Doc, name: str, default: int) -> int:
    value = doc.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{name!r} must be a whole number")
    return value


def _flag(doc: Doc, name: str) -> bool:
    value = doc.get(name, False)
    if not isinstance(value, bool):
        raise RecordError(f"{name!r} must be true or false")
    return value


def _list(doc: Doc, name: str) -> list[Any]:
    value = doc.get(name, [])
    if not isinstance(value, list):
        raise RecordError(f"{name!r} must be a list")
    return value


# --- records -----------------------------------------------------------------------------------


def _schedule_doc(schedule: Schedule) -> Doc | None:
    if schedule.kind is ScheduleKind.WEEKDAYS:
        return {"kind": "weekdays", "days": sorted(schedule.weekdays)}
    if schedule.kind is ScheduleKind.PER_WEEK:
        return {"kind": "per_week", "n": schedule.per_week}
    return None


def _schedule(value: Any) -> Schedule:
    if value is None:
        return Schedule()
    if not isinstance(value, dict):
        raise RecordError("'schedule' must be an object")
    kind = value.get("kind")
    if kind == "weekdays":
        days = _list(value, "days")
        if not all(isinstance(d, int) and not isinstance(d, bool) for d in days):
            raise RecordError("schedule 'days' must be weekday numbers (Monday = 0)")
        return Schedule.on_days(days)
    if kind == "per_week":
        return Schedule.times_per_week(_integer(value, "n", 0))
    if kind == "daily":
        return Schedule()
    raise RecordError("schedule 'kind' must be 'daily', 'weekdays' or 'per_week'")


def _goal_doc(goal: Goal) -> Doc:
    doc: Doc = {
        "id": goal.id,
        "title": goal.title,
        "kind": GoalKind(goal.kind).value,
        "created": instant_text(goal.created),
        "updated": instant_text(goal.updated),
    }
    for name in ("why", "anchor", "tiny"):
        if value := getattr(goal, name):
            doc[name] = value
    if goal.target is not None:
        doc["target"] = _number_value(goal.target)
    if goal.unit:
        doc["unit"] = goal.unit
    if (schedule := _schedule_doc(goal.schedule)) is not None:
        doc["schedule"] = schedule
    if goal.parent_id is not None:
        doc["parent"] = goal.parent_id
    if goal.total is not None:
        doc["total"] = _number_value(goal.total)
    if goal.milestones:
        doc["milestones"] = [_milestone_doc(m) for m in goal.milestones]
    if goal.archived:
        doc["archived"] = True
    if goal.position:
        doc["position"] = goal.position
    return doc


def _milestone_doc(milestone: Milestone) -> Doc:
    doc: Doc = {"id": milestone.id, "title": milestone.title}
    if milestone.done_on is not None:
        doc["done_on"] = milestone.done_on.isoformat()
    return doc


def _milestone(value: Any) -> Milestone:
    if not isinstance(value, dict):
        raise RecordError("each milestone must be an object")
    done_on = _day(value, "done_on") if "done_on" in value else None
    return Milestone(_text(value, "id", required=True), _text(value, "title"), done_on)


def _goal_from_doc(doc: Doc) -> Goal:
    kind = doc.get("kind", GoalKind.CHECK.value)
    if not isinstance(kind, str) or kind not in _GOAL_KINDS:
        raise RecordError("'kind' must be 'check' or 'count'")
    return Goal(
        id=_text(doc, "id", required=True),
        title=_text(doc, "title"),
        created=_instant(doc, "created"),
        updated=_instant(doc, "updated"),
        kind=GoalKind(kind),
        why=_text(doc, "why"),
        anchor=_text(doc, "anchor"),
        tiny=_text(doc, "tiny"),
        target=_number(doc, "target"),
        unit=_text(doc, "unit"),
        schedule=_schedule(doc.get("schedule")),
        parent_id=_optional_text(doc, "parent"),
        total=_number(doc, "total"),
        milestones=tuple(_milestone(m) for m in _list(doc, "milestones")),
        archived=_flag(doc, "archived"),
        position=_integer(doc, "position", 0),
    )


def _win_doc(win: Win) -> Doc:
    doc: Doc = {"id": win.id, "at": instant_text(win.at), "day": win.day.isoformat()}
    if win.goal_id is not None:
        doc["goal"] = win.goal_id
    if win.amount is not None:
        doc["amount"] = _number_value(win.amount)
    if win.note:
        doc["note"] = win.note
    for name in ("created", "updated"):
        value: DateTime | None = getattr(win, name)
        if value is not None and value != win.at:
            doc[name] = instant_text(value)
    return doc


def _win_from_doc(doc: Doc) -> Win:
    return Win(
        id=_text(doc, "id", required=True),
        at=_instant(doc, "at"),
        day=_day(doc, "day"),
        goal_id=_optional_text(doc, "goal"),
        amount=_number(doc, "amount"),
        note=_text(doc, "note"),
        created=_optional_instant(doc, "created"),
        updated=_optional_instant(doc, "updated"),
    )


def nested_win_doc(win: Win) -> Doc:
    """A win as kept in its day's document: the flat form without the `day`."""
    doc = _win_doc(win)
    del doc["day"]
    return doc


def nested_win(doc: Any, day: Date) -> Win:
    """The win a day document lists, each field checked, naming the first that is wrong.

    `decoding` takes wins of the usual shape a faster way, and this one for the others.
    """
    if type(doc) is not dict:
        raise RecordError("it must be an object")
    win_id = doc.get("id")
    if type(win_id) is not str or not win_id:
        raise RecordError("'id' must be a non-empty string")
    at_text = doc.get("at")
    try:
        if type(at_text) is not str:
            raise ValueError
        at = parse_instant(at_text)
    except ValueError:
        raise RecordError(f"'at' must be {_INSTANT}") from None
    goal = doc.get("goal")
    if goal is not None and (type(goal) is not str or not goal):
        raise RecordError("'goal' must be a non-empty string")
    amount = doc.get("amount")
    if amount is not None:
        if type(amount) is not int and type(amount) is not float:
            raise RecordError("'amount' must be a number")
        amount = float(amount)
    note = doc.get("note", "")
    if type(note) is not str:
        raise RecordError("'note' must be a string")
    created = updated = None
    if "created" in doc or "updated" in doc:
        created = _optional_instant(doc, "created")
        updated = _optional_instant(doc, "updated")
    return Win(win_id, at, day, goal, amount, note, created, updated)


def day_document(date: str, day: Day | None, win_docs: list[Doc]) -> Doc | None:
    """The document of one date: its day record and its wins (as `nested_win_doc` gives them);
    None when there is nothing."""
    doc: Doc = _day_doc(day) if day is not None else {"date": date}
    if win_docs:
        doc["wins"] = win_docs
    return doc if len(doc) > 1 else None


def _day_doc(day: Day) -> Doc:
    doc: Doc = {"date": day.date.isoformat()}
    if day.note:
        doc["note"] = day.note
    if day.rest:
        doc["rest"] = True
    if day.rest_goals:
        doc["rest_goals"] = sorted(day.rest_goals)
    if day.updated is not None:
        doc["updated"] = instant_text(day.updated)
    return doc


def day_from_doc(doc: Doc) -> tuple[Day, list[Any]]:
    """The day record of a day document (empty when it says nothing) and its win documents."""
    return _day_from_doc(doc), _list(doc, "wins")


def _day_from_doc(doc: Doc) -> Day:
    rest_goals = _list(doc, "rest_goals")
    if not all(isinstance(g, str) for g in rest_goals):
        raise RecordError("'rest_goals' must be a list of goal ids")
    return Day(
        date=_day(doc, "date"),
        note=_text(doc, "note"),
        rest=_flag(doc, "rest"),
        rest_goals=frozenset(rest_goals),
        updated=_optional_instant(doc, "updated"),
    )


def _pause_doc(pause: Pause) -> Doc:
    doc: Doc = {"id": pause.id, "start": pause.start.isoformat(), "end": pause.end.isoformat()}
    if pause.note:
        doc["note"] = pause.note
    if pause.created is not None:
        doc["created"] = instant_text(pause.created)
    return doc


def _pause_from_doc(doc: Doc) -> Pause:
    return Pause(
        id=_text(doc, "id", required=True),
        start=_day(doc, "start"),
        end=_day(doc, "end"),
        note=_text(doc, "note"),
        created=_optional_instant(doc, "created"),
    )


def _tombstone_doc(tombstone: Tombstone) -> Doc:
    return {"id": tombstone.id, "kind": tombstone.kind, "deleted": instant_text(tombstone.deleted)}


def _tombstone_from_doc(doc: Doc) -> Tombstone:
    kind = doc.get("kind")
    if not isinstance(kind, str) or kind not in TABLE_OF_KIND:
        raise RecordError("'kind' must be 'goal', 'win' or 'pause'")
    return Tombstone(
        _text(doc, "id", required=True), cast(DeletedKind, kind), _instant(doc, "deleted")
    )


def settings_doc(settings: Settings) -> Doc:
    """The settings as kept in the meta record."""
    return asdict(settings)


def settings_from_doc(value: Any) -> Settings:
    """The settings of the meta record; RecordError if they have the wrong shape."""
    if not isinstance(value, dict):
        raise RecordError("'settings' must be an object")
    default = Settings()
    return Settings(
        day_start_hour=_integer(value, "day_start_hour", default.day_start_hour),
        week_start=_integer(value, "week_start", default.week_start),
        theme=_text(value, "theme"),
    )


_FROM_DOC: dict[str, Callable[[Doc], Record]] = {
    GOALS: _goal_from_doc,
    WINS: _win_from_doc,
    DAYS: _day_from_doc,
    PAUSES: _pause_from_doc,
    TOMBSTONES: _tombstone_from_doc,
}


def encode(record: Record) -> tuple[str, str, Doc]:
    """The table, the key (id, or date for days) and the document of a record."""
    if isinstance(record, Goal):
        return GOALS, record.id, _goal_doc(record)
    if isinstance(record, Win):
        return WINS, record.id, _win_doc(record)
    if isinstance(record, Day):
        return DAYS, record.date.isoformat(), _day_doc(record)
    if isinstance(record, Pause):
        return PAUSES, record.id, _pause_doc(record)
    if isinstance(record, Tombstone):
        return TOMBSTONES, record.id, _tombstone_doc(record)
    raise TypeError(f"cannot store a {type(record).__name__}")


def decode_doc(table: str, doc: Doc) -> Record:
    """The record a document of `table` describes; RecordError if it has the wrong shape."""
    try:
        return _FROM_DOC[table](doc)
    except RecordError:
        raise
    except ValueError as err:  # the domain's own checks (a schedule with no weekdays, ...)
        raise RecordError(str(err)) from None
