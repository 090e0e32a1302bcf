"""From what the user typed to one syntax tree, in small pure steps.

`parse` turns text into a tiny syntax tree and never raises: whatever it cannot read as syntax
(an unbalanced quote or parenthesis, a dangling `OR`, an unknown `field:`) it reads literally.
The engine (`engine.py`) evaluates that tree over term bitmaps, asking a `Lexicon` only for what
needs the index: which terms a prefix expands to (bounded), whether a term exists at all, and
which terms are a typo away. There is no other evaluation of it: the tests check the engine's
matches against Whoosh's own searcher (tests/index/whoosh_oracle.py).

Semantics: words are AND'ed; `OR` binds tighter than the implicit AND (`a b OR c` is
`a AND (b OR c)`, as in web search); `NOT word` and `-word` exclude; `"..."` is a phrase;
field prefixes restrict a word or phrase. A word typed without diacritics matches the folded
field (so with or without diacritics), one typed with diacritics only the exact field. The last
word, while typing, is a prefix.

The user's annotations (`tag:NAME`, `note:WORDS`, `has:notes`, `has:highlights`, `has:tags`,
`is:read`, `is:unread`, `is:bookmarked`) are `Mark` leaves: they live outside the index and
change without it, so the engine asks an `Annotations` look-up, handed to each search, for
the ids each one holds for. `is:unread` is `NOT is:read`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from reader.text import tokens

MAX_QUERY_CHARS = 500
MAX_LEAVES = 24
MAX_DEPTH = 8

# A prefix expands to at most this many terms, the most frequent first.
PREFIX_TERMS = 12
# A prefix this short expands over titles only: over the body it would touch most articles.
SHORT_PREFIX = 2
SHORT_PREFIX_TERMS = 8

TEXT_FIELDS = ("title", "author", "section", "source")
NAME_FIELDS = ("person", "place", "org")
MARK_FIELDS = ("tag", "note", "has", "is")
# Other names of fields: `feed:NAME` is `source:NAME` (an article fetched through a feed
# subscription is indexed with the feed's name among its sources).
FIELD_ALIASES = {"feed": "source"}
KNOWN_FIELDS = frozenset((*TEXT_FIELDS, *NAME_FIELDS, *MARK_FIELDS, *FIELD_ALIASES, "date", "lang"))
# The values `has:` and `is:` take, each with the predicate it asks the look-up for
# (`is:unread` is `NOT is:read`).
HAS_VALUES = {
    "note": "notes",
    "notes": "notes",
    "highlight": "highlights",
    "highlights": "highlights",
    "tag": "tags",
    "tags": "tags",
}
IS_VALUES = {"read": "read", "unread": "read", "bookmarked": "bookmarked", "bookmark": "bookmarked"}


# The syntax tree ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    """One syllable, optionally restricted to a field; `prefix` while it is being typed."""

    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Syllables that must stand together, in order."""

    words: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Name:
    """A whole entity name in a facet field (`person:`, `place:`, `org:`)."""

    field: str
    text: str


@dataclass(frozen=True, slots=True)
class Lang:
    """A language code (`lang:en`)."""

    code: str


@dataclass(frozen=True, slots=True)
class DateSpan:
    """Published within [start, end) (naive, the article's wall clock)."""

    start: datetime | None
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Mark:
    """A predicate on the user's annotations, answered by an `Annotations` look-up: `kind`
    is `tag` (a tag; with `prefix`, the tags it starts while typed), `note` (words in a note
    or a highlight's comment), `has` (`notes`, `highlights`, `tags`) or `is` (`read`,
    `bookmarked`)."""

    kind: str
    value: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    """Excludes what its child matches."""

    child: Node


