"""The result list: one row per hit with date, title, section and a highlighted snippet.

A line-API widget rather than an OptionList: it repaints on every keystroke, so each row is
laid out once (fixed height, strips kept) and drawing a line is a look-up.

The list is as long as the whole answer from the start, but only its first page is loaded
with it: a row that comes into view (scrolling, `End`) before its page is loaded asks for that
page (`PageWanted`), and shows an ellipsis until it comes (`add_page`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from reader.model.search import SearchHit, SearchResult, Span
from reader.tui.messages import ArticleChosen, PageWanted
from reader.tui.render import marked, safe, short_date
from reader.tui.research_work import Mark, Marks

INDENT = 9
"""Columns before the title: the date and a space."""
UNDATED_INDENT = 2
"""Columns before the title when no hit of the first page has a date (an archive of plain
text files): an empty date column would take a quarter of a narrow list."""
ROW_LINES = 4
"""Lines per row: the title (one or two), the section, the snippet, then space."""
PAGE_ROWS = 20
"""Hits asked for per page beyond the first, until the screen says how many fit."""

_NO_RULES: RulesMap = {}
"""The style rules a row is drawn with: none (it reads none)."""

_Look = tuple[str, tuple[Span, ...], object, tuple[str, ...], int, Mark]
"""(id, title marks, snippet, section, indent, research marks): what a row's drawing
depends on."""
TAG_STYLE = "$text-muted"
"""How an article's tags are shown after its title."""


def near_first_mark(
    text: str, marks: tuple[Span, ...], lead: int = 12
) -> tuple[str, tuple[Span, ...]]:
    """The snippet cut to start a few words before its first mark, so the mark is on screen."""
    if not marks or marks[0][0] <= lead * 2:
        return text, marks
    cut = text.rfind(" ", 0, marks[0][0] - lead) + 1
    if cut <= 0:
        return text, marks
    shift = cut - 1
    return "…" + text[cut:], tuple((start - shift, end - shift) for start, end in marks)


def clipped(text: str, marks: tuple[Span, ...], size: int) -> tuple[str, tuple[Span, ...]]:
    """At most `size` characters of a one-line snippet, its marks cut to match."""
    if len(text) <= size:
        return text, marks
    return text[:size], tuple((start, min(end, size)) for start, end in marks if start < size)


class ResultRow(Visual):
    """One hit drawn as ROW_LINES lines, laid out once per width and kept as strips.

    A row has a fixed height and keeps what it drew, so a keystroke that leaves a hit on
    screen, or a cursor move, costs no text layout.
    """

    def __init__(self, hit: SearchHit, mark: Mark, indent: int = INDENT) -> None:
        self.hit = hit
        self.mark = mark
        """Read, bookmarked, tags: an unread title is bold, a bookmark starred, tags dim."""
        self.indent = indent
        """Columns before the title: the date column and a space (INDENT), or less."""
        self._strips: dict[tuple[int, Style], list[Strip]] = {}

    def __str__(self) -> str:
        """What the row says, its title on one line."""
        return "\n".join(line.plain for line in self.lines(10_000)).rstrip()

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return ROW_LINES

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        key = (width, style)
        strips = self._strips.get(key)
        if strips is None:
            strips = self._strips[key] = [
                _strip(line, width, style, options.get_style) for line in self.lines(width)
            ]
        return strips

    def lines(self, width: int) -> list[Content]:
        """The row's lines for `width` cells; only the snippet line may be longer."""
        hit = self.hit
        star = "★ " if self.mark.bookmarked else ""
        title = marked(safe(hit.title), hit.title_marks)
        if not self.mark.read:
            title = Content.styled("• ", "$text-accent").append(title.stylize_before("bold"))
        if self.mark.tags:
            tags = "  " + " ".join(f"#{safe(tag)}" for tag in self.mark.tags)
            title = title.append(Content.styled(tags, TAG_STYLE))
        # The title may take two lines (it says what the article is); the rest takes one each.
        indent = self.indent
        title_width = max(10, width - indent - 1 - len(star))
        title_lines = title.wrap(title_width) or [Content("")]
        if len(title_lines) > 2:
            second = title_lines[1].truncate(title_width - 1).append("…")
            title_lines = [title_lines[0], second]
        date = short_date(hit.published) if indent == INDENT else " " * (indent - 1)
        first = Content.assemble(
            (date, "$text-muted"),
            " ",
            (star, "$text-warning"),
            title_lines[0].rstrip(),
        )
        lines = [first]
        lines.extend(Content(" " * indent).append(line.rstrip()) for line in title_lines[1:])
        section = " › ".join(safe(s) for s in hit.section)
        if section:
            lines.append(Content.assemble(" " * indent, (section, "italic $text-secondary")))
        # Cut to about the room left (a character is a cell in most text); the strip does
        # the exact cut, by cells, with an ellipsis.
        snippet_text, marks = clipped(
            *near_first_mark(hit.snippet.text.replace("\n", " "), hit.snippet.marks),
            size=max(1, width - indent + 1),
        )
        if snippet_text.strip():
            snippet = marked(snippet_text, marks).stylize_before("$text-muted")
            lines.append(Content(" " * indent).append(snippet))
        # Every row the same height: the list's size stays put as the rows change under the
        # typing, so a keystroke repaints the list alone (no re-layout).
        lines.extend(Content("") for _ in range(ROW_LINES - len(lines)))
        return lines[:ROW_LINES]


