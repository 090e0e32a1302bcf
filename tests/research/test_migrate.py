"""The TUI's old state file taken over by the research folder: once, losing nothing, leaving
the state file and other archives' sections as they were."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from reader.archive import ArchiveError
from reader.research.migrate import migrate_ui_state, state_key
from reader.research.store import ResearchError, ResearchStore

from .conftest import Built


@dataclass(frozen=True)
class OldState:
    """What the TUI kept of one archive in its state file before the research folder."""

    read: list[str]
    bookmarks: list[str]  # newest first
    saved_searches: dict[str, str]


def _old_state(path: Path, archive_root: Path, built: Built | None = None) -> OldState:
    """A state file as the TUI wrote it before the research folder (version 2, a section per
    archive), with a section of another archive beside this one's."""
    ids = list(built.ids.values()) if built else ["a-1", "b-2", "c-3"]
    state = OldState(
        read=[*ids[:3], "gone-since-9c1d2e3f"],
        bookmarks=[ids[2], ids[0], "gone-since-9c1d2e3f"],
        saved_searches={"Cần Thơ": "can tho lao", "mưa": 'title:mua date:2022 -"bão số"'},
    )
    section = {"query": "can tho", "article_id": ids[0], "scroll_y": 12.5, "sort": "date"}
    document = {
        "version": 2,
        "archives": {
            state_key(archive_root): {**section, **asdict(state)},
            state_key(archive_root.parent / "another-archive"): {
                "read": ["x-1"],
                "bookmarks": ["x-1"],
                "saved_searches": {"other": "x"},
            },
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return state


def test_the_migration_takes_everything_once_and_leaves_the_state_file_alone(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    state_file = tmp_path / "data" / "state.json"
    old = _old_state(state_file, root)
    before = state_file.read_bytes()
    store = ResearchStore(root)
    store.set_read(["z-9"])  # read in the archive already
    store.change_searches(lambda s: {**s, "mưa": "something else"})  # a name taken

    report = migrate_ui_state(store, state_file, root)

    assert report.found and not report.already
    assert (report.read, report.bookmarks, report.saved_searches) == (4, 3, 2)
    assert store.read_ids() == ("z-9", *old.read)
    snapshot = store.snapshot()
    assert snapshot.bookmarks() == old.bookmarks  # the same order, newest first
    assert store.searches() == {
        "mưa": "something else",
        "Cần Thơ": "can tho lao",
        "mưa (2)": 'title:mua date:2022 -"bão số"',
    }
    assert report.renamed == {"mưa": "mưa (2)"}
    assert state_file.read_bytes() == before
    (record,) = store.migrations()
    assert record["state_file"] == str(state_file) and record["read"] == 4

    # A second run (the TUI calls it at every start) changes nothing, even after the user
    # has since removed a bookmark that the state file still lists.
    store.update(old.bookmarks[0], lambda a: a.changed(bookmarked=None))
    again = migrate_ui_state(store, state_file, root)
    assert again.already and again.bookmarks == 0
    assert store.snapshot().bookmarks() == old.bookmarks[1:]


def test_an_archive_without_a_section_or_a_state_file_has_nothing_to_take(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    state_file = tmp_path / "state.json"
    store = ResearchStore(root)
    assert not migrate_ui_state(store, state_file, root).found
    _old_state(state_file, tmp_path / "elsewhere")
    report = migrate_ui_state(store, state_file, root)
    assert not report.found
    assert not (root / "research").exists()


def test_a_damaged_state_file_changes_nothing_and_can_be_migrated_once_fixed(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    state_file = tmp_path / "state.json"
    state_file.write_text('{"version": 2, "archives": {', "utf-8")
    store = ResearchStore(root)
    with pytest.raises(ResearchError, match="not JSON"):
        migrate_ui_state(store, state_file, root)
    assert store.migrations() == []
    _old_state(state_file, root)
    assert migrate_ui_state(store, state_file, root).read == 4


def test_a_hand_copied_state_file_of_today_migrates_through_the_archive(built: Built) -> None:
    archive = built.archive
    ids = built.ids
    state_file = built.tmp / "state.json"
    state_file.write_text(
        json.dumps(
            {
                "version": 2,
                "archives": {
                    state_key(archive.root): {
                        "query": "lao",
                        "article_id": ids["can-tho"],
                        "scroll_y": 3.0,
                        "sort": "relevance",
                        "read": [ids["can-tho"], ids["da-nang"], 7, None],
                        "bookmarks": [ids["laos-deal"], ids["da-nang"]],
                        "saved_searches": {"Lào": "lao", "broken": 3},
                    }
                },
            },
            ensure_ascii=False,
        ),
        "utf-8",
    )
    report = archive.migrate_ui_state(state_file)
    assert (report.read, report.bookmarks, report.saved_searches) == (2, 2, 1)
    assert archive.bookmarks() == [ids["laos-deal"], ids["da-nang"]]
    assert archive.saved_searches() == {"Lào": "lao"}
    unread = {h.id for h in archive.search("is:unread", limit=50, typing=False).hits}
    assert unread == set(ids.values()) - {ids["can-tho"], ids["da-nang"]}
    bookmarked = archive.search("is:bookmarked", typing=False)
    assert [h.id for h in bookmarked.hits] == [ids["laos-deal"], ids["da-nang"]]  # newest


def test_the_facade_says_what_is_wrong_with_a_state_file_in_one_line(built: Built) -> None:
    state_file = built.tmp / "state.json"
    state_file.write_text('{"version": 9}', "utf-8")
    with pytest.raises(ArchiveError, match="not a reader state file"):
        built.archive.migrate_ui_state(state_file)
