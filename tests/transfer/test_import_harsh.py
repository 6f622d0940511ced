"""harsh's habits and log: y is a win, n nothing, s a rest day; twice adds nothing."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from transfer_builders import NOW, TZ, apply

from smallwins_tui.domain.models import Day, Goal, GoalKind, Schedule, Snapshot, Win
from smallwins_tui.transfer.importers import BadImport, ImportPlan, detect_format, plan_import

HABITS = """\
# This is your habits file.
! Dailies
Meditated: 1

! Weeklies
Ran: 3/7
Called mom: 1/7
Gym: 2w
Haircut: 1/30
Tracked spending: 0
"""
LOG = """\
2026-11-20 : Meditated : y : calm today
2026-11-20 : Ran : y : easy : 5.5
2026-11-21 : Meditated : n
2026-11-21 : Ran : s : sore knee
2026-11-22 : Meditated : s
2026-11-22 : Ran : y :  : 5.5
2026-11-22 : Called mom : y
2026-11-23 : Ran : y : hills : 3
"""


def plan_of(path: Path, snapshot: Snapshot, *, fmt: str = "auto") -> ImportPlan:
    return plan_import(path, snapshot, fmt=fmt, now=NOW, tz_name=TZ, day_start_hour=4)


def folder(tmp_path: Path, habits: str = HABITS, log: str = LOG) -> Path:
    target = tmp_path / "harsh"
    target.mkdir(exist_ok=True)
    (target / "habits").write_text(habits, encoding="utf-8")
    (target / "log").write_text(log, encoding="utf-8")
    return target


def goals_of(plan: ImportPlan) -> dict[str, Goal]:
    return {r.title: r for r in plan.puts if isinstance(r, Goal)}


def test_harsh_folder_and_files_are_detected(tmp_path: Path) -> None:
    where = folder(tmp_path)
    assert detect_format(where) == "harsh"
    assert detect_format(where / "log") == "harsh"
    assert detect_format(where / "habits") == "harsh"
    with pytest.raises(BadImport):
        detect_format(tmp_path)


def test_harsh_habits_become_goals_with_schedules(tmp_path: Path) -> None:
    goals = goals_of(plan_of(folder(tmp_path), Snapshot()))
    assert list(goals) == ["Meditated", "Ran", "Called mom", "Gym", "Haircut", "Tracked spending"]
    assert goals["Meditated"].schedule == Schedule.daily()
    assert goals["Meditated"].kind is GoalKind.CHECK
    assert goals["Ran"].schedule == Schedule.times_per_week(3)
    assert goals["Ran"].kind is GoalKind.COUNT and goals["Ran"].target == 5.5
    assert goals["Called mom"].schedule == Schedule.times_per_week(1)
    assert goals["Gym"].schedule == Schedule.times_per_week(2)  # harsh's `Nw` form
    assert goals["Haircut"].schedule == Schedule.daily()
    assert goals["Tracked spending"].schedule == Schedule.daily()


def test_harsh_log_gives_wins_and_rest_days(tmp_path: Path) -> None:
    plan = plan_of(folder(tmp_path), Snapshot())
    goals = goals_of(plan)
    med, ran, mom = goals["Meditated"].id, goals["Ran"].id, goals["Called mom"].id
    wins = sorted(
        (w.day.isoformat(), w.goal_id or "", w.amount or 0, w.note)
        for w in plan.puts
        if isinstance(w, Win)
    )
    assert wins == sorted(
        [
            ("2026-11-20", med, 0, "calm today"),
            ("2026-11-20", ran, 5.5, "easy"),
            ("2026-11-22", ran, 5.5, ""),
            ("2026-11-22", mom, 0, ""),
            ("2026-11-23", ran, 3, "hills"),
        ]
    )  # the `n` of the 21st adds nothing
    days = {d.date.isoformat(): d for d in plan.puts if isinstance(d, Day)}
    assert set(days) == {"2026-11-21", "2026-11-22"}
    assert days["2026-11-21"].rest_goals == {ran}
    assert days["2026-11-22"].rest_goals == {med}
    assert not any(d.rest for d in days.values())
    assert plan.report.added_wins == 5 and plan.report.added_days == 2


def test_harsh_either_file_imports_the_same(tmp_path: Path) -> None:
    where = folder(tmp_path)
    whole = plan_of(where, Snapshot())
    assert plan_of(where / "log", Snapshot()).puts == whole.puts
    assert plan_of(where / "habits", Snapshot()).puts == whole.puts


def test_harsh_rest_day_merges_with_an_existing_day(tmp_path: Path) -> None:
    note = Day(pendulum.date(2026, 11, 21), note="busy", rest_goals=frozenset({"other"}))
    plan = plan_of(folder(tmp_path), Snapshot(days=(note,)))
    day = next(d for d in plan.puts if isinstance(d, Day) and d.date == note.date)
    assert day.note == "busy" and day.rest_goals == {"other", goals_of(plan)["Ran"].id}


def test_harsh_import_twice_adds_nothing(tmp_path: Path) -> None:
    where = folder(tmp_path)
    first = plan_of(where, Snapshot())
    second = plan_of(where, apply(Snapshot(), first))
    assert second.puts == ()
    assert second.report.added == 0 and second.report.skipped == 7


def test_harsh_log_only_habits_are_created_daily(tmp_path: Path) -> None:
    where = folder(tmp_path, habits="Meditated: 1\n", log="2026-11-20 : Stretched : y\n")
    goal = goals_of(plan_of(where, Snapshot()))["Stretched"]
    assert goal.schedule == Schedule.daily() and goal.kind is GoalKind.CHECK


def test_harsh_bad_lines_name_file_and_line(tmp_path: Path) -> None:
    where = folder(tmp_path, log=LOG + "2026-11-24 : Ran : maybe\n")
    with pytest.raises(BadImport) as caught:
        plan_of(where, Snapshot())
    assert caught.value.file == where / "log" and caught.value.line == 9
    assert "y, n or s" in caught.value.reason
    where = folder(tmp_path, log="2026-13-01 : Ran : y\n")
    with pytest.raises(BadImport) as caught:
        plan_of(where, Snapshot(), fmt="harsh")
    assert caught.value.line == 1 and "not a date" in caught.value.reason
    where = folder(tmp_path, habits="Meditated: 1\nRan: often\n", log="")
    with pytest.raises(BadImport) as caught:
        plan_of(where, Snapshot(), fmt="harsh")
    assert caught.value.file == where / "habits" and caught.value.line == 2
    assert "frequency" in caught.value.reason
