"""Data for the transfer tests: odd records an export must carry exactly, and applying a plan."""

from __future__ import annotations

import pendulum

from smallwins_tui.demo import DEMO_NOW
from smallwins_tui.domain.models import (
    Day,
    Goal,
    GoalKind,
    Milestone,
    Schedule,
    Snapshot,
    Win,
)
from smallwins_tui.transfer.importers import ImportPlan

TZ = "Europe/London"
NOW = DEMO_NOW
TODAY = NOW.date()
MARKUP = "[bold]not bold[/] [/ x *stars* _under_ `code` <b>tag</b> # not a heading &amp; \\ |"


def apply(snapshot: Snapshot, plan: ImportPlan) -> Snapshot:
    """The snapshot with the plan's records added, as a store transaction would."""
    goals = {g.id: g for g in snapshot.goals}
    wins = {w.id: w for w in snapshot.wins}
    days = {d.date: d for d in snapshot.days}
    pauses = {p.id: p for p in snapshot.pauses}
    for record in plan.puts:
        if isinstance(record, Goal):
            goals[record.id] = record
        elif isinstance(record, Win):
            wins[record.id] = record
        elif isinstance(record, Day):
            days[record.date] = record
        else:
            pauses[record.id] = record
    return Snapshot(
        tuple(goals.values()),
        tuple(wins.values()),
        tuple(days.values()),
        tuple(pauses.values()),
        snapshot.tombstones,
        snapshot.settings,
    )


def odd_records() -> list[Goal | Win | Day]:
    """Records with every optional field and text that looks like markup."""
    created = pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Berlin")
    goal = Goal(
        id="g-odd",
        title="Odd " + MARKUP,
        created=created,
        updated=created,
        kind=GoalKind.COUNT,
        why="because\tI said so",
        anchor="after coffee ☕",
        tiny="one",
        target=2.5,
        unit="km",
        schedule=Schedule.on_days([0, 2, 4]),
        parent_id="demo-write",
        total=1000,
        milestones=(Milestone("m1", "first", TODAY), Milestone("m2", "[b]")),
        archived=True,
        position=7,
    )
    late = pendulum.datetime(2026, 11, 20, 1, 30, tz=TZ)  # counts for the 19th
    return [
        goal,
        Win("w-odd", late, pendulum.date(2026, 11, 19), "g-odd", 0.75, "two\nlines " + MARKUP),
        Win("w-free", NOW.subtract(days=3), TODAY.subtract(days=3), None, None, MARKUP),
        Day(TODAY.subtract(days=2), note="# heading?\n- list?\n1. numbered " + MARKUP),
        Day(TODAY.subtract(days=40), rest_goals=frozenset({"demo-write"})),
    ]
