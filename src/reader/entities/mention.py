"""A mention found by the rules: kind, canonical name, and where it was first seen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention. `short` marks a partial name (`ông Hiện`) to resolve later;
    `bare` one found by its shape alone, with no title, honorific or context word; `alias_of`
    the organisation an abbreviation stands for where the article defines it (`Ngân hàng TMCP
    Công thương Việt Nam (Vietinbank)`). Kind `CANDIDATE`: a foreign-looking name with no cue
    at all (`Pepe`), a person only if the article confirms it (see
    `reader.entities.extract.confirmed_candidates`); `group` the list it stands in (`Ronaldo,
    Pepe và Coentrao`: one group), the order of the list's first name."""

    kind: str
    name: str
    order: int
    short: bool = False
    bare: bool = False
    alias_of: str | None = None
    group: int | None = None


# The kind of a name that may be a person (never an entity on its own).
CANDIDATE = "person?"
# The kind of a name the article types as a work (`chương trình The Face`, `phim Người Nhện`):
# no entity, and no person or organisation where the article writes it again bare.
WORK = "work"
# A city's name standing alone that is also a known football club's (`Barcelona`, `Málaga`):
# the club in an article about football, else the city (`extract.settle_city_clubs`).
CITY_CLUB = "city or club"
