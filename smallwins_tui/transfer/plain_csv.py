"""Import of a plain CSV of wins: `date,goal[,amount][,note]`, or smallwins' own wins export.

The header is required. Its columns are `date` and `goal`, optionally `time`, `amount`, `unit`
and `note`, in the order `date,time,goal,amount,unit,note` (so `export_csv` output re-imports).

- `goal` is a goal's title, matched exactly but ignoring case; empty for a free-standing win
  (which then needs a note). A title no goal has creates that goal: a count goal whose daily
  target is the first amount given for it (and whose unit is the first `unit` given), or a
  done-or-not goal when none of its rows has an amount.
- `amount` is a positive number, only for count goals; a count goal's row without one counts
  the goal's daily target, as `smallwins log` does.
- A win is logged at `time` (local HH:MM, default 12:00) of its day, never later than now.

Importing twice adds nothing: a row matches a win the store already has with the same day,
goal, amount and note (the n-th identical row matches the n-th such win), and otherwise gets
an id derived from its content, so a second run finds it. New goals get an id derived from
their title for the same reason. Rows of a goal the user deleted after importing it are
skipped, as are rows whose win was deleted: what was deleted stays deleted.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, replace

import pendulum
from pendulum import Date, DateTime

from ..domain.clock import day_start_instant, local_day
from ..domain.commands import EARLIEST_DAY, new_goal, parse_amount
from ..domain.models import (
    NOTE_MAX,
    TITLE_MAX,
    UNIT_MAX,
    Goal,
    ValidationError,
    Win,
    clean_text,
)
from ..store.records import parse_day
from .export import WINS_CSV_HEADER
from .plan import ImportContext, Importer, ImportPlan, ImportReport, Put, read_csv_rows

NAMESPACE = uuid.UUID("6f1d2a4e-3c57-5b8e-9a0c-51a11b1e5c0e")
"""The uuid5 namespace of ids derived from imported content; never change it."""
REQUIRED = ("date", "goal")
NOON = (12, 0)


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    day: Date
    time: tuple[int, int] | None
    key: str
    """The goal's title casefolded; "" for a free-standing win."""
    title: str
    amount: float | None
    unit: str
    note: str


def sniff(head: bytes) -> bool:
    """Whether the first line is a header this importer reads."""
    first = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not first:
        return False
    columns = [c.strip().strip('"').lower() for c in first[0].split(",")]
    return _layout_problem(columns) is None


def _layout_problem(columns: list[str]) -> str | None:
    """Why a header is not one this importer reads; None when it is."""
    order = [c for c in WINS_CSV_HEADER if c in columns]
    if (
        len(set(columns)) == len(columns) == len(order)
        and order == columns
        and all(c in columns for c in REQUIRED)
    ):
        return None
    found = ",".join(columns)
    return (
        f"the header must be date,goal[,amount][,note] or {','.join(WINS_CSV_HEADER)}, "
        f"not {found!r}"
    )


def derived_id(*parts: str) -> str:
    """A record id made from its content, so importing the same row again finds it."""
    return uuid.uuid5(NAMESPACE, "\x1f".join(parts)).hex


def goal_id_for(title: str) -> str:
    """The id a goal created by an import of `title` gets (the same for any case)."""
    return derived_id("goal", title.casefold())


def plan(ctx: ImportContext) -> ImportPlan:
    """The wins (and new goals) of the file that the store does not have yet."""
    rows, columns = read_csv_rows(
        ctx,
        columns=lambda cells: [c.strip().lower() for c in cells],
        layout_problem=_layout_problem,
        needs="a header: date,goal[,amount][,note]",
    )
    snapshot = ctx.snapshot
    by_title: dict[str, list[Goal]] = {}
    for goal in snapshot.goals:
        by_title.setdefault(goal.title.strip().casefold(), []).append(goal)
    by_id = {g.id: g for g in snapshot.goals}
    deleted = {t.id for t in snapshot.tombstones}
    # One pass in file order, so the error reported is the first bad row's.
    goals: dict[str, Goal | None] = {}
    """Goal by casefolded title; None for a goal the user deleted after an earlier import."""
    firsts: dict[str, _Row] = {}
    """The first row naming each goal this import creates (with the first amount given)."""
    parsed: list[_Row] = []
    for line, cells in rows:
        row = _parse(ctx, line, dict(zip(columns, cells, strict=True)))
        parsed.append(row)
        if not row.key:
            continue
        if row.key in firsts:
            first = firsts[row.key]
            if first.amount is None and row.amount is not None:
                firsts[row.key] = replace(first, amount=row.amount, unit=first.unit or row.unit)
            continue
        if row.key not in goals:
            existing = by_title.get(row.key, [])
            if len(existing) > 1:
                raise ctx.bad(
                    row.line, f"{len(existing)} goals are called {row.title!r}; rename one first"
                )
            if existing:
                goals[row.key] = existing[0]
            elif (renamed := by_id.get(goal_id_for(row.key))) is not None:
                goals[row.key] = renamed  # created by an earlier import, renamed since
            elif goal_id_for(row.key) in deleted:
                goals[row.key] = None
            else:
                firsts[row.key] = row
                continue
        known = goals[row.key]
        if known is not None and not known.is_count and row.amount is not None:
            raise ctx.bad(row.line, f"{known.title!r} is done-or-not; it takes no amount")
    created = _new_goals(ctx, firsts)
    goals.update(created)

    have = Counter((w.day, w.goal_id, w.amount, w.note) for w in snapshot.wins)
    have_ids = {w.id for w in snapshot.wins}
    occurrences: Counter[tuple[object, ...]] = Counter()
    at_of: dict[tuple[Date, tuple[int, int] | None], DateTime] = {}
    wins: list[Put] = []
    skipped = 0
    for row in parsed:
        owner = goals.get(row.key) if row.key else None
        if row.key and owner is None:
            skipped += 1  # its goal was deleted
            continue
        amount = _amount(row, owner)
        goal_id = owner.id if owner else None
        content = (row.day, goal_id, amount, row.note)
        n = occurrences[content]
        occurrences[content] += 1
        win_id = derived_id(
            "win", row.day.isoformat(), row.key, number_key(amount), row.note, str(n)
        )
        if n < have[content] or win_id in have_ids or win_id in deleted:
            skipped += 1
            continue
        at = at_of.get((row.day, row.time))
        if at is None:
            at = at_of[(row.day, row.time)] = instant_on(ctx, row.day, row.time)
        wins.append(
            Win(id=win_id, at=at, day=row.day, goal_id=goal_id, amount=amount, note=row.note)
        )
    report = ImportReport(
        format=IMPORTER.name,
        added_goals=len(created),
        added_wins=len(wins),
        skipped=skipped,
        created_goal_titles=tuple(g.title for g in created.values()),
    )
    return ImportPlan((*created.values(), *wins), report)


