"""A facet's term in the query language, and a query narrowed by it or widened again.

A facet value narrows a query by one more condition: its term (`source:"VnExpress"`,
`place:"Cần Thơ"`, `date:2022-09`, `lang:en`) added to the query's text, where the user sees
it. The query's top-level conditions are AND'ed (`query.py`), so the query with the term added
matches exactly the query's matches that the term matches, provided the text added parses as
the query's own conditions plus the term. It usually does at the end of the text, but not
always: after a dangling `OR` or `NOT` the term would join it, after an unclosed quote it
would be quoted, and while the query is being typed its last word is a prefix that an added
term would complete. So each placement (at the end, at the start, the query in parentheses)
is parsed and the first whose conditions are the query's plus the term is used. Removing a
term cuts it out of the text again and checks the same way, so choosing a value twice gives
back the query as it was.
"""

from __future__ import annotations

from collections import Counter

from reader.index import query as q

_PROBE = 'source:"x"'
"""A quoted term: every quoted term places the same way."""
_BARE_PROBE = "lang:x"
"""An unquoted term (`date:2022`, `lang:en`)."""


def quoted_term(field: str, value: str) -> str | None:
    """`field:"value"` with the value's spaces tidied (quotes cannot be written inside a
    quoted value: they are spaces to every field but entity names), or None when nothing
    searchable is left."""
    text = " ".join(value.replace('"', " ").split())
    if not text or q.parse(f'{field}:"{text}"', prefix_last=False) is None:
        return None
    return f'{field}:"{text}"'


def term_node(term: str) -> q.Node | None:
    """The condition a term adds (None: it adds none)."""
    return q.parse(term, prefix_last=False)


def conditions(node: q.Node | None) -> list[q.Node]:
    """The conditions a query's matches must all meet: its top-level AND'ed nodes, nested
    groups of AND (parentheses) flattened."""
    if node is None:
        return []
    if isinstance(node, q.All):
        return [leaf for child in node.children for leaf in conditions(child)]
    return [node]


class Narrower:
    """The texts of one query narrowed by, or widened from, each facet term."""

    def __init__(self, query: str, prefix: bool) -> None:
        self.query = query
        self.prefix = prefix
        self.conditions = conditions(q.parse(query, prefix_last=prefix))
        self._placements: dict[bool, int] = {}

    def _parsed(self, text: str) -> Counter[q.Node]:
        return Counter(conditions(q.parse(text, prefix_last=self.prefix)))

    def _placed(self, term: str, placement: int) -> str:
        query = self.query
        if not query.strip():
            return term
        if placement == 0:
            return f"{query}{term}" if query[-1].isspace() else f"{query} {term}"
        if placement == 1:
            return f"{term} {query.lstrip()}"
        return f"({query}) {term}"

    def chosen(self, node: q.Node | None) -> bool:
        """The query already has this condition at its top level."""
        return node is not None and node in self.conditions

    def narrowed(self, term: str) -> str:
        """The query with `term` added, where it parses as one more condition."""
        quoted = term.endswith('"')
        placement = self._placements.get(quoted)
        if placement is None:
            probe = _PROBE if quoted else _BARE_PROBE
            wanted = Counter([*self.conditions, *conditions(term_node(probe))])
            placement = next(
                (p for p in range(3) if self._parsed(self._placed(probe, p)) == wanted), 0
            )
            self._placements[quoted] = placement
        return self._placed(term, placement)

    def widened(self, term: str) -> str:
        """The query without `term` (every top-level occurrence of its condition), cut out
        of the text; the query unchanged when it does not have it."""
        node = term_node(term)
        if not self.chosen(node):
            return self.query
        wanted = Counter(c for c in self.conditions if c != node)
        text = self.query[: q.MAX_QUERY_CHARS]
        cut = [
            match.span()
            for match in q._LEX_RE.finditer(text)  # the parser's own lexemes, with places
            if match.lastgroup not in ("ws", "lparen", "rparen", "junk")
            and q.parse(match.group(0), prefix_last=False) == node
        ]
        out = text
        for start, end in reversed(cut):
            before, after = out[:start], out[end:]
            if not after.strip():
                out = before if before.strip() else ""
            elif not before.strip():
                out = after.lstrip()
            else:
                out = f"{before.rstrip()} {after.lstrip()}"
        for candidate in (out.rstrip(), out, f"{out.rstrip()} "):
            if self._parsed(candidate) == wanted:
                return candidate
        return out


def toggled(query: str, term: str, prefix: bool = False) -> str:
    """The query with `term` removed if it has it, else added (see `Narrower`)."""
    narrower = Narrower(query, prefix)
    if narrower.chosen(term_node(term)):
        return narrower.widened(term)
    return narrower.narrowed(term)
