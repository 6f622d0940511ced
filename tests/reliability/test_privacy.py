"""A journal is private: owner-only files, and smallwins never opens a network connection."""

from __future__ import annotations

import asyncio
import os
import socket
import stat
from pathlib import Path
from typing import Any

import pytest

from smallwins_tui import cli
from smallwins_tui.app import make_app
from smallwins_tui.demo import DEMO_NOW
from smallwins_tui.domain.clock import Clock
from smallwins_tui.store import Store
from smallwins_tui.store import storage as storage_module


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_lock_temporary_files_and_backups_are_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data" / "smallwins"
    db = folder / "smallwins.json"
    temp_modes: list[int] = []
    real_replace = os.replace

    def spying_replace(src: Any, dst: Any) -> None:
        temp_modes.append(stat.S_IMODE(os.stat(src).st_mode))
        real_replace(src, dst)

    monkeypatch.setattr(storage_module.os, "replace", spying_replace)
    monkeypatch.setenv("TZ", "UTC")
    for day in ("2026-11-23", "2026-11-24"):  # each day's first change of a file backs it up
        monkeypatch.setenv("SMALLWINS_NOW", f"{day}T12:00:00+00:00")
        assert cli.main(["--db", str(db), "log", "one"]) == 0
        assert cli.main(["--db", str(db), "log", "two"]) == 0
    capsys.readouterr()
    files = sorted(folder.iterdir())
    assert [p.name for p in files] == [
        "smallwins.json",
        "smallwins.json.backup-2026-11-23",
        "smallwins.json.backup-2026-11-24",
        "smallwins.json.lock",
    ]
    assert mode(folder) == 0o700
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert temp_modes and set(temp_modes) == {0o600}


def test_no_network_connection_is_ever_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("smallwins must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    monkeypatch.setenv("SMALLWINS_NOW", DEMO_NOW.to_iso8601_string())
    db = tmp_path / "net.json"
    for args in (["demo"], ["today"], ["stats"], ["status"], ["log", "offline"], ["check"]):
        assert cli.main(["--db", str(db), *args]) == 0
    capsys.readouterr()

    async def look_around() -> None:
        app = make_app(Store(db), Clock.fixed(DEMO_NOW))
        async with app.run_test(size=(80, 24)) as pilot:
            for key in ("space", "2", "3", "1", "w"):
                await pilot.press(key)
                await pilot.pause(0.2)

    asyncio.run(look_around())
    assert attempts == []
