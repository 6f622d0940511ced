"""`smallwins merge` and the conflict-copy notice, as real subprocesses."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import cli_run
from cli_run import ok

NOW = "2026-11-24T10:00:00+00:00"


def sw(*args: str, now: str = NOW) -> subprocess.CompletedProcess[str]:
    return cli_run.sw(*args, now=now)


def test_merge_a_sync_conflict_copy_end_to_end(tmp_path: Path) -> None:
    store = tmp_path / "smallwins.json"
    copy = tmp_path / "smallwins.sync-conflict-20261124-111111-ABCDEFG.json"
    ok(sw("goal", "add", "Write", "--db", str(store)))
    ok(sw("log", "first", "--db", str(store)))
    shutil.copy(store, copy)
    ok(sw("log", "on the laptop", "--db", str(store), now="2026-11-24T11:00:00+00:00"))
    ok(sw("note", "written on the desktop", "--db", str(copy), now="2026-11-24T11:30:00+00:00"))

    today = sw("today", "--db", str(store))
    assert today.returncode == 0
    (notice,) = today.stderr.splitlines()
    assert copy.name in notice and "smallwins merge" in notice

    dry = ok(sw("merge", str(copy), "--dry-run", "--db", str(store)))
    assert "added 1 day" in dry and "nothing was written" in dry
    assert "desktop" not in ok(sw("today", "--db", str(store)))

    merged = sw("merge", str(copy), "--db", str(store))
    assert merged.returncode == 0 and merged.stderr == ""
    assert "added 1 day" in merged.stdout and "you can delete it" in merged.stdout
    today_text = ok(sw("today", "--db", str(store)))
    assert "on the laptop" in today_text and "written on the desktop" in today_text

    again = json.loads(ok(sw("merge", str(copy), "--json", "--db", str(store))))
    assert again["added"] == again["updated"] == again["deleted"] == {}
    assert again["conflicts"] == [] and not again["removed"]

    ok(sw("merge", str(copy), "--remove", "--db", str(store)))
    assert not copy.exists()
    assert sw("today", "--db", str(store)).stderr == ""


def test_both_sides_edited_the_same_note_the_newer_wins_and_the_other_is_shown(
    tmp_path: Path,
) -> None:
    store, other = tmp_path / "smallwins.json", tmp_path / "other.json"
    ok(sw("note", "start", "--db", str(store)))
    shutil.copy(store, other)
    ok(sw("note", "desktop words", "--db", str(other), now="2026-11-24T11:00:00+00:00"))
    ok(sw("note", "laptop words", "--db", str(store), now="2026-11-24T12:00:00+00:00"))

    text = ok(sw("merge", str(other), "--db", str(store)))
    assert "kept this copy's" in text and '"desktop words"' in text
    report = json.loads(ok(sw("merge", str(other), "--json", "--db", str(store))))
    (conflict,) = report["conflicts"]
    assert conflict["kept"] == "this" and conflict["other_record"]["note"] == "desktop words"

    ok(sw("merge", str(store), "--db", str(other)))
    assert "laptop words" in ok(sw("today", "--db", str(other)))


def test_a_copy_that_cannot_be_read_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    store, other = tmp_path / "smallwins.json", tmp_path / "other.json"
    ok(sw("note", "start", "--db", str(store)))
    other.write_text('{"_meta": {"1": {"app": "smallwins", "schema_version": 99}}}')
    before = store.read_bytes()

    result = sw("merge", str(other), "--db", str(store))

    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"smallwins: {other}:")
    assert store.read_bytes() == before


def test_merging_an_export_honours_its_deletions(tmp_path: Path) -> None:
    laptop, desktop, dump = tmp_path / "laptop.json", tmp_path / "desktop.json", tmp_path / "x.json"
    ok(sw("goal", "add", "Write", "--db", str(laptop)))
    ok(sw("goal", "add", "Run", "--db", str(laptop)))
    ok(sw("log", "Write", "--db", str(laptop)))
    ok(sw("export", "--db", str(laptop), "-o", str(dump)))
    ok(sw("import", str(dump), "--db", str(desktop)))
    ok(sw("goal", "delete", "Run", "--yes", "--db", str(laptop), now="2026-11-24T11:00:00+00:00"))
    ok(sw("export", "--db", str(laptop), "-o", str(dump)))

    text = ok(sw("merge", str(dump), "--db", str(desktop)))

    assert "removed 1 goal (deleted on the other copy)" in text
    titles = [
        g["title"] for g in json.loads(ok(sw("goal", "list", "--json", "--db", str(desktop))))
    ]
    assert titles == ["Write"]
