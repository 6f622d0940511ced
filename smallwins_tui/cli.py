"""The `smallwins` command line: plain output for people, `--json` for scripts.

Only the dashboard (no subcommand) imports textual; every other command stays light so a
status bar can call `smallwins status` every few seconds.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__, cli_merge, cli_transfer, collector
from .cli_context import Context, UsageError, make_clock
from .domain.models import (
    ValidationError,
)
from .store import Store, StoreError, default_path

# --- parser -----------------------------------------------------------------------------------


def _db_option() -> argparse.ArgumentParser:
    # SUPPRESS lets --db stand before or after the subcommand without one erasing the other.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the store file (default: $SMALLWINS_DB or the user data folder)",
    )
    return common


def _json_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--json", action="store_true", help="print JSON for scripts")
    return parent


def _goal_fields(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument("--why", metavar="TEXT", help='the reason or identity ("I am a writer")')
    parser.add_argument("--anchor", metavar="TEXT", help='when it happens ("After my coffee")')
    parser.add_argument("--tiny", metavar="TEXT", help='the two-minute version ("one sentence")')
    parser.add_argument("--target", metavar="N", help="daily target: makes it a count goal")
    parser.add_argument(
        "--unit", metavar="WORD", help="unit of the target, in the plural (words, glasses)"
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--days", metavar="DAYS", help="due on these weekdays: mon,wed,fri or mon-fri"
    )
    when.add_argument("--per-week", metavar="N", type=int, help="due N times a week, any days")
    parser.add_argument("--parent", metavar="GOAL", help="make it a micro-goal of GOAL")
    parser.add_argument("--total", metavar="N", help="cumulative target (50000) for milestones")
    if editing:
        parser.add_argument("--title", metavar="TEXT", help="a new title")
        when.add_argument("--daily", action="store_true", help="due every day")
        parser.add_argument("--no-parent", action="store_true", help="make it a top-level goal")
        parser.add_argument("--no-total", action="store_true", help="drop the cumulative target")
        parser.add_argument("--no-target", action="store_true", help="make it done-or-not")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    db, js = _db_option(), _json_option()
    parser = argparse.ArgumentParser(
        prog="smallwins",
        parents=[db],
        description="Progress is built from small wins. Run without a command for the dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"smallwins {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    goal = sub.add_parser("goal", parents=[db], help="add, list and change goals")
    gsub = goal.add_subparsers(dest="goal_command", metavar="ACTION", required=True)
    add = gsub.add_parser("add", parents=[db, js], help="add a goal or micro-goal")
    add.add_argument("title", metavar="TITLE")
    _goal_fields(add, editing=False)
    gl = gsub.add_parser("list", parents=[db, js], help="list goals and micro-goals")
    gl.add_argument("--all", action="store_true", help="include archived goals")
    edit = gsub.add_parser("edit", parents=[db, js], help="change a goal")
    edit.add_argument("goal", metavar="GOAL")
    _goal_fields(edit, editing=True)
    arch = gsub.add_parser("archive", parents=[db, js], help="archive a goal (keeps its wins)")
    arch.add_argument("goal", metavar="GOAL")
    arch.add_argument("--undo", action="store_true", help="bring an archived goal back")
    dele = gsub.add_parser("delete", parents=[db, js], help="delete a goal and its wins")
    dele.add_argument("goal", metavar="GOAL")
    dele.add_argument("--yes", action="store_true", help="confirm the deletion")
    ms = gsub.add_parser("milestone", parents=[db, js], help="add or reach a named milestone")
    ms.add_argument("goal", metavar="GOAL")
    ms.add_argument("text", metavar="TEXT")
    ms.add_argument(
        "--reached",
        metavar="DATE",
        nargs="?",
        const="today",
        help="mark it reached (today, or on DATE)",
    )

    log = sub.add_parser("log", parents=[db, js], help="log a small win")
    log.add_argument("text", metavar="TEXT", nargs="?", default="", help="what you did")
    log.add_argument("--goal", metavar="GOAL", help="the goal it counts for")
    log.add_argument("--amount", metavar="N", help="how much, for a count goal")
    log.add_argument("--date", metavar="YYYY-MM-DD", help="the day it counts for")

    sub.add_parser("today", parents=[db, js], help="today's goals and wins")
    st = sub.add_parser("stats", parents=[db, js], help="streaks, rates, strength, milestones")
    st.add_argument("--goal", metavar="GOAL", help="only this goal")

    rest = sub.add_parser("rest", parents=[db, js], help="mark a planned rest day")
    rest.add_argument("--date", metavar="YYYY-MM-DD")
    rest.add_argument("--goal", metavar="GOAL", help="rest only this goal")
    rest.add_argument("--undo", action="store_true", help="it is not a rest day after all")
    note = sub.add_parser("note", parents=[db, js], help="write the day's journal note")
    note.add_argument("text", metavar="TEXT")
    note.add_argument("--date", metavar="YYYY-MM-DD")
    pause = sub.add_parser("pause", parents=[db, js], help="pause every goal over a date range")
    pause.add_argument("start", metavar="FROM")
    pause.add_argument("end", metavar="TO")
    pause.add_argument("--note", metavar="TEXT", default="")

    status = sub.add_parser("status", parents=[db], help="one line for a status bar")
    status.add_argument("--format", choices=("text", "json", "tmux"), default="text")
    settings = sub.add_parser("settings", parents=[db, js], help="show or change settings")
    settings.add_argument(
        "--day-start", metavar="HOUR", type=int, help="local hour a new day begins (default 4)"
    )
    settings.add_argument("--week-start", metavar="DAY", help="first day of the week (mon…sun)")
    sub.add_parser("demo", parents=[db], help="fill a new store with a year of demo data")
    cli_transfer.add_commands(sub, db, js)
    cli_merge.add_command(sub, db, js)
    restore = sub.add_parser(
        "restore", parents=[db, js], help="list the daily backups, or put one back"
    )
    restore.add_argument(
        "backup", metavar="BACKUP", nargs="?", help="its number in the list, its date, or a file"
    )
    restore.add_argument("--yes", action="store_true", help="restore without asking")
    sub.add_parser("check", parents=[db, js], help="look for problems in the store")
    return parser


HANDLERS: dict[str, str] = {
    "goal add": "cli_goals:cmd_goal_add",
    "goal list": "cli_goals:cmd_goal_list",
    "goal edit": "cli_goals:cmd_goal_edit",
    "goal archive": "cli_goals:cmd_goal_archive",
    "goal delete": "cli_goals:cmd_goal_delete",
    "goal milestone": "cli_goals:cmd_goal_milestone",
    "log": "cli_days:cmd_log",
    "today": "cli_days:cmd_today",
    "stats": "cli_days:cmd_stats",
    "rest": "cli_days:cmd_rest",
    "note": "cli_days:cmd_note",
    "pause": "cli_days:cmd_pause",
    "status": "cli_days:cmd_status",
    "settings": "cli_store:cmd_settings",
    "demo": "cli_store:cmd_demo",
    "export": "cli_transfer:cmd_export",
    "import": "cli_transfer:cmd_import",
    "merge": "cli_merge:cmd_merge",
    "restore": "cli_store:cmd_restore",
    "check": "cli_store:cmd_check",
    "": "cli_store:cmd_dashboard",
}
"""Each command's handler as "module:function", imported only when that command runs.

