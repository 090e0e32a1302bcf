"""Entities: people, places and organisations extracted from articles under canonical names.

`extract_entities(article)` is the entry point; the gazetteer, alias table and word lists are
YAML data beside this module, loaded once per process.
"""

from reader.entities.extract import extract_entities

__all__ = ["extract_entities"]
