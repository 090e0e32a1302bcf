"""An app's index prepares each new generation for its first queries in the background."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from reader.index import ArticleIndex
from reader.index import facets as facets_module
from reader.model.article import Article, Entities


def art(article_id: str, title: str, body: str, **extra: object) -> Article:
    return Article(title=title, body=body, id=article_id, **extra)  # type: ignore[arg-type]


def filler(count: int) -> list[Article]:
    return [
        art(f"other-{n}", f"Tin giáo dục số {n}", "Buổi họp bàn kế hoạch năm học mới.")
        for n in range(count)
    ]


def city(n: int) -> Article:
    return art(
        f"city-{n}",
        f"Tin thành phố số {n}",
        "TP. Hồ Chí Minh mở rộng tuyến đường ven sông.",
        entities=Entities(place=("TP. Hồ Chí Minh",)),
    )


def builds_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads that build entity tables from now on."""
    threads: list[str] = []
    build = facets_module.Facets.build.__func__  # type: ignore[attr-defined]

    def counted(cls: type, *args: object) -> object:
        threads.append(threading.current_thread().name)
        return build(cls, *args)

    monkeypatch.setattr(facets_module.Facets, "build", classmethod(counted))
    return threads


def wait_for(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.01)


def test_a_warm_index_has_the_entity_tables_ready_before_the_first_name_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = builds_on(monkeypatch)
    with ArticleIndex.open(tmp_path / "ix") as index:
        index.keep_warm()
        index.update([(a, "1") for a in [city(0), *filler(20)]])
        index.search("khởi động")  # the app's first query: the searcher opens
        assert index.wait_warm(timeout=10)  # returns once the warm-up has built the tables
        assert threads == ["index-warm"]
        # A new generation is warmed again, and the name typed finds it in the tables.
        index.update([(city(1), "1")])
        index.search("khởi động")  # the searcher of the new generation opens here
        wait_for(lambda: len(threads) == 2)
        hits = [
            hit.id for hit in index.search('place:"tp ho chi minh"', limit=5, prefix=False).hits
        ]
        assert threads == ["index-warm", "index-warm"]
        assert sorted(hits) == ["city-0", "city-1"]


def test_an_index_not_kept_warm_builds_the_tables_on_the_first_query_needing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = builds_on(monkeypatch)
    with ArticleIndex.open(tmp_path / "ix") as index:
        index.update([(a, "1") for a in [city(0), *filler(20)]])
        index.search("khởi động")
        assert index.wait_warm(timeout=0)  # nothing to wait for
        time.sleep(0.2)
        assert threads == []
        index.search('place:"tp ho chi minh"', limit=5, prefix=False)
        assert threads == [threading.current_thread().name]


def test_a_misspelt_word_finds_a_word_of_a_segment_written_after_the_first_look_up(
    tmp_path: Path,
) -> None:
    lao = art("lao", "Hợp tác với Savannakhet", "Tỉnh Savannakhet của Lào mở rộng hợp tác.")
    with ArticleIndex.open(tmp_path / "ix") as index:
        index.update([(a, "1") for a in filler(20)])
        assert index.search("savanakhet", limit=5, prefix=False).hits == ()
        index.update([(lao, "1")])
        result = index.search("savanakhet", limit=5, prefix=False)
        assert [hit.id for hit in result.hits] == ["lao"]
        assert result.suggestion == "savannakhet"


def test_a_warm_up_stops_when_its_index_closes_or_moves_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm-up left behind would compete with the queries of the index in use (each of
    their file reads waits for the interpreter): it stops instead of building."""
    threads = builds_on(monkeypatch)
    with ArticleIndex.open(tmp_path / "ix") as index:
        index.update([(a, "1") for a in [city(0), *filler(20)]])
        index.keep_warm()
        index.search("khởi động")  # a warm-up starts, and waits for the index to be quiet
        index.update([(city(1), "1")])  # a new generation: the first warm-up is outdated
    wait_for(lambda: not any(t.name == "index-warm" for t in threading.enumerate()))
    assert not any(t.name == "index-warm" for t in threading.enumerate())
    assert threads == []
