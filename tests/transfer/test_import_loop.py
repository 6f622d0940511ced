"""Loop Habit Tracker's CSV export (zip, folder or Habits.csv): YES_MANUAL and measurable days
are wins, SKIP a rest day, other notes go on the day; the wide root files never count twice."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest
from transfer_builders import NOW, TZ, apply

from smallwins_tui.cli import main
from smallwins_tui.domain.models import (
    Day,
    Goal,
    GoalKind,
    Schedule,
    Snapshot,
    Tombstone,
    Win,
)
from smallwins_tui.store import Store
from smallwins_tui.transfer import loop
from smallwins_tui.transfer.importers import (
    BadImport,
    ImportPlan,
    apply_plan,
    detect_format,
    plan_import,
)
from smallwins_tui.transfer.plain_csv import goal_id_for

HEADER = [
    "Position",
    "Name",
    "Type",
    "Question",
    "Description",
    "FrequencyNumerator",
    "FrequencyDenominator",
    "Color",
    "Unit",
    "Target Type",
    "Target Value",
    "Archived?",
]
"""Habits.csv's header as HabitList.writeCSV writes it (Loop 2.x)."""


@dataclass(frozen=True)
class LoopHabit:
    """One habit as Loop exports it: its Habits.csv row and its Checkmarks.csv rows."""

    position: int
    name: str
    question: str
    frequency: tuple[int, int]
    marks: tuple[tuple[str, str, str], ...]
    """(date, value, notes), newest first, as `entries.getKnown()` gives them."""
    description: str = ""
    unit: str = ""
    target: float | None = None
    """Target Value of a NUMERICAL habit; None for a YES_NO one."""
    archived: bool = False

    def row(self) -> list[str]:
        numerical = self.target is not None
        return [
            f"{self.position:03d}",
            self.name,
            "NUMERICAL" if numerical else "YES_NO",
            self.question,
            self.description,
            str(self.frequency[0]),
            str(self.frequency[1]),
            "#FF8F00",
            self.unit if numerical else "",
            "AT_LEAST" if numerical else "",
            repr(float(self.target)) if numerical else "",  # Kotlin's Double.toString: "20.0"
            "true" if self.archived else "false",
        ]

    @property
    def folder(self) -> str:
        """`%03d name` with the name sanitised as HabitsCSVExporter.sanitizeFilename does."""
        sane = re.sub(r"[^ a-zA-Z0-9._-]+", "", self.name)[:100]
        return f"{self.position:03d} {sane}".strip()


HABITS = (
    LoopHabit(
        1,
        "Meditate",
        "Did you meditate this morning?",
        (1, 1),
        (
            ("2026-11-23", "YES_MANUAL", "calm"),
            ("2026-11-22", "SKIP", "travelling"),
            ("2026-11-21", "NO", "Sick"),
            ("2026-11-20", "YES_AUTO", ""),
            ("2026-11-19", "YES_MANUAL", "Forgot, then did it"),
            ("2026-11-18", "UNKNOWN", ""),
        ),
    ),
    LoopHabit(
        2,
        "Wake up early",
        "Did you wake up before 6am?",
        (2, 3),
        (("2026-11-22", "YES_MANUAL", ""), ("2026-11-21", "YES_AUTO", '"Vacation"')),
        description="Before 6, really.\nNo snoozing.",
    ),
    LoopHabit(
        3,
        "Run",
        "How far did you run?",
        (1, 7),
        (
            ("2026-11-23", "2500", "hills"),
            ("2026-11-22", "0", ""),
            ("2026-11-21", "5000", ""),
            ("2026-11-20", "SKIP", ""),
        ),
        unit="km",
        target=20.0,
    ),
    LoopHabit(4, "Gym", "Gym?", (3, 7), (("2026-11-10", "YES_MANUAL", ""),), archived=True),
    LoopHabit(5, "Café time ☕", "Coffee?", (1, 7), (("2026-11-15", "YES_MANUAL", ""),)),
)


