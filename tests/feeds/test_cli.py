"""`reader feeds` and `reader update` as a user and a script run them."""

from __future__ import annotations

import json

from .conftest import Cli, FeedSite

FAST = ["--read-timeout", "0.5", "--connect-timeout", "1", "--retries", "1"]


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_subscribe_update_list_and_search(feed_site: FeedSite, cli: Cli) -> None:
    feed_site.add_feed("/a.rss", "A", 2)
    feed_site.behave("/down.rss", "500")
    code, out, err = cli("feeds", "add", feed_site.url("/a.rss"), "--name", "Báo A", "--tag", "x")
    assert code == 0 and "subscribed to Báo A" in out, err
    code, out, _ = cli("feeds", "add", "--json", feed_site.url("/down.rss"), "--name", "down")
    assert _lines(out) == [
        {"name": "down", "url": feed_site.url("/down.rss"), "tags": [], "status": "added"}
    ]
    code, out, err = cli("feeds", "add", feed_site.url("/a.rss"))
    assert code == 2 and out == ""
    assert err == f"reader: already subscribed to {feed_site.url('/a.rss')} as 'Báo A'\n"

    code, out, err = cli("update", "--json", *FAST)
    assert code == 1, err  # one feed failed
    lines = {line["name"]: line for line in _lines(out)}
    assert lines["Báo A"] == {
        "name": "Báo A",
        "url": feed_site.url("/a.rss"),
        "status": "updated",
        "items": 2,
        "new": 2,
        "failed": 0,
        "error": None,
        "moved_to": None,
    }
    assert lines["down"]["status"] == "failed"
    assert "HTTP 500" in str(lines["down"]["error"])

    code, out, _ = cli("feeds", "--json")
    listed = json.loads(out)
    assert listed["total"] == 2
    first = listed["feeds"][0]
    assert (first["name"], first["new"], first["unread"], first["articles"]) == ("Báo A", 2, 2, 2)
    assert first["query"] == 'feed:"Báo A"' and first["tags"] == ["x"]
    assert listed["feeds"][1]["error"].startswith("feed: HTTP 500")

    code, out, _ = cli("search", "--json", 'feed:"Báo A"')
    assert json.loads(out)["total"] == 2

    code, out, _ = cli("feeds")
    assert code == 0
    assert f"Báo A  {feed_site.url('/a.rss')}\n" in out
    assert "2 new · 2 unread of 2 articles · tags: x" in out
    assert "last error: feed: HTTP 500 Internal Server Error (after 2 attempts)" in out

    code, out, _ = cli("update", *FAST, "Báo A")
    assert code == 0
    assert out.splitlines()[0] == "Báo A: unchanged"
    assert "1 feed · 0 new · 0 with errors" in out

    code, out, _ = cli("feeds", "remove", "báo a")
    assert code == 0 and "its articles stay in the archive" in out
    code, out, _ = cli("search", "--json", 'feed:"Báo A"')
    assert json.loads(out)["total"] == 2


def test_update_reports_unknown_names_and_goes_on(feed_site: FeedSite, cli: Cli) -> None:
    feed_site.add_feed("/a.rss", "A", 1)
    cli("feeds", "add", feed_site.url("/a.rss"), "--name", "a")
    code, out, err = cli("update", *FAST, "nope", "a")
    assert code == 1, err
    assert out.splitlines()[:2] == [
        "nope: unknown: no feed called 'nope'",
        "a: updated, 1 new of 1 item",
    ]


def test_update_with_no_feeds(cli: Cli) -> None:
    code, out, _ = cli("update", *FAST)
    assert code == 0 and "no feeds to update" in out
    code, out, _ = cli("feeds")
    assert code == 0 and "no feeds: subscribe" in out


def test_opml_export_import_through_the_command_line(cli: Cli) -> None:
    cli("feeds", "add", "https://example.com/a.rss", "--tag", "tin tức")
    cli("feeds", "add", "https://example.org/b.rss", "--name", "B & <b>")
    code, exported, _ = cli("feeds", "export")
    assert code == 0 and exported.startswith("<?xml")
    other = Cli(cli.archive.parent / "other", cli.index.parent / "other-idx", cli.capsys)
    path = cli.archive.parent / "subs.opml"
    path.write_text(exported, encoding="utf-8")
    code, out, _ = other("feeds", "import", "--json", str(path))
    assert code == 0
    assert [(line["name"], line["status"]) for line in _lines(out)] == [
        ("example.com", "added"),
        ("B & <b>", "added"),
    ]
    code, again, _ = other("feeds", "export")
    assert again.split("<body>")[1] == exported.split("<body>")[1]
    path.write_text("<html/>", encoding="utf-8")
    code, out, err = other("feeds", "import", str(path))
    assert code == 2 and err == (
        "reader: not an OPML subscription list: not an OPML file (root element html)\n"
    )


def test_the_sample_archive_is_not_subscribed(cli: Cli) -> None:
    code, _, err = cli("--sample", "feeds", "add", "https://example.com/a.rss")
    assert code == 2 and "sample archive is not written to" in err
