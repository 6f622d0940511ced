"""The list of today's wins on Today: one widget drawing every line."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from smallwins_tui.widgets.win_list import WHEN_WIDTH, WinList

EMPTY = "No wins yet today."


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield WinList()


async def test_each_win_is_a_line_with_its_time_right_aligned() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        wins = app.query_one(WinList)
        wins.show([("[b]tidy[/b]", "just now"), ("x" * 60, "5 minutes ago")], "", empty=EMPTY)
        await pilot.pause()
        first, second = wins.lines()
        assert first == "★ [b]tidy[/b]".ljust(40 - WHEN_WIDTH) + "just now".rjust(WHEN_WIDTH)
        assert second == "★ " + "x" * (40 - WHEN_WIDTH - 4) + "… " + " 5 minutes ago"
        assert wins.titles() == ["★ [b]tidy[/b]", "★ " + "x" * 22 + "…"]
        assert wins.size.height == 2


async def test_no_win_says_so_and_the_rest_are_counted() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        wins = app.query_one(WinList)
        wins.show([], "", empty=EMPTY)
        await pilot.pause()
        assert wins.lines() == [EMPTY]
        assert wins.titles() == []
        wins.show([("walk", "just now")], "and 3 more today", empty=EMPTY)
        await pilot.pause()
        assert wins.lines()[1:] == ["and 3 more today"]
        assert wins.size.height == 2


async def test_a_new_layout_only_when_the_number_of_lines_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        wins = app.query_one(WinList)
        layouts: list[bool] = []
        refresh = WinList.refresh

        def counted(widget: WinList, *args: Any, layout: bool = False, **kwargs: Any) -> Any:
            layouts.append(layout)
            return refresh(widget, *args, layout=layout, **kwargs)

        monkeypatch.setattr(WinList, "refresh", counted)
        wins.show([("a", "just now")], "", empty=EMPTY)  # one line, as the empty list
        wins.show([("b", "just now")], "", empty=EMPTY)
        wins.show([("b", "just now")], "", empty=EMPTY)  # the same: not drawn again
        wins.show([("c", "just now"), ("b", "1 minute ago")], "", empty=EMPTY)
        assert layouts == [False, False, True]
        await pilot.pause()
        assert wins.titles() == ["★ c", "★ b"]
