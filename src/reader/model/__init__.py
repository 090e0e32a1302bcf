"""The Article type and the canonical archive file format."""

from reader.model.article import Article, Entities

__all__ = ["Article", "Entities"]
