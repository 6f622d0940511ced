"""A contribution-graph heatmap of daily wins, drawn line by line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, cast

from pendulum import Date
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ..domain.heatmap import MONTH_NAMES, HeatmapData
from ..domain.models import WEEKDAY_NAMES

GLYPHS = ("·", "▪", "■", "▆", "█")
"""One glyph per level, so the levels read without colour (16 colours, NO_COLOR)."""
TODAY_MARK = "◂"
"""Drawn just right of today's cell (which keeps its level glyph, in the text colour)."""
LABEL_WIDTH = 4
"""Room for the weekday labels at the left ("Mon ")."""
CELL_WIDTHS = (3, 2, 1)
"""Columns per week, widest first: " ■■", " ■", "■"."""
LEGEND = "less " + " ".join(GLYPHS) + " more"
_T = TypeVar("_T")


class Heatmap(Widget, can_focus=True):
    """Weeks as columns, weekdays as rows, one cell per day shaded by its level.

    With a cursor, the arrow keys move it (up/down a day, left/right a week) and each move
    posts `DaySelected`. The cursor stays between the first day drawn and today.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--label",
        "heatmap--level-0",
        "heatmap--level-1",
        "heatmap--level-2",
        "heatmap--level-3",
        "heatmap--level-4",
        "heatmap--today",
        "heatmap--cursor",
        "heatmap--cursor-cell",
    }

    DEFAULT_CSS = """
    Heatmap {
        height: auto;
        width: 1fr;
        & > .heatmap--label { color: $text-muted; }
        & > .heatmap--level-0 { color: $text-muted 60%; }
        & > .heatmap--level-1 { color: $success 55%; }
        & > .heatmap--level-2 { color: $success 70%; }
        & > .heatmap--level-3 { color: $success 85%; }
        & > .heatmap--level-4 { color: $success; text-style: bold; }
        & > .heatmap--today { color: $foreground; text-style: bold; }
        & > .heatmap--cursor { color: $text-muted; text-style: bold; }
        & > .heatmap--cursor-cell { color: $accent; background: $accent; text-style: reverse; }
        &:focus > .heatmap--cursor { color: $accent; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "day before", show=False),
        Binding("down", "move(1)", "day after", show=False),
        Binding("left", "move(-7)", "week before", show=False),
        Binding("right", "move(7)", "week after", show=False),
    ]

    data: reactive[HeatmapData | None] = reactive(None, always_update=True, repaint=False)
    """What to draw; the screen computes it from the store (new levels in the same weeks
    redraw only the lines they change)."""
    cursor: reactive[Date | None] = reactive(None, repaint=False)
    """The selected day, or None for a heatmap without a cursor (a move redraws two lines)."""
    min_cell_width: reactive[int] = reactive(1, layout=True)
    """Columns per week at the least; with 2, fewer (the latest) weeks show rather than a
    squeezed grid."""
    show_legend: reactive[bool] = reactive(True, layout=True)
    """Whether the bottom line shows "◂ today   less · ▪ ■ ▆ █ more"."""

    @dataclass
    class DaySelected(Message):
        """The cursor moved to a day."""

        heatmap: Heatmap
        day: Date

        @property
        def control(self) -> Heatmap:
            """The heatmap that sent it."""
            return self.heatmap

    def __init__(
        self,
        data: HeatmapData | None = None,
        *,
        cursor: Date | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._places: dict[Date, tuple[int, int]] = {}
        self._first_weekday = 0
        self._first = 0  # the first week column drawn, kept while the cursor stays in view
        self._anchored = False
        self._frame: dict[str, Any] | None = None
        """What every line of the frame being drawn shares (styles, geometry); else None."""
        self.set_reactive(Heatmap.data, data)
        self._index(data)
        self.set_reactive(Heatmap.cursor, self._clamp(cursor))
        self.can_focus = cursor is not None

    # --- data and cursor ----------------------------------------------------------------------

    def _index(self, data: HeatmapData | None) -> None:
        """Where each day sits, built once per data rather than per drawn line."""
        self._places = {}
        if data is None:
            return
        for column, week in enumerate(data.weeks):
            for row, day in enumerate(week):
                if day is not None:
                    self._places[day] = (column, row)
        _, start_row = self._places.get(data.start, (0, 0))
        self._first_weekday = (data.start.weekday() - start_row) % 7
        self._anchored = False

    def watch_data(self, old: HeatmapData | None, data: HeatmapData | None) -> None:
        if (
            old is not None
            and data is not None
            and old.weeks is data.weeks  # (one object per range: see domain.heatmap)
            and old.today == data.today
            and (self._anchored or self.cursor is None)  # the weeks shown stay the same
        ):
            # The same days in the same places (a win logged, say): the lines whose levels
            # changed are drawn again, usually one, often none (a count that keeps its level).
            self._refresh_days(
                day
                for day in old.levels.keys() | data.levels.keys()
                if old.level_of(day) != data.level_of(day)
            )
            return
        self._index(data)
        clamped = self._clamp(self.cursor)
        if clamped != self.cursor:
            self.cursor = clamped
        self.refresh()

    def watch_cursor(self, old: Date | None, cursor: Date | None) -> None:
        self._refresh_cursor(old, cursor)
        if cursor is not None:
            self.post_message(self.DaySelected(self, cursor))

    def _refresh_cursor(self, old: Date | None, new: Date | None) -> None:
        """Redraw the lines of the old and new cursor; everything if the weeks shown scroll."""
        anchored, first = self._anchored, self._first
        if not anchored or self._window() != first or self.size.width <= LABEL_WIDTH:
            self.refresh()
            return
        self._refresh_days(day for day in (old, new) if day is not None)

    def _refresh_days(self, days: Iterable[Date]) -> None:
        """Redraw the lines of `days` (those drawn), and nothing if there are none."""
        rows = {place[1] for day in days if (place := self._places.get(day)) is not None}
        if rows:  # (refresh() without a region would draw every line)
            self.refresh(*(Region(0, 1 + row, self.size.width, 1) for row in rows))

    def show_data(self, data: HeatmapData, cursor: Date | None = None) -> None:
        """Draw `data` with the cursor on `cursor` (or where it was), in one step."""
        keep = cursor if cursor is not None else self.cursor
        self.set_reactive(Heatmap.data, data)
        self._index(data)
        self.cursor = self._clamp(keep)
        self.refresh()

    @property
    def last_day(self) -> Date | None:
        """The latest day the cursor may reach: today, or the end of the range."""
        data = self.data
        if data is None:
            return None
        return max(data.start, min(data.end, data.today))

    def _clamp(self, day: Date | None) -> Date | None:
        data, last = self.data, self.last_day
        if day is None or data is None or last is None:
            return day
        return max(data.start, min(last, day))

    def action_move(self, days: int) -> None:
        """Move the cursor by `days`, staying inside the drawn range."""
        data, last = self.data, self.last_day
        if data is None or last is None or self.cursor is None:
            return
        target = self.cursor.add(days=days)
        if data.start <= target <= last:
            self.cursor = target

    def on_click(self, event: events.Click) -> None:
        """Select the clicked day."""
        if self.cursor is None or self.data is None:
            return
        width = self.cell_width
        column = (event.x - LABEL_WIDTH + (width > 1)) // width + self._window()
        row = event.y - 1
        if event.x < LABEL_WIDTH - (width > 1) or not 0 <= row < 7:
            return
        weeks = self.data.weeks
        if 0 <= column < len(weeks) and (day := weeks[column][row]) is not None:
            self.cursor = self._clamp(day)

    # --- geometry -----------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 9 if self.show_legend else 8

    def get_content_width(self, container: Size, viewport: Size) -> int:
        weeks = len(self.data.weeks) if self.data else 0
        return LABEL_WIDTH + 2 * weeks

    @property
    def cell_width(self) -> int:
        """Columns per week: the widest that shows every week, else one."""
        return self._shared("cell_width", self._cell_width)

    def _cell_width(self) -> int:
        weeks = len(self.data.weeks) if self.data else 0
        width = self.size.width
        fits = next((w for w in CELL_WIDTHS if LABEL_WIDTH + w * weeks <= width), 1)
        return max(fits, self.min_cell_width)

    @property
    def visible_weeks(self) -> int:
        """How many week columns fit the widget's width."""
        return self._shared(
            "visible_weeks", lambda: max(1, (self.size.width - LABEL_WIDTH) // self.cell_width)
        )

    def _window(self) -> int:
        """The first week drawn: the latest weeks, scrolled just enough to show the cursor."""
        if self.data is None:
            return 0
        fit, total = self.visible_weeks, len(self.data.weeks)
        last = max(0, total - fit)
        if self.cursor is None:
            return last  # no cursor: always the latest weeks, whatever the width was before
        if not self._anchored:
            self._first, self._anchored = last, True
        first = min(self._first, last)
        place = self._places.get(self.cursor) if self.cursor is not None else None
        if place is not None:
            column = place[0]
            if column < first:
                first = column
            elif column >= first + fit:
                first = column - fit + 1
        self._first = first
        return first

    def first_column(self) -> int:
        """The first week column drawn (0 when every week fits)."""
        return self._window()

    # --- drawing ------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The lines of one frame share their styles and geometry: each is looked up once
        # (a look-up walks the CSS and the widget's ancestors).
        self._frame = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _shared(self, key: str, compute: Callable[[], _T]) -> _T:
        """`compute()`, once per frame while a frame is drawn."""
        frame = self._frame
        if frame is None:
            return compute()
        if key not in frame:
            frame[key] = compute()
        return cast(_T, frame[key])

    def _style(self, name: str, *, partial: bool = False) -> Style:
        return self._shared(
            f"{name}{partial}",
            lambda: self.get_component_rich_style(f"heatmap--{name}", partial=partial),
        )

    @property
    def _base(self) -> Style:
        """The widget's own style (its background), under every cell."""
        return self._shared("base", lambda: self.rich_style)

    def render_line(self, y: int) -> Strip:
        data = self.data
        width = self._shared("width", lambda: self.size.width)
        if data is None or width <= LABEL_WIDTH:
            return Strip.blank(width, self._base)
        first = self._shared("window", self._window)
        count = min(self.visible_weeks, len(data.weeks) - first)
        if y == 0:
            return self._month_line(data, first, count, width)
        if 1 <= y <= 7:
            return self._day_line(data, first, count, y - 1, width)
        if y == 8 and self.show_legend:
            return self._legend_line(data, count, width)
        return Strip.blank(width, self._base)

    def _month_line(self, data: HeatmapData, first: int, count: int, width: int) -> Strip:
        cells = [" "] * width
        labels = [(c, name) for c, name in data.month_labels if first <= c < first + count]
        if not labels or (labels[0][0] - first) * self.cell_width > 3:
            # Scrolled into a month: name it too, when the next label leaves room.
            day = next(d for d in data.weeks[first] if d is not None)
            labels.insert(0, (first, MONTH_NAMES[day.month - 1]))
        for column, name in labels:
            x = LABEL_WIDTH + (column - first) * self.cell_width
            if x + len(name) > width or any(c != " " for c in cells[max(0, x - 1) : x + len(name)]):
                continue  # two month starts too close together: keep the earlier label
            cells[x : x + len(name)] = list(name)
        return Strip([Segment("".join(cells), self._style("label"))], width)

    def _day_line(self, data: HeatmapData, first: int, count: int, row: int, width: int) -> Strip:
        base = self._base
        weekday = (self._first_weekday + row) % 7
        label = WEEKDAY_NAMES[weekday].title() if row % 2 == 0 else ""
        cell = self.cell_width
        glyphs = max(1, cell - 1)
        cursor = self._column_in_row(self.cursor, row, first)
        today = self._column_in_row(data.today, row, first)
        # Between two weeks sits one separator column: the cursor's brackets and the
        # today mark live there, so every cell keeps the glyph of its level.
        marks: dict[int, Segment] = {}
        if today is not None and 0 <= today < count:
            marks[today + 1] = Segment(TODAY_MARK, self._style("today"))
        if cursor is not None and 0 <= cursor < count:
            mark = self._style("cursor")
            marks[cursor], marks[cursor + 1] = Segment("[", mark), Segment("]", mark)
        pad = LABEL_WIDTH if cell == 1 else LABEL_WIDTH - 1
        segments = [Segment(f"{label:<{pad}}", self._style("label"))]
        # A plain separator is a space in the style of the cell after it (the levels only
        # colour their glyph), so a run of cells of one level is one segment: every segment
        # costs again in each step of drawing the line.
        text, style = "", base  # the run being gathered
        levels: dict[int, Style] = {}  # a style look-up costs more than drawing the cell
        level_of, last = data.levels.get, data.today
        for i, week in enumerate(data.weeks[first : first + count]):
            day = week[row]
            if day is None or day > last:
                cell_style, glyph = base, " " * glyphs
            else:
                level = level_of(day, 0)
                if level not in levels:
                    levels[level] = self._style(f"level-{level}")
                cell_style = levels[level]
                if i == today:
                    cell_style += self._style("today", partial=True)
                if cell == 1 and i == cursor:
                    cell_style += self._style("cursor-cell", partial=True)
                glyph = GLYPHS[level] * glyphs
            if cell > 1:
                if i in marks:
                    if text:
                        segments.append(Segment(text, style))
                    segments.append(marks[i])
                    text = ""
                else:
                    glyph = " " + glyph
            # (Styles of one frame are one object each: a cell marked today is a new one.)
            if text and cell_style is not style:
                segments.append(Segment(text, style))
                text = ""
            text, style = text + glyph, cell_style
        if text:
            segments.append(Segment(text, style))
        if cell > 1:
            segments.append(marks.get(count, Segment(" ", base)))
        return Strip(segments).adjust_cell_length(width, base)

    def _column_in_row(self, day: Date | None, row: int, first: int) -> int | None:
        """The drawn column of `day` when it sits in `row`."""
        place = self._places.get(day) if day is not None else None
        return place[0] - first if place is not None and place[1] == row else None

    def _legend_line(self, data: HeatmapData, count: int, width: int) -> Strip:
        base = self._base
        label = self._style("label")
        grid = min(width, LABEL_WIDTH + count * self.cell_width)
        legend: list[Segment] = [Segment("less ", label)]
        for level, glyph in enumerate(GLYPHS):
            legend += [Segment(glyph, self._style(f"level-{level}")), Segment(" ", base)]
        legend.append(Segment("more", label))
        today: list[Segment] = []
        if self.cell_width > 1 and data.start <= data.today <= data.end:
            today = [
                Segment(" " * (LABEL_WIDTH - 1), base),
                Segment(TODAY_MARK, self._style("today")),
                Segment(" today", label),
            ]
        if sum(s.cell_length for s in today + legend) + 2 > grid:
            today = []  # too narrow for both: the levels matter more
        pad = max(0, grid - sum(s.cell_length for s in today + legend))
        return Strip([*today, Segment(" " * pad, base), *legend]).adjust_cell_length(width, base)
