"""The word lists of `lexicon.yaml` (surnames, titles, organisation heads ...), loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from reader.entities.tokens import phrase_keys, word_key
from reader.entities.trie import PhraseTrie


@dataclass(frozen=True, slots=True)
class OrgHead:
    """An organisation head: what may follow it and whether it stands alone."""

    follows: str  # "place" or "named"
    standalone: bool
    may_hold_names: bool
    nestable: bool = False


@dataclass(frozen=True, slots=True)
class KnownOrg:
    """An organisation known by name, and which of its words are written capitalised."""

    name: str
    capitals: tuple[bool, ...]
    loose: bool = False
    """Only the capitals of the first two words count (`orgs.yaml`'s `government`)."""
    club: bool = False
    """A football club or league (`orgs.yaml`'s `clubs`)."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the Vietnamese and English rules look words up in."""

    surnames: frozenset[str]
    honorifics: PhraseTrie
    titles: PhraseTrie
    org_heads: PhraseTrie
    org_inner_words: frozenset[str]
    function_words: frozenset[str]
    not_after_head: frozenset[str]
    place_prefixes: PhraseTrie
    skip_prefixes: PhraseTrie
    skip_prefix_words: frozenset[tuple[str, ...]]
    vi_stop_words: frozenset[str]
    never_in_names: frozenset[str]
    given_names: frozenset[str]
    known_orgs: PhraseTrie
    football_words: tuple[str, ...]
    person_verbs: PhraseTrie
    outlet_cues: PhraseTrie
    lower_place_heads: PhraseTrie
    business_words: PhraseTrie
    compounds: frozenset[tuple[str, ...]]
    guarded_places: frozenset[str]
    en_honorifics: PhraseTrie
    en_org_suffixes: frozenset[str]
    en_org_acronyms: frozenset[str]
    en_stop_words: frozenset[str]
    en_place_suffixes: frozenset[str]
    en_role_words: frozenset[str]
    en_title_modifiers: frozenset[str]
    en_reporting_verbs: frozenset[str]
    en_org_cues_by: frozenset[str]
    en_org_cues_of: frozenset[str]
    en_only_org_suffixes: frozenset[str]
    en_lower_place_nouns: frozenset[str]


@cache
def load_yaml(name: str) -> dict:
    """Read one of this package's data files: YAML with the safe loader, or JSON (the
    generated ones, which are large: JSON parses ten times faster). Cached: callers must not
    change what it returns."""
    text = resources.files("reader.entities").joinpath(name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        data = json.loads(text)
    else:
        # The C loader when PyYAML has it: the pure-Python one took ~0.4 s of every start.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


def _keys(words: list[str]) -> frozenset[str]:
    return frozenset(word_key(str(w)) for w in words)


# The same syllable written with `i` or `y` (`nghệ sĩ`, `nghệ sỹ`; `kỹ sư`, `kĩ sư`).
_I_Y = {"sĩ": "sỹ", "kỹ": "kĩ", "lý": "lí", "kỳ": "kì", "mỹ": "mĩ"}


def _spellings(phrase: str) -> list[str]:
    """`phrase` and its i/y spellings."""
    words = phrase.split(" ")
    other = [_I_Y.get(w.casefold(), w) for w in words]
    return [phrase] if other == words else [phrase, " ".join(other)]


def _trie(phrases: list[str], value: object = True) -> PhraseTrie:
    trie = PhraseTrie()
    for phrase in phrases:
        for spelling in _spellings(str(phrase)):
            trie.add(phrase_keys(spelling), value)
    return trie


def _org_heads(data: dict) -> PhraseTrie:
    standalone = _keys_of_phrases(data.get("standalone", []))
    holds_names = _keys_of_phrases(data.get("may_hold_names", []))
    nestable = _keys_of_phrases(data.get("nestable", []))
    trie = PhraseTrie()
    for follows in ("place", "named"):
        for phrase in data.get(follows, []):
            keys = phrase_keys(str(phrase))
            head = OrgHead(follows, keys in standalone, keys in holds_names, keys in nestable)
            trie.add(keys, head)
    for keys in standalone:
        if trie.get(keys) is None:
            trie.add(keys, OrgHead("named", True, False))
    return trie


def _known_orgs(data: dict) -> PhraseTrie:
    from reader.entities.tokens import tokenize

    trie = PhraseTrie()
    for group_name, group in data.items():
        for name in group:
            tokens = [t for t in tokenize(str(name))]
            capitals = tuple(t.is_cap for t in tokens if t.is_word)
            known = KnownOrg(
                str(name),
                capitals,
                loose=group_name == "government",
                club=group_name == "clubs",
            )
            trie.add(tuple(t.key for t in tokens), known)
    return trie


def _outlet_cues(data: dict) -> PhraseTrie:
    trie = PhraseTrie()
    for kind in ("media", "source"):
        for phrase in data.get(kind, []):
            trie.add(phrase_keys(str(phrase)), kind)
    return trie


def _keys_of_phrases(phrases: list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(phrase_keys(str(p)) for p in phrases)


@cache
def lexicon() -> Lexicon:
    """The lexicon, parsed and cached for the life of the process."""
    data = load_yaml("lexicon.yaml")
    english = data["english"]
    return Lexicon(
        surnames=frozenset(str(w) for w in data["surnames"]),
        honorifics=_trie(data["honorifics"]),
        titles=_trie(data["titles"]),
        org_heads=_org_heads(data["org_heads"]),
        org_inner_words=_keys(data["org_inner_words"]),
        function_words=_keys(data["function_words"]),
        not_after_head=_keys(data["org_heads"]["not_after_head"]),
        place_prefixes=_trie(data["place_prefixes"]),
        skip_prefixes=_trie(data["skip_prefixes"]),
        skip_prefix_words=frozenset(
            tuple(word_key(part) for part in str(w).split()) for w in data["skip_prefix_words"]
        ),
        vi_stop_words=frozenset(str(w) for w in data["vi_stop_words"]),
        never_in_names=frozenset(str(w) for w in data["never_in_names"]),
        given_names=frozenset(str(w) for w in load_yaml("given_names.json")["given_names"]),
        known_orgs=_known_orgs(load_yaml("orgs.yaml")),
        football_words=tuple(str(w).casefold() for w in data["football_words"]),
        person_verbs=_trie(data["person_verbs"]),
        outlet_cues=_outlet_cues(data["outlet_cues"]),
        lower_place_heads=_trie(data["lower_place_heads"]),
        business_words=_trie(data["business_words"]),
        compounds=frozenset(
            tuple(word_key(part) for part in str(w).split())
            for w in [*load_yaml("compounds.json")["compounds"], *data["extra_compounds"]]
        ),
        guarded_places=_keys_of_phrases_joined(data["guarded_places"]),
        en_honorifics=_trie(english["honorifics"]),
        en_org_suffixes=frozenset(str(w) for w in english["org_suffixes"]),
        en_org_acronyms=frozenset(str(w) for w in english["org_acronyms"]),
        en_stop_words=frozenset(str(w) for w in english["stop_words"]),
        en_place_suffixes=frozenset(str(w) for w in english["place_suffixes"]),
        en_role_words=frozenset(str(w) for w in english["role_words"]),
        en_title_modifiers=frozenset(str(w) for w in english["title_modifiers"]),
        en_reporting_verbs=frozenset(str(w) for w in english["reporting_verbs"]),
        en_org_cues_by=frozenset(str(w) for w in english["org_cues_by"]),
        en_org_cues_of=frozenset(str(w) for w in english["org_cues_of"]),
        en_only_org_suffixes=frozenset(str(w) for w in english["org_suffixes_en_only"]),
        en_lower_place_nouns=frozenset(str(w) for w in english["lower_place_nouns"]),
    )


def _keys_of_phrases_joined(phrases: list[str]) -> frozenset[str]:
    return frozenset(" ".join(phrase_keys(str(p))) for p in phrases)
