"""What the archive tells the user when it cannot do what was asked: one line each."""


class ArchiveError(Exception):
    """A user-facing problem with the archive, told in one line."""


class ArticleNotFound(ArchiveError):
    """No article with that id."""
