"""The smallwins dashboard: Today, Goals and History over one live store.

The app owns the store, the clock and every mutation. Screens ask it for changes; it writes
them through the store on a single background thread (so writes keep their order and the
event loop never waits on the disk) and reassigns `snapshot`, which every screen watches, as
soon as the change is decided under the store lock. The screens draw it while the file is
written; a write that fails puts the old snapshot back and says why.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from functools import partial
from pathlib import Path, PurePath
from typing import ClassVar, TypeVar

from pendulum import Date, DateTime
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from . import collector, wording
from .domain.celebrate import Celebration, celebrate
from .domain.changes import Change, inverse_of
from .domain.clock import Clock
from .domain.index_cache import forget
from .domain.models import Settings, Snapshot, ValidationError, Win
from .store import Store, StoreError
from .store.conflicts import conflict_copies, merge_file

T = TypeVar("T")

MODES = ("today", "goals", "history")
POLL_SECONDS = 0.5
"""How often the app looks for writes by other processes (and the day rolling over)."""
QUICK_START_BYTES = 1_500_000
"""A store file this large (two years or so of twenty goals a day) opens in two steps: Today
is drawn from the goals and the recent wins, then the whole journal is read on the store
thread and the history-wide figures (streaks) appear. A smaller file is read whole at once."""


CYCLE_COLLECTION_SECONDS = 10.0
"""How often the running dashboard looks for cyclic garbage besides after each change."""


class SmallWinsApp(App[None]):
    """The dashboard people keep open in a terminal pane all day."""

    # Every screen's rules (each rooted at its screen type) are parsed once, with the app's: a
    # screen's own CSS_PATH would make Textual parse every source again at its first visit.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        "screens/today.tcss",
        "screens/goals.tcss",
        "screens/history.tcss",
    ]
    TITLE = "smallwins"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1,t", "show('today')", "Today", show=False),
        Binding("2,g", "show('goals')", "Goals", show=False),
        Binding("3,h", "show('history')", "History", show=False),
        Binding("question_mark", "help", "help"),
        Binding("q", "quit", "quit", show=False),
    ]

    # No repaint: the screens watch these and redraw what changed. A repaint of the app would
    # draw the whole screen again at every key press (~13 ms at 120x40).
    snapshot: reactive[Snapshot] = reactive(Snapshot, always_update=True, init=False, repaint=False)
    """Everything in the store, as last read or written."""
    today: reactive[Date] = reactive(Date.today, init=False, repaint=False)
    """The local day now counts for (rolls over at the day-start hour)."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        poll_seconds: float = POLL_SECONDS,
        quick_start_bytes: int = QUICK_START_BYTES,
    ) -> None:
        self._loaded = False
        self._quick_start_bytes = quick_start_bytes
        super().__init__()
        self.store = store
        """The journal file; only the app writes to it."""
        self.clock = clock
        """Where "now" comes from (fixed in tests)."""
        self._poll_seconds = poll_seconds
        # One thread for all store work: writes happen in the order the user made them.
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smallwins-store")
        self._store_error: StoreError | None = None
        self._saved_theme = ""
        self._folder_key: int | None = None
        self._collector_paused = False
        """Whether this app paused the cycle collector (and gives it back on exit)."""
        self.conflict_copies: tuple[Path, ...] = ()
        """Sync conflict copies of the store beside it, as last looked for."""

    # --- start-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        for mode in MODES:
            self.add_mode(mode, partial(self._screen_for, mode))
        try:
            snapshot = self._first_read()
        except StoreError as err:
            self._show_store_error(err)
            return
        self._adopt(snapshot)
        self._apply_theme(snapshot.settings)
        self._loaded = True
        if snapshot.complete:
            self._settle_memory()
        else:
            # Once Today is on screen: decoding holds the GIL, and would hold up the first frame.
            self.call_after_refresh(self._read_the_rest)
        self.switch_mode("today")
        self.set_interval(self._poll_seconds, self._poll)
        self._look_for_copies()

    def _first_read(self) -> Snapshot:
        """The store whole, or for a large one only what Today shows (see QUICK_START_BYTES)."""
        from .screens.today import RECENT_WEEKS  # shown next: importing it now costs nothing

        # Today's weeks, and one more each side of them for the week start and time zones.
        since = self.clock.now().date().subtract(weeks=RECENT_WEEKS + 2)
        return self.store.read_recent(since, min_bytes=self._quick_start_bytes)

    def _read_the_rest(self) -> None:
        """Complete a quick first look with the whole journal, on the store thread."""
        # Queued there before any write (the first look cannot write): writes wait for it.
        self.run_worker(self._complete(), group="store", exit_on_error=False)

    async def _complete(self) -> None:
        snapshot = await self._read()
        if snapshot is None:
            return
        first_look = self.snapshot
        if not first_look.complete:  # (a reload may have completed it already)
            self.snapshot = snapshot
            forget(first_look)  # its index, kept for the next few look-ups, is of no more use
        self._settle_memory()

    def _settle_memory(self) -> None:
        """Keep the cycle collector out of key presses once the journal is loaded.

        The journal is most of what the process will ever hold, and it lives until the app
        ends: frozen, the collector never walks it (it paused a key press now and then for tens
        of milliseconds on a ten-year journal). What it still walks is what each change and
        each frame make, and left to itself it did so inside key presses (some eighty times in
        thirty presses, ~5 ms a press on a ten-year journal): it now runs after a change is
        drawn, and every CYCLE_COLLECTION_SECONDS.
        """
        gc.freeze()
        if not self._collector_paused:
            collector.pause()
            self._collector_paused = True
            self.set_interval(CYCLE_COLLECTION_SECONDS, self._collect_cycles)
            # Its first write then finds the file lock imported (on the store thread, now idle).
            self._io.submit(Store.prepare_to_write)

    def _collect_cycles(self, generation: int = 2) -> None:
        if self._collector_paused:
            gc.collect(generation)

    def _apply_theme(self, settings: Settings) -> None:
        self._saved_theme = settings.theme
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme

    def _adopt(self, snapshot: Snapshot) -> None:
        self.set_reactive(SmallWinsApp.today, self.clock.today(snapshot.settings.day_start_hour))
        self.snapshot = snapshot

    def _show_store_error(self, err: StoreError) -> None:
        from .screens.error import StoreErrorScreen

        self._store_error = err
        self.push_screen(StoreErrorScreen(err))

    # --- live updates -----------------------------------------------------------------------

    def _poll(self) -> None:
        """Pick up writes from other processes, and the day rolling over."""
        if self._store_error is not None:
            return
        today = self.clock.today(self.snapshot.settings.day_start_hour)
        if today != self.today:
            self.today = today
            self.snapshot = self.snapshot  # screens recompute everything for the new day
        if self.store.changed():
            self.run_worker(self._reload(), group="store", exit_on_error=False)
        self._look_for_copies()

    def _look_for_copies(self) -> None:
        """Tell the user about sync conflict copies that appear beside the store."""
        try:
            folder_key = os.stat(self.store.path.parent).st_mtime_ns
        except OSError:
            return
        if folder_key == self._folder_key:
            return
        self._folder_key = folder_key
        copies = tuple(conflict_copies(self.store.path))
        new = [copy for copy in copies if copy not in self.conflict_copies]
        self.conflict_copies = copies
        if new:
            more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
            self.notify(
                f"{new[0].name}{more} is beside your store: another machine changed it "
                "before the sync. Merge it with ctrl+p → Merge sync conflict copies.",
                title="Sync conflict copy",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def action_merge_copies(self) -> None:
        """Merge every conflict copy into the store; delete those merged without a clash."""
        self.run_worker(self._merge_copies(self.conflict_copies), group="store")

    async def _merge_copies(self, copies: tuple[Path, ...]) -> None:
        for copy in copies:
            try:
                report = await self.in_store_thread(partial(merge_file, self.store, copy))
            except StoreError as err:
                self.notify(str(err), title="Not merged", severity="error", markup=False)
                continue
            message = f"{copy.name}: {wording.merge_summary(report)}."
            if report.conflicts:
                # Keep the copy: its edits that lost are readable there and in the report.
                message += (
                    f" {wording.plural(len(report.conflicts), 'record')} edited on both "
                    f"copies kept the newer edit; the copy stays so `smallwins merge` can "
                    "list the others."
                )
            else:
                with suppress(OSError):
                    await self.in_store_thread(copy.unlink)
                    message += " The copy was deleted: all of it is in the store."
            self.notify(message, title="Merged", markup=False, timeout=10)
        self._folder_key = None
        self._look_for_copies()
        await self._reload()

    async def _reload(self) -> None:
        self._collect_cycles()  # (quick: the journal is frozen) so that no garbage is frozen
        snapshot = await self._read()
        if snapshot is not None and snapshot is not self.snapshot:
            if self._collector_paused:
                # The file was read again whole: the new journal is frozen as the first one
                # was, or each collection from now on would walk it (~300,000 objects).
                gc.freeze()
            self.snapshot = snapshot

    async def _read(self) -> Snapshot | None:
        """The whole store, read on the store thread; None (and the error screen) if it fails."""
        try:
            return await self.in_store_thread(self.store.read)
        except StoreError as err:
            self._show_store_error(err)
            return None

    async def in_store_thread(self, work: Callable[[], T]) -> T:
        """Run blocking store work on the store thread and wait for it without blocking."""
        return await asyncio.get_running_loop().run_in_executor(self._io, work)

    # --- mutations ------------------------------------------------------------------------

    def apply(
        self,
        make: Callable[[Snapshot, Date, DateTime], Change],
        *,
        done: Callable[[Change], None] | None = None,
        celebrate: bool = True,
    ) -> None:
        """Write the change `make` builds from the fresh store; `done` gets its inverse (undo).

        `make` runs under the store lock with the current file, so a value that breaks a rule
        raises `ValidationError` there and nothing is written; the user sees the reason.
        """
        self.run_worker(self._apply(make, done, celebrate), group="store", exit_on_error=False)

    async def _apply(
        self,
        make: Callable[[Snapshot, Date, DateTime], Change],
        done: Callable[[Change], None] | None,
        cheer: bool,
    ) -> None:
        now, today = self.clock.now(), self.today
        loop = asyncio.get_running_loop()
        shown: list[Snapshot] = []  # (before, after) once drawn ahead of the write's end

        def show(before: Snapshot, after: Snapshot) -> None:
            shown[:] = [before, after]
            self.snapshot = after

        def show_soon(before: Snapshot, after: Snapshot) -> None:
            with suppress(RuntimeError):  # the loop is gone: the file is written all the same
                loop.call_soon_threadsafe(show, before, after)

        def write() -> tuple[Snapshot, Snapshot, Change]:
            with self.store.transaction() as tx:
                before = tx.snapshot
                change = make(before, self.clock.today(before.settings.day_start_hour), now)
                for kind, record_id in change.deletes:
                    tx.delete(kind, record_id, now)
                for record in change.puts:
                    tx.put(record)
                after = tx.snapshot
                # The screens draw the change while the file is written (the disk's wait
                # leaves the interpreter free; a third of a key press on a big journal).
                tx.before_write = partial(show_soon, before, after)
                return before, after, change

        def aftermath(before: Snapshot, after: Snapshot) -> tuple[Change, list[Celebration]]:
            # On the store thread too: this walks the history, and the loop must stay free.
            undo = inverse_of(change, before, after)
            new_wins = [
                win
                for win in change.puts
                if cheer and isinstance(win, Win) and ("win", win.id) in undo.deletes
            ]
            return undo, [celebrate(before, after, win, today) for win in new_wins]

        try:
            before, after, change = await self.in_store_thread(write)
        except (ValidationError, LookupError) as err:
            self.notify(str(err), title="Not saved", severity="warning", markup=False)
            return
        except StoreError as err:
            self._take_back(shown)
            self.notify(str(err), title="Could not save", severity="error", markup=False)
            return
        except Exception:
            self._take_back(shown)
            raise
        if after is not self.snapshot:
            self.snapshot = after
        # The screens draw the change first; the words follow.
        drawn = asyncio.Event()
        self.call_after_refresh(drawn.set)
        await drawn.wait()
        self._collect_cycles(1)  # what the change made, now that nothing waits for a frame
        undo, parties = await self.in_store_thread(partial(aftermath, before, after))
        if change and done is not None:
            done(undo)
        for party in parties:
            self.celebrate(party)

    def _take_back(self, shown: list[Snapshot]) -> None:
        """Put back the store as it was when a change on screen could not be written."""
        if shown and self.snapshot is shown[1]:  # (not when a later change replaced it)
            self.snapshot = shown[0]

    def save_settings(self, settings: Settings) -> None:
        """Write new settings (the theme, the day start) to the store."""

        def write() -> Snapshot:
            with self.store.transaction() as tx:
                tx.set_settings(settings)
                return tx.snapshot

        async def run() -> None:
            try:
                self.snapshot = await self.in_store_thread(write)
            except StoreError as err:
                self.notify(str(err), title="Could not save", severity="error", markup=False)

        self.run_worker(run(), group="store", exit_on_error=False)

    def celebrate(self, party: Celebration) -> None:
        """Say something kind about a win: on Today in place of its prompt, elsewhere a toast,
        and on the big stage for big moments."""
        if party.big:
            from .widgets.celebration import CelebrationBanner

            for old in self.screen.query(CelebrationBanner):
                old.close()
            self.screen.mount(CelebrationBanner(party))
            return
        from .screens.today import TodayScreen

        if isinstance(self.screen, TodayScreen):
            self.screen.cheer(party.message)
        else:
            self.notify(party.message, title="★ Small win", markup=False, timeout=4)

    async def on_event(self, event: events.Event) -> None:
        # Any key closes a celebration and still does its usual work.
        if isinstance(event, events.Key):
            from .widgets.celebration import CelebrationBanner

            for banner in self.screen.query(CelebrationBanner):
                banner.close()
        await super().on_event(event)

    def _screen_for(self, mode: str) -> Screen[None]:
        """Build a mode's screen, importing its module only when it is first shown."""
        module = importlib.import_module(f".screens.{mode}", __package__)
        screen: Screen[None] = getattr(module, f"{mode.title()}Screen")()
        # A new screen has no styles yet: they are worked out from the stylesheet as it is
        # now when it mounts. Textual still marks it out of date (it starts at -1), and the
        # first switch to it re-parsed every CSS source from scratch twice and restyled the
        # whole app (Textual #5211: "could be improved … avoiding a CSS refresh when not
        # strictly required"): ~30 ms at the first visit of Goals and of History.
        screen._css_update_count = self._css_update_count
        return screen

    # --- navigation and commands ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Screen switching and help wait while a form or message is open."""
        if action in ("show", "help") and isinstance(self.screen, ModalScreen):
            return False
        return not (action == "show" and self._store_error is not None)

    def action_show(self, mode: str) -> None:
        """Switch to one of the three screens."""
        if mode in MODES and self.current_mode != mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        """Show every key."""
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def watch_theme(self, theme: str) -> None:
        if self._loaded and self._store_error is None and theme != self._saved_theme:
            self._saved_theme = theme
            current = self.snapshot.settings
            self.save_settings(Settings(current.day_start_hour, current.week_start, theme))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: the app's own commands first, then Textual's."""
        if self._store_error is not None:
            yield from super().get_system_commands(screen)
            return
        yield SystemCommand("Log a win", "Log a free-standing small win", self.action_log_win)
        yield SystemCommand("Add a goal", "Add a goal or micro-goal", self.action_add_goal)
        yield SystemCommand("Jump to a date", "Show a day in History", self.action_jump_to_date)
        if self.conflict_copies:
            which = "copy" if len(self.conflict_copies) == 1 else "copies"
            yield SystemCommand(
                "Merge sync conflict copies",
                f"Merge the conflict {which} beside the store into it",
                self.action_merge_copies,
            )
        for mode in MODES:
            yield SystemCommand(
                mode.title(), f"Show the {mode.title()} screen", lambda m=mode: self.action_show(m)
            )
        yield from super().get_system_commands(screen)

    def action_log_win(self) -> None:
        """Ask for a free-standing win and log it."""
        from .screens.forms import LogWinScreen

        def logged(text: str | None) -> None:
            if text is not None:
                self.log_free_win(text)

        self.push_screen(LogWinScreen(), logged)

    def log_free_win(self, text: str, *, done: Callable[[Change], None] | None = None) -> None:
        """Log a win that belongs to no goal."""
        from .domain.commands import new_win

        def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
            win = new_win(snapshot, now=now, today=today, text=text)
            return Change((win,), label="win logged")

        self.apply(make, done=done)

    def action_add_goal(self) -> None:
        """Open the Goals screen's form for a new goal."""
        self.action_show("goals")
        self.call_after_refresh(self._run_on_goals, "add")

    def _run_on_goals(self, action: str) -> None:
        screen = self.screen
        if hasattr(screen, f"action_{action}"):
            getattr(screen, f"action_{action}")()

    def action_jump_to_date(self) -> None:
        """Ask for a date and show it in History."""
        from .screens.forms import DateScreen

        def chosen(day: Date | None) -> None:
            if day is None:
                return
            self.action_show("history")

            def focus_day() -> None:
                show_day = getattr(self.screen, "show_day", None)
                if callable(show_day):
                    show_day(day)

            self.set_timer(0.1, focus_day)

        self.push_screen(DateScreen(self.today), chosen)

    async def on_unmount(self) -> None:
        try:
            self._io.shutdown(wait=True)
        finally:
            if self._collector_paused:
                self._collector_paused = False
                collector.resume()


def make_app(
    store: Store, clock: Clock | None = None, *, quick_start_bytes: int = QUICK_START_BYTES
) -> SmallWinsApp:
    """The one way to build the dashboard (command line, tests and screenshots)."""
    return SmallWinsApp(store, clock or Clock(), quick_start_bytes=quick_start_bytes)
