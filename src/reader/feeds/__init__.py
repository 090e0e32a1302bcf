"""Feed subscriptions: the archive's `feeds.yaml`, their names and tags, and OPML.

What an update does with them (download politely, import the new items, remember what it
found) is the archive's (`reader.archive.feeds`); the CLI and the TUI reach both through the
archive facade.
"""

from reader.feeds.model import FeedsError, Subscription
from reader.feeds.opml import OpmlError, OpmlFeed, parse_opml, render_opml
from reader.feeds.store import FEEDS_FILE, FeedStore

__all__ = [
    "FEEDS_FILE",
    "FeedStore",
    "FeedsError",
    "OpmlError",
    "OpmlFeed",
    "Subscription",
    "parse_opml",
    "render_opml",
]
