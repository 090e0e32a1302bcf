"""What an import needs to know of the archive, kept so that it costs little to ask.

- `KnownNamesCache`: the archive's canonical entity names, which new articles' names are
  matched against. Kept in KNOWN_NAMES_FILE beside the index for one index generation: read
  from there, they cost a small import ~0.1 s instead of the catalogue's ~1 s.
- `import_fingerprints`: the duplicate look-ups (by content hash and URL), answered by the
  index for the files it holds as they are; only files it does not hold have their front
  matter read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.atomic import write_text_atomic
from reader.index.folder import KNOWN_NAMES_FILE
from reader.store import ArchiveStore, StoredFile

if TYPE_CHECKING:
    from reader.entities.known import KnownNames
    from reader.importer import Fingerprints
    from reader.index.interface import SearchIndex


class KnownNamesCache:
    """The index's known entity names, with the generation they are of."""

    def __init__(self, index_dir: Path, index: Callable[[], SearchIndex]) -> None:
        self.path = index_dir / KNOWN_NAMES_FILE
        self._index = index

    def get(self) -> KnownNames:
        """The archive's canonical names (empty without a readable index)."""
        return self.of_generation()[0]

    def of_generation(self) -> tuple[KnownNames, str | None]:
        """The names with the index generation they are of (None: none could be read)."""
        from reader.entities.known import KnownNames

        try:
            generation = self._index().generation()
            cached = self._cached(generation)
            if cached is not None:
                return cached, generation
            folded = self._index().known_names()
        except Exception:  # an unreadable index only means fewer names to match against
            return KnownNames(), None
        known = KnownNames.of_folded(folded)
        self.keep(known, generation)
        return known, generation

    def _cached(self, generation: str) -> KnownNames | None:
        from reader.entities.known import KnownNames

        try:
            text = self.path.read_text("utf-8")
            first, _, rest = text.partition("\n")
            return KnownNames.from_json(rest) if first == generation else None
        except (OSError, ValueError, TypeError, AttributeError):  # missing or damaged
            return None

    def keep(self, known: KnownNames, generation: str) -> None:
        """Record `known` as the names of the index's `generation` (a cache: failures are
        moot)."""
        with contextlib.suppress(OSError):
            write_text_atomic(self.path, f"{generation}\n{known.to_json()}")


def import_fingerprints(store: ArchiveStore, index: SearchIndex) -> Fingerprints:
    """Duplicate look-ups for an import over the archive in `store` and its `index`."""
    from reader.importer import Fingerprints

    try:
        files = store.stamps()
        indexed = index.stamps()
    except Exception:  # an unreadable index: read every file, as without one
        return Fingerprints(*store.fingerprints())
    unindexed = [i for i, stamp in files.items() if indexed.get(i) != stamp]
    by_sha, by_url = store.fingerprints(
        StoredFile(i, store.path_for(i), files[i]) for i in unindexed
    )
    # Indexed under an old content or for a file since deleted: not to be trusted.
    outdated = set(unindexed) | (indexed.keys() - files.keys())
    every_file: list[tuple[dict[str, str], dict[str, str]]] = []

    def lookup(fieldname: str, value: str) -> list[str]:
        try:
            return [i for i in index.ids_with(fieldname, value) if i not in outdated]
        except Exception:  # the index went bad mid-import: read the files instead
            if not every_file:
                every_file.append(store.fingerprints())
            found = every_file[0][0 if fieldname == "sha" else 1].get(value)
            return [found] if found else []

    return Fingerprints(by_sha, by_url, lookup)
