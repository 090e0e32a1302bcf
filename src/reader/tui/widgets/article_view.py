"""The article view: title, time, author, section, source, lead, body and captions.

Every piece is built as literal Content from the article's fields; the query's words and
find-in-article matches are styled by span, never by markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.model.article import Article
from reader.text.normalize import fold
from reader.tui.highlight import find_spans, word_spans
from reader.tui.messages import FindMoved
from reader.tui.render import CURRENT_FIND_STYLE, FIND_STYLE, long_date, marked, safe

Span = tuple[int, int]


@dataclass
class _Block:
    """One paragraph-like piece of the article and the widget that shows it."""

    text: str
    kind: str
    widget: Static


def _paragraphs(body: str) -> list[str]:
    blocks = [" ".join(line.strip() for line in chunk.splitlines()) for chunk in body.split("\n\n")]
    return [b for b in blocks if b.strip()]


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article; set it with `show()`."""

    BINDINGS: list[BindingType] = [
        Binding("j,down", "scroll_down", "down", show=False, id="article.down"),
        Binding("k,up", "scroll_up", "up", show=False, id="article.up"),
        Binding("space,pagedown", "page_down", "page", key_display="space", id="article.page_down"),
        Binding("shift+space,pageup", "page_up", "page up", show=False, id="article.page_up"),
        Binding("home", "scroll_home", "top", show=False, id="article.top"),
        Binding("end", "scroll_end", "bottom", show=False, id="article.bottom"),
        Binding("n", "find_next", "next match", show=False, id="article.find_next"),
        Binding("N", "find_previous", "previous match", show=False, id="article.find_previous"),
        Binding("o", "open_url", "original", id="article.open_url"),
    ]
    """Scrolling, find-in-article steps and opening the original page."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.article: Article | None = None
        """The article shown, or None for the placeholder."""
        self.words: list[str] = []
        """Query words to highlight."""
        self.needle: str = ""
        """The find-in-article text."""
        self.matches: list[tuple[int, Span]] = []
        """Find matches as (block index, span)."""
        self.current: int = -1
        """Index into `matches` of the current match."""
        self._blocks: list[_Block] = []

    def compose(self) -> ComposeResult:
        yield Static(
            "Choose an article in the results and press enter.",
            classes="placeholder",
            markup=False,
        )

    def show(self, article: Article | None, words: list[str], placeholder: str = "") -> None:
        """Show `article` (or a placeholder text) with `words` highlighted."""
        self.article = article
        self.words = words
        self.needle = ""
        self.matches = []
        self.current = -1
        self._blocks = []
        self.remove_children()
        self.refresh_bindings()  # `o` is offered only for an article with a web address
        if article is None:
            text = placeholder or "Choose an article in the results and press enter."
            self.mount(Static(text, classes="placeholder", markup=False))
            self.border_title = ""
            return
        self.border_title = " › ".join(safe(s) for s in article.section[:1]) or "Article"
        self._blocks = self._build_blocks(article)
        widgets: list[Static] = []
        for block in self._blocks:
            widgets.append(block.widget)
            if block.kind == "title":
                widgets.append(Static(self._meta(article), classes="meta"))
        self.mount_all(widgets)
        self._render_blocks()
        self.scroll_home(animate=False)

    def _build_blocks(self, article: Article) -> list[_Block]:
        blocks: list[_Block] = []

        def add(text: str, kind: str) -> None:
            blocks.append(_Block(safe(text), kind, Static("", classes=kind)))

        add(article.title, "title")
        if article.lead.strip():
            add(article.lead.strip(), "lead")
        captions = {fold(c.strip()): c for c in article.captions if c.strip()}
        shown: set[str] = set()
        for paragraph in _paragraphs(article.body):
            key = fold(paragraph.strip())
            if key in captions:
                shown.add(key)
                add(paragraph, "caption")
            else:
                add(paragraph, "paragraph")
        for key, caption in captions.items():
            if key not in shown:
                add(caption, "caption")
        return blocks

    @staticmethod
    def _meta(article: Article) -> Content:
        parts = [
            long_date(article.published),
            safe(article.author),
            " › ".join(safe(s) for s in article.section),
            safe(article.source),
        ]
        return Content(" · ".join(p for p in parts if p))

    def _render_blocks(self) -> None:
        current = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
        for index, block in enumerate(self._blocks):
            content = marked(block.text, word_spans(block.text, self.words))
            for block_index, (start, end) in self.matches:
                if block_index == index:
                    is_current = current == (block_index, (start, end))
                    style = CURRENT_FIND_STYLE if is_current else FIND_STYLE
                    content = content.stylize(style, start, end)
            block.widget.update(content)

    # -- find in article ---------------------------------------------------------------------

    def find(self, needle: str) -> tuple[int, int]:
        """Highlight every match of `needle`; returns (current position from 1, count)."""
        self.needle = needle
        self.matches = [
            (index, span)
            for index, block in enumerate(self._blocks)
            for span in find_spans(block.text, needle)
        ]
        self.current = 0 if self.matches else -1
        self._render_blocks()
        self._scroll_to_current()
        return self._moved()

    @property
    def find_position(self) -> tuple[int, int]:
        return self.current + 1, len(self.matches)

    def _moved(self) -> tuple[int, int]:
        self.post_message(FindMoved(*self.find_position))
        return self.find_position

    def step(self, delta: int) -> tuple[int, int]:
        """Move to the next (1) or previous (-1) match, wrapping around."""
        if self.matches:
            self.current = (self.current + delta) % len(self.matches)
            self._render_blocks()
            self._scroll_to_current()
        return self._moved()

    def _scroll_to_current(self) -> None:
        if 0 <= self.current < len(self.matches):
            widget = self._blocks[self.matches[self.current][0]].widget
            self.call_after_refresh(self.scroll_to_widget, widget, animate=False)

    def action_find_next(self) -> None:
        self.step(1)

    def action_find_previous(self) -> None:
        self.step(-1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_url":
            url = self.article.url if self.article else None
            return bool(url and urlsplit(url).scheme in ("http", "https"))
        return True

    def action_open_url(self) -> None:
        url = self.article.url if self.article else None
        if url and urlsplit(url).scheme in ("http", "https"):
            self.app.open_url(url)
        else:
            self.notify("This article has no web address to open.", markup=False)