def csv_text(rows: list[list[str]]) -> str:
    """Rows as opencsv's CSVWriter(out).writeNext(row, false) writes them: quoted where needed."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def export_files(habits: tuple[LoopHabit, ...] = HABITS, *, wide: bool = True) -> dict[str, str]:
    """The export's files by their path in the zip, in the order Loop adds them."""
    files = {"Habits.csv": csv_text([HEADER, *(h.row() for h in habits)])}
    for h in habits:
        files[f"{h.folder}/Scores.csv"] = csv_text(
            [["Date", "Score"], *([day, "0.5000"] for day, _, _ in h.marks)]
        )
        files[f"{h.folder}/Checkmarks.csv"] = csv_text(
            [["Date", "Value", "Notes"], *(list(m) for m in h.marks)]
        )
    if wide:  # written by hand, a trailing comma on every line; one more day than the rest
        days = ["2026-11-24", *sorted({d for h in habits for d, _, _ in h.marks}, reverse=True)]
        values = {(h.position, d): v for h in habits for d, v, _ in h.marks}
        values[(1, "2026-11-24")] = "YES_MANUAL"
        names = "".join(f"{h.name}," for h in habits)
        checks = "".join(
            f"{d}," + "".join(f"{values.get((h.position, d), 'UNKNOWN')}," for h in habits) + "\n"
            for d in days
        )
        scores = "".join(f"{d}," + "0.5000," * len(habits) + "\n" for d in days)
        files["Scores.csv"] = f"Date,{names}\n{scores}"
        files["Checkmarks.csv"] = f"Date,{names}\n{checks}"
    return files


def write_folder(tmp_path: Path, files: dict[str, str], name: str = "Loop Habits CSV") -> Path:
    root = tmp_path / name
    for member, text in files.items():
        (root / member).parent.mkdir(parents=True, exist_ok=True)
        (root / member).write_bytes(text.encode("utf-8"))
    return root


def write_zip(
    tmp_path: Path, files: dict[str, str], name: str = "Loop Habits CSV 2026-11-24.zip"
) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in files.items():
            archive.writestr(member, text.encode("utf-8"))
    return path


def plan_of(path: Path, snapshot: Snapshot, *, fmt: str = "auto") -> ImportPlan:
    return plan_import(path, snapshot, fmt=fmt, now=NOW, tz_name=TZ, day_start_hour=4)


def goals_of(plan: ImportPlan) -> dict[str, Goal]:
    return {r.title: r for r in plan.puts if isinstance(r, Goal)}


def wins_of(plan: ImportPlan) -> list[tuple[str, str, float | None, str]]:
    titles = {g.id: g.title for g in goals_of(plan).values()}
    return sorted(
        (w.day.isoformat(), titles[w.goal_id or ""], w.amount, w.note)
        for w in plan.puts
        if isinstance(w, Win)
    )


def days_of(plan: ImportPlan) -> dict[str, Day]:
    return {d.date.isoformat(): d for d in plan.puts if isinstance(d, Day)}


def test_the_zip_its_folder_and_its_habits_csv_are_detected_and_import_the_same(
    tmp_path: Path,
) -> None:
    archive = write_zip(tmp_path, export_files())
    folder = write_folder(tmp_path, export_files())
    assert detect_format(archive) == detect_format(folder) == "loop"
    assert detect_format(folder / "Habits.csv") == "loop"
    whole = plan_of(archive, Snapshot())
    assert whole.report.added_goals == 5 and whole.report.added_wins == 7
    assert plan_of(folder, Snapshot()).puts == whole.puts
    assert plan_of(folder / "Habits.csv", Snapshot()).puts == whole.puts
    assert plan_of(archive, Snapshot(), fmt="loop").puts == whole.puts


