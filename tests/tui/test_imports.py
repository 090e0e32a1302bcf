"""The TUI's import boundaries: no Whoosh, httpx or extraction/NLP libraries at start-up."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "src" / "reader" / "tui"
HEAVY = ("whoosh", "httpx", "trafilatura", "underthesea", "pyvi", "lxml")
OTHER_COMMANDS = ("reader.cli.fetch_cmd", "reader.cli.entities_cmd", "rich.progress")


def test_tui_sources_never_import_whoosh_or_httpx() -> None:
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in ("whoosh", "httpx"), f"{path}: imports {name}"


def test_importing_the_app_loads_no_heavy_library() -> None:
    code = (
        "import sys, reader.tui.app, reader.tui.launch\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _loaded_when_the_app_is_built(names: tuple[str, ...], env: dict[str, str]) -> list[str]:
    """Which of `names` (modules, or packages with all of theirs) `reader` (no command) has
    loaded when it builds the app, on the sample archive."""
    code = (
        "import sys\n"
        "import reader.tui.app as app\n"
        "def stop(*a, **k):\n"
        f"    names = {names!r}\n"
        "    print(sorted(m for m in sys.modules if m in names or m.split('.')[0] in names))\n"
        "    raise SystemExit(0)\n"
        "app.make_app = stop\n"
        "from reader.cli.main import main\n"
        "main(['--archive', sys.argv[1]])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(TUI.parents[2] / "sample_articles")],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    loaded: list[str] = ast.literal_eval(done.stdout.strip())
    return loaded


def test_starting_the_tui_from_the_cli_loads_no_heavy_library() -> None:
    """What `reader` (no command) has loaded when the app is built: the issue asks for no
    fetch or NLP libraries on the cold-start path (Whoosh comes later, in a worker), and
    the other commands' modules (their parsers' set-up) are not loaded either."""
    heavy = (*HEAVY, "whoosh", *OTHER_COMMANDS)
    assert _loaded_when_the_app_is_built(heavy, dict(os.environ)) == []


def test_the_first_screen_waits_for_nothing_it_does_not_show(tmp_path: Path) -> None:
    """Every module imported before the first frame is time the user waits at each launch:
    PyYAML (~10 ms) waits for a config file or the first article read, the browser for a
    link opened, and the screens opened by a key for that key."""
    later = (
        "yaml",
        "webbrowser",
        "reader.tui.screens.confirm",
        "reader.tui.screens.highlights",
        "reader.tui.screens.lists",
        "reader.tui.screens.tags",
        "reader.tui.screens.fetch",
    )
    no_config = {
        **{k: v for k, v in os.environ.items() if k != "READER_CONFIG"},
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    assert _loaded_when_the_app_is_built(later, no_config) == []


def test_the_app_paints_up_to_120_frames_a_second_unless_the_user_says_otherwise() -> None:
    code = "import reader.tui.app, textual.constants as c; print(c.MAX_FPS)"
    unset = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    ours = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=unset
    )
    assert ours.stdout.strip() == "120"
    env = {**os.environ, "TEXTUAL_FPS": "30"}
    theirs = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert theirs.stdout.strip() == "30"
