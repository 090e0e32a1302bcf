"""Build the related list of one article from the index: candidates, signals, folding.

1. The page's links: each related title (and link URL) is matched to an archived article by
   URL, else by fuzzy title among the archived titles that share its rarest syllables; titles
   that match nothing are kept apart as "not in the archive".
2. The pages that link here, across the whole archive: the index keeps each page's linked
   titles and URLs as folded keys (`reader.text.title_keys`), so one look-up of this article's
   own keys finds them; pages that share only the head or tail of its title are confirmed by
   the fuzzy title matcher on their links.
3. Candidates: the documents with the highest weighted sum of key-term and entity bitmaps
   (one bit-sliced sum over the whole archive), plus the linked and linking ones; signals for
   each by bit tests; one score and a reason each (`scoring`).
4. Near-duplicates of the article itself become "same story" items; near-duplicates among the
   candidates fold into the better-ranked one.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from reader.index.similar import IndexView, article_snippet
from reader.model.article import ENTITY_KINDS, Article
from reader.related.duplicates import ALIKE_TITLES, near_duplicate, shingles
from reader.related.model import NotInArchive, RelatedArticle, RelatedList
from reader.related.reasons import ArticleWords, article_text
from reader.related.scoring import W_ENTITIES, W_TEXT, Signals, combine, reason_for
from reader.related.terms import KeyTerm, about, idf, key_terms, phrases, spoken
from reader.related.titles import title_similarity, titles_alike, titles_match

POOL = 40
"""Candidates scored in full per article."""
LINKING_MAX = 40
"""Pages that link here scored at most (the most similar ones when more do)."""
LINKING_CHECKS = 25
"""Pages sharing only the head or tail of the title whose links are read to confirm them."""
ENTITY_FLOOR = 6.0
"""Least idf total an entity share is divided by: one shared rare name is not everything."""
COMMON_NAME_IDF = 2.3
"""Names below this idf (in about a tenth of the archive or more) are quoted only alone."""
DUPLICATE_TEXT = 0.4
"""Least key-term share for a candidate to be tested as a near-duplicate."""
SCALE = 1000
"""Integer units per unit of score in the candidate sum."""

Links = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
"""A page's related titles and its related links (title, URL)."""
PageLinks = Callable[[str], Links | None]
"""An article id -> its page's links, or None when unreadable."""

_page_memo: weakref.WeakKeyDictionary[object, dict[str, Links | None]] = weakref.WeakKeyDictionary()
_page_lock = threading.Lock()


def _links_of(generation: object, article_id: str, page_links: PageLinks) -> Links | None:
    """A candidate's page links, read once per index generation."""
    with _page_lock:
        memo = _page_memo.setdefault(generation, {})
        if article_id in memo:
            return memo[article_id]
    links = page_links(article_id)
    with _page_lock:
        memo[article_id] = links
    return links


@dataclass
class _Candidate:
    docnum: int
    stored: dict[str, Any]
    signals: Signals = field(default_factory=Signals)
    score: float = 0.0
    signal: str = ""
    reason: str = ""
    shingles: frozenset[int] | None = None

    @property
    def id(self) -> str:
        return str(self.stored.get("id", ""))

    @property
    def title(self) -> str:
        return str(self.stored.get("title", ""))

    def text_shingles(self) -> frozenset[int]:
        if self.shingles is None:
            self.shingles = shingles(f"{self.title}\n{self.stored.get('snip', '')}")
        return self.shingles


def _wall(moment: object) -> datetime | None:
    return moment.replace(tzinfo=None) if isinstance(moment, datetime) else None


def _days_apart(first: datetime | None, second: object) -> float | None:
    other = _wall(second)
    if first is None or other is None:
        return None
    return abs((first - other).total_seconds()) / 86400


def match_linked(
    view: IndexView, article: Article, own: int | None
) -> tuple[dict[int, str], list[NotInArchive]]:
    """The page's related titles and links: archived documents (with the title the page gave)
    and the titles that match nothing in the archive."""
    urls = {title: url for title, url in article.related_links}
    titles = list(dict.fromkeys([*article.related_titles, *urls]))
    found: dict[int, str] = {}
    missing: list[NotInArchive] = []
    for title in titles:
        docnum = _by_url(view, urls.get(title), own)
        if docnum is None:
            docnum = _by_title(view, title, own)
        if docnum is None:
            missing.append(NotInArchive(title, urls.get(title)))
        else:
            found.setdefault(docnum, title)
    return found, missing


