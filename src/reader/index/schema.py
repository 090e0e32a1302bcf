"""The one Whoosh schema of the article index, and how an Article becomes a document.

Text is analysed once, in Python, by `reader.text.tokens` (exact, folded and bigram forms), and
handed to Whoosh as space-separated terms: every text field uses the same whitespace analyzer,
so the schema pickled into the index names only Whoosh's own classes, and queries build terms
with the very same functions. No text field keeps positions: phrases are matched with the
bigram fields, which is about as small as positions and much faster to query.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from whoosh import columns, fields, formats
from whoosh.analysis import SpaceSeparatedTokenizer

from reader.model.article import Article
from reader.text import tokens
from reader.text.normalize import fold, nfc
from reader.text.title_keys import link_terms

# Bump when a field or its analysis changes: an index with another version must be rebuilt.
SCHEMA_VERSION = 5
# The file in the index directory recording SCHEMA_VERSION.
VERSION_FILE = "reader-index.json"
# Characters of lead + body stored for snippets: enough for a window around early matches.
SNIPPET_SOURCE_CHARS = 700

_SPACE = SpaceSeparatedTokenizer()


def _terms(stored: bool = False) -> fields.TEXT:
    """A field of pre-analysed, space-separated terms, with frequencies but no positions."""
    return fields.TEXT(analyzer=_SPACE, phrase=False, stored=stored)


def _pairs() -> fields.TEXT:
    """A bigram field: presence only (no frequencies), which keeps its many rare terms small."""
    field = fields.TEXT(analyzer=_SPACE, phrase=False)
    field.format = formats.Existence()
    return field


def _names() -> fields.KEYWORD:
    """An entity facet: whole names, comma-separated, scorable for facet counts."""
    return fields.KEYWORD(commas=True, lowercase=False, scorable=True)


def build_schema() -> fields.Schema:
    """The schema; field names here are the ones `query.py` builds terms for."""
    return fields.Schema(
        # Archive id: unique key for upserts; a column too, so `stamps()` reads it fast.
        id=fields.ID(unique=True, stored=True, sortable=True),
        # The caller's change stamp (e.g. "mtime_ns:size"), a column for incremental sync.
        stamp=fields.COLUMN(columns.VarBytesColumn()),
        # Title, exact syllables (stored as the original title for hits).
        title=_terms(stored=True),
        # Title, folded syllables: what a query typed without diacritics matches.
        title_f=_terms(),
        # Title, folded bigrams of adjacent syllables: phrase sense and quoted phrases.
        title_bi=_pairs(),
        # Title + lead + body + captions, exact syllables. One field rather than one per part:
        # each query word then costs one posting list, not four.
        text=_terms(),
        # The same text, folded: the candidate field for words typed without diacritics.
        text_f=_terms(),
        # The same text, folded bigrams of adjacent syllables within a clause: phrase sense for
        # ranking and quoted phrases (a phrase is its bigrams AND'ed). About the same size as
        # positions in text_f, and a phrase then costs a few bitmap ANDs instead of a
        # positional merge (280 ms for "viet nam" over 24,842 articles).
        text_bi=_pairs(),
        # English articles only: Porter2 stems of title and text.
        en=_terms(),
        # Lead + start of body, NFC, for snippets of the returned hits only.
        snip=fields.STORED(),
        # Author, exact and folded syllables (stored as written).
        author=_terms(stored=True),
        author_f=_terms(),
        # Sections (a path like "Hữu nghị > Bốn phương"), exact and folded syllables; the
        # stored value is the tuple of section names.
        section=_terms(stored=True),
        section_f=_terms(),
        # Source site, exact and folded syllables.
        source=_terms(stored=True),
        source_f=_terms(),
        # Language code ("vi", "en").
        language=fields.ID(stored=True),
        # Original URL, for look-ups.
        url=fields.ID(stored=True),
        # The content hash from the front matter: with `url` and `id`, what an import needs to
        # find duplicates without reading every archive file.
        sha=fields.ID(),
        # Publication time (the article's wall clock) for date ranges; absent when unknown. The
        # stored value is the original datetime with its time zone.
        published=fields.DATETIME(stored=True),
        # The same wall clock as microseconds since year 1, 0 when undated: the sort key, so
        # undated articles sort last when newest come first.
        pubkey=fields.COLUMN(columns.NumericColumn("q", default=0)),
        # Entity facets (issue 5): whole canonical names, exact (lower case) and folded.
        person=_names(),
        person_f=_names(),
        place=_names(),
        place_f=_names(),
        org=_names(),
        org_f=_names(),
        # The same names as written, one "kind<TAB>Name<TAB>folded name" line each: the facet
        # catalogue (`facets.py`) lists and counts canonical names from this column.
        entities=fields.COLUMN(columns.VarBytesColumn()),
        # What the page links (its related titles and link URLs) as folded keys
        # (`reader.text.title_keys.link_terms`): "which pages link this article" is then one
        # look-up of the article's own keys across the whole archive. Presence only.
        links=_pairs(),
    )


def _join(words: list[str]) -> str:
    return " ".join(words)


def name_term(name: str, folded: bool) -> str:
    """The facet term for one entity name: its syllables, exact or folded, space-joined."""
    words = tokens.folded_tokens(name) if folded else tokens.exact_tokens(name)
    return " ".join(words)


def _names_value(names: tuple[str, ...], folded: bool) -> str:
    return ",".join(term for term in (name_term(n, folded) for n in names) if term)


def wall_clock(moment: datetime | None) -> datetime | None:
    """The naive local time the article was published at, as its reader sees it.

    `date:2022-09-05` means the date printed on the article, so the indexed value keeps the
    article's own wall clock (the stored value keeps the original, time zone included).
    """
    if moment is None:
        return None
    return moment.replace(tzinfo=None)


def snippet_source(article: Article) -> str:
    """The stored text that snippets are cut from: lead then body, trimmed to a word."""
    text = nfc(" ".join(part for part in (article.lead.strip(), article.body.strip()) if part))
    text = " ".join(text.split())
    if len(text) <= SNIPPET_SOURCE_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_SOURCE_CHARS)
    return text[: cut if cut > 0 else SNIPPET_SOURCE_CHARS]


def article_document(article: Article, stamp: str) -> dict[str, Any]:
    """The Whoosh document for `article` (all analysis done here, once)."""
    full = "\n".join((article.title, article.lead, article.body, "\n".join(article.captions)))
    section_text = "\n".join(article.section)
    doc: dict[str, Any] = {
        "id": article.id,
        "stamp": stamp.encode("utf-8"),
        "title": _join(tokens.exact_tokens(article.title)),
        "_stored_title": nfc(article.title).strip(),
        "title_f": _join(tokens.folded_tokens(article.title)),
        "title_bi": _join(tokens.folded_bigrams(article.title)),
        "text": _join(tokens.exact_tokens(full)),
        "text_f": _join(tokens.folded_tokens(full)),
        "text_bi": _join(tokens.folded_bigrams(full)),
        "snip": snippet_source(article),
        "author": _join(tokens.exact_tokens(article.author or "")),
        "_stored_author": article.author,
        "author_f": _join(tokens.folded_tokens(article.author or "")),
        "section": _join(tokens.exact_tokens(section_text)),
        "_stored_section": tuple(article.section),
        "section_f": _join(tokens.folded_tokens(section_text)),
        # The feed an article was fetched through is searched as a source too (`source:NAME`).
        "source": _join(tokens.exact_tokens(_sources(article))),
        "_stored_source": article.source,
        "source_f": _join(tokens.folded_tokens(_sources(article))),
        "language": article.language or "vi",
        "url": article.url or "",
        "sha": article.content_sha256,
    }
    if article.language == "en":
        doc["en"] = _join(tokens.english_tokens(f"{article.title}\n{full}"))
    published = wall_clock(article.published)
    if published is not None:
        doc["published"] = published
        doc["_stored_published"] = article.published
        doc["pubkey"] = (published - datetime.min) // timedelta(microseconds=1)
    for kind in ("person", "place", "org"):
        names = article.entities.of_kind(kind)
        if names:
            doc[kind] = _names_value(names, folded=False)
            doc[f"{kind}_f"] = _names_value(names, folded=True)
    doc["entities"] = entity_lines(article).encode("utf-8")
    if article.related_titles or article.related_links:
        titles = (*article.related_titles, *(title for title, _ in article.related_links))
        doc["links"] = _join(link_terms(titles, (url for _, url in article.related_links)))
    return doc


def _sources(article: Article) -> str:
    """The source site and the name of the feed it came through, as one text."""
    return "\n".join(part for part in (article.source, article.feed) if part)


def entity_lines(article: Article) -> str:
    """The article's canonical names as `kind<TAB>name<TAB>folded name` lines (the `entities`
    column); the folded form saves the catalogue folding every name again."""
    lines = []
    for kind in ("person", "place", "org"):
        for name in article.entities.of_kind(kind):
            written = " ".join(name.split())
            if written:
                lines.append(f"{kind}\t{written}\t{_folded_name(written)}")
    return "\n".join(lines)


_KINDS = {kind: kind for kind in ("person", "place", "org")}


def entity_line(line: str) -> tuple[str, str, str] | None:
    """(kind, name, folded name) of one line `entity_lines` wrote (one without its folded
    form is folded here); None for an empty line."""
    kind, _, rest = line.partition("\t")
    name, _, folded = rest.partition("\t")
    # One string per kind, not one per line (the catalogue keeps tens of thousands).
    kind = _KINDS.get(kind, kind)
    return (kind, name, folded or _folded_name(name)) if name else None


def entity_entries(value: bytes) -> list[tuple[str, str, str]]:
    """`entity_line` of each line of one `entities` column value."""
    if not value:
        return []
    lines = (entity_line(line) for line in value.decode("utf-8").split("\n"))
    return [entry for entry in lines if entry is not None]


def _folded_name(name: str) -> str:
    return " ".join(fold(name).split())