`smallwins log` is typed many times a day and a status bar runs `smallwins status` every few
seconds: neither should pay for importing what the other commands need.
"""


def handler_for(key: str) -> Callable[[argparse.Namespace, Context], int]:
    """The function that runs the command `key` ("" for the dashboard)."""
    module, name = HANDLERS[key].split(":")
    handler: Callable[[argparse.Namespace, Context], int] = getattr(
        importlib.import_module(f".{module}", __package__), name
    )
    return handler


def _without_cycle_collection(
    handler: Callable[[argparse.Namespace, Context], int], args: argparse.Namespace, ctx: Context
) -> int:
    """Run a command with the cycle collector paused.

    A command runs once and ends; on a ten-year store it builds hundreds of thousands of
    objects, none of them garbage, which the collector would walk over and over.
    """
    with collector.paused():
        return handler(args, ctx)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 data error, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    key = args.command or ""
    if key == "goal":
        key = f"goal {args.goal_command}"
    try:
        path = Path(args.db).expanduser() if "db" in args else default_path()
        clock = make_clock()
        # The first write of each local calendar day keeps yesterday's file as a backup. A
        # command decodes the wins of the days it shows; the dashboard, all of them at start.
        store = Store(path, backup_day=lambda: clock.now().date(), lazy_wins=bool(key))
        ctx = Context(store, clock)
        handler = handler_for(key)
        # The dashboard runs for hours and freezes what it loaded instead (see the app).
        status = _without_cycle_collection(handler, args, ctx) if key else handler(args, ctx)
        if key not in ("", "merge"):  # the dashboard shows the conflict notice itself
            cli_merge.print_conflict_notice(path)
        return status
    except UsageError as err:
        parser.error(str(err))
    except (StoreError, ValidationError) as err:
        print(f"smallwins: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: nothing is wrong.
        sys.stderr.close()
        return 0
    except Exception as err:
        if os.environ.get("SMALLWINS_DEBUG"):
            raise
        # A bug of ours: still one line, and the store was not written (transactions roll back).
        print(
            f"smallwins: unexpected {type(err).__name__}: {err} (set SMALLWINS_DEBUG=1 "
            "for details)",
            file=sys.stderr,
        )
        return 1


def run() -> NoReturn:
    """The `smallwins` command: `main()`, then an exit that skips tearing the interpreter down.

    A command on a ten-year store leaves ~300,000 objects behind (the read store, its index);
    freeing them one by one at exit took ~100 ms of each `smallwins log`. When `main` returns,
    all is done: the store is written and its lock released, the dashboard has restored the
    terminal and stopped its store thread. Only the output buffers are left to flush.
    """
    try:
        status = main()
    except SystemExit as done:  # argparse: --help, --version and usage errors
        if isinstance(done.code, int):
            status = done.code
        else:  # None, or a message, which Python's own exit would print
            status = int(done.code is not None)
            if done.code is not None:
                print(done.code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # piped into `head` and closed early, or closed already: nothing is wrong
        except OSError:
            status = status or 120  # what Python's own exit gives when the output is lost
    os._exit(status)
