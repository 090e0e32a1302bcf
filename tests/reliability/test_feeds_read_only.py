"""Subscriptions of a read-only archive (a real read-only bind mount, see `mounts.py`): they
are listed and exported, never changed, and `reader update --json` says of every feed that
it failed, and why."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import run_reader
from .mounts import read_only_view


def test_feeds_of_a_read_only_archive(tmp_path: Path) -> None:
    writable = tmp_path / "archive-rw"
    for url in ("https://example.com/a.rss", "https://example.org/b.rss"):
        assert run_reader(writable, tmp_path / "i0", "feeds", "add", url).returncode == 0
    before = (writable / "feeds.yaml").read_bytes()
    with read_only_view(writable, tmp_path / "archive") as archive:
        index = tmp_path / "index"
        listed = run_reader(archive, index, "feeds", "--json")
        assert listed.returncode == 0, listed.stderr
        assert [f["name"] for f in json.loads(listed.stdout)["feeds"]] == [
            "example.com",
            "example.org",
        ]
        assert "example.org" in run_reader(archive, index, "feeds", "export").stdout

        for args in (
            ("feeds", "add", "https://example.net/c.rss"),
            ("feeds", "remove", "example.com"),
        ):
            result = run_reader(archive, index, *args)
            assert result.returncode == 2 and "read-only" in result.stderr, result.stderr
            assert len(result.stderr.splitlines()) == 1

        result = run_reader(archive, index, "update", "--json")
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert [(line["name"], line["url"]) for line in lines] == [
            ("example.com", "https://example.com/a.rss"),
            ("example.org", "https://example.org/b.rss"),
        ]
        assert all(line["status"] == "failed" and "read-only" in line["error"] for line in lines)
        assert result.returncode != 0 and "read-only" in result.stderr
        assert "internal error" not in result.stderr
    assert (writable / "feeds.yaml").read_bytes() == before
