"""The user's research in the terminal reader (issue 19): bookmarks, read state and saved
searches in the archive's research folder (taken over once from the old state file), tags
(`t`, `T`), the note (`a`), the article in the editor (`E`), highlights (`h`, `H`), citations
(`c`, the palette) and read state (`U`, `.`), asserted as the user sees them and in the files
written under `research/`."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tui_articles import IMPORTED, MARKUP_TITLE, article_id
from tui_helpers import settle

from reader.archive import Archive
from reader.model.article import Article
from reader.model.ids import assign_identity
from reader.store import ArchiveStore
from reader.tui.app import ReaderApp, make_app
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.highlights import HighlightsScreen
from reader.tui.screens.lists import BookmarksScreen
from reader.tui.screens.note import CommentScreen, NoteScreen
from reader.tui.screens.tags import TagScreen, TagsScreen, parse_tags
from reader.tui.state import archive_key

pytestmark = pytest.mark.anyio

CAN_THO_LAO = "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào"
CAN_THO_60 = "Cần Thơ họp mặt kỷ niệm 60 năm quan hệ ngoại giao Việt Nam – Lào"
DA_NANG = "Đà Nẵng đón đoàn du khách quốc tế"
HA_NOI = "Hà Nội mở rộng không gian đi bộ"


def notices(app: ReaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def row_text(app: ReaderApp, article: str) -> str:
    results = app.main_screen.results
    index = results.index_of(article_id(article))
    assert index is not None, f"{article} is not in the results"
    row = results.rows[index]
    assert row is not None
    return str(row)


async def search(pilot: object, app: ReaderApp, query: str) -> None:
    screen = app.main_screen
    screen.set_query(query)
    await settle(pilot)  # type: ignore[arg-type]
    screen.results.focus()
    await settle(pilot)  # type: ignore[arg-type]


async def highlight_row(pilot: object, app: ReaderApp, article: str) -> None:
    results = app.main_screen.results
    index = results.index_of(article_id(article))
    assert index is not None
    results.focus()
    results.highlighted = index
    await settle(pilot)  # type: ignore[arg-type]


def editor_app(archive: Archive, state_path: Path, editor: Callable[[Path], None]) -> ReaderApp:
    """The app with `editor` as the user's editor, on a terminal that lends itself to it."""
    app = make_app(archive, state_path, editor=editor)

    @contextlib.contextmanager
    def suspended() -> Iterator[None]:
        yield

    app.suspend = suspended  # type: ignore[method-assign]
    return app


def research_file(archive: Archive, article: str) -> str:
    return (archive.root / "research" / f"{article_id(article)}.md").read_text("utf-8")


def test_typed_tags_add_and_remove() -> None:
    change = parse_tags(" Lào , biển đông,-cũ, ,- ")
    assert change.added == ("Lào", "biển đông") and change.removed == ("cũ",)
    assert change.describe() == "#Lào #biển đông added, #cũ removed"
    assert not parse_tags(" , ")


async def test_the_old_state_files_bookmarks_read_and_saved_searches_move_once(
    archive: Archive, state_path: Path
) -> None:
    bookmarked, read = article_id(DA_NANG), [article_id(HA_NOI), article_id(CAN_THO_LAO)]
    section = {
        "query": "",
        "read": read,
        "bookmarks": [bookmarked],
        "saved_searches": {"Lào": "lao"},
        "searches": ["cần thơ"],
    }
    state_path.parent.mkdir(parents=True)
    document = {"version": 2, "archives": {archive_key(archive.root): section}}
    state_path.write_text(json.dumps(document), "utf-8")
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        said = [n for n in notices(app) if "research/" in n]
        assert said and "1 bookmark, 1 saved search and 2 articles read now" in said[0]
        assert archive.bookmarks() == [bookmarked]
        assert archive.saved_searches() == {"Lào": "lao"}
        lines = (archive.root / "research" / "read.txt").read_text("utf-8").splitlines()
        assert [line for line in lines if not line.startswith("#")] == read
        await search(pilot, app, "Đà Nẵng đón đoàn")
        assert "★" in row_text(app, DA_NANG) and "•" in row_text(app, DA_NANG)
        await search(pilot, app, "không gian đi bộ")
        assert "•" not in row_text(app, HA_NOI), "read: no dot"
        assert app.main_screen.search_box.searches == ["cần thơ"], "UI state stays"
        await pilot.press("q")
    kept = json.loads(state_path.read_text("utf-8"))["archives"][archive_key(archive.root)]
    assert kept["bookmarks"] == [bookmarked] and kept["read"] == read, "nothing is lost"
    again = make_app(archive, state_path)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not [n for n in notices(again) if "research/" in n], "said the first time only"
        assert archive.bookmarks() == [bookmarked]


