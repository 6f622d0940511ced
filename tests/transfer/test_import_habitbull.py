"""HabitBull's CSV export: habits become goals, positive values wins; twice adds nothing."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from transfer_builders import NOW, TZ, apply

from smallwins_tui.domain.models import Goal, GoalKind, Snapshot, Win
from smallwins_tui.transfer.importers import BadImport, ImportPlan, detect_format, plan_import
from smallwins_tui.transfer.plain_csv import goal_id_for

HEADER = "HabitName,HabitDescription,HabitCategory,CalendarDate,Value,CommentText\n"
ROWS = (
    "Meditate,Calm mind,Health,2026-11-20T00:00:00.000Z,1,felt good\n"
    "Meditate,Calm mind,Health,2026-11-21T00:00:00.000Z,0,\n"
    "Meditate,Calm mind,Health,2026-11-22,1,\n"
    'Pushups,"Strong, arms",Fitness,2026-11-20T00:00:00.000Z,20,"first, set"\n'
    "Pushups,Strong arms,Fitness,2026-11-21T00:00:00.000Z,30,\n"
    "Pushups,Strong arms,Fitness,2026-11-22T00:00:00.000Z,30,\n"
    "Pushups,Strong arms,Fitness,2026-11-23T00:00:00.000Z,,\n"
)


def plan_of(path: Path, snapshot: Snapshot, *, fmt: str = "auto") -> ImportPlan:
    return plan_import(path, snapshot, fmt=fmt, now=NOW, tz_name=TZ, day_start_hour=4)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "HabitBullData.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def wins_of(plan: ImportPlan) -> list[Win]:
    return [r for r in plan.puts if isinstance(r, Win)]


def goals_of(plan: ImportPlan) -> dict[str, Goal]:
    return {r.title: r for r in plan.puts if isinstance(r, Goal)}


def test_habitbull_is_detected_from_its_header(tmp_path: Path) -> None:
    assert detect_format(write(tmp_path, HEADER + ROWS)) == "habitbull"


def test_habitbull_creates_goals_and_wins_on_their_days(tmp_path: Path) -> None:
    plan = plan_of(write(tmp_path, HEADER + ROWS), Snapshot())
    goals = goals_of(plan)
    meditate, pushups = goals["Meditate"], goals["Pushups"]
    assert meditate.kind is GoalKind.CHECK and meditate.target is None
    assert meditate.why == "Calm mind" and meditate.id == goal_id_for("meditate")
    assert pushups.kind is GoalKind.COUNT and pushups.target == 30
    assert pushups.why == "Strong, arms"
    wins = sorted(
        ((w.goal_id, w.day.isoformat(), w.amount, w.note) for w in wins_of(plan)),
        key=str,
    )
    assert wins == sorted(
        [
            (meditate.id, "2026-11-20", None, "felt good"),
            (meditate.id, "2026-11-22", None, ""),
            (pushups.id, "2026-11-20", 20, "first, set"),
            (pushups.id, "2026-11-21", 30, ""),
            (pushups.id, "2026-11-22", 30, ""),
        ],
        key=str,
    )
    assert all(w.at <= NOW and w.day == w.at.in_timezone(TZ).date() for w in wins_of(plan))
    assert plan.report.format == "habitbull"
    assert plan.report.added_goals == 2 and plan.report.added_wins == 5
    assert plan.report.created_goal_titles == ("Meditate", "Pushups")


def test_habitbull_target_is_the_first_value_on_a_tie(tmp_path: Path) -> None:
    text = HEADER + "Read,,,2026-11-20,10,\nRead,,,2026-11-21,5,\n"
    goal = goals_of(plan_of(write(tmp_path, text), Snapshot()))["Read"]
    assert goal.kind is GoalKind.COUNT and goal.target == 10


def test_habitbull_uses_existing_goals_by_title_ignoring_case(tmp_path: Path) -> None:
    created = pendulum.datetime(2026, 1, 1, tz="UTC")
    mine = Goal("g-med", "meditate", created, created, GoalKind.CHECK, why="mine")
    plan = plan_of(write(tmp_path, HEADER + ROWS), Snapshot(goals=(mine,)))
    assert set(goals_of(plan)) == {"Pushups"}
    assert sum(w.goal_id == "g-med" for w in wins_of(plan)) == 2


def test_habitbull_import_twice_adds_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + ROWS)
    first = plan_of(path, Snapshot())
    second = plan_of(path, apply(Snapshot(), first))
    assert second.puts == ()
    assert second.report.added == 0 and second.report.skipped == 5


def test_habitbull_bad_row_names_its_line(tmp_path: Path) -> None:
    text = HEADER + ROWS + "Meditate,,,2026-02-30,1,\n"
    with pytest.raises(BadImport) as caught:
        plan_of(write(tmp_path, text), Snapshot())
    assert caught.value.line == 9 and "not a date" in caught.value.reason
    text = HEADER + "Meditate,,,2026-11-20,lots,\n"
    with pytest.raises(BadImport) as caught:
        plan_of(write(tmp_path, text), Snapshot())
    assert caught.value.line == 2 and "number" in caught.value.reason
    text = HEADER + "Meditate,,,2026-12-20,1,\n"
    with pytest.raises(BadImport) as caught:
        plan_of(write(tmp_path, text), Snapshot(), fmt="habitbull")
    assert caught.value.line == 2 and "future" in caught.value.reason


def test_habitbull_wrong_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadImport) as caught:
        plan_of(write(tmp_path, "Name,Date\nx,2026-11-20\n"), Snapshot(), fmt="habitbull")
    assert caught.value.line == 1 and "HabitBull" in caught.value.reason
