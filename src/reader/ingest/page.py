"""Saved news pages (text dumps of an article page) to Articles, with the site chrome removed.

A saved page carries the article among menus, "most read" lists, weather and video links. What
counts as chrome is data (`page_rules.yaml`, typed by `reader.ingest.page_rules`); this module
holds the generic steps: find the title, cut the page at the first chrome heading, read the
breadcrumb, time and byline, tell captions and "read also" titles from body paragraphs, and
collect the page's own related-articles list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from reader.ingest.errors import IngestError
from reader.ingest.page_rules import (
    Breadcrumb,
    Matcher,
    PageRules,
    Profile,
    RuleSet,
    any_match,
    load_rules,
    merge,
    parse_utc_offset,
    squash,
)
from reader.model.article import Article
from reader.text.language import guess_language
from reader.text.normalize import clean_text

_HOST_RE = re.compile(r"https?://([^/\s()\[\]<>?#:\"']+)", re.IGNORECASE)
_CRUMB_SEPARATORS = re.compile(r"\s*[>»›|/]\s*")
_CRUMB_BOUNDARY = frozenset(" >»›|/")
_SENTENCE_END = tuple(".:;,!?…")

# A title printed twice needs some substance per copy, so `aa` or `hà hà` is not a title.
_MIN_DOUBLED_WORDS = 3
_MIN_DOUBLED_CHARS = 10
# A byline is a name or two, never a sentence.
_MAX_AUTHOR_WORDS = 8
_MAX_AUTHOR_CHARS = 60
# A line in the related list longer than this is a teaser paragraph, not a title.
_MAX_TITLE_WORDS = 40
# How many distinct saved-page signals make `looks_like_saved_page` say yes.
_MIN_SIGNALS = 2


@dataclass(frozen=True, slots=True)
class Block:
    """One classified piece of the article area: its kind, text and line offset."""

    kind: str  # "para", "caption", "related", "source"
    text: str
    at: int


def page_lines(text: str) -> list[str]:
    """Clean `text` (NFC, `\\n` endings) and return its lines with whitespace collapsed."""
    return [squash(line) for line in clean_text(text).split("\n")]


def page_hosts(text: str) -> list[str]:
    """The host names of the URLs on the page, lower-case, in order of first appearance."""
    return list(dict.fromkeys(h.lower().rstrip(".") for h in _HOST_RE.findall(text)))


def host_matches(host: str, known: str) -> bool:
    """True when `host` is `known` or one of its subdomains."""
    return host == known or host.endswith("." + known)


def detect_profile(lines: list[str], hosts: list[str], rules: PageRules) -> Profile | None:
    """The first site profile whose hosts appear on the page or enough of whose markers do."""
    for profile in rules.profiles:
        if any(host_matches(h, known) for h in hosts for known in profile.hosts):
            return profile
        if profile.markers:
            hits = sum(1 for m in profile.markers if any(m.matches(line) for line in lines))
            if hits >= profile.min_markers:
                return profile
    return None


def undouble(line: str) -> str | None:
    """The title when `line` is one title printed twice (`XX` or `X X`), else None."""
    size = len(line)
    half = size // 2
    run_together = size % 2 == 0 and line[:half] == line[half:]
    spaced = size % 2 == 1 and line[half] == " " and line[:half] == line[half + 1 :]
    if not (run_together or spaced):
        return None
    title = squash(line[:half])
    if len(title) < _MIN_DOUBLED_CHARS or len(title.split()) < _MIN_DOUBLED_WORDS:
        return None
    return title


def same_text(a: str, b: str) -> bool:
    """Equal once whitespace is collapsed and case ignored."""
    return squash(a).casefold() == squash(b).casefold()


def split_sections(text: str, sections: tuple[str, ...]) -> tuple[str, ...]:
    """Split run-together breadcrumb words on known section names.

    `Hữu nghị Bốn phương kết bạn` -> (`Hữu nghị`, `Bốn phương kết bạn`). Known names are taken
    from the left, longest first; whatever is left becomes the last item, and a breadcrumb that
    starts with no known name stays one item.
    """
    words = text.split()
    if not words:
        return ()
    known = sorted(
        ([w.casefold() for w in name.split()] for name in sections), key=len, reverse=True
    )
    found: list[str] = []
    i = 0
    while i < len(words):
        folded = [w.casefold() for w in words[i:]]
        size = next((len(k) for k in known if folded[: len(k)] == k), 0)
        if not size:
            break
        found.append(" ".join(words[i : i + size]))
        i += size
    if not found:
        return (squash(text),)
    if i < len(words):
        found.append(" ".join(words[i:]))
    return tuple(found)


def parse_breadcrumb(line: str, crumb: Breadcrumb) -> tuple[str, ...] | None:
    """The sections named by a breadcrumb line, or None when `line` is not a breadcrumb."""
    for prefix in crumb.prefixes:
        head, rest = line[: len(prefix)], line[len(prefix) :]
        if head.casefold() != prefix.casefold() or (rest and rest[0] not in _CRUMB_BOUNDARY):
            continue
        parts = (p for p in _CRUMB_SEPARATORS.split(rest.strip(" >»›|/")) if p.strip())
        return tuple(s for part in parts for s in split_sections(part, crumb.sections))
    return None


def parse_published(line: str, rules: RuleSet) -> datetime | None:
    """The time a published-time line gives, with its UTC offset; None for any other line."""
    for pattern in rules.published:
        found = pattern.fullmatch(line)
        if not found:
            continue
        parts = found.groupdict()
        try:
            moment = datetime(
                int(parts["year"]),
                int(parts["month"]),
                int(parts["day"]),
                int(parts["hour"]),
                int(parts["minute"]),
            )
            zone = parse_utc_offset(parts["utc"]) if parts.get("utc") else rules.utc_offset
        except ValueError:
            continue
        return moment.replace(tzinfo=zone) if zone else moment
    return None


def is_dropped(line: str, rules: RuleSet, *, as_title: bool = False) -> bool:
    """True when `line` is chrome to drop (a `title_ok` rule spares the page's title)."""
    return any(m.matches(line) and not (as_title and m.title_ok) for m in rules.drop)


def is_furniture(line: str, rules: RuleSet) -> bool:
    """True for lines that are never article text: breadcrumb, time, headings, chrome."""
    return (
        parse_breadcrumb(line, rules.breadcrumb) is not None
        or parse_published(line, rules) is not None
        or any_match(rules.end_of_article, line)
        or any_match(rules.related_heading, line)
        or any_match(rules.image_row, line)
        or any_match(rules.source_marker, line)
    )


def find_title(lines: list[str], rules: RuleSet) -> int | None:
    """The index of the title: the first line that is neither blank nor page furniture."""
    for i, line in enumerate(lines):
        if line and not is_furniture(line, rules) and not is_dropped(line, rules, as_title=True):
            return i
    return None


def first_match(lines: list[str], start: int, stop: int, matchers: tuple[Matcher, ...]) -> int:
    """The index of the first line in `lines[start:stop]` a matcher fits, else `stop`."""
    for i in range(start, stop):
        if any_match(matchers, lines[i]):
            return i
    return stop


def _is_plain(line: str, title: str, rules: RuleSet) -> bool:
    """A line that can only be text: a candidate caption or paragraph."""
    return bool(
        line
        and not is_dropped(line, rules)
        and not is_furniture(line, rules)
        and not same_text(line, title)
        and undouble(line) is None
    )


def _caption_under_image(line: str, rules: RuleSet) -> str | None:
    """The caption on the line under an image row, when it ends with the caption mark."""
    end = rules.caption_end
    if not end or not line.endswith(end):
        return None
    return squash(line[: -len(end)]) or None


def classify(lines: list[str], title: str, rules: RuleSet) -> list[Block]:
    """Sort the lines between the title and the related list into paragraphs, captions,
    inline "read also" titles and source markers; chrome and blank lines are left out."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if any_match(rules.image_row, line):
            caption = _caption_under_image(following, rules)
            if caption:
                blocks.append(Block("caption", caption, i + 1))
                i += 1
        elif any_match(rules.source_marker, line):
            blocks.append(Block("source", line, i))
        elif not line or is_dropped(line, rules) or is_furniture(line, rules):
            pass
        elif same_text(line, title):
            # The photo's alt text repeats the title; the caption sits right under it.
            if _is_plain(following, title, rules):
                blocks.append(Block("caption", following, i + 1))
                i += 1
        elif (doubled := undouble(line)) is not None:
            blocks.append(Block("related", doubled, i))
        else:
            blocks.append(Block("para", line, i))
        i += 1
    return blocks


def looks_like_author(line: str) -> bool:
    """A byline: a short name, not a sentence."""
    return (
        0 < len(line) <= _MAX_AUTHOR_CHARS
        and len(line.split()) <= _MAX_AUTHOR_WORDS
        and not line.endswith(_SENTENCE_END)
    )


def take_author(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """The byline (the short paragraph just before a source marker) and the other blocks."""
    author = None
    kept: list[Block] = []
    for block in blocks:
        if block.kind != "source":
            kept.append(block)
            continue
        if author is None and kept and kept[-1].kind == "para" and looks_like_author(kept[-1].text):
            author = kept.pop().text
    return author, kept


def drop_teasers(blocks: list[Block]) -> list[Block]:
    """Remove teaser paragraphs from the trailing run of "read also" titles.

    After the body, pages list other articles as a title (printed twice) with a teaser paragraph
    directly under it, on consecutive lines up to the end of the article; those teasers are not
    article text. A doubled title inside the body is left alone, and so is the paragraph that
    follows it.
    """
    keep = [True] * len(blocks)
    j = len(blocks) - 1
    start = -1  # the line where the run found so far begins; -1 before the first block
    while j >= 0:
        block = blocks[j]
        teaser = (
            block.kind == "para"
            and j > 0
            and blocks[j - 1].kind == "related"
            and blocks[j - 1].at + 1 == block.at
        )
        if (start >= 0 and block.at + 1 != start) or not (teaser or block.kind == "related"):
            break
        if teaser:
            keep[j] = False
            j -= 1
        start = blocks[j].at
        j -= 1
    return [b for b, k in zip(blocks, keep, strict=True) if k]


def related_list(lines: list[str], rules: RuleSet) -> list[str]:
    """The titles under a related-articles heading, each once, teasers left out.

    A title may be printed twice (on two lines, or run together) with a teaser paragraph
    under the second copy; a title printed once has no teaser.
    """
    titles: list[str] = []
    previous = ""
    expect_teaser = False
    for raw in lines:
        if not raw or is_dropped(raw, rules) or is_furniture(raw, rules):
            continue
        line = undouble(raw) or raw
        if previous and same_text(line, previous):
            expect_teaser = True
            continue
        if expect_teaser or len(line.split()) > _MAX_TITLE_WORDS:
            expect_teaser = False
            continue
        titles.append(line)
        previous = line
        expect_teaser = line != raw
    return titles


def unique(items: list[str], exclude: str = "") -> tuple[str, ...]:
    """`items` in order without repeats (ignoring case), and without `exclude`."""
    seen = {exclude.casefold()} if exclude else set()
    out: list[str] = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def _page_rules(lines: list[str], text: str, rules: PageRules) -> tuple[RuleSet, Profile | None]:
    profile = detect_profile(lines, page_hosts(text), rules)
    return rules.for_profile(profile), profile


def looks_like_saved_page(text: str, rules: PageRules | None = None) -> bool:
    """A cheap sniff: does `text` carry at least two kinds of saved-page furniture?

    Signals are a breadcrumb at the top, a published-time line, a chrome or related-list
    heading, a source marker, an image row, a chrome line, or a known site. A plain text
    article (title, lead, body) has none of these, or at most one. `rules` defaults to the
    bundled `page_rules.yaml`.
    """
    rules_file = rules or load_rules()
    every = rules_file.common
    for profile in rules_file.profiles:
        every = merge(every, profile.rules)
    lines = [line for line in page_lines(text[:200_000]) if line]
    if not lines:
        return False
    signals = {
        "breadcrumb": any(
            parse_breadcrumb(line, every.breadcrumb) is not None for line in lines[:3]
        ),
        "time": any(parse_published(line, every) is not None for line in lines[:20]),
        "end": any(any_match(every.end_of_article, line) for line in lines),
        "related": any(any_match(every.related_heading, line) for line in lines),
        "source": any(any_match(every.source_marker, line) for line in lines),
        "image": any(any_match(every.image_row, line) for line in lines),
        "chrome": any(is_dropped(line, every) for line in lines),
        "site": detect_profile(lines, page_hosts(text[:200_000]), rules_file) is not None,
    }
    return sum(signals.values()) >= _MIN_SIGNALS


def parse_saved_page(text: str, rules: PageRules | None = None) -> Article:
    """The article in a saved news page; IngestError with a one-line reason when there is none.

    `rules` defaults to the bundled `page_rules.yaml`.
    """
    lines = page_lines(text)
    if not any(lines):
        raise IngestError("empty page")
    page, profile = _page_rules(lines, text, rules or load_rules())
    title_at = find_title(lines, page)
    if title_at is None:
        raise IngestError("no article title found")
    title = lines[title_at]
    end = first_match(lines, title_at + 1, len(lines), page.end_of_article)
    related_at = first_match(lines, title_at + 1, end, page.related_heading)

    published = next(
        (t for t in (parse_published(line, page) for line in lines[:end]) if t is not None), None
    )
    section = next(
        (
            s
            for s in (parse_breadcrumb(line, page.breadcrumb) for line in lines[:title_at])
            if s is not None
        ),
        (),
    )

    author, blocks = take_author(classify(lines[title_at + 1 : related_at], title, page))
    blocks = drop_teasers(blocks)
    lead = ""
    if blocks and blocks[0].kind == "para" and blocks[0].at == 0:
        lead = blocks.pop(0).text
    paragraphs = [b.text for b in blocks if b.kind == "para"]
    if not paragraphs and lead:
        paragraphs, lead = [lead], ""
    if not paragraphs:
        raise IngestError("no article text found")

    related = [b.text for b in blocks if b.kind == "related"]
    related += related_list(lines[related_at + 1 : end], page)
    body = "\n\n".join(paragraphs)
    return Article(
        title=title,
        body=body,
        published=published,
        author=author,
        section=section,
        source=profile.source if profile else None,
        language=guess_language(f"{title}\n{lead}\n{body}"),
        lead=lead,
        captions=unique([b.text for b in blocks if b.kind == "caption"]),
        related_titles=unique(related, exclude=title),
    )
