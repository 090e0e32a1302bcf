"""The user's research as the TUI sees it: archive calls in order off the event loop, and
what the result rows show of each article (read, bookmarked, tags).

Everything lives in the archive's research folder, reached through the `Archive` facade.
`ResearchJobs` runs each call in a thread worker, strictly in the order asked (a bookmark
toggled twice ends as the user left it), and hands its answer to the event loop; a user's
mistake (`ArchiveError`) is told in one line. `Marks` keeps what the rows show of the
articles looked up so far, filled by `look_up` in a worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from textual.dom import DOMNode

from reader.archive import Archive, ArchiveError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Mark:
    """What a result row shows of the user's research on one article."""

    read: bool = True
    """Read (an article not looked up yet shows as read: no row turns bold by mistake)."""
    bookmarked: bool = False
    tags: tuple[str, ...] = ()


UNKNOWN = Mark()


class Marks:
    """The marks of the articles looked up, by id (event loop only)."""

    def __init__(self) -> None:
        self._by_id: dict[str, Mark] = {}

    def __getitem__(self, article_id: str) -> Mark:
        return self._by_id.get(article_id, UNKNOWN)

    def update(self, found: dict[str, Mark]) -> None:
        self._by_id.update(found)

    def change(
        self,
        article_id: str,
        *,
        read: bool | None = None,
        bookmarked: bool | None = None,
    ) -> None:
        """Set what the user just changed of one article."""
        mark = self[article_id]
        self._by_id[article_id] = Mark(
            mark.read if read is None else read,
            mark.bookmarked if bookmarked is None else bookmarked,
            mark.tags,
        )


def look_up(archive: Archive, article_ids: Iterable[str]) -> dict[str, Mark]:
    """The marks of these articles, from the research folder (blocking: in a worker). An
    annotation file that cannot be read shows as none (`Archive.research_problems` says
    which, once, at start)."""
    found: dict[str, Mark] = {}
    for article_id in dict.fromkeys(article_ids):
        try:
            annotations = archive.annotations(article_id)
        except ArchiveError:
            found[article_id] = Mark(archive.is_read(article_id))
            continue
        found[article_id] = Mark(
            archive.is_read(article_id), annotations.is_bookmarked, annotations.tags
        )
    return found


class ResearchJobs:
    """Archive calls of the user's research, run off the event loop one after another in
    the order they were asked for."""

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._asked = 0
        self._done = 0

    def run(
        self,
        node: DOMNode,
        job: Callable[[], T],
        done: Callable[[T], None],
        what: str,
    ) -> None:
        """Run `job` in a thread worker of `node` after the jobs asked before it; `done`
        gets its answer on the event loop, unless `node` is gone by then (a dialog closed
        meanwhile). An `ArchiveError` is told as `what: reason`."""
        ticket = self._asked
        self._asked += 1
        app = node.app

        def run() -> None:
            with self._turn:
                self._turn.wait_for(lambda: self._done == ticket)
            try:
                answer = job()
                app.call_from_thread(_answer, node, done, answer)
            except ArchiveError as exc:
                app.call_from_thread(app.notify, f"{what}: {exc}", severity="warning", markup=False)
            except Exception as exc:  # a failing disk: said, never fatal
                app.call_from_thread(app.notify, f"{what}: {exc}", severity="error", markup=False)
            finally:
                with self._turn:
                    self._done += 1
                    self._turn.notify_all()

        node.run_worker(run, thread=True, group="research", description=what, exit_on_error=False)


def _answer(node: DOMNode, done: Callable[[T], None], answer: T) -> None:
    if node.is_attached:
        done(answer)
