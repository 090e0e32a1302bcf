"""Entities: people, places and organisations extracted from articles under canonical names.

`extract.extract_entities(article)` is the entry point; the gazetteer, alias table and word
lists are YAML data beside its modules, loaded once per process. The package itself imports
nothing: the reader's catalogue (`catalog`) does not load the extractor.
"""
