"""A unit after a number reads in the singular after exactly one."""

from __future__ import annotations

import pendulum
import pytest
from domain_builders import make_goal, snap

from smallwins_tui.domain.changes import adjust_today
from smallwins_tui.domain.models import GoalKind, Win
from smallwins_tui.domain.units import amount, number, singular, unit_after


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("words", "word"),
        ("glasses", "glass"),
        ("calories", "calorie"),
        ("minutes", "minute"),
        ("pages", "page"),
        ("houses", "house"),
        ("exercises", "exercise"),
        ("stories", "story"),
        ("boxes", "box"),
        ("dishes", "dish"),
        ("inches", "inch"),
        ("headaches", "headache"),
        ("potatoes", "potato"),
        ("shoes", "shoe"),
        ("people", "person"),
        ("quizzes", "quiz"),
        ("lbs", "lb"),
        ("push-ups", "push-up"),
        ("push ups", "push up"),
        ("cups of tea", "cup of tea"),
        ("Glasses", "Glass"),
        ("Children", "Child"),
        ("PEOPLE", "PERSON"),
        ("beaches", "beach"),
        ("coaches", "coach"),
        ("caches", "cache"),
        ("brownies", "brownie"),
        ("veggies", "veggie"),
        ("buses", "bus"),
        ("knives", "knife"),
        ("loaves", "loaf"),
        ("hrs", "hr"),
        ("mins", "min"),
        ("reps", "rep"),
    ],
)
def test_a_plural_unit_has_its_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


@pytest.mark.parametrize(
    "word",
    ["km", "kg", "s", "ms", "gas", "lens", "canvas", "glass", "bus", "status", "news", ""],
)
def test_a_singular_or_unchanging_unit_stays_as_it_is(word: str) -> None:
    assert singular(word) == word


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1, "glass"),
        (1.0, "glass"),
        (sum([0.1] * 10), "glass"),  # 0.9999999999999999, shown as 1
        (0, "glasses"),
        (2, "glasses"),
        (0.5, "glasses"),
        (1.5, "glasses"),
    ],
)
def test_a_number_that_reads_one_takes_the_singular(value: float, shown: str) -> None:
    assert unit_after(number(value), "glasses") == shown


def test_an_amount_reads_with_its_unit() -> None:
    assert amount(1, "glasses") == "1 glass"
    assert amount(8, "glasses") == "8 glasses"
    assert amount(1250, "words") == "1,250 words"
    assert amount(2.5, "km") == "2.5 km"
    assert amount(1, "") == "1"


def test_a_number_reads_with_thousands_and_at_most_two_decimals() -> None:
    assert number(12500) == "12,500"
    assert number(2.5) == "2.5"
    assert number(0.333333) == "0.33"
    assert number(3.0) == "3"


def test_every_step_of_a_count_goal_is_labelled_with_its_goal_and_unit() -> None:
    # The label is what `u` undoes: "Undone: Water +1 glass".
    goal = make_goal(kind=GoalKind.COUNT, target=8.0, unit="glasses")
    now = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
    today = now.date()

    def step(wins: tuple[Win, ...], delta: float) -> str:
        return adjust_today(snap((goal,), wins), goal, delta=delta, today=today, now=now).label

    logged = (Win("w", at=now, day=today, goal_id=goal.id, amount=2.0),)
    assert step((), 1) == "G +1 glass"  # the first win of the day
    assert step((), 2) == "G +2 glasses"
    assert step(logged, 1) == "G +1 glass"  # more on today's win
    assert step(logged, -1) == "G -1 glass"
    assert step(logged, -2) == "G -2 glasses"  # today's win is gone
