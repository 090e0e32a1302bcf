"""Feed subscriptions: the archive's `feeds.yaml` (`store`), their names and tags (`model`),
and OPML (`opml`).

What an update does with them (download politely, import the new items, remember what it
found) is the archive's (`reader.archive.feeds`); the CLI and the TUI reach both through the
archive facade. Nothing is imported here: OPML's XML and HTTP modules would cost the reader's
start-up 16 ms for a view most sessions never open.
"""
