"""The subscriptions file and OPML: names, duplicates, the user's own edits, hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.archive import Archive, ArchiveError
from reader.config import Config
from reader.feeds.model import Subscription
from reader.feeds.opml import OpmlError, parse_opml, render_opml
from reader.feeds.store import FEEDS_FILE, parse, render
from reader.model.canonical import parse_canonical, render_canonical


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    opened = Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "idx"))
    yield opened
    opened.close()


def test_add_list_remove(archive: Archive) -> None:
    added = archive.add_feed("https://www.Example.com/rss/home.rss", tags=["a", "A", " b "])
    assert (added.name, added.tags) == ("example.com", ("a", "b"))
    second = archive.add_feed("https://example.com/rss/sport.rss")
    assert second.name == "example.com sport"  # named after its host, then its path
    assert [f.name for f in archive.feeds()] == ["example.com", "example.com sport"]
    with pytest.raises(ArchiveError, match=r"already subscribed to .* as 'example\.com'"):
        archive.add_feed("https://example.com/rss/home.rss/")
    with pytest.raises(ArchiveError, match=r"already called 'Example\.com'"):
        archive.add_feed("https://other.org/feed", name="  Example.com ")
    for bad, reason in [
        ("ftp://example.com/x", "only http and https"),
        ("not a url", "spaces"),
        ("", "empty URL"),
    ]:
        with pytest.raises(ArchiveError, match=reason):
            archive.add_feed(bad)
    with pytest.raises(ArchiveError, match="control characters"):
        archive.add_feed("https://other.org/feed", name="bad\x07name")
    with pytest.raises(ArchiveError, match="cannot be a URL"):
        archive.add_feed("https://other.org/feed", name="https://other.org/feed")
    assert archive.remove_feed("EXAMPLE.COM").name == "example.com"  # by name, any case
    assert archive.remove_feed("https://example.com/rss/sport.rss").name == "example.com sport"
    with pytest.raises(ArchiveError, match=r"no feed called 'example\.com'"):
        archive.remove_feed("example.com")
    assert archive.feeds() == []


def test_the_file_is_plain_yaml_and_the_users_edits_are_kept(archive: Archive) -> None:
    archive.add_feed("https://example.com/feed.xml", name="Ví dụ", tags=["tin tức"])
    path = archive.root / FEEDS_FILE
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Feed subscriptions")
    assert "name: Ví dụ\n" in text and "url: https://example.com/feed.xml\n" in text
    # A field of the user's own, and an edited name, survive the next change.
    path.write_text(
        text.replace("name: Ví dụ", "name: Ví dụ mới\n  note: keep me"), encoding="utf-8"
    )
    archive.add_feed("https://example.org/rss")
    kept = path.read_text(encoding="utf-8")
    assert "note: keep me" in kept and "name: Ví dụ mới" in kept


def test_a_file_that_cannot_be_read_is_told_and_never_written_over(archive: Archive) -> None:
    archive.root.mkdir(parents=True)
    path = archive.root / FEEDS_FILE
    for text, reason in [
        ("feeds: [\n", "malformed YAML at line 2"),
        ("- just a list\n", "not a list of feeds"),
        ("feeds:\n- name: x\n", "feed 1 has no url"),
        ("feeds:\n- url: https://x.org/\n  name: x\n  updated: yesterday\n", "not a date"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ArchiveError, match=reason):
            archive.feeds()
        with pytest.raises(ArchiveError, match=reason):
            archive.add_feed("https://example.com/rss")
        assert path.read_text(encoding="utf-8") == text


def test_render_parse_round_trip_with_hostile_text() -> None:
    sub = Subscription(
        name="Tin: \"quoted\" # not a comment — 'x'",
        url="https://example.com/a?b=1&c=2",
        tags=("- dash", "a: b", "ừ"),
        etag='W/"x\\y"',
        last_modified="Tue, 15 Nov 1994 12:45:26 GMT",
        error="line one\x1b[31m\u202e",
        new=3,
        gone=True,
        moved_from="https://old.example.com/",
        items=("a-1", "b-2"),
        extra={"note": "mine"},
    )
    assert parse(render([sub]).encode(), "x") == [sub]


def test_opml_round_trip(archive: Archive) -> None:
    archive.add_feed("https://example.com/a.rss", name="Báo <A> & 'B'", tags=["tin", "thể thao"])
    with pytest.raises(ArchiveError, match="double quote"):  # it could not be searched for
        archive.add_feed("https://example.com/q.rss", name='say "hi"')
    archive.add_feed("https://example.org/b.xml?x=1&y=2")
    exported = archive.export_opml()
    assert exported.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    listed = parse_opml(exported.encode())
    assert [(f.url, f.title, f.tags) for f in listed] == [
        ("https://example.com/a.rss", "Báo <A> & 'B'", ("tin", "thể thao")),
        ("https://example.org/b.xml?x=1&y=2", "example.org", ()),
    ]
    other = Archive(Config(archive_dir=archive.root.parent / "b", index_dir=archive.root / "i"))
    outcomes = other.import_opml(exported.encode())
    assert [o.status for o in outcomes] == ["added", "added"]
    assert [(f.name, f.url, f.tags) for f in other.feeds()] == [
        (f.name, f.url, f.tags) for f in archive.feeds()
    ]
    assert other.export_opml().split("<body>")[1] == exported.split("<body>")[1]
    again = other.import_opml(exported.encode())
    assert [(o.status, o.reason) for o in again] == [
        ("duplicate", "already subscribed as \"Báo <A> & 'B'\""),
        ("duplicate", "already subscribed as 'example.org'"),
    ]


def test_opml_of_other_readers(archive: Archive) -> None:
    data = b"""<?xml version="1.0"?>
