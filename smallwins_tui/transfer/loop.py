"""Import of Loop Habit Tracker's CSV export: the zip, its unzipped folder, or its Habits.csv.

The format, as written by iSoron/uhabits (`uhabits-core/src/jvmMain/java/org/isoron/uhabits/core/`
`io/HabitsCSVExporter.kt`, `models/HabitList.kt`, `Entry.kt`, `Habit.kt`, `ScoreList.kt`; the
fixtures in `uhabits-core/assets/test/csv_export/`):

- The zip holds `Habits.csv`; per exported habit a folder `%03d name` (its Position, then its
  name keeping only ASCII letters, digits, space, `.`, `_`, `-`, at most 100 characters) with
  `Checkmarks.csv` and `Scores.csv`; and wide `Checkmarks.csv` and `Scores.csv` (a column per
  habit) at the top. Only `Habits.csv` and the per-habit `Checkmarks.csv` are read: the wide
  files repeat the same days, so reading them would count every win twice.
- `Habits.csv` (opencsv: quoted where needed) has the header `Position,Name,Type,Question,
  Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,
  Archived?`; older versions wrote `Position,Name,Question,Description,NumRepetitions,Interval,
  Color` (every habit yes/no). Columns are found by name; Color and unknown ones are ignored.
- A habit's `Checkmarks.csv` is `Date,Value,Notes`, newest first, Value being YES_MANUAL,
  YES_AUTO, NO, SKIP, UNKNOWN or a measurable habit's number. Older versions wrote `date,value`
  lines, no header, with codes: 2 YES_MANUAL, 1 YES_AUTO, 0 NO, -1 UNKNOWN, 3 SKIP.
- Measurable values are stored times 1000, and Target Value is per FrequencyDenominator days
  (ScoreList.kt sums that many days and compares the sum with it).

Not confirmed in upstream source: where `Entry.formattedValue` (code to word) is defined; the
words are from the fixture `002 Wake up early/Checkmarks.csv`, a fork's Entry.kt and exports
quoted in other projects' issues. Which version switched to words is unknown: both import.

What it becomes (matching by title, ids and "twice adds nothing" are `habit_log`'s):

- A habit is a goal, archived if the habit is, whose why is its Description (else its Question;
  line breaks become spaces).
- A YES_NO habit is a done-or-not goal due FrequencyNumerator times in FrequencyDenominator
  days: N/N or more is daily, N/7 N times a week, other rates the nearest whole number of times
  a week (2/3 is 5, 1/30 is 1, 7 is daily). YES_MANUAL is a win; YES_AUTO (Loop's own tick for a
  day the frequency did not ask for), NO and UNKNOWN add nothing; SKIP is a rest day for the goal.
- A NUMERICAL habit is a daily count goal with its Unit; its daily target is Target Value /
  FrequencyDenominator to 2 decimals (20 km a week: 2.86), or its most common amount (else 1)
  when Loop's is 0. AT_MOST imports as AT_LEAST. A positive number is a win of number / 1000;
  0, negative numbers and the words add nothing, except SKIP, a rest day.
- A note is its win's note; the note of a day that is no win is added to the day's own note as
  `Habit name: note`, once.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..domain.models import (
    NOTE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    UNIT_MAX,
    Day,
    Goal,
    Schedule,
    ValidationError,
    check_amount,
    clean_text,
)
from ..store.records import parse_day
from .habit_log import Entry, Habit, check_day, plan_habits
from .plain_csv import goal_id_for
from .plan import BadImport, ImportContext, Importer, ImportPlan, Put, read_csv_rows

HABITS = "Habits.csv"
CHECKMARKS = "Checkmarks.csv"
MAX_BYTES = 200 * 1024 * 1024
"""The most an import reads of an export (unpacked); more is refused, whatever the zip claims."""
HEADER = (
    "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
    "Color,Unit,Target Type,Target Value,Archived?"
)
_ALIASES = {"numrepetitions": "frequencynumerator", "interval": "frequencydenominator"}
_KNOWN = {c.lower() for c in HEADER.split(",")}
_REQUIRED = ("position", "name", "frequencynumerator", "frequencydenominator")
_FOLDER = re.compile(r"^([0-9]+)(?: |$)")
_DIGITS = re.compile(r"[0-9]+")
_YES_NO: dict[str, bool | None] = {"YES_MANUAL": True, "2": True, "SKIP": False, "3": False}
"""A yes/no day: a win, a skip (-3 in some versions) or, for the others, nothing."""
_YES_NO |= {"-3": False} | dict.fromkeys(("YES_AUTO", "1", "NO", "0", "UNKNOWN", "-1"))


@dataclass(frozen=True)
class _Part(ImportContext):
    """One file of the export, already read; errors name it (inside the zip, for a zip)."""

    data: bytes = b""

    def read_text(self) -> str:
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise self.bad(self.data[: err.start].count(b"\n") + 1, "not UTF-8 text") from None


@dataclass(frozen=True, slots=True)
class _LoopHabit:
    position: int
    habit: Habit
    numerical: bool
    unit: str
    archived: bool


def is_export_folder(folder: Path) -> bool:
    """Whether `folder` is an unzipped Loop export: it holds a Habits.csv."""
    return (folder / HABITS).is_file()


def looks_like_zip(path: Path) -> bool:
    """Whether `path` is (or is named as) a zip file."""
    return path.is_file() and (path.suffix.lower() == ".zip" or zipfile.is_zipfile(path))


def zip_holds_export(path: Path) -> bool:
    """Whether the zip has a Habits.csv; BadImport when it is not a readable zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            return bool(_habits_members(archive.namelist()))
    except (zipfile.BadZipFile, OSError) as err:
        raise BadImport(path, None, f"not a readable zip file ({err})") from None


