"""Key terms of an article for more-like-this: the syllables and syllable pairs that mark it.

A Vietnamese word is often two syllables (`hữu nghị`, `hội chợ`), so both single syllables
(exact form, index field `text`) and adjacent pairs within a clause (folded, field `text_bi`)
are candidates. Each is weighed by tf-idf: occurrences (a title occurrence counts three times)
damped by a logarithm, times the log of how rare it is in the archive. A syllable already
covered by a chosen pair is skipped, so `Cần Thơ` counts once, as a word.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from reader.model.article import Article
from reader.text import tokens
from reader.text.normalize import nfc

KEY_TERMS = 15
"""Terms picked per article."""
ABOUT_CHARS = 100_000
"""Characters of an article's text its key terms are counted in."""
MAX_SHARE = 0.2
"""Terms in more than this share of the archive say nothing about a story."""
FUNCTION_SHARE = 0.5
"""A syllable in more than this share of the archive is a function word (`và`, `của`)."""
MIN_REPEATED = 40
"""Below this many repeated terms, terms seen once are looked up too (short articles)."""
MAX_LOOKUPS = 220
"""Terms whose document frequency is looked up, at most (the cost of a long article)."""
TITLE_BOOST = 3
"""A title occurrence counts as this many body occurrences."""
PAIR_BOOST = 1.2
"""A syllable pair weighs this much more than a syllable of the same tf-idf (it is a word)."""
UNIGRAM = "text"
BIGRAM = "text_bi"

ENGLISH_FUNCTION_WORDS = frozenset(
    """a about above after again against all also an and any are as at back be been before
    being between both but by can could did do does down during each few for from further
    had has have he her here hers him his how i if in into is it its just last made make many
    may me more most much must my new no nor not now of off on once one only or other our out
    over own said same says she should since so some such than that the their them then there
    these they this those through to too two under until up very was we were what when where
    which while who whom why will with would year years you your""".split()
)
"""Words that say nothing about an English story. The archive is mostly Vietnamese, so they
are rare in it and would otherwise pass for distinctive; Vietnamese syllables keep their
diacritics in these checks, so `thể` is not `the`."""

_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»…|/\\\n]+")

DocFrequency = Callable[[str, str], int]
"""(field, term) -> how many archive articles hold the term."""


@dataclass(frozen=True, slots=True)
class KeyTerm:
    """One distinctive term: the index field and term, its weight, and how to show it."""

    field: str
    term: str
    weight: float
    label: str


def idf(df: int, size: int) -> float:
    """Inverse document frequency, never below zero."""
    return max(0.0, math.log((size + 1) / (df + 0.5)))


def _counts(text: str, title: str) -> tuple[Counter[str], Counter[str], dict[str, str]]:
    """Syllable and pair counts of `text` with the title boosted, and a label per pair."""
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for part, boost in ((title, TITLE_BOOST), (text, 1)):
        for clause in _CLAUSE_BREAK.split(nfc(part)):
            syllables = tokens.WORD_RE.findall(clause)
            for word in syllables:
                words[tokens.exact_form(word)] += boost
            for a, b in itertools.pairwise(syllables):
                pair = tokens.bigram(a, b)
                pairs[pair] += boost
                labels.setdefault(pair, f"{a} {b}".lower())
    return words, pairs, labels


def _useful(word: str) -> bool:
    return len(word) > 1 and not word.isdigit() and word.lower() not in ENGLISH_FUNCTION_WORDS


def _function_pair(label: str, english: bool) -> bool:
    """A pair of English function words (`for the`), or in an English article a pair with
    one (`chairman of`). Only in English: `an ninh` is a Vietnamese word."""
    halves = label.split()
    hits = sum(half in ENGLISH_FUNCTION_WORDS for half in halves)
    return len(halves) == 2 and (hits == 2 or (english and hits == 1))


