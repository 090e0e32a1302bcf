"""`extract_entities`: the people, places and organisations an article names.

Rules and data only (no NLP toolkit), so it runs at import time within a few milliseconds per
article. The text read is the title, lead, body and photo captions; the byline (the article's
author, or a short name ending the body as in the corpus) and the page's list of related titles
are not the article's own words and are left out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from reader.entities.byline import byline_people
from reader.entities.canonical import person_key, tidy
from reader.entities.english import english_mentions
from reader.entities.gazetteer import gazetteer
from reader.entities.known import KnownNames
from reader.entities.lexicon import lexicon
from reader.entities.mention import CANDIDATE, CITY_CLUB, WORK, Mention
from reader.entities.syllable import is_vietnamese_syllable
from reader.entities.tokens import phrase_keys
from reader.entities.vietnamese import vietnamese_mentions
from reader.model.article import ENTITY_KINDS, Article, Entities
from reader.text.normalize import fold

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


# A photo or video credit inside the text: `(Ảnh: Vũ Sinh/TTXVN)`, `Ảnh: Reuters`.
_CREDIT = re.compile(
    r"\(?\b(?:Ảnh|ẢNH|Nguồn ảnh|Video|Clip|Đồ họa)\s*:\s*([^.()\n:]{1,60}?)"
    r"(?:\)|(?=\s*\n)|$|(?=\.\s))"
)


def without_credited(piece: str, credited: list[str]) -> str:
    """`piece` with its photo credited blanked out (same length: orders stay), the credited
    names added to `credited`: a credit names the photographer, not someone in the story."""

    def blank(match: re.Match[str]) -> str:
        credited.append(match.group(1))
        return " " * len(match.group())

    return _CREDIT.sub(blank, piece) if ":" in piece else piece


def article_pieces(article: Article) -> tuple[list[str], list[str]]:
    """The texts to read, in reading order, and the byline names to leave out."""
    body, byline = body_without_byline(article.body)
    credited: list[str] = []
    pieces = [article.title, article.lead, *body.split("\n"), *article.captions]
    pieces = [without_credited(p, credited) for p in pieces if p and p.strip()]
    bylines = [
        name
        for text in (article.author, byline, *credited)
        if text
        for name in [text, *byline_people(text)]
    ]
    return [p for p in pieces if p.strip()], bylines


def keeps_single_name(word: str, full_people: list[tuple[str, ...]]) -> bool:
    """A one-word name is kept only when foreign-looking (`Trump`, never `Hiện`) and not
    part of a full name in the same article (`Donald Trump`, `Phimpha Keomixay`)."""
    if is_vietnamese_syllable(word):
        return False
    return not any(word in key for key in full_people)


# A company's legal form, written out or abbreviated: one name either way (the name shown
# is the one the article writes, `Công ty cổ phần Anh Minh` or `Công ty CP Anh Minh`).
_LEGAL_FORMS = {("cổ", "phần"): "cp", ("trách", "nhiệm", "hữu", "hạn"): "tnhh"}


def name_key(name: str) -> tuple[str, ...]:
    """What two spellings of one name share: the word keys, hyphens and dots aside (`Kim
    Jong-un` is `Kim Jong Un`, `V.League` is `V-League`), a company's legal form abbreviated
    (`cổ phần` is `CP`)."""
    keys = tuple(
        part for k in person_key(name) if k not in ("-", "–") for part in k.split(".") if part
    )
    if "cổ" not in keys and "trách" not in keys:
        return keys
    folded: list[str] = []
    i = 0
    while i < len(keys):
        for words, short in _LEGAL_FORMS.items():
            if keys[i : i + len(words)] == words:
                folded.append(short)
                i += len(words)
                break
        else:
            folded.append(keys[i])
            i += 1
    return tuple(folded)


# Words an organisation may write before the place it serves (`Công an TP Hồ Chí Minh`).
_PLACE_WORDS = frozenset(("tp", "tp.", "thành", "phố", "tỉnh", "."))


@lru_cache(maxsize=8192)
def org_key(name: str) -> tuple[str, ...]:
    """`name_key` with the place that ends an organisation's name as that place, however
    written (`Công an TP.HCM` is `Công an TP Hồ Chí Minh`, `Sở Y tế TP Hà Nội` is `Sở Y tế
    Hà Nội`): the city written two ways inside one name is one organisation."""
    keys = name_key(name)
    trie = gazetteer().trie
    for start in range(1, len(keys)):
        at = start
        while at < len(keys) and keys[at] in _PLACE_WORDS:
            at += 1
        length, place = trie.longest(keys, at)
        if place is not None and at + length == len(keys):
            return (*keys[:start], f"@{place.name}")
    return keys


def longer_form(key: tuple[str, ...], keys: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The one longer name in `keys` that ends with `key` (`Phương Nga` of `Trương Hồ
    Phương Nga`), or None when there is none or more than one."""
    found = {k for k in keys if len(k) > len(key) and k[-len(key) :] == key}
    return found.pop() if len(found) == 1 else None


