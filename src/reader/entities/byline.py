"""The people a byline or photo credit names, without its outlets and notes.

A byline is where the writer's name belongs (`author`), never an entity of the article. News
bylines carry more than names: `Linh San (Theo Daily Mail)`, `Thu Hoài (Tổng hợp)`,
`Mai Đỉnh(TH)`, `Hải Yến/VOV.VN`, `CTV Lê Tùng`, `Ảnh: Vũ Sinh/TTXVN`, `PV`. `byline_people`
keeps only the people's names (`Linh San`, `Thu Hoài`, `Mai Đỉnh`, `Hải Yến`, `Lê Tùng`,
`Vũ Sinh`), for whoever fills in `author`; `byline_outlets` returns the outlets it cites.
"""

from __future__ import annotations

import re

from reader.entities.lexicon import lexicon

# `(Theo Daily Mail)`, `(Tổng hợp)`, `(TH)`, `(TTXVN)`: notes after the names.
_NOTE = re.compile(r"\s*\(([^()]*)\)\s*")
# Words before a name that are a role or a source, not the name.
_LEADING = re.compile(
    r"^(?:ảnh|ảnh\s*:|theo|nguồn|nhóm phóng viên|phóng viên|pv|ctv|btv|bài|bài và ảnh|"
    r"bài, ảnh|clip|video|thực hiện|ghi chép)\s*:?\s+",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:/|,|;|&|\s-\s|\s–\s|\svà\s)\s*")
# Parts that are never a person: notes and roles.
_NOT_PEOPLE = frozenset(
    "pv ctv btv th th. tổng hợp tổng hợp. nhóm pv theo nguồn ảnh video clip".split(" ")
) | {"tổng hợp", "nhóm pv"}
_OUTLET_WORDS = ("báo ", "tạp chí ", "đài ", "kênh ")


def _is_outlet(part: str) -> bool:
    lex = lexicon()
    text = part.strip()
    if not text:
        return False
    lowered = text.casefold()
    if lowered.startswith(_OUTLET_WORDS) or "." in text.rstrip("."):
        return True  # `Báo Tin Tức`, `VOV.VN`, `Zing.vn`
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in text:
        return True  # `TTXVN`, `VOV`, `AFP`
    keys = tuple(w.casefold() for w in text.split())
    return lex.known_orgs.get(keys) is not None


def _parts(byline: str) -> list[str]:
    text = " ".join(str(byline).split())
    notes = _NOTE.findall(text)
    text = _NOTE.sub(" ", text).strip()
    parts = []
    for part in [*_SPLIT.split(text), *(n for note in notes for n in _SPLIT.split(note))]:
        part = part.strip(" .:-–")
        while (stripped := _LEADING.sub("", part)) != part:
            part = stripped.strip(" .:-–")
        if part:
            parts.append(part)
    return parts


def byline_people(byline: str | None) -> list[str]:
    """The people a byline names, in its order (`Hải Yến/VOV.VN` -> `Hải Yến`)."""
    if not byline:
        return []
    people = []
    for part in _parts(byline):
        if part.casefold() in _NOT_PEOPLE or _is_outlet(part):
            continue
        words = part.split()
        if not 1 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
            continue
        if part not in people:
            people.append(part)
    return people


def byline_outlets(byline: str | None) -> list[str]:
    """The outlets a byline cites (`Hải Yến/VOV.VN` -> `VOV.VN`)."""
    if not byline:
        return []
    return [p for p in _parts(byline) if p.casefold() not in _NOT_PEOPLE and _is_outlet(p)]
