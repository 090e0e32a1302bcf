"""The article view: title, time, author, section, source, lead, body and captions.

Every piece is built as literal Content from the article's fields; the query's words and
find-in-article matches are styled by span, never by markup.

Nothing that grows with the article runs on the event loop: a thread worker cuts it into
blocks and parts (see `reader.tui.blocks`) and styles the part to show, the view lays out one
part at a time, and find-in-article searches in a worker too. Scrolling on past either end of
a part turns to the next or previous one; a note at each end of a part says so, and the
border says which part is shown.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.content import Span as StyleSpan
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.model.article import Article
from reader.tui.blocks import Block, article_blocks, part_ranges
from reader.tui.browser import open_in_browser
from reader.tui.highlight import find_spans, word_spans
from reader.tui.messages import FindMoved
from reader.tui.render import CURRENT_FIND_STYLE, FIND_STYLE, long_date, marked, safe

Span = tuple[int, int]
Where = Literal["top", "end", "match"]

PLACEHOLDER = "Choose an article in the results and press enter."
MAX_MATCHES = 100_000
"""Find-in-article matches kept at most (the count then says `100000+`)."""
MAX_BORDER_TITLE = 200
"""Characters of the section shown in the border at most."""


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article; set it with `show()`."""

    BINDINGS: ClassVar[list[BindingType]] = [
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
    """Scrolling (on into the next part of a long article), find steps, the original page."""

    @dataclass
    class PartReady(Message, bubble=False):
        """A worker styled part `index` of the article of request `serial`."""

        serial: int
        blocks: list[Block]
        parts: list[range]
        index: int
        contents: list[Content]
        at: Where
        """Where to scroll once it shows: its top, its end, or the current find match."""
        scroll_y: float

    @dataclass
    class Found(Message, bubble=False):
        """A worker found the matches of find request `serial`."""

        serial: int
        matches: list[tuple[int, Span]]
        marks: dict[int, list[int]]
        """Block index -> indexes into `matches` of the matches in that block."""
        more: bool

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
        self.more_matches = False
        """Whether there are matches beyond the MAX_MATCHES kept."""
        self.current: int = -1
        """Index into `matches` of the current match."""
        self.blocks: list[Block] = []
        """The article's blocks (empty until the worker has cut it)."""
        self.parts: list[range] = []
        """Blocks by part."""
        self.part = -1
        """The part shown (-1 while none is)."""
        self._shown: dict[int, tuple[Static, Content]] = {}
        """Block index -> its widget and its content without find marks, for the part shown."""
        self._marks: dict[int, list[int]] = {}
        self._serial = 0
        """Bumped by each article and part request: a worker's answer to an older one is dropped."""
        self._find_serial = 0
        self._loading = False
        self.tags: tuple[str, ...] = ()
        """The user's tags of the article, shown under its date and source."""
        self.highlighted: frozenset[int] = frozenset()
        """The body paragraphs the user highlighted (from 1), shown marked."""
        self._tags_line: Static | None = None
        self._goto: int | None = None
        """The block to scroll to once its part shows (going to a highlight)."""

    def compose(self) -> ComposeResult:
        yield Static(PLACEHOLDER, classes="placeholder", markup=False)

    def show(
        self,
        article: Article | None,
        words: list[str],
        placeholder: str = "",
        scroll_y: float = 0.0,
    ) -> None:
        """Show `article` (or a placeholder text) with `words` highlighted, scrolled to `scroll_y`.

        The article is cut and styled in a worker; it replaces a short note when ready.
        """
        self.article = article
        self.words = words
        self.needle = ""
        self.matches, self.more_matches, self.current, self._marks = [], False, -1, {}
        self.blocks, self.parts, self.part, self._shown = [], [], -1, {}
        self.tags, self.highlighted, self._tags_line, self._goto = (), frozenset(), None, None
        self._serial += 1
        self._find_serial += 1
        self.border_subtitle = ""
        if article is None:
            self._loading = False
            self._replace([Static(placeholder or PLACEHOLDER, classes="placeholder", markup=False)])
            self.border_title = ""
            return
        section = (safe(s[:MAX_BORDER_TITLE]) for s in article.section[:1])
        self.border_title = " › ".join(section) or "Article"
        self._loading = True
        self._replace([Static("Opening the article…", classes="placeholder", markup=False)])
        self._prepare(article, words, self._serial, scroll_y)

    def _replace(self, widgets: list[Static]) -> None:
        self.remove_children()
        self.mount_all(widgets)

    # -- workers: cutting and styling off the event loop -------------------------------------

    # Each worker is named: by default Textual names it by the repr of its arguments, which
    # here would spell out the whole article.
    @work(thread=True, exclusive=True, group="article", exit_on_error=False, description="cut")
    def _prepare(self, article: Article, words: list[str], serial: int, scroll_y: float) -> None:
        """Cut `article` into blocks and parts, and style its first part."""
        worker = get_current_worker()
        blocks: list[Block] = []
        for block in article_blocks(article):
            if worker.is_cancelled:
                return
            blocks.append(block)
        self._style_part(blocks, part_ranges(blocks), 0, words, serial, "top", scroll_y)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False, description="part")
    def _load_part(
        self,
        blocks: list[Block],
        parts: list[range],
        index: int,
        words: list[str],
        serial: int,
        at: Where,
    ) -> None:
        """Style part `index` of the article shown."""
        self._style_part(blocks, parts, index, words, serial, at, 0.0)

    def _style_part(
        self,
        blocks: list[Block],
        parts: list[range],
        index: int,
        words: list[str],
        serial: int,
        at: Where,
        scroll_y: float,
    ) -> None:
        worker = get_current_worker()
        contents: list[Content] = []
        for text in (blocks[i].text for i in parts[index]):
            if worker.is_cancelled:
                return
            contents.append(marked(text, word_spans(text, words)))
        self.post_message(self.PartReady(serial, blocks, parts, index, contents, at, scroll_y))

    @work(thread=True, exclusive=True, group="find", exit_on_error=False, description="find")
    def _find(self, blocks: list[Block], needle: str, serial: int) -> None:
        """Every match of `needle` (at most MAX_MATCHES), with the matches of each block."""
        worker = get_current_worker()
        matches: list[tuple[int, Span]] = []
        marks: dict[int, list[int]] = {}
        for index, block in enumerate(blocks):
            if worker.is_cancelled:
                return
            for span in find_spans(block.text, needle):
                if len(matches) == MAX_MATCHES:
                    self.post_message(self.Found(serial, matches, marks, more=True))
                    return
                marks.setdefault(index, []).append(len(matches))
                matches.append((index, span))
        self.post_message(self.Found(serial, matches, marks, more=False))

    # -- showing a part ----------------------------------------------------------------------

    def on_article_view_part_ready(self, event: ArticleView.PartReady) -> None:
        if event.serial != self._serial:
            return  # the user has moved on
        first = not self.parts
        self._loading = False
        self.blocks, self.parts, self.part = event.blocks, event.parts, event.index
        self._shown = {}
        count = len(self.parts)
        self.border_subtitle = f"part {self.part + 1} of {count}" if count > 1 else ""
        widgets: list[Static] = []
        if event.index > 0:
            widgets.append(self._note("above"))
        for block_index, content in zip(self.parts[event.index], event.contents, strict=True):
            block = self.blocks[block_index]
            widget = Static("", classes=block.kind)
            widget.set_class(block.paragraph in self.highlighted, "highlighted")
            self._shown[block_index] = (widget, content)
            widgets.append(widget)
            following = block_index + 1
            is_last_title = following == len(self.blocks) or self.blocks[following].kind != "title"
            if block.kind == "title" and is_last_title:
                self._tags_line = Static("", classes="tags", markup=False)
                widgets.append(self._tags_line)
                self._show_tags()
                widgets.append(Static(self._meta(), classes="meta"))
        if event.index + 1 < len(self.parts):
            widgets.append(self._note("below"))
        self._replace(widgets)
        self._restyle(self._shown)
        if event.at == "end":
            self.call_after_refresh(self.scroll_end, animate=False)
        elif event.at == "match":
            self.call_after_refresh(self._scroll_to_current)
        else:
            self.scroll_home(animate=False)
            if event.scroll_y:
                self.call_after_refresh(self.scroll_to, y=event.scroll_y, animate=False)
        if first and self.needle:  # typed into the find bar while the article was opening
            self.find(self.needle)
        if self._goto in self._shown:
            self.call_after_refresh(self._scroll_to_block, self._goto)
        self._goto = None

    def _meta(self) -> Content:
        article = self.article
        assert article is not None
        parts = [
            long_date(article.published),
            safe(article.author),
            " › ".join(safe(s) for s in article.section),
            safe(article.source),
        ]
        return Content(" · ".join(p for p in parts if p))

    # -- the user's research: tags in the header, highlighted paragraphs ---------------------

    def show_research(self, tags: tuple[str, ...], paragraphs: frozenset[int]) -> None:
        """Show the article's tags and mark its highlighted paragraphs."""
        self.tags, self.highlighted = tags, paragraphs
        self._show_tags()
        for index, (widget, _) in self._shown.items():
            widget.set_class(self.blocks[index].paragraph in paragraphs, "highlighted")

    def _show_tags(self) -> None:
        if self._tags_line is not None:
            self._tags_line.update("  ".join(f"#{safe(tag)}" for tag in self.tags))
            self._tags_line.display = bool(self.tags)

    def reading_paragraph(self) -> tuple[int, str] | None:
        """The body paragraph at the reading position (the first one at least partly in
        view), with its text as shown; None when no paragraph is in view."""
        top = self.scroll_y
        for index, (widget, _) in self._shown.items():
            block = self.blocks[index]
            if block.paragraph and widget.virtual_region_with_margin.bottom > top:
                if widget.virtual_region.y >= top + self.scrollable_content_region.height:
                    return None
                text = " ".join(b.text for b in self.blocks if b.paragraph == block.paragraph)
                return block.paragraph, text
        return None

    def go_to_paragraph(self, paragraph: int) -> None:
        """Scroll to the top of a body paragraph, turning to its part if it is in another."""
        index = next((i for i, b in enumerate(self.blocks) if b.paragraph == paragraph), None)
        if index is None:
            return
        if index in self._shown and not self._loading:
            self.call_after_refresh(self._scroll_to_block, index)
        else:
            self._goto = index
            self._request_part(bisect_right([p.start for p in self.parts], index) - 1, "top")

    def _scroll_to_block(self, index: int) -> None:
        if index in self._shown:
            self.scroll_to_widget(self._shown[index][0], animate=False, top=True)

    def _note(self, where: Literal["above", "below"]) -> Static:
        """The line at the top or bottom of a part of a long article: where the others are."""
        number, count = self.part + 1, len(self.parts)
        if where == "above":
            text = f"▲ Part {number} of {count} of this article: scroll up for part {number - 1}"
            text += ", home for the first."
        else:
            text = f"▼ Part {number} of {count} of this article: scroll on for part {number + 1}"
            text += " (space, j, ↓), end for the last."
        return Static(text, classes=f"part-note {where}", markup=False)

    def _request_part(self, index: int, at: Where) -> None:
        self._serial += 1
        self._loading = True
        self._load_part(self.blocks, self.parts, index, self.words, self._serial, at)

    def _turn(self, delta: int) -> bool:
        """Show the next (1) or previous (-1) part, when there is one; False when there is not,
        and the scroll goes on as usual."""
        if self._loading:
            return True  # a part is on its way: this key would scroll what is about to go
        index = self.part + delta
        if self.part < 0 or not 0 <= index < len(self.parts):
            return False
        self._request_part(index, "top" if delta > 0 else "end")
        return True

    def _at_end(self) -> bool:
        return self.scroll_target_y >= self.max_scroll_y

    def _at_start(self) -> bool:
        return self.scroll_target_y <= 0

    def action_scroll_down(self) -> None:
        if not (self._at_end() and self._turn(1)):
            super().action_scroll_down()

    def action_page_down(self) -> None:
        if not (self._at_end() and self._turn(1)):
            super().action_page_down()

    def action_scroll_up(self) -> None:
        if not (self._at_start() and self._turn(-1)):
            super().action_scroll_up()

    def action_page_up(self) -> None:
        if not (self._at_start() and self._turn(-1)):
            super().action_page_up()

    def action_scroll_home(self) -> None:
        if self.part > 0 and not self._loading:
            self._request_part(0, "top")
        else:
            super().action_scroll_home()

    def action_scroll_end(self) -> None:
        if 0 <= self.part < len(self.parts) - 1 and not self._loading:
            self._request_part(len(self.parts) - 1, "end")
        else:
            super().action_scroll_end()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self._at_end() and self._turn(1):
            event.prevent_default()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._at_start() and self._turn(-1):
            event.prevent_default()

    # -- find in article ---------------------------------------------------------------------

    def find(self, needle: str) -> None:
        """Highlight every match of `needle`; FindMoved tells the position once they are found."""
        self.needle = needle
        self.matches, self.more_matches, self.current, self._marks = [], False, -1, {}
        self._find_serial += 1
        self._restyle(self._shown)
        if needle.strip() and self.blocks:
            self._find(self.blocks, needle, self._find_serial)
        else:
            self._moved()

    def on_article_view_found(self, event: ArticleView.Found) -> None:
        if event.serial != self._find_serial:
            return  # the needle has changed since
        self.matches, self._marks, self.more_matches = event.matches, event.marks, event.more
        self.current = 0 if self.matches else -1
        self._restyle(self._shown)
        self._go_to_current()
        self._moved()

    @property
    def find_position(self) -> tuple[int, int]:
        return self.current + 1, len(self.matches)

    def _moved(self) -> tuple[int, int]:
        self.post_message(FindMoved(*self.find_position, more=self.more_matches))
        return self.find_position

    def step(self, delta: int) -> tuple[int, int]:
        """Move to the next (1) or previous (-1) match, wrapping around."""
        if self.matches:
            before = self.matches[self.current][0]
            self.current = (self.current + delta) % len(self.matches)
            self._restyle((before, self.matches[self.current][0]))
            self._go_to_current()
        return self._moved()

    def _restyle(self, indexes: Iterable[int]) -> None:
        """Show the find marks of these blocks (those in the part shown)."""
        for index in indexes:
            if index in self._shown:
                widget, content = self._shown[index]
                spans = [
                    StyleSpan(*self.matches[m][1], self._find_style(m))
                    for m in self._marks.get(index, ())
                ]
                widget.update(content.add_spans(spans))

    def _find_style(self, match: int) -> str:
        return CURRENT_FIND_STYLE if match == self.current else FIND_STYLE

    def _go_to_current(self) -> None:
        """Bring the current match into view, turning to its part if it is in another."""
        if not 0 <= self.current < len(self.matches):
            return
        block = self.matches[self.current][0]
        if block in self._shown and not self._loading:
            self.call_after_refresh(self._scroll_to_current)
        else:  # in another part, or the one shown is about to be replaced
            part = bisect_right([p.start for p in self.parts], block) - 1
            self._request_part(part, "match")

    def _scroll_to_current(self) -> None:
        """Scroll to the current match: its block, or the match's line in a block taller than
        the view (a long paragraph)."""
        if not 0 <= self.current < len(self.matches):
            return
        block, (_, end) = self.matches[self.current]
        if block not in self._shown:
            return
        widget, content = self._shown[block]
        region = widget.virtual_region_with_margin
        if region.height <= self.scrollable_content_region.height:
            self.scroll_to_widget(widget, animate=False)
            return
        line = len(content[:end].wrap(widget.content_size.width)) - 1
        y = widget.virtual_region.y + widget.styles.gutter.top + max(0, line)
        self.scroll_to_region(Region(0, y, 1, 1), animate=False, center=True)

    def action_find_next(self) -> None:
        self.step(1)

    def action_find_previous(self) -> None:
        self.step(-1)

    def action_open_url(self) -> None:
        article = self.article
        url = article.url if article else None
        if article is None:
            self.notify("No article is open.", markup=False, timeout=3)
        elif not url:
            self.notify("This article has no web address: it was imported from a file.")
        elif urlsplit(url).scheme not in ("http", "https"):
            self.notify("Only http and https addresses are opened.", markup=False, timeout=4)
        else:
            self._open_in_browser(url)

    @work(thread=True, exclusive=True, group="browser", exit_on_error=False, description="browser")
    def _open_in_browser(self, url: str) -> None:
        """Hand `url` to a graphical web browser, off the event loop; say so when there is
        none (a browser that runs in the terminal would take the reader's screen)."""
        if not open_in_browser(url):
            self.app.call_from_thread(self._no_browser, url)

    def _no_browser(self, url: str) -> None:
        self.app.copy_to_clipboard(url)
        self.notify(
            f"No web browser to open it here. The address, copied to the clipboard: {url}",
            markup=False,
            timeout=10,
        )
