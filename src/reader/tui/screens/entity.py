"""The entity view: one person, place or organisation across the archive.

Shows the canonical name with its other spellings, its mentions per month (the chart `reader
entity` prints: a bar per month, the first and last month and the busiest), the entities
named most often in the same articles, and the articles, newest first. `enter` on an
article opens it for reading (back returns here); `enter` on a companion opens its own view;
`f` narrows the main screen's results to this entity. The look-up, and the reading of an
article opened from the list, run in thread workers that answer with messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.archive import Archive, ArchiveError
from reader.entities.catalog import EntityCount, EntityView
from reader.model.article import Article
from reader.tui.render import safe
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.entity_sidebar import HEADINGS, entity_row
from reader.tui.widgets.footer import ReaderFooter
from reader.tui.widgets.timeline import Timeline

ARTICLES_SHOWN = 200
"""Newest articles listed in the view."""
KIND_NAMES = {"person": "person", "place": "place", "org": "organisation"}


def view_header(view: EntityView) -> Content:
    """Name, kind, article count and other spellings, from data (never markup)."""
    noun = "article" if view.total == 1 else "articles"
    parts = [
        Content.styled(safe(view.name), "bold"),
        Content.styled(f"  {KIND_NAMES[view.kind]} · {view.total} {noun}", "$text-muted"),
    ]
    if view.aliases:
        parts.append(Content.styled("\nalso written: ", "$text-muted"))
        parts.append(Content(safe(", ".join(view.aliases))))
    return Content.assemble(*parts)


def months_title(months: tuple[tuple[str, int], ...]) -> Content:
    """`Mentions per month · 2022-06 … 2023-03, most in 2022-11 (5)`, as `reader entity`
    says it."""
    first, last = months[0][0], months[-1][0]
    peak = max(months, key=lambda item: item[1])
    span = f"{first} … {last}, most in {peak[0]}" if first != last else first
    span += f" ({peak[1]:,})"
    return Content.assemble(("Mentions per month", "bold"), (f"  {span}", "$text-muted"))


def article_row(article_title: str, published: object) -> Content:
    """`05/09/2022  Title` for the article list."""
    when = published.strftime("%d/%m/%Y") if hasattr(published, "strftime") else "undated   "
    return Content.assemble((f"{when}  ", "$text-muted"), safe(article_title))


class ArticleList(OptionList):
    """The entity's articles; `enter` opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "down", show=False, id="entity.articles.down"),
        Binding("k", "cursor_up", "up", show=False, id="entity.articles.up"),
        Binding("enter", "select", "read", id="entity.articles.open"),
    ]


class CompanionList(OptionList):
    """Entities named in the same articles; `enter` opens one's view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "down", show=False, id="entity.companions.down"),
        Binding("k", "cursor_up", "up", show=False, id="entity.companions.up"),
        Binding("enter", "select", "entity view", id="entity.companions.open"),
    ]


class ReadingScreen(Screen[None]):
    """One article opened from an entity view; back returns to the view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,left_square_bracket,alt+left,backspace", "back", "back", id="reading.back"),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        yield ArticleView(id="entity-article")
        yield ReaderFooter()

    def on_mount(self) -> None:
        view = self.query_one(ArticleView)
        view.show(self.article, [])
        view.focus()

    def action_back(self) -> None:
        self.dismiss()


