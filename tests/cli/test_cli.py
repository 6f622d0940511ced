"""The `smallwins` command line, run as a real subprocess on a store in tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest

from smallwins_tui.domain.models import Win
from smallwins_tui.store import Store

NOW = "2026-11-24T16:30:00+00:00"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smallwins.json"


@pytest.fixture
def sw(db: Path) -> Run:
    """Run `smallwins --db DB ARGS...` with a fixed clock in London."""

    def run(
        *args: str,
        now: str = NOW,
        tz: str = "Europe/London",
        use_db: bool = True,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "SMALLWINS_NOW": now, "TZ": tz, **(env or {})}
        full_env.pop("SMALLWINS_DB", None) if use_db else None
        argv = [sys.executable, "-m", "smallwins_tui", *args]
        if use_db:
            argv += ["--db", str(db)]
        return subprocess.run(argv, capture_output=True, text=True, env=full_env, timeout=60)

    return run


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_version(sw: Run) -> None:
    out = ok(sw("--version", use_db=False))
    assert out.startswith("smallwins ")


def test_a_day_with_goals_wins_and_stats(sw: Run, db: Path) -> None:
    ok(
        sw(
            "goal",
            "add",
            "Write",
            "--target",
            "200",
            "--unit",
            "words",
            "--why",
            "I am a writer",
            "--total",
            "1000",
        )
    )
    ok(sw("goal", "add", "Outline chapter one", "--parent", "Wri"))
    ok(sw("goal", "add", "Stretch", "--days", "mon,wed,fri"))

    listing = ok(sw("goal", "list"))
    assert "Write" in listing and "Outline chapter one" in listing
    # A micro-goal is indented under its parent.
    lines = listing.splitlines()
    assert lines[1].startswith("  ") and "Outline" in lines[1]

    out = ok(sw("log", "--goal", "write", "--amount", "250"))
    assert "★ Write · 250 words" in out

    today = ok(sw("today"))
    assert "Tuesday, 24 November" in today
    assert "What's one small win you can create today?" in today
    assert "✔ Write" in today and "250 / 200 words" in today
    assert "1 of 2 goals done today" in today  # Stretch is not due on Tuesdays

    stats = json.loads(ok(sw("stats", "--json")))
    write = next(g for g in stats["goals"] if g["title"] == "Write")
    assert write["cumulative"] == 250
    assert write["streak"]["current"] == 1
    assert stats["overall"]["total_wins"] == 1


def test_db_option_before_or_after_the_subcommand(sw: Run, db: Path) -> None:
    ok(sw("--db", str(db), "log", "first", use_db=False))
    ok(sw("log", "second", "--db", str(db), use_db=False))
    wins = json.loads(ok(sw("today", "--json")))["wins"]
    assert sorted(w["note"] for w in wins) == ["first", "second"]


def test_smallwins_db_variable_chooses_the_store(sw: Run, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.json"
    ok(sw("log", "from env", use_db=False, env={"SMALLWINS_DB": str(other)}))
    assert other.exists()


def test_a_win_before_the_day_start_counts_for_the_evening_before(sw: Run) -> None:
    out = json.loads(ok(sw("log", "late night", "--json", now="2026-11-25T01:30:00+00:00")))
    assert out["win"]["day"] == "2026-11-24"


def test_log_celebrates_with_a_short_message(sw: Run) -> None:
    ok(sw("goal", "add", "Walk"))
    result = json.loads(ok(sw("log", "--goal", "Walk", "--json")))
    assert result["message"]
    assert result["moment"] == "first"
    second = json.loads(ok(sw("log", "tidied the desk", "--json")))
    assert second["moment"] == "win" and second["message"]


def test_a_seven_day_streak_gets_a_big_celebration(sw: Run) -> None:
    ok(sw("goal", "add", "Walk"))
    for day in range(17, 23):
        ok(sw("log", "--goal", "Walk", "--date", f"2026-11-{day}"))
    result = json.loads(ok(sw("log", "--goal", "Walk", "--date", "2026-11-23", "--json")))
    assert result["big"] is True
    assert "7-day streak" in result["message"]


def test_comeback_is_welcomed_never_shamed(sw: Run) -> None:
    ok(sw("goal", "add", "Walk"))
    for day in (10, 11, 12):
        ok(sw("log", "--goal", "Walk", "--date", f"2026-11-{day}"))
    result = json.loads(ok(sw("log", "--goal", "Walk", "--json")))
    assert result["moment"] == "comeback"
    assert "Welcome back" in result["message"] or "came back" in result["message"]
    assert "broke" not in result["message"].lower()


def test_status_formats(sw: Run) -> None:
    ok(sw("goal", "add", "Walk"))
    ok(sw("goal", "add", "Read"))
    ok(sw("log", "--goal", "Walk"))
    assert ok(sw("status")).strip() == "1/2 today · 1-day streak"
    data = json.loads(ok(sw("status", "--format", "json")))
    assert data["done_today"] == 1 and data["due_today"] == 2
    tmux = ok(sw("status", "--format", "tmux"))
    assert "#[fg=" in tmux and "1/2 today" in tmux


def test_status_on_a_missing_store_does_not_create_it(sw: Run, db: Path) -> None:
    assert ok(sw("status")).strip() == "0 wins today"
    assert not db.exists()


def test_rest_note_and_pause(sw: Run) -> None:
    ok(sw("goal", "add", "Walk"))
    assert "rest day" in ok(sw("rest"))
    ok(sw("note", "Slow morning, [bold]good[/] afternoon."))
    today = json.loads(ok(sw("today", "--json")))
    assert today["rest"] is True
    assert today["note"] == "Slow morning, [bold]good[/] afternoon."
    assert "Paused" in ok(sw("pause", "2026-12-20", "2026-12-31", "--note", "holiday"))
    assert "no longer a rest day" in ok(sw("rest", "--undo"))


def test_goal_edit_archive_milestone_and_delete(sw: Run) -> None:
    ok(sw("goal", "add", "Write", "--target", "200", "--unit", "words"))
    ok(sw("goal", "edit", "Write", "--title", "Write daily", "--per-week", "5"))
    ok(sw("goal", "milestone", "Write daily", "Finish chapter one"))
    ok(sw("goal", "milestone", "Write daily", "Finish chapter one", "--reached", "2026-11-20"))
    goal = json.loads(ok(sw("goal", "list", "--json")))[0]
    assert goal["title"] == "Write daily"
    assert goal["schedule"] == {"kind": "per_week", "per_week": 5}
    assert goal["milestones"][0]["done_on"] == "2026-11-20"

    ok(sw("goal", "archive", "Write"))
    assert json.loads(ok(sw("goal", "list", "--json"))) == []
    assert len(json.loads(ok(sw("goal", "list", "--all", "--json")))) == 1

    ok(sw("goal", "archive", "Write", "--undo"))
    ok(sw("goal", "add", "Outline", "--parent", "Write"))
    assert "with 1 micro-goal" in ok(sw("goal", "archive", "Write"))
    assert json.loads(ok(sw("goal", "list", "--json"))) == []  # micro-goals go with it
    ok(sw("goal", "archive", "Write", "--undo"))
    assert len(json.loads(ok(sw("goal", "list", "--json")))) == 2
    ok(sw("log", "--goal", "Write"))
    refused = sw("goal", "delete", "Write")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    deleted = ok(sw("goal", "delete", "Write", "--yes"))
    assert "Deleted 'Write daily', 1 micro-goal and 1 win" in deleted
    assert json.loads(ok(sw("goal", "list", "--all", "--json"))) == []


def test_settings_change_the_day_start(sw: Run) -> None:
    ok(sw("settings", "--day-start", "0", "--week-start", "sun"))
    settings = json.loads(ok(sw("settings", "--json")))
    assert settings == {"day_start_hour": 0, "week_start": 6, "theme": ""}
    out = json.loads(ok(sw("log", "after midnight", "--json", now="2026-11-25T01:30:00+00:00")))
    assert out["win"]["day"] == "2026-11-25"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log",), "say what the win was"),
        (("log", "x", "--date", "2026-02-30"), "is not a date"),
        (("log", "x", "--date", "2026-12-01"), "in the future"),
        (("log", "x", "--amount", "3"), "needs a goal"),
        (("log", "--goal", "nothing"), "no goal matches"),
        (("goal", "add", "   "), "title cannot be empty"),
        (("goal", "add", "x" * 500), "too long"),
        (("goal", "add", "Run", "--target", "-5"), "more than zero"),
        (("goal", "add", "Run", "--target", "lots"), "must be a number"),
        (("goal", "add", "Run", "--unit", "km"), "--unit needs --target"),
        (("goal", "add", "Bell\x07"), "control character"),
        (("goal", "add", "Run", "--days", "funday"), "unknown weekday"),
        (("pause", "2026-12-10", "2026-12-01"), "must end on or after"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_1(
    sw: Run, args: tuple[str, ...], message: str
) -> None:
    result = sw(*args)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_ambiguous_goal_prefix_is_refused(sw: Run) -> None:
    ok(sw("goal", "add", "Walk"))
    ok(sw("goal", "add", "Water"))
    result = sw("log", "--goal", "W")
    assert result.returncode == 1 and "matches 2 goals" in result.stderr


def test_amount_on_a_check_goal_is_refused(sw: Run) -> None:
    ok(sw("goal", "add", "Walk"))
    result = sw("log", "--goal", "Walk", "--amount", "3")
    assert result.returncode == 1 and "takes no amount" in result.stderr


def test_a_cycle_of_micro_goals_is_refused(sw: Run) -> None:
    ok(sw("goal", "add", "Book"))
    ok(sw("goal", "add", "Chapter", "--parent", "Book"))
    result = sw("goal", "edit", "Book", "--parent", "Chapter")
    assert result.returncode == 1 and "micro-goal of itself" in result.stderr


def test_usage_errors_exit_2(sw: Run) -> None:
    assert sw("frobnicate").returncode == 2
    assert sw("goal").returncode == 2
    assert sw("status", "--format", "xml").returncode == 2


def test_unreadable_store_is_left_untouched(sw: Run, db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text('{"goals": {"1": {"title": "half', encoding="utf-8")
    before = db.read_bytes()
    result = sw("log", "x")
    assert result.returncode == 1
    assert str(db) in result.stderr and result.stderr.count("\n") == 1
    assert db.read_bytes() == before


def test_demo_fills_a_year_and_refuses_a_store_with_data(sw: Run) -> None:
    out = ok(sw("demo"))
    assert "goals" in out and "wins" in out
    stats = json.loads(ok(sw("stats", "--json")))
    assert stats["overall"]["total_wins"] > 300
    assert stats["overall"]["first_day"] <= "2025-12-01"
    assert any(g["comebacks"] for g in stats["goals"])
    again = sw("demo")
    assert again.returncode == 1 and "empty store" in again.stderr


def test_demo_needs_an_explicit_store(sw: Run) -> None:
    assert sw("demo", use_db=False).returncode == 2


def test_user_text_is_stored_exactly(sw: Run) -> None:
    text = "[bold red]x[/] 🎉 مرحبا e\u0301 [link=file:///etc]y"
    ok(sw("log", text))
    wins = json.loads(ok(sw("today", "--json")))["wins"]
    assert wins[0]["note"] == text
    assert text in ok(sw("today"))


def test_buffered_output_arrives_whole(sw: Run, db: Path) -> None:
    # The command exits without tearing the interpreter down (os._exit), after flushing its
    # output: none of it may be lost, short or long, with Python's output buffered.
    at = pendulum.parse(NOW)
    with Store(db).transaction() as tx:
        for n in range(3000):
            tx.put(Win(f"w{n}", at=at, day=at.date(), note=f"win number {n} " + "·" * 40))

    buffered = {"PYTHONUNBUFFERED": ""}
    assert ok(sw("log", "one more", env=buffered)).startswith("★ one more\n")
    out = ok(sw("export", "--format", "csv", env=buffered))

    rows = out.splitlines()
    assert len(out.encode()) > 200_000
    assert len(rows) == 3002 and sum("win number" in row for row in rows) == 3000


def test_an_amount_of_one_reads_in_the_singular(sw: Run) -> None:
    ok(sw("goal", "add", "Drink water", "--target", "8", "--unit", "glasses"))
    assert "★ Drink water · 1 glass\n" in ok(sw("log", "--goal", "Drink water", "--amount", "1"))
    assert "★ Drink water · 2 glasses\n" in ok(sw("log", "--goal", "Drink water", "--amount", "2"))
