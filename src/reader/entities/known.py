"""Names the archive already knows, to resolve new mentions against them.

Given the canonical names found so far (across the archive), a new mention is written the way
the archive writes it when that is safe:

- places and organisations: the same name up to case and tone placement, or a near spelling
  of a long foreign name (edit distance 1 from 8 letters, 2 from 12; ties resolve to nothing;
  Vietnamese names a letter apart are different places: `Bình Thuận`, `Ninh Thuận`);
- people: never by spelling distance. Only a name written without any diacritics, as English
  articles write Vietnamese names (`Nguyen Thuc Hien`), takes the one known name that folds to
  exactly it (`Nguyễn Thực Hiện`); when two known people fold alike, it stays as written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from reader.entities.canonical import tidy
from reader.entities.fuzzy import allowed_distance, closest
from reader.entities.lexicon import lexicon
from reader.entities.syllable import is_vietnamese_syllable
from reader.model.article import ENTITY_KINDS, Entities
from reader.text.normalize import fold

# The largest spelling distance `fuzzy.allowed_distance` allows.
MAX_REACH = 2


# A company's legal form written out, folded: compared as its abbreviation.
_LEGAL_FORMS = ((" co phan ", " cp "), (" trach nhiem huu han ", " tnhh "))


@lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """The folded form names are compared in: case, diacritics, hyphens and dots aside
    (`Kim Jong-un` and `Kim Jong Un` are one name, `V.League` and `V-League`), a company's
    legal form abbreviated (`Công ty cổ phần X` and `Công ty CP X` are one name)."""
    spaced = fold(name).replace("-", " ").replace("–", " ").replace(".", " ")
    key = f" {' '.join(spaced.split())} "
    for long, short in _LEGAL_FORMS:
        key = key.replace(long, short)
    return key.strip()


key_of = _key


@lru_cache(maxsize=1 << 16)
def _acronyms(name: str) -> tuple[str, ...]:
    """The words of `name` written in capitals (`HĐND`, `TP`), folded. Remembered: the
    same known names are compared with each new name of their length."""
    return tuple(fold(w) for w in name.replace("-", " ").split() if len(w) > 1 and w.isupper())


def _unhyphenated(name: str) -> str:
    """A name as written, case and hyphens aside (diacritics kept)."""
    return " ".join(tidy(name).casefold().replace("-", " ").replace("–", " ").split())


def _shape(key: str) -> tuple[int, int]:
    """(words, characters) of a folded key."""
    return len(key.split()), len(key)


@dataclass(slots=True)
class KnownNames:
    """Canonical names by kind, indexed by their folded form."""

    by_kind: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: {kind: {} for kind in ENTITY_KINDS}
    )
    by_shape: dict[str, dict[tuple[int, int], list[str]]] = field(
        default_factory=lambda: {kind: {} for kind in ENTITY_KINDS}
    )
    """Folded keys by (words, letters): a near spelling is only looked for among names of
    the same number of words and a length within the allowed distance, so resolving stays
    cheap when an import starts from a large archive's names."""
    tails: dict[str, set[str]] = field(default_factory=dict)
    """Folded person keys by their last word and last two words (`trump` -> `donald trump`,
    `huu thang` -> `nguyen huu thang`): a short form finds its full name without a scan."""
    resolved: dict[tuple[str, str | tuple[int, int]], dict[str, str]] = field(default_factory=dict)
    """Answers of `resolve` by (kind, folded key) for names compared by key only, else by
    (kind, shape): an import resolves the same names over and over. An answer depends only on
    known names of the same key, or of a shape within MAX_REACH letters, so adding a name
    forgets just those answers."""

    @classmethod
    def of(cls, entities: Iterable[Entities]) -> KnownNames:
        """The names in `entities` (for example every article's front matter)."""
        known = cls()
        for found in entities:
            for kind in ENTITY_KINDS:
                for name in found.of_kind(kind):
                    known.add(kind, name)
        return known

    @classmethod
    def of_folded(cls, folded: Mapping[str, Iterable[tuple[str, str]]]) -> KnownNames:
        """The names of a catalogue already indexed by folded name (`folded name -> [(kind,
        name), ...]`, as the index facets keep it): no name is folded again."""
        known = cls()
        for key, entries in folded.items():
            for kind, name in entries:
                known._add(kind, key, name)
        return known

    def to_json(self) -> str:
        """The names by kind and folded key, for `from_json` (a cache beside the index)."""
        return json.dumps(self.by_kind, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> KnownNames:
        """Names written by `to_json` (raises ValueError on anything else)."""
        data = json.loads(text)
        if not isinstance(data, dict) or set(data) != set(ENTITY_KINDS):
            raise ValueError("not a known-names record")
        known = cls()
        for kind, keys in data.items():
            if not isinstance(keys, dict) or not all(isinstance(v, list) for v in keys.values()):
                raise ValueError("not a known-names record")
            known.by_kind[kind] = keys
            shapes = known.by_shape[kind]
            for key in keys:
                shapes.setdefault(_shape(key), []).append(key)
                if kind == "person":
                    known._add_tails(key)
        return known

    def _add_tails(self, key: str) -> None:
        words = key.split()
        for size in (1, 2):
            if len(words) > size:
                self.tails.setdefault(" ".join(words[-size:]), set()).add(key)

    def add(self, kind: str, name: str) -> None:
        self._add(kind, _key(name), name)

    def _add(self, kind: str, key: str, name: str) -> None:
        names = self.by_kind[kind].get(key)
        if names is None:
            names = self.by_kind[kind][key] = []
            self.by_shape[kind].setdefault(_shape(key), []).append(key)
            if kind == "person":
                self._add_tails(key)
        if name not in names:
            names.append(name)
            if self.resolved:
                self.resolved.pop((kind, key), None)
                words, letters = _shape(key)
                for length in range(letters - MAX_REACH, letters + MAX_REACH + 1):
                    self.resolved.pop((kind, (words, length)), None)

    def _near_candidates(self, kind: str, name: str) -> list[str]:
        """Known names with one spelling that could be within the allowed distance of `name`."""
        index = self.by_kind[kind]
        words, letters = _shape(_key(name))
        reach = allowed_distance(name)
        out = []
        for length in range(letters - reach, letters + reach + 1):
            for key in self.by_shape[kind].get((words, length), ()):
                spellings = index[key]
                if len(spellings) == 1:
                    out.append(spellings[0])
        return out

    def resolve(self, kind: str, name: str) -> str:
        """`name` as the archive already writes it, or unchanged."""
        key = _key(name)
        if kind == "person" or not allowed_distance(name):
            # No near spelling is looked for: only the names of the same key matter.
            region: str | tuple[int, int] = key
        else:
            region = _shape(key)
        answers = self.resolved.setdefault((kind, region), {})
        answer = answers.get(name)
        if answer is None:
            answer = answers[name] = self._resolve(kind, name)
        return answer

    def _resolve(self, kind: str, name: str) -> str:
        index = self.by_kind[kind]
        same = index.get(_key(name), [])
        if kind == "person":
            plain = fold(name) == name.lower()
            if plain and len(same) == 1:
                return same[0]
            if len(same) == 1 and _unhyphenated(same[0]) == _unhyphenated(name):
                return same[0]  # `Kim Jong-un` where the archive writes `Kim Jong Un`
            return self._full_form(name) or name
        exact = [n for n in same if tidy(n).casefold() == tidy(name).casefold()]
        if exact:
            return exact[0]
        if len(same) == 1:
            return same[0]
        if all(is_vietnamese_syllable(w) for w in name.replace("-", " ").split()):
            # Vietnamese names one letter apart are other places and bodies (`Bình Thuận`
            # is not `Ninh Thuận`): a near spelling is looked for in foreign names only.
            return name
        # Acronyms are whole names of their own: `HĐND TP Cần Thơ` is not `UBND TP Cần Thơ`.
        marks = _acronyms(name)
        near = closest(
            name, [n for n in self._near_candidates(kind, name) if _acronyms(n) == marks]
        )
        return near if near is not None else name

    def _full_form(self, name: str) -> str | None:
        """The archive's one full name of which `name` is the short form, or None: a foreign
        surname alone (`Trump` -> `Donald Trump`), or a Vietnamese given name of two
        syllables without the family name (`Hữu Thắng` -> `Nguyễn Hữu Thắng`). None when no
        name, or more than one, ends that way."""
        words = name.split()
        if len(words) == 1:
            if is_vietnamese_syllable(name):
                return None  # `Hiện` alone: too ambiguous
        else:
            family = words[0] in lexicon().surnames
            if len(words) != 2 or family or not all(is_vietnamese_syllable(w) for w in words):
                return None
        keys = self.tails.get(_key(name), ())
        if len(keys) != 1:
            return None
        (key,) = keys
        return self.by_kind["person"][key][0]

    def apply(self, entities: Entities) -> Entities:
        """Every name of `entities` resolved, duplicates removed, order kept."""
        resolved = {
            kind: tuple(dict.fromkeys(self.resolve(kind, n) for n in entities.of_kind(kind)))
            for kind in ENTITY_KINDS
        }
        return Entities(**resolved)
