"""The related-article links a news page carries: titles with their URLs.

Pages list related coverage in a block under a heading ("Tin bài liên quan", "Related"), in an
element whose class or id says so (`aside.related`, `div.tin-lien-quan`), or inline as a
"Xem thêm: <a>...</a>" line. Links in menus, headers, footers and tag lists are not related
articles and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.fetch.urls import absolute_url
from reader.model.ids import normalise_url
from reader.text.normalize import clean_text, fold

RelatedLink = tuple[str, str]
"""(title, absolute URL)"""

# Folded, without a trailing colon: what a related block's heading says.
RELATED_HEADINGS = frozenset(
    {
        "tin bai lien quan",
        "tin lien quan",
        "bai lien quan",
        "bai viet lien quan",
        "doc them",
        "xem them",
        "co the ban quan tam",
        "related",
        "related articles",
        "related stories",
        "related news",
        "related coverage",
        "read more",
        "read also",
        "see also",
        "more on this story",
    }
)
# A paragraph starting like this carries an inline "read also" link.
_INLINE_LEAD = re.compile(r"^(xem them|doc them|read also|read more|see also)\s*[:>»-]")
_RELATED_MARK = re.compile(
    r"related|lien-?quan|tinlq|tin-lq|read-?also|see-?also|xem-?them|doc-?them", re.IGNORECASE
)
_CHROME_MARK = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|header|breadcrumbs?|tags?|keywords?|social|share)($|[\s_-])",
    re.IGNORECASE,
)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "script", "style", "noscript", "form"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_LIKE = _HEADING_TAGS | {"strong", "b", "span", "div", "p", "dt", "legend", "header"}
_MIN_TITLE_CHARS = 15
_MIN_TITLE_WORDS = 3
_MAX_LINKS = 40
_MAX_CONTAINER_LINKS = 60


def _squash(text: str) -> str:
    return " ".join(clean_text(text).split())


def _heading_key(text: str) -> str:
    return " ".join(fold(text).replace(":", " ").split())


def _marks(node: object) -> str:
    get = getattr(node, "get", None)
    if get is None:
        return ""
    return f"{get('class') or ''} {get('id') or ''}"


def _in_chrome(node: object) -> bool:
    for ancestor in node.iterancestors():  # type: ignore[attr-defined]
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in _CHROME_TAGS or _CHROME_MARK.search(_marks(ancestor)):
            return True
    return False


def _containers(doc: object) -> Iterator[object]:
    """Elements holding related links, in document order (duplicates are fine)."""
    for node in doc.iter():  # type: ignore[attr-defined]
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in _CHROME_TAGS:
            continue
        marks = _marks(node)
        if marks.strip() and _RELATED_MARK.search(marks) and not _CHROME_MARK.search(marks):
            if tag != "body" and node.find(".//h1") is None:
                yield node
            continue
        if tag not in _HEADING_LIKE:
            continue
        text = _squash(node.text_content())
        if len(text) > 40:
            continue
        key = _heading_key(text)
        if key in RELATED_HEADINGS:
            yield from _after_heading(node)
        elif tag == "p" and _INLINE_LEAD.match(fold(text) + " "):
            yield node
    return


def _after_heading(heading: object) -> Iterator[object]:
    """The siblings after a heading (or after its parent, if the heading is wrapped)."""
    node = heading
    for _ in range(3):
        found = False
        for sibling in node.itersiblings():  # type: ignore[attr-defined]
            tag = sibling.tag if isinstance(sibling.tag, str) else ""
            if tag in _HEADING_TAGS:
                break
            if sibling.find(".//a") is not None or tag == "a":
                found = True
                yield sibling
        if found:
            return
        node = node.getparent()  # type: ignore[attr-defined]
        if node is None or node.tag in ("body", "html"):
            return


def _anchors(container: object) -> Iterator[object]:
    if getattr(container, "tag", None) == "a":
        yield container
    yield from container.iter("a")  # type: ignore[attr-defined]


def related_links(html: str, base_url: str) -> tuple[RelatedLink, ...]:
    """The page's related-article links, each URL once, in page order.

    Args:
        html: the page's markup.
        base_url: the page's own (final) URL; relative links are resolved against it and
            links back to the page itself are dropped.
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        doc = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ()
    base = doc.find(".//base[@href]")
    if base is not None:
        base_url = absolute_url(base_url, base.get("href", "")) or base_url
    own = normalise_url(base_url)
    seen: set[str] = {own}
    result: list[RelatedLink] = []
    for container in _containers(doc):
        anchors = list(_anchors(container))
        if len(anchors) > _MAX_CONTAINER_LINKS or _in_chrome(container):
            continue
        for anchor in anchors:
            link = _link(anchor, base_url)
            if link is None:
                continue
            key = normalise_url(link[1])
            if key in seen:
                continue
            seen.add(key)
            result.append(link)
            if len(result) >= _MAX_LINKS:
                return tuple(result)
    return tuple(result)


def _link(anchor: object, base_url: str) -> RelatedLink | None:
    url = absolute_url(base_url, anchor.get("href") or "")  # type: ignore[attr-defined]
    if url is None:
        return None
    title = _squash(anchor.text_content()) or _squash(anchor.get("title") or "")  # type: ignore[attr-defined]
    if len(title) < _MIN_TITLE_CHARS and len(title.split()) < _MIN_TITLE_WORDS:
        return None
    if _heading_key(title) in RELATED_HEADINGS:
        return None
    return title, url
