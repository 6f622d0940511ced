"""The benchmark table and RESULTS.md: statistics over runs, rows, the machine's description."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .generate import DEFAULT_TODAY, now_env

ROOT = Path(__file__).resolve().parent.parent

# --- statistics --------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The `q` quantile (0..1) by linear interpolation between ranks."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Runs:
    """One number per run."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median over the runs."""
        return statistics.median(self.values)

    @property
    def spread(self) -> float:
        """Half the range of the runs."""
        return (max(self.values) - min(self.values)) / 2

    def show(self, unit: str, digits: int = 0) -> str:
        """ "412 ± 9 ms"."""
        return f"{self.median:,.{digits}f} ± {self.spread:,.{digits}f} {unit}"


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    figure: str
    value: str
    baseline: str
    ratio: float
    target: str
    passed: bool | None
    """None: a figure for information (a floor, say), judged against no target."""


# --- reporting ---------------------------------------------------------------------------------

HEADER = ("figure", "value (median ± spread)", "baseline", "ratio", "target", "result")


def _cells(row: Row) -> tuple[str, ...]:
    verdict = "—" if row.passed is None else "PASS" if row.passed else "FAIL"
    return (row.figure, row.value, row.baseline, f"{row.ratio:.2f}×", row.target, verdict)


def text_table(rows: Sequence[Row]) -> str:
    """The table for the terminal."""
    lines = [HEADER, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in out)


def markdown_table(rows: Sequence[Row]) -> str:
    """The table for RESULTS.md."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in _cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> list[str]:
    """What the figures were measured on."""

    def first(path: str, prefix: str) -> str:
        try:
            with open(path, encoding="utf-8") as file:
                for line in file:
                    if line.startswith(prefix):
                        return line.split(":", 1)[1].strip() if ":" in line else line
        except OSError:
            pass
        return "unknown"

    ram_kb = first("/proc/meminfo", "MemTotal").split()[0]
    ram = f"{int(ram_kb) / 1024**2:.1f} GiB" if ram_kb.isdigit() else "unknown"
    os_name = first("/etc/os-release", "PRETTY_NAME=").split("=", 1)[-1].strip().strip('"')
    tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"CPU: {first('/proc/cpuinfo', 'model name')} × {os.cpu_count()} (shared machine)",
        f"RAM: {ram}",
        f"OS: {os_name}, {platform.system()} {platform.release()} ({platform.machine()})",
        f"Python {platform.python_version()}, textual {importlib.metadata.version('textual')}, "
        f"{tmux}",
        f"Load average when the run began: {load}",
        f"Code: {code_version()}",
    ]


def code_version() -> str:
    """The commit measured, and the app's files that differed from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
        return done.stdout.rstrip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    changed = [line[3:] for line in git("status", "--porcelain", "smallwins_tui").splitlines()]
    if not changed:
        return f"commit {commit}"
    return f"commit {commit} with uncommitted changes to {', '.join(changed)}"


def results_markdown(
    rows: Sequence[Row],
    info: list[str],
    stores: list[str],
    args: argparse.Namespace,
    took: float,
    seed: int,
) -> str:
    """The whole of RESULTS.md."""
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    bullets = "\n".join(f"- {line}" for line in info)
    store_lines = "\n".join(f"- {line}" for line in stores)
    return f"""# Benchmark results

The last `make bench`: {when}, {args.runs} runs per figure, {took / 60:.1f} minutes in all.
Produced by `benchmarks/run.py`; run it again to update this file.

## Machine

{bullets}

## Stores

Generated by `benchmarks/generate.py` (seed {seed}), ending on {DEFAULT_TODAY.isoformat()}, the
day the app is told is today (`SMALLWINS_NOW={now_env(DEFAULT_TODAY)}`, `TZ=UTC`):

{store_lines}

## Figures

{markdown_table(rows)}

Each value is the median over the runs ± half their range (max − min). smallwins is compiled
to bytecode first, as an installed one is. How each is taken:

1. First paint: the real `smallwins --db STORE` started in a fresh 120x40 tmux pane, timed
   until the pane shows two of the user's goal titles and today's newest win; the baseline is
   the bare Textual app of `benchmarks/bare_app.py`, launched and polled the same way, the two
   alternated. The screen is polled through a tmux control client every 2 ms.
   - 1a, a floor: the same launch on a store path with no file yet, timed until Today shows
     its empty state: what the dashboard costs before it holds any journal.
2. Keypress → repaint: headless in-process (`App.run_test`, 120x40, notifications on), space
   on Today's first goal ({args.presses} presses per run, done / not done), timed from the key
   event to the first frame drawn once the Today heatmap holds the new count (that frame draws
   the heatmap lines whose levels changed; a count that keeps its level changes none). The stall
   is the worst lateness of a 1 ms `asyncio.sleep` loop between the key and that frame; each
   run's p95 (or worst stall) is taken first, then the median over the runs. Baseline: the
   same on the one-year store (its ratio is for information).
3. `smallwins log "x"` on a copy of the ten-year store against `python -c pass`, alternated;
   one untimed run of each first (it also takes the day's backup).
   - 3a, a floor: `smallwins log "x"` on a store path with no file yet (the warm-up creates
     it): the command's own cost, imports and start-up included.
   - 3b, a floor: 3a's time over `python -c pass`, plus reading, parsing, serialising and
     writing the store file whole (under the store's lock, to a synced temporary file renamed
     into place, as every write does; the cycle collector paused, as a command pauses it):
     the least a command can take that rewrites one file holding ten years, having read it.
4. VmHWM of the dashboard process after Today, a switch to History and 1 s without growth;
   the baseline is the bare app's.
5. History: {args.steps} cursor moves (arrows) and {args.steps} year switches (`[` `]`) per
   run, each timed from the key to the first frame that shows the new cursor or year in the
   heatmap and the new day in the day panel; p95 per run, then the median over the runs.
   Baseline: the one-year store.

## Profile findings

{findings()}"""


FINDINGS = Path(__file__).with_name("FINDINGS.md")
"""What profiling showed and what was changed: kept by hand, copied into every RESULTS.md."""


def findings() -> str:
    """The text of FINDINGS.md without its title line."""
    try:
        text = FINDINGS.read_text(encoding="utf-8")
    except OSError:
        return "(benchmarks/FINDINGS.md is missing.)\n"
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip() + "\n"