def sniff(head: bytes) -> bool:
    """Whether the first line is the header of Loop's Habits.csv."""
    first = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    try:
        cells = next(csv.reader(first), [])
    except csv.Error:
        return False
    return bool(cells) and _layout_problem(_columns(cells)) is None


def _columns(cells: list[str]) -> list[str]:
    return [_ALIASES.get(key, key) for key in (c.strip().lower() for c in cells)]


def _layout_problem(columns: list[str]) -> str | None:
    known = [c for c in columns if c in _KNOWN]
    if len(set(known)) == len(known) and all(c in columns for c in _REQUIRED):
        return None
    return f"the header must be Loop's Habits.csv header ({HEADER}), not {','.join(columns)!r}"


def _habits_members(names: list[str]) -> list[str]:
    """The zip's members called Habits.csv, shallowest first."""
    found = [n for n in names if n.rpartition("/")[2].lower() == HABITS.lower()]
    return sorted(found, key=lambda name: (name.count("/"), name))


def _part(ctx: ImportContext, file: Path, data: bytes) -> _Part:
    return _Part(file, ctx.snapshot, ctx.now, ctx.tz, ctx.day_start_hour, data)


def _read_export(ctx: ImportContext) -> tuple[_Part, list[tuple[int, _Part]]]:
    """Habits.csv, and each per-habit Checkmarks.csv with its folder's number."""
    if ctx.file.is_dir():
        return _from_folder(ctx, ctx.file / HABITS)
    if looks_like_zip(ctx.file):
        return _from_zip(ctx)
    return _from_folder(ctx, ctx.file)


