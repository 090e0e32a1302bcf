"""The user's research on an archive, kept as plain files inside the archive folder.

Tags, a note, highlights and a bookmark per article (`model.py`, one file each: `files.py`),
the read state and saved searches (`store.py`, which keeps the `research/` folder); the
one-time take-over of the reader's old state file (`migrate.py`); citations (`citation.py`);
exports and dossiers (`export.py`); removal of articles with undo (`trash.py`). Searches see
the annotations through `lookup.ResearchSnapshot`, which answers the index's annotation
look-up. The archive facade (`reader.archive.Archive`) is what the CLI and the TUI call.
"""
