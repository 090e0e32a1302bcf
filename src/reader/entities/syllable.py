"""Whether a word could be one Vietnamese syllable (`Hiện`, `Minh`) or is foreign (`Trump`)."""

from __future__ import annotations

import re

from reader.text.normalize import fold

_SYLLABLE = re.compile(
    r"^(ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(uye|uya|uyu|oai|oay|oeo|ieu|yeu|uoi|uou|ươi|[aeiouy]{1,3})"
    r"(ch|ng|nh|[cmnpt])?$"
)


def is_vietnamese_syllable(word: str) -> bool:
    """True when `word`, without its diacritics, has the shape of one Vietnamese syllable."""
    return bool(_SYLLABLE.match(fold(word)))
