"""The journal: notes by day, newest first, filtered by a search text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

SHOWN = 200
"""Notes listed at once; a search narrows the rest down."""
NOTE_PREVIEW = 400
"""Characters of a long note shown in the list (the day panel shows all of it)."""


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text`, ignoring case."""
    spans: list[tuple[int, int]] = []
    if not query:
        return spans
    haystack, needle = text.casefold(), query.casefold()
    if len(haystack) != len(text):
        return spans  # casefold changed the length (ß -> ss): no safe offsets to underline
    start = haystack.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return spans


class Journal(Vertical):
    """A search field over the notes, and the notes that match it, newest first."""

    DEFAULT_CSS = """
    Journal {
        height: auto;
        & > #journal-title { text-style: bold; }
        & > Input { margin: 0; }
        & > OptionList { height: auto; max-height: 16; }
    }
    """

    @dataclass
    class DayChosen(Message):
        """The user picked a note: show its day."""

        journal: Journal
        day: Date

        @property
        def control(self) -> Journal:
            """The journal that sent it."""
            return self.journal

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entries: Sequence[tuple[Date, str]] = ()
        self._folded: list[str] = []
        self._shown: list[Date] = []

    def compose(self) -> ComposeResult:
        yield Static("Journal", id="journal-title", markup=False)
        yield Input(placeholder="search the journal  ( / )", id="journal-search", compact=True)
        yield OptionList(id="journal-list", compact=True)

    @property
    def search_text(self) -> str:
        """The search text as typed."""
        return self.query_one(Input).value.strip()

    @property
    def shown_days(self) -> list[Date]:
        """The days of the notes listed now, newest first."""
        return list(self._shown)

    def show_entries(self, entries: Sequence[tuple[Date, str]]) -> None:
        """Use these (day, note) pairs, newest first; keeps the search text."""
        if entries is self._entries:
            return
        self._entries = entries
        self._folded = [note.casefold() for _, note in entries]
        self._refill()

    def focus_search(self) -> None:
        """Put the cursor in the search field."""
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill()

    @on(Input.Submitted)
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._shown:
            listing = self.query_one(OptionList)
            listing.highlighted = 0
            listing.focus()

    @on(OptionList.OptionSelected)
    def _note_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.post_message(self.DayChosen(self, Date.fromisoformat(event.option_id)))

    def _refill(self) -> None:
        query = self.search_text
        folded = query.casefold()
        matches = [
            entry for entry, text in zip(self._entries, self._folded, strict=True) if folded in text
        ]
        self._shown = [day for day, _ in matches[:SHOWN]]
        options: list[Option] = [
            Option(_note_prompt(day, note, query), id=day.isoformat())
            for day, note in matches[:SHOWN]
        ]
        if len(matches) > SHOWN:
            rest = f"… {len(matches) - SHOWN:,} older notes: search to find them"
            options.append(Option(Content(rest).stylize("$text-muted"), disabled=True))
        if not matches:
            empty = "No notes match that search." if query else "No journal notes yet."
            options.append(Option(Content(empty).stylize("$text-muted"), disabled=True))
        self.query_one(OptionList).set_options(options)
        total = len(self._entries)
        title = f"Journal · {total:,} note{'s' * (total != 1)}"
        if query:
            title += f" · {len(matches):,} match \u201c{query}\u201d"
        self.query_one("#journal-title", Static).update(Content(title))


def _note_prompt(day: Date, note: str, query: str) -> Content:
    text = note if len(note) <= NOTE_PREVIEW else note[:NOTE_PREVIEW].rstrip() + "…"
    body = Content(text)
    for start, end in find_spans(text, query):
        body = body.stylize("bold underline $accent", start, end)
    return Content.assemble((f"{day.format('ddd D MMM YYYY'):<15}", "$text-muted"), "  ", body)