def test_a_rezipped_export_inside_a_folder_of_the_zip_imports_too(tmp_path: Path) -> None:
    files = {f"Loop Habits CSV/{name}": text for name, text in export_files().items()}
    archive = write_zip(tmp_path, files, name="mine.zip")
    assert detect_format(archive) == "loop"
    assert (
        plan_of(archive, Snapshot()).puts
        == plan_of(write_zip(tmp_path, export_files()), Snapshot()).puts
    )


def test_other_zips_and_folders_are_refused_by_auto(tmp_path: Path) -> None:
    other = write_zip(tmp_path, {"notes.txt": "hello"}, name="other.zip")
    with pytest.raises(BadImport) as caught:
        detect_format(other)
    assert "has no Habits.csv" in caught.value.reason and caught.value.file == other
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BadImport) as caught:
        detect_format(broken)
    assert "not a readable zip file" in caught.value.reason
    with pytest.raises(BadImport) as caught:
        plan_of(broken, Snapshot(), fmt="loop")
    assert str(caught.value).startswith(f"{broken}: not a readable zip file")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadImport) as caught:
        detect_format(tmp_path / "empty")
    assert "harsh's" in caught.value.reason and "Loop Habit Tracker" in caught.value.reason
    with pytest.raises(BadImport) as caught:
        plan_of(tmp_path / "empty", Snapshot(), fmt="loop")
    assert caught.value.reason == "not a Loop Habit Tracker export: it has no Habits.csv"


def test_habits_become_goals_with_kind_schedule_unit_target_and_archiving(
    tmp_path: Path,
) -> None:
    goals = goals_of(plan_of(write_zip(tmp_path, export_files()), Snapshot()))
    assert list(goals) == ["Meditate", "Wake up early", "Run", "Gym", "Café time ☕"]
    med, wake, run, gym, cafe = goals.values()
    assert med.kind is GoalKind.CHECK and med.schedule == Schedule.daily()
    assert med.why == "Did you meditate this morning?"  # no description: the question
    assert wake.why == "Before 6, really. No snoozing."  # the description, on one line
    assert wake.schedule == Schedule.times_per_week(5)  # 2 in 3 days: nearest, 5 a week
    assert run.kind is GoalKind.COUNT and run.unit == "km"
    assert run.target == 2.86 and run.schedule == Schedule.daily()  # 20 km in 7 days
    assert gym.schedule == Schedule.times_per_week(3) and gym.archived
    assert cafe.schedule == Schedule.times_per_week(1) and not cafe.archived
    assert not any(g.archived for g in (med, wake, run, cafe))
    assert [g.id for g in goals.values()] == [goal_id_for(t) for t in goals]


def test_manual_checks_and_measurable_days_are_wins_skips_rest_days_notes_kept(
    tmp_path: Path,
) -> None:
    plan = plan_of(write_zip(tmp_path, export_files()), Snapshot())
    assert wins_of(plan) == [
        ("2026-11-10", "Gym", None, ""),
        ("2026-11-15", "Café time ☕", None, ""),
        ("2026-11-19", "Meditate", None, "Forgot, then did it"),
        ("2026-11-21", "Run", 5, ""),  # 5000 is 5 km
        ("2026-11-22", "Wake up early", None, ""),
        ("2026-11-23", "Meditate", None, "calm"),
        ("2026-11-23", "Run", 2.5, "hills"),  # 2500 is 2.5 km; the day with 0 is none
    ]  # YES_AUTO (20th, 21st), NO (21st) and UNKNOWN (18th) are no wins
    goals = goals_of(plan)
    days = days_of(plan)
    assert set(days) == {"2026-11-20", "2026-11-21", "2026-11-22"}
    assert days["2026-11-20"].rest_goals == {goals["Run"].id}
    assert days["2026-11-20"].note == ""
    assert days["2026-11-21"].rest_goals == frozenset()
    assert days["2026-11-21"].note == 'Meditate: Sick\nWake up early: "Vacation"'
    assert days["2026-11-22"].rest_goals == {goals["Meditate"].id}
    assert days["2026-11-22"].note == "Meditate: travelling"
    assert plan.report.added_days == 3 and plan.report.skipped == 0
    assert plan.report.created_goal_titles == tuple(goals)


