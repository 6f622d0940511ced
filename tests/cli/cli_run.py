"""Running the real command line in a subprocess, on a fixed clock in London."""

from __future__ import annotations

import os
import subprocess
import sys

NOW = "2026-11-24T16:30:00+00:00"


def sw(*args: str, now: str = NOW) -> subprocess.CompletedProcess[str]:
    """`smallwins ARGS` with SMALLWINS_NOW=now (no SMALLWINS_DB from the environment)."""
    env = {**os.environ, "SMALLWINS_NOW": now, "TZ": "Europe/London"}
    env.pop("SMALLWINS_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "smallwins_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    """The output of a command that must succeed."""
    assert result.returncode == 0, result.stderr
    return result.stdout
