"""What every importer shares: the plan it returns, its report, and the error that stops it.

An importer is one module exposing `IMPORTER`: a name, a `sniff` that recognises its files
from their first bytes (for `--format auto`) and a `plan` that reads the whole file and says
what to add. Nothing is written by an importer; `importers.apply_plan` puts the records.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pendulum
from pendulum import Date, DateTime, Timezone

from ..domain.clock import local_day
from ..domain.models import Day, Goal, Pause, Snapshot, ValidationError, Win

Put = Goal | Win | Day | Pause
"""A record an import adds."""
HEAD_BYTES = 4096
"""How much of a file `sniff` sees."""


class BadImport(ValidationError):
    """A file that cannot be imported: names the file, the line (when there is one) and why."""

    def __init__(self, file: Path | str, line: int | None, reason: str) -> None:
        self.file = Path(file)
        """The file being imported."""
        self.line = line
        """The 1-based line the problem starts on; None for a problem with the whole file."""
        self.reason = " ".join(reason.splitlines())
        """What is wrong, in one line."""
        where = f"{self.file}:{line}" if line is not None else str(self.file)
        super().__init__(f"{where}: {self.reason}")


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import adds and what it leaves alone because the store already has it."""

    format: str
    """The importer that read the file ("smallwins", "csv", ...)."""
    added_goals: int = 0
    added_wins: int = 0
    added_days: int = 0
    added_pauses: int = 0
    skipped: int = 0
    """Records (or rows) already in the store, or deleted from it, and therefore not added."""
    created_goal_titles: tuple[str, ...] = ()
    """Titles of the goals the file named that did not exist yet, in order of appearance."""

    @property
    def added(self) -> int:
        """How many records the import adds in all."""
        return self.added_goals + self.added_wins + self.added_days + self.added_pauses

    def lines(self) -> list[str]:
        """The report as plain lines for the command line."""
        parts = [
            f"{n:,} {what}{'' if n == 1 else 's'}"
            for n, what in (
                (self.added_goals, "goal"),
                (self.added_wins, "win"),
                (self.added_days, "day"),
                (self.added_pauses, "pause"),
            )
            if n
        ]
        out = [f"added {', '.join(parts)}" if parts else "added nothing"]
        if self.skipped:
            out.append(f"skipped {self.skipped:,} already in the store (or deleted from it)")
        if self.created_goal_titles:
            out.append("new goals: " + ", ".join(self.created_goal_titles))
        return out

    def as_dict(self) -> dict[str, object]:
        """The report for `--json` output."""
        return {
            "format": self.format,
            "added_goals": self.added_goals,
            "added_wins": self.added_wins,
            "added_days": self.added_days,
            "added_pauses": self.added_pauses,
            "skipped": self.skipped,
            "created_goals": list(self.created_goal_titles),
        }


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The records an import adds, in an order that puts goals before what refers to them."""

    puts: tuple[Put, ...]
    report: ImportReport


@dataclass(frozen=True)
class ImportContext:
    """Everything an importer may look at besides its file: the store now, and the user's time."""

    file: Path
    snapshot: Snapshot
    """The store as it is when the import is planned."""
    now: DateTime
    tz: Timezone
    """The user's time zone."""
    day_start_hour: int

    @cached_property
    def today(self) -> Date:
        """The local day `now` counts for."""
        return local_day(self.now, self.day_start_hour, self.tz)

    def bad(self, line: int | None, reason: str) -> BadImport:
        """The error for a problem at `line` of this file."""
        return BadImport(self.file, line, reason)

    def read_text(self) -> str:
        """The whole file as text (UTF-8, a byte-order mark tolerated); BadImport otherwise."""
        try:
            raw = self.file.read_bytes()
        except OSError as err:
            raise self.bad(None, f"cannot read the file ({err.strerror or err})") from None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise self.bad(line, "not UTF-8 text") from None


def make_context(
    file: Path, snapshot: Snapshot, *, now: DateTime, tz_name: str, day_start_hour: int
) -> ImportContext:
    """The context for importing `file` into `snapshot`."""
    tz = pendulum.timezone(tz_name)
    return ImportContext(file, snapshot, now, tz, day_start_hour)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Importer:
    """One import format: how to recognise its files and how to plan importing one."""

    name: str
    """The `--format` value."""
    description: str
    sniff: Callable[[bytes], bool]
    """Whether the first `HEAD_BYTES` of a file look like this format."""
    plan: Callable[[ImportContext], ImportPlan]
    """Read the whole file and plan the import; BadImport on the first problem."""


def read_csv_rows(
    ctx: ImportContext,
    *,
    columns: Callable[[list[str]], list[str]],
    layout_problem: Callable[[list[str]], str | None],
    needs: str,
) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """A CSV file's header (as `columns` names it) and each non-blank row with the line it
    starts on; a bad layout, a row of the wrong width or broken quoting is a BadImport."""
    reader = csv.reader(io.StringIO(ctx.read_text(), newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = columns(cells)
                if (problem := layout_problem(header)) is not None:
                    raise ctx.bad(start, problem)
                continue
            if len(cells) != len(header):
                raise ctx.bad(
                    start,
                    f"expected {len(header)} columns ({','.join(header)}), found {len(cells)}",
                )
            rows.append((start, cells))
    except csv.Error as err:  # the record starting at `line` is cut or badly quoted
        raise ctx.bad(line, f"not valid CSV ({err})") from None
    if header is None:
        raise ctx.bad(1, f"the file is empty (it needs {needs})")
    return rows, header
