"""Import of harsh, the terminal habit tracker: its `habits` and `log` files.

harsh keeps two plain-text files in one folder. FILE may be that folder or either file; the
other is looked for beside it (a missing `habits` file is allowed: the log names the habits).

`habits` has one habit a line, `Habit name: frequency`; `!` lines are section headings and
`#` lines comments. Each habit becomes a goal (matched by title ignoring case, or created),
its schedule taken from the frequency:

- `1` (or `1/1`): daily;
- `N/7` (or `Nw`) with N from 1 to 7: N times a week; a bare `7` (every 7 days) is `1/7`;
- `0` (tracked, no target) and any other `a/b` or `N`: daily, since smallwins has no
  "every few days" schedule.

`log` has one line per habit and day: `YYYY-MM-DD : Habit name : y|n|s`, optionally followed
by ` : comment` and (newer harsh) ` : amount`. `y` is a win (noted with the comment, counting
the amount), `n` adds nothing, and `s` (skip) makes the day a rest day for that goal. A habit
with an amount on any `y` line becomes a count goal whose daily target is its most common
amount; the others are done-or-not goals. Habits only the log names are created daily.

Importing twice adds nothing (see `habit_log`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..domain.commands import parse_amount
from ..domain.models import NOTE_MAX, TITLE_MAX, Schedule, ValidationError, clean_text
from ..store.records import parse_day
from .habit_log import Entry, Habit, check_day, plan_habits
from .plan import ImportContext, Importer, ImportPlan

HABITS = "habits"
LOG = "log"
_LOG_LINE = re.compile(r"^\d{4}-\d{2}-\d{2} : .+ : [yns]\b")
_HABIT_LINE = re.compile(r"^[^:]+:\s*\d+(/\d+|w)?\s*$")


def files_in(folder: Path) -> bool:
    """Whether `folder` is harsh's: it holds both a `habits` and a `log` file."""
    return (folder / HABITS).is_file() and (folder / LOG).is_file()


def sniff(head: bytes) -> bool:
    """Whether the first lines look like harsh's `log` or `habits` file."""
    lines = [
        line.strip()
        for line in head.decode("utf-8-sig", errors="replace").splitlines()[:50]
        if line.strip() and not line.lstrip().startswith("#")
    ]
    whole = lines[:-1] if len(lines) > 1 else lines  # the last line may be cut short
    if all(_LOG_LINE.match(line) for line in whole):
        return True
    habits = [line for line in whole if not line.startswith("!")]
    return bool(habits) and all(_HABIT_LINE.match(line) for line in habits)


def _paths(ctx: ImportContext) -> tuple[Path | None, Path]:
    """The `habits` file (None when there is none) and the `log` file."""
    given = ctx.file
    if given.is_dir():
        if not (given / LOG).is_file():
            raise ctx.bad(None, f"not a harsh folder: it has no {LOG!r} file")
        folder = given
    else:
        folder = given.parent
    log = folder / LOG
    if given.is_file() and given.name != HABITS:
        log = given
    habits = folder / HABITS
    if given.is_file() and given.name == HABITS:
        habits = given
    if not log.is_file():
        raise ctx.bad(None, f"cannot find harsh's {LOG!r} file beside it")
    return (habits if habits.is_file() else None), log


def plan(ctx: ImportContext) -> ImportPlan:
    """The habits, wins, rest days and new goals the store does not have yet."""
    habits_path, log_path = _paths(ctx)
    habits: dict[str, Habit] = {}
    if habits_path is not None:
        for habit in _read_habits(replace(ctx, file=habits_path)):
            habits.setdefault(habit.title.casefold(), habit)
    entries = _read_log(replace(ctx, file=log_path))
    amounts: dict[str, list[float]] = {}
    for entry in entries:
        key = entry.title.casefold()
        if key not in habits:
            habits[key] = Habit(line=entry.line, title=entry.title, file=log_path)
        if entry.done and entry.amount is not None:
            amounts.setdefault(key, []).append(entry.amount)
    for key, values in amounts.items():
        habits[key] = replace(habits[key], target=Counter(values).most_common(1)[0][0])
    return plan_habits(ctx, IMPORTER.name, list(habits.values()), entries)


def _read_habits(ctx: ImportContext) -> list[Habit]:
    out: list[Habit] = []
    for number, raw in enumerate(ctx.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "!")):
            continue
        name, sep, frequency = line.rpartition(":")
        try:
            if not sep:
                raise ValidationError("expected 'Habit name: frequency'")
            title = clean_text(name, what="habit name", max_len=TITLE_MAX)
            if not title:
                raise ValidationError("the habit name is empty")
            schedule = _schedule(frequency.strip())
        except ValidationError as err:
            raise ctx.bad(number, str(err)) from None
        out.append(Habit(line=number, title=title, schedule=schedule, file=ctx.file))
    return out


def _schedule(text: str) -> Schedule:
    """The schedule for a harsh frequency (see the module's docstring)."""
    if text.endswith("w") and text[:-1].isdigit():  # `1w`: N times a week
        text = f"{text[:-1]}/7"
    times, sep, days = text.partition("/")
    if not times.isdigit() or (sep and not days.isdigit()):
        raise ValidationError(f"frequency {text!r} is not a number or N/days (like 1 or 3/7)")
    if sep:
        a, b = int(times), int(days)
    else:  # a bare N is once every N days; 0 is tracked only
        a, b = (1, int(times)) if int(times) else (0, 0)
    if b == 7 and 1 <= a <= 7:
        return Schedule.times_per_week(a)
    return Schedule.daily()


def _read_log(ctx: ImportContext) -> list[Entry]:
    out: list[Entry] = []
    for number, raw in enumerate(ctx.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(" : ")]
        try:
            if len(parts) < 3:
                raise ValidationError("expected 'YYYY-MM-DD : Habit name : y|n|s'")
            try:
                day = parse_day(parts[0])
            except ValueError:
                raise ValidationError(f"date {parts[0]!r} is not a date (use YYYY-MM-DD)") from None
            check_day(day, ctx)
            title = clean_text(parts[1], what="habit name", max_len=TITLE_MAX)
            if not title:
                raise ValidationError("the habit name is empty")
            result = parts[2].lower()
            if result not in ("y", "n", "s"):
                raise ValidationError(f"result {parts[2]!r} must be y, n or s")
            comment, amount = _extras(parts[3:])
            note = clean_text(comment, what="comment", max_len=NOTE_MAX)
        except ValidationError as err:
            raise ctx.bad(number, str(err)) from None
        if result == "n":
            continue
        out.append(
            Entry(line=number, day=day, title=title, done=result == "y", amount=amount, note=note)
        )
    return out


def _extras(parts: list[str]) -> tuple[str, float | None]:
    """The comment and the amount after the result: `comment`, `comment : amount`."""
    if len(parts) < 2:
        return (parts[0] if parts else ""), None
    last = parts[-1]
    if last and not _is_number(last):
        return " : ".join(parts), None  # a comment with " : " in it
    amount = parse_amount(last) if last and float(last) != 0 else None
    return " : ".join(parts[:-1]), amount


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


IMPORTER = Importer(
    name="harsh",
    description="harsh's habits and log files (FILE: their folder or either file)",
    sniff=sniff,
    plan=plan,
)
