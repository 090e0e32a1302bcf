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
    r"bài, ảnh|clip|video|thực hiện|ghi chép|pgs\.?|gs\.?|ts\.?|ths\.?|bs\.?)\s*:?\s+",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(/|,|;|&|\s-\s|\s–\s|\svà\s|(?<=\w{2})\.\s|\s(?=[Tt]heo\s))\s*")
# `tổng hợp` (compiled by) after a name: `Sơn Tùng Tổng hợp`, `Duy Phan tổng hợp`.
_NOTE_END = re.compile(r"\s+(?:tổng hợp|lược dịch|TH)$", re.IGNORECASE)
# A web address: `VOV.VN`, `Zing.vn`, `Vnexpress.net` (not an initial: `P.Thúy`).
_DOMAIN = re.compile(r"\w\.(?:vn|com|net|org|info|tv|biz)$", re.IGNORECASE)
# Parts that are never a person: notes and roles.
_NOT_PEOPLE = frozenset(
    "pv ctv btv th th. tổng hợp tổng hợp. nhóm pv theo nguồn ảnh video clip internet st bài tin "
    "pgs gs ts".split(" ")
) | {"tổng hợp", "nhóm pv", "sưu tầm"}
_OUTLET_WORDS = ("báo ", "tạp chí ", "đài ", "kênh ")


def _is_outlet(part: str) -> bool:
    lex = lexicon()
    text = part.strip()
    if not text:
        return False
    lowered = text.casefold()
    if lowered.startswith(_OUTLET_WORDS) or _DOMAIN.search(text.rstrip(".")):
        return True  # `Báo Tin Tức`, `VOV.VN`, `Zing.vn`
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in text:
        return True  # `TTXVN`, `VOV`, `AFP`
    keys = tuple(w.casefold() for w in text.split())
    return lex.known_orgs.get(keys) is not None


def _parts(byline: str) -> list[tuple[str, bool]]:
    """The byline's parts, each with whether it follows a slash after a name (`Hà/Reatimes`:
    an outlet, whatever its shape)."""
    text = " ".join(str(byline).split())
    # A note is read as a part of its own; `(từ Hàn Quốc)`, where the writer wrote from, is
    # no part.
    notes = [note for note in _NOTE.findall(text) if not note.casefold().startswith("từ ")]
    text = re.sub(r"\s+\.", ".", _NOTE.sub(" , ", text)).strip(" ,")
    parts: list[tuple[str, bool]] = []
    for chunk in (text, *notes):
        pieces = _SPLIT.split(chunk)
        after_slash = False
        for index in range(0, len(pieces), 2):
            part = pieces[index].strip(" .:-–")
            while (stripped := _LEADING.sub("", part)) != part:
                part = stripped.strip(" .:-–")
            part = _NOTE_END.sub("", part)
            joiner = pieces[index - 1].strip() if index else ""
            # After a slash comes the outlet, with its desk after a dash (`VOV – Miền Trung`).
            after_slash = bool(parts) and (joiner == "/" or (after_slash and joiner in "-–"))
            if part:
                parts.append((part, after_slash))
    return parts


def byline_people(byline: str | None) -> list[str]:
    """The people a byline names, in its order (`Hải Yến/VOV.VN` -> `Hải Yến`)."""
    if not byline:
        return []
    people = []
    for part, after_slash in _parts(byline):
        if after_slash or part.casefold() in _NOT_PEOPLE or _is_outlet(part):
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
    return [
        part
        for part, after_slash in _parts(byline)
        if part.casefold() not in _NOT_PEOPLE and (after_slash or _is_outlet(part))
    ]