async def test_bookmarks_live_in_the_research_folder(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, app, "không gian đi bộ")
        await highlight_row(pilot, app, HA_NOI)
        await pilot.press("m")
        await settle(pilot)
        assert archive.bookmarks() == [article_id(HA_NOI)]
        assert "bookmarked:" in research_file(archive, HA_NOI)
        assert "★" in row_text(app, HA_NOI)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert HA_NOI in str(app.screen.items.get_option_at_index(0).prompt)
        await pilot.press("d")
        await settle(pilot)
        assert archive.bookmarks() == []
        await pilot.press("u")
        await settle(pilot)
        assert archive.bookmarks() == [article_id(HA_NOI)]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert archive.saved_searches() == {"không gian đi bộ": "không gian đi bộ"}


async def test_t_tags_the_highlighted_result_with_completion_and_removes_a_tag(
    archive: Archive, state_path: Path
) -> None:
    archive.add_tags([article_id(DA_NANG)], ["biển đông"])
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, app, "Đà Nẵng đón đoàn")
        assert "#biển đông" in row_text(app, DA_NANG), "tags shown after the title"
        await search(pilot, app, "không gian đi bộ")
        await highlight_row(pilot, app, HA_NOI)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"Lào, bi")
        await settle(pilot)
        tag_input = app.screen.query_one("#tag-input")
        assert tag_input._suggestion == "Lào, biển đông", "completes an existing tag"
        await pilot.press("right", "enter")
        await settle(pilot)
        assert archive.annotations(article_id(HA_NOI)).tags == ("Lào", "biển đông")
        assert "tags:\n- Lào\n- biển đông" in research_file(archive, HA_NOI)
        assert row_text(app, HA_NOI).split("\n")[0].endswith("#Lào #biển đông")
        # In the dialog, the article's tags are listed: tab, then delete takes one off.
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("tab", "delete", "enter")
        await settle(pilot)
        assert archive.annotations(article_id(HA_NOI)).tags == ("biển đông",)
        # `-name` typed removes it too; the open article's header shows what is left.
        await pilot.press("enter")
        await settle(pilot)
        assert [str(w.render()) for w in app.screen.query(".tags")] == ["#biển đông"]
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"-biển đông", "enter")
        await settle(pilot)
        assert archive.annotations(article_id(HA_NOI)).tags == ()
        assert not app.main_screen.article_view.query_one(".tags").display


async def test_T_tags_every_result_after_saying_how_many(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, app, "Cần Thơ")
        ids = archive.matching_ids("Cần Thơ")
        assert len(ids) >= 2
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"Cần Thơ", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == f"Change the tags of {len(ids)} articles: #Cần Thơ added?"
        await pilot.press("y")
        await settle(pilot)
        assert sorted(archive.tagged("cần thơ")) == sorted(ids)
        assert "tags:\n- Cần Thơ" in research_file(archive, CAN_THO_60)
        assert all("#Cần Thơ" in str(row) for row in app.main_screen.results.rows if row)
        # Saying no tags nothing.
        await pilot.press("T")
        await settle(pilot)
        await pilot.press(*"khác", "enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert archive.tagged("khác") == []


async def test_a_writes_the_note_in_a_text_area(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, app, "Đà Nẵng đón đoàn")
        await highlight_row(pilot, app, DA_NANG)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Cần kiểm tra", "enter", *"[bold]x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        note = "Cần kiểm tra\n[bold]x"
        assert archive.annotations(article_id(DA_NANG)).note == note
        assert research_file(archive, DA_NANG).endswith(f"---\n{note}\n")
        # esc with changes asks; yes drops them.
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.text_area.text == note
        await pilot.press(*"!!")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
        assert archive.annotations(article_id(DA_NANG)).note == note


async def test_h_highlights_the_paragraph_at_the_reading_position_and_H_lists_them(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, CommentScreen)
        assert "Nguyễn Thực Hiện có buổi tiếp đoàn" in app.screen.quote
        await pilot.press(*"nguồn chính", "enter")
        await settle(pilot)
        (highlight,) = archive.annotations(article_id(CAN_THO_LAO)).highlights
        assert highlight.paragraph == 1 and highlight.comment == "nguồn chính"
        assert "quote: Ngày 5/9, Phó Chủ tịch" in research_file(archive, CAN_THO_LAO)
        marked = [str(w.render()) for w in screen.article_view.query(".highlighted")]
        assert marked == [highlight.quote]
        # The list: quote and comment; enter goes to it, delete removes it.
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HighlightsScreen)
        row = str(app.screen.items.get_option_at_index(0).prompt)
        assert "¶1" in row and "Ngày 5/9" in row and "nguồn chính" in row
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.focused is screen.article_view
        await pilot.press("H", "delete")
        await settle(pilot)
        assert archive.annotations(article_id(CAN_THO_LAO)).highlights == ()
        assert "No highlights" in str(app.screen.items.get_option_at_index(0).prompt)
        await pilot.press("escape")
        await settle(pilot)
        assert not list(screen.article_view.query(".highlighted"))