def _strip(
    line: Content, width: int, style: Style, get_style: Callable[[str | Style], Style]
) -> Strip:
    """One line as a strip of exactly `width` cells: cut with an ellipsis, or padded."""
    if line.cell_length > width:
        line = line.truncate(width, ellipsis=True)
    segments = [
        Segment(text, part.rich_style)
        for text, part in line.render(style, end="", parse_style=get_style)
    ]
    if line.cell_length < width:
        segments.append(Segment(" " * (width - line.cell_length), style.rich_style))
    return Strip(segments, width)


class ResultsList(ScrollView, can_focus=True):
    """The hits of the current query; `enter` opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "down", show=False, id="results.down"),
        Binding("k", "cursor_up", "up", show=False, id="results.up"),
        Binding("down", "cursor_down", "down", show=False, id="results.next"),
        Binding("up", "cursor_up", "up", show=False, id="results.previous"),
        Binding("pagedown", "page_down", "page down", show=False, id="results.page_down"),
        Binding("pageup", "page_up", "page up", show=False, id="results.page_up"),
        Binding("home", "first", "first", show=False, id="results.first"),
        Binding("end", "last", "last", show=False, id="results.last"),
        Binding("enter", "select", "open", id="results.open"),
    ]
    """j/k move like the arrows; each key has its own id, so a keymap can add keys."""

    COMPONENT_CLASSES = {"results-list--row", "results-list--cursor", "results-list--empty"}

    DEFAULT_CSS = """
    ResultsList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        & > .results-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .results-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .results-list--empty {
            color: $text-muted;
        }
    }
    """

    highlighted: reactive[int | None] = reactive(None, always_update=True)
    """The row under the cursor (None when the list is empty)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        # Rows hold no links: skip restyling every drawn line for them.
        self.set_reactive(ResultsList.auto_links, False)
        self.result: SearchResult | None = None
        """The answer shown (its first page)."""
        self.rows: list[ResultRow | None] = []
        self._filled: set[int] = set()
        """The indexes of the loaded rows (an answer of 20,000 hits loads a few pages)."""
        """One per hit of the whole answer, in order; None until its page is loaded."""
        self.serial = 0
        """Bumped by each answer shown: a page of an older one is dropped."""
        self.page_rows = PAGE_ROWS
        """Hits asked for per page (the screen sets it to what the list shows)."""
        self._asked: set[int] = set()
        """The first rows of the pages asked for that have not come yet."""
        self._grid = (0, PAGE_ROWS)
        """Where later pages start: after the first page, every so many rows."""
        self.empty_message: Content | None = None
        """What the list says when the query found nothing."""
        self.marks = Marks()
        """What the rows show of the user's research (the screen fills it in)."""
        self.indent = INDENT
        """Columns before each row's title, chosen per answer (`show`)."""
        self._by_look: dict[_Look, ResultRow] = {}
        """Rows built for the previous answer, reused when the next one shows the same hit
        the same way (typing on often keeps the top hits)."""

    def row(self, hit: SearchHit, built: dict[_Look, ResultRow] | None = None) -> ResultRow:
        """The row for one hit, reused (from `built`, or the rows shown) while it would be
        drawn the same way."""
        look = self._look(hit)
        row = (self._by_look if built is None else built).get(look)
        if row is None:
            row = ResultRow(hit, look[-1], self.indent)
        self._by_look[look] = row
        return row

    def _look(self, hit: SearchHit) -> _Look:
        """Everything a row's drawing depends on (besides the width, which the row handles)."""
        return (
            hit.id,
            hit.title_marks,
            hit.snippet,
            hit.section,
            self.indent,
            self.marks[hit.id],
        )

    def show(self, result: SearchResult, keep_highlight: str | None = None) -> None:
        """Replace the rows with `result`, keeping the highlight on `keep_highlight` if present."""
        self.result = result
        self.serial += 1
        self._asked = set()
        dated = any(hit.published is not None for hit in result.hits)
        self.indent = INDENT if dated or not result.hits else UNDATED_INDENT
        self._grid = (len(result.hits), max(1, self.page_rows))
        previous, self._by_look = self._by_look, {}
        rows: list[ResultRow | None] = [self.row(hit, previous) for hit in result.hits]
        length = result.total + result.partial
        if length > len(rows):  # the rest of the answer: rows that load as they show
            rows.extend([None] * (length - len(rows)))
        self.rows = rows
        self._filled = set(range(len(result.hits)))
        self.empty_message = None if rows else self._nothing_found(result.query)
        self._resize_virtual()
        ids = [hit.id for hit in result.hits]
        if keep_highlight in ids:
            self.highlighted = ids.index(keep_highlight)
        else:
            self.highlighted = 0 if ids else None
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _resize_virtual(self) -> None:
        lines = len(self.rows) * ROW_LINES if self.rows else 2
        size = Size(self.scrollable_content_region.width, lines)
        height = self.scrollable_content_region.height
        old = self.virtual_size
        if (
            self.show_vertical_scrollbar
            and size.width == old.width
            and old.height > height
            and lines > height
        ):
            # Only the scrollbar's range changes: no layout of the whole screen (a keystroke
            # changes the answer's length nearly every time).
            self.set_reactive(ResultsList.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = lines
            return
        self.virtual_size = size

    @staticmethod
    def _nothing_found(query: str) -> Content:
        """The empty state: what was searched, and what to try."""
        return Content.assemble(
            "No articles match ",
            (safe(query.strip()), "$foreground"),
            "\nFewer words, or words without their accents, find more.",
        )

    @property
    def hit_count(self) -> int:
        """How many hits the list holds, loaded or not (its empty-state message is not one)."""
        return len(self.rows)

    @property
    def loaded(self) -> int:
        """How many of its hits are loaded."""
        return len(self._filled)

    @property
    def highlighted_hit(self) -> SearchHit | None:
        """The hit under the cursor (None while its page is loading)."""
        index = self.highlighted
        row = self.rows[index] if index is not None and index < len(self.rows) else None
        return row.hit if row is not None else None

    @property
    def highlighted_id(self) -> str | None:
        hit = self.highlighted_hit
        return hit.id if hit is not None else None

    def loaded_ids(self) -> list[str]:
        """The ids of the loaded hits, in the list's order."""
        return [self._loaded_row(index).hit.id for index in sorted(self._filled)]

    def index_of(self, article_id: str) -> int | None:
        """The row of a loaded hit (None when it is not loaded or not in the list)."""
        return next(
            (i for i in sorted(self._filled) if self._loaded_row(i).hit.id == article_id), None
        )

    def _loaded_row(self, index: int) -> ResultRow:
        row = self.rows[index]
        assert row is not None, "a filled index holds a row"
        return row

    def add_page(self, serial: int, offset: int, result: SearchResult) -> None:
        """Fill in the hits of a later page (`offset` is its first row's index); a page of
        an answer no longer shown (`serial`) is dropped."""
        if serial != self.serial:
            return
        self._asked.discard(offset)
        rows = self.rows
        for index, hit in enumerate(result.hits, start=offset):
            if index < len(rows) and rows[index] is None:
                rows[index] = self.row(hit)
                self._filled.add(index)
        end = offset + len(result.hits)
        if len(result.hits) < self._grid[1] and end < len(rows):
            del rows[end:]  # the answer is shorter than it said: the list ends here
            self._filled = {index for index in self._filled if index < end}
            self._resize_virtual()
            if self.highlighted is not None and self.highlighted >= len(rows):
                self.highlighted = len(rows) - 1 if rows else None
        self.refresh()

    def _ask_for(self, index: int) -> None:
        """Ask for the page holding row `index`, unless it is on its way."""
        first, size = self._grid
        start = first + (index - first) // size * size
        if start not in self._asked:
            self._asked.add(start)
            self.post_message(PageWanted(self.serial, start, size))

    def refresh_marks(self) -> None:
        """Redraw the rows whose marks (read, bookmark, tags) changed."""
        if self.result is None:
            return
        changed = False
        for index in self._filled:
            row = self._loaded_row(index)
            if self.marks[row.hit.id] != row.mark:
                self.rows[index] = self.row(row.hit)
                changed = True
        if changed:
            self.refresh()

    # -- drawing --------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        if not self.rows:
            message = self.empty_message
            style = self.get_visual_style("results-list--empty")
            lines = message.split("\n") if message is not None else []
            if line < len(lines):
                return _strip(lines[line], width, style, self._get_style)
            return Strip.blank(width, style.rich_style)
        index, offset = divmod(line, ROW_LINES)
        if index >= len(self.rows):
            return Strip.blank(width, self.get_visual_style("results-list--row").rich_style)
        if index == self.highlighted:
            style = self.get_visual_style("results-list--row", "results-list--cursor")
        else:
            style = self.get_visual_style("results-list--row")
        row = self.rows[index]
        if row is None:  # its page is on its way
            self._ask_for(index)
            text = (
                Content.styled(" " * self.indent + "…", "$text-muted") if offset == 0 else Content()
            )
            return _strip(text, width, style, self._get_style)
        strips = row.render_strips(width, None, style, self._render_options)
        return strips[offset]

    @property
    def _render_options(self) -> RenderOptions:
        # A row draws with the style it is given and reads no style rules: none are passed.
        return RenderOptions(self._get_style, _NO_RULES)

    def on_resize(self) -> None:
        # Every line again: a widget that moved (the timeline appearing above it) keeps its
        # old lines on screen otherwise.
        self._resize_virtual()
        self.scroll_to_highlight()
        self.refresh()  # rows not loaded that come into view ask for their page

    # -- the cursor -----------------------------------------------------------------------------

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self.rows:
            return None
        return max(0, min(highlighted, len(self.rows) - 1))

    def watch_highlighted(self, highlighted: int | None) -> None:
        self.scroll_to_highlight()
        self.refresh()

    def scroll_to_highlight(self) -> None:
        if self.highlighted is None:
            return
        top = self.highlighted * ROW_LINES
        self.scroll_to_region(
            Region(0, top, self.scrollable_content_region.width, ROW_LINES),
            animate=False,
            immediate=True,
        )

    def _move(self, rows: int) -> None:
        if self.highlighted is not None:
            self.highlighted += rows

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height // ROW_LINES))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height // ROW_LINES))

    def action_first(self) -> None:
        if self.rows:
            self.highlighted = 0

    def action_last(self) -> None:
        """The last hit of the whole answer (its page loads when it shows)."""
        if self.rows:
            self.highlighted = len(self.rows) - 1

    def action_select(self) -> None:
        article_id = self.highlighted_id
        if article_id:
            self.post_message(ArticleChosen(article_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.rows:
            return
        index = (self.scroll_offset.y + offset.y) // ROW_LINES
        if index < len(self.rows):
            self.focus()
            self.highlighted = index
            self.action_select()
