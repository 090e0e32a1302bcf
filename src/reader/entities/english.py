"""Rules for English text: capitalised sequences read with titles, suffixes and the gazetteer.

A run of capitalised words (with `of`, `for`, `and`, `the` allowed inside) is cut at those
connectors into segments; an organisation word that starts a segment (`Ministry`,
`University`) takes the following `of ...` segments with it. Each segment is then a place when
the gazetteer knows it (diacritics optional: `Can Tho`), an organisation when it ends in an
organisation word (`Committee`, `Bank`) or is a known acronym, a person after an honorific or
title (`Mr`, `Minister`) or when it starts with a Vietnamese family name or is two to four plain
capitalised words that are nothing else.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

from reader.entities.canonical import canonical_org, canonical_person, find_place
from reader.entities.gazetteer import gazetteer
from reader.entities.lexicon import lexicon
from reader.entities.mention import Mention
from reader.entities.tokens import Token, phrase_keys, tokenize
from reader.text.normalize import fold

_CONNECTORS = frozenset(("of", "for", "and", "the", "on", "de"))
_POSSESSIVE = ("'s", "’s")
MAX_PERSON_WORDS = 4


def bare(word: str) -> str:
    """A word without a possessive ending (`Laos's` -> `Laos`)."""
    for ending in _POSSESSIVE:
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


@cache
def folded_surnames() -> frozenset[str]:
    """Vietnamese family names as English text writes them: no diacritics (`Nguyen`)."""
    return frozenset(fold(s) for s in lexicon().surnames)


def capital_runs(tokens: list[Token]) -> list[list[str]]:
    """Runs of capitalised words, joined by lower-case connectors between capitals."""
    runs: list[list[str]] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].is_cap:
            i += 1
            continue
        run = [tokens[i].text]
        end = i + 1
        while end < len(tokens):
            token = tokens[end]
            nxt = tokens[end + 1] if end + 1 < len(tokens) else None
            joins = token.text in _CONNECTORS and nxt is not None and nxt.is_cap
            if (token.is_cap and not token.sentence_start) or joins:
                run.append(token.text)
            else:
                break
            end += 1
        runs.append(run)
        i = end
    return runs


def segments(run: list[str]) -> list[list[str]]:
    """Cut a run at its connectors; `Ministry` + `of Foreign Affairs` stay one segment."""
    suffixes = lexicon().en_org_suffixes
    parts: list[list[str]] = [[]]
    for word in run:
        if word in _CONNECTORS:
            current = parts[-1]
            if (
                word in ("of", "for", "and")
                and current
                and (current[0] in suffixes or current[-1] in suffixes)
            ):
                parts[-1].append(word)
                continue
            parts.append([])
        else:
            parts[-1].append(word)
    return [p for p in parts if p]


class EnglishReader:
    """Classifies the capitalised runs of one English text into mentions."""

    def __init__(self, base: int) -> None:
        self.base = base
        self.lex = lexicon()
        self.mentions: list[Mention] = []

    def emit(self, kind: str, name: str) -> None:
        if name:
            self.mentions.append(Mention(kind, name, self.base + len(self.mentions)))

    def place_name(self, words: list[str]) -> str | None:
        words = [bare(w) for w in words]
        if len(words) > 1 and words[-1] in self.lex.en_place_suffixes:
            words = words[:-1]
        text = " ".join(words)
        found = gazetteer().by_folded.get(fold(text)) or find_place(text, fuzzy=False)
        return found.name if found is not None else None

    def honorific_len(self, words: list[str]) -> int:
        return self.lex.en_honorifics.longest(phrase_keys(" ".join(words)), 0)[0]

    def classify(self, words: list[str]) -> None:
        while words and words[0] in self.lex.en_stop_words and not self.honorific_len(words):
            words = words[1:]
        if not words:
            return
        title = self.honorific_len(words)
        if title:
            rest = words[title:]
            if rest and self.place_name(rest) is None and not self.is_org(rest):
                self.person(rest, titled=True)
            elif rest:
                self.classify(rest)
            return
        place = self.place_name(words)
        if place is not None:
            self.emit("place", place)
            return
        committee = self.committee_of(words)
        if committee is not None:
            self.emit("org", committee)
            self.inner_places(words)
            return
        if self.is_org(words):
            self.emit("org", canonical_org(" ".join([*words[:-1], bare(words[-1])])))
            self.inner_places(words)
            return
        cut = self.org_then_person(words) or self.leading_place(words)
        if cut:
            self.classify(words[:cut])
            self.classify(words[cut:])
            return
        self.person(words, titled=False)

    def leading_place(self, words: list[str]) -> int:
        """How many first words name a place when the rest is something else
        (`Ho Chi Minh City` + `Phimpha Keomixay`); 0 when none do."""
        for cut in range(len(words) - 1, 0, -1):
            if self.place_name(words[:cut]) is not None:
                return cut
        return 0

    def org_then_person(self, words: list[str]) -> int:
        """Where an organisation ends and a Vietnamese name starts (`Committee Nguyen ...`)."""
        for i in range(1, len(words) - 1):
            if words[i - 1] in self.lex.en_org_suffixes and fold(words[i]) in folded_surnames():
                return i
        return 0

    def is_org(self, words: list[str]) -> bool:
        if len(words) == 1:
            return words[0] in self.lex.en_org_acronyms
        if self.is_org_word(bare(words[-1])):
            return True
        return any(
            self.is_org_word(word) and following in ("of", "for")
            for word, following in pairwise(words)
        )

    def is_org_word(self, word: str) -> bool:
        """An organisation word, singular or plural (`Union`, `Organisations`)."""
        suffixes = self.lex.en_org_suffixes
        return word in suffixes or (word.endswith("s") and word[:-1] in suffixes)

    def committee_of(self, words: list[str]) -> str | None:
        """`Can Tho City People's Committee` as the Vietnamese name it translates, `UBND TP
        Cần Thơ`, so both languages name one organisation."""
        if len(words) < 3 or [bare(w) for w in words[-2:]] != ["People", "Committee"]:
            return None
        found = gazetteer().by_folded.get(fold(" ".join(words[:-2])))
        if found is None:
            words_without_kind = [w for w in words[:-2] if w not in self.lex.en_place_suffixes]
            found = gazetteer().by_folded.get(fold(" ".join(words_without_kind)))
        if found is None or found.country not in (None, "Việt Nam"):
            return None
        if found.name.startswith("TP."):
            return f"UBND {found.name}"
        prefix = "TP" if found.kind in ("vn_city", "city") else "tỉnh"
        return f"UBND {prefix} {found.name}"

    def person(self, words: list[str], *, titled: bool) -> None:
        plain = all(w.isalpha() and not w.isupper() for w in words)
        known = fold(words[0]) in folded_surnames() and len(words) > 1
        if not plain or len(words) > MAX_PERSON_WORDS:
            return
        if any(w in self.lex.en_stop_words for w in words):
            return
        if titled or known or len(words) >= 2:
            self.emit("person", canonical_person(" ".join(words)))

    def inner_places(self, words: list[str]) -> None:
        for i in range(len(words)):
            for j in range(min(len(words), i + 4), i, -1):
                place = self.place_name(words[i:j])
                if place is not None:
                    self.emit("place", place)
                    break

    def read(self, tokens: list[Token]) -> list[Mention]:
        for run in capital_runs(tokens):
            for segment in segments(run):
                self.classify(segment)
        return self.mentions


def english_mentions(text: str, base: int = 0) -> list[Mention]:
    """The mentions in one piece of English text; `base` offsets their order."""
    return EnglishReader(base).read(tokenize(text))