def _from_folder(ctx: ImportContext, habits: Path) -> tuple[_Part, list[tuple[int, _Part]]]:
    if ctx.file.is_dir() and not habits.is_file():
        raise ctx.bad(None, f"not a Loop Habit Tracker export: it has no {HABITS}")
    found: list[tuple[int, Path]] = [(0, habits)]
    try:
        for child in sorted(habits.parent.iterdir()):
            match = _FOLDER.match(child.name)
            if match and (child / CHECKMARKS).is_file():
                found.append((int(match[1]), child / CHECKMARKS))
        _check_size(ctx, sum(path.stat().st_size for _, path in found))
        parts = [(number, _part(ctx, path, path.read_bytes())) for number, path in found]
    except OSError as err:
        where = Path(err.filename) if err.filename else ctx.file
        raise BadImport(where, None, f"cannot read it ({err.strerror or err})") from None
    return parts[0][1], parts[1:]


def _from_zip(ctx: ImportContext) -> tuple[_Part, list[tuple[int, _Part]]]:
    try:
        with zipfile.ZipFile(ctx.file) as archive:
            infos = {i.filename: i for i in archive.infolist() if not i.is_dir()}
            members = _habits_members(list(infos))
            if not members:
                raise ctx.bad(None, f"not a Loop Habit Tracker export: the zip has no {HABITS}")
            if len(members) > 1 and members[1].count("/") == members[0].count("/"):
                raise ctx.bad(None, f"the zip has more than one {HABITS}: {', '.join(members)}")
            root = members[0][: -len(HABITS)]
            chosen = [(0, infos[members[0]])]
            for name, info in infos.items():
                folder, _, file = name[len(root) :].partition("/")
                match = _FOLDER.match(folder)
                if name.startswith(root) and file == CHECKMARKS and match:
                    chosen.append((int(match[1]), info))
            _check_size(ctx, sum(info.file_size for _, info in chosen))
            parts = [(n, _part(ctx, ctx.file / i.filename, archive.read(i))) for n, i in chosen]
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as err:
        raise ctx.bad(None, f"not a readable zip file ({err})") from None
    return parts[0][1], parts[1:]


def _check_size(ctx: ImportContext, total: int) -> None:
    if total > MAX_BYTES:
        raise ctx.bad(
            None, f"the export unpacks to {total:,} bytes; refusing more than {MAX_BYTES:,}"
        )


def plan(ctx: ImportContext) -> ImportPlan:
    """The goals, wins, rest days and day notes of the export that the store does not have."""
    habits_part, folders = _read_export(ctx)
    loop_habits = _read_habits(habits_part)
    by_position = {h.position: h for h in loop_habits}
    entries: list[Entry] = []
    notes: list[tuple[Path, Entry]] = []
    seen: set[int] = set()
    for number, part in sorted(folders, key=lambda f: f[0]):
        owner = by_position.get(number)
        if owner is None:
            raise part.bad(None, f"no habit in {HABITS} has Position {number:03d}")
        if number in seen:
            raise part.bad(None, f"two habit folders are numbered {number:03d}")
        seen.add(number)
        _read_checkmarks(part, owner, entries, notes)
    habits: list[Habit] = []
    for owner in loop_habits:
        habit = owner.habit
        if owner.numerical and habit.target is None:
            key = habit.title.casefold()
            amounts = [e.amount for e in entries if e.title.casefold() == key and e.amount]
            habit = replace(habit, target=Counter(amounts).most_common(1)[0][0] if amounts else 1)
        habits.append(habit)
    return _finish(ctx, plan_habits(ctx, IMPORTER.name, habits, entries), loop_habits, notes)


