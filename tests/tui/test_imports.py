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


def test_starting_the_tui_from_the_cli_loads_no_heavy_library() -> None:
    """What `reader` (no command) has loaded when the app is built: the issue asks for no
    fetch or NLP libraries on the cold-start path (Whoosh comes later, in a worker), and
    the other commands' modules (their parsers' set-up) are not loaded either."""
    code = (
        "import sys\n"
        "import reader.tui.app as app\n"
        "def stop(*a, **k):\n"
        f"    heavy = {(*HEAVY, 'whoosh', *OTHER_COMMANDS)!r}\n"
        "    print(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy))\n"
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
    )
    assert done.stdout.strip() == "[]"


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
