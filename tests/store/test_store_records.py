"""Records survive the trip through the file exactly, in the documented document shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pendulum
import pytest

from smallwins_tui.domain.models import (
    Day,
    Goal,
    GoalKind,
    Milestone,
    Pause,
    Schedule,
    Settings,
    Tombstone,
    Win,
    new_id,
)
from smallwins_tui.store import SCHEMA_VERSION, Store, StoreError, migrations

BERLIN = "Europe/Berlin"
CREATED = pendulum.datetime(2026, 3, 29, 1, 30, tz=BERLIN)  # the night the clocks change
UPDATED = pendulum.datetime(2026, 11, 24, 9, 30, 15, 250_000, tz=BERLIN)
DAY = pendulum.date(2026, 11, 24)
ODD_TEXT = "Schreib 🎉 [bold]nicht fett[/] [/ x\nzweite Zeile\tmit Tab — «ünïcødé»"


def full_goal() -> Goal:
    return Goal(
        id="g-full",
        title="Write 📝 [red]the[/red] novel",
        created=CREATED,
        updated=UPDATED,
        kind=GoalKind.COUNT,
        why="I am a writer [/]",
        anchor="After I pour my coffee ☕",
        tiny="write one sentence",
        target=200.0,
        unit="words",
        schedule=Schedule.on_days([0, 2, 4]),
        parent_id="g-parent",
        total=50_000.5,
        milestones=(
            Milestone("m1", "First chapter 🎯", DAY),
            Milestone("m2", "Half way [b]", None),
        ),
        archived=True,
        position=3,
    )


def full_win() -> Win:
    return Win(
        id="w-full",
        at=UPDATED,
        day=DAY,
        goal_id="g-full",
        amount=250.75,
        note=ODD_TEXT,
        created=CREATED,
        updated=UPDATED.add(minutes=5),
    )


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(path.read_bytes())
    return data


def docs(path: Path, table: str) -> list[dict[str, Any]]:
    return list(read_json(path).get(table, {}).values())


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "smallwins.json"


def test_every_record_type_round_trips_with_all_optional_fields(path: Path) -> None:
    parent = Goal(id="g-parent", title="Parent", created=CREATED, updated=CREATED)
    weekly = Goal(
        id="g-weekly", title="Run", created=CREATED, updated=CREATED,
        schedule=Schedule.times_per_week(3),
    )  # fmt: skip
    day = Day(DAY, note=ODD_TEXT, rest=True, rest_goals=frozenset({"g-full", "g-weekly"}),
              updated=UPDATED)  # fmt: skip
    pause = Pause("p-full", DAY, DAY.add(days=6), note=ODD_TEXT, created=CREATED)
    settings = Settings(day_start_hour=5, week_start=6, theme="gruvbox")
    with Store(path).transaction() as txn:
        for record in (parent, full_goal(), weekly, full_win(), day, pause):
            txn.put(record)
        txn.set_settings(settings)

    snapshot = Store(path).read()

    assert snapshot.goals == (parent, full_goal(), weekly)
    assert snapshot.wins == (full_win(),)
    assert snapshot.days == (day,)
    assert snapshot.pauses == (pause,)
    assert snapshot.settings == settings
    win = snapshot.wins[0]
    assert isinstance(win.at, pendulum.DateTime) and isinstance(win.day, pendulum.Date)
    assert win.at.timezone_name == "UTC"
    assert snapshot.goals[1].milestones[0].done_on == DAY


def test_a_plain_win_is_three_fields_and_times_are_utc(path: Path) -> None:
    at = pendulum.datetime(2026, 11, 24, 10, 30, tz=BERLIN)
    with Store(path).transaction() as txn:
        txn.put(Win(id="w1", at=at, day=DAY, created=at, updated=None))

    assert docs(path, "days") == [
        {"date": "2026-11-24", "wins": [{"id": "w1", "at": "2026-11-24T09:30:00Z"}]}
    ]
    assert Store(path).read().wins == (Win(id="w1", at=at, day=DAY),)


def test_document_shapes(path: Path) -> None:
    with Store(path).transaction() as txn:
        txn.put(full_goal())
        txn.put(full_win())
        txn.put(Day(DAY, note="n", rest_goals=frozenset({"b", "a"}), updated=UPDATED))
        txn.put(Pause("p1", DAY, DAY.add(days=2)))
        txn.put(Goal(id="g2", title="Floss", created=CREATED, updated=CREATED))

    data = read_json(path)
    assert data["meta"] == {
        "1": {
            "app": "smallwins",
            "schema_version": SCHEMA_VERSION,
            "settings": {"day_start_hour": 4, "week_start": 0, "theme": ""},
        }
    }
    goal, plain_goal = docs(path, "goals")
    assert goal == {
        "id": "g-full",
        "title": "Write 📝 [red]the[/red] novel",
        "kind": "count",
        "created": "2026-03-29T00:30:00Z",
        "updated": "2026-11-24T08:30:15.250000Z",
        "why": "I am a writer [/]",
        "anchor": "After I pour my coffee ☕",
        "tiny": "write one sentence",
        "target": 200,
        "unit": "words",
        "schedule": {"kind": "weekdays", "days": [0, 2, 4]},
        "parent": "g-parent",
        "total": 50000.5,
        "milestones": [
            {"id": "m1", "title": "First chapter 🎯", "done_on": "2026-11-24"},
            {"id": "m2", "title": "Half way [b]"},
        ],
        "archived": True,
        "position": 3,
    }
    assert plain_goal == {
        "id": "g2", "title": "Floss", "kind": "check",
        "created": "2026-03-29T00:30:00Z", "updated": "2026-03-29T00:30:00Z",
    }  # fmt: skip
    assert "wins" not in data  # a day's wins live in its document
    assert docs(path, "days") == [
        {"date": "2026-11-24", "note": "n", "rest_goals": ["a", "b"],
         "updated": "2026-11-24T08:30:15.250000Z",
         "wins": [{
            "id": "w-full", "at": "2026-11-24T08:30:15.250000Z",
            "goal": "g-full", "amount": 250.75, "note": ODD_TEXT,
            "created": "2026-03-29T00:30:00Z", "updated": "2026-11-24T08:35:15.250000Z",
         }]}
    ]  # fmt: skip
    assert docs(path, "pauses") == [{"id": "p1", "start": "2026-11-24", "end": "2026-11-26"}]


def test_put_replaces_by_id_and_drops_fields_that_became_empty(path: Path) -> None:
    store = Store(path)
    with store.transaction() as txn:
        txn.put(full_win())
        txn.put(Win(id="w2", at=UPDATED, day=DAY))
    with store.transaction() as txn:
        txn.put(Win(id="w-full", at=UPDATED, day=DAY, note="shorter"))
        assert [w.note for w in txn.snapshot.wins] == ["shorter", ""]

    assert docs(path, "days")[0]["wins"][0] == {
        "id": "w-full", "at": "2026-11-24T08:30:15.250000Z", "note": "shorter",
    }  # fmt: skip
    assert [w.id for w in Store(path).read().wins] == ["w-full", "w2"]


def test_an_empty_day_removes_that_days_document(path: Path) -> None:
    store = Store(path)
    with store.transaction() as txn:
        txn.put(Day(DAY, note="tired"))
        txn.put(Day(DAY.add(days=1), rest=True))
    with store.transaction() as txn:
        txn.put(Day(DAY))
        assert [d.date for d in txn.snapshot.days] == [DAY.add(days=1)]

    assert docs(path, "days") == [{"date": "2026-11-25", "rest": True}]
    assert store.read().day(DAY) == Day(DAY)


def test_delete_writes_a_tombstone_and_unknown_ids_raise(path: Path) -> None:
    store = Store(path)
    with store.transaction() as txn:
        txn.put(full_win())
        txn.put(Pause("p1", DAY, DAY))
    with store.transaction() as txn:
        txn.delete("win", "w-full", UPDATED)
        txn.delete("pause", "p1", UPDATED)
        with pytest.raises(LookupError, match="no such goal: 'nope'"):
            txn.delete("goal", "nope", UPDATED)
        assert txn.snapshot.wins == ()

    snapshot = store.read()
    assert snapshot.wins == () and snapshot.pauses == ()
    assert snapshot.tombstones == (
        Tombstone("w-full", "win", UPDATED),
        Tombstone("p1", "pause", UPDATED),
    )
    assert docs(path, "tombstones")[0] == {
        "id": "w-full", "kind": "win", "deleted": "2026-11-24T08:30:15.250000Z",
    }  # fmt: skip


def test_putting_a_deleted_record_back_removes_its_tombstone(path: Path) -> None:
    store = Store(path)
    with store.transaction() as txn:
        txn.put(full_win())
    with store.transaction() as txn:
        txn.delete("win", "w-full", UPDATED)
    with store.transaction() as txn:
        txn.put(full_win())

    assert store.read().tombstones == ()
    assert store.read().wins == (full_win(),)


@pytest.mark.parametrize(
    "record",
    [
        Win(id="w", at=pendulum.naive(2026, 1, 1), day=DAY),
        Win(id="w", at=UPDATED, day=DAY, amount=float("nan")),
        Win(id="", at=UPDATED, day=DAY),
        Win(id="w", at=UPDATED, day=DAY, note="broken \ud800 text"),
    ],
    ids=["naive time", "nan amount", "empty id", "lone surrogate"],
)
def test_a_record_that_cannot_be_stored_raises_and_nothing_is_written(
    path: Path, record: Win
) -> None:
    with pytest.raises(ValueError, match="cannot store win"), Store(path).transaction() as txn:
        txn.put(record)
    assert not path.exists()


def test_a_transaction_without_changes_writes_nothing(path: Path) -> None:
    store = Store(path)
    with store.transaction() as txn:
        txn.put(full_win())
    before = path.stat()
    with store.transaction() as txn:
        txn.put(full_win())  # the same record again
        txn.set_settings(Settings())
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns


# --- migrations -------------------------------------------------------------------------------


def _shout(data: dict[str, Any]) -> dict[str, Any]:
    for day in data.get("days", {}).values():
        for doc in day.get("wins", []):
            doc["note"] = doc.get("note", "").upper()
    return data


def test_an_older_store_is_migrated_on_read_but_written_only_with_the_next_change(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(path).transaction() as txn:
        txn.put(Win(id="w1", at=UPDATED, day=DAY, note="quiet"))
    original = path.read_bytes()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", {SCHEMA_VERSION: _shout})

    store = Store(path)
    assert store.read().wins[0].note == "QUIET"
    with store.transaction() as txn:
        assert txn.snapshot.wins[0].note == "QUIET"
    assert path.read_bytes() == original

    with store.transaction() as txn:
        txn.put(Win(id="w2", at=UPDATED, day=DAY, note="new"))
    data = read_json(path)
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION + 1
    assert [d.get("note") for d in data["days"]["1"]["wins"]] == ["QUIET", "new"]


def test_a_missing_or_failing_migration_is_a_store_error(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(path).transaction() as txn:
        txn.put(Win(id="w1", at=UPDATED, day=DAY))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", {})
    with pytest.raises(StoreError, match="cannot upgrade"):
        Store(path).read()

    def broken(data: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("goals")

    monkeypatch.setattr(migrations, "MIGRATIONS", {SCHEMA_VERSION: broken})
    with pytest.raises(StoreError, match=f"could not be upgraded from schema {SCHEMA_VERSION}"):
        Store(path).read()


V1_STORE = {
    "meta": {"1": {"app": "smallwins", "schema_version": 1}},
    "goals": {"1": {"id": "g", "title": "Write", "kind": "check",
                    "created": "2026-03-29T00:30:00Z", "updated": "2026-03-29T00:30:00Z"}},
    "wins": {
        "1": {"id": "w1", "at": "2026-11-23T09:30:00Z", "day": "2026-11-23", "goal": "g"},
        "2": {"id": "w2", "at": "2026-11-24T09:30:00Z", "day": "2026-11-24", "note": "x"},
        "3": {"id": "w3", "at": "2026-11-24T10:30:00Z", "day": "2026-11-24"},
    },
    "days": {"7": {"date": "2026-11-24", "note": "a good day"}},
}  # fmt: skip


def test_a_schema_1_store_moves_its_wins_into_their_days_at_the_next_write(path: Path) -> None:
    path.write_bytes(orjson.dumps(V1_STORE))
    original = path.read_bytes()
    store = Store(path)

    snapshot = store.read()
    assert [(w.id, w.day.isoformat(), w.goal_id, w.note) for w in snapshot.wins] == [
        ("w2", "2026-11-24", None, "x"), ("w3", "2026-11-24", None, ""),
        ("w1", "2026-11-23", "g", ""),
    ]  # fmt: skip
    assert snapshot.day(DAY).note == "a good day"
    assert path.read_bytes() == original  # reading never rewrites a journal

    with store.transaction() as txn:
        txn.put(Day(DAY.subtract(days=1), note="new note"))
    data = read_json(path)
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION and "wins" not in data
    assert data["days"] == {
        "7": {"date": "2026-11-24", "note": "a good day", "wins": [
            {"id": "w2", "at": "2026-11-24T09:30:00Z", "note": "x"},
            {"id": "w3", "at": "2026-11-24T10:30:00Z"}]},
        "8": {"date": "2026-11-23", "note": "new note", "wins": [
            {"id": "w1", "at": "2026-11-23T09:30:00Z", "goal": "g"}]},
    }  # fmt: skip
    assert Store(path).read() == store.read()


def test_migrate_reports_whether_anything_changed() -> None:
    current = {"meta": {"1": {"app": "smallwins", "schema_version": SCHEMA_VERSION}}}
    assert migrations.migrate(current) == (current, False)


# --- the parsed file kept between transactions -----------------------------------------------


def test_a_transaction_sees_a_write_made_since_the_last_read(path: Path) -> None:
    mine, other = Store(path), Store(path)
    with mine.transaction() as txn:
        txn.put(Win(id="w1", at=UPDATED, day=DAY))
    assert [w.id for w in other.read().wins] == ["w1"]
    with other.transaction() as txn:  # another process writes
        txn.put(Win(id="w2", at=UPDATED, day=DAY))

    with mine.transaction() as txn:
        assert [w.id for w in txn.snapshot.wins] == ["w1", "w2"]
        txn.put(Win(id="w3", at=UPDATED, day=DAY))

    assert [w.id for w in Store(path).read().wins] == ["w1", "w2", "w3"]


def test_a_failed_transaction_leaves_no_trace_in_what_the_store_remembers(path: Path) -> None:
    store = Store(path)
    with store.transaction() as txn:
        txn.put(Win(id="w1", at=UPDATED, day=DAY))
    before = path.read_bytes()

    with pytest.raises(RuntimeError), store.transaction() as txn:
        txn.put(Win(id="w2", at=UPDATED, day=DAY))
        txn.put(Day(DAY, note="never"))
        txn.delete("win", "w1", UPDATED)
        raise RuntimeError("the user's change failed half way")

    assert path.read_bytes() == before
    assert [w.id for w in store.read().wins] == ["w1"] and store.read().days == ()
    with store.transaction() as txn:
        txn.put(Win(id="w3", at=UPDATED, day=DAY))
    assert Store(path).read() == store.read()
    assert [w.id for w in store.read().wins] == ["w1", "w3"]


def test_a_write_gives_a_snapshot_that_knows_what_changed(path: Path) -> None:
    store = Store(path)
    with store.transaction() as txn:
        txn.put(Win(id="w1", at=UPDATED, day=DAY, note="old"))
        txn.put(Win(id="w2", at=UPDATED, day=DAY))
    before = store.read()

    with store.transaction() as txn:
        assert txn.snapshot is before  # nothing re-read: the file did not change
        txn.put(Win(id="w1", at=UPDATED, day=DAY, note="new"))
        txn.put(Win(id="w3", at=UPDATED, day=DAY))
        txn.delete("win", "w2", UPDATED)
        txn.put(Win(id="w4", at=UPDATED, day=DAY))
        txn.delete("win", "w4", UPDATED)  # made and gone in one write: not in the delta
        txn.put(Day(DAY, note="n"))
        after = txn.snapshot

    delta = after.delta
    assert delta is not None and delta.previous() is before
    assert [w.note for w in delta.removed_wins if w.id == "w1"] == ["old"]
    assert {w.id for w in delta.removed_wins} == {"w1", "w2"}
    assert {(w.id, w.note) for w in delta.added_wins} == {("w1", "new"), ("w3", "")}
    assert delta.days_changed and not delta.pauses_changed and not delta.settings_changed
    assert store.read() is after


def test_a_win_moved_to_another_day_leaves_one_document_and_joins_the_other(path: Path) -> None:
    store = Store(path)
    monday, tuesday = DAY.subtract(days=1), DAY
    with store.transaction() as txn:
        for win_id in ("a", "b", "c"):
            txn.put(Win(id=win_id, at=UPDATED, day=monday))
        txn.put(Win(id="d", at=UPDATED, day=tuesday))
    with store.transaction() as txn:
        txn.put(Win(id="b", at=UPDATED, day=tuesday, note="moved"))  # back-dated the other way
        txn.put(Win(id="c", at=UPDATED, day=monday, note="edited"))
        txn.delete("win", "a", UPDATED)
        txn.put(Win(id="e", at=UPDATED, day=monday))

    days = {doc["date"]: [w["id"] for w in doc.get("wins", [])] for doc in docs(path, "days")}
    assert days == {monday.isoformat(): ["c", "e"], tuesday.isoformat(): ["d", "b"]}
    again = Store(path).read()
    assert set(again.wins) == set(store.read().wins)  # (a moved win's place may differ)
    assert {w.id: (w.day, w.note) for w in again.wins} == {
        "c": (monday, "edited"), "e": (monday, ""), "d": (tuesday, ""), "b": (tuesday, "moved"),
    }  # fmt: skip


AT = pendulum.datetime(2026, 11, 24, 9, 30, 15, 250_000, tz="UTC")


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            {"id": "w", "at": "2026-11-24T09:30:00Z"},
            Win("w", AT.replace(second=0, microsecond=0), DAY),
        ),
        (
            {
                "id": "w",
                "at": "2026-11-24T09:30:15.250000Z",
                "goal": "g",
                "amount": 3,
                "note": "ok 🎉",
            },
            Win("w", AT, DAY, "g", 3.0, "ok 🎉"),
        ),
        (
            {"id": "w", "at": "2026-11-24T10:30:15.250+01:00", "amount": 0.5},
            Win("w", AT, DAY, amount=0.5),
        ),
        (
            {"id": "w", "at": "2026-11-24T09:30:15.25Z", "created": "2026-11-24T09:30:15.25Z"},
            Win("w", AT, DAY, created=AT),
        ),
    ],
    ids=["plain", "goal-amount-note", "offset", "created"],
)
def test_decoded_wins_are_ordinary_frozen_wins(
    path: Path, doc: dict[str, Any], expected: Win
) -> None:
    # Most wins are decoded by a fast path that skips the dataclass's own constructor: what it
    # gives must be indistinguishable from a `Win` built the usual way.
    path.write_bytes(orjson.dumps({
        "meta": {"1": {"app": "smallwins", "schema_version": SCHEMA_VERSION}},
        "days": {"1": {"date": DAY.isoformat(), "wins": [doc]}},
    }))  # fmt: skip

    (win,) = Store(path).read().wins

    assert type(win) is Win
    assert win == expected and hash(win) == hash(expected) and repr(win) == repr(expected)
    assert type(win.at) is pendulum.DateTime and win.at.timezone_name == "UTC"
    assert type(win.amount) is type(expected.amount)
    with pytest.raises(AttributeError):
        win.note = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("win_doc", "problem"),
    [
        ({"at": "2026-11-24T09:30:00Z"}, "'id' must be a non-empty string"),
        ({"id": "", "at": "2026-11-24T09:30:00Z"}, "'id' must be a non-empty string"),
        ({"id": "w", "at": "2026-11-24 09:30"}, "'at' must be an ISO-8601 time"),
        ({"id": "w", "at": "2026-11-24T09:30:00"}, "'at' must be an ISO-8601 time"),
        ({"id": "w", "at": "2026-11-24T09:30:00Z", "goal": ""}, "'goal' must be a non-empty"),
        ({"id": "w", "at": "2026-11-24T09:30:00Z", "amount": True}, "'amount' must be a number"),
        ({"id": "w", "at": "2026-11-24T09:30:00Z", "amount": "3"}, "'amount' must be a number"),
        ({"id": "w", "at": "2026-11-24T09:30:00Z", "note": 3}, "'note' must be a string"),
        ("w", "it must be an object"),
    ],
)
def test_a_malformed_win_is_named_with_what_is_wrong(
    path: Path, win_doc: object, problem: str
) -> None:
    good = {"id": "ok", "at": "2026-11-24T08:00:00Z"}
    path.write_bytes(orjson.dumps({
        "meta": {"1": {"app": "smallwins", "schema_version": SCHEMA_VERSION}},
        "days": {"7": {"date": DAY.isoformat(), "wins": [good, win_doc]}},
    }))  # fmt: skip
    before = path.read_bytes()

    with pytest.raises(StoreError, match=f"days record 7 is malformed: win 2: {problem}"):
        Store(path).read()
    assert path.read_bytes() == before


def test_new_ids_are_sixteen_hex_digits_and_do_not_repeat() -> None:
    ids = [new_id() for _ in range(10_000)]

    assert all(len(i) == 16 and int(i, 16) >= 0 for i in ids)
    assert len(set(ids)) == len(ids)


def test_wins_of_one_goal_share_one_id_string(path: Path) -> None:
    # The JSON parser makes a string per occurrence; ten years of wins would keep ~75,000.
    with Store(path).transaction() as txn:
        for n in range(3):
            txn.put(Win(f"w{n}", AT, DAY.add(days=n), goal_id="a-goal-id"))

    first, *others = Store(path).read().wins

    assert all(win.goal_id is first.goal_id for win in others)
