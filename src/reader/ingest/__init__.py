"""Parsers that turn input files (saved pages, text, Markdown, HTML, JSON) into Articles."""
