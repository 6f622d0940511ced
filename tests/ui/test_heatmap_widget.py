"""The Heatmap widget alone: labels, one glyph per level, today, the cursor, the width it fits."""

from __future__ import annotations

import pendulum
import pytest
from pendulum import Date
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip

from smallwins_tui.domain.heatmap import HeatmapData, heatmap, last_weeks, year_range
from smallwins_tui.domain.models import Win
from smallwins_tui.widgets.heatmap import GLYPHS, LABEL_WIDTH, TODAY_MARK, Heatmap

TODAY = pendulum.date(2026, 11, 24)
"""A Tuesday, as in the demo."""


def wins_on(day: Date, n: int) -> list[Win]:
    """`n` wins on `day`."""
    at = pendulum.datetime(day.year, day.month, day.day, 12, tz="UTC")
    return [Win(id=f"{day}-{i}", at=at, day=day) for i in range(n)]


def year_data(wins: list[Win] | None = None) -> HeatmapData:
    """2026 seen on TODAY."""
    start, end = year_range(2026)
    return heatmap(wins or [], start, end, TODAY)


class MapApp(App[None]):
    """Just one heatmap, and the days it reported."""

    def __init__(self, data: HeatmapData, cursor: Date | None = None) -> None:
        super().__init__()
        self.data = data
        self.cursor = cursor
        self.selected: list[Date] = []

    def compose(self) -> ComposeResult:
        yield Heatmap(self.data, cursor=self.cursor)

    def on_heatmap_day_selected(self, event: Heatmap.DaySelected) -> None:
        self.selected.append(event.day)


