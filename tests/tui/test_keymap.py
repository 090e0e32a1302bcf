"""The `keymap:` config section: checked when read, applied to the app's bindings by id."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from tui_helpers import settle

from reader.archive import Archive
from reader.config import Config, ConfigError, load_config
from reader.tui.app import make_app
from reader.tui.keys import binding_ids, reader_node_types

pytestmark = pytest.mark.anyio


def _config(tmp_path: Path, text: str):
    path = tmp_path / "reader.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(config_file=str(path), env={}, cwd=tmp_path)


def test_keymap_section_is_read_and_checked(tmp_path: Path) -> None:
    config = _config(
        tmp_path, "keymap:\n  results.down: n\n  main.back: [ctrl+b, '[']\n  app.quit: 'q,ctrl+q'\n"
    )
    assert dict(config.keymap) == {
        "results.down": "n",
        "main.back": "ctrl+b,[",
        "app.quit": "q,ctrl+q",
    }
    assert _config(tmp_path, "archive: .\n").keymap == ()
    for bad in ("keymap: [j, k]\n", "keymap:\n  results.down: 3\n", "keymap:\n  x: ''\n"):
        with pytest.raises(ConfigError, match="keymap"):
            _config(tmp_path, bad)


def test_every_binding_has_an_id() -> None:
    """The reader's own bindings all have ids (so they can be remapped)."""
    from textual.binding import Binding

    for node_type in reader_node_types():
        for binding in vars(node_type).get("BINDINGS", []):
            assert isinstance(binding, Binding) and binding.id, (node_type, binding)
    assert {"results.down", "main.search", "app.quit"} <= binding_ids(reader_node_types())


async def test_remapped_keys_work_and_help_lists_them(
    archive: Archive, state_path: Path, tmp_path: Path
) -> None:
    keymap = (("results.down", "n"), ("main.bookmark", "ctrl+b"), ("no.such", "x"))
    config = Config(archive_dir=archive.root, index_dir=tmp_path / "index-keymap", keymap=keymap)
    with contextlib.closing(Archive(config)) as remapped:
        app = make_app(remapped, state_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()  # told at once (and only for a while: not after the build)
            assert any("no.such" in str(n.message) for n in app._notifications)
            await settle(pilot)
            screen = app.main_screen
            screen.results.focus()
            assert screen.results.highlighted == 0
            await pilot.press("n")
            assert screen.results.highlighted == 1
            await pilot.press("j")  # replaced, not added to
            assert screen.results.highlighted == 1
            await pilot.press("ctrl+b")
            await settle(pilot)
            assert remapped.bookmarks() == [screen.results.highlighted_id]
            await pilot.press("question_mark")
            await pilot.pause()
            text = " ".join(str(s.render()) for s in app.screen.query(".help-group"))
            assert "^b" in text or "ctrl+b" in text