<opml version="1.0"><head><title>x</title></head><body>
  <outline text="News">
    <outline type="rss" text="VnExpress" xmlUrl="https://vnexpress.net/rss/tin-moi-nhat.rss"/>
    <outline text="Sport" title="Sport">
      <outline text="Bong da" xmlUrl="https://example.com/bd.rss" category="/vn,/hot"/>
    </outline>
  </outline>
  <outline text="No url"/>
  <outline text="bad" xmlUrl="ftp://example.com/feed"/>
  <outline text="VnExpress" xmlUrl="https://example.org/other.rss"/>
</body></opml>"""
    outcomes = archive.import_opml(data)
    assert [(o.name, o.status) for o in outcomes] == [
        ("VnExpress", "added"),
        ("Bong da", "added"),
        ("bad", "failed"),
        ("VnExpress 2", "added"),
    ]
    assert "only http and https" in (outcomes[2].reason or "")
    tags = {f.name: f.tags for f in archive.feeds()}
    assert tags == {
        "VnExpress": ("News",),
        "Bong da": ("News", "Sport", "vn", "hot"),
        "VnExpress 2": (),
    }


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"<?xml version='1.0'?><!DOCTYPE opml [<!ENTITY x 'y'>]><opml/>", "DOCTYPE"),
        (b"<opml><body><outline", "malformed XML"),
        (b"<rss version='2.0'/>", "root element rss"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"\xff\xfe", "malformed XML"),
    ],
)
def test_hostile_or_foreign_opml_is_refused(archive: Archive, data: bytes, reason: str) -> None:
    with pytest.raises(OpmlError, match=reason):
        parse_opml(data)
    with pytest.raises(ArchiveError, match="not an OPML subscription list"):
        archive.import_opml(data)
    assert not (archive.root / FEEDS_FILE).exists()


def test_render_opml_escapes_everything() -> None:
    sub = Subscription(name="a\"b'c<d>&e", url="https://x.org/?a=1&b=<2>")
    [back] = parse_opml(render_opml([sub]).encode())
    assert (back.url, back.title) == (sub.url, sub.name)


def test_feed_field_round_trips_in_the_article_file() -> None:
    from reader.model.article import Article

    article = Article(title="T", body="B", id="x-1", feed="Báo: A")
    text = render_canonical(article)
    assert "feed: 'Báo: A'\n" in text
    assert parse_canonical(text).feed == "Báo: A"
    assert "feed:" not in render_canonical(article.with_changes(feed=None))


def test_the_readme_example_reads_as_the_readme_says() -> None:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    (example,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "feeds:" in b]
    [sub] = parse(example.encode(), "README.md")
    assert (sub.name, sub.url, sub.tags, sub.new) == (
        "Báo A",
        "https://example.com/rss/home.rss",
        ("tin tức",),
        3,
    )
    assert sub.etag == '"5f2a"' and sub.updated is not None and sub.items[0].startswith("example")