def _read_habits(part: _Part) -> list[_LoopHabit]:
    rows, columns = read_csv_rows(
        part, columns=_columns, layout_problem=_layout_problem, needs=f"Loop's header: {HEADER}"
    )
    out: list[_LoopHabit] = []
    lines: dict[int, int] = {}
    for line, cells in rows:
        row = dict(zip(columns, cells, strict=True))
        try:
            raw = row["position"].strip()
            if not _DIGITS.fullmatch(raw) or int(raw) < 1:
                raise ValidationError(f"Position {raw!r} is not a habit number (like 001)")
            if int(raw) in lines:
                raise ValidationError(f"Position {raw} is also on line {lines[int(raw)]}")
            title = clean_text(row["name"], what="habit name", max_len=TITLE_MAX, required=True)
            kind = row.get("type", "").strip().upper() or "YES_NO"
            if kind not in ("YES_NO", "NUMERICAL"):
                raise ValidationError(f"Type {row['type']!r} must be YES_NO or NUMERICAL")
            why = _one_line(row.get("description", ""), "Description")
            why = why or _one_line(row.get("question", ""), "Question")
            times = _whole(row["frequencynumerator"], "FrequencyNumerator")
            days = _whole(row["frequencydenominator"], "FrequencyDenominator")
            archived = row.get("archived?", "").strip().lower()
            if archived not in ("", "true", "false"):
                raise ValidationError(f"Archived? {row['archived?']!r} must be true or false")
            unit, target = "", None
            if kind == "NUMERICAL":
                unit = clean_text(row.get("unit", ""), what="Unit", max_len=UNIT_MAX)
                target = _daily_target(row, days)
        except ValidationError as err:
            raise part.bad(line, str(err)) from None
        lines[int(raw)] = line
        schedule = Schedule.daily() if kind == "NUMERICAL" else _schedule(times, days)
        habit = Habit(line, title, target, why, schedule, part.file)
        out.append(_LoopHabit(int(raw), habit, kind == "NUMERICAL", unit, archived == "true"))
    return out


def _one_line(text: str, what: str) -> str:
    return clean_text(re.sub(r"[\r\n\t]+", " ", text), what=what, max_len=TEXT_MAX)


def _whole(text: str, what: str) -> int:
    value = text.strip()
    if not _DIGITS.fullmatch(value) or int(value) < 1:
        raise ValidationError(f"{what} {text!r} must be a whole number from 1 up")
    return int(value)


def _daily_target(row: dict[str, str], days: int) -> float | None:
    """A measurable habit's daily target; None when Loop's is 0 (then its amounts decide)."""
    kind = row.get("target type", "").strip().upper()
    if kind not in ("", "AT_LEAST", "AT_MOST"):
        raise ValidationError(f"Target Type {row['target type']!r} must be AT_LEAST or AT_MOST")
    raw = row.get("target value", "").strip()
    try:
        value = float(raw) if raw else 0.0
    except ValueError:
        raise ValidationError(f"Target Value {raw!r} must be a number") from None
    check_amount(value, what="Target Value", allow_zero=True)
    daily = round(value / days, 2)
    return _tidy(daily) if daily > 0 else None


def _tidy(value: float) -> float:
    return int(value) if value.is_integer() else value


def _schedule(times: int, days: int) -> Schedule:
    """The schedule for `times` per `days` days (see the module's docstring)."""
    if times >= days:
        return Schedule.daily()
    per_week = times if days == 7 else math.floor(times * 7 / days + 0.5)
    return Schedule.daily() if per_week >= 7 else Schedule.times_per_week(max(1, per_week))


def _read_checkmarks(
    part: _Part, owner: _LoopHabit, entries: list[Entry], notes: list[tuple[Path, Entry]]
) -> None:
    """Add the file's wins and skips to `entries` and its other notes to `notes`."""
    header: list[str] | None = None
    title = owner.habit.title
    for index, (line, cells) in enumerate(_rows(part)):
        if index == 0 and cells[0].strip().lower() == "date":
            header = [c.strip().lower() for c in cells]
            if header not in (["date", "value"], ["date", "value", "notes"]):
                raise part.bad(
                    line, f"the header must be Date,Value,Notes, not {','.join(cells)!r}"
                )
            continue
        widths = (len(header),) if header else (2, 3)
        if len(cells) not in widths:
            expected = " or ".join(str(n) for n in widths)
            raise part.bad(
                line, f"expected {expected} columns (Date,Value,Notes), found {len(cells)}"
            )
        try:
            try:
                day = parse_day(cells[0].strip())
            except ValueError:
                raise ValidationError(f"date {cells[0]!r} is not a date (use YYYY-MM-DD)") from None
            check_day(day, part)
            done, amount = _value(cells[1], owner.numerical)
            raw_note = cells[2] if len(cells) > 2 else ""
            note = clean_text(raw_note, what="note", max_len=NOTE_MAX, multiline=True)
        except ValidationError as err:
            raise part.bad(line, str(err)) from None
        if done is not None:
            entries.append(Entry(line, day, title, done=done, amount=amount, note=note))
        if note and not done:
            notes.append((part.file, Entry(line, day, title, note=note)))


