"""Exports of the whole journal: lossless JSON, wins and goals as CSV, and a Markdown journal."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import orjson
import pendulum
from pendulum import Date, DateTime

from .. import __version__
from ..domain.models import Goal, Pause, ScheduleKind, Snapshot, Win, ordered_tree
from ..domain.units import unit_after
from ..store.records import Record, encode, instant_text, settings_doc

EXPORT_FORMAT = "smallwins-export"
"""The `format` field that marks a smallwins JSON export."""
EXPORT_VERSION = 1
"""The version of the export document; an importer refuses newer ones."""
WINS_CSV_HEADER = ("date", "time", "goal", "amount", "unit", "note")
GOALS_CSV_HEADER = (
    "id", "title", "kind", "target", "unit", "schedule", "parent",
    "total", "why", "anchor", "tiny", "archived", "created",
)  # fmt: skip


def export_json(snapshot: Snapshot, *, exported: DateTime) -> str:
    """The whole store as a versioned JSON document, one record per line, as the store has them."""
    goals = sorted(snapshot.goals, key=lambda g: (g.created, g.id))
    wins = sorted(snapshot.wins, key=lambda w: (w.day, w.at, w.id))
    days = sorted(snapshot.days, key=lambda d: d.date)
    pauses = sorted(snapshot.pauses, key=lambda p: (p.start, p.id))
    tombstones = sorted(snapshot.tombstones, key=lambda t: (t.deleted, t.id))
    tables: dict[str, Sequence[Record]] = {
        "goals": goals,
        "wins": wins,
        "days": days,
        "pauses": pauses,
        "tombstones": tombstones,
    }
    head = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "app_version": __version__,
        "exported": instant_text(exported),
        "settings": settings_doc(snapshot.settings),
    }
    out = ["{"]
    for name, value in head.items():
        out.append(f"  {_json(name)}: {_json(value)},")
    for i, (name, records) in enumerate(tables.items()):
        docs = [f"    {_json(encode(r)[2])}" for r in records]
        tail = "" if i == len(tables) - 1 else ","
        if docs:
            out.append(f"  {_json(name)}: [\n" + ",\n".join(docs) + f"\n  ]{tail}")
        else:
            out.append(f"  {_json(name)}: []{tail}")
    out.append("}")
    return "\n".join(out) + "\n"


def _json(value: object) -> str:
    return orjson.dumps(value).decode()


def number_text(value: float | None) -> str:
    """200 rather than 200.0; repr precision otherwise; "" for None."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else repr(value)


def _csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def export_csv(snapshot: Snapshot, tz_name: str) -> str:
    """One row per win, `date,time,goal,amount,unit,note`, oldest first; re-imports as plain CSV.

    `date` is the day the win counts for and `time` the local time it was logged, which can
    be after midnight of the next calendar date when the day starts later than midnight.
    """
    tz = pendulum.timezone(tz_name)
    goals = {g.id: g for g in snapshot.goals}
    rows = []
    for win in sorted(snapshot.wins, key=lambda w: (w.day, w.at, w.id)):
        goal = goals.get(win.goal_id) if win.goal_id is not None else None
        unit = goal.unit if goal is not None and goal.is_count else ""
        rows.append(
            (
                win.day.isoformat(),
                win.at.in_timezone(tz).format("HH:mm"),
                goal.title if goal is not None else "",
                number_text(win.amount),
                unit,
                win.note,
            )
        )
    return _csv(WINS_CSV_HEADER, rows)


def schedule_text(goal: Goal) -> str:
    """ "daily", "mon,wed,fri" or "3/week": the forms the command line takes."""
    schedule = goal.schedule
    if schedule.kind is ScheduleKind.WEEKDAYS:
        names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        return ",".join(names[d] for d in sorted(schedule.weekdays))
    if schedule.kind is ScheduleKind.PER_WEEK:
        return f"{schedule.per_week}/week"
    return "daily"


