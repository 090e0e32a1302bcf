"""The one error type parsers raise: a file that cannot become an article, with a reason."""


class IngestError(ValueError):
    """Raised with a one-line, user-facing reason (`empty file`, `binary file`, ...)."""
