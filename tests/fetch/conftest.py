"""A real HTTP server on 127.0.0.1 serving the test site, and fast fetch options.

The site is the pages under `tests/fixtures/site/` plus routes that misbehave on purpose:
redirect chains and loops, redirects to any Location bytes, errors, a flaky and a busy page, a
slow one, ones that trickle their headers or body, an oversized one, a lying charset, an
image, a robots.txt-protected path, compressed pages and a compression bomb. The same site is
served over TLS (`tls_site`, with a throwaway certificate), and a forward proxy (`proxy`)
relays to either. No proxy from the caller's environment applies to any fetch test.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.client
import shutil
import socket
import ssl
import subprocess
import threading
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote_from_bytes, unquote_to_bytes, urlsplit

import pytest

from reader.fetch.options import FetchOptions

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
PAGE_VI = "/vi/can-tho-savannakhet-hop-tac.html"
PAGE_VI2 = "/vi/sinh-vien-lao-vo-dich-giai-bong-da-huu-nghi.html"
PAGE_EN = "/en/mekong-delta-rice-exports.html"
BIG_BYTES = 300 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BOMB_ZEROS = 1024**3
TRICKLE_GAP_S = 0.1
"""Seconds between two bytes of a trickling response: well under the `fast` read timeout."""


def raw_redirect_path(location: bytes) -> str:
    """The path of a 302 whose Location header is exactly `location` (any bytes)."""
    return "/redirect-raw?to=" + quote_from_bytes(location, safe="")


def encode(body: bytes, coding: str) -> bytes:
    """`body` compressed as `gzip` (or `x-gzip`), `deflate` (zlib-wrapped) or `raw-deflate`.

    Any other coding leaves it as it is (the client must refuse it before reading).
    """
    if coding in ("gzip", "x-gzip"):
        return gzip.compress(body)
    if coding == "deflate":
        return zlib.compress(body)
    if coding == "raw-deflate":
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return packer.compress(body) + packer.flush()
    return body


@functools.cache
def double_gzip_zeros(size: int) -> bytes:
    """gzip of gzip of `size` zero bytes, built a megabyte at a time (1 GiB -> about 13 KB)."""
    inner = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    outer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [outer.compress(inner.compress(block)) for _ in range(size // len(block))]
    parts += [outer.compress(inner.flush()), outer.flush()]
    return b"".join(parts)


def to_cp1258(text: str) -> bytes:
    """Vietnamese text in Windows-1258: letters it lacks are written base + tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        rest = ""
        for mark in marks:
            joined = unicodedata.normalize("NFC", base + mark)
            if _encodable(joined):
                base = joined
            else:
                rest += mark
        out += (base + rest).encode("cp1258")
    return bytes(out)


def _encodable(text: str) -> bool:
    try:
        text.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return len(text) == 1


