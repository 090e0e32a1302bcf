"""`reader tag`, `reader untag` and `reader tags`: the user's tags on articles.

- `reader tag|untag --json`: `{action, tags, ids, changed}` (`action`: `added`, `removed`;
  `changed`: how many articles gained or lost a tag); with `--query`, `query` and `matched`.
- `reader tags --json`: `{total, tags: [{tag, count}]}`, most used first.
"""

from __future__ import annotations

import argparse
import sys

from rich.text import Text

from reader.archive import Archive, ArticleNotFound
from reader.cli.ids import resolve_id
from reader.cli.main import UserError
from reader.cli.output import (
    data_text,
    is_terminal,
    number,
    plural,
    print_json_line,
    print_whole,
    stdout_console,
)


def split_words(archive: Archive, words: list[str], tags: list[str]) -> tuple[list[str], list[str]]:
    """(article ids, tags) of `reader tag ID... TAG...`: the first word names an article; the
    words after it that name one too are ids until one does not, which starts the tags; the
    last word is always a tag. With `--tag`, every word is an id."""
    if tags:
        return unique_ids(archive, words), tags
    if len(words) < 2:
        raise UserError("name an article and a tag: reader tag ID... TAG...")
    ids = [resolve_id(archive, words[0])]
    rest = words[1:]
    while len(rest) > 1:
        try:
            ids.append(resolve_id(archive, rest[0]))
        except ArticleNotFound:
            break
        rest = rest[1:]
    return list(dict.fromkeys(ids)), rest


def unique_ids(archive: Archive, given: list[str]) -> list[str]:
    """The ids `given` name (each whole or its start), once each, in the order given."""
    if not given:
        raise UserError("name at least one article (its id, or the start of it)")
    return list(dict.fromkeys(resolve_id(archive, g) for g in given))


def _query_ids(archive: Archive, args: argparse.Namespace, verb: str, tags: list[str]) -> list[str]:
    """Every match of `--query`, once the user has agreed (at a terminal) or said `--yes`."""
    from reader.cli.index_cmd import sync_before_reading

    sync_before_reading(archive)
    ids = archive.matching_ids(args.query)
    if not ids:
        raise UserError(f"no article matches {args.query!r}")
    shown = ", ".join(tags)
    agreed(
        f"{verb} {plural(len(ids), 'article')} matching {args.query!r} with {shown}",
        args.yes,
    )
    return ids


def agreed(what: str, yes: bool) -> None:
    """Go on once the user agreed to `what` at a terminal, or said `--yes`; raise UserError
    otherwise (with no terminal to ask, the reason says to add --yes)."""
    if yes:
        return
    if not (is_terminal(sys.stdin) and is_terminal(sys.stderr)):
        raise UserError(f"{what}: add --yes to confirm (there is no terminal to ask)")
    sys.stderr.write(f"{what[:1].upper()}{what[1:]}? [y/N] ")
    sys.stderr.flush()
    if sys.stdin.readline().strip().casefold() not in ("y", "yes"):
        raise UserError("nothing changed")


def run_tag(archive: Archive, args: argparse.Namespace, *, remove: bool) -> int:
    verb = "untag" if remove else "tag"
    if args.query is not None:
        tags = [*args.words, *args.tags]
        if not tags:
            raise UserError(f"name a tag: reader {verb} --query QUERY TAG...")
        ids = _query_ids(archive, args, verb, tags)
    else:
        ids, tags = split_words(archive, args.words, args.tags)
    if remove:
        carried = [t for t in tags if any(archive.annotations(i).has_tag(t) for i in ids)]
        if not carried:
            whose = "the article" if len(ids) == 1 else f"any of the {number(len(ids))} articles"
            raise UserError(f"{whose} has no tag {', '.join(map(repr, tags))}")
        changed = archive.remove_tags(ids, tags)
    else:
        changed = archive.add_tags(ids, tags)
    if args.json:
        payload: dict[str, object] = {
            "action": "removed" if remove else "added",
            "tags": tags,
            "ids": ids,
            "changed": changed,
        }
        if args.query is not None:
            payload.update(query=args.query, matched=len(ids))
        print_json_line(payload)
        return 0
    out = stdout_console()
    line = Text("took " if remove else "tagged ")
    line.append_text(data_text(", ".join(tags), "bold"))
    line.append(" off " if remove else " on ")
    line.append(plural(changed, "article"))
    unchanged = len(ids) - changed
    if unchanged:
        had = "did not have them" if remove else "had them already"
        line.append(f" ({number(unchanged)} {had})", style="dim")
    out.print(line)
    if not remove and one_name_apart(tags):
        hint = Text(f"  {number(len(tags))} tags; a tag of several words goes in quotes: ")
        hint.append_text(data_text(f'"{" ".join(tags)}"'))
        out.print(hint, style="dim")
    if len(ids) <= 10:
        for article_id in ids:
            print_whole(out, Text("  ") + data_text(article_id, "dim"))
    return 0


def one_name_apart(tags: list[str]) -> bool:
    """Whether the tags look like one name typed without quotes (`Cần Thơ`, `Hà Nội`): two
    to four single capitalised words."""
    return 2 <= len(tags) <= 4 and all(
        " " not in tag and tag[:1].isupper() and tag[1:].islower() for tag in tags
    )


def run_tags(archive: Archive, args: argparse.Namespace) -> int:
    counts = archive.tags()
    if args.json:
        print_json_line(
            {"total": len(counts), "tags": [{"tag": c.tag, "count": c.count} for c in counts]}
        )
        return 0
    out = stdout_console()
    if not counts:
        out.print("no tags yet: tag an article with `reader tag ID TAG`")
        return 0
    width = max(len(number(c.count)) for c in counts)
    for count in counts:
        print_whole(out, Text(f"{number(count.count):>{width}}  ") + data_text(count.tag))
    return 0
