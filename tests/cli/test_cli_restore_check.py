"""`smallwins restore` and `smallwins check`, run as real subprocesses on stores in tmp_path."""

from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

NOW = "2026-11-24T16:30:00+00:00"
NEXT_DAY = "2026-11-25T09:00:00+00:00"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smallwins.json"


def _env(now: str) -> dict[str, str]:
    env = {**os.environ, "SMALLWINS_NOW": now, "TZ": "Europe/London"}
    env.pop("SMALLWINS_DB", None)
    return env


@pytest.fixture
def sw(db: Path) -> Run:
    """Run `smallwins ARGS... --db DB` with a fixed clock in London and no terminal."""

    def run(*args: str, now: str = NOW) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "smallwins_tui", *args, "--db", str(db)]
        return subprocess.run(
            argv,
            capture_output=True,
            text=True,
            env=_env(now),
            stdin=subprocess.DEVNULL,
            timeout=60,
        )

    return run


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def failed(result: subprocess.CompletedProcess[str]) -> str:
    """The one stderr line of a command that exited 1."""
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr


def files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.iterdir() if not p.name.endswith(".lock")}


@pytest.fixture
def two_days(sw: Run, db: Path) -> Path:
    """One win on the 24th, two more on the 25th: the 25th's backup holds the first win."""
    ok(sw("log", "first"))
    ok(sw("log", "second", now=NEXT_DAY))
    ok(sw("log", "third", now=NEXT_DAY))
    return db.with_name("smallwins.json.backup-2026-11-25")


def total_wins(sw: Run) -> int:
    return int(json.loads(ok(sw("stats", "--json", now=NEXT_DAY)))["overall"]["total_wins"])


# --- backups ----------------------------------------------------------------------------------


def test_the_first_change_of_a_day_keeps_the_store_as_a_backup(sw: Run, db: Path) -> None:
    ok(sw("log", "first"))
    assert "No backups yet" in ok(sw("restore"))  # a new store has nothing to keep yet
    created = db.read_bytes()
    ok(sw("log", "second"))  # the first change to the existing file on the 24th
    ok(sw("log", "third"))
    yesterday = db.read_bytes()
    ok(sw("log", "fourth", now=NEXT_DAY))
    ok(sw("log", "fifth", now=NEXT_DAY))
    newest = db.with_name("smallwins.json.backup-2026-11-25")
    assert files(db) == {
        "smallwins.json": db.read_bytes(),
        "smallwins.json.backup-2026-11-24": created,
        newest.name: yesterday,
    }
    assert stat.S_IMODE(newest.stat().st_mode) == 0o600

    listing = ok(sw("restore", now=NEXT_DAY)).splitlines()
    assert listing[0] == f"Backups of {db}, newest first:"
    size = str(newest.stat().st_size)
    assert listing[1].split() == ["1", "2026-11-25", size, "B", "0", "goals,", "3", "wins"]
    assert listing[2].split()[:2] == ["2", "2026-11-24"] and listing[2].endswith("1 win")
    assert "smallwins restore NUMBER" in listing[-1]


def test_reading_commands_keep_no_backup(sw: Run, db: Path) -> None:
    ok(sw("log", "first"))
    for command in ("today", "stats", "status", "check"):
        ok(sw(command, now=NEXT_DAY))
    assert sorted(files(db)) == ["smallwins.json"]


def test_restore_without_yes_and_without_a_terminal_changes_nothing(
    sw: Run, db: Path, two_days: Path
) -> None:
    before = files(db)
    error = failed(sw("restore", "1", now=NEXT_DAY))
    assert "add --yes to confirm" in error
    assert files(db) == before


def test_restore_round_trip_and_undo(sw: Run, db: Path, two_days: Path) -> None:
    replaced = db.read_bytes()
    out = ok(sw("restore", "1", "--yes", now=NEXT_DAY))
    assert "Restored smallwins.json.backup-2026-11-25 (0 goals, 1 win)." in out
    assert "smallwins restore 2026-11-25-before-restore undoes this" in out
    assert db.read_bytes() == two_days.read_bytes()
    assert total_wins(sw) == 1

    undo = json.loads(
        ok(sw("restore", "2026-11-25-before-restore", "--yes", "--json", now=NEXT_DAY))
    )
    assert undo["wins"] == 3 and undo["kept_as_backup"] is True
    assert db.read_bytes() == replaced
    assert total_wins(sw) == 3

    listing = json.loads(ok(sw("restore", "--json", now=NEXT_DAY)))
    assert [(b["number"], b["label"], b["wins"]) for b in listing] == [
        (1, "2026-11-25 before restore 2", 1),
        (2, "2026-11-25 before restore", 3),
        (3, "2026-11-25", 1),
    ]
    assert all(stat.S_IMODE(Path(b["path"]).stat().st_mode) == 0o600 for b in listing)


