"""Picking the parser for a file: extension, content sniffing, size and binary refusal."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import types
from pathlib import Path

import pytest

from reader.ingest.dispatch import SUPPORTED_SUFFIXES, parse_file
from reader.ingest.errors import IngestError
from reader.model.article import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
LIMIT = 1_000_000
PLAIN = "Cần Thơ đón đoàn Lào\nLãnh đạo thành phố tiếp đoàn.\nHai bên bàn về hợp tác.\nHà Vy\n"


@pytest.fixture
def no_saved_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the saved-page parser unavailable, as before it exists."""
    monkeypatch.setitem(sys.modules, "reader.ingest.page", None)


@pytest.fixture
def fake_saved_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A saved-page parser that claims texts starting with `Trang chủ`."""
    module = types.ModuleType("reader.ingest.page")
    module.looks_like_saved_page = lambda text: text.startswith("Trang chủ")  # type: ignore[attr-defined]
    module.parse_saved_page = lambda text: Article(  # type: ignore[attr-defined]
        title="from the page parser", body="The body of the saved page.", language=""
    )
    monkeypatch.setitem(sys.modules, "reader.ingest.page", module)


def only(results: list[tuple[str, Article | IngestError]]) -> Article | IngestError:
    assert len(results) == 1 and results[0][0] == ""
    return results[0][1]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.usefixtures("no_saved_pages")
@pytest.mark.parametrize("name", ["bai.txt", "bai", "bai.weird"])
def test_text_without_saved_page_parser_is_plain_text(tmp_path: Path, name: str) -> None:
    article = only(parse_file(write(tmp_path, name, PLAIN), max_bytes=LIMIT))
    assert isinstance(article, Article)
    assert (article.title, article.author) == ("Cần Thơ đón đoàn Lào", "Hà Vy")


@pytest.mark.usefixtures("fake_saved_pages")
def test_saved_page_goes_to_its_parser_and_gets_a_language(tmp_path: Path) -> None:
    saved = only(
        parse_file(write(tmp_path, "page.txt", "Trang chủ Hữu nghị\n..."), max_bytes=LIMIT)
    )
    assert isinstance(saved, Article) and saved.title == "from the page parser"
    assert saved.language == "en"  # guessed, since the parser left it empty
    plain = only(parse_file(write(tmp_path, "plain.txt", PLAIN), max_bytes=LIMIT))
    assert isinstance(plain, Article) and plain.title == "Cần Thơ đón đoàn Lào"


@pytest.mark.usefixtures("no_saved_pages")
def test_markdown_with_heading_and_without(tmp_path: Path) -> None:
    headed = only(parse_file(write(tmp_path, "a.md", "# Tiêu đề\n\nNội dung.\n"), max_bytes=LIMIT))
    assert isinstance(headed, Article) and headed.title == "Tiêu đề"
    bare = only(parse_file(write(tmp_path, "b.markdown", PLAIN), max_bytes=LIMIT))
    assert isinstance(bare, Article) and bare.author == "Hà Vy"


@pytest.mark.parametrize("name", ["page.html", "page.txt", "page"])
def test_html_by_extension_or_by_content(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    shutil.copy(FIXTURES / "thoidai-article.html", path)
    article = only(parse_file(path, max_bytes=LIMIT))
    assert isinstance(article, Article)
    assert article.title == "Cần Thơ mở rộng hợp tác với các địa phương Lào"
    assert "Đọc nhiều" not in article.body


def test_json_and_jsonl_give_one_result_per_record(tmp_path: Path) -> None:
    records = '[{"title": "A", "body": "Một bài."}, {"title": "B"}]'
    results = parse_file(write(tmp_path, "x.json", records), max_bytes=LIMIT)
    assert [label for label, _ in results] == ["#1", "#2"]
    assert isinstance(results[0][1], Article) and isinstance(results[1][1], IngestError)
    lines = '{"title": "A", "body": "Một bài."}\n{"title": "B", "text": "Hai."}\n'
    for suffix in (".jsonl", ".ndjson"):
        results = parse_file(write(tmp_path, f"x{suffix}", lines), max_bytes=LIMIT)
        assert [label for label, _ in results] == ["line 1", "line 2"]


def test_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "big.txt", "x" * 2000)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(os, "open", no_open)
    error = only(parse_file(path, max_bytes=1000))
    assert str(error) == "file too large (2000 bytes; limit 1000)"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n", "empty file"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG)"),
        ("title.txt", "Chỉ có tiêu đề\n".encode(), "no article text (only a title)"),
        ("bad.json", b"{oops", "not valid JSON (line 1: Expecting property name"),
    ],
)
def test_bad_files_get_one_line_reasons(
    tmp_path: Path, name: str, content: bytes, reason: str, no_saved_pages: None
) -> None:
    error = only(parse_file(write(tmp_path, name, content), max_bytes=LIMIT))
    assert isinstance(error, IngestError)
    assert str(error).startswith(reason)


def test_missing_file_is_a_reason_not_a_crash(tmp_path: Path) -> None:
    error = only(parse_file(tmp_path / "gone.txt", max_bytes=LIMIT))
    assert isinstance(error, IngestError) and str(error).startswith("cannot read file")


def test_only_regular_files_are_read_and_a_pipe_never_waits(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    signal.alarm(20)  # a blocking open would otherwise hang the tests
    try:
        pipe = only(parse_file(tmp_path / "pipe.txt", max_bytes=LIMIT))
    finally:
        signal.alarm(0)
    assert str(pipe) == "not a regular file (a named pipe)"
    (tmp_path / "folder.md").mkdir()
    assert str(only(parse_file(tmp_path / "folder.md", max_bytes=LIMIT))) == (
        "not a regular file (a folder)"
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.md", "---\ntitle: Tin\nurl: http://[::1\n---\nThân bài.\n", "url is not a valid"),
        ("b.md", "---\ntitle: Tin\nurl: http://a:123456/\n---\nThân bài.\n", "url is not"),
        (
            "c.md",
            "---\ntitle: Tin\npublished: 0001-01-01T00:00:00+05:00\n---\nThân bài.\n",
            "published date is out of range in UTC",
        ),
    ],
)
def test_a_value_later_steps_could_not_use_fails_the_file(
    tmp_path: Path, name: str, content: str, reason: str
) -> None:
    error = only(parse_file(write(tmp_path, name, content), max_bytes=LIMIT))
    assert isinstance(error, IngestError) and str(error).startswith(reason)


def test_an_unusable_address_or_date_in_html_markup_is_left_out(tmp_path: Path) -> None:
    words = "Bài viết về hợp tác hữu nghị giữa hai địa phương trong nhiều lĩnh vực. " * 3
    page = (
        '<!doctype html><html><head><link rel="canonical" href="http://[::1">'
        '<meta property="article:published_time" content="0001-01-01T00:00:00+05:00">'
        f"<title>Tin hợp tác</title></head><body><article><p>{words}</p></article></body></html>"
    )
    article = only(parse_file(write(tmp_path, "page.html", page), max_bytes=LIMIT))
    assert isinstance(article, Article)
    assert (article.url, article.published) == (None, None)


def test_supported_suffixes_cover_every_format() -> None:
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson"} <= set(
        SUPPORTED_SUFFIXES
    )
