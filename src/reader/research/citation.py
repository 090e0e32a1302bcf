"""Citations of articles: plain, APA and Chicago text, BibTeX, RIS and CSL-JSON.

What is cited: the title as written, the outlet (the article's `source`, else its URL's host),
the authors, the date of publication (the article's own calendar day), the URL and the date
the page was accessed (by default the day it was imported: the day the archive's copy was
taken).

Names are never rewritten when they are Vietnamese: a Vietnamese name is written family name
first already, and its last syllable is not a surname, so `Nguyễn Thực Hiện` stays
`Nguyễn Thực Hiện` in every style (in BibTeX it is braced, `{Nguyễn Thực Hiện}`, so that
BibTeX does not reorder it either; in CSL-JSON it is a `literal`). A name is taken for
Vietnamese when the article is in Vietnamese, the name carries a diacritic, or it starts with
a Vietnamese family name (`Nguyen Quy` in an English article). Other names of two to four
capitalised words (`John Smith`) are cited as the style wants (`Smith, J.`); anything else
(`Reuters`, `AFP`, `Staff Reporter`) as written. Titles are never re-cased.

Styles, for a newspaper article online:
- plain: `Hà Vy, "Title", thoidai.com.vn, 2022-09-05, https://... (accessed 2024-05-01).`
- apa (APA 7): `Hà Vy. (2022, September 5). Title. thoidai.com.vn. https://...`; an
  undated page gets `(n.d.)` and `Retrieved May 1, 2024, from https://...`, as APA asks.
- chicago (notes and bibliography, bibliography entry): `Hà Vy. "Title." thoidai.com.vn,
  September 5, 2022. Accessed May 1, 2024. https://...`
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

from reader.model.article import Article
from reader.research.model import Annotations
from reader.text.normalize import fold, has_diacritics

STYLES = ("plain", "apa", "chicago")
FORMATS = ("text", "bibtex", "ris", "csl-json")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_BIBTEX_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
# Vietnamese family names (folded), by which a name written without diacritics is still read
# as Vietnamese.
VIETNAMESE_FAMILY_NAMES = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan trinh "
    "truong lam luong mai cao ta ha thai chu quach luu tang kieu khuc ton that vuong lai "
    "trieu giang chau quan tieu thach la van diep mac thieu nong lo".split()
)
_PARTICLES = frozenset("van von de der den da di du del della la le ten ter bin al".split())
# Bylines that name a desk or an agency, not a person.
_NOT_PEOPLE = frozenset(
    "news staff reporter reporters desk team agency press editorial editor editors service "
    "online times post bureau correspondent wire associated".split()
)
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPLIT_AUTHORS = re.compile(r"\s*(?:;|\s+(?:and|và|&)\s+|\s+[-–—]\s+)\s*", re.IGNORECASE)


def _line(text: str | None) -> str:
    """`text` on one line: controls and line breaks made spaces, spaces collapsed."""
    return " ".join(_CONTROLS.sub(" ", text or "").split())


@dataclass(frozen=True, slots=True)
class Author:
    """One author: the name as written, and its parts when the style may reorder it."""

    name: str
    family: str | None = None
    """Set only for a name that may be written `family, given` (see the module)."""
    given: str | None = None

    @property
    def inverted(self) -> str:
        """`Smith, John` (or the name as written)."""
        return f"{self.family}, {self.given}" if self.family and self.given else self.name

    @property
    def initials(self) -> str:
        """`Smith, J. P.` (or the name as written)."""
        if not (self.family and self.given):
            return self.name
        parts = []
        for word in self.given.split():
            pieces = [p for p in word.split("-") if p]
            parts.append("-".join(f"{p[0]}." for p in pieces))
        return f"{self.family}, {' '.join(parts)}"


def is_vietnamese_name(name: str, language: str = "") -> bool:
    """Whether `name` is to be kept as written because it is Vietnamese (see the module)."""
    words = name.split()
    if not words:
        return False
    return (
        language == "vi"
        or any(has_diacritics(word) for word in words)
        or fold(words[0]).strip(".,") in VIETNAMESE_FAMILY_NAMES
    )


def parse_author(name: str, language: str = "") -> Author:
    """One author's name, with its parts when it is a personal name a style may reorder."""
    name = _line(name)
    if is_vietnamese_name(name, language):
        return Author(name)
    words = name.split()
    personal = (
        2 <= len(words) <= 4
        and all(w[:1].isupper() and not w.isupper() for w in words if w.lower() not in _PARTICLES)
        and not any(fold(w).strip(".,") in _NOT_PEOPLE for w in words)
        and not any(ch.isdigit() for ch in name)
    )
    if not personal:
        return Author(name)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return Author(name, " ".join(words[start:]), " ".join(words[:start]))