def _parse(ctx: ImportContext, line: int, cells: dict[str, str]) -> _Row:
    """One row checked on its own; BadImport names the line and the column."""
    try:
        text = cells["date"].strip()
        try:
            day = parse_day(text)
        except ValueError:
            raise ValidationError(f"date {text!r} is not a date (use YYYY-MM-DD)") from None
        if day > ctx.today:
            raise ValidationError(f"date {text} is in the future; today is {ctx.today}")
        if day < EARLIEST_DAY:
            raise ValidationError(f"date {text} is too far in the past")
        title = clean_text(cells["goal"], what="goal", max_len=TITLE_MAX)
        raw_amount = cells.get("amount", "").strip()
        amount = parse_amount(raw_amount) if raw_amount else None
        note = clean_text(cells.get("note", ""), what="note", max_len=NOTE_MAX, multiline=True)
        if not title:
            if amount is not None:
                raise ValidationError("an amount needs a goal")
            if not note:
                raise ValidationError("a win without a goal needs a note")
        return _Row(
            line=line,
            day=day,
            time=_time(cells.get("time", "")),
            key=title.casefold(),
            title=title,
            amount=amount,
            unit=clean_text(cells.get("unit", ""), what="unit", max_len=UNIT_MAX),
            note=note,
        )
    except ValidationError as err:
        raise ctx.bad(line, str(err)) from None


def _time(text: str) -> tuple[int, int] | None:
    value = text.strip()
    if not value:
        return None
    hours, sep, minutes = value.partition(":")
    if sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2:
        h, m = int(hours), int(minutes)
        if h < 24 and m < 60:
            return h, m
    raise ValidationError(f"time {value!r} is not a time (use HH:MM)")


def _new_goals(ctx: ImportContext, firsts: dict[str, _Row]) -> dict[str, Goal]:
    """The goals the file names that do not exist, by casefolded title, in order of appearance."""
    top = [g.position for g in ctx.snapshot.goals if g.parent_id is None]
    position = max(top, default=-1) + 1
    out: dict[str, Goal] = {}
    for key, row in firsts.items():
        try:
            goal = new_goal(
                ctx.snapshot,
                now=ctx.now.in_timezone("UTC"),
                title=row.title,
                target=row.amount,
                unit=row.unit if row.amount is not None else "",
            )
        except ValidationError as err:
            raise ctx.bad(row.line, str(err)) from None
        out[key] = replace(goal, id=goal_id_for(key), position=position)
        position += 1
    return out


def _amount(row: _Row, goal: Goal | None) -> float | None:
    if goal is None or not goal.is_count:
        return None
    return row.amount if row.amount is not None else goal.target


def number_key(amount: float | None) -> str:
    """An amount as text for `derived_id` (1 and 1.0 give the same key)."""
    return "" if amount is None else repr(float(amount))


def instant_on(ctx: ImportContext, day: Date, time: tuple[int, int] | None) -> DateTime:
    """When a win of `day` logged at local `time` happened: within its day, never after now."""
    hour, minute = time or NOON
    # Before the day-start hour, the clock time belongs to the next calendar date.
    date = day.add(days=1) if hour < ctx.day_start_hour else day
    local = pendulum.datetime(date.year, date.month, date.day, hour, minute, tz=ctx.tz)
    if local_day(local, ctx.day_start_hour) != day:  # a time the clocks skipped
        local = day_start_instant(day, ctx.day_start_hour, ctx.tz).add(hours=12)
    return min(local.in_timezone("UTC"), ctx.now.in_timezone("UTC"))


IMPORTER = Importer(
    name="csv",
    description="a plain CSV of wins: date,goal[,amount][,note]",
    sniff=sniff,
    plan=plan,
)
