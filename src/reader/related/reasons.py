"""A related article's reason, said in whole words of the article.

The key phrases two articles share are found as runs of folded syllables (`dục đào`); a
phrase of two syllables can be the end of one word and the start of the next (`giáo dục ·
đào tạo`). Said as it is, it reads as nonsense. Here each phrase is looked up in the
article: when every time it occurs there it stands inside the same longer run of syllables
(`giáo dục đào tạo`), that run is what is said, as the article most often writes it. The
ranking is the engine's; this only changes the words (`finder.find_related` applies it, so
the TUI, the CLI and JSON say the same).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from reader.text.normalize import fold

SIMILAR_TEXT = "similar text: "
"""How the engine starts a reason of shared key phrases."""
MAX_WORDS = 8
"""Syllables a phrase may grow to (a whole name: `Tổng Lãnh sự Campuchia tại Cần Thơ`)."""
CONNECTORS = frozenset(
    "và là của với cho các những được trong từ tại đã sẽ có này đó thì mà khi để về".split()
)
"""Vietnamese function words that end no word: a phrase does not grow to end on one."""
_SYLLABLE = re.compile(r"[^\W_]+")
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»…|/\\\n]")


class ArticleWords:
    """An article's clauses, read for the phrases of its reasons: made once per article, then
    asked about each phrase. A clause is split into syllables (written and folded) only when
    its folded text holds the first syllable of a phrase asked about."""

    def __init__(self, text: str) -> None:
        self._texts = _BREAK.split(text)
        self._folded = [fold(clause) for clause in self._texts]
        self._syllables: dict[int, tuple[list[str], list[str]]] = {}
        self._said: dict[str, str | None] = {}

    def _clause(self, n: int) -> tuple[list[str], list[str]]:
        """Clause `n` as its syllables, written and folded."""
        found = self._syllables.get(n)
        if found is None:
            words = _SYLLABLE.findall(self._texts[n])
            keys = _SYLLABLE.findall(self._folded[n])
            if len(keys) != len(words):  # a mark between letters, dropped by folding
                keys = [fold(w) for w in words]
            found = self._syllables[n] = (words, keys)
        return found

    def _places(self, wanted: list[str]) -> list[tuple[int, int]]:
        """(clause, syllable) where each occurrence of the folded syllables `wanted` starts."""
        first, size = wanted[0], len(wanted)
        places = []
        for n, folded in enumerate(self._folded):
            if first not in folded:
                continue
            keys = self._clause(n)[1]
            places += [(n, i) for i, key in enumerate(keys) if key == first]
        return [(n, i) for n, i in places if self._clause(n)[1][i : i + size] == wanted]

    def whole_phrase(self, phrase: str) -> str | None:
        """`phrase` grown to the longest run of syllables that surrounds it every time it
        occurs (to MAX_WORDS syllables at most), as most often written there (`giáo dục đào
        tạo`, not the `Giáo dục đào tạo` of one `Sở Giáo dục đào tạo`; first written on a
        tie); None when it does not occur."""
        if phrase not in self._said:
            self._said[phrase] = self._whole_phrase(phrase)
        return self._said[phrase]

    def _whole_phrase(self, phrase: str) -> str | None:
        wanted = [fold(s) for s in _SYLLABLE.findall(phrase)]
        if not wanted:
            return None
        size = len(wanted)
        places = self._places(wanted)
        if not places:
            return None
        clause = self._clause

        def grown(side: int, room: int) -> int:
            """How far every occurrence agrees on the syllables on one side (-1 left, 1
            right), up to `room` syllables."""
            steps = 0
            while steps < room:
                seen: set[str] = set()
                for n, start in places:
                    keys = clause(n)[1]
                    at = start - steps - 1 if side < 0 else start + size + steps
                    if not 0 <= at < len(keys):
                        return steps
                    seen.add(keys[at])
                if len(seen) != 1:
                    return steps
                steps += 1
            return steps

        # Grown only when the phrase occurs more than once: one occurrence agrees with anything.
        left = right = 0
        if len(places) > 1:
            right = grown(1, MAX_WORDS - size)
            left = grown(-1, MAX_WORDS - size - right)
        words = clause(places[0][0])[0]
        start = places[0][1]
        while left and words[start - left].casefold() in CONNECTORS:
            left -= 1
        while right and words[start + size + right - 1].casefold() in CONNECTORS:
            right -= 1
        forms = Counter(" ".join(clause(n)[0][s - left : s + size + right]) for n, s in places)
        return forms.most_common(1)[0][0]

    def reason(self, reason: str) -> str:
        """`reason` with its shared phrases as whole words of the article (a phrase the
        article does not hold as such is left out; none left: `similar text`)."""
        head, sep, rest = reason.partition("; ")
        if not head.startswith(SIMILAR_TEXT):
            return f"{head}{sep}{rest}"
        phrases: list[str] = []
        for phrase in head[len(SIMILAR_TEXT) :].split(", "):
            whole = self.whole_phrase(phrase)
            if whole and fold(whole) not in (fold(p) for p in phrases):
                phrases.append(whole)
        said = f"{SIMILAR_TEXT}{', '.join(phrases)}" if phrases else SIMILAR_TEXT.rstrip(": ")
        return f"{said}{sep}{rest}"


def readable_reason(reason: str, article_text: str) -> str:
    """`reason` in whole words of `article_text` (see `ArticleWords.reason`)."""
    return ArticleWords(article_text).reason(reason)


def article_text(parts: Iterable[str], limit: int = 100_000) -> str:
    """The text phrases are looked up in: the parts in order, cut at `limit` characters (the
    related engine counts key phrases in the same first 100,000)."""
    return "\n".join(parts)[:limit]
