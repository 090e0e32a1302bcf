"""An article named on the command line by its id, or by the start of it."""

from __future__ import annotations

from reader.archive import Archive, ArticleNotFound

SHOWN_CANDIDATES = 4


class AmbiguousId(ArticleNotFound):
    """The start of more than one id."""


def resolve_id(archive: Archive, given: str) -> str:
    """The id of the article `given` names: its whole id, or the start of exactly one id.

    Raises:
        ArticleNotFound: no id is or starts with `given`.
        AmbiguousId: several ids start with it (a few of them are named, whole).
    """
    if archive.has_article(given):
        return given
    candidates = archive.ids_starting_with(given.strip().lower())
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ArticleNotFound(f"no article with id {given!r} or an id starting with it")
    shown = ", ".join(candidates[:SHOWN_CANDIDATES])
    more = len(candidates) - SHOWN_CANDIDATES
    rest = f" and {more:,} more" if more > 0 else ""
    raise AmbiguousId(
        f"{given!r} is the start of {len(candidates):,} ids ({shown}{rest}): give more of the id"
    )
