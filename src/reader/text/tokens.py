"""Vietnamese-aware tokens for indexing and querying.

A Vietnamese word is one to four syllables separated by spaces, so the unit here is the
syllable: a run of Unicode letters and digits. Every syllable is kept, one-letter ones (`ý`,
`ở`) included, and no stop words are removed (`năm 2022` must stay searchable). Each syllable
comes in two forms:

- exact: NFC, lower case, tone mark in one canonical place (`hoà` and `hòa` are one spelling);
- folded: lower case without any diacritic, `đ`/`Đ`/`ð`/`Ð` as `d` (`Đà Nẵng` -> `da nang`).

Adjacent syllables inside one clause also give folded bigrams (`huu_nghi`), the signal that lets
an article where `hữu nghị` stands as a word outrank one where the syllables merely both occur.
English text additionally gets stemmed tokens.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache

from reader.text.normalize import canonical_tones, fold, has_diacritics, nfc

# A syllable: letters and digits, never the underscore (which joins bigram halves).
WORD_RE = re.compile(r"[^\W_]+")
# Punctuation that ends a clause: no bigram spans it. A full stop, comma, colon or slash
# between two letters or digits is inside a word (`TP.HCM`, `5/9/2016`, `3500/QĐ-UBND`,
# `T/h`, `10:30`): its syllables stay neighbours, as the query reads them. (Each alternative
# starts with the characters it matches, so that most positions fail at once: with a
# look-behind tried first at every position, the split took 40% longer.)
_CLAUSE_BREAK_RE = re.compile(
    r"[;!?()\[\]{}\"“”«»…|\\\n]+|(?:[.,:/]+(?![^\W_])|[.,:/](?<![^\W_][.,:/])[.,:/]*)+"
)
BIGRAM_JOINER = "_"


@lru_cache(maxsize=200_000)
def exact_form(word: str) -> str:
    """The exact index form of one syllable: NFC, lower case, canonical tone placement."""
    return canonical_tones(nfc(word).lower())


@lru_cache(maxsize=200_000)
def folded_form(word: str) -> str:
    """The folded index form of one syllable: lower case, no diacritics, `đ` as `d`."""
    return fold(word)


def is_folded(word: str) -> bool:
    """True when `word` carries no diacritic (so it should match with or without them)."""
    return not has_diacritics(nfc(word))


# What a letter can become in Vietnamese spelling (besides a tone mark on a vowel).
_SPELLINGS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}
_VOWELS = frozenset("aăâeêioôơuưy")
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_MAX_SPELLINGS = 400


@lru_cache(maxsize=20_000)
def accented_forms(folded: str) -> tuple[str, ...]:
    """Every exact form (`exact_form`) that folds to `folded`, whether or not any text uses
    it: `tho` -> `tho`, `thò`, ..., `thơ`, `thở`, `thợ`, .... Empty for a word that is not
    plain lower-case Latin letters, or would have too many (a long foreign word)."""
    if not folded.isascii() or not folded.isalpha() or not folded.islower():
        return ()
    choices = [_SPELLINGS.get(char, char) for char in folded]
    vowels = sum(char in _VOWELS for char in folded)
    if math.prod(map(len, choices)) * (1 + (len(_TONES) - 1) * vowels) > _MAX_SPELLINGS:
        return ()
    bases = ["".join(letters) for letters in itertools.product(*choices)]
    forms: dict[str, None] = {}
    for base in bases:
        forms[base] = None
        for at, char in enumerate(base):
            if char in _VOWELS:
                for tone in _TONES[1:]:
                    forms[exact_form(base[: at + 1] + tone + base[at + 1 :])] = None
    return tuple(forms)


def syllables(text: str) -> list[str]:
    """The syllables of `text` as typed (NFC, original case), in order."""
    return WORD_RE.findall(nfc(text))


def exact_tokens(text: str) -> list[str]:
    """Exact forms of every syllable of `text`."""
    return [exact_form(word) for word in WORD_RE.findall(nfc(text).lower())]


def folded_tokens(text: str) -> list[str]:
    """Folded forms of every syllable of `text`."""
    return WORD_RE.findall(fold(text))


def folded_bigrams(text: str) -> list[str]:
    """Folded syllable pairs that stand next to each other within one clause: `huu_nghi`."""
    pairs: list[str] = []
    for clause in _CLAUSE_BREAK_RE.split(fold(text)):
        words = WORD_RE.findall(clause)
        pairs.extend(f"{a}{BIGRAM_JOINER}{b}" for a, b in itertools.pairwise(words))
    return pairs


def bigram(first: str, second: str) -> str:
    """The bigram term for two syllables (folded)."""
    return f"{folded_form(first)}{BIGRAM_JOINER}{folded_form(second)}"


@lru_cache(maxsize=100_000)
def english_stem(word: str) -> str:
    """The Porter2 stem of one lower-cased English word (`elections` -> `elect`)."""
    from whoosh.lang.porter2 import stem  # the stemmer is a plain algorithm, no index code

    return stem(word.lower())


def english_tokens(text: str) -> list[str]:
    """Stemmed lower-case English tokens of `text`."""
    return [english_stem(word) for word in WORD_RE.findall(nfc(text).lower())]
