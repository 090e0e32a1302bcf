"""Entity extraction against the shared development gold, in this process (seconds, not a minute).

    python -m bench.entities_dev [--gold DIR] [--corpus DIR] [--top N] [--diff] [--files A,B]

The same articles, scoring and tables as `../shared/eval/entities-dev/measure.py` (whose
functions are imported from there), but without a `reader import` and `reader show` per
article: each file is parsed as `reader import` parses it, its entities are extracted and put
through the names of the articles before it (as an import into a fresh archive does), and the
byline in `author` counts as a person found, as measure.py counts it. measure.py remains the
measure to report; this is for working between two runs of it. The author goes through
`byline_people` first, as the importer does (`--raw-bylines`: as parsed). `--diff` prints,
per article,
what was predicted that the gold does not accept and what the gold wants that was missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

from reader.entities.byline import byline_people
from reader.entities.extract import extract_entities
from reader.entities.known import KnownNames
from reader.ingest.plain import parse_plain_text
from reader.model.article import ENTITY_KINDS

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "eval" / "entities-dev"
DEFAULT_CORPUS = Path("/tmp/corpus/baomoi")


def load_measure(folder: Path):
    """measure.py of the gold folder, as a module."""
    spec = importlib.util.spec_from_file_location("entities_dev_measure", folder / "measure.py")
    module = importlib.util.module_from_spec(spec)
    sys.dont_write_bytecode = True
    spec.loader.exec_module(module)
    return module


def predict(files: list[Path], bylines: bool = False) -> dict[str, dict[str, list[str]]]:
    """file name -> entities, as a fresh archive importing `files` in order would store them.

    `bylines`: the importer's byline put through `reader.entities.byline.byline_people` first
    (what `author` would hold if the importer used it)."""
    known = KnownNames()
    out: dict[str, dict[str, list[str]]] = {}
    for path in files:
        article = parse_plain_text(path.read_text("utf-8"))
        if bylines and article.author:
            article = article.with_changes(author=", ".join(byline_people(article.author)) or None)
        found = known.apply(extract_entities(article))
        for kind in ENTITY_KINDS:
            for name in found.of_kind(kind):
                known.add(kind, name)
        ents = {kind: list(found.of_kind(kind)) for kind in ENTITY_KINDS}
        for name in re.split(r"\s*(?:[,;/&]|\s-\s|\svà\s)\s*", str(article.author or "")):
            if name.strip() and name.strip() not in ents["person"]:
                ents["person"].append(name.strip())
        out[path.name] = ents
    return out


def diff(measure, gold: list[dict], preds: dict, only: set[str] | None) -> None:
    for art in gold:
        if only and art["file"] not in only:
            continue
        ents = art["entities"]
        lines = []
        got = preds.get(art["file"], {})
        hit = set()
        for kind in ENTITY_KINDS:
            for p in got.get(kind, []):
                f = measure.fold(p)
                cands = [e for e in ents if f in e.lenient]
                same = [e for e in cands if e.kind == kind or kind in e.also]
                if same:
                    hit.update(id(e) for e in same)
                    if all(e.optional for e in same):
                        lines.append(f"   ~ {kind:<6} {p}")
                elif cands:
                    lines.append(f"   ! {kind:<6} {p}  (gold {cands[0].kind})")
                else:
                    lines.append(f"   + {kind:<6} {p}")
        for e in ents:
            if not e.optional and id(e) not in hit:
                lines.append(f"   - {e.kind:<6} {e.name}")
        if lines:
            print(art["file"])
            print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--top", type=int, default=0)
    ap.add_argument("--diff", action="store_true")
    ap.add_argument("--files", default="")
    ap.add_argument("--raw-bylines", action="store_true", help="author as parsed, not cleaned")
    args = ap.parse_args(argv)
    measure = load_measure(args.gold)
    gold = measure.load_gold()
    preds = predict([args.corpus / a["file"] for a in gold], not args.raw_bylines)
    lenient = measure.score(gold, preds, strict=False)
    strict = measure.score(gold, preds, strict=True)
    measure.report("LENIENT", lenient)
    measure.report("STRICT", strict)
    if args.top:
        measure.top("False positives", lenient["fps"], args.top, lambda k: f"{k[0]:<7}{k[1]}")
        measure.top("False negatives", lenient["fns"], args.top, lambda k: f"{k[0]:<7}{k[1]}")
        measure.top("Wrong kind", lenient["wrong"], args.top, lambda k: f"{k[0]}->{k[2]}: {k[1]}")
    if args.diff:
        diff(measure, gold, preds, set(args.files.split(",")) - {""} or None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