def lines(widget: Heatmap) -> list[str]:
    """The text of every line the heatmap draws."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def cell(widget: Heatmap, day: Date, after: int = 0) -> str:
    """The character drawn for `day` (or `after` columns to its right)."""
    data = widget.data
    assert data is not None
    column = next(i for i, week in enumerate(data.weeks) if day in week)
    row = data.weeks[column].index(day)
    x = LABEL_WIDTH + (column - widget.first_column()) * widget.cell_width
    return widget.render_line(1 + row).text[x + after]


async def test_month_and_weekday_labels() -> None:
    app = MapApp(year_data())
    async with app.run_test(size=(120, 12)):
        drawn = lines(app.query_one(Heatmap))
        months = drawn[0].split()
        assert months == [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun",
            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]  # fmt: skip
        assert [drawn[row][:3] for row in (1, 3, 5, 7)] == ["Mon", "Wed", "Fri", "Sun"]
        assert drawn[2][:3].strip() == ""


async def test_weekday_labels_follow_the_week_start() -> None:
    start, end = year_range(2026)
    data = heatmap([], start, end, TODAY, week_start=6)
    app = MapApp(data)
    async with app.run_test(size=(120, 12)):
        drawn = lines(app.query_one(Heatmap))
        assert [drawn[row][:3] for row in (1, 3, 5, 7)] == ["Sun", "Tue", "Thu", "Sat"]


async def test_each_level_has_its_own_glyph_and_today_is_marked() -> None:
    days = [pendulum.date(2026, 3, d) for d in (2, 3, 4, 5, 6)]
    wins = [w for n, day in enumerate(days) for w in wins_on(day, n)]
    app = MapApp(year_data(wins))
    async with app.run_test(size=(120, 12)):
        widget = app.query_one(Heatmap)
        assert widget.data is not None
        assert [widget.data.level_of(day) for day in days] == [0, 1, 2, 3, 4]
        assert [cell(widget, day) for day in days] == list(GLYPHS)
        assert len(set(GLYPHS)) == 5
        assert cell(widget, TODAY) == GLYPHS[0]  # today keeps its level, and is marked
        assert cell(widget, TODAY, after=1) == TODAY_MARK
        assert cell(widget, TODAY.add(days=1)) == " "  # the future stays empty
        assert "less · ▪ ■ ▆ █ more" in lines(widget)[8]
        assert "◂ today" in lines(widget)[8]
        assert sum(line.count(TODAY_MARK) for line in lines(widget)[1:8]) == 1


async def test_arrows_move_the_cursor_and_post_the_day() -> None:
    start = pendulum.date(2026, 6, 10)
    app = MapApp(year_data(), cursor=start)
    async with app.run_test(size=(120, 12)) as pilot:
        widget = app.query_one(Heatmap)
        assert widget.has_focus
        for key in ("down", "down", "up", "right", "left", "left"):
            await pilot.press(key)
        await pilot.pause()
        assert widget.cursor == pendulum.date(2026, 6, 4)
        assert app.selected[-1] == pendulum.date(2026, 6, 4)
        assert app.selected[:2] == [pendulum.date(2026, 6, 11), pendulum.date(2026, 6, 12)]
        # Sunday + 1 is the Monday of the next week (the next column)
        widget.cursor = pendulum.date(2026, 6, 14)
        await pilot.press("down")
        assert widget.cursor == pendulum.date(2026, 6, 15)


async def test_the_cursor_stays_between_the_first_day_and_today() -> None:
    app = MapApp(year_data(), cursor=pendulum.date(2026, 1, 2))
    async with app.run_test(size=(120, 12)) as pilot:
        widget = app.query_one(Heatmap)
        await pilot.press("up", "up", "left")
        assert widget.cursor == pendulum.date(2026, 1, 1)
        widget.cursor = TODAY.subtract(days=1)
        await pilot.press("down", "down", "right")
        assert widget.cursor == TODAY
        widget.show_data(year_data(), pendulum.date(2026, 12, 25))
        assert widget.cursor == TODAY


async def test_the_cursor_is_bracketed_and_a_click_selects_a_day() -> None:
    app = MapApp(year_data(), cursor=pendulum.date(2026, 6, 10))
    async with app.run_test(size=(120, 12)) as pilot:
        widget = app.query_one(Heatmap)
        assert widget.cell_width == 2
        row = widget.render_line(3).text  # Wednesday
        assert row.count("[") == 1 and row.count("]") == 1
        assert row[row.index("[") + 2] == "]"
        column = next(i for i, w in enumerate(widget.data.weeks) if TODAY in w)  # type: ignore[union-attr]
        await pilot.click(widget, offset=(LABEL_WIDTH + column * 2, 2))  # Tuesday row
        assert widget.cursor == TODAY
        assert cell(widget, TODAY, after=-1) + cell(widget, TODAY, after=1) == "[]"
        assert TODAY_MARK not in "".join(lines(widget)[1:8])  # the brackets say enough


async def test_a_run_of_days_of_one_level_is_drawn_as_one_segment() -> None:
    # Each segment costs again in every step of drawing a line, and a year has ~53 cells a
    # line: the separator before a cell takes that cell's style, so a run merges into one.
    mondays = [d for d in (TODAY.subtract(days=n) for n in range(300)) if d.day_of_week == 0]
    app = MapApp(year_data([w for day in mondays for w in wins_on(day, 1)]), cursor=TODAY)
    async with app.run_test(size=(120, 12)):
        widget = app.query_one(Heatmap)
        monday = widget.render_line(1)  # every Monday of the year: one level
        tuesday = widget.render_line(2)  # no wins but the future: level 0, then blanks
        level = widget.get_component_rich_style("heatmap--level-1")
        glyph_runs = [seg for seg in monday if GLYPHS[1] in seg.text]
        assert len(glyph_runs) == 1 and glyph_runs[0].style == level
        assert glyph_runs[0].text.count(GLYPHS[1]) == len(mondays)
        assert len(list(monday)) <= 8  # the label, two runs, what is left of the line (not 100)
        assert len(list(tuesday)) <= 10  # and the cursor's brackets
        assert f"[{GLYPHS[0]}]" in tuesday.text  # the cursor on today
        assert tuesday.text.count(GLYPHS[0]) == TODAY.day_of_year // 7 + 1


async def test_fits_sixty_columns_with_every_week() -> None:
    app = MapApp(year_data(), cursor=TODAY)
    async with app.run_test(size=(60, 12)):
        widget = app.query_one(Heatmap)
        assert widget.cell_width == 1
        assert widget.visible_weeks >= 53 and widget.first_column() == 0
        assert all(len(line) == 60 for line in lines(widget))
        assert lines(widget)[0].split()[-1] == "Dec"


async def test_fits_two_hundred_columns_with_wide_cells() -> None:
    app = MapApp(year_data(), cursor=TODAY)
    async with app.run_test(size=(200, 12)):
        widget = app.query_one(Heatmap)
        assert widget.cell_width == 3
        drawn = lines(widget)
        assert all(len(line) == 200 for line in drawn)
        assert drawn[8].rstrip().endswith("more")
        assert len(drawn[8].rstrip()) <= LABEL_WIDTH + 3 * len(widget.data.weeks)  # type: ignore[union-attr]


async def test_a_narrow_heatmap_scrolls_to_keep_the_cursor_in_view() -> None:
    app = MapApp(year_data(), cursor=TODAY)
    async with app.run_test(size=(40, 12)) as pilot:
        widget = app.query_one(Heatmap)
        assert widget.visible_weeks < 53
        assert widget.first_column() > 0
        assert widget.cell_width == 1 and cell(widget, TODAY) == GLYPHS[0]
        widget.cursor = pendulum.date(2026, 1, 5)
        await pilot.pause()
        assert widget.first_column() == 1  # the week of 5 January, the first column drawn
        assert cell(widget, pendulum.date(2026, 1, 5)) == GLYPHS[0]
        first = widget.first_column()
        await pilot.press("right")  # moving inside the view does not scroll it
        assert widget.first_column() == first


async def test_without_a_cursor_it_shows_the_latest_weeks_and_ignores_keys() -> None:
    start, _ = last_weeks(TODAY, 26)
    data = heatmap(wins_on(TODAY, 2), start, TODAY, TODAY)
    app = MapApp(data)
    async with app.run_test(size=(30, 12)) as pilot:
        widget = app.query_one(Heatmap)
        assert not widget.can_focus
        assert cell(widget, TODAY) == GLYPHS[1]  # the latest week is in view
        await pilot.press("left")
        assert widget.cursor is None and app.selected == []
        widget.show_legend = False
        await pilot.pause()
        assert widget.size.height == 8


def count_drawn_lines(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lines every heatmap draws from now on, by number."""
    drawn: list[int] = []
    render_line = Heatmap.render_line

    def counted(widget: Heatmap, y: int) -> Strip:
        drawn.append(y)
        return render_line(widget, y)

    monkeypatch.setattr(Heatmap, "render_line", counted)
    return drawn


