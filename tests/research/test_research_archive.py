"""Research on a real archive through the facade: annotation queries combined with the rest of
the query language, answers that follow every change without re-indexing, and annotations
that survive whatever rewrites the articles or the index."""

from __future__ import annotations

import pytest

from reader.archive import ArchiveError, ArticleNotFound
from reader.research.passages import Place

from .conftest import PAGES, Built


def _ids(built: Built, query: str, typing: bool = False) -> set[str]:
    found = built.archive.search(query, limit=50, typing=typing)
    assert found.total == len(found.hits)
    return {h.id for h in found.hits}


def _annotate(built: Built) -> dict[str, str]:
    archive, ids = built.archive, built.ids
    archive.add_tags([ids["can-tho"], ids["laos-deal"]], ["Lào", "ngoại giao"])
    archive.add_tags([ids["da-nang"]], ["Thời tiết"])
    archive.set_note(ids["da-nang"], "Đối chiếu với số liệu của Trung tâm khí tượng.")
    archive.add_highlight(ids["laos-deal"], 1, comment="năng lượng và thương mại")
    archive.set_bookmark(ids["hanoi-traffic"])
    archive.mark_read([ids["can-tho"], ids["hostile"]])
    return ids


def test_annotation_queries_combine_with_words_fields_dates_or_and_not(built: Built) -> None:
    ids = _annotate(built)
    every = set(ids.values())
    assert _ids(built, "tag:lao") == {ids["can-tho"], ids["laos-deal"]}
    assert _ids(built, 'tag:"Lào"') == {ids["can-tho"], ids["laos-deal"]}
    assert _ids(built, "tag:lào") == {ids["can-tho"], ids["laos-deal"]}
    assert _ids(built, "tag:ngoai-giao lang:en") == {ids["laos-deal"]}
    assert _ids(built, "tag:lao date:2022") == {ids["can-tho"]}
    assert _ids(built, "tag:lao -hop") == {ids["laos-deal"]}
    assert _ids(built, "tag:lao NOT is:read") == {ids["laos-deal"]}
    assert _ids(built, "tag:lao OR tag:thoi-tiet") == {
        ids["can-tho"],
        ids["laos-deal"],
        ids["da-nang"],
    }
    assert _ids(built, "tag:thoi-tiet OR is:bookmarked mua") == {ids["da-nang"]}
    assert _ids(built, 'note:"khi tuong"') == {ids["da-nang"]}
    assert _ids(built, 'note:"thương mại"') == {ids["laos-deal"]}  # a highlight's comment
    assert _ids(built, "note:thuong place:lao") == {ids["laos-deal"]}
    assert _ids(built, "has:notes") == {ids["da-nang"]}
    assert _ids(built, "has:highlights") == {ids["laos-deal"]}
    assert _ids(built, "is:bookmarked") == {ids["hanoi-traffic"]}
    assert _ids(built, "is:read") == {ids["can-tho"], ids["hostile"]}
    assert _ids(built, "is:unread") == every - {ids["can-tho"], ids["hostile"]}
    assert _ids(built, "title:hanoi is:unread") == {ids["hanoi-traffic"]}
    assert _ids(built, "(is:read OR has:notes) -tag:lao") == {ids["hostile"], ids["da-nang"]}
    assert _ids(built, "tag:nothing-like-this") == set()
    # While typing, a tag is a prefix of the tags.
    assert _ids(built, "tag:ngo", typing=True) == {ids["can-tho"], ids["laos-deal"]}
    assert _ids(built, "tag:ngo") == set()


def test_answers_follow_every_change_without_touching_the_index(built: Built) -> None:
    ids = _annotate(built)
    archive = built.archive
    generation = archive.index.generation()
    assert _ids(built, "tag:lao", typing=True) == {ids["can-tho"], ids["laos-deal"]}
    assert archive.remove_tags([ids["can-tho"]], ["LÀO"]) == 1
    assert _ids(built, "tag:lao", typing=True) == {ids["laos-deal"]}
    archive.mark_read([ids["hostile"]], read=False)
    assert ids["hostile"] in _ids(built, "is:unread")
    assert archive.toggle_bookmark(ids["hanoi-traffic"]) is False
    assert _ids(built, "is:bookmarked") == set()
    assert archive.index.generation() == generation  # not one write to the index


def test_tag_counts_bookmarks_and_next_unread(built: Built) -> None:
    ids = _annotate(built)
    archive = built.archive
    assert [(t.tag, t.count) for t in archive.tags()] == [
        ("Lào", 2),
        ("ngoại giao", 2),
        ("Thời tiết", 1),
    ]
    assert [(t.tag, t.count) for t in archive.tags(among=[ids["da-nang"]])] == [("Thời tiết", 1)]
    assert archive.tagged("lao") == sorted([ids["can-tho"], ids["laos-deal"]])
    archive.set_bookmark(ids["da-nang"])
    # Most recently bookmarked first (within one second: by id; the order over time is
    # tested with the migration's bookmarks).
    assert set(archive.bookmarks()) == {ids["da-nang"], ids["hanoi-traffic"]}
    order = [ids[n] for n in ("can-tho", "da-nang", "hostile", "laos-deal")]
    assert archive.next_unread(order) == ids["da-nang"]
    assert archive.next_unread(order, after=ids["da-nang"]) == ids["laos-deal"]
    assert archive.next_unread(order, after=ids["laos-deal"]) == ids["da-nang"]  # wraps
    archive.mark_read(order)
    assert archive.next_unread(order) is None
    assert archive.is_read(ids["da-nang"])


