"""The real `smallwins` command in tmux: log from the keyboard, log from outside, quit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from smallwins_tui.widgets.heatmap import GLYPHS

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

NOW = "2026-11-24T16:30:00+00:00"
SMALLWINS = [sys.executable, "-m", "smallwins_tui"]


def tmux(*args: str) -> str:
    out = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True, timeout=10)
    return out.stdout


def wait_for(predicate: Callable[[str], bool], pane: str, seconds: float = 15.0) -> str:
    """Capture the pane until `predicate` holds; fail with the last screen."""
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", pane)
        if predicate(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"timed out; the screen was:\n{screen}")


def lit_cells(screen: str) -> int:
    """Heatmap cells showing at least one win (the legend line aside)."""
    cells = "".join(line for line in screen.splitlines() if "less" not in line)
    return sum(cells.count(glyph) for glyph in GLYPHS[1:])


def test_log_from_the_keyboard_and_from_another_shell(tmp_path: Path) -> None:
    db = tmp_path / "smallwins.json"
    env = {**os.environ, "SMALLWINS_NOW": NOW, "TZ": "UTC", "SMALLWINS_DB": str(db)}
    subprocess.run([*SMALLWINS, "goal", "add", "Walk"], env=env, check=True, timeout=60)
    status = tmp_path / "status"
    session = f"smallwins-e2e-{os.getpid()}"
    # tmux sizes a new detached pane just after starting its command: let it settle first,
    # so the app starts at 120x40 rather than tmux's 80x24 default.
    command = " ".join(["sleep 0.5;", *SMALLWINS, "--db", str(db)]) + f"; echo $? > {status}"
    tmux_env = [f"-e{k}={v}" for k, v in env.items() if k in ("SMALLWINS_NOW", "TZ", "PATH")]
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", *tmux_env, command)
    try:
        pane = f"{session}:0"
        screen = wait_for(lambda s: "What's one small win" in s and "Walk" in s, pane)
        assert "○ Walk" in screen and lit_cells(screen) == 0

        tmux("send-keys", "-t", pane, "Space")
        screen = wait_for(lambda s: "✔ Walk" in s and "1 win" in s, pane)
        assert lit_cells(screen) >= 1  # today's heatmap cell lit

        subprocess.run([*SMALLWINS, "log", "from another shell"], env=env, check=True, timeout=60)
        screen = wait_for(lambda s: "from another shell" in s and "2 wins" in s, pane, seconds=5)

        tmux("send-keys", "-t", pane, "q")
        deadline = time.monotonic() + 10
        while not status.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status.read_text().strip() == "0"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
