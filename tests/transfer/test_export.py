"""Exports: JSON re-imports exactly, CSV re-imports as plain CSV, Markdown keeps text literally."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import orjson
import pendulum
from transfer_builders import MARKUP, NOW, TZ, apply

from smallwins_tui.domain.models import Goal, GoalKind, Snapshot, Win
from smallwins_tui.store import Store
from smallwins_tui.transfer.export import (
    GOALS_CSV_HEADER,
    export_csv,
    export_goals_csv,
    export_json,
    export_markdown,
    markdown_text,
)
from smallwins_tui.transfer.importers import apply_plan, plan_import


def records(snapshot: Snapshot) -> dict[str, set[object]]:
    return {
        "goals": set(snapshot.goals),
        "wins": set(snapshot.wins),
        "days": set(snapshot.days),
        "pauses": set(snapshot.pauses),
    }


def plan_file(path: Path, snapshot: Snapshot, fmt: str = "auto") -> object:
    return plan_import(path, snapshot, fmt=fmt, now=NOW, tz_name=TZ, day_start_hour=4)


def test_json_export_is_a_versioned_document_with_one_record_per_line(full_store: Store) -> None:
    snapshot = full_store.read()
    text = export_json(snapshot, exported=NOW)
    data = orjson.loads(text)
    assert data["format"] == "smallwins-export"
    assert data["version"] == 1
    assert data["exported"] == "2026-11-24T16:30:00Z"
    assert data["settings"] == {"day_start_hour": 4, "week_start": 0, "theme": ""}
    assert len(data["wins"]) == len(snapshot.wins)
    assert len(data["tombstones"]) == 1
    record_lines = [line for line in text.splitlines() if line.startswith("    {")]
    total = sum(len(data[t]) for t in ("goals", "wins", "days", "pauses", "tombstones"))
    assert len(record_lines) == total


def test_json_export_reimports_into_an_empty_store_exactly(
    full_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    original = full_store.read()
    path = tmp_path / "export.json"
    path.write_text(export_json(original, exported=NOW), encoding="utf-8")

    plan = plan_import(path, Snapshot(), fmt="auto", now=NOW, tz_name=TZ, day_start_hour=4)
    assert records(apply(Snapshot(), plan)) == records(original)

    with empty_store.transaction() as tx:
        apply_plan(tx, plan_import(path, tx.snapshot, now=NOW, tz_name=TZ, day_start_hour=4))
    assert records(empty_store.read()) == records(original)
    again = export_json(empty_store.read(), exported=NOW)
    strip = re.compile(r'\n  "tombstones": \[.*?\]', re.S)
    assert strip.sub("", again) == strip.sub("", export_json(original, exported=NOW))


def test_csv_export_has_one_row_per_win_in_order_with_local_times(full_store: Store) -> None:
    snapshot = full_store.read()
    rows = list(csv.reader(io.StringIO(export_csv(snapshot, TZ))))
    assert rows[0] == ["date", "time", "goal", "amount", "unit", "note"]
    assert len(rows) == 1 + len(snapshot.wins)
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    late = next(r for r in rows if r[5].startswith("two\nlines"))
    # Logged at 01:30 on the 20th, before the day starts: it counts for the 19th.
    assert late[:5] == ["2026-11-19", "01:30", "Odd " + MARKUP, "0.75", "km"]
    assert late[5] == "two\nlines " + MARKUP
    free = next(r for r in rows if r[5] == MARKUP)
    assert free[2:5] == ["", "", ""]
    water = next(r for r in rows if r[2] == "Drink water")
    assert water[4] == "glasses" and water[3].isdigit()


def test_csv_export_reimports_as_plain_csv_with_goals_by_title(
    full_store: Store, tmp_path: Path
) -> None:
    original = full_store.read()
    path = tmp_path / "wins.csv"
    path.write_text(export_csv(original, TZ), encoding="utf-8")

    plan = plan_file(path, Snapshot())
    rebuilt = apply(Snapshot(), plan)

    titles = {g.id: g.title for g in original.goals}
    new_titles = {g.id: g.title for g in rebuilt.goals}

    def shape(snapshot: Snapshot, names: dict[str, str]) -> list[tuple[object, ...]]:
        return sorted(
            (
                w.day,
                names.get(w.goal_id or "", ""),
                w.amount,
                w.note,
                w.at.in_timezone(TZ).format("HH:mm"),
            )
            for w in snapshot.wins
        )

    assert shape(rebuilt, new_titles) == shape(original, titles)
    used = {titles[w.goal_id] for w in original.wins if w.goal_id}
    assert set(plan.report.created_goal_titles) == used
    odd = next(g for g in rebuilt.goals if g.title.startswith("Odd"))
    assert (odd.kind.value, odd.target, odd.unit) == ("count", 0.75, "km")

    # Into the store it came from, the same file adds nothing.
    assert plan_file(path, original).report.added == 0  # type: ignore[attr-defined]


def test_goals_csv_has_one_row_per_goal_with_its_settings(full_store: Store) -> None:
    snapshot = full_store.read()
    rows = list(csv.DictReader(io.StringIO(export_goals_csv(snapshot))))
    assert tuple(rows[0].keys()) == GOALS_CSV_HEADER
    assert len(rows) == len(snapshot.goals)
    odd = next(r for r in rows if r["id"] == "g-odd")
    assert odd == {
        "id": "g-odd",
        "title": "Odd " + MARKUP,
        "kind": "count",
        "target": "2.5",
        "unit": "km",
        "schedule": "mon,wed,fri",
        "parent": "demo-write",
        "total": "1000",
        "why": "because\tI said so",
        "anchor": "after coffee ☕",
        "tiny": "one",
        "archived": "true",
        "created": "2026-03-29T00:30:00Z",
    }
    ids = [r["id"] for r in rows]
    assert ids.index("demo-write") < ids.index("g-odd")  # parents first
    assert {r["schedule"] for r in rows} >= {"daily"}


def unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def test_markdown_is_the_journal_oldest_day_first(full_store: Store) -> None:
    snapshot = full_store.read()
    text = export_markdown(snapshot)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[-1] == "Tuesday, 24 November 2026"
    assert "## Thursday, 19 November 2026" in text
    assert headings.index("Thursday, 19 November 2026") < headings.index("Sunday, 22 November 2026")
    section = text.split("## Thursday, 19 November 2026\n")[1].split("\n## ")[0]
    bullet = next(line for line in section.splitlines() if line.startswith("- Odd"))
    assert bullet.startswith("- Odd ") and " · 0.75 km — two" in bullet
    assert "\n  lines " in section  # the note's second line stays inside its bullet
    note = text.split("## Sunday, 22 November 2026\n")[1].split("\n## ")[0]
    assert "\\# heading?\n\\- list?\n1\\. numbered" in note
    assert "*Rest day*" in text
    assert "*Rest day for Write*" in text
    assert "*Pause until" in text and "Holiday by the sea" in text


def test_markdown_escapes_text_so_it_renders_literally() -> None:
    for text in (MARKUP, "# title\n> quote\n- item\n+ plus\n12) twelve\n===", "plain words"):
        escaped = markdown_text(text)
        assert unescape(escaped) == text
        for line in escaped.splitlines():
            assert not re.match(r"\s*([#>+=-]|\d+[.)])", line)
    assert markdown_text("plain words, 3 km. Done!") == "plain words, 3 km. Done!"


def test_markdown_reads_an_amount_of_one_in_the_singular() -> None:
    made = pendulum.datetime(2026, 3, 1, 12, tz="UTC")
    water = Goal(
        id="g", title="Water", created=made, updated=made, kind=GoalKind.COUNT, unit="glasses"
    )
    at = pendulum.datetime(2026, 3, 2, 12, tz="UTC")
    wins = tuple(
        Win(id=f"w{i}", at=at.add(minutes=i), day=at.date(), goal_id="g", amount=n)
        for i, n in enumerate((1, 2, 1.004))
    )
    text = export_markdown(Snapshot(goals=(water,), wins=wins))
    assert "- Water · 1 glass\n" in text and "- Water · 2 glasses\n" in text
    # The export keeps every digit: the unit follows the number as printed.
    assert "- Water · 1.004 glasses\n" in text
