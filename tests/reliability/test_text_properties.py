"""Arbitrary text through the command line and the dashboard's forms: nothing crashes, what is
stored is what was typed (surrounding space trimmed), control characters are refused with a
message, and what is shown is literal."""

from __future__ import annotations

import asyncio
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input, Static

from smallwins_tui import cli
from smallwins_tui.app import make_app
from smallwins_tui.demo import DEMO_NOW
from smallwins_tui.domain.clock import Clock
from smallwins_tui.domain.models import NOTE_MAX, TITLE_MAX
from smallwins_tui.screens.forms import AskScreen
from smallwins_tui.store import Store
from smallwins_tui.widgets.win_list import WinList

NASTY = [
    "[bold red]x[/]",
    "[/ x",
    "[link=file:///etc]y[/link]",
    "$title {0} %s \\",
    "\x1b[31mred\x1b[0m",
    "nul\x00byte",
    "bell\x07",
    "مرحبا بالعالم",
    "e\u0301 a\u0308 \u200d",
    "🎉👩‍👩‍👧 ✔",
    "tab\tand\nnewline",
    "x" * 10_000,
    "y" * (NOTE_MAX + 1),
]
texts = st.one_of(st.sampled_from(NASTY), st.text(min_size=0, max_size=300))


def has_control(text: str, *, multiline: bool) -> bool:
    allowed = {"\n", "\t"} if multiline else set()
    return any(
        (unicodedata.category(ch) == "Cc" and ch not in allowed)
        or (not multiline and ch in "\u2028\u2029")
        for ch in text
    )


def run_cli(args: list[str], db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMALLWINS_NOW", DEMO_NOW.to_iso8601_string())
    monkeypatch.setenv("TZ", "Europe/London")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_log_stores_exactly_what_was_typed_or_says_why_not(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "props.json"
    db.unlink(missing_ok=True)
    # `--` ends the options, so a win such as "-5 kg" is text, as in any command line.
    code, out, err = run_cli(["log", "--json", "--", text], db, capsys)
    wanted = text.strip()
    if not wanted or has_control(wanted, multiline=True) or len(wanted) > NOTE_MAX:
        assert code == 1
        assert err.startswith("smallwins: ") and err.count("\n") == 1
        assert not db.exists() or Store(db).read().wins == ()
        return
    assert code == 0, err
    assert json.loads(out)["win"]["note"] == wanted
    assert [w.note for w in Store(db).read().wins] == [wanted]
    code, out, err = run_cli(["today"], db, capsys)
    assert code == 0 and wanted.replace("\n", " ") in out


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=texts)
def test_goal_titles_are_stored_exactly_or_refused(
    title: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "titles.json"
    db.unlink(missing_ok=True)
    code, out, err = run_cli(["goal", "add", "--json", "--", title], db, capsys)
    wanted = title.strip()
    if not wanted or has_control(wanted, multiline=False) or len(wanted) > TITLE_MAX:
        assert code == 1 and err.count("\n") == 1
        return
    assert code == 0, err
    assert [g.title for g in Store(db).read().goals] == [wanted]
    code, out, err = run_cli(["goal", "list"], db, capsys)
    assert code == 0 and wanted in out


async def _type_into_dashboard(db: Path, entries: list[str]) -> list[tuple[str, str]]:
    """Log each entry through the `w` form; returns (entry, error shown or '')."""
    app = make_app(Store(db), Clock.fixed(DEMO_NOW))
    outcomes = []
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        for entry in entries:
            await pilot.press("w")
            await pilot.pause()
            assert isinstance(app.screen, AskScreen)
            app.screen.query_one(Input).insert_text_at_cursor(entry)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen, AskScreen):
                error = str(app.screen.query_one(".ask-error", Static).render())
                outcomes.append((entry, error))
                await pilot.press("escape")
                await pilot.pause()
            else:
                outcomes.append((entry, ""))
        # Every logged win is drawn literally in Today's wins.
        shown = app.screen.query_one(WinList).titles()
    stored = [w.note for w in Store(db).read().wins]
    for entry, error in outcomes:
        wanted = entry.strip()
        if error:
            assert wanted not in stored or not wanted
        else:
            assert wanted in stored
            assert any(wanted.replace("\n", " ")[:40] in line for line in shown)
    return outcomes


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=st.lists(texts, min_size=1, max_size=8))
def test_the_win_form_takes_any_text_without_crashing(entries: list[str], tmp_path: Path) -> None:
    db = tmp_path / "form.json"
    db.unlink(missing_ok=True)
    outcomes = asyncio.run(_type_into_dashboard(db, entries))
    for entry, error in outcomes:
        if has_control(entry.strip(), multiline=False):  # the form is one line
            assert "control character" in error or "single line" in error
        elif not entry.strip():
            assert "cannot be empty" in error


def test_every_nasty_sample_through_the_win_form(tmp_path: Path) -> None:
    outcomes = asyncio.run(_type_into_dashboard(tmp_path / "nasty.json", NASTY))
    refused = {entry for entry, error in outcomes if error}
    assert refused == {
        "\x1b[31mred\x1b[0m",
        "nul\x00byte",
        "bell\x07",
        "tab\tand\nnewline",  # the form is a single line
        "y" * (NOTE_MAX + 1),
    }
