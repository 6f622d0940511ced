"""The layers hold: the domain is pure, only the store touches TinyDB, the CLI stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

FORBIDDEN_IN_DOMAIN = {"textual", "rich", "tinydb"}
PACKAGE = Path(__file__).resolve().parent.parent / "smallwins_tui"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_imports_no_ui_or_storage_library() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            _imported_modules(path) & {"textual", "rich", "tinydb"}
        )
        for path in (PACKAGE / "domain").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_store_imports_tinydb() -> None:
    users = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tinydb" in _imported_modules(path) and path.parent.name != "store"
    ]
    assert users == []


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_domain_loads_without_textual_rich_or_tinydb() -> None:
    loaded = _loaded_after(
        "import smallwins_tui.domain.rules, smallwins_tui.domain.heatmap, "
        "smallwins_tui.domain.commands, smallwins_tui.domain.celebrate"
    )
    assert not loaded & {"textual", "rich", "tinydb"}


def test_command_line_commands_do_not_load_textual() -> None:
    loaded = _loaded_after(
        "import smallwins_tui.cli as c, smallwins_tui.report, smallwins_tui.demo"
    )
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_logging_a_win_loads_only_what_logging_needs(tmp_path: Path) -> None:
    # `smallwins log` is typed many times a day: no importer, exporter, merge or dashboard.
    store = tmp_path / "s.json"
    code = (
        "import sys; from smallwins_tui.cli import main; "
        f"main(['--db', {str(store)!r}, 'log', 'a small win']); "
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stderr.split())
    assert "★ a small win" in out.stdout
    heavy = {"textual", "rich", "smallwins_tui.transfer", "smallwins_tui.domain.merge"}
    assert not {m for m in loaded if m.split(".")[0] in heavy or m in heavy}
    assert not {
        m for m in loaded if m.startswith(("smallwins_tui.transfer.", "smallwins_tui.cli_g"))
    }


def test_reading_commands_load_no_lock_and_no_user_folder_lookup(tmp_path: Path) -> None:
    # A status bar runs `smallwins status` every few seconds: it takes no lock (filelock, with
    # logging behind it) and, given --db, never asks where the user data folder is.
    store = tmp_path / "s.json"
    subprocess.run(
        [sys.executable, "-m", "smallwins_tui", "--db", str(store), "log", "x"],
        capture_output=True,
        check=True,
    )
    code = (
        "import sys; from smallwins_tui.cli import main; "
        f"main(['--db', {str(store)!r}, 'status']); "
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in out.stderr.split()}
    assert "1 win today" in out.stdout
    assert not loaded & {"filelock", "platformdirs", "secrets"}


def test_the_parser_lists_every_import_format() -> None:
    from smallwins_tui.cli_transfer import IMPORT_FORMATS
    from smallwins_tui.transfer.importers import FORMATS

    assert IMPORT_FORMATS == FORMATS


def test_dateutil_parser_loads_only_when_pendulum_falls_back_on_it(tmp_path: Path) -> None:
    # pendulum imports dateutil's parser (~10 ms, with dateutil.tz) for `parse(strict=False)`
    # alone, which smallwins never calls: every command and the dashboard would pay for it.
    store = tmp_path / "s.json"
    code = (
        "import sys; from smallwins_tui.cli import main; "
        f"main(['--db', {str(store)!r}, 'log', 'x']); "
        "import smallwins_tui.app; "
        "executed = [m for m in ('dateutil.parser._parser', 'dateutil.tz') if m in sys.modules]; "
        "import pendulum; "
        "print(executed, pendulum.parse('2024-03-03').day, "
        "pendulum.parse('March 4 2024', strict=False).day, "
        "'dateutil.parser._parser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[] 3 4 True"