def test_the_wide_checkmarks_and_scores_at_the_root_never_count_twice(tmp_path: Path) -> None:
    with_wide = plan_of(write_zip(tmp_path, export_files(wide=True)), Snapshot())
    without = plan_of(write_folder(tmp_path, export_files(wide=False)), Snapshot())
    assert with_wide.puts == without.puts
    assert len(wins_of(with_wide)) == 7
    assert not [w for w in wins_of(with_wide) if w[0] == "2026-11-24"]  # only the wide file's


def test_importing_twice_adds_nothing_and_deleted_goals_stay_deleted(tmp_path: Path) -> None:
    archive = write_zip(tmp_path, export_files())
    first = plan_of(archive, Snapshot())
    second = plan_of(archive, apply(Snapshot(), first))
    assert second.puts == ()
    assert second.report.added == 0
    assert second.report.skipped == 7 + 2 + 3  # wins, rest days, day notes
    gone = Tombstone(goal_id_for("meditate"), "goal", NOW)
    plan = plan_of(archive, Snapshot(tombstones=(gone,)))
    assert "Meditate" not in goals_of(plan)
    assert not [w for w in wins_of(plan) if w[1] == "Meditate"]
    assert "Meditate" not in "".join(d.note for d in days_of(plan).values())
    assert days_of(plan)["2026-11-21"].note == 'Wake up early: "Vacation"'


def test_day_notes_join_what_the_day_already_says(tmp_path: Path) -> None:
    busy = Day(pendulum.date(2026, 11, 21), note="busy day")
    plan = plan_of(write_zip(tmp_path, export_files()), Snapshot(days=(busy,)))
    note = days_of(plan)["2026-11-21"].note
    assert note == 'busy day\nMeditate: Sick\nWake up early: "Vacation"'


def test_an_older_export_without_type_or_header_lines_still_imports(tmp_path: Path) -> None:
    root = tmp_path / "old"
    (root / "001 Read").mkdir(parents=True)
    (root / "Habits.csv").write_text(
        "Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
        "001,Read,Did you read?,Books,3,7,#FF8F00\n"
    )
    (root / "001 Read" / "Checkmarks.csv").write_text(
        "2026-11-23,2\n2026-11-22,1\n2026-11-21,0\n2026-11-20,3\n2026-11-19,2\n"
    )
    plan = plan_of(root, Snapshot())
    goal = goals_of(plan)["Read"]
    assert goal.kind is GoalKind.CHECK and goal.schedule == Schedule.times_per_week(3)
    assert goal.why == "Books"
    assert [w[0] for w in wins_of(plan)] == ["2026-11-19", "2026-11-23"]
    assert days_of(plan)["2026-11-20"].rest_goals == {goal.id}


def test_a_measurable_target_of_zero_takes_the_most_common_amount(tmp_path: Path) -> None:
    marks = (("2026-11-23", "3000", ""), ("2026-11-22", "3000", ""), ("2026-11-21", "500", ""))
    water = LoopHabit(1, "Water", "Glasses?", (1, 1), marks, unit="glasses", target=0.0)
    monthly = LoopHabit(2, "Books", "Pages?", (1, 30), (), unit="pages", target=300.0)
    goals = goals_of(plan_of(write_zip(tmp_path, export_files((water, monthly))), Snapshot()))
    assert goals["Water"].target == 3 and goals["Water"].unit == "glasses"
    assert goals["Books"].target == 10  # 300 pages a month, 10 a day