def _by_url(view: IndexView, url: str | None, own: int | None) -> int | None:
    if not url:
        return None
    bitmap = view.url_docs(url)
    if own is not None:
        bitmap &= ~(1 << own)
    return bitmap.bit_length() - 1 if bitmap else None


def _by_title(view: IndexView, title: str, own: int | None) -> int | None:
    best: tuple[float, int] | None = None
    for docnum in view.title_candidates(title):
        if docnum == own:
            continue
        archived = str(view.stored(docnum).get("title", ""))
        if titles_match(title, archived):
            alike = title_similarity(title, archived)
            if best is None or alike > best[0]:
                best = (alike, docnum)
    return best[1] if best else None


def _entity_weights(view: IndexView, article: Article) -> list[tuple[str, int, float]]:
    """(name, bitmap, idf) of each entity another article also names, rarest first.

    Only the article's content entities count: a name its byline gives (the writer, the
    outlet, as an older extraction may have listed them) is never a reason to relate two
    articles, which would only say they have one writer."""
    size = max(1, view.size)
    weights: list[tuple[str, int, float]] = []
    seen: set[str] = set(_byline_names(article.author))
    for kind in ENTITY_KINDS:
        for name in article.entities.of_kind(kind):
            if name in seen:
                continue
            seen.add(name)
            bitmap = view.entity_docs(kind, name)
            df = bitmap.bit_count()
            if df >= 2:
                weights.append((name, bitmap, idf(df, size)))
    weights.sort(key=lambda entry: -entry[2])
    return weights


def _byline_names(author: str | None) -> set[str]:
    """The names a byline gives: the whole byline, its people and its outlets."""
    if not author:
        return set()
    from reader.entities.byline import byline_outlets, byline_people

    return {author.strip(), *byline_people(author), *byline_outlets(author)}


def _signals(
    docnum: int,
    stored: dict[str, Any],
    terms: list[tuple[KeyTerm, int]],
    entities: list[tuple[str, int, float]],
    published: datetime | None,
    linked: bool,
) -> Signals:
    text_total = sum(term.weight for term, _ in terms) or 1.0
    held = [term for term, bitmap in terms if bitmap >> docnum & 1]
    entity_total = max(ENTITY_FLOOR, sum(weight for _, _, weight in entities))
    shared = [(name, weight) for name, bitmap, weight in entities if bitmap >> docnum & 1]
    return Signals(
        linked=linked,
        text=sum(term.weight for term in held) / text_total,
        shared_terms=tuple(term.label for term in held),
        entities=min(1.0, sum(weight for _, weight in shared) / entity_total),
        shared_entities=_quotable(shared),
        days_apart=_days_apart(published, stored.get("published")),
    )


def _quotable(shared: list[tuple[str, float]]) -> tuple[str, ...]:
    """Shared names for a reason, rarest first; names in much of the archive (`Việt Nam`) only
    when nothing rarer is shared."""
    rare = tuple(name for name, weight in shared if weight >= COMMON_NAME_IDF)
    return rare or tuple(name for name, _ in shared)


def _links_back(
    article: Article, links: tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
) -> bool:
    titles, pairs = links
    url = (article.url or "").rstrip("/")
    if url and any(link.rstrip("/") == url for _, link in pairs):
        return True
    return any(titles_match(title, article.title) for title in (*titles, *(t for t, _ in pairs)))


def find_related(
    view: IndexView, article: Article, *, limit: int = 10, page_links: PageLinks | None = None
) -> RelatedList:
    """The related list of `article` (see the module docstring)."""
    own = view.docnum(article.id)
    exclude = 1 << own if own is not None else 0
    linked, missing = match_linked(view, article, own)
    size = max(1, view.size)
    terms = [(t, view.docs(t.field, t.term)) for t in key_terms(article, view.df, size)]
    entities = _entity_weights(view, article)
    text_total = sum(t.weight for t, _ in terms) or 1.0
    entity_total = max(ENTITY_FLOOR, sum(w for _, _, w in entities))
    weighted = [(bitmap, round(SCALE * W_TEXT * t.weight / text_total)) for t, bitmap in terms]
    weighted += [
        (bitmap, round(SCALE * W_ENTITIES * w / entity_total)) for _, bitmap, w in entities
    ]
    linking = _linking(view, article, exclude, weighted, page_links)
    pool = list(dict.fromkeys([*linked, *linking, *view.top(weighted, exclude, POOL)]))
    published = _wall(article.published)
    candidates = []
    for docnum in pool:
        stored = view.stored(docnum)
        signals = _signals(docnum, stored, terms, entities, published, docnum in linked)
        if docnum in linking and docnum not in linked:
            signals = replace(signals, links_here=True)
        candidates.append(_Candidate(docnum, stored, signals))
    said = spoken(f"{article.title}\n{about(article)}")
    for candidate in candidates:
        candidate.score, candidate.signal, _ = combine(candidate.signals)
        if candidate.signal == "text":
            terms_said = phrases(list(candidate.signals.shared_terms), said)
            candidate.signals = replace(candidate.signals, shared_terms=terms_said)
        candidate.reason = reason_for(candidate.signal, candidate.signals)
    candidates.sort(key=lambda c: (-c.score, c.id))
    words = ArticleWords(article_text((article.title, article.lead, article.body)))
    items = [
        replace(item, reason=words.reason(item.reason))
        for item in _fold(article, candidates, limit)
    ]
    return RelatedList(article.id, tuple(items), tuple(missing))