def misspelt_of(key: tuple[str, ...], people: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The article's first spelling of a foreign name written again with a typo in its last
    word (`Volker Bouffler` after `Volker Bouffier`): same words but one letter in the last,
    of five letters or more. Vietnamese names a letter apart are other people."""
    last = key[-1]
    if len(last) < 5 or is_vietnamese_syllable(last):
        return key
    for other in people:
        if other == key:
            return key
        if (
            len(other) == len(key)
            and other[:-1] == key[:-1]
            and Levenshtein.distance(other[-1], last, score_cutoff=1) <= 1
        ):
            return other
    return key


def confirmed_candidates(mentions: list[Mention], excluded: set[tuple[str, ...]]) -> list[Mention]:
    """The mentions, with the candidates the article confirms as people and without the rest.

    A candidate (a foreign-looking name with no cue, `Pepe`) is a person when the article
    names that person elsewhere with a cue: the same name (`Ronaldo (2')`, `Ronaldo ghi
    bàn`), or a full name it is the last word of (`Gareth Bale` for `Bale`); and so is every
    candidate of a list one of whose names is a person that way (`Ronaldo, Pepe và
    Coentrao`). Never a name the article reads as a place or an organisation, nor a byline's.
    """
    found = [m for m in mentions if m.kind != CANDIDATE]
    candidates = [m for m in mentions if m.kind == CANDIDATE]
    if not candidates:
        return found
    people = {name_key(m.name) for m in found if m.kind == "person"} - excluded
    others = {name_key(m.name) for m in found if m.kind != "person"}
    lasts = {key[-1] for key in people}
    orders = {m.order for m in found}

    def confirmed(key: tuple[str, ...]) -> bool:
        return key in people or (len(key) == 1 and key[0] in lasts)

    groups = {
        m.group for m in candidates if m.group is not None and confirmed(name_key(m.name))
    } | {m.group for m in found if m.group is not None and m.kind == "person"}
    for m in candidates:
        key = name_key(m.name)
        if key in others or key in excluded or m.order in orders:
            continue
        if confirmed(key) or (m.group is not None and m.group in groups):
            found.append(Mention("person", m.name, m.order, m.short, True))
    return found


def resolve(mentions: list[Mention], bylines: list[str], headline: int = 0) -> Entities:
    """One entry per entity, the entities the article is most about first.

    A one-word name (`ông Hiện`, `Tổng thống Trump`) is an entity of its own only when it is
    foreign-looking and no full name in the article contains it; a Vietnamese given name alone
    is too ambiguous to keep. A shorter form of one longer name in the article (`Phương Nga`
    of `Trương Hồ Phương Nga`, `Bộ Ngoại giao` of `Bộ Ngoại giao Việt Nam`) is that entity.
    Byline names are never entities, and neither is a "person" who is also read as a place or
    an organisation in the same article (`Hoàng Mai` the district).

    Order: entities named in the title or lead (mentions ordered before `headline`) first,
    then by how often the article names them, then by first mention.
    """
    excluded = {name_key(name) for name in bylines}
    works = {name_key(m.name) for m in mentions if m.kind == WORK}
    if works:  # a name the article types as a work is no entity wherever it is written
        mentions = [m for m in mentions if m.kind != WORK and name_key(m.name) not in works]
    mentions = confirmed_candidates(mentions, excluded)
    # An abbreviation the article defines stands for its organisation wherever it is used.
    aliases = {
        org_key(m.name): org_key(m.alias_of) for m in mentions if m.alias_of and m.kind == "org"
    }
    shown = {org_key(m.alias_of): tidy(m.alias_of) for m in mentions if m.alias_of}
    others = {name_key(m.name) for m in mentions if m.kind != "person"}
    ordered = sorted(mentions, key=lambda m: m.order)
    people = [name_key(m.name) for m in ordered if m.kind == "person"]
    full_people = [key for key in people if len(key) > 1]
    orgs = [org_key(m.name) for m in ordered if m.kind == "org"]
    org_names = {org_key(m.name): tidy(m.name) for m in ordered if m.kind == "org"}
    entries: dict[tuple[str, tuple[str, ...]], list] = {}
    for mention in ordered:
        name = tidy(mention.name)
        key = org_key(name) if mention.kind == "org" else name_key(name)
        if not key:
            continue
        if mention.kind == "person":
            if key in others or key in excluded:
                continue
            if any(key[-len(b) :] == b for b in excluded if len(b) > 1):
                continue
            if len(key) == 1:
                if not keeps_single_name(key[0], full_people):
                    full = [k for k in full_people if key[0] in k]
                    if len(set(full)) != 1:
                        continue
                    key = full[0]
            elif (longer := longer_form(key, full_people)) is not None:
                key = longer
            else:
                key = misspelt_of(key, full_people)
        elif mention.kind == "org":
            key = aliases.get(key, key)
            if mention.alias_of:
                name = tidy(mention.alias_of)
            if len(key) == 1 and any(len(k) > 1 and k[-1] == key[0] for k in full_people):
                continue  # `theo Judah,` after `Ben Judah`: the person, not an outlet
            longer_orgs = {k for k in orgs if len(k) > len(key) and k[: len(key)] == key}
            if len(longer_orgs) == 1 and (
                _place_after(longer_orgs, key, others)
                or _goes_on_in_lower_case(org_names[next(iter(longer_orgs))], len(key))
            ):
                key = longer_orgs.pop()
            elif (short := short_form_of(key, name, orgs)) is not None:
                key = short
            elif (whole := whole_of_brand(key, name, orgs)) is not None:
                key = whole
        key_of = org_key if mention.kind == "org" else name_key
        entry = entries.get((mention.kind, key))
        if entry is None:
            entries[(mention.kind, key)] = [name, mention.order, 0, False]
            entry = entries[(mention.kind, key)]
        elif len(key_of(name)) > len(key_of(entry[0])):
            entry[0] = name  # the fullest form the article writes, first as written
        entry[2] += 1
        if mention.order < headline:
            entry[3] = True
    for (kind, key), entry in entries.items():
        if kind == "org" and key in shown:
            entry[0] = shown[key]  # the name an abbreviation's definition says to show
    names: dict[str, list[str]] = {kind: [] for kind in ENTITY_KINDS}
    ranked = sorted(entries.items(), key=lambda item: (not item[1][3], -item[1][2], item[1][1]))
    for (kind, _key), (name, *_rest) in ranked:
        if name not in names[kind]:
            names[kind].append(name)
    return Entities(**{kind: tuple(values) for kind, values in names.items()})


def short_form_of(
    key: tuple[str, ...], name: str, orgs: list[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """The one longer organisation of the article that `name` is the short form of: its head
    and an acronym that is a word of the longer name (`Công ty HRV` of `Công ty Cổ phần HRV
    đào tạo`) or the initials of some of its words in order (`Công ty ĐTHK` of `Công ty cổ
    phần Đầu tư Hòa Khánh`), else None."""
    last = name.split()[-1] if name.split() else ""
    if len(key) < 2 or len(last) < 2 or not last.isupper():
        return None
    found = {
        k
        for k in orgs
        if len(k) > len(key)
        and k[: len(key) - 1] == key[:-1]
        and (key[-1] in k or _initials_of(fold(last), k[len(key) - 1 :]))
    }
    return found.pop() if len(found) == 1 else None


_COMPANY_HEADS = frozenset((("công", "ty"), ("tập", "đoàn")))
# First words of a body inside another (`Ủy ban trọng tài UEFA`, `Văn phòng WHO`): not it.
_SUB_BODIES = frozenset(("ủy", "ban", "phòng", "văn", "hội", "chi", "đại"))


def whole_of_brand(
    key: tuple[str, ...], name: str, orgs: list[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """The one longer organisation of the article that a brand written alone starts or ends
    (`FPT` of `Công ty phần mềm FPT`, `S&P` of `S&P Global Ratings`), or that a company's
    head and its last words name (`Công ty Phù Sa` of `Công ty TNHH Du lịch sinh thái Phù
    Sa`); else None. A brand is a name of no Vietnamese syllable: `Quốc hội` is never one
    of `Ủy ban Thường vụ Quốc hội`."""
    words = [w for w in name.split() if w[:1].isalpha()]
    if words and not any(is_vietnamese_syllable(w) for w in words):
        # Before a brand, its head (`Tập đoàn FLC`); after it, more of a foreign name only
        # (`S&P Global Ratings`, not `TTXVN Chính` glued to the next sentence).
        found = {
            k
            for k in orgs
            if len(k) > len(key)
            and (
                (k[-len(key) :] == key and k[0] not in _SUB_BODIES)
                or (
                    k[: len(key)] == key
                    and not any(is_vietnamese_syllable(w) for w in k[len(key) :])
                )
            )
        }
    elif len(key) > 2 and key[:2] in _COMPANY_HEADS and name.split()[-1][:1].isupper():
        tail = key[2:]
        found = {
            k for k in orgs if len(k) > len(key) and k[:2] == key[:2] and k[-len(tail) :] == tail
        }
    else:
        return None
    return found.pop() if len(found) == 1 else None


def _initials_of(acronym: str, words: tuple[str, ...]) -> bool:
    """Whether the letters of `acronym` (folded) are the first letters of some of `words`, in
    order, the first of them the first word's after a legal form."""
    initials = [fold(word)[:1] for word in words if word not in _LEGAL_FORMS.values()]
    if not initials or not acronym or initials[0] != acronym[0]:
        return False
    at = 0
    for letter in acronym:
        while at < len(initials) and initials[at] != letter:
            at += 1
        if at == len(initials):
            return False
        at += 1
    return True


# Words that join what follows to a name rather than make it part of it.
_NOT_IN_TAIL = frozenset("tại thuộc của ở và với cho do về trong".split())


def _goes_on_in_lower_case(longer: str, words: int) -> bool:
    """Whether the longer name goes on after its first `words` words in lower case to a
    capitalised end, as a name cut short would (`Ban Quản lý` of `Ban Quản lý rừng phòng
    hộ Long Thành`), through no word that joins another name to it (`tại`, `thuộc`)."""
    rest = longer.split()[words:]
    return (
        len(rest) > 1
        and rest[0][:1].islower()
        and rest[0] != "chi"  # `chi nhánh`, `chi cục`: a branch is a body of its own
        and "," not in longer
        and rest[-1][:1].isupper()
        and not any(word in _NOT_IN_TAIL for word in rest)
    )


def _place_after(
    longer: set[tuple[str, ...]], key: tuple[str, ...], places: set[tuple[str, ...]]
) -> bool:
    """Whether the words of the one longer name after `key` are a place."""
    (only,) = longer
    rest = only[len(key) :]
    if len(rest) == 1 and rest[0].startswith("@"):
        return True
    return name_key(" ".join(rest)) in places


def about_football(pieces: list[str], mentions: list[Mention]) -> bool:
    """Whether an article holds two of the lexicon's football words and the clubs and
    leagues known by name (`La Liga`, `Real Madrid`) it names, together."""
    text = "\n".join(pieces).casefold()
    words = sum(1 for word in lexicon().football_words if word in text)
    known = lexicon().known_orgs
    clubs = set()
    for mention in mentions:
        if mention.kind == "org":
            entry = known.get(phrase_keys(mention.name))
            if entry is not None and entry.club:
                clubs.add(mention.name)
    return words + len(clubs) >= 2


def settle_city_clubs(mentions: list[Mention], pieces: list[str]) -> list[Mention]:
    """A city's name that is also a club's (`CITY_CLUB`) is the club in an article about
    football, else the city."""
    if not any(m.kind == CITY_CLUB for m in mentions):
        return mentions
    kind = "org" if about_football(pieces, mentions) else "place"
    return [replace(m, kind=kind) if m.kind == CITY_CLUB else m for m in mentions]


def extract_entities(article: Article, known: KnownNames | None = None) -> Entities:
    """The people, places and organisations `article` names, by canonical name.

    Each kind is deduplicated and ordered by how much the article is about each entity
    (named in the title or lead first, then most mentioned, then first mentioned). With
    `known` (the archive's names so far), names are written the way the archive already writes
    them where that is safe (see `reader.entities.known`).
    """
    pieces, bylines = article_pieces(article)
    reader = english_mentions if article.language == "en" else vietnamese_mentions
    mentions: list[Mention] = []
    for index, piece in enumerate(pieces):
        mentions.extend(reader(piece, index * _PIECE_STRIDE))
    mentions = settle_city_clubs(mentions, pieces)
    headline = sum(1 for p in (article.title, article.lead) if p and p.strip()) * _PIECE_STRIDE
    found = resolve(mentions, bylines, headline)
    return known.apply(found) if known is not None else found
