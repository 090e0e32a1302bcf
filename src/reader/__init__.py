"""An offline terminal reader for archives of news articles.

Importing this package imports nothing heavy: Textual, Whoosh and httpx load only in the
modules that need them.
"""

__version__ = "0.1.0"
