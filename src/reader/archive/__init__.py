"""The archive: the one API the command line and the TUI call (`Archive`, in `facade.py`).

The facade only delegates; each policy lives in a module named for it: `identity.py` (the
archive's id, which its index records), `index_keeper.py` (opening the index, keeping it in
line with the files, repairing it), `caches.py` (the known entity names and the duplicate
look-ups an import needs), `imports.py` (imports and fetches, and indexing what they store).
"""

from reader.archive.errors import ArchiveError, ArticleNotFound
from reader.archive.facade import RELATED_LIMIT, Archive
from reader.archive.identity import ARCHIVE_ID_FILE
from reader.archive.index_keeper import Progress, SyncReport
from reader.index.folder import KNOWN_NAMES_FILE, SYNC_MARK_FILE

__all__ = [
    "ARCHIVE_ID_FILE",
    "KNOWN_NAMES_FILE",
    "RELATED_LIMIT",
    "SYNC_MARK_FILE",
    "Archive",
    "ArchiveError",
    "ArticleNotFound",
    "Progress",
    "SyncReport",
]
