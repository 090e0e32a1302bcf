"""The panes of the reader: one widget per module."""
