"""Help and settings: the `?` screen, the footer at 80 columns, the command palette, the theme."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from textual.widgets import TabbedContent
from tui_articles import article_id
from tui_helpers import settle

from reader.archive import Archive
from reader.config import Config, load_config
from reader.tui.app import make_app
from reader.tui.commands import ReaderCommands

pytestmark = pytest.mark.anyio

DA_NANG = "Đà Nẵng đón đoàn du khách quốc tế"


def help_rows(app: object) -> list[tuple[str, str]]:
    """(keys, what they do and the ids) of each row of the keys page."""
    screen = app.screen  # type: ignore[attr-defined]
    text = "\n".join(str(s.render()) for s in screen.query("#help-keys .help-group"))
    return [(line[2:25].strip(), line[25:]) for line in text.splitlines() if line[:2] == "  "]


async def test_help_lists_the_readers_own_keys_once_with_their_ids(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        text = "\n".join(f"{keys} {said}" for keys, said in rows)
        for expected in ("app.quit", "main.search", "results.last", "related.zoom", "list.undo"):
            assert expected in text
        for internal in ("cursor", "Delete", "select all", "Move", "home end ctrl"):
            assert internal not in text, f"a text input's key ({internal}) is listed"
        assert len(rows) == len(set(rows)), "nothing twice"
        assert [keys for keys, _ in rows].count("tab") == 1, "tab is listed once"
        assert all(said[:1].islower() for _, said in rows), "one case"
        names = [name for keys, _ in rows for name in keys.split()]
        assert all(name == name.lower() or len(name) == 1 for name in names), "N is shift+n"
        await pilot.press("right")
        pages = app.screen.query_one(TabbedContent)
        assert pages.active == "help-syntax"
        syntax = " ".join(str(s.render()) for s in app.screen.query("#help-syntax Static"))
        for example in ('"ủy ban nhân dân"', "person:", "date:2022-09", "-biển", "OR"):
            assert example in syntax
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_the_footer_keeps_help_and_quit_at_80_columns(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.main_screen.open_article(article_id(DA_NANG))
        await settle(pilot)
        pinned = app.main_screen.query_one(".pinned")
        shown = [str(key.render()) for key in pinned.children]
        assert any("keys" in s for s in shown) and any("quit" in s for s in shown)
        for key in pinned.children:
            assert key.region.right <= 80 and key.region.width > 0


async def palette_names(app: object) -> list[str]:
    provider = ReaderCommands(app.screen)  # type: ignore[attr-defined]
    return [str(hit.prompt) async for hit in provider.discover()]


async def test_the_palette_shows_keys_and_only_what_applies(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = await palette_names(app)
        assert "Toggle sort: date / relevance  s" in names
        assert "Fetch a URL…" in names and "Stop fetching" not in names
        assert not [n for n in names if n.startswith(("Find in article", "Back", "Forward"))]
        app.main_screen.results.highlighted = None
        names = await palette_names(app)
        assert not [n for n in names if n.startswith("Bookmark this article")]
        app.main_screen.open_article(article_id(DA_NANG))
        await settle(pilot)
        names = await palette_names(app)
        assert "Bookmark this article  m" in names and "Find in article  ^f" in names


async def test_rebuilding_the_index_from_the_palette_asks_first(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        started: list[bool] = []
        screen = app.main_screen
        screen.work.sync = lambda rebuild=False, first=None: started.append(rebuild)  # type: ignore[method-assign]
        names = await palette_names(app)
        assert names[-1].startswith("Rebuild the index"), "last: not what enter runs at once"
        screen.action_rebuild_index()
        await pilot.pause()
        assert "Build the search index of the whole archive again?" in str(
            app.screen.query_one(".dialog-title").render()
        )
        await pilot.press("n")
        await pilot.pause()
        assert started == []
        screen.action_rebuild_index()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert started == [True]


async def test_a_theme_chosen_in_the_palette_is_remembered(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
        await pilot.press("q")
    assert json.loads(state_path.read_text())["theme"]["name"] == "nord"
    again = make_app(archive, state_path)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_a_theme_in_the_config_is_used_and_a_later_one_wins(
    archive: Archive, state_path: Path, tmp_path: Path
) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text("theme: dracula\n", encoding="utf-8")
    config = load_config(
        archive=str(archive.root), index=str(tmp_path / "ix"), config_file=str(config_file)
    )
    assert config.theme == "dracula" and config.source("theme") == str(config_file)
    with contextlib.closing(Archive(config)) as themed:
        app = make_app(themed, state_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.theme == "dracula"
            app.theme = "gruvbox"  # chosen in the palette: remembered over the config's
            await settle(pilot)
            await pilot.press("q")
        app = make_app(themed, state_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.theme == "gruvbox"
    # The config's theme changed since that choice: the config's new one wins.
    changed = Config(archive_dir=archive.root, index_dir=tmp_path / "ix", theme="nord")
    with contextlib.closing(Archive(changed)) as themed:
        app = make_app(themed, state_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.theme == "nord"
    unknown = Config(archive_dir=archive.root, index_dir=tmp_path / "ix", theme="no-such")
    with contextlib.closing(Archive(unknown)) as themed:
        app = make_app(themed, tmp_path / "other-state.json")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert any("no theme called no-such" in str(n.message) for n in app._notifications)


def test_a_theme_that_is_not_a_name_is_refused(tmp_path: Path) -> None:
    from reader.config import ConfigError

    config_file = tmp_path / "config.yaml"
    config_file.write_text("theme: [a, b]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="theme must be the name of a theme"):
        load_config(archive=str(tmp_path), config_file=str(config_file))
