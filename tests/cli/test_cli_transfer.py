"""`smallwins export` and `smallwins import` as real subprocesses."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from cli_run import ok, sw


def stats(db: Path) -> dict[str, object]:
    return json.loads(ok(sw("stats", "--json", "--db", str(db))))  # type: ignore[no-any-return]


def test_json_export_round_trips_and_importing_twice_adds_nothing(tmp_path: Path) -> None:
    a, b, dump = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "export.json"
    ok(sw("demo", "--db", str(a)))
    ok(sw("export", "--db", str(a), "-o", str(dump)))
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    first = ok(sw("import", str(dump), "--db", str(b), "--json"))
    assert json.loads(first)["added_wins"] > 300
    assert stats(b) == stats(a)
    again = json.loads(ok(sw("import", str(dump), "--db", str(b), "--json")))
    assert again["added_wins"] == again["added_goals"] == 0 and again["skipped"] > 0
    assert ok(sw("export", "--db", str(b))).count('"id"') == dump.read_text().count('"id"')


def test_csv_export_reimports_as_plain_csv(tmp_path: Path) -> None:
    a, c = tmp_path / "a.json", tmp_path / "c.json"
    ok(sw("demo", "--db", str(a)))
    rows = ok(sw("export", "--format", "csv", "--db", str(a)))
    assert rows.splitlines()[0] == "date,time,goal,amount,unit,note"
    csv_file = tmp_path / "wins.csv"
    csv_file.write_text(rows, encoding="utf-8")
    dry = ok(sw("import", str(csv_file), "--db", str(c), "--dry-run"))
    assert "dry run: nothing was written" in dry and not c.exists()
    ok(sw("import", str(csv_file), "--db", str(c)))
    assert stats(c)["overall"]["total_wins"] == stats(a)["overall"]["total_wins"]  # type: ignore[index]


def test_goals_csv_and_markdown_exports(tmp_path: Path) -> None:
    a = tmp_path / "a.json"
    ok(sw("demo", "--db", str(a)))
    goals = ok(sw("export", "--format", "goals-csv", "--db", str(a))).splitlines()
    assert goals[0].startswith("id,title,kind,target,unit,schedule")
    assert len(goals) == 1 + 7
    journal = ok(sw("export", "--format", "md", "--db", str(a)))
    assert journal.startswith("# smallwins journal")
    assert "## Tuesday, 24 November 2026" in journal


def test_a_bad_row_stops_the_import_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    ok(sw("log", "before", "--db", str(db)))
    before = db.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,goal,amount,note\n2026-11-01,Walk,,fine\n2026-11-02,Run,lots,\n", encoding="utf-8"
    )
    result = sw("import", str(bad), "--db", str(db))
    assert result.returncode == 1
    assert result.stderr == f"smallwins: {bad}:3: amount must be a number, not 'lots'\n"
    assert db.read_bytes() == before


def test_markup_and_emoji_survive_a_csv_import(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    rows = tmp_path / "rows.csv"
    rows.write_text(
        'date,goal,amount,note\n2026-11-20,,,"[bold red]x[/] 🎉"\n2026-11-21,Push-ups,20,\n',
        encoding="utf-8",
    )
    report = ok(sw("import", str(rows), "--db", str(db)))
    assert "new goals: Push-ups" in report
    notes = [w.get("note") for w in json.loads(ok(sw("export", "--db", str(db))))["wins"]]
    assert "[bold red]x[/] 🎉" in notes


def test_a_loop_habit_tracker_zip_imports_by_auto_detection_once(tmp_path: Path) -> None:
    import zipfile

    db = tmp_path / "s.json"
    archive = tmp_path / "Loop Habits CSV 2026-11-24.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as export:
        export.writestr(
            "Habits.csv",
            "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
            "Color,Unit,Target Type,Target Value,Archived?\n"
            "001,Meditate,YES_NO,Did you meditate?,,1,1,#FF8F00,,,,false\n"
            "002,Run,NUMERICAL,How far?,,1,7,#00897B,km,AT_LEAST,14.0,false\n",
        )
        export.writestr(
            "001 Meditate/Checkmarks.csv",
            "Date,Value,Notes\n2026-11-23,YES_MANUAL,calm\n2026-11-22,YES_AUTO,\n"
            "2026-11-21,SKIP,\n",
        )
        export.writestr("002 Run/Checkmarks.csv", "Date,Value,Notes\n2026-11-23,2500,\n")
        export.writestr(
            "Checkmarks.csv", "Date,Meditate,Run,\n2026-11-23,YES_MANUAL,2500,\n"
        )  # the wide copy of the same days: not counted again
    first = json.loads(
        ok(sw("import", str(archive), "--db", str(db), "--format", "auto", "--json"))
    )
    assert first["format"] == "loop" and first["created_goals"] == ["Meditate", "Run"]
    assert (first["added_goals"], first["added_wins"], first["added_days"]) == (2, 2, 1)
    wins = json.loads(ok(sw("export", "--db", str(db))))["wins"]
    assert sorted((w["day"], w.get("note", ""), w.get("amount")) for w in wins) == [
        ("2026-11-23", "", 2.5),
        ("2026-11-23", "calm", None),
    ]
    before = db.read_bytes()
    again = json.loads(ok(sw("import", str(archive), "--db", str(db), "--json")))
    assert again["added_goals"] == again["added_wins"] == again["added_days"] == 0
    assert again["skipped"] == 3 and db.read_bytes() == before