@dataclass(frozen=True, slots=True)
class All:
    """Every child must match (the implicit AND)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any:
    """At least one child must match (`OR`)."""

    children: tuple[Node, ...]


Node = Word | Phrase | Name | Lang | DateSpan | Mark | Not | All | Any


# Lexing ------------------------------------------------------------------------------------

_LEX_RE = re.compile(
    r"""(?P<ws>\s+)
    |(?P<lparen>\()
    |(?P<rparen>\))
    |(?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s()"]+))
    |(?P<junk>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(slots=True)
class _Lexeme:
    kind: str  # "(", ")", "OR", "NOT", "item"
    text: str = ""
    field: str | None = None
    negated: bool = False
    quoted: bool = False
    last: bool = False


def _lex(text: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    for match in _LEX_RE.finditer(text):
        if match.group("ws") or match.group("junk"):
            continue
        if match.group("lparen"):
            out.append(_Lexeme("("))
        elif match.group("rparen"):
            out.append(_Lexeme(")"))
        else:
            quoted = match.group("quoted") is not None
            value = match.group("quoted") if quoted else match.group("bare")
            fieldname = match.group("field")
            negated = bool(match.group("neg"))
            if not quoted and not fieldname and not negated and value in ("OR", "|", "||"):
                out.append(_Lexeme("OR"))
            elif not quoted and not fieldname and not negated and value in ("AND", "&", "&&"):
                continue
            elif not quoted and not fieldname and not negated and value == "NOT":
                out.append(_Lexeme("NOT"))
            else:
                out.append(_Lexeme("item", value or "", fieldname, negated, quoted))
    return out


# Parsing -----------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over lexemes that skips what it cannot use instead of failing."""

    def __init__(self, lexemes: list[_Lexeme]) -> None:
        self.lexemes = lexemes
        self.pos = 0
        self.leaves = 0

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.pos] if self.pos < len(self.lexemes) else None

    def parse_all(self, depth: int) -> Node | None:
        children: list[Node] = []
        while (lexeme := self.peek()) is not None:
            if lexeme.kind == ")":
                self.pos += 1
                if depth > 0:
                    break
                continue  # a stray closing parenthesis at the top: ignore it
            if lexeme.kind == "OR":
                self.pos += 1  # OR with nothing on its left
                continue
            node = self.parse_or(depth)
            if node is not None:
                children.append(node)
        return _combine(All, children)

    def parse_or(self, depth: int) -> Node | None:
        options = [self.parse_unary(depth)]
        while (lexeme := self.peek()) is not None and lexeme.kind == "OR":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "OR"):
                break  # a dangling OR
            options.append(self.parse_unary(depth))
        return _combine(Any, [o for o in options if o is not None])

    def parse_unary(self, depth: int) -> Node | None:
        lexeme = self.peek()
        if lexeme is None:
            return None
        self.pos += 1
        if lexeme.kind == "NOT":
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "OR"):
                return None  # a dangling NOT
            child = self.parse_unary(depth)
            return Not(child) if child is not None else None
        if lexeme.kind == "(":
            if depth >= MAX_DEPTH:
                return None
            return self.parse_all(depth + 1)
        if lexeme.kind != "item":
            return None
        if self.leaves >= MAX_LEAVES:
            return None
        self.leaves += 1
        node = _item_node(lexeme)
        if node is not None and lexeme.negated:
            return Not(node)
        return node


def _combine(kind: type[All] | type[Any], children: list[Node]) -> Node | None:
    if not children:
        return None
    if len(children) == 1:
        return children[0]
    return kind(tuple(children))


def _syllable_node(
    words: list[str], fieldname: str | None, quoted: bool, prefix: bool
) -> Node | None:
    if not words:
        return None
    if len(words) == 1:
        return Word(words[0], fieldname, prefix and not quoted)
    return Phrase(tuple(words), fieldname)


def _item_node(lexeme: _Lexeme) -> Node | None:
    fieldname = lexeme.field.lower() if lexeme.field else None
    value = lexeme.text
    if fieldname is not None and fieldname not in KNOWN_FIELDS:
        # Not a field we know: the colon was punctuation; read both sides as words.
        words = tokens.syllables(f"{lexeme.field} {value}")
        return _combine(All, [Word(w) for w in words])
    fieldname = FIELD_ALIASES.get(fieldname, fieldname) if fieldname else None
    if fieldname == "date":
        span = parse_date_span(value)
        if span is not None:
            return span
        fieldname = None  # not a date: search the value as words
    if fieldname == "lang":
        code = value.strip().lower()
        return Lang(code) if code else None
    if fieldname in NAME_FIELDS:
        return Name(fieldname, value) if tokens.syllables(value) else None
    if fieldname in MARK_FIELDS:
        return _mark_node(lexeme, fieldname)
    prefix = lexeme.last and fieldname in (None, "title") and not lexeme.negated
    return _syllable_node(tokens.syllables(value), fieldname, lexeme.quoted, prefix)


def _mark_node(lexeme: _Lexeme, fieldname: str) -> Node | None:
    """`tag:`, `note:`, `has:` or `is:`; a value `has:` or `is:` does not take is read as
    words, as an unknown field is."""
    value = lexeme.text.strip()
    if fieldname == "tag":
        return Mark("tag", value, prefix=lexeme.last and not lexeme.negated) if value else None
    if fieldname == "note":
        prefix = lexeme.last and not lexeme.negated
        return Mark("note", value, prefix) if tokens.syllables(value) else None
    table = HAS_VALUES if fieldname == "has" else IS_VALUES
    meant = table.get(value.lower())
    if meant is None:
        words = tokens.syllables(f"{lexeme.field} {value}")
        return _combine(All, [Word(w) for w in words])
    mark = Mark(fieldname, meant)
    return Not(mark) if value.lower() == "unread" else mark


def parse(text: str, *, prefix_last: bool = True) -> Node | None:
    """The syntax tree of a user's query, or None when nothing in it is searchable.

    Args:
        text: what the user typed; any string (it is truncated to MAX_QUERY_CHARS).
        prefix_last: treat the last word as a prefix unless the text ends with a space.
    """
    text = text[:MAX_QUERY_CHARS]
    lexemes = _lex(text)
    if prefix_last and text and not text[-1].isspace():
        items = [lx for lx in lexemes if lx.kind == "item"]
        if items and lexemes[-1] is items[-1] and not items[-1].quoted:
            items[-1].last = True
    return _Parser(lexemes).parse_all(0)


