"""Which extractor made an archive's entities, so a reader can say when they are outdated.

`EXTRACTOR_VERSION` goes up whenever the rules or data change what is extracted enough that an
archive should be re-extracted (`reader entities --reextract`). A re-extraction writes the
version it ran into the archive folder (`.reader-entities.json`, beside the article files,
which the store never reads as an article); `extractor_of(root)` reads it back: None for an
archive never re-extracted, whose entities come from whatever extractor imported each file.

Versions: 1, the first rules (titles, heads, a small gazetteer); 2, this issue's (world
gazetteer, foreign names without titles, lists, organisation words, one entry per person,
side-bar order by salience, bylines and credits kept out); 3, the rules tuned on real news
against unseen articles (bylines at the end of the body, streets and wards no people,
organisation names whole and as written, legal forms one name, a national body read on to its
country, a city written two ways inside a name one organisation, a brand alone and with its
head one organisation, short and cut forms resolved to the article's longer name, names typed
as works no entities, places joined by a dash or spelt with i for y, countries with a
lower-case last syllable, a country's name as a foreign first name); 4, English read with
evidence (organisation names whole across hyphens and `and`, organisation cues such as `funded
by`, people only with a title, a known name, a reporting verb or an apposition, places side by
side no person); 5, the state's bodies known by name whatever the case of their last words
(`Bộ Giao thông vận tải`, not `Bộ Giao thông` nor `Bộ Giao thông vận tải họp`), and a prefix
that ends a word no prefix (`yêu cầu Sở Tài chính`); 6, cities spelt with accents known
(`São Paulo`, also as `Sao Paulo`), a city's name that is also a club's the club in an article
about football (`Barcelona`, `Sevilla`), a club's short names one entry (`Barca`, `MU`), a
unit named after a river or a mountain keeping that word (`phường Sông Trí`), a side no region
(`phía Tây Bắc`), a spouse called `ông xã` or `bà xã` no commune, `Liên bang` one word of a
body's name, a minister's portfolio no part of a foreign name, `kênh` before a Vietnamese
name a canal, `BV` a hospital, and a head ending a word no head (`thượng viện`, `thị trường`);
7, a foreign place no list knows placed by the known place written after it (`tại Lausanne,
Thụy Sĩ`, `(Eindhoven, Hà Lan)`), a place's final i written y (`Thụy Sỹ`), and a university
written `ĐH X` one organisation (`Đại học X`, as `Trường ĐH X` was), an abbreviated head that
no name follows none (`Vụ Giáo dục ĐH`), and a foreign name after a title or an honorific read
on after its lower-case particles (`Walid al-Moualem`, `Louis van Gaal`), and a body named by
its head alone reading on to its country only (`Liên hợp quốc`, not `Liên hợp quốc Antonio
Guterres`), a minister's portfolio written without `Bộ` part of the title (`Bộ trưởng Công
an Tô Lâm`), a family name's word before a country of two syllables no person (`Đoàn Việt
Nam`), and a country after `ngôn ngữ` a language, as after `tiếng` (`Ngôn ngữ Anh`).
"""

from __future__ import annotations

import json
from pathlib import Path

EXTRACTOR_VERSION = 7
MARKER = ".reader-entities.json"


def extractor_of(root: Path) -> int | None:
    """The extractor version the archive at `root` was last re-extracted with, or None."""
    try:
        data = json.loads((root / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("extractor") if isinstance(data, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def is_outdated(root: Path) -> bool:
    """Whether the archive's entities may come from an older extractor than this one."""
    found = extractor_of(root)
    return found is None or found < EXTRACTOR_VERSION


def mark_extractor(root: Path) -> None:
    """Record that every article of the archive at `root` now has this extractor's entities."""
    from reader.atomic import write_text_atomic

    write_text_atomic(root / MARKER, json.dumps({"extractor": EXTRACTOR_VERSION}) + "\n")