@pytest.mark.parametrize(
    ("times", "days", "schedule"),
    [
        (1, 1, Schedule.daily()),
        (5, 5, Schedule.daily()),
        (3, 2, Schedule.daily()),
        (1, 7, Schedule.times_per_week(1)),
        (6, 7, Schedule.times_per_week(6)),
        (1, 2, Schedule.times_per_week(4)),
        (2, 3, Schedule.times_per_week(5)),
        (13, 14, Schedule.daily()),
        (1, 30, Schedule.times_per_week(1)),
        (10, 30, Schedule.times_per_week(2)),
        (1, 365, Schedule.times_per_week(1)),
    ],
)
def test_loop_frequencies_map_to_the_nearest_schedule(
    tmp_path: Path, times: int, days: int, schedule: Schedule
) -> None:
    habit = LoopHabit(1, "Habit", "?", (times, days), ())
    goal = goals_of(plan_of(write_zip(tmp_path, export_files((habit,))), Snapshot()))["Habit"]
    assert goal.schedule == schedule


GOOD_ROW = "001,Meditate,YES_NO,Did you?,,1,1,#FF8F00,,,,false\n"
BOOL = "002,Read,YES_NO,,,1,1,#FF8F00,,,,false"
NUM = "002,Run,NUMERICAL,,,1,7,#FF8F00,km,AT_LEAST,20.0,false"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (BOOL.replace("002", "x02", 1), "Position 'x02' is not a habit number (like 001)"),
        (BOOL.replace("002", "000", 1), "Position '000' is not a habit number"),
        (BOOL.replace("002", "001", 1), "Position 001 is also on line 2"),
        (BOOL.replace("Read", ""), "habit name cannot be empty"),
        (BOOL.replace("Read", "Re\x1bad"), "habit name contains a control character"),
        (BOOL.replace("Read", "R" * 121), "habit name is too long (121 characters; at most 120)"),
        (BOOL.replace("YES_NO", "BOOLEAN"), "Type 'BOOLEAN' must be YES_NO or NUMERICAL"),
        (BOOL.replace(",,,1,1", ",Did\x1b?,,1,1"), "Question contains a control character"),
        (BOOL.replace(",,,1,1", ",,x" + "y" * 500 + ",1,1"), "Description is too long"),
        (BOOL.replace(",1,1,", ",abc,1,"), "FrequencyNumerator 'abc' must be a whole number"),
        (BOOL.replace(",1,1,", ",0,1,"), "FrequencyNumerator '0' must be a whole number from 1"),
        (BOOL.replace(",1,1,", ",1,,"), "FrequencyDenominator '' must be a whole number from 1"),
        (BOOL.replace(",1,1,", ",1,1.5,"), "FrequencyDenominator '1.5' must be a whole number"),
        (NUM.replace(",km,", ",k\x00m,"), "Unit contains a control character"),
        (NUM.replace(",km,", ",kilometres run on the beach,"), "Unit is too long"),
        (NUM.replace("AT_LEAST", "AT_MOSTLY"), "Target Type 'AT_MOSTLY' must be AT_LEAST or"),
        (NUM.replace("20.0", "lots"), "Target Value 'lots' must be a number"),
        (NUM.replace("20.0", "-5"), "Target Value must be zero or more"),
        (NUM.replace("20.0", "nan"), "Target Value must be a number"),
        (NUM.replace("20.0", "2e12"), "Target Value is too large"),
        (BOOL.replace("false", "maybe"), "Archived? 'maybe' must be true or false"),
        ("002,Read,YES_NO", "expected 12 columns (position,name,type,"),
        (BOOL + ",extra", "expected 12 columns"),
        ('002,"Read,YES_NO,,,1,1,#FF8F00,,,,false', "not valid CSV"),
    ],
)
def test_a_bad_habits_csv_row_names_file_line_and_column(
    tmp_path: Path, row: str, reason: str
) -> None:
    files = export_files(HABITS[:1])
    files["Habits.csv"] = ",".join(HEADER) + "\n" + GOOD_ROW + row + "\n"
    folder = write_folder(tmp_path, files)
    with pytest.raises(BadImport) as caught:
        plan_of(folder, Snapshot())
    assert caught.value.file == folder / "Habits.csv" and caught.value.line == 3
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{folder / 'Habits.csv'}:3: ")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", 1, "the file is empty"),
        ("Name,Date\n", 1, "the header must be Loop's Habits.csv header (Position,Name,"),
        ("Position,Name,Name,FrequencyNumerator,FrequencyDenominator\n", 1, "the header must"),
        ("Position,Name,FrequencyNumerator\n", 1, "the header must be"),
        (",".join(HEADER) + "\n\n002,Café\xff", 3, "not UTF-8 text"),
    ],
)
def test_a_bad_habits_csv_layout_is_refused(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = tmp_path / "Habits.csv"
    path.write_bytes(text.encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(BadImport) as caught:
        plan_of(path, Snapshot(), fmt="loop")
    assert caught.value.line == line and reason in caught.value.reason


GOOD_MARK = "2026-11-01,YES_MANUAL,\n"


@pytest.mark.parametrize(
    ("position", "text", "line", "reason"),
    [
        (1, GOOD_MARK + "2026-13-01,YES_MANUAL,\n", 3, "date '2026-13-01' is not a date"),
        (1, GOOD_MARK + "24/11/2026,YES_MANUAL,\n", 3, "(use YYYY-MM-DD)"),
        (1, GOOD_MARK + "2026-11-25,YES_MANUAL,\n", 3, "date 2026-11-25 is in the future"),
        (1, GOOD_MARK + "1999-12-31,NO,\n", 3, "date 1999-12-31 is too far in the past"),
        (1, GOOD_MARK + "2026-11-02,MAYBE,\n", 3, "value 'MAYBE' is not YES_MANUAL, YES_AUTO"),
        (1, GOOD_MARK + "2026-11-02,,\n", 3, "value '' is not YES_MANUAL"),
        (
            1,
            GOOD_MARK + "2026-11-02,7,\n",
            3,
            "value '7' is not YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN",
        ),
        (
            3,
            GOOD_MARK + "2026-11-02,2.5,\n",
            3,
            "value '2.5' is not a whole number (the amount times 1000)",
        ),
        (3, GOOD_MARK + "2026-11-02,lots,\n", 3, "value 'lots' is not a whole number"),
        (3, GOOD_MARK + "2026-11-02,9999999999999,\n", 3, "value is too large"),
        (1, GOOD_MARK + "2026-11-02,NO,bad \x1b[2J\n", 3, "note contains a control character"),
        (1, GOOD_MARK + "2026-11-02,NO," + "n" * 10_001 + "\n", 3, "note is too long"),
        (1, GOOD_MARK + "2026-11-02,NO,,extra\n", 3, "expected 3 columns (Date,Value,Notes)"),
        (1, GOOD_MARK + "2026-11-02\n", 3, "expected 3 columns (Date,Value,Notes), found 1"),
        (1, GOOD_MARK + '2026-11-02,NO,"open\n', 3, "not valid CSV"),
        (1, '"2026-11-02,NO\n', 2, "not valid CSV"),
    ],
)
def test_a_bad_checkmarks_row_names_the_file_inside_the_zip_and_its_line(
    tmp_path: Path, position: int, text: str, line: int, reason: str
) -> None:
    files = export_files()
    habit = HABITS[position - 1]
    files[f"{habit.folder}/Checkmarks.csv"] = "Date,Value,Notes\n" + text
    archive = write_zip(tmp_path, files)
    with pytest.raises(BadImport) as caught:
        plan_of(archive, Snapshot())
    where = archive / habit.folder / "Checkmarks.csv"
    assert caught.value.file == where and caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{where}:{line}: ")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            "Date,Value,Comment\n",
            1,
            "the header must be Date,Value,Notes, not 'Date,Value,Comment'",
        ),
        ("2026-11-01,2,note,more\n", 1, "expected 2 or 3 columns (Date,Value,Notes), found 4"),
        ("2026-11-01,2\nNovember,2\n", 2, "date 'November' is not a date"),
        ("2026-11-01,2\n2026-11-02,\xff\n", 2, "not UTF-8 text"),
    ],
)
def test_a_bad_checkmarks_layout_is_refused(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    files = export_files(HABITS[:1], wide=False)
    folder = write_folder(tmp_path, files)
    target = folder / HABITS[0].folder / "Checkmarks.csv"
    target.write_bytes(text.encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(BadImport) as caught:
        plan_of(folder, Snapshot())
    assert caught.value.file == target and caught.value.line == line
    assert reason in caught.value.reason


def test_habit_folders_must_match_a_position_once(tmp_path: Path) -> None:
    files = export_files(HABITS[:1], wide=False)
    files["007 Stray/Checkmarks.csv"] = "Date,Value,Notes\n"
    with pytest.raises(BadImport) as caught:
        plan_of(write_zip(tmp_path, files), Snapshot())
    assert caught.value.reason == "no habit in Habits.csv has Position 007"
    assert caught.value.file.parts[-2:] == ("007 Stray", "Checkmarks.csv")
    files = export_files(HABITS[:1], wide=False)
    files["001 Other/Checkmarks.csv"] = "Date,Value,Notes\n"
    with pytest.raises(BadImport) as caught:
        plan_of(write_zip(tmp_path, files), Snapshot())
    assert caught.value.reason == "two habit folders are numbered 001"


def test_an_export_too_big_to_be_real_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = export_files(HABITS[:1], wide=False)
    files[f"{HABITS[0].folder}/Checkmarks.csv"] += "2026-11-01,NO,\n" * 800_000  # 12 MB
    bomb = write_zip(tmp_path, files)
    assert bomb.stat().st_size < 200_000
    monkeypatch.setattr(loop, "MAX_BYTES", 10_000_000)
    with pytest.raises(BadImport) as caught:
        plan_of(bomb, Snapshot())
    assert caught.value.file == bomb and caught.value.line is None
    assert caught.value.reason.startswith("the export unpacks to 12,000,")
    assert caught.value.reason.endswith("bytes; refusing more than 10,000,000")
    monkeypatch.setattr(loop, "MAX_BYTES", 100)
    with pytest.raises(BadImport) as caught:
        plan_of(write_folder(tmp_path, export_files()), Snapshot())
    assert "refusing more than 100" in caught.value.reason


def test_a_bad_row_leaves_the_store_byte_identical(tmp_path: Path, full_store: Store) -> None:
    files = export_files()
    files[f"{HABITS[2].folder}/Checkmarks.csv"] += "2026-11-02,lots,\n"
    archive = write_zip(tmp_path, files)
    before = full_store.path.read_bytes()
    with pytest.raises(BadImport) as caught, full_store.transaction() as tx:
        apply_plan(tx, plan_of(archive, tx.snapshot))
    assert caught.value.line == 6
    assert full_store.path.read_bytes() == before


def test_a_store_import_then_a_second_one_adds_nothing(tmp_path: Path, empty_store: Store) -> None:
    archive = write_zip(tmp_path, export_files())
    with empty_store.transaction() as tx:
        apply_plan(tx, plan_of(archive, tx.snapshot))
    stored = empty_store.read()
    assert len(stored.goals) == 5 and len(stored.wins) == 7 and len(stored.days) == 3
    assert [g.title for g in stored.goals if g.archived] == ["Gym"]
    before = empty_store.path.read_bytes()
    with empty_store.transaction() as tx:
        again = plan_of(archive, tx.snapshot)
        apply_plan(tx, again)
    assert again.report.added == 0 and again.puts == ()
    assert empty_store.path.read_bytes() == before


def test_dry_run_reports_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SMALLWINS_NOW", "2026-11-24T16:30:00+00:00")
    archive = write_zip(tmp_path, export_files())
    db = tmp_path / "dry.json"
    assert main(["import", str(archive), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would have added 5 goals, 7 wins, 3 days" in out
    assert "dry run: nothing was written" in out
    assert not db.exists()