def test_restore_by_date_or_by_path(sw: Run, db: Path, two_days: Path, tmp_path: Path) -> None:
    ok(sw("restore", "2026-11-25", "--yes", now=NEXT_DAY))
    assert total_wins(sw) == 1

    copy = tmp_path / "copy.json"
    copy.write_bytes(db.with_name("smallwins.json.backup-2026-11-25-before-restore").read_bytes())
    ok(sw("restore", str(copy), "--yes", now=NEXT_DAY))
    assert total_wins(sw) == 3


@pytest.mark.parametrize(
    ("backup", "message"),
    [
        ("4", "there is no backup number 4"),
        ("2026-11-01", "no backup matches '2026-11-01'"),
        ("no/such/file.json", "no backup matches"),
    ],
)
def test_restore_of_a_backup_that_is_not_there(
    sw: Run, db: Path, two_days: Path, backup: str, message: str
) -> None:
    before = files(db)
    assert message in failed(sw("restore", backup, "--yes", now=NEXT_DAY))
    assert files(db) == before


def test_restore_refuses_an_unreadable_backup(sw: Run, db: Path, two_days: Path) -> None:
    broken = db.with_name("smallwins.json.backup-2026-11-20")
    broken.write_text('{"meta": {"1": {"app": "smallw', encoding="utf-8")
    listing = ok(sw("restore", now=NEXT_DAY))
    assert "2  2026-11-20" in listing and "unreadable: not valid JSON" in listing

    before = files(db)
    error = failed(sw("restore", "2026-11-20", "--yes", now=NEXT_DAY))
    assert f"{broken}: not valid JSON" in error
    assert files(db) == before


