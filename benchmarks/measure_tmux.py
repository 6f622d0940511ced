"""Figures measured on a real terminal (tmux, 120x40): first paint and peak memory.

Each launch gets a fresh tmux session on a private server (`tmux -L`): the session starts
with an idle shell at 120x40, then `respawn-pane -k` replaces it with the program, so the
program starts in a pane that already has its final size and is itself the pane's process.
The clock starts just before `respawn-pane`; `capture-pane -p` then polls the screen every
few milliseconds until it shows what the program is expected to draw.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 120, 40
POLL = 0.002
"""Seconds between two screen captures."""
TIMEOUT = 60.0
"""Seconds a launch may take to show its screen before the run fails."""


class ScreenTimeout(RuntimeError):
    """The program never showed what was expected; the message holds the last screen."""


@dataclass(frozen=True)
class Launch:
    """A program to start in the pane, and how to know it has drawn its first real screen."""

    name: str
    argv: Sequence[str]
    env: dict[str, str]
    ready: Callable[[str], bool]
    """Whether a captured screen is the first real paint."""


class Tmux:
    """A private tmux server (its own socket, no user config), killed by `close()`.

    Commands go through one control-mode client (`tmux -C`), so a screen capture costs a
    fraction of a millisecond instead of starting a tmux process (~2.5 ms of CPU) each time:
    polling then takes little CPU from the program being measured.
    """

    def __init__(self) -> None:
        self.socket = f"bench{os.getpid()}"
        self._serial = 0
        # A long-lived session keeps the server up between launches (no launch pays for
        # starting the server) and is what the control client attaches to.
        subprocess.run(
            [*self._tmux(), "new-session", "-d", "-s", "keepalive", "-x", "80", "-y", "24"],
            check=True,
            capture_output=True,
            timeout=20,
        )
        self._control = subprocess.Popen(
            [*self._tmux(), "-C", "attach-session", "-t", "keepalive"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        self._socket_path = self.run("display-message", "-p", "#{socket_path}").strip()

    def _tmux(self) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", "/dev/null"]

    def run(self, *args: str) -> str:
        """One tmux command on this server; its output."""
        for arg in args:
            if "'" in arg or "\n" in arg:
                raise ValueError(f"cannot pass {arg!r} to tmux")
        stdin, stdout = self._control.stdin, self._control.stdout
        assert stdin is not None and stdout is not None
        stdin.write(" ".join(f"'{arg}'" for arg in args) + "\n")
        stdin.flush()
        lines: list[str] = []
        inside = False
        while True:
            line = stdout.readline()
            if not line:
                raise RuntimeError("the tmux control client ended")
            line = line.rstrip("\n")
            # Blocks of our own commands have flags 1; notifications come between blocks.
            if not inside:
                inside = line.startswith("%begin ") and line.endswith(" 1")
                continue
            if line.startswith(("%end ", "%error ")) and line.endswith(" 1"):
                if line.startswith("%error"):
                    raise RuntimeError(f"tmux {' '.join(args)}: {' '.join(lines)}")
                return "\n".join(lines)
            lines.append(line)

    def new_session(self) -> str:
        """A new detached 120x40 session running an idle shell; its target."""
        self._serial += 1
        name = f"run{self._serial}"
        self.run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), "sh")
        size = self.run("display-message", "-p", "-t", name, "#{pane_width}x#{pane_height}")
        if size.strip() != f"{WIDTH}x{HEIGHT}":
            raise RuntimeError(f"tmux made a {size.strip()} pane, not {WIDTH}x{HEIGHT}")
        return name

    def capture(self, target: str) -> str:
        """The pane's screen as text."""
        return self.run("capture-pane", "-p", "-t", target)

    def pane_pid(self, target: str) -> int:
        """The pid of the process the pane runs."""
        return int(self.run("list-panes", "-t", target, "-F", "#{pane_pid}").split()[0])

    def kill_session(self, target: str) -> None:
        """End a session and the program in it."""
        self.run("kill-session", "-t", target)

    def close(self) -> None:
        """Kill this private server and everything still running in it."""
        if self._control.stdin is not None:
            self._control.stdin.close()
        subprocess.run([*self._tmux(), "kill-server"], capture_output=True, timeout=20)
        self._control.wait(timeout=20)
        with suppress(OSError):
            os.unlink(self._socket_path)


def wait_for(tmux: Tmux, target: str, ready: Callable[[str], bool], started: float) -> float:
    """Poll the pane until `ready`; seconds from `started` to the capture that showed it."""
    deadline = started + TIMEOUT
    screen = ""
    while True:
        screen = tmux.capture(target)
        seen = time.perf_counter()
        if ready(screen):
            return seen - started
        if seen > deadline:
            raise ScreenTimeout(f"timed out after {TIMEOUT:.0f}s; the screen was:\n{screen}")
        time.sleep(POLL)


def launch(tmux: Tmux, target: str, program: Launch) -> float:
    """Start `program` in the pane; seconds until it has painted its first real screen."""
    env = [f"-e{key}={value}" for key, value in program.env.items()]
    started = time.perf_counter()
    tmux.run("respawn-pane", "-k", "-t", target, *env, *program.argv)
    return wait_for(tmux, target, program.ready, started)


def python_pid(pid: int) -> int:
    """The pane's process, or the first python below it (should a shell sit in between)."""
    for _ in range(5):
        comm = _read(Path(f"/proc/{pid}/comm")).strip()
        if comm.startswith(("python", "smallwins")):
            return pid
        children = _read(Path(f"/proc/{pid}/task/{pid}/children")).split()
        if not children:
            break
        pid = int(children[0])
    return pid


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def status_kb(pid: int, field: str) -> int:
    """A field of /proc/PID/status in kB (VmRSS, VmHWM)."""
    for line in _read(Path(f"/proc/{pid}/status")).splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"process {pid} has no {field} (has it exited?)")


def settled_memory_mb(
    pid: int, *, quiet: float = 1.0, longest: float = 15.0
) -> tuple[float, float]:
    """(VmHWM, VmRSS) in MB once VmRSS has stayed within 0.5 MB for `quiet` seconds."""
    samples: list[tuple[float, int]] = []
    started = time.perf_counter()
    while time.perf_counter() - started < longest:
        now = time.perf_counter()
        samples.append((now, status_kb(pid, "VmRSS")))
        recent = [kb for at, kb in samples if at >= now - quiet]
        if now - started >= quiet and max(recent) - min(recent) <= 512:
            break
        time.sleep(0.05)
    return status_kb(pid, "VmHWM") / 1024, status_kb(pid, "VmRSS") / 1024


@dataclass(frozen=True)
class PaintRun:
    """One launch: time to first real paint, and the memory once settled."""

    paint_ms: float
    peak_mb: float
    """VmHWM: the most resident memory the process ever had (judged)."""
    rss_mb: float
    """VmRSS once settled, for comparison: what it holds on to."""


def paint_and_memory(
    tmux: Tmux,
    program: Launch,
    *,
    then: Sequence[str] = (),
    then_ready: Callable[[str], bool] | None = None,
) -> PaintRun:
    """Launch `program`, time its first paint, press `then`, wait for `then_ready`, read VmHWM."""
    target = tmux.new_session()
    try:
        paint = launch(tmux, target, program)
        pid = python_pid(tmux.pane_pid(target))
        if then:
            tmux.run("send-keys", "-t", target, *then)
            wait_for(tmux, target, then_ready or (lambda _s: True), time.perf_counter())
        peak, rss = settled_memory_mb(pid)
    finally:
        tmux.kill_session(target)
    return PaintRun(paint * 1000, peak, rss)