async def test_a_highlight_of_a_later_paragraph_after_scrolling(
    tmp_path: Path, archive: Archive, state_path: Path
) -> None:
    body = "\n\n".join(f"Đoạn {n}: " + "chữ " * 60 for n in range(1, 30))
    article = assign_identity(Article(title="Bài nhiều đoạn", body=body), IMPORTED)
    ArchiveStore(archive.root).write(article)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article.id)
        await settle(pilot)
        await pilot.press("space", "space")
        await settle(pilot)
        view = screen.article_view
        found = view.reading_paragraph()
        assert found is not None and found[0] > 3
        await pilot.press("h", "enter")
        await settle(pilot)
        (highlight,) = archive.annotations(article.id).highlights
        assert highlight.paragraph == found[0]
        assert highlight.quote.startswith(f"Đoạn {found[0]}:")
        await pilot.press("home")
        await settle(pilot)
        await pilot.press("H", "enter")
        await settle(pilot)
        assert view.reading_paragraph() is not None
        assert view.reading_paragraph()[0] == found[0], "enter went to the highlight"


async def test_c_copies_a_citation_and_the_palette_copies_link_and_id(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(archive, state_path)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        expected = archive.cite(article_id(CAN_THO_LAO), style="apa").strip()
        assert copied == [expected] and "Hà Vy" in expected
        assert any(n.startswith("Citation (apa) copied") for n in notices(app))
        for name in ("Copy citation (Chicago)", "Copy link", "Copy id"):
            await pilot.press("ctrl+p")
            await pilot.press(*name)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        chicago = archive.cite(article_id(CAN_THO_LAO), style="chicago").strip()
        url = archive.get(article_id(CAN_THO_LAO)).url
        assert copied[1:] == [chicago, url, article_id(CAN_THO_LAO)]


async def test_read_state_U_marks_unread_and_full_stop_opens_the_next_unread(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, app, "Cần Thơ")
        screen = app.main_screen
        ids = screen.results.loaded_ids()
        assert len(ids) >= 2 and "•" in str(screen.results.rows[0])
        await pilot.press("enter")
        await settle(pilot)
        first = screen.article_view.article.id
        assert archive.is_read(first) and "•" not in str(screen.results.rows[0])
        await pilot.press("full_stop")
        await settle(pilot)
        second = screen.article_view.article.id
        assert second == ids[1] and archive.is_read(second)
        await pilot.press("U")
        await settle(pilot)
        assert not archive.is_read(second)
        assert "•" in str(screen.results.rows[1]), "unread again shows so"
        archive.mark_read([hit.id for hit in archive.search("Cần Thơ", limit=1000).hits])
        await pilot.press("full_stop")
        await settle(pilot)
        assert "Every article of this list is read." in notices(app)


async def test_E_edits_the_article_file_and_shows_the_edit(
    archive: Archive, state_path: Path
) -> None:
    edited: list[Path] = []

    def editor(path: Path) -> None:
        edited.append(path)
        text = path.read_text("utf-8")
        path.write_text(text.replace("mùa mưa", "mùa khô rực rỡ"), "utf-8")

    app = editor_app(archive, state_path, editor)

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(DA_NANG))
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert edited == [archive.article_path(article_id(DA_NANG))]
        assert "mùa khô rực rỡ" in screen.article_view.article.body
        assert any("indexed again" in n for n in notices(app))
        assert article_id(DA_NANG) in [h.id for h in archive.search("mùa khô rực rỡ").hits]


