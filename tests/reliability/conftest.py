"""The figures the reliability tests report: printed after the run, published by `make torture`.

Every crash and concurrency test records what it saw (kills, acknowledged wins, wins found...).
The figures are printed in a short section at the end of the pytest run. The full-size runs
(`@pytest.mark.slow`, run by `make torture`) also write them, with the date and the machine, to
docs/figures/reliability-last-run.json, which docs/reliability.md quotes; the small runs of
`make test` never touch that file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIGURES_FILE = REPO / "docs" / "figures" / "reliability-last-run.json"

Record = Callable[..., None]
_RECORDED = pytest.StashKey[list[tuple[str, dict[str, Any], bool]]]()


def machine() -> dict[str, Any]:
    """When and where the figures were measured."""
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


@pytest.fixture
def record_figures(request: pytest.FixtureRequest) -> Record:
    """`record_figures(name, figures, publish=False)`: report a test's figures at the end."""
    recorded = request.config.stash.setdefault(_RECORDED, [])

    def record(name: str, figures: dict[str, Any], *, publish: bool = False) -> None:
        print(f"\n{name}: {json.dumps(figures)}")
        recorded.append((name, figures, publish))

    return record


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    recorded = config.stash.get(_RECORDED, [])
    if not recorded:
        return
    terminalreporter.section("reliability figures")
    for name, figures, _publish in recorded:
        terminalreporter.write_line(f"{name}: {json.dumps(figures)}")
    measured = machine()
    published = {name: {**figures, "measured": measured} for name, figures, pub in recorded if pub}
    if published:
        old = json.loads(FIGURES_FILE.read_text()) if FIGURES_FILE.exists() else {}
        runs = {**old.get("runs", {}), **published}
        FIGURES_FILE.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"runs": runs}, indent=2, ensure_ascii=False)
        FIGURES_FILE.write_text(text + "\n", encoding="utf-8")
        terminalreporter.write_line(f"written to {FIGURES_FILE.relative_to(REPO)}")