def _candidates(
    words: Counter[str], pairs: Counter[str], labels: dict[str, str], english: bool
) -> list[tuple[str, str, int]]:
    """(field, term, tf) worth a document-frequency look-up: repeated terms when there are
    enough of them (a word of a story recurs; a pair across two words seldom does)."""
    every = [
        (BIGRAM, term, tf)
        for term, tf in pairs.items()
        if not _numeric_pair(term) and not _function_pair(labels.get(term, ""), english)
    ]
    every += [(UNIGRAM, term, tf) for term, tf in words.items() if _useful(term)]
    repeated = [entry for entry in every if entry[2] >= 2]
    chosen = repeated if len(repeated) >= MIN_REPEATED else every
    if len(chosen) > MAX_LOOKUPS:
        # A long article: its most repeated terms (title words count thrice) say enough.
        chosen = sorted(chosen, key=lambda entry: -entry[2])[:MAX_LOOKUPS]
    return chosen


def _numeric_pair(term: str) -> bool:
    return all(half.isdigit() for half in term.split(tokens.BIGRAM_JOINER))


def key_terms(
    article: Article, df: DocFrequency, size: int, limit: int = KEY_TERMS
) -> list[KeyTerm]:
    """The `limit` most distinctive terms of `article`, heaviest first.

    `df` gives archive document frequencies; terms held by fewer than two articles (this one
    alone) cannot lead to another article and are left out, as are very common ones, and
    pairs with a function word (a syllable in most articles) as one half.
    """
    words, pairs, labels = _counts(about(article), article.title)
    common = max(2, int(size * MAX_SHARE))
    function_word = max(2, int(size * FUNCTION_SHARE))
    found: list[tuple[str, str, int, int]] = []
    frequent: set[str] = set()
    english = article.language == "en"
    for field, term, tf in _candidates(words, pairs, labels, english):
        count = df(field, term)
        found.append((field, term, tf, count))
        if field == UNIGRAM and count > function_word:
            frequent.add(tokens.folded_form(term))
    scored: list[KeyTerm] = []
    for field, term, tf, count in found:
        if count < 2 or count > common:
            continue
        if field == BIGRAM and frequent.intersection(term.split(tokens.BIGRAM_JOINER)):
            continue
        boost = PAIR_BOOST if field == BIGRAM else 1.0
        weight = boost * (1 + math.log(tf)) * idf(count, size)
        label = labels.get(term, term) if field == BIGRAM else term
        scored.append(KeyTerm(field, term, weight, label))
    scored.sort(key=lambda t: (-t.weight, t.term))
    chosen: list[KeyTerm] = []
    covered: set[str] = set()
    for key_term in scored:
        if key_term.field == UNIGRAM and tokens.folded_form(key_term.term) in covered:
            continue
        chosen.append(key_term)
        if key_term.field == BIGRAM:
            covered.update(key_term.term.split(tokens.BIGRAM_JOINER))
        if len(chosen) >= limit:
            break
    return chosen


def about(article: Article) -> str:
    """The text an article's key terms come from: lead, body and captions, up to ABOUT_CHARS
    (what a story is about is said early; a 19 MB article would take seconds to count)."""
    return "\n".join((article.lead, article.body, "\n".join(article.captions)))[:ABOUT_CHARS]


def spoken(text: str) -> str:
    """`text` as its lower-case syllables separated by single spaces (padded with spaces)."""
    return f" {' '.join(tokens.WORD_RE.findall(nfc(text).lower()))} "


def phrases(labels: list[str], text: str) -> tuple[str, ...]:
    """`labels` (heaviest first) merged into longer phrases where they overlap or stand side by
    side in `text`: `loại u23`, `u23 châu` and `á 2018` become `loại u23 châu á 2018` where
    the article says so. `text` may be given already `spoken`."""
    said = text if text.startswith(" ") and text.endswith(" ") else spoken(text)
    merged = [label.split() for label in labels]
    changed = True
    while changed:
        changed = False
        for i, first in enumerate(merged):
            for j, second in enumerate(merged):
                if i == j:
                    continue
                overlapping = first[-1] == second[0] and len(second) > 1
                joined = first + second[1:] if overlapping else first + second
                if f" {' '.join(joined)} " in said:
                    merged[i] = joined
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return tuple(" ".join(words) for words in merged)
