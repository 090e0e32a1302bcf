"""A fuzz campaign over every input parser: `python -m bench.fuzz_inputs [--seconds 120]`.

Inputs come from six generators: random bytes, random Unicode laced with terminal escapes,
direction overrides, combining marks and NULs, mutations (bit flips, splices, truncations,
repeats) of real inputs (the nasty and format fixtures, the seed pages, a few corpus articles),
random YAML front matter, random JSON (deep nesting, lone surrogates, wrong types) and tag
soup HTML. Each goes through `parse_file` as each supported suffix, and every article it gives
through what import does next: identity, canonical rendering and reading back.

A crash is any exception escaping a parser, a reason that is not one line, an article carrying
control characters, an unsafe id, or an article whose canonical file does not read back. Slow
inputs (over --slow seconds) are listed too. Prints inputs tried and crashes found, keeps each
crashing input under the work directory, and writes bench/results/fuzz_inputs.json.
`--tiny-files 100000` then imports that many tiny files into a fresh archive and times it.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "fuzz_inputs.json"
SEEDS_DIRS = [
    REPO / "tests" / "fixtures" / "nasty",
    REPO / "tests" / "fixtures" / "formats",
    REPO.parent / "shared" / "seeds",
]
SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl"]
HOSTILE = [
    "\x00",
    "\x07",
    "\x1b",
    "\x1b[31m",
    "\x1b]8;;file:///etc/passwd\x1b\\",
    "\x9b",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u0301",
    "\u0323",
    "\u0300" * 20,
    "[bold]",
    "[/]",
    "[link=file:///x]",
    "---\n",
    "\n---\n",
    "# ",
    "<div>",
    "</p>",
    "<script>",
    "&amp;",
    "&#0;",
    "{",
    "}",
    "[",
    "]",
    '"',
    "\\",
    "\\ud800",
    "\\u0000",
    ": ",
    "- ",
    "&a ",
    "*a ",
    "!!python/",
    "\r\n",
    "\r",
    "\t",
    "Cần Thơ ",
    "Đà Nẵng ",
    "hợp tác ",
    "Hà Vy",
    "./.",
    "…",
]
MAX_BYTES = 4 * 1024 * 1024


class Timeout(Exception):
    """An input took longer than the hard limit."""


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout


def _seed_files() -> list[bytes]:
    seeds = []
    for folder in SEEDS_DIRS:
        if folder.is_dir():
            seeds.extend(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())
    corpus = Path(tempfile.gettempdir()) / "reader-bench-corpus"
    if corpus.is_dir():
        seeds.extend(p.read_bytes() for p in sorted(corpus.rglob("*.txt"))[:50])
    return [s for s in seeds if len(s) <= MAX_BYTES] or [b"Title\nLead.\nBody text.\n"]


def gen_bytes(rng: random.Random, seeds: list[bytes]) -> bytes:
    return rng.randbytes(rng.choice([0, 1, 8, 64, 512, 4096, 65536]))


def gen_unicode(rng: random.Random, seeds: list[bytes]) -> bytes:
    parts = []
    for _ in range(rng.randrange(1, 200)):
        if rng.random() < 0.4:
            parts.append(rng.choice(HOSTILE))
        else:
            parts.append("".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(8))))
    return "".join(parts).encode("utf-8", "surrogatepass")


def gen_mutation(rng: random.Random, seeds: list[bytes]) -> bytes:
    data = bytearray(rng.choice(seeds))
    for _ in range(rng.randrange(1, 12)):
        op = rng.randrange(6)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[pos % len(data)] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[pos:pos] = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
        elif op == 2:
            del data[pos : pos + rng.randrange(200)]
        elif op == 3:
            other = rng.choice(seeds)
            start = rng.randrange(len(other) + 1)
            data[pos:pos] = other[start : start + rng.randrange(2000)]
        elif op == 4:
            chunk = bytes(data[pos : pos + rng.randrange(1, 50)])
            data[pos:pos] = chunk * rng.randrange(1, 200)
        else:
            data = data[: rng.randrange(len(data) + 1)]
    return bytes(data[:MAX_BYTES])


def _value(rng: random.Random, depth: int) -> Any:
    kind = rng.randrange(8 if depth < 6 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False, 0, -1, 10**30, 1.5e308, float("nan")])
    if kind in (2, 3, 4):
        return "".join(rng.choice(HOSTILE) if rng.random() < 0.3 else "chữ " for _ in range(9))
    if kind == 5:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = [
        "title",
        "body",
        "lead",
        "author",
        "published",
        "date",
        "section",
        "url",
        "id",
        "content",
        "text",
        "tags",
        "entities",
        "captions",
        rng.choice(HOSTILE),
    ]
    return {rng.choice(keys): _value(rng, depth + 1) for _ in range(rng.randrange(6))}


def gen_json(rng: random.Random, seeds: list[bytes]) -> bytes:
    if rng.random() < 0.1:
        depth = rng.choice([100, 1000, 100_000])
        return ("[" * depth + "]" * depth).encode()
    value = _value(rng, 0)
    if rng.random() < 0.7:
        value = {
            "title": _value(rng, 5),
            "body": _value(rng, 5),
            **(value if isinstance(value, dict) else {}),
        }
    text = json.dumps(value, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.3:
        text = text.replace("chữ", "\\ud83d", 1)
    if rng.random() < 0.5:
        text = "\n".join([text] * rng.randrange(1, 5))
    return text.encode("utf-8", "surrogatepass")


def gen_front_matter(rng: random.Random, seeds: list[bytes]) -> bytes:
    lines = []
    for _ in range(rng.randrange(8)):
        key = rng.choice(["title", "date", "published", "tags", "author", "id", "lead", "x"])
        value = rng.choice(
            [
                "Tiêu đề bài",
                "2022-09-05",
                "2022-13-45T99:99",
                "[a, b",
                "{a: 1}",
                "&a x",
                "*a",
                "!!python/object/apply:os.system [echo]",
                "!!binary aGk=",
                "|\n  block",
                "null",
                "- a\n- b",
                "'unterminated",
                '"\\x1b[31m"',
                "~",
                "2022-09-05T16:33:00+07:00",
            ]
        )
        lines.append(f"{key}: {value}")
    head = "---\n" + "\n".join(lines) + ("\n---\n" if rng.random() < 0.9 else "\n")
    body = "".join(
        rng.choice(HOSTILE) if rng.random() < 0.2 else "Nội dung bài. " for _ in range(20)
    )
    return (head + body).encode("utf-8", "surrogatepass")


def gen_html(rng: random.Random, seeds: list[bytes]) -> bytes:
    tags = [
        "div",
        "p",
        "span",
        "article",
        "main",
        "h1",
        "title",
        "meta",
        "script",
        "style",
        "table",
        "tr",
        "td",
        "a",
        "b",
        "i",
        "br",
        "img",
        "time",
        "iframe",
        "svg",
    ]
    parts = ["<!doctype html><html lang='vi'><head><title>Tiêu đề</title></head><body>"]
    if rng.random() < 0.1:
        depth = rng.choice([1000, 20_000])
        parts.append("<div>" * depth + "Chữ " * 50 + "</div>" * rng.choice([0, depth]))
    for _ in range(rng.randrange(200)):
        r = rng.random()
        tag = rng.choice(tags)
        if r < 0.3:
            parts.append(f"<{tag} class='{rng.choice(HOSTILE)}'>")
        elif r < 0.5:
            parts.append(f"</{tag}>")
        else:
            parts.append(rng.choice(HOSTILE) if rng.random() < 0.3 else "Hợp tác hữu nghị. ")
    return "".join(parts).encode("utf-8", "surrogatepass")


GENERATORS: dict[str, Callable[[random.Random, list[bytes]], bytes]] = {
    "bytes": gen_bytes,
    "unicode": gen_unicode,
    "mutation": gen_mutation,
    "json": gen_json,
    "front matter": gen_front_matter,
    "html": gen_html,
}
SUFFIX_OF = {"json": [".json", ".jsonl"], "front matter": [".md"], "html": [".html", ".txt"]}


def check_one(path: Path) -> list[str]:
    """Run one file through parsing and what import does with each article; the problems."""
    from reader.ingest.dispatch import parse_file
    from reader.ingest.errors import IngestError
    from reader.model.article import Article
    from reader.model.canonical import parse_canonical, render_canonical
    from reader.model.ids import assign_identity, is_valid_id

    problems = []
    forbidden = {chr(c) for c in range(0x20) if c != 0x0A} | {"\x7f", "\x9b", "\u202e", "\u2066"}
    for label, item in parse_file(path, max_bytes=MAX_BYTES):
        if isinstance(item, IngestError):
            reason = str(item)
            if not reason or "\n" in reason or len(reason) > 400:
                problems.append(f"{label}: reason is not one short line: {reason[:100]!r}")
            continue
        if not isinstance(item, Article):
            problems.append(f"{label}: parser returned {type(item).__name__}")
            continue
        for name in ("title", "lead", "body"):
            bad = forbidden & set(getattr(item, name))
            if bad:
                problems.append(f"{label}: {name} carries {sorted(map(repr, bad))}")
        if not any(c.isalnum() for c in item.title):
            continue  # the importer refuses these with a reason
        article = assign_identity(item, datetime.now(UTC).replace(microsecond=0))
        if not is_valid_id(article.id):
            problems.append(f"{label}: unsafe id {article.id!r}")
            continue
        text = render_canonical(article)
        text.encode("utf-8")
        back = parse_canonical(text)
        # YAML may drop a title's trailing blanks; anything else lost is a bug.
        if (back.title.strip(), back.body) != (article.title.strip(), article.body):
            problems.append(f"{label}: canonical file does not read back the same")
    return problems


def tiny_files(count: int) -> dict[str, Any]:
    """Import `count` tiny files (half of them too small to be articles) into a fresh archive."""
    import shutil

    from reader.archive import Archive
    from reader.config import Config

    work = Path(tempfile.mkdtemp(prefix="reader-tiny-"))
    try:
        folder = work / "in"
        folder.mkdir()
        for n in range(count):
            text = f"Tin số {n}\nTóm tắt {n}.\nNội dung {n}.\n" if n % 2 else "x"
            (folder / f"t{n:06d}.txt").write_text(text, "utf-8")
        archive = Archive(Config(archive_dir=work / "archive", index_dir=work / "index"))
        started = time.monotonic()
        summary = archive.import_paths([folder])
        seconds = time.monotonic() - started
        found = archive.search("").total
        archive.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "files": count,
        "imported": summary.count("imported"),
        "failed": summary.count("failed"),
        "searchable": found,
        "seconds": round(seconds, 1),
        "reasons": sorted({o.reason or "" for o in summary.failed}),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120, help="how long to run (120)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slow", type=float, default=2.0, help="seconds that count as slow")
    parser.add_argument("--limit", type=int, default=20, help="hard limit per input, seconds")
    parser.add_argument(
        "--tiny-files", type=int, default=0, metavar="N", help="then import N tiny files"
    )
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    rng = random.Random(args.seed)
    seeds = _seed_files()
    work = Path(tempfile.mkdtemp(prefix="reader-fuzz-"))
    crashes: dict[str, dict[str, Any]] = {}
    slow: list[dict[str, Any]] = []
    tried: dict[str, int] = dict.fromkeys(GENERATORS, 0)
    signal.signal(signal.SIGALRM, _alarm)
    deadline = time.monotonic() + args.seconds
    count = 0
    while time.monotonic() < deadline:
        kind = rng.choice(list(GENERATORS))
        data = GENERATORS[kind](rng, seeds)
        suffix = rng.choice(SUFFIX_OF.get(kind, SUFFIXES))
        path = work / f"input{suffix}"
        path.write_bytes(data)
        count += 1
        tried[kind] += 1
        started = time.monotonic()
        signal.alarm(args.limit)
        try:
            problems = check_one(path)
        except Timeout:
            problems = [f"no answer within {args.limit} s"]
        except Exception as exc:
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            problems = [f"{type(exc).__name__} at {where}: {str(exc)[:200]}"]
        finally:
            signal.alarm(0)
        took = time.monotonic() - started
        if took > args.slow:
            slow.append({"kind": kind, "suffix": suffix, "bytes": len(data), "seconds": took})
        for problem in problems:
            key = (
                problem.split(":")[0] + ":" + problem.split(":")[1][:60]
                if ":" in problem
                else problem
            )
            if key not in crashes:
                kept = work / f"crash-{len(crashes):03d}{suffix}"
                kept.write_bytes(data)
                crashes[key] = {"problem": problem, "kind": kind, "input": str(kept), "count": 0}
                print(f"CRASH {problem[:200]} ({kind}, kept as {kept})", flush=True)
            crashes[key]["count"] += 1
    results = {
        "inputs_tried": count,
        "by_generator": tried,
        "seconds": args.seconds,
        "seed": args.seed,
        "crashes_found": len(crashes),
        "crashes": list(crashes.values()),
        "slow_inputs": slow[:50],
        "work_dir": str(work),
    }
    if args.tiny_files:
        results["tiny_files"] = tiny_files(args.tiny_files)
        print(f"tiny files: {results['tiny_files']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    print(f"inputs tried: {count} {tried}")
    print(f"distinct crashes found: {len(crashes)}; slow inputs (> {args.slow} s): {len(slow)}")
    print(f"results in {RESULTS}; inputs in {work}")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
