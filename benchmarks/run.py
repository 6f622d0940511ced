"""Run every benchmark figure against its baseline and print the table (`make bench`).

    python -m benchmarks.run [--runs 5] [--quick] [--results PATH]

Each figure and its baseline are measured in the same run, alternating (baseline, ours,
baseline, ours ...) after one untimed warm-up of each, so both see the same noise. A figure's
value is the median over the runs, ± half the range (max - min) of the runs. A full run
writes `benchmarks/RESULTS.md`; `--quick` (one run, the one-year store everywhere) is a smoke
test that writes nothing unless `--results` is given.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

import smallwins_tui
from smallwins_tui import collector
from smallwins_tui.store import Store
from smallwins_tui.store.storage import serialise

from .bare_app import BARE_LINE
from .generate import DEFAULT_TODAY, MARKER_WIN, cached_store, cached_summary, copy_store, now_env
from .measure_tmux import Launch, Tmux, paint_and_memory
from .report import Row, Runs, machine, percentile, results_markdown, text_table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "RESULTS.md"
SEED = 1
BIG, SMALL = (10, 20), (1, 5)
"""(years, goals) of the large store every target is judged on, and of the small baseline."""
TODAY_SHOWS = ("Write", "Drink water", MARKER_WIN)
"""First paint is done when Today shows these: two of the user's goals and today's newest win
(the generator guarantees all three on its last day)."""
HISTORY_SHOWS = ("How far you've come", "wins since")
"""History has drawn its progress panel (walked over every win)."""
EMPTY_SHOWS = "No goals yet"
"""Today on a store with nothing in it yet."""


# --- the figures -------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SMALLWINS_DB"}
    return {**env, "SMALLWINS_NOW": now_env(DEFAULT_TODAY), "TZ": "UTC"}


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _alternate(runs: int, baseline: Callable[[], object], *ours: Callable[[], object]) -> None:
    """One warm-up of each, then `runs` timed rounds of all of them, baseline first."""
    for _ in range(runs + 1):
        baseline()
        for one in ours:
            one()


def _empty_today_shown(screen: str) -> bool:
    return EMPTY_SHOWS in screen


def paint_and_rss(runs: int, store: Path, empty: Path) -> list[Row]:
    """Figures 1 and 4: first paint and settled peak memory, against the bare app; and the
    first paint on `empty` (a store path with no file yet), the floor of figure 1."""
    env = {"SMALLWINS_NOW": now_env(DEFAULT_TODAY), "TZ": "UTC"}
    bare = Launch(
        "bare", [str(BIN / "python"), str(HERE / "bare_app.py")], env, lambda s: BARE_LINE in s
    )
    ours = Launch(
        "smallwins",
        [str(BIN / "smallwins"), "--db", str(store)],
        env,
        lambda s: all(text in s for text in TODAY_SHOWS),
    )
    floor = Launch(
        "empty store", [str(BIN / "smallwins"), "--db", str(empty)], env, _empty_today_shown
    )
    got: dict[str, list[tuple[float, float]]] = {"bare": [], "smallwins": [], "empty store": []}
    tmux = Tmux()
    try:

        def measure(program: Launch, keys: Sequence[str] = ()) -> Callable[[], None]:
            def one() -> None:
                done = paint_and_memory(
                    tmux,
                    program,
                    then=keys,
                    then_ready=lambda s: all(text in s for text in HISTORY_SHOWS),
                )
                got[program.name].append((done.paint_ms, done.peak_mb))
                _say(
                    f"  {program.name}: paint {done.paint_ms:.0f} ms, "
                    f"peak {done.peak_mb:.1f} MB (settled RSS {done.rss_mb:.1f} MB)"
                )

            return one

        _alternate(runs, measure(bare), measure(ours, ["3"]), measure(floor))
    finally:
        tmux.close()
    # The first launch of each is the warm-up.
    bare_paint = Runs(tuple(p for p, _ in got["bare"][1:]))
    our_paint = Runs(tuple(p for p, _ in got["smallwins"][1:]))
    bare_mb = Runs(tuple(m for _, m in got["bare"][1:]))
    our_mb = Runs(tuple(m for _, m in got["smallwins"][1:]))
    paint_ratio = our_paint.median / bare_paint.median
    floor_paint = Runs(tuple(p for p, _ in got["empty store"][1:]))
    return [
        Row(
            "1. first paint, Today (tmux 120x40)",
            our_paint.show("ms"),
            f"bare app {bare_paint.show('ms')}",
            paint_ratio,
            "≤ 1.3× bare",
            paint_ratio <= 1.3,
        ),
        Row(
            "1a. floor: first paint, empty store",
            floor_paint.show("ms"),
            f"bare app {bare_paint.show('ms')}",
            floor_paint.median / bare_paint.median,
            "(information)",
            None,
        ),
        Row(
            "4. peak RSS after History",
            our_mb.show("MB", 1),
            f"bare app {bare_mb.show('MB', 1)}",
            our_mb.median / bare_mb.median,
            "< 120 MB",
            our_mb.median < 120,
        ),
    ]


def log_wall_time(runs: int, store: Path, empty: Path) -> list[Row]:
    """Figure 3: `smallwins log "x"` against `python -c pass`; and its floor: `log` on `empty`
    (a store path with no file yet: the command's own cost) plus what any command that rewrites
    the ten-year file must do with it (read, parse, serialise, write and sync it)."""
    env = _env()
    times: dict[str, list[float]] = {"pass": [], "log": [], "empty": [], "file": []}

    def timed(name: str, argv: list[str]) -> Callable[[], None]:
        def one() -> None:
            started = time.perf_counter()
            subprocess.run(argv, env=env, check=True, capture_output=True, timeout=60)
            times[name].append((time.perf_counter() - started) * 1000)

        return one

    def rewrite_file() -> None:
        with tempfile.TemporaryDirectory(prefix="smallwins-bench-") as folder:
            times["file"].append(file_round_trip(store, Path(folder)) * 1000)

    _alternate(
        runs,
        timed("pass", [str(BIN / "python"), "-c", "pass"]),
        timed("log", [str(BIN / "smallwins"), "--db", str(store), "log", "x"]),
        timed("empty", [str(BIN / "smallwins"), "--db", str(empty), "log", "x"]),
        rewrite_file,
    )
    bare, ours = Runs(tuple(times["pass"][1:])), Runs(tuple(times["log"][1:]))
    floor, file = Runs(tuple(times["empty"][1:])), Runs(tuple(times["file"][1:]))
    more = ours.median - bare.median
    at_least = floor.median - bare.median + file.median
    _say(
        f"  log {ours.show('ms')}, python -c pass {bare.show('ms')}, on an empty store "
        f"{floor.show('ms')}, the file alone {file.show('ms')}"
    )
    return [
        Row(
            '3. `smallwins log "x"` wall time',
            f"{ours.show('ms')} (+{more:,.0f})",
            f"python -c pass {bare.show('ms')}",
            ours.median / bare.median,
            "< +150 ms",
            more < 150,
        ),
        Row(
            "3a. floor: `log`, empty store",
            f"{floor.show('ms')} (+{floor.median - bare.median:,.0f})",
            f"python -c pass {bare.show('ms')}",
            floor.median / bare.median,
            "(information)",
            None,
        ),
        Row(
            "3b. floor: 3a + the store file",
            f"+{at_least:,.0f} ms (file {file.show('ms')})",
            f"python -c pass {bare.show('ms')}",
            (bare.median + at_least) / bare.median,
            "(information)",
            None,
        ),
    ]


def file_round_trip(store: Path, folder: Path) -> float:
    """Seconds to read and parse `store`, then serialise it and write it whole to
    `folder`/smallwins.json the way the store writes (under its lock, to a synced temporary
    file renamed into place), the cycle collector paused as a command pauses it."""
    copy = Store(folder / "smallwins.json")
    with collector.paused():
        started = time.perf_counter()
        data = orjson.loads(store.read_bytes())
        with copy.locked() as target:
            copy.write_file(target, serialise(data))
        return time.perf_counter() - started


def in_app(figure: str, store: Path, count: int) -> dict[str, list[float]]:
    """One in-app measurement, in a fresh process; its samples (one retry after a failure)."""
    option = "--presses" if figure == "keypress" else "--steps"
    for attempt in (1, 2):
        with tempfile.TemporaryDirectory(prefix="smallwins-bench-") as folder:
            out = Path(folder) / "result.json"
            command = [sys.executable, "-m", "benchmarks.measure_inapp", figure, "--store"]
            done = subprocess.run(
                [*command, str(store), "--out", str(out), option, str(count)],
                cwd=ROOT,
                env=_env(),
                capture_output=True,
                text=True,
                timeout=1800,
            )
            if done.returncode == 0:
                result: dict[str, list[float]] = json.loads(out.read_text(encoding="utf-8"))
                return result
        problem = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        _say(f"  {figure} run failed (attempt {attempt}): {problem[0]}")
    raise RuntimeError(f"{figure} failed twice on {store}:\n{done.stderr}")


def _per_run(
    runs: int, figure: str, small: Path, big: Path, count: int
) -> dict[str, list[dict[str, list[float]]]]:
    """`runs` in-app runs on each store, alternating (no warm-up: every run is a new app)."""
    got: dict[str, list[dict[str, list[float]]]] = {"small": [], "big": []}
    for _ in range(runs):
        for name, store in (("small", small), ("big", big)):
            got[name].append(result := in_app(figure, store, count))
            summary = ", ".join(
                f"{key} p50 {percentile(v, 0.5):.1f} p95 {percentile(v, 0.95):.1f} ms"
                for key, v in result.items()
                if v and key.endswith("_ms")
            )
            _say(f"  {figure} on the {name} store: {summary}")
    return got


def keypress(runs: int, small: Path, big: Path, presses: int) -> list[Row]:
    """Figure 2: key to repainted heatmap on Today, and the worst event-loop stall meanwhile."""
    got = _per_run(runs, "keypress", small, big, presses)

    def p(name: str, q: float) -> Runs:
        return Runs(tuple(percentile(r["latency_ms"], q) for r in got[name]))

    def stall(name: str) -> Runs:
        return Runs(tuple(max(r["stall_ms"]) for r in got[name]))

    p95, base95 = p("big", 0.95), p("small", 0.95)
    worst, base_worst = stall("big"), stall("small")
    return [
        Row(
            "2. keypress → heatmap repaint, p95",
            f"{p95.show('ms')} (p50 {p('big', 0.5).median:,.0f})",
            f"1-year store {base95.show('ms')}",
            p95.median / base95.median,
            "p95 < 50 ms",
            p95.median < 50,
        ),
        Row(
            "2. worst event-loop stall in a write",
            f"{worst.show('ms')} (max {max(worst.values):,.0f})",
            f"1-year store {base_worst.show('ms')}",
            worst.median / base_worst.median,
            "< 16 ms",
            worst.median < 16,
        ),
    ]


def history_steps(runs: int, small: Path, big: Path, steps: int) -> list[Row]:
    """Figure 5: year switches and cursor moves on History."""
    got = _per_run(runs, "history", small, big, steps)
    rows = []
    for key, label in (("year_ms", "year switch"), ("move_ms", "cursor move")):
        if not all(r[key] for r in got["big"] + got["small"]):
            continue  # a one-year store has no other year to switch to

        def p95(name: str, key: str = key) -> Runs:
            return Runs(tuple(percentile(r[key], 0.95) for r in got[name]))

        ours, base = p95("big"), p95("small")
        worst = max(max(r[key]) for r in got["big"])
        rows.append(
            Row(
                f"5. History {label}, p95",
                f"{ours.show('ms', 1)} (max {worst:,.0f})",
                f"1-year store {base.show('ms', 1)}",
                ours.median / base.median,
                "p95 < 16 ms",
                ours.median < 16,
            )
        )
    return rows


def compile_bytecode() -> None:
    """Compile smallwins to bytecode, as an installed (or once-run) smallwins has it.

    Without it, a machine that sets PYTHONDONTWRITEBYTECODE compiles every module from source
    on every launch (~40 ms of each `smallwins log`), a cost no user pays: pip compiles what it
    installs, and Python caches the bytecode of an editable install on its first run.
    """
    compileall.compile_dir(Path(smallwins_tui.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Measure every figure; print the table; write RESULTS.md for a full run."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of each figure (default 5)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 1 run, 1-year store")
    parser.add_argument("--presses", type=int, default=30, help="keypresses per run (fig. 2)")
    parser.add_argument("--steps", type=int, default=50, help="History steps per run (fig. 5)")
    parser.add_argument("--results", type=Path, help="where to write the results (Markdown)")
    parser.add_argument(
        "--only",
        metavar="FIGURES",
        default="1,2,3,4,5",
        help="measure only these figures, e.g. 2,5 (1 and 4 go together); writes no results "
        "unless --results is given",
    )
    args = parser.parse_args(argv)
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    if args.quick:
        args.runs, args.presses, args.steps = 1, 6, 10
    partial = only != {"1", "2", "3", "4", "5"}
    results = args.results or (None if args.quick or partial else RESULTS)
    started = time.perf_counter()
    info = machine()
    compile_bytecode()
    small = cached_store(*SMALL, SEED)
    big = small if args.quick else cached_store(*BIG, SEED)
    made = {SMALL: small} if args.quick else {SMALL: small, BIG: big}
    stores = [
        f"{years} {'year' if years == 1 else 'years'} × {goals} goals: {cached_summary(path)}"
        for (years, goals), path in made.items()
    ]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="smallwins-bench-") as folder:
        work = Path(folder)
        if only & {"1", "4"}:
            _say(f"figures 1 and 4: first paint and memory ({args.runs} runs each)")
            rows += paint_and_rss(
                args.runs, copy_store(big, work / "paint"), work / "empty-paint" / "smallwins.json"
            )
        if "3" in only:
            _say("figure 3: smallwins log")
            rows += log_wall_time(
                args.runs, copy_store(big, work / "log"), work / "empty-log" / "smallwins.json"
            )
    if "2" in only:
        _say("figure 2: keypress to repaint")
        rows += keypress(args.runs, small, big, args.presses)
    if "5" in only:
        _say("figure 5: History steps")
        rows += history_steps(args.runs, small, big, args.steps)
    rows.sort(key=lambda r: r.figure)
    took = time.perf_counter() - started
    print()
    print(text_table(rows))
    print(f"\n{args.runs} run(s) per figure; {took:.0f} s in all.")
    if results is not None:
        results.write_text(results_markdown(rows, info, stores, args, took, SEED), encoding="utf-8")
        print(f"written: {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
