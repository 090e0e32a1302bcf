"""The reading pane: the open article, its find bar and its related panel.

`open` reads the article's file in a thread worker (a newer request cancels an older one, and
an answer to any request but the newest is dropped), shows it, and tells the screen with
`ArticleOpened` (or `ArticleNotOpened`). Find-in-article stays inside the pane: the bar's text
goes to the article view, and the view's match count comes back to the bar. The related
panel looks up the list of the article shown; an answer for another article is dropped, and
`z` there shows the list at the pane's full height instead of the article (`esc` or `z` goes
back). `esc` closes the find bar from the article too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.worker import get_current_worker

from reader.archive import Archive, ArchiveError
from reader.model.article import Article
from reader.tui import messages as msg
from reader.tui.highlight import query_words
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.related_panel import RelatedPanel

NO_ARTICLE = "Open an article to see related coverage."
"""What the related panel says while no article is open."""


class ReadingPane(Vertical):
    """Shows one article (`open`, `show`) or none (`clear`), with its related list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close_find", "close find", show=False, id="reading.close_find"),
        Binding("escape", "unzoom", "article and list", show=False, id="reading.unzoom"),
    ]
    """esc closes the find bar (from the article too), or brings the article back over the
    related list shown at full height."""

    @dataclass
    class Read(Message, bubble=False):
        """The worker read the file of `request`: its article, or why there is none."""

        request: msg.ArticleRequest
        article: Article | None
        reason: str | None = None

    def __init__(self, archive: Archive, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._archive = archive
        self._pending: msg.ArticleRequest | None = None
        """The newest request to open an article, until its answer comes."""

    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")
        yield FindBar(id="find")
        yield RelatedPanel(id="related")

    def on_mount(self) -> None:
        self.find_bar.display = False
        self.related.show((), NO_ARTICLE)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one("#find", FindBar)

    @property
    def related(self) -> RelatedPanel:
        return self.query_one("#related", RelatedPanel)

    @property
    def article(self) -> Article | None:
        """The article shown."""
        return self.article_view.article

    @property
    def position(self) -> float | None:
        """How far the article shown is scrolled (None when none is shown)."""
        return float(self.article_view.scroll_y) if self.article is not None else None

    # -- opening an article --------------------------------------------------------------------

    def open(self, request: msg.ArticleRequest) -> None:
        """Read the article of `request` off the event loop and show it (unless another
        request, `clear` or `cancel_open` comes first)."""
        self._pending = request
        self.run_worker(
            partial(self._read, request),
            thread=True,
            exclusive=True,
            group="open",
            description="open",
            exit_on_error=False,
        )

    def cancel_open(self) -> None:
        """Keep what is shown: an article still being read is not shown after all."""
        self._pending = None

    def _read(self, request: msg.ArticleRequest) -> None:
        article_id = request.article_id
        answer: ReadingPane.Read
        if request.restore and not self._archive.has_article(article_id):
            answer = self.Read(request, None)  # gone since it was open: nothing to say
        else:
            try:
                answer = self.Read(request, self._archive.get(article_id))
            except ArchiveError as exc:
                answer = self.Read(request, None, str(exc))
            except Exception as exc:  # a file the reader may not read, a failing disk...
                answer = self.Read(request, None, f"The article could not be read: {exc}")
        if not get_current_worker().is_cancelled:
            self.post_message(answer)

    @on(Read)
    def _was_read(self, event: ReadingPane.Read) -> None:
        request, article = event.request, event.article
        if request is not self._pending:
            return  # another view was asked for since
        self._pending = None
        if article is None:
            self.post_message(msg.ArticleNotOpened(request, event.reason))
            return
        self.show(article, query_words(request.query), scroll_y=request.scroll_y)
        self.post_message(msg.ArticleOpened(request, article))

    # -- showing -------------------------------------------------------------------------------

    def show(self, article: Article, words: list[str], scroll_y: float = 0.0) -> None:
        """Show `article` with `words` highlighted, scrolled to `scroll_y`, and look up its
        related list."""
        self.zoom_related(False)
        self.find_bar.action_close()
        self.article_view.show(article, words, scroll_y=scroll_y)
        self.related.load(self._archive, article)

    def clear(self, placeholder: str = "") -> None:
        """Show no article: `placeholder` (or the view's own) in its place."""
        self.cancel_open()
        self.zoom_related(False)
        self.article_view.show(None, [], placeholder)
        self.related.show((), NO_ARTICLE)

    # -- the related list at full height -------------------------------------------------------

    @property
    def related_zoomed(self) -> bool:
        """Whether the related list takes the pane's full height (the article is hidden)."""
        return self.has_class("related-full")

    def zoom_related(self, on: bool) -> None:
        """Show the related list at the pane's full height (`on`), or under the article."""
        if on == self.related_zoomed:
            return
        self.set_class(on, "related-full")
        if on:
            self.related.focus()
        elif self.related.has_focus and self.article is not None:
            self.article_view.focus()

    @on(RelatedPanel.ZoomToggled)
    def _zoom_toggled(self, event: RelatedPanel.ZoomToggled) -> None:
        event.stop()
        self.zoom_related(not self.related_zoomed)

    def action_unzoom(self) -> None:
        self.zoom_related(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_find":
            return self.find_bar.display  # otherwise esc goes on to what else it does
        if action == "unzoom":
            return self.related_zoomed
        return True

    def action_close_find(self) -> None:
        self.find_bar.action_close()

    # -- find in article ------------------------------------------------------------------------

    def open_find(self) -> None:
        """Open the find bar over the article (there must be one)."""
        if self.article is None:
            self.notify("Open an article first.", markup=False)
            return
        self.find_bar.open()

    @on(msg.FindChanged)
    def _find_changed(self, event: msg.FindChanged) -> None:
        event.stop()
        if event.needle != self.article_view.needle:
            self.article_view.find(event.needle)
        if event.submitted:
            self.article_view.focus()

    @on(msg.FindMoved)
    def _find_moved(self, event: msg.FindMoved) -> None:
        event.stop()
        self.find_bar.set_count(event.position, event.count, event.more)

    @on(msg.FindClosed)
    def _find_closed(self, event: msg.FindClosed) -> None:
        event.stop()
        if self.article_view.needle:
            self.article_view.find("")
        if self.article is not None:
            self.article_view.focus()

    @on(msg.RelatedReady)
    def _related_ready(self, event: msg.RelatedReady) -> None:
        event.stop()
        article = self.article
        if article is not None and event.article_id == article.id:
            self.related.show(event.items, "No related articles in the archive.")
