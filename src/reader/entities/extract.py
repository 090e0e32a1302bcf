"""`extract_entities`: the people, places and organisations an article names.

Rules and data only (no NLP toolkit), so it runs at import time within a few milliseconds per
article. The text read is the title, lead, body and photo captions; the byline (the article's
author, or a short name ending the body as in the corpus) and the page's list of related titles
are not the article's own words and are left out.
"""

from __future__ import annotations

import re

from reader.entities.canonical import person_key, tidy
from reader.entities.english import english_mentions
from reader.entities.known import KnownNames
from reader.entities.mention import Mention
from reader.entities.syllable import is_vietnamese_syllable
from reader.entities.vietnamese import vietnamese_mentions
from reader.model.article import ENTITY_KINDS, Article, Entities

# A piece's mentions are ordered after every mention of the pieces before it.
_PIECE_STRIDE = 1_000_000
_BYLINE_MAX_WORDS = 5
_BYLINE_RE = re.compile(r"^[^\W\d_]+(?:[ .-]+[^\W\d_]+)*\.?$")
_SOURCE_LINE = re.compile(r"^(nguồn|theo|source)\s*:?\s*$", re.IGNORECASE)


def looks_like_byline(line: str) -> bool:
    """A short line of capitalised words only, such as `Hà Vy` or `Minh Anh (TTXVN)`."""
    text = re.sub(r"\([^)]*\)$", "", line).strip()
    words = text.split()
    if not words or len(words) > _BYLINE_MAX_WORDS or not _BYLINE_RE.match(text):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha())


def body_without_byline(body: str) -> tuple[str, str | None]:
    """The body without a trailing byline line (and `Nguồn:` lines), and that byline."""
    lines = body.rstrip().split("\n")
    while lines and (not lines[-1].strip() or _SOURCE_LINE.match(lines[-1].strip())):
        lines.pop()
    if len(lines) > 1 and looks_like_byline(lines[-1].strip()):
        return "\n".join(lines[:-1]), lines[-1].strip()
    return "\n".join(lines), None


def article_pieces(article: Article) -> tuple[list[str], list[str]]:
    """The texts to read, in reading order, and the byline names to leave out."""
    body, byline = body_without_byline(article.body)
    bylines = [name for name in (article.author, byline) if name]
    pieces = [article.title, article.lead, *body.split("\n"), *article.captions]
    return [p for p in pieces if p and p.strip()], bylines


def keeps_single_name(word: str, full_people: list[tuple[str, ...]]) -> bool:
    """A one-word name is kept only when foreign-looking (`Trump`, never `Hiện`) and not
    part of a full name in the same article (`Donald Trump`, `Phimpha Keomixay`)."""
    if is_vietnamese_syllable(word):
        return False
    return not any(word in key for key in full_people)


def resolve(mentions: list[Mention], bylines: list[str]) -> Entities:
    """Deduplicate by canonical name in order of first mention.

    A one-word name (`ông Hiện`, `Tổng thống Trump`) is an entity of its own only when it is
    foreign-looking and no full name in the article contains it; a Vietnamese given name alone
    is too ambiguous to keep. Byline names are never entities, and neither is a "person" who
    is also read as a place in the same article (`Hoàng Mai` the district).
    """
    excluded = {person_key(name) for name in bylines}
    places = {person_key(m.name) for m in mentions if m.kind == "place"}
    ordered = sorted(mentions, key=lambda m: m.order)
    full_people = [person_key(m.name) for m in ordered if m.kind == "person"]
    full_people = [key for key in full_people if len(key) > 1]
    names: dict[str, list[str]] = {kind: [] for kind in ENTITY_KINDS}
    seen: dict[str, set[tuple[str, ...]]] = {kind: set() for kind in ENTITY_KINDS}
    for mention in ordered:
        name = tidy(mention.name)
        key = person_key(name)
        if mention.kind == "person":
            if key in places or key in excluded:
                continue
            if any(key[-len(b) :] == b for b in excluded if len(b) > 1):
                continue
            if len(key) == 1 and not keeps_single_name(key[0], full_people):
                continue
        if key and key not in seen[mention.kind]:
            seen[mention.kind].add(key)
            names[mention.kind].append(name)
    return Entities(**{kind: tuple(values) for kind, values in names.items()})


def extract_entities(article: Article, known: KnownNames | None = None) -> Entities:
    """The people, places and organisations `article` names, by canonical name.

    Each kind is deduplicated and ordered by first mention (title, lead, body, captions). With
    `known` (the archive's names so far), names are written the way the archive already writes
    them where that is safe (see `reader.entities.known`).
    """
    pieces, bylines = article_pieces(article)
    reader = english_mentions if article.language == "en" else vietnamese_mentions
    mentions: list[Mention] = []
    for index, piece in enumerate(pieces):
        mentions.extend(reader(piece, index * _PIECE_STRIDE))
    found = resolve(mentions, bylines)
    return known.apply(found) if known is not None else found
