"""A news site on 127.0.0.1 with feeds that change, and a log of every request it was sent.

Each feed has an ETag and a Last-Modified date and answers a matching conditional request with
304. Paths can be made to misbehave (`FeedSite.behave`): a 500 every time, a timeout, a
malformed feed, a permanent or temporary move, a 410. The log keeps, for every request, when
the server received it (time.monotonic), its path and the headers it came with, so the tests
measure the delay between two requests to the host from the server's side.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.fetch.options import FetchOptions

SLOW_S = 2.0


@dataclass
class Feed:
    """A feed: the paths of its items, newest first, and its validators (changed with it)."""

    title: str
    items: list[str]
    version: int = 1

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    @property
    def last_modified(self) -> str:
        return formatdate(1_700_000_000 + self.version * 3600, usegmt=True)


@dataclass(frozen=True)
class Hit:
    at: float
    path: str
    headers: dict[str, str]


@dataclass
class FeedSite:
    base: str
    feeds: dict[str, Feed] = field(default_factory=dict)
    behaviour: dict[str, str] = field(default_factory=dict)
    crawl_delay: int | None = None
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def add_feed(self, path: str, title: str, count: int, start: int = 1) -> Feed:
        """A feed at `path` listing `count` pages of its own, `<path>-<n>.html`."""
        stem = path.rsplit(".", 1)[0]
        feed = Feed(title, [f"{stem}-{n}.html" for n in range(start, start + count)])
        self.feeds[path] = feed
        return feed

    def behave(self, path: str, how: str) -> None:
        """`500`, `slow`, `malformed`, `gone`, `moved:/new` (301), `temp:/new` (302)."""
        self.behaviour[path] = how

    def requests(self, path: str | None = None) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if path is None or h.path == path]

    def pages(self) -> list[Hit]:
        """The requests that were not for robots.txt."""
        return [h for h in self.requests() if h.path != "/robots.txt"]


def _page(path: str) -> bytes:
    number = path.rsplit("-", 1)[-1].removesuffix(".html")
    title = f"Tin {path.strip('/').replace('/', ' ')} số {number} về hợp tác nông nghiệp"
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>Bài {path} kể về hợp tác giữa hai tỉnh trong nhiều lĩnh vực khác nhau, "
        "với nhiều chi tiết đáng chú ý cho bạn đọc.</p>"
        "<p>Đoạn thứ hai kể thêm về những kết quả đã đạt được trong năm qua và kế hoạch "
        "cho năm tới của hai bên.</p></article></body></html>"
    ).encode()


def _rss(site: FeedSite, feed: Feed) -> bytes:
    items = "".join(
        f"<item><title>{p}</title><link>{site.url(p)}</link><description>Tóm tắt</description>"
        "</item>"
        for p in feed.items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{feed.title}</title><link>{site.base}</link>{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    site: FeedSite
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes = b"", kind: str = "text/plain", **extra: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        site = self.site
        path = self.path.split("?", 1)[0]
        with site.lock:
            site.hits.append(Hit(time.monotonic(), path, dict(self.headers.items())))
        how = site.behaviour.get(path, "")
        if path == "/robots.txt":
            delay = f"Crawl-delay: {site.crawl_delay}\n" if site.crawl_delay else ""
            self._send(200, f"User-agent: *\n{delay}Disallow: /private/\n".encode())
        elif how == "500":
            self._send(500, b"down")
        elif how == "slow":
            time.sleep(SLOW_S)
            self._send(200, b"<rss/>", "application/rss+xml")
        elif how == "malformed":
            self._send(200, b"<?xml version='1.0'?><rss><channel><item>", "application/rss+xml")
        elif how == "gone":
            self._send(410, b"gone")
        elif how.startswith(("moved:", "temp:")):
            status = 301 if how.startswith("moved:") else 302
            self._send(status, Location=site.url(how.split(":", 1)[1]))
        elif path in site.feeds:
            feed = site.feeds[path]
            if self.headers.get("If-None-Match") == feed.etag or (
                "If-None-Match" not in self.headers
                and self.headers.get("If-Modified-Since") == feed.last_modified
            ):
                self._send(304, ETag=feed.etag)
                return
            body = _rss(site, feed)
            kind = "application/rss+xml"
            self._send(200, body, kind, ETag=feed.etag, Last_Modified=feed.last_modified)
        elif path.endswith(".html"):
            self._send(200, _page(path), "text/html; charset=utf-8")
        else:
            self._send(404, b"not found")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client that gave up (a timeout) is expected


@pytest.fixture
def feed_site() -> Iterator[FeedSite]:
    server = _Server(("127.0.0.1", 0), _Handler)
    site = FeedSite(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = type("Handler", (_Handler,), {"site": site})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def quick() -> FetchOptions:
    """One request at a time per host, short timeouts, a tiny back-off, one retry."""
    return FetchOptions(
        per_host=1,
        connect_timeout=1.0,
        read_timeout=0.5,
        backoff=0.01,
        max_backoff=0.05,
        retries=1,
    )


@dataclass
class Cli:
    """`reader` run in-process on one archive, with its exit status, stdout and stderr."""

    archive: Path
    index: Path
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--archive", str(self.archive), "--index", str(self.index), *args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "archive", tmp_path / "idx", capsys)