def export_goals_csv(snapshot: Snapshot) -> str:
    """One row per goal (archived ones too) with its settings, parents before micro-goals."""
    rows = [
        (
            goal.id,
            goal.title,
            goal.kind.value,
            number_text(goal.target),
            goal.unit,
            schedule_text(goal),
            goal.parent_id or "",
            number_text(goal.total),
            goal.why,
            goal.anchor,
            goal.tiny,
            "true" if goal.archived else "false",
            instant_text(goal.created),
        )
        for goal in ordered_tree(snapshot.goals)
    ]
    return _csv(GOALS_CSV_HEADER, rows)


# --- Markdown ----------------------------------------------------------------------------------

# Backslash escapes of ASCII punctuation are exact in CommonMark: the rendered text is the
# user's text, character for character. Only the characters that start inline markup are
# escaped everywhere; block markers only at the start of a line.
_INLINE = re.compile(r"([\\`*_\[\]<>~|&])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def markdown_text(text: str) -> str:
    """User text escaped so a Markdown renderer shows it literally (line breaks kept as lines)."""
    lines = []
    for line in _INLINE.sub(r"\\\1", text).split("\n"):
        lines.append(_BLOCK_START.sub(_escape_block, line))
    return "\n".join(lines)


def _escape_block(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():
        return f"{match.group(1)}{marker[:-1]}\\{marker[-1]}"
    return f"{match.group(1)}\\{marker}"


def day_heading(day: Date) -> str:
    """ "Tuesday, 24 November 2026"."""
    return day.format("dddd, D MMMM YYYY", locale="en")


def _win_line(win: Win, goals: dict[str, Goal]) -> str:
    goal = goals.get(win.goal_id) if win.goal_id is not None else None
    parts = []
    if goal is not None:
        title = markdown_text(goal.title)
        if win.amount is not None:
            shown = number_text(win.amount)
            amount = f"{shown} {markdown_text(unit_after(shown, goal.unit))}".rstrip()
            title = f"{title} · {amount}"
        parts.append(title)
    if win.note:
        # Continuation lines are indented so a multi-line note stays inside its bullet.
        parts.append(markdown_text(win.note).replace("\n", "\n  "))
    return "- " + " — ".join(parts)


def export_markdown(snapshot: Snapshot) -> str:
    """The journal for reading or printing: one section per day, oldest first."""
    goals = {g.id: g for g in snapshot.goals}
    wins: dict[Date, list[Win]] = {}
    for win in sorted(snapshot.wins, key=lambda w: (w.at, w.id)):
        wins.setdefault(win.day, []).append(win)
    days = {d.date: d for d in snapshot.days if not d.is_empty}
    pauses: dict[Date, list[Pause]] = {}
    for pause in sorted(snapshot.pauses, key=lambda p: (p.start, p.id)):
        pauses.setdefault(pause.start, []).append(pause)
    sections = ["# smallwins journal"]
    for date in sorted(wins.keys() | days.keys() | pauses.keys()):
        marks = []
        for pause in pauses.get(date, []):
            line = f"*Pause until {day_heading(pause.end)}*"
            marks.append(f"{line}: {markdown_text(pause.note)}" if pause.note else line)
        record = days.get(date)
        if record is not None and record.rest:
            marks.append("*Rest day*")
        elif record is not None and record.rest_goals:
            names = sorted(markdown_text(goals[g].title) for g in record.rest_goals if g in goals)
            if names:
                marks.append("*Rest day for " + ", ".join(names) + "*")
        blocks = [f"## {day_heading(date)}", "\n".join(marks)]
        blocks.append("\n".join(_win_line(win, goals) for win in wins.get(date, [])))
        if record is not None and record.note:
            blocks.append(markdown_text(record.note))
        sections.append("\n\n".join(block for block in blocks if block))
    return "\n\n".join(sections) + "\n"
