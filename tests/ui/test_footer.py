"""The footer shows each screen's keys, and is rebuilt only when they change."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from smallwins_tui.app import SmallWinsApp
from smallwins_tui.widgets.footer import KeysFooter


def footer_keys(app: SmallWinsApp) -> list[FooterKey]:
    return list(app.screen.query_one(KeysFooter).query(FooterKey))


def descriptions(app: SmallWinsApp) -> list[str]:
    return [key.description for key in footer_keys(app)]


async def test_the_footer_follows_the_screen_and_is_kept_while_its_keys_stay(
    demo_app: SmallWinsApp,
) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        today_keys = footer_keys(demo_app)
        assert "done" in descriptions(demo_app)

        for key in ("j", "j", "k"):  # moves the highlight: the same keys apply
            await pilot.press(key)
        demo_app.screen.refresh_bindings()  # what a focus change or a refreshed action sends
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(demo_app) == today_keys  # the very same widgets: not rebuilt

        await pilot.press("2")
        await pilot.pause()
        assert "done" not in descriptions(demo_app)
        assert descriptions(demo_app)  # the Goals screen's own keys

        await pilot.press("1")
        await pilot.pause()
        assert "done" in descriptions(demo_app)
