"""HTML bounded before lxml and trafilatura see it, so parsing time stays linear in its size.

Steps of the extraction whose cost grows faster than the page, as measured:

- libxml2 compares each attribute of a tag with every one before it, and lxml finds each by
  name when they are listed (htmldate lists them): one tag with 40,000 attributes took 1.8 s
  to parse and 4.1 s to list, with 150,000 (2.2 MB) 45 s and 140 s.
- trafilatura's fallback extractors (readability, justext) are quadratic in the worst case:
  justext looks along the whole run of short paragraphs around each short paragraph, so a
  table of 10,000 rows took 14 s and one of 40,000 rows 270 s.

So a tag keeps its first `MAX_ATTRIBUTES` attributes (no page needs more to be read), and a
page with more than `MAX_FULL_EXTRACTION_TAGS` tags is extracted without the fallbacks. Nothing
else changes: below those bounds the page goes through untouched.
"""

from __future__ import annotations

import re
from itertools import islice

MAX_ATTRIBUTES = 64
# With the fallbacks, the worst page of this many tags measured about a second.
MAX_FULL_EXTRACTION_TAGS = 5000

# One attribute as the HTML tokenizer reads it: separators (a stray `/` is one), a name, and
# maybe `=` and a quoted or bare value. An unclosed quote runs to the end of the text.
_ATTRIBUTE = r"""[\s/]*[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"?|'[^']*'?|[^\s>]*))?"""
# A comment, a doctype / processing instruction / end tag, or a start tag. The possessive
# `*+` and the `\Z` ends make every token that starts also match, so the scan never goes back:
# linear even for `<a <a <a ...` without a `>`.
_TOKEN = re.compile(
    rf"""<!--.*?(?:-->|\Z)
    | <[!?/][^>]*(?:>|\Z)
    | <(?P<name>[A-Za-z][^\s/>]*)(?P<attributes>(?:{_ATTRIBUTE})*+)[\s/]*(?:>|\Z)""",
    re.DOTALL | re.VERBOSE,
)
_ONE_ATTRIBUTE = re.compile(_ATTRIBUTE)
# Elements whose content is text, not markup, up to their end tag.
_RAW_TEXT_END = {
    name: re.compile(rf"</{name}(?:[\s/>]|\Z)", re.IGNORECASE)
    for name in ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
}


def bound_markup(html: str) -> tuple[str, int]:
    """`html` with each tag cut to its first `MAX_ATTRIBUTES` attributes, and its tag count.

    One pass, linear in the length of `html`; a page within the bound is returned as it is.
    """
    pieces: list[str] = []
    copied = 0  # html[:copied] is in `pieces`
    tags = 0
    at = 0
    while (token := _TOKEN.search(html, at)) is not None:
        at = token.end()
        name = token.group("name")
        if name is None:
            continue
        tags += 1
        start, end = token.span("attributes")
        # Each attribute takes at least two characters.
        cut = _attributes_end(html, start, end) if end - start > 2 * MAX_ATTRIBUTES else None
        if cut is not None:
            pieces.append(html[copied:cut])
            copied = end
        raw_text_end = _RAW_TEXT_END.get(name.lower())
        if raw_text_end is not None:
            closing = raw_text_end.search(html, at)
            at = closing.start() if closing else len(html)
    if not pieces:
        return html, tags
    pieces.append(html[copied:])
    return "".join(pieces), tags


def _attributes_end(html: str, start: int, end: int) -> int | None:
    """Where the first `MAX_ATTRIBUTES` attributes in `html[start:end]` end, when there are
    more than that; None otherwise."""
    first = list(islice(_ONE_ATTRIBUTE.finditer(html, start, end), MAX_ATTRIBUTES + 1))
    return first[MAX_ATTRIBUTES - 1].end() if len(first) > MAX_ATTRIBUTES else None


def bound_page_bytes(data: bytes) -> bytes:
    """`bound_markup` on a page's bytes, in any encoding that writes markup in ASCII.

    The tags are read through a byte-for-byte (Latin-1) view, so everything but the attributes
    cut is kept byte for byte: the raw page kept beside an article is read again later (for
    its links), and must not be slow to read either.
    """
    text = data.decode("latin-1")
    bounded, _ = bound_markup(text)
    return data if bounded is text else bounded.encode("latin-1")
