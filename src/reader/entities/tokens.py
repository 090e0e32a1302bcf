"""Word and punctuation tokens for the entity rules, with case and sentence-start flags."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from reader.entities.syllable import is_vietnamese_syllable
from reader.text.normalize import canonical_tones, nfc

# A word is letters and digits, possibly joined by dots or apostrophes (TP.HCM, O'Neill); any
# other mark but a space is a token of its own; a line break is matched to start a sentence.
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’.&][^\W_]+)*|[^\w\s]|\n", re.UNICODE)
_SENTENCE_END = frozenset('.!?…:;"“”')


class Token(NamedTuple):
    """One token: its text, a lookup key, and what the rules ask about its shape.

    A named tuple: an article makes thousands, and a frozen dataclass took three times as
    long to build each one.
    """

    text: str
    key: str
    start: int
    end: int
    is_word: bool
    is_cap: bool
    sentence_start: bool

    @property
    def is_acronym(self) -> bool:
        """All capitals and at least two letters (UBND, MTTQ, CHDCND, III)."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


_KEYS: dict[str, str] = {}
KEYS_KEPT = 1 << 17


def word_key(word: str) -> str:
    """The lookup form of one word: NFC, tone marks on the first vowel, case-folded.

    Kept in a table: the same few thousand words make up most of every article.
    """
    key = _KEYS.get(word)
    if key is None:
        key = canonical_tones(nfc(word)).casefold()
        if len(_KEYS) < KEYS_KEPT:
            _KEYS[word] = key
    return key


# Administrative abbreviations written against the name (`Q.Gò Vấp`, `P.Tân Định`, `TX.Dĩ An`).
_GLUED_PREFIXES = frozenset(("Q", "P", "TX", "KP", "TT", "H", "TP", "Tp"))


def glued_parts(word: str) -> list[tuple[int, int]] | None:
    """Where a word is several words glued by a lost space or line break, their spans in it.

    Scraped pages lose the break between a caption and the next line (`Thanh OaiHình 2`,
    `Cuba.Hình`): a lower-case letter then a capital, or a full stop after a lower-case word,
    with a Vietnamese syllable on both sides. An administrative abbreviation and its dot come
    apart from the name (`Q.Gò` is `Q`, `.`, `Gò`). `iPhone`, `YouTube`, `TP.HCM` and `VOV.VN`
    stay whole.
    """
    for at in range(1, len(word) - 1):
        left, right = word[:at], word[at:]
        if right[0] == "." and left in _GLUED_PREFIXES and right[1:].isdigit():
            return [(0, at), (at, at + 1), (at + 1, len(word))]  # `Q.1`, `P.12`
        if right[0] == "." and len(right) > 2 and right[1].isupper() and right[2:].isalpha():
            if not right[2:].islower() or not right[1:].isalpha():
                continue
            if left in _GLUED_PREFIXES:
                return [(0, at), (at, at + 1), (at + 1, len(word))]
            if len(left) > 2 and left[-1].islower() and left.isalpha():
                return [(0, at), (at + 1, len(word))]
            continue
        camel = left[-1].islower() and left.isalpha() and is_vietnamese_syllable(left)
        after_number = left[-1].isdigit() and right[1:].islower() and len(right) > 2
        if (
            (camel or after_number)
            and right[0].isupper()
            and right.isalpha()
            and is_vietnamese_syllable(right)
        ):
            return [(0, at), (at, len(word))]  # `Thanh OaiHình`, `T78Hình 2`
    return None


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; a line break or sentence mark starts a new sentence."""
    tokens: list[Token] = []
    append = tokens.append
    make = tuple.__new__  # Token(...) less its keyword handling: thousands per article
    keys = _KEYS  # word_key's own table, read without a call
    find = text.find
    sentence_start = True
    at = 0  # where the next token is looked for: between tokens are only spaces and `_`
    # `findall` and `find` make no match object per token (a tenth of the time).
    for word in _TOKEN_RE.findall(text):
        first = word[0]
        if first == "\n":  # matched only to mark where a sentence starts
            sentence_start = True
            at += 1
            continue
        start = find(word, at)
        end = at = start + len(word)
        if first.isalnum():
            if not first.islower() and (word[1:] != word[1:].lower() or "." in word):
                parts = glued_parts(word)
                if parts is not None:
                    for number, (a, b) in enumerate(parts):
                        piece = word[a:b]
                        is_word = piece[0].isalnum()
                        # A lost line break starts a sentence; an abbreviation's name does not.
                        starts = sentence_start if number == 0 else len(parts) == 2
                        cap = is_word and piece[0].isupper()
                        key = word_key(piece) if is_word else piece
                        fields = (piece, key, start + a, start + b, is_word, cap, starts)
                        append(make(Token, fields))
                    sentence_start = False
                    continue
            key = keys.get(word) or word_key(word)
            append(make(Token, (word, key, start, end, True, first.isupper(), sentence_start)))
            sentence_start = False
        else:
            append(make(Token, (word, word, start, end, False, False, sentence_start)))
            if word in _SENTENCE_END:
                sentence_start = True
    return tokens


@lru_cache(maxsize=1 << 16)
def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The token keys of a phrase (a name, a data file's phrase), for trie look-ups.
    Cached: an article's names are keyed over and over while its entities are resolved."""
    return tuple(t.key for t in tokenize(phrase))


def join_tokens(tokens: list[Token]) -> str:
    """Write tokens back as text: one space where the source had any, none where it had none
    (`Dong-bae`, `TP.`), and none inside brackets or before marks."""
    out: list[str] = []
    previous: Token | None = None
    for token in tokens:
        if (
            previous is not None
            and token.start != previous.end
            and not (token.text in ".,;:)]" or previous.text in "([")
        ):
            out.append(" ")
        out.append(token.text)
        previous = token
    return "".join(out)
