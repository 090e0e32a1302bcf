"""A cheap language guess: Vietnamese or English, from letters and common words."""

from __future__ import annotations

import re

# Letters that occur in Vietnamese and in no English word.
_VIET_LETTERS = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_WORDS = frozenset(
    "the of and to in is was for on that with as by at from are were be this it an has have "
    "said which not but or its their they will been after who".split()
)


def guess_language(text: str) -> str:
    """Return `"vi"` or `"en"` for `text` (`"vi"` when there is too little to tell)."""
    sample = text[:6000]
    words = _WORD.findall(sample)
    if not words:
        return "vi"
    viet = sum(1 for w in words if _VIET_LETTERS.search(w))
    english = sum(1 for w in words if w.lower() in _ENGLISH_WORDS)
    if viet / len(words) >= 0.15:
        return "vi"
    if english / len(words) >= 0.08:
        return "en"
    return "vi" if viet else "en"
