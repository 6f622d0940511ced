"""The baseline of first paint and memory: a bare Textual app that draws one line.

python benchmarks/bare_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

BARE_LINE = "bare textual app: one line"
"""What the bare app shows; the benchmark waits for it on the terminal."""


class BareApp(App[None]):
    """One line of text, nothing else."""

    def compose(self) -> ComposeResult:
        yield Static(BARE_LINE)


if __name__ == "__main__":
    BareApp().run()