async def test_a_cursor_move_redraws_only_the_lines_of_the_old_and_new_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = MapApp(year_data(wins_on(TODAY, 3)), cursor=TODAY)
    async with app.run_test(size=(120, 12)) as pilot:
        heatmap = app.query_one(Heatmap)
        heatmap.focus()
        await pilot.pause()
        drawn = count_drawn_lines(monkeypatch)

        await pilot.press("up")  # Tuesday -> Monday: rows 1 and 2 of the grid
        await pilot.pause()

        assert heatmap.cursor == TODAY.subtract(days=1)
        assert sorted(set(drawn)) == [1, 2]
        row = [line for line in lines(heatmap) if "[" in line]
        assert len(row) == 1 and row[0].startswith("Mon")
        drawn.clear()

        await pilot.press("left")  # a week back: the same line
        await pilot.pause()
        assert sorted(set(drawn)) == [1]


@pytest.mark.parametrize("cursor", [TODAY, None], ids=["with a cursor", "without"])
async def test_new_levels_in_the_same_weeks_redraw_only_their_lines(
    monkeypatch: pytest.MonkeyPatch, cursor: Date | None
) -> None:
    monday = TODAY.subtract(days=1)
    app = MapApp(year_data(wins_on(monday, 1) + wins_on(TODAY, 1)), cursor=cursor)
    async with app.run_test(size=(120, 12)) as pilot:
        widget = app.query_one(Heatmap)
        await pilot.pause()
        drawn = count_drawn_lines(monkeypatch)

        # A win logged today: Tuesday goes from level 1 to 4, Monday's level stays.
        widget.data = year_data(wins_on(monday, 1) + wins_on(TODAY, 9))
        await pilot.pause()
        assert sorted(set(drawn)) == [2]  # Tuesday's line only
        assert cell(widget, TODAY) == GLYPHS[4]
        assert cell(widget, monday) == GLYPHS[1]
        drawn.clear()

        # One more win keeps every level (Tuesday is the busiest already): nothing is drawn.
        widget.data = year_data(wins_on(monday, 1) + wins_on(TODAY, 10))
        await pilot.pause()
        assert drawn == []
        assert widget.data.count_of(TODAY) == 10 and cell(widget, TODAY) == GLYPHS[4]
        drawn.clear()

        # Another range (another year, say): everything is drawn again.
        start, end = year_range(2025)
        widget.data = heatmap(wins_on(monday, 1), start, end, TODAY)
        await pilot.pause()
        assert sorted(set(drawn)) == list(range(widget.size.height))


async def test_each_frame_looks_the_styles_up_again() -> None:
    # The lines of one frame share their style look-ups; a theme changed between two frames
    # shows in the second.
    app = MapApp(year_data(wins_on(TODAY, 3)), cursor=TODAY)
    async with app.run_test(size=(120, 12)) as pilot:
        widget = app.query_one(Heatmap)
        crop = Region(0, 0, widget.size.width, widget.size.height)

        def label_colour() -> object:
            return widget.get_component_rich_style("heatmap--label").color

        def drawn_label_colours() -> set[object]:
            line = widget.render_lines(crop)[1]  # Monday's line starts with its label
            return {seg.style.color for seg in line if "Mon" in seg.text and seg.style}

        first = label_colour()
        assert drawn_label_colours() == {first}
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()

        assert label_colour() != first
        assert drawn_label_colours() == {label_colour()}
