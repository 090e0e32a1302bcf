"""`reader fetch` as a user runs it: JSON lines, summaries, exit statuses, --from, --feed."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from reader.cli.main import main

from .conftest import PAGE_EN, PAGE_VI, Site

FAST = ["--read-timeout", "0.5", "--connect-timeout", "1", "--retries", "0"]


def _run(capsys: pytest.CaptureFixture[str], tmp: Path, *args: str) -> tuple[int, str, str]:
    archive = tmp / "archive"
    code = main(["--archive", str(archive), "--index", str(tmp / "idx"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_fetch_json_then_duplicate(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.url(PAGE_VI)
    code, out, _ = _run(capsys, tmp_path, "fetch", "--json", *FAST, url)
    assert code == 0
    [line] = _lines(out)
    assert line["url"] == url and line["status"] == "fetched" and line["reason"] is None
    assert set(line) == {"url", "status", "id", "reason"}
    code, out, _ = _run(capsys, tmp_path, "fetch", "--json", *FAST, url)
    assert code == 0
    assert _lines(out) == [
        {"url": url, "status": "duplicate", "id": line["id"], "reason": "already in the archive"}
    ]
    code, out, _ = _run(capsys, tmp_path, "search", "--json", "savannakhet")
    assert json.loads(out)["total"] == 1


def test_summary_failures_and_exit_status(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys,
        tmp_path,
        "fetch",
        *FAST,
        site.url(PAGE_EN),
        site.url("/missing"),
        "file:///etc/passwd",
    )
    assert code == 1
    assert "1 fetched · 0 duplicate · 2 failed" in out
    assert "HTTP 404 Not Found" in out
    assert "only http and https URLs are fetched, not file:" in out
    assert "Traceback" not in err


def test_from_file_skips_comments_and_blank_lines(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# reading list\n\n{site.url(PAGE_VI)}\n   \n"
        f"# {site.url('/missing')}\n{site.url(PAGE_EN)}\n",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, tmp_path, "fetch", "--json", *FAST, "--from", str(listing))
    assert code == 0
    assert sorted(line["url"] for line in _lines(out)) == sorted(
        [site.url(PAGE_VI), site.url(PAGE_EN)]
    )
    assert site.hits["/missing"] == 0


def test_feed_and_robots_options(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, tmp_path, "fetch", *FAST, "--feed", site.url("/feed.rss"))
    assert code == 0
    assert "feed " in out and "2 items, 2 new" in out and "2 fetched" in out
    code, out, _ = _run(
        capsys, tmp_path, "fetch", "--json", *FAST, site.url("/private/secret.html")
    )
    assert code == 1 and "robots.txt" in str(_lines(out)[0]["reason"])
    code, out, _ = _run(
        capsys,
        tmp_path,
        "fetch",
        "--json",
        *FAST,
        "--ignore-robots",
        site.url("/private/secret.html"),
    )
    assert _lines(out)[0]["status"] == "duplicate", "same text as the page fetched from the feed"


def test_no_network_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    urls = [f"http://127.0.0.1:{port}/{n}.html" for n in range(3)]
    code, out, err = _run(capsys, tmp_path, "fetch", *FAST, *urls)
    assert code == 1 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("reader: no network:") and "connection refused" in line


def test_nothing_to_fetch_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, tmp_path, "fetch")
    assert (
        code == 2
        and err.strip() == "reader: nothing to fetch: give URLs, --from FILE or --feed URL"
    )
    code, _, err = _run(capsys, tmp_path, "fetch", "--from", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in err


def test_ctrl_c_keeps_what_finished(site: Site, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    archive, index = tmp_path / "archive", tmp_path / "idx"
    slow = [site.url(f"/slow?{n}") for n in range(8)]
    command = [sys.executable, "-m", "reader", "--archive", str(archive), "--index", str(index)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*command, "fetch", "--read-timeout", "5", site.url(PAGE_VI), *slow],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not list(archive.glob("*.md")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    out, err = proc.communicate(timeout=10)
    # well under the 5 s the slow requests would still take: they are abandoned, not awaited
    assert time.monotonic() - started < 3.0, "in-flight requests are abandoned"
    assert proc.returncode == 130, err
    assert "1 fetched" in out and "interrupted" in out
    assert len(list(archive.glob("*.md"))) == 1
    assert not [p for p in archive.iterdir() if "tmp-" in p.name]  # no half-written file
    check = subprocess.run([*command, "index", "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