# Dates -------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def _period(text: str) -> tuple[datetime, datetime] | None:
    """[start, end) of `2022`, `2022-09` or `2022-09-01`."""
    match = _DATE_RE.match(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            return datetime(year, 1, 1), datetime(year + 1, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            start = datetime(year, month, 1)
            return start, start + timedelta(days=last)
        start = datetime.combine(date(year, month, day), datetime.min.time())
        return start, start + timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def parse_date_span(text: str) -> DateSpan | None:
    """`2022`, `2022-09`, `2022-09-01`, or a range `A..B` (either side may be empty)."""
    if ".." in text:
        left, _, right = text.partition("..")
        start = _period(left) if left.strip() else None
        end = _period(right) if right.strip() else None
        if (left.strip() and start is None) or (right.strip() and end is None):
            return None
        if start is None and end is None:
            return None
        return DateSpan(start[0] if start else None, end[1] if end else None)
    period = _period(text)
    return DateSpan(*period) if period else None


# Building Whoosh queries -------------------------------------------------------------------


class Lexicon(Protocol):
    """What building needs from the index: bounded prefix expansion and term existence."""

    def expand(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """The `limit` most frequent terms of `fieldname` starting with `prefix`."""
        ...

    def has(self, fieldname: str, term: str) -> bool:
        """True when `term` occurs in `fieldname`."""
        ...

    def near(self, fieldname: str, word: str, edits: int) -> list[str]:
        """Terms of `fieldname` within `edits` edits of `word`, most frequent first."""
        ...


class Annotations(Protocol):
    """The user's annotations as a search sees them: one version of them, which the engine
    asks which articles each `Mark` holds for. The archive hands one to every search
    (`SearchIndex.search`); the index keeps none of it."""

    def version(self) -> str:
        """Names this version of the annotations: any change gives a new name (answers and
        bitmaps are cached under it)."""
        ...

    def ids(self, kind: str, value: str, prefix: bool) -> Collection[str]:
        """Ids of the articles the predicate (`Mark`'s fields) holds for."""
        ...


@dataclass(slots=True)
class Highlight:
    """What snippets mark: exact and folded syllables and prefixes of the positive words."""

    exact: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)
    exact_prefixes: set[str] = field(default_factory=set)
    folded_prefixes: set[str] = field(default_factory=set)
    seen: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    """Each word's match once found (`snippets.mark_spans`): a page of snippets repeats most
    of its words. Only valid while the sets above stay as they are."""

    @property
    def empty(self) -> bool:
        return not (self.exact or self.folded or self.exact_prefixes or self.folded_prefixes)


def leaves(node: Node | None, negated: bool = False) -> Iterator[tuple[Node, bool]]:
    """Every leaf of the tree with whether it sits under a `Not`."""
    if node is None:
        return
    if isinstance(node, Not):
        yield from leaves(node.child, not negated)
    elif isinstance(node, All | Any):
        for child in node.children:
            yield from leaves(child, negated)
    else:
        yield node, negated


def corrected(node: Node, words: dict[str, str]) -> Node:
    """`node` with each plain word in `words` replaced by its value (as if typed so)."""
    if isinstance(node, Word) and node.text in words:
        return Word(words[node.text], node.field, False)
    if isinstance(node, Not):
        return Not(corrected(node.child, words))
    if isinstance(node, All | Any):
        return type(node)(tuple(corrected(child, words) for child in node.children))
    return node


def corrected_text(text: str, words: dict[str, str]) -> str:
    """`text` with each word in `words` (a whole word, any case) replaced by its value."""
    for typed, meant in words.items():
        text = re.sub(rf"(?<![^\W_]){re.escape(typed)}(?![^\W_])", meant, text, flags=re.I)
    return text


def has_marks(node: Node | None) -> bool:
    """Whether the query asks about annotations (its answer then depends on them)."""
    return any(isinstance(leaf, Mark) for leaf, _ in leaves(node))


def has_words(node: Node | None) -> bool:
    """Whether the query has a word or phrase to rank by (not only dates, languages, names
    or exclusions): without one, every match is as good as another and newest come first."""
    return any(isinstance(leaf, Word | Phrase) and not negated for leaf, negated in leaves(node))


def highlight_terms(node: Node | None, *, title: bool = False) -> Highlight:
    """The words snippets should mark: positive default-field words (and `title:` ones)."""
    marks = Highlight()
    wanted = (None, "title") if title else (None,)
    for leaf, negated in leaves(node):
        if negated:
            continue
        if isinstance(leaf, Word) and leaf.field in wanted:
            words, prefix_last = [leaf.text], leaf.prefix
        elif isinstance(leaf, Phrase) and leaf.field in wanted:
            words, prefix_last = list(leaf.words), False
        else:
            continue
        for index, word in enumerate(words):
            is_prefix = prefix_last and index == len(words) - 1
            if tokens.is_folded(word):
                target = marks.folded_prefixes if is_prefix else marks.folded
                target.add(tokens.folded_form(word))
            else:
                target = marks.exact_prefixes if is_prefix else marks.exact
                target.add(tokens.exact_form(word))
    return marks


def is_date_sort(sort: str) -> bool:
    """True for `date` (newest first); anything else means relevance."""
    return sort.strip().lower() == "date"
