"""What an extractor change adds and removes on corpus articles outside the dev gold.

    python -m bench.entities_drift save [--n 1500] [--seed 7] [--out FILE]
    python -m bench.entities_drift diff [--baseline FILE] [--show 40] [--kind org]

`save` extracts the entities of a fixed random sample of the corpus (files of at least 800
characters that are NOT in the dev gold, drawn with `--seed`) into a JSON file; `diff` extracts
them again with the current code and prints, per kind, how many names were added and removed,
then a random handful of each with the sentence they come from, for checking by hand. The dev
gold measures a change on 60 articles it may have been tuned on; this shows what the same
change does to articles nobody tuned on (an added name that is wrong is a false positive the
dev set cannot show).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from bench.entities_dev import DEFAULT_CORPUS, DEFAULT_GOLD
from reader.entities.byline import byline_people
from reader.entities.extract import extract_entities
from reader.ingest.plain import parse_plain_text
from reader.model.article import ENTITY_KINDS

DEFAULT_OUT = Path("/tmp/entities-drift-baseline.json")


def sample(corpus: Path, n: int, seed: int) -> list[Path]:
    """`n` corpus files of 800+ characters outside the dev gold, drawn with `seed`."""
    gold_text = (DEFAULT_GOLD / "gold.yaml").read_text("utf-8")
    gold = set(re.findall(r"file:\s*(\S+\.txt)", gold_text))
    files = [
        p
        for p in sorted(corpus.glob("*.txt"))
        if p.name not in gold and len(p.read_text("utf-8")) >= 800
    ]
    return random.Random(seed).sample(files, n)


def extract(files: list[Path]) -> dict[str, dict[str, list[str]]]:
    out = {}
    for path in files:
        article = parse_plain_text(path.read_text("utf-8"))
        if article.author:
            article = article.with_changes(author=", ".join(byline_people(article.author)) or None)
        found = extract_entities(article)
        out[path.name] = {kind: list(found.of_kind(kind)) for kind in ENTITY_KINDS}
    return out


def context(path: Path, name: str, width: int = 90) -> str:
    text = " ".join(path.read_text("utf-8").split())
    at = text.find(name.split()[0]) if name.split() else -1
    for probe in (name, name.split()[-1] if name.split() else name):
        found = text.find(probe)
        if found >= 0:
            at = found
            break
    if at < 0:
        return "(not found verbatim)"
    return text[max(0, at - width) : at + len(name) + width]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("save", "diff"))
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", "--baseline", dest="out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--show", type=int, default=30)
    ap.add_argument("--kind", default="")
    args = ap.parse_args(argv)
    files = sample(args.corpus, args.n, args.seed)
    now = extract(files)
    if args.mode == "save":
        args.out.write_text(json.dumps(now, ensure_ascii=False), "utf-8")
        print(f"saved {len(now)} articles to {args.out}")
        return 0
    before = json.loads(args.out.read_text("utf-8"))
    rng = random.Random(0)
    by_name = {p.name: p for p in files}
    for kind in ENTITY_KINDS:
        if args.kind and kind != args.kind:
            continue
        old = {f: before.get(f, {}).get(kind, []) for f in now}
        added = [(f, n) for f in now for n in now[f][kind] if n not in old[f]]
        removed = [(f, n) for f in now for n in old[f] if n not in now[f][kind]]
        total = sum(len(v[kind]) for v in before.values())
        print(f"\n=== {kind}: {total} before, +{len(added)} -{len(removed)}")
        for label, rows in (("+", added), ("-", removed)):
            for f, n in rng.sample(rows, min(args.show, len(rows))):
                print(f"  {label} {n!r:<40} {f}: ...{context(by_name[f], n)}...")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
