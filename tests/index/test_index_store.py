"""ArticleIndex on small temporary indexes: matching, ranking, writing, lifecycle."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.index import ArticleIndex, IndexBusy, IndexUnavailable
from reader.index.schema import VERSION_FILE
from reader.model.article import Article, Entities

ICT = timezone(timedelta(hours=7))


def art(article_id: str, title: str, body: str = "", **extra: object) -> Article:
    return Article(title=title, body=body, id=article_id, **extra)  # type: ignore[arg-type]


ARTICLES = [
    art(
        "can-tho",
        "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào",
        "Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ tiếp đoàn. Quan hệ Việt Nam - Lào.",
        published=datetime(2022, 9, 5, 16, 33, tzinfo=ICT),
        author="Hà Vy",
        section=("Hữu nghị", "Bốn phương kết bạn"),
        entities=Entities(place=("Cần Thơ", "Lào")),
    ),
    art(
        "can-nuoc",
        "Sông cạn nước",
        "Mùa khô, sông cạn trơ đáy.",
        published=datetime(2022, 8, 1, 8, 0, tzinfo=ICT),
    ),
    art("da-nang", "Đà Nẵng đón khách", "Du lịch Đà Nẵng hồi phục mạnh."),
    art(
        "huu-nghi-word",
        "Gặp mặt hữu nghị",
        "Buổi gặp mặt hữu nghị diễn ra ấm áp.",
        published=datetime(2021, 1, 2, tzinfo=ICT),
    ),
    art(
        "huu-nghi-apart",
        "Gặp mặt bạn hữu",
        "Bạn hữu gặp nhau; đại biểu nghị sự cả ngày.",
        published=datetime(2023, 3, 4, tzinfo=ICT),
    ),
    art(
        "english",
        "Elections held in the region",
        "Voters were electing a new council.",
        language="en",
        published=datetime(2022, 9, 20, tzinfo=ICT),
    ),
]


@pytest.fixture
def index(tmp_path: Path) -> ArticleIndex:
    ix = ArticleIndex.open(tmp_path / "index")
    ix.update((a, "1:1") for a in ARTICLES)
    yield ix
    ix.close()


def ids(index: ArticleIndex, query: str, **options: object) -> list[str]:
    return [hit.id for hit in index.search(query, **options).hits]  # type: ignore[arg-type]


def test_folded_query_finds_diacritics(index: ArticleIndex) -> None:
    assert ids(index, "can tho ") == ["can-tho"]
    assert ids(index, "da nang ") == ["da-nang"]
    assert ids(index, "DA NANG ") == ["da-nang"]


def test_diacritics_typed_mean_those_diacritics(index: ArticleIndex) -> None:
    assert ids(index, "cạn ") == ["can-nuoc"]
    assert "can-nuoc" not in ids(index, "cần ")
    assert set(ids(index, "can ")) == {"can-tho", "can-nuoc"}


def test_exact_matches_rank_above_folded_ones(tmp_path: Path) -> None:
    with ArticleIndex.open(tmp_path / "ix") as ix:
        ix.update(
            [
                (art("folded", "Tin tức", "Cần làm ngay việc này."), "1"),
                (art("exact", "Tin tức", "Can thiệp kịp thời việc này."), "1"),
            ]
        )
        assert ids(ix, "can ") == ["exact", "folded"]
        assert ids(ix, "cần ") == ["folded"]


def test_last_word_is_a_prefix_while_typing(index: ArticleIndex) -> None:
    assert ids(index, "hop tac viet n") == ["can-tho"]
    assert ids(index, "da n") == ["da-nang"]
    finished = index.search("hop tac viet n ")  # a finished word `n`: none has it
    assert (finished.total, finished.partial) == (0, 1)


def test_phrase_sense_ranks_the_word_above_its_syllables_apart(index: ArticleIndex) -> None:
    assert ids(index, "hữu nghị ")[:2] == ["huu-nghi-word", "huu-nghi-apart"]
    assert ids(index, "huu nghi ")[:2] == ["huu-nghi-word", "huu-nghi-apart"]


def test_quoted_phrase_requires_adjacency(index: ArticleIndex) -> None:
    assert ids(index, '"huu nghi"') == ["huu-nghi-word"]


def test_boolean_operators(index: ArticleIndex) -> None:
    assert set(ids(index, '"da nang" OR lao ')) == {"da-nang", "can-tho"}
    assert ids(index, "da nang OR lao ") == ["da-nang"]  # OR binds tighter: da (nang OR lao)
    assert ids(index, "can -tho ") == ["can-nuoc"]
    assert ids(index, "can NOT tho ") == ["can-nuoc"]


def test_field_prefixes(index: ArticleIndex) -> None:
    assert ids(index, "title:lao ") == ["can-tho"]
    assert ids(index, "author:vy ") == ["can-tho"]
    assert ids(index, 'section:"huu nghi"') == ["can-tho"]
    assert ids(index, 'place:"can tho"') == ["can-tho"]
    assert ids(index, "lang:en") == ["english"]


def test_dates(index: ArticleIndex) -> None:
    assert set(ids(index, "date:2022-09")) == {"can-tho", "english"}
    assert ids(index, "date:2022-09-01..2022-09-10") == ["can-tho"]
    assert set(ids(index, "date:2022")) == {"can-tho", "can-nuoc", "english"}


def test_english_is_stemmed(index: ArticleIndex) -> None:
    assert ids(index, "election ") == ["english"]
    assert ids(index, "elect ") == ["english"]


def test_sort_by_date_newest_first_undated_last(index: ArticleIndex) -> None:
    newest = ids(index, "", sort="date")
    assert newest[:5] == ["huu-nghi-apart", "english", "can-tho", "can-nuoc", "huu-nghi-word"]
    assert newest[-1] == "da-nang"
    assert [h.id for h in index.newest(2).hits] == ["huu-nghi-apart", "english"]
    assert ids(index, "gap mat ", sort="date") == ["huu-nghi-apart", "huu-nghi-word"]


def test_total_limit_and_offset(index: ArticleIndex) -> None:
    result = index.search("gap mat ", limit=1)
    assert result.total == 2
    assert len(result.hits) == 1
    second = index.search("gap mat ", limit=1, offset=1)
    assert second.hits[0].id != result.hits[0].id


def test_snippets_mark_the_matched_words(index: ArticleIndex) -> None:
    hit = index.search("can tho").hits[0]
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.marks]
    assert marked == ["Cần", "Thơ"]
    assert [hit.title[s:e] for s, e in hit.title_marks] == ["Cần", "Thơ"]


def test_hit_fields_and_json(index: ArticleIndex) -> None:
    result = index.search("can tho ")
    hit = result.hits[0]
    assert hit.author == "Hà Vy"
    assert hit.section == ("Hữu nghị", "Bốn phương kết bạn")
    assert hit.published == datetime(2022, 9, 5, 16, 33, tzinfo=ICT)
    shape = result.to_json()
    assert set(shape) == {"query", "total", "partial", "suggestion", "took_ms", "hits"}
    assert set(shape["hits"][0]) == {
        "id",
        "title",
        "published",
        "author",
        "section",
        "score",
        "snippet",
    }
    assert shape["hits"][0]["published"] == "2022-09-05T16:33:00+07:00"


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "(",
        ")",
        "OR",
        "NOT",
        "-",
        "title:",
        "date:",
        "date:2022-99",
        "((a",
        'a"b"c',
        "x" * 10_000,
        "\x00\u202e",
        "::::",
        "- - -",
    ],
)
def test_malformed_queries_never_raise(index: ArticleIndex, query: str) -> None:
    index.search(query)


def test_incremental_update_two_batches_no_duplicates(tmp_path: Path) -> None:
    with ArticleIndex.open(tmp_path / "ix") as ix:
        ix.update([(ARTICLES[0], "a")])
        ix.update([(ARTICLES[2], "b")])
        assert ids(ix, "can tho ") == ["can-tho"]
        assert ids(ix, "da nang ") == ["da-nang"]
        assert ids(ix, "", sort="date") == ["can-tho", "da-nang"]
        changed = ARTICLES[0].with_changes(title="Cần Thơ mở rộng hợp tác")
        ix.update([(changed, "c"), (ARTICLES[2], "b")])
        assert ix.doc_count() == 2
        assert ids(ix, "can tho ") == ["can-tho"]
        assert ix.search("mo rong ").total == 1
        assert ix.stamps() == {"can-tho": "c", "da-nang": "b"}
        assert ix.get_stored("can-tho")["title"] == "Cần Thơ mở rộng hợp tác"


def test_delete(index: ArticleIndex) -> None:
    assert index.delete(["da-nang", "missing"]) == 1
    assert ids(index, "da nang ") == []
    assert "da-nang" not in index.stamps()
    assert index.doc_count() == len(ARTICLES) - 1


def test_rebuild_swaps_in_a_fresh_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    with ArticleIndex.open(index_dir) as ix:
        ix.update([(a, "1") for a in ARTICLES])
        # What a user puts in the index folder the reader made is moved, never deleted.
        (index_dir / "README.md").write_text("kept", "utf-8")
        (index_dir / "notes").mkdir()
        (index_dir / "notes" / "a.txt").write_text("mine", "utf-8")
        seen: list[int] = []
        ix.rebuild([(ARTICLES[2], "2")], total=1, progress=seen.append)
        assert seen[-1] == 1
        assert ix.doc_count() == 1
        assert ids(ix, "da nang ") == ["da-nang"]
        assert ids(ix, "can tho ") == []
    assert (index_dir / "README.md").read_text("utf-8") == "kept"
    assert (index_dir / "notes" / "a.txt").read_text("utf-8") == "mine"
    assert not list(tmp_path.glob(".ix.*"))


def test_missing_index_is_reported_or_created(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable, match="no index"):
        ArticleIndex.open(tmp_path / "nothing", create=False)
    with ArticleIndex.open(tmp_path / "nothing") as ix:
        assert ix.doc_count() == 0


def test_wrong_version_is_detected(index: ArticleIndex) -> None:
    (index.index_dir / VERSION_FILE).write_text('{"schema_version": 0}', "utf-8")
    with pytest.raises(IndexUnavailable, match="schema version 0"):
        ArticleIndex.open(index.index_dir, create=False)
    assert index.check()


def test_corrupt_index_is_detected(tmp_path: Path) -> None:
    with ArticleIndex.open(tmp_path / "ix") as ix:
        ix.update([(a, "1") for a in ARTICLES])
        assert ix.check() == []
    for toc in (tmp_path / "ix").glob("*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable, match="unreadable"):
        ArticleIndex.open(tmp_path / "ix", create=False)
    with ArticleIndex.open(tmp_path / "ix") as ix:
        assert ix.doc_count() == 0


def test_stats(index: ArticleIndex) -> None:
    stats = index.stats()
    assert stats["articles"] == len(ARTICLES)
    assert stats["languages"] == {"vi": 5, "en": 1}
    assert stats["newest"] == datetime(2023, 3, 4, tzinfo=ICT)
    assert stats["oldest"] == datetime(2021, 1, 2, tzinfo=ICT)
    assert stats["size_bytes"] == index.size_bytes() > 0


def test_a_held_write_lock_reports_busy(
    index: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh import index as windex

    import reader.index.writing as writing

    monkeypatch.setattr(writing, "WRITER_WAIT", 0.0)
    other = windex.open_dir(str(index.index_dir), indexname="MAIN").writer()
    try:
        with pytest.raises(IndexBusy):
            index.update([(ARTICLES[0], "2")])
        with pytest.raises(IndexBusy):
            index.delete(["can-tho"])
    finally:
        other.cancel()
    assert index.update([(ARTICLES[0], "2")]) == 1


def test_searches_from_several_threads(index: ArticleIndex) -> None:
    from concurrent.futures import ThreadPoolExecutor

    queries = ["can tho", "da n", "huu nghi", "", "lang:en", "gap"] * 10
    with ThreadPoolExecutor(max_workers=4) as pool:
        totals = list(pool.map(lambda text: index.search(text).total, queries))
    assert totals[:6] == [1, 1, 2, len(ARTICLES), 1, 2]
    assert totals == totals[:6] * 10


def test_saved_bitmaps_are_only_a_cache(tmp_path: Path) -> None:
    with ArticleIndex.open(tmp_path / "ix") as ix:
        ix.update([(a, "1") for a in ARTICLES])
        before = [ids(ix, text) for text in ("can tho ", "huu nghi ", "da n", "gap")]
    saved = list((tmp_path / "ix").glob("bitmaps-*")) + list((tmp_path / "ix").glob("stamps-*"))
    assert saved
    for path in saved:
        path.write_bytes(b"damaged")
    with ArticleIndex.open(tmp_path / "ix", create=False) as ix:
        assert [ids(ix, text) for text in ("can tho ", "huu nghi ", "da n", "gap")] == before
        assert len(ix.stamps()) == len(ARTICLES)  # and the stamps file, once used, is mended
        reported = ix.check()
        bitmaps = [path for path in saved if path.name.startswith("bitmaps-")]
        assert len(reported) == len(bitmaps)
        assert all("damaged saved file" in line for line in reported)
        assert ix.repair_saved() == len(bitmaps)
        assert ix.check() == []
        assert [ids(ix, text) for text in ("can tho ", "huu nghi ", "da n", "gap")] == before


def test_the_date_order_is_kept_between_runs_and_checked(tmp_path: Path) -> None:
    with ArticleIndex.open(tmp_path / "ix") as ix:
        ix.update([(a, "1") for a in ARTICLES])
        newest = ids(ix, "", sort="date")
    kept = tmp_path / "ix" / "date-order.bin"
    assert kept.is_file()
    data = bytearray(kept.read_bytes())
    data[-8:] = data[-4:] + data[-8:-4]  # the last two documents swapped: the check fails
    kept.write_bytes(bytes(data))
    with ArticleIndex.open(tmp_path / "ix", create=False) as ix:
        assert ids(ix, "", sort="date") == newest
        ix.update([(art("later", "Tin mới", published=datetime(2024, 1, 1, tzinfo=ICT)), "1")])
    with ArticleIndex.open(tmp_path / "ix", create=False) as ix:
        assert ids(ix, "", sort="date") == ["later", *newest]  # another generation's order


def test_saved_files_are_never_unpickled(tmp_path: Path) -> None:
    """A crafted pickle in place of a saved file is rejected as damaged, never run."""
    import pickle

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (marker.touch, ())

    with ArticleIndex.open(tmp_path / "ix") as ix:
        ix.update([(a, "1") for a in ARTICLES])
        before = ids(ix, "huu nghi ")
    for path in (tmp_path / "ix").glob("*-*.bin"):
        blob = pickle.dumps(Payload())
        path.write_bytes(len(blob).to_bytes(8, "little") + blob)
    with ArticleIndex.open(tmp_path / "ix", create=False) as ix:
        assert ids(ix, "huu nghi ") == before
        assert len(ix.stamps()) == len(ARTICLES)
        assert ix.check()
    assert not marker.exists()


def test_an_index_records_its_archive(tmp_path: Path) -> None:
    with ArticleIndex.open(tmp_path / "ix", origin=("a" * 32, "/somewhere")) as ix:
        ix.update([(a, "1") for a in ARTICLES])
    with ArticleIndex.open(tmp_path / "ix", create=False, origin=("a" * 32, "/moved")) as ix:
        assert ix.doc_count() == len(ARTICLES)
    with pytest.raises(IndexUnavailable, match="another archive"):
        ArticleIndex.open(tmp_path / "ix", create=False, origin=("b" * 32, "/other"))


def test_a_short_last_word_that_is_a_rare_whole_word_still_matches(tmp_path: Path) -> None:
    # One- and two-letter prefixes expand only to frequent words; the word typed so far
    # must count even when it is rare (here `17`, in one article of forty).
    with ArticleIndex.open(tmp_path / "index") as ix:
        ix.update((art(f"tin-{n}", f"Bản tin số {n}", "Thời sự."), "1:1") for n in range(40))
        for typed in ("ban tin so 17", "bản tin số 17"):
            result = ix.search(typed)
            assert result.total == 1 and result.hits[0].id == "tin-17"