def _rows(part: _Part) -> list[tuple[int, list[str]]]:
    """Each non-blank row with the line it starts on."""
    reader = csv.reader(io.StringIO(part.read_text(), newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if any(c.strip() for c in cells):
                rows.append((start, cells))
    except csv.Error as err:
        raise part.bad(line, f"not valid CSV ({err})") from None
    return rows


def _value(text: str, numerical: bool) -> tuple[bool | None, float | None]:
    """Whether a day is a win (True), a skip (False) or neither (None), and its amount."""
    word = text.strip().upper()
    if not numerical:
        if word not in _YES_NO:
            raise ValidationError(
                f"value {text!r} is not YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN"
            )
        return _YES_NO[word], None
    if word in _YES_NO and not word[-1].isdigit():  # Loop's words for the raw values -1 to 3
        return (False if word == "SKIP" else None), None
    if not re.fullmatch(r"-?[0-9]+", word):
        raise ValidationError(f"value {text!r} is not a whole number (the amount times 1000)")
    amount = int(word) / 1000
    return (True, _tidy(check_amount(amount, what="value"))) if amount > 0 else (None, None)


def _finish(
    ctx: ImportContext,
    base: ImportPlan,
    loop_habits: list[_LoopHabit],
    notes: list[tuple[Path, Entry]],
) -> ImportPlan:
    """The plan with units and archiving on the new goals and the other notes on their days."""
    first: dict[str, _LoopHabit] = {}
    for owner in loop_habits:
        first.setdefault(owner.habit.title.casefold(), owner)
    goals: list[Goal] = []
    wins: list[Put] = []
    days = {r.date: r for r in base.puts if isinstance(r, Day)}
    for record in base.puts:
        if isinstance(record, Goal):
            owner = first[record.title.casefold()]
            unit = owner.unit if record.is_count else ""
            goals.append(replace(record, unit=unit, archived=owner.archived))
        elif not isinstance(record, Day):
            wins.append(record)
    live = {g.title.strip().casefold() for g in (*ctx.snapshot.goals, *goals)}
    ids = {g.id for g in ctx.snapshot.goals}
    known = {d.date: d for d in ctx.snapshot.days}
    now = ctx.now.in_timezone("UTC")
    skipped = 0
    for file, note in notes:
        key = note.title.casefold()
        day = days.get(note.day) or known.get(note.day)
        text = f"{note.title}: {note.note}"
        current = day.note if day is not None else ""
        if (key not in live and goal_id_for(key) not in ids) or f"\n{text}\n" in f"\n{current}\n":
            skipped += 1  # its goal was deleted, or the day's note has it already
            continue
        merged = f"{current}\n{text}" if current else text
        if len(merged) > NOTE_MAX:
            raise BadImport(file, note.line, f"the note of {note.day} would be too long")
        days[note.day] = (
            replace(day, note=merged, updated=now)
            if day is not None
            else Day(note.day, note=merged, updated=now)
        )
    report = replace(base.report, added_days=len(days), skipped=base.report.skipped + skipped)
    return ImportPlan((*goals, *wins, *(days[d] for d in sorted(days))), report)


IMPORTER = Importer(
    name="loop",
    description="Loop Habit Tracker's CSV export (FILE: the zip, its folder or its Habits.csv)",
    sniff=sniff,
    plan=plan,
)
