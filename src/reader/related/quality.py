"""Measuring related lists without hand labels (used by bench/related_quality and the tests).

- Near-duplicates: `edited_copy` makes a second version of an article the way a re-publishing
  site would (title reworded, a sentence dropped, a few words changed, another source); the
  copy should come back as "same story" and nothing else should.
- Topicality: the share of top-k related items that share at least one rare entity or rare
  key phrase (a syllable pair few articles hold) with the source article.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.index.schema import name_term
from reader.model.article import ENTITY_KINDS, Article
from reader.related.model import RelatedList
from reader.text import tokens

COPY_SOURCE = "copy.example"
RARE_SHARE = 0.01
"""A rare entity or phrase: held by at most this share of the archive."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TITLE_PREFIXES = ("Tin mới:", "Cập nhật:", "Thời sự:")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def _reword(sentence: str, rng: random.Random) -> str:
    """Swap two neighbouring words and drop one: a light copy-edit of a sentence."""
    words = sentence.split()
    if len(words) < 6:
        return sentence
    i = rng.randrange(len(words) - 1)
    words[i], words[i + 1] = words[i + 1], words[i]
    del words[rng.randrange(len(words))]
    return " ".join(words)


def edited_copy(article: Article, rng: random.Random, copy_id: str) -> Article:
    """Another site's version of `article`: reworded title, one sentence dropped, two edited."""
    title_words = article.title.split()
    if len(title_words) > 4:
        del title_words[rng.randrange(1, len(title_words))]
    title = f"{rng.choice(_TITLE_PREFIXES)} {' '.join(title_words)}"
    sentences = _sentences(f"{article.lead}\n{article.body}")
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    for _ in range(2):
        if sentences:
            k = rng.randrange(len(sentences))
            sentences[k] = _reword(sentences[k], rng)
    return article.with_changes(
        id=copy_id,
        title=title,
        lead="",
        body=" ".join(sentences),
        source=COPY_SOURCE,
        url=None,
        related_titles=(),
        related_links=(),
        content_sha256="",
    )


@dataclass(frozen=True, slots=True)
class DuplicateFigures:
    """Near-duplicate detection over constructed pairs."""

    pairs: int
    found: int
    flagged: int
    wrong: int

    @property
    def recall(self) -> float:
        return self.found / self.pairs if self.pairs else 0.0

    @property
    def precision(self) -> float:
        return (self.flagged - self.wrong) / self.flagged if self.flagged else 1.0


def _same_story_ids(related: RelatedList) -> set[str]:
    """Ids the list calls the same story as its article (marked items and folded copies)."""
    ids: set[str] = set()
    for item in related.items:
        if item.signal == "same_story":
            ids.add(item.id)
            ids.update(item.duplicates)
    return ids


def duplicate_figures(
    pairs: dict[str, str],
    lists: dict[str, RelatedList],
    known: frozenset[frozenset[str]] | set[frozenset[str]] = frozenset(),
) -> DuplicateFigures:
    """Recall and precision of "same story" over `pairs` (original id -> copy id).

    `lists` holds the related list of each original and each copy; a flagged pair that is not
    constructed counts as wrong unless listed in `known` (pairs already alike in the archive).
    """
    partner = {**pairs, **{copy: original for original, copy in pairs.items()}}
    found = flagged = wrong = 0
    for article_id, related in lists.items():
        same = _same_story_ids(related)
        if partner.get(article_id) in same:
            found += 1
        for other in same:
            flagged += 1
            if other != partner.get(article_id) and frozenset((article_id, other)) not in known:
                wrong += 1
    return DuplicateFigures(len(partner), found, flagged, wrong)


def features(article: Article) -> set[str]:
    """Every entity (`kind:name`) and folded syllable pair of an article."""
    found = {f"{kind}:{name}" for kind in ENTITY_KINDS for name in article.entities.of_kind(kind)}
    found.update(tokens.folded_bigrams("\n".join((article.title, article.lead, article.body))))
    return found


def rare_features(
    article: Article, df: Callable[[str, str], int], size: int, share: float = RARE_SHARE
) -> set[str]:
    """The entities and syllable pairs of `article` that at most `share` of the archive (and
    at least one other article) holds."""
    limit = max(2, int(size * share))
    rare: set[str] = set()
    for feature in features(article):
        kind, _, name = feature.partition(":")
        if name and kind in ENTITY_KINDS:
            count = df(kind, name_term(name, folded=False))
        else:
            count = df("text_bi", feature)
        if 2 <= count <= limit:
            rare.add(feature)
    return rare


def topical_share(
    sources: Iterable[Article],
    lists: dict[str, RelatedList],
    rare_of: Callable[[Article], set[str]],
    article_of: Callable[[str], Article | None],
    k: int = 5,
) -> tuple[float, int]:
    """(share of top-k items holding a rare feature of their source, items counted)."""
    shared = total = 0
    for source in sources:
        rare = rare_of(source)
        for item in lists[source.id].items[:k]:
            other = article_of(item.id)
            if other is None:
                continue
            total += 1
            if rare & features(other):
                shared += 1
    return (shared / total if total else 0.0), total