def _linking(
    view: IndexView,
    article: Article,
    exclude: int,
    weighted: list[tuple[int, int]],
    page_links: PageLinks | None,
) -> set[int]:
    """The documents whose pages link this article (see the module docstring, step 2)."""
    certain, possible = view.linking_docs(article.title, article.url)
    found = set(_most_similar(view, certain & ~exclude, weighted, LINKING_MAX))
    if page_links is None:
        return found
    for docnum in _most_similar(view, possible & ~exclude, weighted, LINKING_CHECKS):
        docid = str(view.stored(docnum).get("id", ""))
        links = _links_of(view.generation, docid, page_links)
        if links is not None and _links_back(article, links):
            found.add(docnum)
    return found


def _most_similar(
    view: IndexView, bitmap: int, weighted: list[tuple[int, int]], limit: int
) -> list[int]:
    """Up to `limit` live documents of `bitmap`, the most similar to the article first."""
    bitmap &= view.live
    if not bitmap:
        return []
    # `top` keeps documents outside `exclude`: excluding the complement keeps `bitmap`.
    best = view.top(weighted, ~bitmap, limit)
    rest = bitmap & ~sum(1 << docnum for docnum in best)
    while rest and len(best) < limit:
        docnum = rest.bit_length() - 1
        best.append(docnum)
        rest &= ~(1 << docnum)
    return best


def _copies_said(copies: list[_Candidate]) -> str:
    """Where the copies of a story are: `also in` their outlets when each has one, else how
    many there are (an id says nothing to a reader)."""
    sources = [str(c.stored.get("source") or "") for c in copies]
    if all(sources):
        return f"also in {', '.join(dict.fromkeys(sources))}"
    count = len(copies)
    return f"{count} more {'copy' if count == 1 else 'copies'}"


def _fold(article: Article, ranked: list[_Candidate], limit: int) -> list[RelatedArticle]:
    """Mark copies of the article itself, fold copies among the candidates, keep `limit`."""
    own = shingles(f"{article.title}\n{article_snippet(article)}")
    kept: list[tuple[_Candidate, list[_Candidate], bool]] = []
    for candidate in ranked:
        if len(kept) >= limit:
            break
        plausible = candidate.signals.text >= DUPLICATE_TEXT
        if plausible and near_duplicate(
            article.title, own, candidate.title, candidate.text_shingles()
        ):
            copies = next((group for _, group, same in kept if same), None)
            if copies is None:
                kept.append((candidate, [], True))
            else:
                copies.append(candidate)
            continue
        home = next(
            (group for leader, group, _ in kept if _same_story(leader, candidate)),
            None,
        )
        if home is not None:
            home.append(candidate)
        else:
            kept.append((candidate, [], False))
    return [_item(leader, group, same) for leader, group, same in kept]


def _same_story(first: _Candidate, second: _Candidate) -> bool:
    if min(first.signals.text, second.signals.text) < DUPLICATE_TEXT / 2 and not (
        titles_alike(first.title, second.title, ALIKE_TITLES)
    ):
        return False
    return near_duplicate(first.title, first.text_shingles(), second.title, second.text_shingles())


def _item(leader: _Candidate, group: list[_Candidate], same_story: bool) -> RelatedArticle:
    reason, signal = leader.reason, leader.signal
    if same_story:
        reason, signal = f"same story, {_copies_said([leader, *group])}", "same_story"
    elif group:
        reason = f"{reason}; same story, {_copies_said(group)}"
    return RelatedArticle(
        id=leader.id,
        title=leader.title,
        reason=reason,
        score=leader.score,
        signal=signal,
        published=leader.stored.get("published"),
        source=leader.stored.get("source"),
        duplicates=tuple(c.id for c in group),
    )