class EntityScreen(Screen[tuple[str, str] | None]):
    """One entity's view; dismissed with (kind, name) when the user narrows results to it."""

    DEFAULT_CSS = """
    EntityScreen #entity-header { height: auto; padding: 0 1; }
    EntityScreen #entity-months-title { height: 1; padding: 0 1; margin-top: 1; }
    EntityScreen #entity-months { height: 2; }
    EntityScreen #entity-lists { height: 1fr; }
    EntityScreen #entity-articles { width: 2fr; height: 1fr; border: round $panel; }
    EntityScreen #entity-companions { width: 1fr; max-width: 44; height: 1fr;
        border: round $panel; }
    EntityScreen #entity-articles:focus, EntityScreen #entity-companions:focus {
        border: round $accent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,left_square_bracket,alt+left,backspace", "back", "back", id="entity.back"),
        Binding("f", "narrow", "narrow results", id="entity.narrow"),
    ]

    @dataclass
    class ViewFound(Message, bubble=False):
        """The worker looked the entity up: its view, or one line saying why there is none."""

        view: EntityView | str

    @dataclass
    class ArticleRead(Message, bubble=False):
        """The worker read the article chosen in the list (`article` None: `reason` says
        why it could not)."""

        article_id: str
        article: Article | None
        reason: str = ""

    def __init__(self, archive: Archive, kind: str, name: str) -> None:
        super().__init__()
        self.archive = archive
        self.entity_kind = kind
        self.entity_name = name
        self.view: EntityView | None = None
        """The entity's view once looked up."""
        self._article_ids: list[str] = []
        self._companions: list[EntityCount | None] = []
        self._opening: str | None = None
        """The article chosen last, until it is read: an answer for another is dropped."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"Looking up {safe(self.entity_name)}…"), id="entity-header")
            yield Static("", id="entity-months-title")
            yield Timeline(id="entity-months")
            with Horizontal(id="entity-lists"):
                yield ArticleList(id="entity-articles")
                yield CompanionList(id="entity-companions")
        yield ReaderFooter()

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#entity-articles", ArticleList)

    @property
    def companions(self) -> CompanionList:
        return self.query_one("#entity-companions", CompanionList)

    def on_mount(self) -> None:
        self.articles.border_title = "Articles, newest first"
        self.companions.border_title = "Often with"
        self.query_one("#entity-months-title").display = False
        self.query_one("#entity-months", Timeline).display = False
        self.articles.focus()
        self.load()

    @work(thread=True, exclusive=True, group="entity-view", exit_on_error=False)
    def load(self) -> None:
        """Look the entity up off the event loop."""
        try:
            view: EntityView | str = self.archive.entity_view(
                self.entity_name, self.entity_kind, limit=ARTICLES_SHOWN
            )
        except ArchiveError as exc:
            view = str(exc)
        except Exception as exc:  # the index may be busy or damaged: say so, stay usable
            view = f"The entity could not be looked up: {exc}".splitlines()[0]
        if not get_current_worker().is_cancelled:
            self.post_message(self.ViewFound(view))

    @on(ViewFound)
    def _view_found(self, event: EntityScreen.ViewFound) -> None:
        if self.is_mounted:  # not closed while the look-up ran
            self.show_view(event.view)

    def show_view(self, view: EntityView | str) -> None:
        """Fill the screen (or say why it cannot be)."""
        header = self.query_one("#entity-header", Static)
        if isinstance(view, str):
            header.update(Content(safe(view)))
            return
        self.view = view
        header.update(view_header(view))
        if view.months:
            title = self.query_one("#entity-months-title", Static)
            title.update(months_title(view.months))
            title.display = True
            chart = self.query_one("#entity-months", Timeline)
            chart.show(view.months)
            chart.display = len(view.months) > 1
        self._article_ids = [a.id for a in view.articles]
        self.articles.set_options(
            [Option(article_row(a.title, a.published)) for a in view.articles]
        )
        if view.total > len(view.articles):
            more = view.total - len(view.articles)
            self.articles.add_option(
                Option(Content.styled(f"… and {more} older", "$text-muted"), disabled=True)
            )
        width = max(12, self.companions.scrollable_content_region.width or 30)
        options: list[Option] = []
        self._companions = []
        for kind, heading in HEADINGS.items():
            group = [c for c in view.co_occurring if c.kind == kind]
            if not group:
                continue
            options.append(Option(Content.styled(heading, "bold $text-accent"), disabled=True))
            self._companions.append(None)
            for companion in group:
                options.append(Option(entity_row(companion.name, companion.articles, width)))
                self._companions.append(companion)
        self.companions.set_options(options)
        self.companions.highlighted = next(
            (i for i, c in enumerate(self._companions) if c is not None), None
        )
        if view.articles:
            self.articles.highlighted = 0

    @on(ArticleList.OptionSelected, "#entity-articles")
    def _article_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not 0 <= event.option_index < len(self._article_ids):
            return
        self._opening = self._article_ids[event.option_index]
        self.read_article(self._opening)

    @work(thread=True, exclusive=True, group="entity-article", exit_on_error=False)
    def read_article(self, article_id: str) -> None:
        """Read the chosen article off the event loop."""
        try:
            answer = self.ArticleRead(article_id, self.archive.get(article_id))
        except ArchiveError as exc:
            answer = self.ArticleRead(article_id, None, str(exc))
        except Exception as exc:  # a file the reader may not read, a failing disk...
            answer = self.ArticleRead(article_id, None, f"The article could not be read: {exc}")
        if not get_current_worker().is_cancelled:
            self.post_message(answer)

    @on(ArticleRead)
    def _article_read(self, event: EntityScreen.ArticleRead) -> None:
        if event.article_id != self._opening or not self.is_current:
            return  # another article was chosen since, or the user has left the view
        self._opening = None
        if event.article is None:
            self.notify(event.reason, severity="warning", markup=False)
            return
        self.app.push_screen(ReadingScreen(event.article))

    @on(CompanionList.OptionSelected, "#entity-companions")
    def _companion_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        other = (
            self._companions[event.option_index]
            if 0 <= event.option_index < len(self._companions)
            else None
        )
        if other is not None:
            self.app.push_screen(EntityScreen(self.archive, other.kind, other.name), self._narrowed)

    def _narrowed(self, chosen: tuple[str, str] | None) -> None:
        """A companion's view asked to narrow the results: pass it on."""
        if chosen:
            self.dismiss(chosen)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_narrow(self) -> None:
        view = self.view
        self.dismiss((view.kind, view.name) if view else (self.entity_kind, self.entity_name))
