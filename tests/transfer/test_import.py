"""Imports: plan first, write once; idempotent; the first bad row stops everything."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pendulum
import pytest
from transfer_builders import MARKUP, NOW, TODAY, TZ, apply

from smallwins_tui.domain.models import Goal, GoalKind, Snapshot, Tombstone, Win
from smallwins_tui.store import Store
from smallwins_tui.transfer.export import export_json
from smallwins_tui.transfer.importers import (
    BadImport,
    ImportPlan,
    apply_plan,
    detect_format,
    plan_import,
)
from smallwins_tui.transfer.plain_csv import goal_id_for


def plan_of(path: Path, snapshot: Snapshot, *, fmt: str = "auto", hour: int = 4) -> ImportPlan:
    return plan_import(path, snapshot, fmt=fmt, now=NOW, tz_name=TZ, day_start_hour=hour)


def write(tmp_path: Path, text: str, name: str = "wins.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def goal(gid: str, title: str, *, target: float | None = None, unit: str = "") -> Goal:
    created = pendulum.datetime(2026, 1, 1, tz="UTC")
    kind = GoalKind.COUNT if target is not None else GoalKind.CHECK
    return Goal(gid, title, created, created, kind, target=target, unit=unit)


# --- smallwins JSON -----------------------------------------------------------------------------


@pytest.fixture
def export_file(full_store: Store, tmp_path: Path) -> Path:
    return write(tmp_path, export_json(full_store.read(), exported=NOW), "export.json")


def test_json_import_twice_adds_nothing_the_second_time(export_file: Path) -> None:
    first = plan_of(export_file, Snapshot())
    assert first.report.format == "smallwins"
    assert first.report.added_wins > 300 and first.report.added_goals > 3
    assert first.report.skipped == 0
    second = plan_of(export_file, apply(Snapshot(), first))
    assert second.puts == ()
    assert second.report.added == 0
    assert second.report.skipped == len(first.puts)


def test_json_import_into_the_same_store_through_a_transaction_changes_nothing(
    full_store: Store, export_file: Path
) -> None:
    before = full_store.path.read_bytes()
    with full_store.transaction() as tx:
        plan = plan_of(export_file, tx.snapshot)
        apply_plan(tx, plan)
    assert plan.report.added == 0
    assert full_store.path.read_bytes() == before


def test_json_import_skips_existing_ids_and_does_not_bring_back_deleted_records(
    full_store: Store, export_file: Path
) -> None:
    snapshot = full_store.read()
    micro = next(g for g in snapshot.goals if g.parent_id == "demo-write")
    micro_wins = {w.id for w in snapshot.wins if w.goal_id == micro.id}
    keep_win = next(w for w in snapshot.wins if w.goal_id is None)
    # The store now has one win and a deleted goal (with its micro-goals and their wins).
    target = Snapshot(
        wins=(keep_win,),
        tombstones=(Tombstone("demo-write", "goal", NOW), *snapshot.tombstones),
    )
    plan = plan_of(export_file, target)
    put_ids = {getattr(r, "id", None) for r in plan.puts}
    assert keep_win.id not in put_ids
    assert "demo-write" not in put_ids and micro.id not in put_ids and "g-odd" not in put_ids
    assert not micro_wins & put_ids
    assert all(getattr(r, "goal_id", None) not in {"demo-write", micro.id} for r in plan.puts)
    assert "demo-win-1" not in put_ids  # deleted in the exported store too
    assert plan.report.skipped >= 3 + len(micro_wins)


def bad_json(tmp_path: Path, mutate: object) -> BadImport:
    data = orjson.loads(export_json(Snapshot(wins=(sample_win(),)), exported=NOW))
    mutate(data)  # type: ignore[operator]
    text = (
        '{\n  "format": "smallwins-export",\n  "version": '
        + orjson.dumps(data["version"]).decode()
        + ',\n  "wins": [\n    '
        + ",\n    ".join(orjson.dumps(w).decode() for w in data["wins"])
        + "\n  ]\n}\n"
    )
    if data.get("format") != "smallwins-export":
        text = orjson.dumps(data).decode()
    path = write(tmp_path, text, "bad.json")
    with pytest.raises(BadImport) as caught:
        plan_of(path, Snapshot(), fmt="smallwins")
    return caught.value


def sample_win(wid: str = "w1", note: str = "ok") -> Win:
    return Win(wid, NOW.subtract(days=1), TODAY.subtract(days=1), None, None, note)


def test_json_import_refuses_bad_files_naming_the_line(tmp_path: Path) -> None:
    def second_win_bad_day(data: dict[str, list[dict[str, str]]]) -> None:
        data["wins"].append({"id": "w2", "at": "2026-11-23T10:00:00Z", "day": "2026-02-30"})

    err = bad_json(tmp_path, second_win_bad_day)
    assert err.line == 6 and "wins[1] is malformed" in err.reason and "'day'" in err.reason

    def escape_in_note(data: dict[str, list[dict[str, str]]]) -> None:
        data["wins"][0]["note"] = "hi \x1b[31m red"

    err = bad_json(tmp_path, escape_in_note)
    assert err.line == 5 and "control character" in err.reason

    def unknown_goal(data: dict[str, list[dict[str, str]]]) -> None:
        data["wins"][0]["goal"] = "nowhere"

    assert "neither in the file nor in the store" in bad_json(tmp_path, unknown_goal).reason

    def newer(data: dict[str, object]) -> None:
        data["version"] = 2

    err = bad_json(tmp_path, newer)
    assert err.line == 3 and "newer smallwins" in err.reason

    def twice(data: dict[str, list[object]]) -> None:
        data["wins"].append(data["wins"][0])

    assert "twice" in bad_json(tmp_path, twice).reason

    def other_format(data: dict[str, object]) -> None:
        data["format"] = "something-else"

    assert "not a smallwins export" in bad_json(tmp_path, other_format).reason

    path = write(tmp_path, '{\n  "format": "smallwins-export",\n  "wins": [\n', "cut.json")
    with pytest.raises(BadImport) as caught:
        plan_of(path, Snapshot(), fmt="smallwins")
    err = caught.value
    assert "not valid JSON" in err.reason and err.line == 4
    assert str(err).startswith(f"{path}:4: ")


# --- plain CSV ---------------------------------------------------------------------------------

EXISTING = Snapshot(
    goals=(goal("g-read", "Read"), goal("g-write", "Write", target=200, unit="words"))
)


def test_plain_csv_adds_wins_creates_missing_goals_and_reports_them(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeffDate,Goal,Amount,Note\n"
        "2026-11-01,read,,chapter one\n"
        "2026-11-01,Write,350,\n"
        "2026-11-02,Write,,\n"
        "2026-11-02,Push-ups,,\n"
        "2026-11-03,Push-ups,20,\n"
        '2026-11-03,,,"Fixed the door, finally"\n',
    )
    assert detect_format(path) == "csv"
    plan = plan_of(path, EXISTING)
    report = plan.report
    assert (report.added_goals, report.added_wins, report.skipped) == (1, 6, 0)
    assert report.created_goal_titles == ("Push-ups",)
    assert report.lines() == ["added 1 goal, 6 wins", "new goals: Push-ups"]
    pushups = next(r for r in plan.puts if isinstance(r, Goal))
    # A new goal with an amount in any row is a count goal; its target is the first amount.
    assert (pushups.id, pushups.kind, pushups.target) == (goal_id_for("PUSH-UPS"), "count", 20)
    wins = [r for r in plan.puts if isinstance(r, Win)]
    assert [(w.goal_id, w.amount) for w in wins] == [
        ("g-read", None),
        ("g-write", 350),
        ("g-write", 200),  # a count goal's row without an amount counts its daily target
        (pushups.id, 20),
        (pushups.id, 20),
        (None, None),
    ]
    assert wins[0].note == "chapter one" and wins[-1].note == "Fixed the door, finally"
    assert wins[0].at == pendulum.datetime(2026, 11, 1, 12, tz=TZ)
    assert [w.day for w in wins[:2]] == [pendulum.date(2026, 11, 1)] * 2


def test_plain_csv_import_twice_adds_nothing_even_with_identical_rows(
    tmp_path: Path, empty_store: Store
) -> None:
    path = write(
        tmp_path,
        "date,goal,note\n2026-11-01,Stretch,\n2026-11-01,Stretch,\n2026-11-01,,same\n"
        "2026-11-01,,same\n",
    )
    for attempt in range(2):
        with empty_store.transaction() as tx:
            plan = plan_of(path, tx.snapshot)
            apply_plan(tx, plan)
        if attempt == 0:
            assert (plan.report.added_goals, plan.report.added_wins) == (1, 4)
        else:
            assert plan.puts == () and plan.report.skipped == 4
    snapshot = empty_store.read()
    assert len(snapshot.goals) == 1 and len(snapshot.wins) == 4


def test_plain_csv_rows_already_in_the_store_by_content_are_skipped(tmp_path: Path) -> None:
    logged = Win("random-id", NOW.subtract(days=3), pendulum.date(2026, 11, 21), "g-read")
    snapshot = Snapshot(goals=EXISTING.goals, wins=(logged,))
    path = write(tmp_path, "date,goal\n2026-11-21,Read\n2026-11-21,Read\n")
    plan = plan_of(path, snapshot)
    assert (plan.report.added_wins, plan.report.skipped) == (1, 1)


def test_plain_csv_does_not_bring_back_deleted_wins_or_goals(tmp_path: Path) -> None:
    path = write(tmp_path, "date,goal,note\n2026-11-01,Stretch,\n2026-11-01,,a note\n")
    first = plan_of(path, Snapshot())
    free = next(r for r in first.puts if isinstance(r, Win) and r.goal_id is None)
    after_delete = Snapshot(
        tombstones=(Tombstone(goal_id_for("stretch"), "goal", NOW), Tombstone(free.id, "win", NOW))
    )
    plan = plan_of(path, after_delete)
    assert plan.puts == () and plan.report.skipped == 2


def test_plain_csv_keeps_a_win_inside_its_day_with_a_late_day_start(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "date,time,goal,amount,unit,note\n"
        "2026-11-19,01:30,Walk,2.5,km,after midnight\n"
        "2026-11-19,23:10,Walk,,,\n"
        f"{TODAY},,Walk,1,,today\n",
    )
    plan = plan_of(path, Snapshot())
    walk = next(r for r in plan.puts if isinstance(r, Goal))
    assert (walk.target, walk.unit) == (2.5, "km")
    late, evening, today = (r for r in plan.puts if isinstance(r, Win))
    assert late.at == pendulum.datetime(2026, 11, 20, 1, 30, tz=TZ)
    assert late.day == evening.day == pendulum.date(2026, 11, 19)
    assert evening.amount == 2.5
    # Noon today is still ahead of the clock (16:30 is not): never log a win in the future.
    assert today.at == pendulum.datetime(2026, 11, 24, 12, tz=TZ)
    morning = NOW.set(hour=9)
    plan = plan_import(path, Snapshot(), fmt="csv", now=morning, tz_name=TZ, day_start_hour=4)
    assert [w.at for w in plan.puts if isinstance(w, Win)][-1] == morning


def test_plain_csv_keeps_markup_looking_text_literally(tmp_path: Path) -> None:
    title = "[bold]Goal[/] [/ x"
    quoted = MARKUP.replace('"', '""')
    path = write(tmp_path, f'date,goal,note\n2026-11-01,"{title}","{quoted}\nline two"\n')
    plan = plan_of(path, Snapshot())
    new, win = plan.puts
    assert isinstance(new, Goal) and new.title == title
    assert isinstance(win, Win) and win.note == MARKUP + "\nline two"


def test_a_bad_row_stops_the_whole_import_naming_its_line(
    tmp_path: Path, full_store: Store
) -> None:
    path = write(
        tmp_path,
        "date,goal,amount,note\n"
        "2026-11-01,Fresh goal,,\n"
        '2026-11-02,,,"two\nlines"\n'  # a quoted note over two lines: lines 3 and 4
        "2026-11-04,Drink water,lots,\n"
        "2026-11-05,Read,,\n",
    )
    before = full_store.path.read_bytes()
    with pytest.raises(BadImport) as caught, full_store.transaction() as tx:
        apply_plan(tx, plan_of(path, tx.snapshot))
    assert caught.value.line == 5
    assert caught.value.file == path
    assert str(caught.value) == f"{path}:5: amount must be a number, not 'lots'"
    assert full_store.path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("date,goal\n2026-13-01,Read\n", 2, "date '2026-13-01' is not a date (use YYYY-MM-DD)"),
        ("date,goal\n2026-02-30,Read\n", 2, "date '2026-02-30' is not a date (use YYYY-MM-DD)"),
        ("date,goal\n1/11/2026,Read\n", 2, "date '1/11/2026' is not a date (use YYYY-MM-DD)"),
        ("date,goal\n\n2026-11-25,Read\n", 3, "date 2026-11-25 is in the future"),
        ("date,goal\n1999-12-31,Read\n", 2, "too far in the past"),
        ("date,goal,amount\n2026-11-01,Write,-5\n", 2, "amount must be more than zero"),
        ("date,goal,amount\n2026-11-01,Write,0\n", 2, "amount must be more than zero"),
        ("date,goal,amount\n2026-11-01,Write,abc\n", 2, "amount must be a number, not 'abc'"),
        ("date,goal,amount\n2026-11-01,Write,nan\n", 2, "amount must be a number"),
        ("date,goal,amount\n2026-11-01,Read,3\n", 2, "'Read' is done-or-not; it takes no amount"),
        ("date,goal,amount\n2026-11-01,,3\n", 2, "an amount needs a goal"),
        ("date,goal,note\n2026-11-01,,\n", 2, "a win without a goal needs a note"),
        ("date,goal,note\n2026-11-01,Read,bad \x1b[2J\n", 2, "note contains a control character"),
        ("date,goal\n2026-11-01,Re\x00ad\n", 2, "goal contains a control character"),
        ("date,goal\n2026-11-01,Read,extra\n", 2, "expected 2 columns (date,goal), found 3"),
        ("date,goal\n2026-11-01\n", 2, "expected 2 columns (date,goal), found 1"),
        ("2026-11-01,Read\n", 1, "the header must be date,goal[,amount][,note]"),
        ("goal,date\n2026-11-01,Read\n", 1, "the header must be"),
        ("date,goal,amount,note,mood\n", 1, "not 'date,goal,amount,note,mood'"),
        ("date,time,goal\n2026-11-01,25:00,Read\n", 2, "time '25:00' is not a time (use HH:MM)"),
        ("date,goal\n2026-11-01,x" + "y" * 120 + "\n", 2, "goal is too long"),
        ("", 1, "the file is empty"),
        ("\n\n", 1, "the file is empty"),
        ('date,goal,note\n2026-11-01,Read,"open\n', 2, "not valid CSV"),
    ],
)
def test_malformed_plain_csv_is_refused_with_line_and_reason(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(BadImport) as caught:
        plan_of(path, EXISTING, fmt="csv")
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_an_ambiguous_title_and_a_file_that_is_not_text_are_refused(tmp_path: Path) -> None:
    twins = Snapshot(goals=(goal("a", "Read"), goal("b", "read")))
    path = write(tmp_path, "date,goal\n2026-11-01,READ\n")
    with pytest.raises(BadImport) as caught:
        plan_of(path, twins)
    err = caught.value
    assert (err.line, err.reason) == (2, "2 goals are called 'READ'; rename one first")

    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"date,goal\n2026-11-01,R\xffead\n")
    with pytest.raises(BadImport) as caught:
        plan_of(binary, Snapshot(), fmt="csv")
    err = caught.value
    assert (err.line, err.reason) == (2, "not UTF-8 text")

    with pytest.raises(BadImport) as caught:
        detect_format(write(tmp_path, "hello\n", "x.txt"))
    err = caught.value
    assert "cannot tell what kind of file" in err.reason
    with pytest.raises(BadImport) as caught:
        detect_format(tmp_path / "missing.csv")
    err = caught.value
    assert err.line is None and "cannot read the file" in str(err)


def test_sixty_thousand_rows_plan_and_write_in_one_go(tmp_path: Path, empty_store: Store) -> None:
    goals = ["Write", "Read", "Walk", "Stretch", "Meditate", "Water"]
    lines = ["date,goal,amount,note"]
    day = TODAY.subtract(days=3000)
    for i in range(60_000):
        if i % 20 == 0:
            day = day.add(days=1)
        name = goals[i % len(goals)]
        amount = str(i % 7 + 1) if name in ("Write", "Water") else ""
        lines.append(f"{day},{name},{amount},row {i}")
    path = write(tmp_path, "\n".join(lines) + "\n")

    started = time.perf_counter()
    with empty_store.transaction() as tx:
        planned = time.perf_counter()
        plan = plan_of(path, tx.snapshot)
        planned = time.perf_counter() - planned
        apply_plan(tx, plan)
    total = time.perf_counter() - started
    # Timing is printed (see it with -s), not asserted: shared machines are too noisy for that.
    print(f"60,000 rows: planned in {planned:.2f} s, written in {total:.2f} s in all")
    assert plan.report.added_wins == 60_000 and plan.report.added_goals == 6
    assert len(empty_store.read().wins) == 60_000
    again = plan_of(path, empty_store.read())
    assert again.report.added == 0 and again.report.skipped == 60_000
