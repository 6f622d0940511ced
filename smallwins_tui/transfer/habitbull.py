"""Import of HabitBull's CSV export.

The header is `HabitName,HabitDescription,HabitCategory,CalendarDate,Value,CommentText`;
one row per habit and day.

- `HabitName` is the goal, matched by title ignoring case; a habit no goal has creates one
  (daily), whose `why` is the habit's `HabitDescription`. A habit whose values are all 0 or 1
  (a yes/no habit) becomes a done-or-not goal; any other becomes a count goal whose daily
  target is its most common positive value (the first of those, on a tie).
- `CalendarDate` (`2016-03-10T00:00:00.000Z` or `2016-03-10`): its date part is the win's day.
- `Value` 0 or empty is not a win; any positive value is, with that amount on a count goal.
- `CommentText` is the win's note (a comment on a row that is not a win is dropped).
- `HabitCategory` is not used.

Importing twice adds nothing (see `habit_log`).
"""

from __future__ import annotations

from collections import Counter

from pendulum import Date

from ..domain.commands import parse_amount
from ..domain.models import NOTE_MAX, TITLE_MAX, ValidationError, clean_text
from ..store.records import parse_day
from .habit_log import Entry, Habit, check_day, plan_habits
from .plan import ImportContext, Importer, ImportPlan, read_csv_rows

HEADER = ("habitname", "habitdescription", "habitcategory", "calendardate", "value", "commenttext")
REQUIRED = ("habitname", "calendardate", "value")


def sniff(head: bytes) -> bool:
    """Whether the first line is HabitBull's header."""
    first = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not first:
        return False
    return _layout_problem(_columns(first[0].split(","))) is None


def _columns(cells: list[str]) -> list[str]:
    return [c.strip().strip('"').lower() for c in cells]


def _layout_problem(columns: list[str]) -> str | None:
    """Why a header is not HabitBull's; None when it is."""
    if (
        len(set(columns)) == len(columns)
        and all(c in HEADER for c in columns)
        and all(c in columns for c in REQUIRED)
    ):
        return None
    return f"the header must be {','.join(HEADER)} (HabitBull's export), not {','.join(columns)!r}"


def plan(ctx: ImportContext) -> ImportPlan:
    """The habits, wins and new goals of the file that the store does not have yet."""
    rows, columns = read_csv_rows(
        ctx,
        columns=_columns,
        layout_problem=_layout_problem,
        needs=f"HabitBull's header: {','.join(HEADER)}",
    )
    habits: dict[str, Habit] = {}
    values: dict[str, list[float]] = {}
    entries: list[Entry] = []
    for line, cells in rows:
        row = dict(zip(columns, cells, strict=True))
        try:
            title = clean_text(row["habitname"], what="habit name", max_len=TITLE_MAX)
            if not title:
                raise ValidationError("the habit name is empty")
            day = _day(row["calendardate"])
            check_day(day, ctx)
            raw = row["value"].strip()
            value = 0.0 if not raw or _is_zero(raw) else parse_amount(raw, what="value")
            note = clean_text(
                row.get("commenttext", ""), what="comment", max_len=NOTE_MAX, multiline=True
            )
            why = clean_text(row.get("habitdescription", ""), what="description", max_len=NOTE_MAX)
        except ValidationError as err:
            raise ctx.bad(line, str(err)) from None
        key = title.casefold()
        if key not in habits:
            habits[key] = Habit(line=line, title=title, why=why)
            values[key] = []
        if value:
            values[key].append(value)
            entries.append(Entry(line=line, day=day, title=title, amount=value, note=note))
    for key, habit in habits.items():
        positive = values[key]
        if any(v != 1 for v in positive):
            target = Counter(positive).most_common(1)[0][0]
            habits[key] = Habit(habit.line, habit.title, target=target, why=habit.why)
    return plan_habits(ctx, IMPORTER.name, list(habits.values()), entries)


def _is_zero(text: str) -> bool:
    try:
        return float(text) == 0
    except ValueError:
        return False


def _day(text: str) -> Date:
    value = text.strip()
    try:
        return parse_day(value.partition("T")[0].strip())
    except ValueError:
        raise ValidationError(
            f"date {value!r} is not a date (use YYYY-MM-DD or 2016-03-10T00:00:00.000Z)"
        ) from None


IMPORTER = Importer(
    name="habitbull",
    description="HabitBull's CSV export",
    sniff=sniff,
    plan=plan,
)
