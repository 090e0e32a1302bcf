"""Downloading pages and feeds over HTTP(S), politely, for the archive to import.

Nothing here knows the index or the UI: the archive facade wires a fetch session to the
importer, and progress is reported through callbacks.
"""

from reader.fetch.errors import FetchError
from reader.fetch.options import FetchOptions

__all__ = ["FetchError", "FetchOptions"]