def authors_of(article: Article) -> tuple[Author, ...]:
    """The authors of an article's byline (`Hà Vy - Minh Anh`, `A and B`, `A; B`)."""
    byline = _line(article.author)
    byline = re.sub(r"^(?:by|bởi)\s+", "", byline, flags=re.IGNORECASE)
    if not byline:
        return ()
    names = [n for n in _SPLIT_AUTHORS.split(byline) if n]
    if "," in byline and all(len(part.split()) >= 2 for part in byline.split(",")):
        names = [n.strip() for part in names for n in part.split(",") if n.strip()]
    return tuple(parse_author(n, article.language) for n in names)


def outlet_of(article: Article) -> str:
    """The outlet: the article's source, else its URL's host (without `www.`)."""
    if article.source and _line(article.source):
        return _line(article.source)
    if article.url:
        host = urlsplit(article.url).hostname or ""
        return host.removeprefix("www.")
    return ""


def accessed_of(article: Article, accessed: date | None = None) -> date:
    """The access date: `accessed`, else the day the article was imported, else today."""
    if accessed is not None:
        return accessed
    if article.imported_at is not None:
        return article.imported_at.date()
    return date.today()


def _published(article: Article) -> date | None:
    return article.published.date() if article.published is not None else None


def _long(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _sentence(text: str) -> str:
    """`text` ending with a full stop (unless it ends with one already, or ? or !)."""
    return text if text.endswith((".", "?", "!", "…")) else f"{text}."


def _join(names: list[str], inverted_first: bool, conjunction: str) -> str:
    if len(names) == 1:
        return names[0]
    head = ", ".join(names[:-1])
    comma = "," if len(names) > 2 or inverted_first else ""
    return f"{head}{comma} {conjunction} {names[-1]}"


# Text styles -------------------------------------------------------------------------------


def plain(article: Article, accessed: date | None = None) -> str:
    """`Authors, "Title", outlet, YYYY-MM-DD, URL (accessed YYYY-MM-DD).`"""
    parts = []
    authors = authors_of(article)
    if authors:
        parts.append(", ".join(a.name for a in authors))
    parts.append(f'"{_line(article.title)}"')
    outlet = outlet_of(article)
    if outlet:
        parts.append(outlet)
    published = _published(article)
    if published:
        parts.append(published.isoformat())
    if article.url:
        parts.append(_line(article.url))
    text = ", ".join(parts)
    return f"{text} (accessed {accessed_of(article, accessed).isoformat()})."


def apa(article: Article, accessed: date | None = None) -> str:
    """APA 7, a newspaper article online (see the module)."""
    title = _sentence(_line(article.title))
    published = _published(article)
    when = (
        f"({published.year}, {MONTHS[published.month - 1]} {published.day})"
        if published
        else "(n.d.)"
    )
    authors = authors_of(article)
    outlet = outlet_of(article)
    if authors:
        names = [a.initials for a in authors]
        inverted = authors[-2].family is not None if len(authors) > 1 else False
        head = f"{_sentence(_join(names, inverted, '&'))} {when}. {title}"
    else:
        head = f"{title} {when}."
    parts = [head]
    if outlet:
        parts.append(_sentence(outlet))
    if article.url:
        url = _line(article.url)
        if published is None:
            parts.append(f"Retrieved {_long(accessed_of(article, accessed))}, from {url}")
        else:
            parts.append(url)
    return " ".join(parts)


def chicago(article: Article, accessed: date | None = None) -> str:
    """Chicago notes and bibliography, a bibliography entry (see the module)."""
    title = _line(article.title)
    quoted = f'"{title}"' if title.endswith(("?", "!")) else f'"{title}."'
    authors = authors_of(article)
    parts = []
    if authors:
        names = [authors[0].inverted, *(a.name for a in authors[1:])]
        parts.append(_sentence(_join(names, authors[0].family is not None, "and")))
    outlet = outlet_of(article)
    published = _published(article)
    source = ", ".join(p for p in (outlet, _long(published) if published else "n.d.") if p)
    parts.append(quoted)
    parts.append(_sentence(source))
    parts.append(f"Accessed {_long(accessed_of(article, accessed))}.")
    if article.url:
        parts.append(_sentence(_line(article.url)))
    return " ".join(parts)


def text(article: Article, style: str = "plain", accessed: date | None = None) -> str:
    """The citation in a text style (`STYLES`)."""
    if style == "apa":
        return apa(article, accessed)
    if style == "chicago":
        return chicago(article, accessed)
    if style == "plain":
        return plain(article, accessed)
    raise ValueError(f"unknown citation style {style!r} (one of {', '.join(STYLES)})")


# BibTeX ------------------------------------------------------------------------------------

_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_SPECIAL = re.compile(r"[\\{}$&%#_^~]")


def bibtex_escape(value: str) -> str:
    """`value` on one line with LaTeX's special characters escaped (braces stay balanced)."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group()], _line(value))


def _bibtex_url(url: str) -> str:
    """A URL safe in a BibTeX field: what could unbalance braces or end it percent-encoded."""
    return quote(_line(url), safe="".join(chr(c) for c in range(33, 127) if chr(c) not in "{}\\"))


def bibtex(
    article: Article, accessed: date | None = None, annotations: Annotations | None = None
) -> str:
    """One BibTeX `@article` entry keyed by the article's id (biblatex fields too:
    `journaltitle`, `date`, `urldate`); with `annotations`, its tags as `keywords` and its
    note as `annote`."""
    fields: list[tuple[str, str]] = []
    authors = authors_of(article)
    if authors:
        names = [
            bibtex_escape(a.inverted) if a.family else f"{{{bibtex_escape(a.name)}}}"
            for a in authors
        ]
        fields.append(("author", " and ".join(names)))
    fields.append(("title", f"{{{bibtex_escape(article.title)}}}"))
    outlet = outlet_of(article)
    if outlet:
        fields += [("journal", bibtex_escape(outlet)), ("journaltitle", bibtex_escape(outlet))]
    published = _published(article)
    if published:
        fields += [
            ("year", str(published.year)),
            ("month", _BIBTEX_MONTHS[published.month - 1]),
            ("date", published.isoformat()),
        ]
    if article.url:
        fields.append(("url", _bibtex_url(article.url)))
    when = accessed_of(article, accessed).isoformat()
    fields += [("urldate", when), ("note", f"Accessed {when}")]
    if article.language:
        fields.append(("langid", bibtex_escape(_LANGUAGES.get(article.language, article.language))))
    if annotations is not None:
        if annotations.tags:
            fields.append(("keywords", ", ".join(bibtex_escape(t) for t in annotations.tags)))
        if annotations.has_note:
            fields.append(("annote", bibtex_escape(annotations.note)))
    lines = [f"@article{{{article.id},"]
    for name, value in fields:
        braced = value if name == "month" else f"{{{value}}}"
        lines.append(f"  {name} = {braced},")
    lines.append("}")
    return "\n".join(lines)


_LANGUAGES = {"vi": "vietnamese", "en": "english"}


# RIS ---------------------------------------------------------------------------------------


def ris_escape(value: str) -> str:
    """`value` on one line (a line break would start a new field)."""
    return _line(value)


def ris(
    article: Article, accessed: date | None = None, annotations: Annotations | None = None
) -> str:
    """One RIS record (`TY  - NEWS` ... `ER  - `); with `annotations`, tags as `KW` and
    the note as `N1`."""
    lines = ["TY  - NEWS", f"ID  - {article.id}"]
    lines += [f"AU  - {ris_escape(a.inverted)}" for a in authors_of(article)]
    lines.append(f"TI  - {ris_escape(article.title)}")
    outlet = outlet_of(article)
    if outlet:
        lines.append(f"T2  - {ris_escape(outlet)}")
    published = _published(article)
    if published:
        lines += [f"PY  - {published.year}", f"DA  - {published.strftime('%Y/%m/%d')}"]
    if article.url:
        lines.append(f"UR  - {ris_escape(article.url)}")
    lines.append(f"Y2  - {accessed_of(article, accessed).strftime('%Y/%m/%d')}")
    if article.language:
        lines.append(f"LA  - {ris_escape(article.language)}")
    if annotations is not None:
        lines += [f"KW  - {ris_escape(t)}" for t in annotations.tags]
        if annotations.has_note:
            lines.append(f"N1  - {ris_escape(annotations.note)}")
    lines.append("ER  - ")
    return "\n".join(lines)


# CSL-JSON ----------------------------------------------------------------------------------


def csl(
    article: Article, accessed: date | None = None, annotations: Annotations | None = None
) -> dict[str, object]:
    """One CSL-JSON item (`article-newspaper`); Vietnamese names as `literal`."""
    item: dict[str, object] = {"id": article.id, "type": "article-newspaper"}
    authors = authors_of(article)
    if authors:
        item["author"] = [
            {"family": a.family, "given": a.given} if a.family else {"literal": a.name}
            for a in authors
        ]
    item["title"] = _line(article.title)
    outlet = outlet_of(article)
    if outlet:
        item["container-title"] = outlet
    published = _published(article)
    if published:
        item["issued"] = {"date-parts": [[published.year, published.month, published.day]]}
    day = accessed_of(article, accessed)
    item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    if article.url:
        item["URL"] = _line(article.url)
    if article.language:
        item["language"] = article.language
    if annotations is not None:
        if annotations.tags:
            item["keyword"] = ", ".join(annotations.tags)
        if annotations.has_note:
            item["note"] = annotations.note
    return item


# Several articles --------------------------------------------------------------------------


def cite(
    articles: Sequence[Article],
    style: str = "plain",
    fmt: str = "text",
    accessed: date | None = None,
    annotations: Iterable[Annotations | None] | None = None,
) -> str:
    """Citations of `articles`, in their order: text, one per line; BibTeX and RIS, one
    entry each, a blank line between; CSL-JSON, one array. `style` counts for text only;
    `annotations` (one per article, or None) add tags and notes to BibTeX, RIS and CSL-JSON.

    Raises:
        ValueError: an unknown style or format.
    """
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r} (one of {', '.join(STYLES)})")
    notes = list(annotations) if annotations is not None else [None] * len(articles)
    pairs = list(zip(articles, notes, strict=True))
    if fmt == "text":
        return "\n".join(text(a, style, accessed) for a, _ in pairs)
    if fmt == "bibtex":
        return "\n\n".join(bibtex(a, accessed, n) for a, n in pairs)
    if fmt == "ris":
        return "\n".join(ris(a, accessed, n) for a, n in pairs)
    if fmt == "csl-json":
        return json.dumps([csl(a, accessed, n) for a, n in pairs], ensure_ascii=False, indent=2)
    raise ValueError(f"unknown citation format {fmt!r} (one of {', '.join(FORMATS)})")