@dataclass
class Site:
    """The running server: its base URL and what it was asked for."""

    base: str
    hits: Counter[str] = field(default_factory=Counter)
    agents: list[str] = field(default_factory=list)
    encodings: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def _page(path: str, base: str) -> bytes:
    return (SITE / path.lstrip("/")).read_bytes().replace(b"{{BASE}}", base.encode())


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, fmt: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, b"", "text/plain", Location=location)

    def _raw_redirect(self, location: bytes) -> None:
        """A 302 written by hand: `send_header` would refuse most of what a server can send."""
        head = b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\n"
        self.wfile.write(head + b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        self.close_connection = True

    def _trickle(self, head: bytes, body: bytes) -> None:
        """Write `head` and then `body` one byte at a time until the client hangs up."""
        for byte in head + body:
            self.wfile.write(bytes([byte]))
            time.sleep(TRICKLE_GAP_S)

    def do_GET(self) -> None:
        site = self.site
        path = self.path.split("?", 1)[0]
        site.hits[path] += 1
        site.agents.append(self.headers.get("User-Agent", ""))
        site.encodings.append(self.headers.get("Accept-Encoding", ""))
        count = site.hits[path]
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            self._send(200, _page("robots.txt", site.base), "text/plain")
        elif path.startswith(("/vi/", "/en/")) and (SITE / path.lstrip("/")).is_file():
            kind = "text/plain; charset=utf-8" if path.endswith(".txt") else html
            self._send(200, _page(path, site.base), kind)
        elif path == "/private/secret.html":
            self._send(200, _page(PAGE_VI, site.base), html)
        elif path in ("/feed.rss", "/feed.atom"):
            kind = "application/rss+xml" if path.endswith("rss") else "application/atom+xml"
            self._send(200, _page(path, site.base), kind)
        elif path == "/chain/1":
            self._redirect(301, "/chain/2")
        elif path == "/chain/2":
            self._redirect(302, site.url("/chain/3"))
        elif path == "/chain/3":
            self._redirect(307, PAGE_EN)
        elif path == "/loop/a":
            self._redirect(302, "/loop/b")
        elif path == "/loop/b":
            self._redirect(302, "/loop/a")
        elif path == "/to-ftp":
            self._redirect(302, "ftp://127.0.0.1/file.html")
        elif path == "/redirect-raw":
            self._raw_redirect(unquote_to_bytes(self.path.partition("?to=")[2]))
        elif path == "/flaky":
            if count == 1:
                self._send(500, b"oops", "text/plain")
            else:
                self._send(200, _page(PAGE_VI2, site.base), html)
        elif path == "/always-500":
            self._send(503, b"down", "text/plain")
        elif path == "/busy":
            if count == 1:
                self._send(429, b"slow down", "text/plain", Retry_After="1")
            else:
                self._send(200, _page(PAGE_EN, site.base), html)
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, _page(PAGE_EN, site.base), html)
        elif path == "/trickle-headers":
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X: y\r\n" * 50, b"")
        elif path == "/trickle-body":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 600\r\n\r\n"
            self.wfile.write(head)
            self._trickle(b"", b"<html><body>" + b"x" * 588)
        elif path.startswith("/encoded/"):
            codings = path.removeprefix("/encoded/").split(",")
            body = _page(PAGE_EN, site.base)
            for coding in codings:
                body = encode(body, coding)
            named = ", ".join("deflate" if c == "raw-deflate" else c for c in codings)
            self._send(200, body, html, Content_Encoding=named)
        elif path == "/bomb":
            body = double_gzip_zeros(BOMB_ZEROS)
            self._send(200, body, html, Content_Encoding="gzip, gzip")
        elif path == "/big":
            self._send(200, b"<html><body>" + b"<p>filler text</p>" * (BIG_BYTES // 18), html)
        elif path == "/big-stream":
            self.send_response(200)
            self.send_header("Content-Type", html)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(BIG_BYTES // 1024):
                self.wfile.write(b"<p>" + b"x" * 1017 + b"</p>")
            self.close_connection = True
        elif path == "/latin1-lies":
            kind = "text/html; charset=ISO-8859-1"
            self._send(200, _page(PAGE_VI2, site.base), kind)
        elif path == "/cp1258":
            text = _page(PAGE_VI2, site.base).decode("utf-8")
            text = text.replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
            self._send(200, to_cp1258(text), "text/html")
        elif path == "/image.png":
            self._send(200, PNG, "image/png")
        else:
            self._send(404, b"<html><body>Not found</body></html>", "text/html")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client that hung up early (timeouts, size cap) is expected here


@contextlib.contextmanager
def _serving(server: _Server) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def _listening(handler: type[BaseHTTPRequestHandler], tls: ssl.SSLContext | None) -> _Server:
    """A server on a free port of 127.0.0.1, speaking TLS when given a context."""
    server = _Server(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    return server


def _base(server: _Server, tls: ssl.SSLContext | None) -> str:
    return f"{'http' if tls is None else 'https'}://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def _site(tls: ssl.SSLContext | None = None) -> Iterator[Site]:
    server = _listening(_Handler, tls)
    state = Site(_base(server, tls))
    server.RequestHandlerClass = type("Handler", (_Handler,), {"site": state})
    with _serving(server):
        yield state


@pytest.fixture
def site() -> Iterator[Site]:
    with _site() as state:
        yield state


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made by the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    command += ["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(command, check=True, capture_output=True)
    return cert, key


@pytest.fixture
def server_tls(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A server's TLS context with the certificate, which fetchers made in the test trust
    (and nothing else: SSL_CERT_FILE)."""
    cert, key = certificate
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return tls


@pytest.fixture
def tls_site(server_tls: ssl.SSLContext) -> Iterator[Site]:
    """The site over https."""
    with _site(server_tls) as state:
        yield state


# -- a forward proxy ----------------------------------------------------------------------------

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "upgrade"}
    | {"transfer-encoding", "content-length"}
)


@dataclass
class Proxy:
    """A forward HTTP proxy on 127.0.0.1 (`url`) and what it relayed.

    `relayed` lists each absolute URI it fetched with GET and each `CONNECT host:port` it
    tunnelled; `authorizations` the Proxy-Authorization headers it was sent. With `trickle`
    set, it writes each relayed response a byte every TRICKLE_GAP_S.
    """

    url: str
    relayed: list[str] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)
    trickle: bool = False


class _ProxyHandler(BaseHTTPRequestHandler):
    proxy: Proxy
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, fmt: str, *args: object) -> None:
        return

    def _note(self, what: str) -> None:
        self.proxy.relayed.append(what)
        self.proxy.authorizations.append(self.headers.get("Proxy-Authorization", ""))

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.scheme != "http" or not parts.hostname:
            body = b"a proxy needs an absolute http:// URI"
            self.wfile.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: %d\r\n\r\n" % len(body))
            self.wfile.write(body)
            return
        self._note(self.path)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        origin = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)
        try:
            origin.request("GET", target, None, headers)
            reply = origin.getresponse()
            body = reply.read()
            kept = [(k, v) for k, v in reply.getheaders() if k.lower() not in _HOP_BY_HOP]
        finally:
            origin.close()
        head = f"HTTP/1.1 {reply.status} {reply.reason}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in kept)
        answer = (head + f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1") + body
        if not self.proxy.trickle:
            self.wfile.write(answer)
            return
        for byte in answer:
            self.wfile.write(bytes([byte]))
            time.sleep(TRICKLE_GAP_S)

    def do_CONNECT(self) -> None:
        host, _, port = self.path.rpartition(":")
        self._note(f"CONNECT {self.path}")
        upstream = socket.create_connection((host, int(port)), timeout=10)
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.close_connection = True
        back = threading.Thread(target=_pipe, args=(upstream, self.connection), daemon=True)
        back.start()
        _pipe(self.connection, upstream)
        back.join(timeout=10)
        upstream.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    """Copy `source` to `sink` until either end closes, then stop sending to `sink`."""
    with contextlib.suppress(OSError):
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


@pytest.fixture(autouse=True)
def no_proxy_from_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proxy settings of whoever runs the tests would send the local fetches elsewhere."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("REQUEST_METHOD", raising=False)


@contextlib.contextmanager
def _proxy(tls: ssl.SSLContext | None = None) -> Iterator[Proxy]:
    server = _listening(_ProxyHandler, tls)
    state = Proxy(_base(server, tls))
    server.RequestHandlerClass = type("ProxyHandler", (_ProxyHandler,), {"proxy": state})
    with _serving(server):
        yield state


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    with _proxy() as state:
        yield state


@pytest.fixture
def tls_proxy(server_tls: ssl.SSLContext) -> Iterator[Proxy]:
    """The proxy, spoken to over TLS (an https:// proxy URL)."""
    with _proxy(server_tls) as state:
        yield state


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fast() -> FetchOptions:
    """Small timeouts, tiny backoff and a small size cap, so failure cases finish quickly."""
    return FetchOptions(
        connect_timeout=1.0,
        read_timeout=0.5,
        backoff=0.01,
        max_backoff=0.05,
        max_retry_after=2.0,
        retries=2,
        max_bytes=128 * 1024,
    )
