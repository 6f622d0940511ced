"""Screen switches and theme changes against the stylesheet: styles right, no needless re-parse.

Textual re-parses every stylesheet source from scratch (its parse cache starts empty) when a
screen brings CSS of its own and when a mode's first screen is shown (Textual #5210/#5211):
three full parses, ~30–40 ms, at the first visit of Goals and of History. The screens' rules
are loaded with the app's, and a new screen starts with the app's stylesheet as it is.
"""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot

from smallwins_tui.app import SmallWinsApp, make_app
from smallwins_tui.domain.clock import Clock
from smallwins_tui.domain.models import Settings
from smallwins_tui.store import Store


@pytest.fixture
def reparses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per full re-parse of the app's stylesheet."""
    calls: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        calls.append(len(self.source))
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return calls


def background(app: SmallWinsApp) -> Color:
    return app.screen.styles.background


def theme_background(app: SmallWinsApp, name: str = "") -> Color:
    """The background a theme (the app's own by default) gives screens."""
    theme = app.get_theme(name) if name else app.current_theme
    assert theme is not None
    return Color.parse(theme.to_color_system().generate()["background"])


async def show(pilot: Pilot[None], key: str, screen: str) -> None:
    await pilot.press(key)
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == screen


async def test_first_visits_of_goals_and_history_parse_no_css_again(
    demo_app: SmallWinsApp, reparses: list[int]
) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(demo_app.screen).__name__ == "TodayScreen"
        assert reparses == []
        await show(pilot, "2", "GoalsScreen")
        # The screens' own rules apply: the detail's padding and border from goals.tcss …
        detail = demo_app.screen.query_one("#goal-detail")
        assert (detail.styles.padding.left, detail.styles.border_left[0]) == (2, "vkey")
        await show(pilot, "3", "HistoryScreen")
        await show(pilot, "1", "TodayScreen")
        await show(pilot, "3", "HistoryScreen")
        assert reparses == []
        # … and History's one-line top from history.tcss.
        assert demo_app.screen.query_one("#history-top").size.height == 1


async def test_a_theme_change_reaches_screens_shown_before_and_after_it(
    demo_app: SmallWinsApp, reparses: list[int]
) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await show(pilot, "2", "GoalsScreen")  # built before the change
        await show(pilot, "1", "TodayScreen")
        dark = background(demo_app)
        demo_app.theme = "textual-light"
        await pilot.pause()
        assert reparses  # a theme change re-parses: its variables are new
        assert background(demo_app) == theme_background(demo_app) != dark
        await show(pilot, "2", "GoalsScreen")
        assert background(demo_app) == theme_background(demo_app)
        await show(pilot, "3", "HistoryScreen")  # built after it
        assert background(demo_app) == theme_background(demo_app)


async def test_the_theme_saved_in_the_store_colours_every_screen(
    store: Store, clock: Clock
) -> None:
    with store.transaction() as tx:
        tx.set_settings(Settings(theme="textual-light"))
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        assert background(app) == theme_background(app) != theme_background(app, "textual-dark")
        for key, screen in (("2", "GoalsScreen"), ("3", "HistoryScreen"), ("1", "TodayScreen")):
            await show(pilot, key, screen)
            assert background(app) == theme_background(app)
