"""The benchmark table's verdicts, and the floor that rewrites a store file."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import DEFAULT_TODAY, generate
from benchmarks.report import Row, markdown_table, text_table
from benchmarks.run import file_round_trip
from smallwins_tui.store import Store


def test_a_floor_row_has_no_verdict_and_a_target_row_has_one() -> None:
    rows = [
        Row("1. paint", "500 ms", "bare 200 ms", 2.5, "≤ 1.3× bare", False),
        Row("1a. floor", "400 ms", "bare 200 ms", 2.0, "(information)", None),
        Row("4. memory", "100 MB", "bare 30 MB", 3.3, "< 120 MB", True),
    ]

    verdicts = [line.rsplit("|", 1)[1].strip() for line in text_table(rows).splitlines()[2:]]
    cells = [line.split("|")[-2].strip() for line in markdown_table(rows).splitlines()[2:]]

    assert verdicts == ["FAIL", "—", "PASS"]
    assert cells == ["FAIL", "—", "PASS"]


def test_the_file_floor_writes_the_store_whole_elsewhere(tmp_path: Path) -> None:
    store = generate(tmp_path / "smallwins.json", 0, 2, 3, DEFAULT_TODAY, days=20).path
    before = store.read_bytes()
    snapshot = Store(store).read()
    (tmp_path / "copy").mkdir()

    seconds = file_round_trip(store, tmp_path / "copy")

    assert 0 < seconds < 60
    assert store.read_bytes() == before
    assert Store(tmp_path / "copy" / "smallwins.json").read() == snapshot
