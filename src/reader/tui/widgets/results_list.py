"""The result list: one row per hit with date, title, section and a highlighted snippet."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.search import SearchHit, SearchResult, Span
from reader.tui.messages import ArticleChosen, MoreResultsWanted
from reader.tui.render import marked, safe, short_date

SNIPPET_CHARS = 240
"""Snippet characters styled per row: more than the widest row shows."""
INDENT = 9
"""Columns before the title: the date and a space."""
ROW_LINES = 4
"""Lines per row: the title (one or two), the section, the snippet, then space."""

_Look = tuple[str, tuple[Span, ...], object, tuple[str, ...], bool, bool]
"""(id, title marks, snippet, section, unread, starred): what a row's drawing depends on."""


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


def clipped(
    text: str, marks: tuple[Span, ...], size: int = SNIPPET_CHARS
) -> tuple[str, tuple[Span, ...]]:
    """At most `size` characters of a one-line snippet (the row shows less than that)."""
    if len(text) <= size:
        return text, marks
    return text[:size], tuple((start, min(end, size)) for start, end in marks if start < size)


class ResultRow(Visual):
    """One hit drawn as ROW_LINES lines, laid out once per width and kept as strips.

    OptionList asks every option for its height and wraps its text again on each redraw; a
    row here has a fixed height and keeps what it drew, so a keystroke that leaves a hit on
    screen, or a cursor move, costs no text layout.
    """

    def __init__(self, hit: SearchHit, *, unread: bool, starred: bool) -> None:
        self.hit = hit
        self.unread = unread
        self.starred = starred
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
        star = "★ " if self.starred else ""
        title = marked(safe(hit.title), hit.title_marks)
        if self.unread:
            title = title.stylize_before("bold")
        # The title may take two lines (it says what the article is); the rest takes one each.
        title_width = max(10, width - INDENT - 1 - len(star))
        title_lines = title.wrap(title_width) or [Content("")]
        if len(title_lines) > 2:
            second = title_lines[1].truncate(title_width - 1).append("…")
            title_lines = [title_lines[0], second]
        first = Content.assemble(
            (short_date(hit.published), "$text-muted"),
            " ",
            (star, "$text-warning"),
            title_lines[0].rstrip(),
        )
        lines = [first]
        lines.extend(Content(" " * INDENT).append(line.rstrip()) for line in title_lines[1:])
        section = " › ".join(safe(s) for s in hit.section)
        if section:
            lines.append(Content.assemble(" " * INDENT, (section, "italic $text-secondary")))
        snippet_text, marks = clipped(
            *near_first_mark(hit.snippet.text.replace("\n", " "), hit.snippet.marks)
        )
        if snippet_text.strip():
            snippet = marked(snippet_text, marks).stylize_before("$text-muted")
            lines.append(Content(" " * INDENT).append(snippet))
        # Every row the same height: the list's size stays put as the rows change under the
        # typing, so a keystroke repaints the list alone (no re-layout).
        lines.extend(Content("") for _ in range(ROW_LINES - len(lines)))
        return lines[:ROW_LINES]


def _strip(
    line: Content, width: int, style: Style, get_style: Callable[[str | Style], Style]
) -> Strip:
    """One line as a strip of `width` cells at most, cut with an ellipsis."""
    if line.cell_length > width:
        line = line.truncate(width, ellipsis=True)
    segments = [
        Segment(text, part.rich_style)
        for text, part in line.render(style, end="", parse_style=get_style)
    ]
    return Strip(segments, line.cell_length)


class ResultsList(OptionList):
    """The hits of the current query; `enter` opens the highlighted one."""

    BINDINGS: list[BindingType] = [
        Binding("j", "cursor_down", "down", show=False, id="results.down"),
        Binding("k", "cursor_up", "up", show=False, id="results.up"),
        Binding("enter", "select", "open", id="results.open"),
    ]
    """j/k move like the arrows; PgUp/PgDn, Home/End come from OptionList."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.result: SearchResult | None = None
        """The answer shown."""
        self.read_ids: set[str] = set()
        """Articles already opened: shown dimmer."""
        self.bookmarks: set[str] = set()
        """Bookmarked articles: shown with a star."""
        self._rows: dict[_Look, ResultRow] = {}
        """Rows built for the previous answer, reused when the next one shows the same hit
        the same way (typing on often keeps the top hits)."""
        self._marks_shown: dict[str, tuple[bool, bool]] = {}
        """(unread, starred) each shown row was drawn with."""

    def row(self, hit: SearchHit) -> ResultRow:
        """The row for one hit, reused while it would be drawn the same way."""
        look = self._look(hit)
        row = self._rows.get(look)
        if row is None:
            row = self._rows[look] = ResultRow(hit, unread=look[-2], starred=look[-1])
        return row

    def _look(self, hit: SearchHit) -> _Look:
        """Everything a row's drawing depends on (besides the width, which the row handles)."""
        unread = hit.id not in self.read_ids
        starred = hit.id in self.bookmarks
        self._marks_shown[hit.id] = (unread, starred)
        return (hit.id, hit.title_marks, hit.snippet, hit.section, unread, starred)

    def show(self, result: SearchResult, keep_highlight: str | None = None) -> None:
        """Replace the rows with `result`, keeping the highlight on `keep_highlight` if present."""
        self.result = result
        previous, self._rows = self._rows, {}
        self._marks_shown = {}
        options = []
        for hit in result.hits:
            look = self._look(hit)
            row = previous.get(look) or ResultRow(hit, unread=look[-2], starred=look[-1])
            self._rows[look] = row
            options.append(Option(row, id=hit.id))
        if not options:
            options.append(Option(self._nothing_found(result.query), disabled=True))
        self.set_options(options)
        ids = [hit.id for hit in result.hits]
        if keep_highlight in ids:
            self.highlighted = ids.index(keep_highlight)
        elif ids:
            self.highlighted = 0
            self.scroll_home(animate=False)

    @staticmethod
    def _nothing_found(query: str) -> Content:
        """The empty state: what was searched, and what to try."""
        return Content.assemble(
            ("No articles match ", "$text-muted"),
            safe(query.strip()),
            ("\nFewer words, or words without their accents, find more.", "$text-muted"),
        )

    @property
    def hit_count(self) -> int:
        """How many hits the list shows (its empty-state row is not one)."""
        return len(self.result.hits) if self.result is not None else 0

    def refresh_marks(self) -> None:
        """Redraw the rows whose read mark or bookmark changed."""
        if self.result is None:
            return
        for index, hit in enumerate(self.result.hits):
            shown = self._marks_shown.get(hit.id)
            if shown != (hit.id not in self.read_ids, hit.id in self.bookmarks):
                self.replace_option_prompt_at_index(index, self.row(hit))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        result = self.result
        if (
            result is not None
            and highlighted is not None
            and highlighted >= self.option_count - 1
            and result.total > len(result.hits)
        ):
            self.post_message(MoreResultsWanted())

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleChosen(event.option.id))