def test_restore_asks_on_a_terminal(db: Path, two_days: Path) -> None:
    def answer(text: bytes) -> subprocess.CompletedProcess[str]:
        leader, follower = pty.openpty()
        try:
            argv = [sys.executable, "-m", "smallwins_tui", "restore", "1", "--db", str(db)]
            os.write(leader, text)  # typed ahead: it waits in the terminal until read
            env = _env(NEXT_DAY)
            return subprocess.run(
                argv, stdin=follower, capture_output=True, text=True, env=env, timeout=60
            )
        finally:
            os.close(follower)
            os.close(leader)

    before = db.read_bytes()
    declined = answer(b"n\n")
    assert declined.returncode == 1 and "Nothing restored." in declined.stderr
    assert "Restore smallwins.json.backup-2026-11-25 (0 goals, 1 win) over the store " in (
        declined.stdout
    )
    assert "(0 goals, 3 wins)? [y/N]" in declined.stdout
    assert db.read_bytes() == before

    accepted = answer(b"y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert "Restored" in accepted.stdout
    assert db.read_bytes() == two_days.read_bytes()


# --- check ------------------------------------------------------------------------------------

AT = "2026-11-24T09:30:00Z"


def _goal(goal_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": goal_id, "title": goal_id.upper(), "created": AT, "updated": AT, **extra}


def _win(win_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": win_id, "at": AT, "day": "2026-11-24", **extra}


def write_store(db: Path, **tables: dict[str, Any]) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    meta = {"1": {"app": "smallwins", "schema_version": 1}}
    db.write_bytes(orjson.dumps({"meta": meta, **tables}))


def test_check_passes_a_sound_store(sw: Run) -> None:
    ok(sw("goal", "add", "Write", "--target", "200", "--unit", "words"))
    ok(sw("goal", "add", "Outline", "--parent", "Write"))
    ok(sw("log", "--goal", "Write", "--amount", "250"))
    ok(sw("log", "--goal", "Outline", "--date", "2026-11-20"))
    ok(sw("rest", "--goal", "Outline", "--date", "2026-11-23"))
    out = ok(sw("check"))
    assert out == "ok: 2 goals, 2 wins, 2 days — no problems found\n"
    assert json.loads(ok(sw("check", "--json")))["ok"] is True


def test_check_passes_the_demo_store(sw: Run) -> None:
    ok(sw("demo"))
    out = ok(sw("check"))
    assert out.startswith("ok: ") and out.rstrip().endswith("no problems found")


def test_check_of_a_missing_store_says_so(sw: Run, db: Path) -> None:
    assert "nothing to check" in ok(sw("check"))
    assert not db.exists()


PROBLEMS: dict[str, tuple[dict[str, Any], str]] = {
    "duplicate ids": (
        {"wins": {"1": _win("w"), "2": _win("w")}},
        "duplicate id 'w' in wins",
    ),
    "duplicate days": (
        {"days": {"1": {"date": "2026-11-20", "rest": True}, "2": {"date": "2026-11-20"}}},
        "duplicate date '2026-11-20' in days",
    ),
    "win of an unknown goal": (
        {"wins": {"1": _win("w", goal="ghost")}},
        "1 win refers to unknown goal 'ghost'",
    ),
    "unknown parent": (
        {"goals": {"1": _goal("g", parent="ghost")}},
        "goal 'g' has unknown parent 'ghost'",
    ),
    "parent cycle": (
        {"goals": {"1": _goal("a", parent="b"), "2": _goal("b", parent="a")}},
        "goals 'a' → 'b' → 'a' form a parent cycle",
    ),
    "rest day of an unknown goal": (
        {"days": {"1": {"date": "2026-11-20", "rest_goals": ["ghost"]}}},
        "1 rest day refers to unknown goal 'ghost'",
    ),
    "duplicate milestone ids": (
        {"goals": {"1": _goal("g", milestones=[{"id": "m", "title": "a"}, {"id": "m"}])}},
        "goal 'g' has two milestones with id 'm'",
    ),
    "win day after it was logged": (
        {"wins": {"1": _win("w", day="2027-01-01")}},
        "win 'w' counts for 2027-01-01, after the day it was logged (2026-11-24)",
    ),
    "pause ending before it starts": (
        {"pauses": {"1": {"id": "p", "start": "2026-11-24", "end": "2026-11-20"}}},
        "pause 'p' ends before it starts",
    ),
}


@pytest.mark.parametrize(("tables", "problem"), PROBLEMS.values(), ids=PROBLEMS)
def test_check_finds_each_kind_of_problem(
    sw: Run, db: Path, tables: dict[str, Any], problem: str
) -> None:
    write_store(db, **tables)
    before = db.read_bytes()
    result = sw("check")
    assert result.returncode == 1, result.stdout
    assert result.stdout.splitlines() == [f"{db}: 1 problem", f"  - {problem}"]
    assert json.loads(sw("check", "--json").stdout)["problems"] == [problem]
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"goals": {"1": {"title": "half', "not valid JSON"),
        (b'{"meta": {"1": {"app": "smallwins", "schema_version": 9}}}', "newer smallwins"),
        (b'{"name": "vscode"}', "is not a smallwins store"),
        (
            b'{"meta": {"1": {"app": "smallwins", "schema_version": 1}},'
            b' "wins": {"1": {"id": "w", "at": "yesterday", "day": "2026-11-24"}}}',
            "days record 1 is malformed: win 1: 'at' must be an ISO-8601 time",
        ),
        (
            b'{"meta": {"1": {"app": "smallwins", "schema_version": 1,'
            b' "settings": {"day_start_hour": 30}}}}',
            "day-start hour must be between 0 and 23",
        ),
    ],
    ids=["broken JSON", "newer schema", "not ours", "record shape", "bad day-start setting"],
)
def test_check_of_an_unreadable_store_is_one_line(
    sw: Run, db: Path, content: bytes, problem: str
) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    error = failed(sw("check"))
    assert error.startswith(f"smallwins: {db}: ") and problem in error
    assert db.read_bytes() == content


def test_check_lists_every_problem_it_finds(sw: Run, db: Path) -> None:
    write_store(
        db,
        goals={"1": _goal("g", parent="ghost")},
        wins={"1": _win("w", goal="gone"), "2": _win("w")},
    )
    lines = sw("check").stdout.splitlines()
    assert lines[0] == f"{db}: 3 problems"
    assert len(lines) == 4
