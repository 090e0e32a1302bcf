"""Rules for English text: capitalised sequences read with titles, suffixes and the gazetteer.

A run of capitalised words (with `of`, `for`, `and`, `the` allowed inside) is cut at those
connectors into segments; an organisation word that starts a segment (`Ministry`,
`University`) takes the following `of ...` segments with it. Each segment is then a place when
the gazetteer knows it (diacritics optional: `Can Tho`), an organisation when it ends in an
organisation word (`Committee`, `Bank`) or is a known acronym, a person after an honorific or
title (`Mr`, `Minister`, `Associate Professor`, `Midfielder`) or when the text gives other
evidence: a Vietnamese family name or a known first name first, a reporting verb after it (`Jane
Roe said`) or an apposition that says what the person is (`Jane Roe, a rice scientist at ...`).
Two to four plain capitalised words with no such evidence are a candidate, a person only where the
article names them so elsewhere (see `reader.entities.extract.confirmed_candidates`); after a cue
(`funded by X`, `chairman of X`) they are an organisation. Capitalised words joined by a hyphen
stay one word (`Kyushu Japan-Vietnam Exchange Association`) and come apart into places where
they are nothing else (`Vietnam-Laos`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from reader.entities.canonical import canonical_org, canonical_person, find_place
from reader.entities.gazetteer import gazetteer
from reader.entities.lexicon import lexicon
from reader.entities.mention import CANDIDATE, Mention
from reader.entities.tokens import Token, phrase_keys, tokenize
from reader.text.normalize import fold

_CONNECTORS = frozenset(("of", "for", "and", "the", "on", "de"))
_POSSESSIVE = ("'s", "’s")
_ARTICLES = frozenset(("the", "a", "an"))
# Lower-case words that end an apposition's description of a person (`a scientist at X`).
_APPOSITION_STOPS = frozenset(
    ("of", "at", "in", "for", "whose", "which", "that", "with", "from", "on", "to", "and")
)
_SENTENCE_MARKS = frozenset('.!?;:"“”()')
MAX_PERSON_WORDS = 4
MAX_APPOSITION = 12


class Run(NamedTuple):
    """A run of capitalised words and where it lies in the tokens (`end` exclusive)."""

    words: list[str]
    start: int
    end: int


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


def _hyphen_joins(tokens: list[Token], at: int) -> bool:
    """Whether the token at `at` is a hyphen written tight between two capitalised words."""
    if at + 1 >= len(tokens) or tokens[at].text != "-":
        return False
    before, after = tokens[at - 1], tokens[at + 1]
    return after.is_cap and before.end == tokens[at].start and tokens[at].end == after.start


def capital_runs(tokens: list[Token]) -> list[Run]:
    """Runs of capitalised words, joined by lower-case connectors between capitals; capitals
    joined by a hyphen are one word (`Japan-Vietnam`)."""
    runs: list[Run] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].is_cap:
            i += 1
            continue
        run = [tokens[i].text]
        end = i + 1
        while end < len(tokens):
            token = tokens[end]
            if _hyphen_joins(tokens, end):
                run[-1] = f"{run[-1]}-{tokens[end + 1].text}"
                end += 2
                continue
            nxt = tokens[end + 1] if end + 1 < len(tokens) else None
            joins = token.text in _CONNECTORS and nxt is not None and nxt.is_cap
            if (token.is_cap and not token.sentence_start) or joins:
                run.append(token.text)
            else:
                break
            end += 1
        runs.append(Run(run, i, end))
        i = end
    return runs


def segments(run: list[str], and_joins: Callable[[list[str], list[str]], bool]) -> list[list[str]]:
    """Cut a run at its connectors; `Ministry` + `of Foreign Affairs` stay one segment, and so
    do the two sides of an `and` that `and_joins` says name one thing (`Department of Industry
    and Trade`, `Exhibition and Fair Centre`; not `Ministry of Health and Vietnam Airlines`)."""
    suffixes = lexicon().en_org_suffixes
    parts: list[list[str]] = [[]]
    for at, word in enumerate(run):
        if word in _CONNECTORS:
            current = parts[-1]
            if (
                word in ("of", "for")
                and current
                and (current[0] in suffixes or current[-1] in suffixes)
            ):
                parts[-1].append(word)
                continue
            if word == "and" and current and and_joins(current, _next_part(run, at + 1)):
                parts[-1].append(word)
                continue
            parts.append([])
        else:
            parts[-1].append(word)
    return [p for p in parts if p]


def _next_part(run: list[str], start: int) -> list[str]:
    """The words of `run` from `start` to its next connector."""
    part: list[str] = []
    for word in run[start:]:
        if word in _CONNECTORS:
            break
        part.append(word)
    return part


class EnglishReader:
    """Classifies the capitalised runs of one English text into mentions."""

    def __init__(self, base: int) -> None:
        self.base = base
        self.lex = lexicon()
        self.mentions: list[Mention] = []
        # What the text around the segment being read says about it (see `read`).
        self.org_cue = False
        self.person_cue = False
        self.place_cue = False

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
        """How many first words are a title (`Mr`, `Associate Professor`, `Midfielder`)."""
        title = self.lex.en_honorifics.longest(phrase_keys(" ".join(words)), 0)[0]
        if title:
            return int(title)
        modifiers = 0
        while modifiers < len(words) - 1 and words[modifiers] in self.lex.en_title_modifiers:
            modifiers += 1
        rest = words[modifiers:]
        if modifiers:
            title = self.lex.en_honorifics.longest(phrase_keys(" ".join(rest)), 0)[0]
            if title:
                return modifiers + int(title)
        if (
            len(rest) > 1
            and rest[0][0].isupper()
            and rest[0].casefold() in self.lex.en_role_words
            and self.place_name(words) is None
            and not self.is_org(words)
        ):
            return modifiers + 1
        return 0

    def named(self, words: list[str]) -> bool:
        """Whether the words start like a person's name: a Vietnamese family name or a known
        first name, and a second word."""
        first = words[0].split("-")[0]
        return len(words) > 1 and (
            fold(first) in folded_surnames() or first in self.lex.given_names
        )

    def classify(self, words: list[str]) -> None:
        if self.place_cue and words and self.place_name(words) is None:
            self.lower_place(words)
            return
        while (
            words
            and words[0] in self.lex.en_stop_words
            and "-" not in words[0]  # `Vietnam-Laos`: places, cut below
            and not self.honorific_len(words)
            and self.place_name(words) is None
        ):
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
        hyphen = self.hyphen_places(words)
        if hyphen is not None:
            for part in hyphen:
                self.classify(part)
            return
        cut = self.org_then_person(words) or self.leading_place(words) or self.trailing_place(words)
        if cut:
            self.classify(words[:cut])
            self.classify(words[cut:])
            return
        if self.org_cue and not self.named(words) and self.plain(words):
            self.emit("org", canonical_org(" ".join([*words[:-1], bare(words[-1])])))
            return
        self.person(words, titled=False)

    def lower_place(self, words: list[str]) -> None:
        """A name before a lower-case place word (`My Khe beach`): a place, as written where
        the gazetteer does not know it."""
        if words[0] in _ARTICLES or words[0].casefold() in _ARTICLES:
            words = words[1:]
        if words and self.plain(words) and len(words) <= MAX_PERSON_WORDS:
            self.emit("place", self.place_name(words) or " ".join(bare(w) for w in words))

    def hyphen_places(self, words: list[str]) -> list[list[str]] | None:
        """The words with a hyphenated word cut into its parts where a part is a place or no
        name (`Kyushu Japan-Vietnam`, `Vietnam-Laos`); None when no word is cut."""
        for at, word in enumerate(words):
            parts = word.split("-")
            if len(parts) > 1 and any(
                self.place_name([p]) is not None or p in self.lex.en_stop_words for p in parts
            ):
                pieces = [words[:at], *([p] for p in parts), words[at + 1 :]]
                return [p for p in pieces if p]
        return None

    def leading_place(self, words: list[str]) -> int:
        """How many first words name a place when the rest is something else
        (`Ho Chi Minh City` + `Phimpha Keomixay`); 0 when none do."""
        for cut in range(len(words) - 1, 0, -1):
            if self.place_name(words[:cut]) is not None:
                return cut
        return 0

    def trailing_place(self, words: list[str]) -> int:
        """Where a place ends the words when they do not start like a person's name (`Kyushu
        Japan`: two places, no person); 0 when no place does."""
        if self.named(words):
            return 0
        for cut in range(1, len(words)):
            if self.place_name(words[cut:]) is not None:
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
        """An organisation word, singular or plural (`Union`, `Organisations`), or a named
        fund's (`Scholarship`)."""
        suffixes = self.lex.en_org_suffixes
        return (
            word in suffixes
            or (word.endswith("s") and word[:-1] in suffixes)
            or word in self.lex.en_only_org_suffixes
        )

    def and_joins(self, left: list[str], right: list[str]) -> bool:
        """Whether `left and right` name one organisation: an organisation `of` two things
        (`Department of Industry and Trade`), or two words of one name before its organisation
        word (`Can Tho Exhibition and Fair Centre`)."""
        if not right or self.named(right) or self.honorific_len(right):
            return False
        if self.place_name(right) is not None or self.place_name(right[:1]) is not None:
            return False
        has_org_word = any(self.is_org_word(w) for w in left)
        if has_org_word:
            of_after = "of" in left[[self.is_org_word(w) for w in left].index(True) :]
            return (
                (of_after or self.is_org_word(left[0]))
                and len(right) <= 3
                and not any(self.is_org_word(w) for w in right)
            )
        return (
            len(right) <= 2
            and self.is_org_word(right[-1])
            and len(left) <= MAX_PERSON_WORDS
            and self.place_name(left) is None
            and not self.named(left)
            and not self.honorific_len(left)
            and left[0] not in self.lex.en_stop_words
        )

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

    @staticmethod
    def plain(words: list[str]) -> bool:
        """Words of letters (a hyphen inside allowed), none all capitals."""
        return all(w.replace("-", "").isalpha() and not w.isupper() for w in words)

    def person(self, words: list[str], *, titled: bool) -> None:
        if not self.plain(words) or len(words) > MAX_PERSON_WORDS:
            return
        if any(w in self.lex.en_stop_words for w in words):
            return
        if titled or (len(words) > 1 and (self.named(words) or self.person_cue)):
            self.emit("person", canonical_person(" ".join(words)))
        elif len(words) > 1:
            self.emit(CANDIDATE, canonical_person(" ".join(words)))

    def inner_places(self, words: list[str]) -> None:
        words = [part for word in words for part in word.split("-")]
        for i in range(len(words)):
            for j in range(min(len(words), i + 4), i, -1):
                place = self.place_name(words[i:j])
                if place is not None:
                    self.emit("place", place)
                    break

    def read(self, tokens: list[Token]) -> list[Mention]:
        for run in capital_runs(tokens):
            parts = segments(run.words, self.and_joins)
            for number, segment in enumerate(parts):
                first, last = number == 0, number == len(parts) - 1
                self.org_cue = (
                    org_cue_before(tokens, run.start)
                    if first
                    else parts[number - 1][-1].casefold() in self.lex.en_org_cues_of
                )
                self.person_cue = last and person_cue_after(tokens, run.end)
                self.place_cue = last and place_cue_after(tokens, run.end)
                self.classify(segment)
        return self.mentions


def _word(tokens: list[Token], at: int) -> str:
    """The lower-case word at `at`, or "" for a mark or outside the tokens."""
    if 0 <= at < len(tokens) and tokens[at].is_word:
        return tokens[at].text.casefold()
    return ""


def org_cue_before(tokens: list[Token], start: int) -> bool:
    """Whether the words before a name make it an organisation (`funded by`, `chairman of
    the`)."""
    lex = lexicon()
    at = start - 1
    while _word(tokens, at) in _ARTICLES and _word(tokens, at):
        at -= 1
    cue, before = _word(tokens, at), _word(tokens, at - 1)
    return (cue == "by" and before in lex.en_org_cues_by) or (
        cue in ("of", "at") and before in lex.en_org_cues_of
    )


def person_cue_after(tokens: list[Token], end: int) -> bool:
    """Whether the words after a name say it is a person: a reporting verb (`said`), or an
    apposition that starts with `who` or an age or says what the person is before any
    preposition (`, a rice scientist at`, `, director of`), or is followed by one."""
    lex = lexicon()
    if _word(tokens, end) in lex.en_reporting_verbs:
        return True
    if end >= len(tokens) or tokens[end].text != ",":
        return False
    first = _word(tokens, end + 1)
    if first == "who" or first in lex.en_reporting_verbs or first.isdigit():
        return True
    for at in range(end + 1, min(len(tokens), end + 1 + MAX_APPOSITION)):
        word = _word(tokens, at)
        if tokens[at].text == ",":
            return _word(tokens, at + 1) in lex.en_reporting_verbs
        if tokens[at].text in _SENTENCE_MARKS or word in _APPOSITION_STOPS:
            return False
        if word in lex.en_role_words:
            return True
    return False


def place_cue_after(tokens: list[Token], end: int) -> bool:
    """Whether a lower-case place word follows a name (`My Khe beach`)."""
    return end < len(tokens) and tokens[end].text in lexicon().en_lower_place_nouns


def english_mentions(text: str, base: int = 0) -> list[Mention]:
    """The mentions in one piece of English text; `base` offsets their order."""
    return EnglishReader(base).read(tokenize(text))