def test_annotations_survive_rebuild_reindex_reextract_and_reimport(built: Built) -> None:
    ids = _annotate(built)
    archive = built.archive
    research = archive.root / "research"
    before = {p.name: p.read_bytes() for p in research.iterdir()}
    archive.rebuild_index()
    archive.reextract_entities()
    archive.sync_index(thorough=True)
    # The article's file rewritten, as an edit or `entities --reextract` does: same id.
    path = archive.store.path_for(ids["can-tho"])
    path.write_text(path.read_text("utf-8").replace("Hai bên", "Hai phía"), "utf-8")
    archive.import_paths([built.tmp / "in"])  # every file a duplicate now
    archive.sync_index()
    assert {p.name: p.read_bytes() for p in research.iterdir()} == before
    assert _ids(built, "tag:lao") == {ids["can-tho"], ids["laos-deal"]}
    assert archive.annotations(ids["can-tho"]).tags == ("Lào", "ngoại giao")


def test_research_and_trash_files_are_never_taken_for_articles(built: Built) -> None:
    _annotate(built)
    archive = built.archive
    archive.save_search("Lào", "tag:lao")
    # Even a research file that is a complete article file named like an article id.
    (archive.root / "research" / "fake-article-1a2b3c4d.md").write_text(
        PAGES["da-nang.md"], "utf-8"
    )
    (archive.root / "trash" / "x").mkdir(parents=True)
    (archive.root / "trash" / "x" / "fake-article-2a2b3c4d.md").write_text(
        PAGES["da-nang.md"], "utf-8"
    )
    assert set(archive.store.stamps()) == set(built.ids.values())
    report = archive.sync_index()
    assert (report.added, report.removed, report.problems) == (0, 0, [])
    rebuilt = archive.rebuild_index()
    assert rebuilt.added == len(PAGES) and not rebuilt.problems
    assert archive.check_index() == []
    assert archive.search("", typing=False).total == len(PAGES)


def test_highlights_are_found_again_when_the_article_file_changes(built: Built) -> None:
    ids = built.ids
    archive = built.archive
    highlight = archive.add_highlight(ids["can-tho"], 2, 2)
    assert highlight.quote == "Đoàn Lào cảm ơn sự đón tiếp nồng hậu."
    assert archive.highlight_places(ids["can-tho"]) == [(highlight, Place(2, 2, False))]
    path = archive.store.path_for(ids["can-tho"])
    text = path.read_text("utf-8")
    path.write_text(text.replace("---\nNgày 5/9", "---\nMột đoạn mới ở đầu bài.\n\nNgày 5/9"))
    assert archive.highlight_places(ids["can-tho"]) == [(highlight, Place(3, 2, True))]
    assert archive.annotations(ids["can-tho"]).highlights == (highlight,)  # kept as marked


def test_user_mistakes_are_one_line_archive_errors(built: Built) -> None:
    ids = built.ids
    archive = built.archive
    with pytest.raises(ArticleNotFound):
        archive.add_tags([ids["can-tho"], "no-such-article"], ["x"])
    assert archive.annotations(ids["can-tho"]).tags == ()  # nothing written
    with pytest.raises(ArchiveError, match="needs at least one letter"):
        archive.add_tags([ids["can-tho"]], ["  "])
    with pytest.raises(ArchiveError, match="has no paragraph 9"):
        archive.add_highlight(ids["can-tho"], 9)
    with pytest.raises(ArchiveError, match="has no highlight 1"):
        archive.remove_highlight(ids["can-tho"], 1)
    with pytest.raises(ArchiveError, match="not a valid article id"):
        archive.annotations("../../etc/passwd")
    with pytest.raises(ArchiveError, match="a saved search needs a name"):
        archive.save_search("   ", "x")
    (archive.root / "research" / f"{ids['da-nang']}.md").parent.mkdir(exist_ok=True)
    (archive.root / "research" / f"{ids['da-nang']}.md").write_text("---\n[\n---\n", "utf-8")
    with pytest.raises(ArchiveError, match="malformed"):
        archive.set_note(ids["da-nang"], "x")
    (problem,) = archive.research_problems()
    assert "\n" not in problem and "malformed" in problem


def test_highlights_comments_and_notes_round_trip_through_the_facade(built: Built) -> None:
    ids = built.ids
    archive = built.archive
    note = "# Ghi chú\n\n```yaml\n---\ntitle: x\n---\n```\n\x1b[31m[bold]đỏ[/bold]\n"
    assert archive.set_note(ids["hostile"], note).note == note
    archive.add_highlight(ids["hostile"], 1, comment="first")
    archive.add_highlight(ids["hostile"], 2, comment="second")
    archive.comment_highlight(ids["hostile"], 2, "changed: yes\nno")
    removed = archive.remove_highlight(ids["hostile"], 1)
    assert removed.comment == "first"
    found = archive.annotations(ids["hostile"])
    assert found.note == note
    assert [(h.paragraph, h.comment) for h in found.highlights] == [(2, "changed: yes\nno")]
    assert found.title == archive.get(ids["hostile"]).title
    archive.set_note(ids["hostile"], "")
    archive.remove_highlight(ids["hostile"], 1)
    assert not (archive.root / "research" / f"{ids['hostile']}.md").exists()
