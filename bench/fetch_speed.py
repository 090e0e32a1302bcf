"""Fetch throughput: `python -m bench.fetch_speed [--pages N] [--delay-ms D]`.

Serves a site of N generated news pages (default 200, built from the test site's Vietnamese
page, each with its own title and text) on 127.0.0.1, then fetches all of them with the
default limits (2 requests per host, 8 in all) twice: download only (the fetch session with a
handler that does nothing), and end to end through `Archive.fetch` (download, extraction,
entities, atomic writes, raw pages, index update) into a fresh temp archive. Prints pages per
second for both and writes bench/results/fetch_speed.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from reader.archive import Archive
from reader.config import Config
from reader.fetch.options import FetchOptions
from reader.fetch.session import FetchOutcome, FetchSession

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "tests" / "fixtures" / "site" / "vi" / "can-tho-savannakhet-hop-tac.html"
TITLE = "Cần Thơ và Savannakhet mở rộng hợp tác nông nghiệp, giáo dục"
PLACES = ("Savannakhet", "Champasak", "Viêng Chăn", "Luang Prabang", "Attapeu", "Salavan")


def build_pages(count: int) -> dict[str, bytes]:
    """`/tin/<n>.html` -> a distinct article page."""
    template = TEMPLATE.read_text(encoding="utf-8")
    pages = {}
    for n in range(count):
        place = PLACES[n % len(PLACES)]
        title = f"{TITLE.replace('Savannakhet', place)} (kỳ {n + 1})"
        text = template.replace(TITLE, title).replace(
            "Tại buổi tiếp,", f"Tại buổi tiếp lần thứ {n + 1} với tỉnh {place},"
        )
        pages[f"/tin/{n}.html"] = text.encode("utf-8")
    return pages


def serve(pages: dict[str, bytes], delay_s: float) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, fmt: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            if delay_s:
                time.sleep(delay_s)
            body = pages.get(self.path)
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow: /private/\n", "text/plain"
            else:
                kind = "text/html; charset=utf-8"
            status = 200 if body is not None else 404
            body = body or b"not found"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200, help="pages on the local site (200)")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="server latency per request")
    args = parser.parse_args()
    pages = build_pages(args.pages)
    server, base = serve(pages, args.delay_ms / 1000)
    urls = [base + path for path in pages]
    options = FetchOptions()
    try:
        started = time.perf_counter()
        download = FetchSession(options).run(
            urls, handle=lambda page: FetchOutcome(page.requested_url, "fetched")
        )
        download_s = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as tmp:
            archive = Archive(Config(archive_dir=Path(tmp) / "a", index_dir=Path(tmp) / "i"))
            started = time.perf_counter()
            run = archive.fetch(urls, options=options)
            full_s = time.perf_counter() - started
            archive.close()
    finally:
        server.shutdown()
    result = {
        "pages": len(urls),
        "per_host": options.per_host,
        "overall": options.overall,
        "server_delay_ms": args.delay_ms,
        "download_only": {
            "fetched": download.count("fetched"),
            "seconds": round(download_s, 2),
            "pages_per_s": round(download.count("fetched") / download_s, 1),
        },
        "end_to_end": {
            "fetched": run.count("fetched"),
            "duplicate": run.count("duplicate"),
            "failed": len(run.failed),
            "seconds": round(full_s, 2),
            "pages_per_s": round(run.count("fetched") / full_s, 1),
        },
    }
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "fetch_speed.json").write_text(json.dumps(result, indent=2))
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
