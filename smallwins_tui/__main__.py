"""python -m smallwins_tui: the same as the `smallwins` command."""

from .cli import run

run()