async def test_tags_and_notes_with_markup_are_shown_as_written(
    archive: Archive, state_path: Path
) -> None:
    archive.add_tags([article_id(MARKUP_TITLE)], ["[red]x[/]"])
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, app, "oops")
        assert "#[red]x[/]" in row_text(app, MARKUP_TITLE)
        app.main_screen.open_article(article_id(MARKUP_TITLE))
        await settle(pilot)
        assert [str(w.render()) for w in app.screen.query(".tags")] == ["#[red]x[/]"]


async def test_hash_lists_the_tags_with_counts_and_enter_searches_one(
    archive: Archive, state_path: Path
) -> None:
    archive.add_tags([article_id(DA_NANG), article_id(HA_NOI)], ["du lịch"])
    archive.add_tags([article_id(HA_NOI)], ["đô thị"])
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("number_sign")
        await settle(pilot)
        assert isinstance(app.screen, TagsScreen)
        rows = [str(o.prompt) for o in app.screen.query_one("#tag-counts").options]
        assert rows == ["#du lịch  2 articles", "#đô thị  1 article"]
        await pilot.press("enter")
        await settle(pilot)
        screen = app.main_screen
        assert screen.search_box.value == 'tag:"du lịch"'
        assert sorted(screen.results.loaded_ids()) == sorted(
            [article_id(DA_NANG), article_id(HA_NOI)]
        )


async def test_the_note_in_the_users_editor(archive: Archive, state_path: Path) -> None:
    archive.set_note(article_id(DA_NANG), "trước")
    seen: list[str] = []

    def editor(path: Path) -> None:
        seen.append(path.read_text("utf-8"))
        path.write_text("sau khi sửa\n", "utf-8")

    app = editor_app(archive, state_path, editor)

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main_screen.open_article(article_id(DA_NANG))
        await settle(pilot)
        app.main_screen.research.run("note_in_editor")
        await settle(pilot)
        assert seen == ["trước"]
        assert archive.annotations(article_id(DA_NANG)).note == "sau khi sửa\n"
        assert "Note saved." in notices(app)


async def test_the_sample_archive_is_read_but_never_written(tmp_path: Path) -> None:
    from tui_articles import build_archive

    from reader.config import Config

    root = build_archive(tmp_path / "sample")
    config = Config(archive_dir=root, index_dir=tmp_path / "index", sample=True)
    with contextlib.closing(Archive(config)) as sample:
        app = make_app(sample, tmp_path / "state.json")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.main_screen.open_article(article_id(DA_NANG))
            await settle(pilot)
            for key in ("m", "t", "a", "h", "U"):
                await pilot.press(key)
                await settle(pilot)
            assert app.screen is app.main_screen, "no dialog opened"
            assert any("sample archive is not written to" in n for n in notices(app))
            await pilot.press("c")
            await settle(pilot)
            assert any(n.startswith("Citation (apa) copied") for n in notices(app))
        assert not (root / "research").exists()


async def test_a_damaged_annotation_file_is_said_and_the_rest_shows(
    archive: Archive, state_path: Path
) -> None:
    archive.add_tags([article_id(HA_NOI)], ["đô thị"])
    broken = archive.root / "research" / f"{article_id(DA_NANG)}.md"
    broken.write_text("---\ntags: [unclosed\n---\n", "utf-8")
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        said = [n for n in notices(app) if n.startswith("Cannot read your annotations")]
        assert len(said) == 1 and broken.name in said[0]
        await search(pilot, app, "Đà Nẵng đón đoàn")
        assert DA_NANG in row_text(app, DA_NANG)
        await search(pilot, app, "không gian đi bộ")
        assert "#đô thị" in row_text(app, HA_NOI)
        assert len([n for n in notices(app) if "annotations" in n]) == 1, "said once"


async def test_D_moves_the_article_to_the_trash_after_asking_and_ctrl_z_puts_it_back(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, app, "Cần Thơ Lào")
        removed = article_id(CAN_THO_60)
        await highlight_row(pilot, app, CAN_THO_60)
        tagged_before = archive.tags()
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing moves
        await settle(pilot)
        assert (archive.root / f"{removed}.md").exists()
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not (archive.root / f"{removed}.md").exists()
        assert removed not in archive.matching_ids("Cần Thơ Lào")
        assert app.main_screen.results.index_of(removed) is None
        assert any(n.startswith("Moved to the trash:") for n in notices(app))
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert (archive.root / f"{removed}.md").exists()
        assert removed in archive.matching_ids("Cần Thơ Lào")
        assert app.main_screen.results.index_of(removed) is not None
        assert archive.tags() == tagged_before
