"""The main screen's research commands: tags (`t`, `T`), the note (`a`, `E` edits the article),
highlights (`h`, `H`), citations (`c` and the palette), read state (`U`, `.`), and what the
result rows and the article show of them.

All of it is kept in the archive's research folder through the `Archive` facade, called off
the event loop in order (`ResearchJobs`). A command acts on the article the user is looking
at: the highlighted result while the list has the focus (or no article is open), else the open
article; highlights are of the open article's paragraph at the reading position.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType

from reader.archive import Archive, ArchiveError
from reader.tui.render import quoted
from reader.tui.research_work import Mark, ResearchJobs, look_up

if TYPE_CHECKING:
    from reader.model.article import Article
    from reader.research.migrate import MigrationReport
    from reader.research.trash import TrashEntry
    from reader.tui.screens.main import MainScreen
    from reader.tui.screens.tags import TagChange

Editor = Callable[[Path], None]
"""Runs the user's editor on one file and waits for it (raises with a one-line reason)."""

RESEARCH_BINDINGS: list[BindingType] = [
    Binding("t", "research('tag')", "tag", show=False, id="main.tag"),
    Binding("T", "research('tag_all')", "tag all results", show=False, id="main.tag_all"),
    Binding("number_sign", "research('tags')", "tags", show=False, key_display="#", id="main.tags"),
    Binding("a", "research('note')", "note", show=False, id="main.note"),
    Binding("E", "research('edit')", "edit the article", show=False, id="main.edit"),
    Binding("h", "research('highlight')", "highlight", show=False, id="main.highlight"),
    Binding("H", "research('highlights')", "highlights", show=False, id="main.highlights"),
    Binding("c", "research('cite')", "copy citation", show=False, id="main.cite"),
    Binding("U", "research('mark_unread')", "mark unread", show=False, id="main.mark_unread"),
    Binding("D", "research('remove')", "move to the trash", show=False, id="main.remove"),
    Binding(
        "ctrl+z",
        "research('restore')",
        "undo the last move to the trash",
        show=False,
        id="main.restore",
    ),
    Binding(
        "full_stop",
        "research('next_unread')",
        "next unread",
        show=False,
        key_display=".",
        id="main.next_unread",
    ),
]
"""The main screen's research keys (not while typing in an input)."""
COMMANDS = frozenset(
    {
        "tag",
        "tag_all",
        "tags",
        "note_in_editor",
        "note",
        "edit",
        "highlight",
        "highlights",
        "cite",
        "copy_link",
        "copy_id",
        "mark_unread",
        "next_unread",
        "remove",
        "restore",
    }
)
"""What `MainScreen.action_research` may run."""
CITE_STYLES = ("plain", "apa", "chicago")
DEFAULT_STYLE = "apa"
"""The style `c` copies a citation in."""
NOTICE_CHARS = 160
"""Characters of a copied citation repeated in the notice at most."""


@dataclass(frozen=True, slots=True)
class Target:
    """The article a command acts on."""

    article_id: str
    title: str


@dataclass(frozen=True, slots=True)
class OpenedResearch:
    """What the article view shows of the user's research on the open article."""

    article_id: str
    mark: Mark
    paragraphs: frozenset[int]
    read_problem: str | None


def read_research(
    archive: Archive, article_id: str, read_problem: str | None = None
) -> OpenedResearch:
    """What the article view shows of one article (blocking: in a worker)."""
    mark = look_up(archive, [article_id])[article_id]
    places = archive.highlight_places(article_id)
    paragraphs = frozenset(place.paragraph for _, place in places if place is not None)
    return OpenedResearch(article_id, mark, paragraphs, read_problem)


class ResearchActions:
    """Research commands for the main screen, which owns the panes."""

    def __init__(self, screen: MainScreen, editor: Editor | None = None) -> None:
        self._screen = screen
        self.editor = editor
        """The user's editor for `E` (None: no terminal to lend it, or none configured)."""
        self.jobs = ResearchJobs()
        """The archive calls, in order, off the event loop."""
        self._told_read_problem = False
        self.removed: list[str] = []
        """Trash entries of the articles moved there here, the latest last (for ctrl+z)."""

    @property
    def archive(self) -> Archive:
        return self._screen.archive

    def run(self, command: str, *arguments: str) -> None:
        """Run one of COMMANDS (a key's or the palette's)."""
        if command in COMMANDS:
            getattr(self, command)(*arguments)

    def applies(self, command: str) -> bool:
        """Whether `command` can do anything now (the palette offers it only then)."""
        screen = self._screen
        has_article = screen.reading.article is not None
        if command in ("highlight", "highlights"):
            return has_article
        if command == "tags":
            return True
        if command == "restore":
            return bool(self.removed)
        if command == "tag_all":
            return screen.results.hit_count > 0
        if command == "next_unread":
            return screen.results.hit_count > 0
        if command in ("edit", "note_in_editor"):
            return self.editor is not None and (has_article or screen.results.hit_count > 0)
        return has_article or screen.results.highlighted_id is not None

    def writable(self) -> bool:
        """Whether the user's research can be written here; the bundled sample archive
        (`--sample`) is not written to, as on the command line (said)."""
        if not self.archive.config.sample:
            return True
        self._screen.notify(
            "The sample archive is not written to: tag, annotate and bookmark in your own "
            "archive (without --sample).",
            markup=False,
            timeout=5,
        )
        return False

    def _run(self, job: Callable[[], object], done: Callable[..., None], what: str) -> None:
        self.jobs.run(self._screen, job, done, what)

    # -- what the user looks at ----------------------------------------------------------------

    def target(self, verb: str) -> Target | None:
        """The highlighted result (in the list, or with no article open), else the open
        article; None (said, with `verb`) when there is neither."""
        screen = self._screen
        article = screen.reading.article
        if screen.focused is screen.results or article is None:
            hit = screen.results.highlighted_hit
            if hit is None:
                screen.notify(f"Nothing to {verb}: open or highlight an article.", timeout=3)
                return None
            return Target(hit.id, hit.title)
        return Target(article.id, article.title)

    def open_article(self, verb: str) -> Article | None:
        """The open article (None, said with `verb`, when none is)."""
        article = self._screen.reading.article
        if article is None:
            self._screen.notify(f"Open an article to {verb}.", markup=False, timeout=3)
        return article

    # -- marks of the rows and of the open article ---------------------------------------------

    def mark_rows(self, article_ids: list[str]) -> None:
        """Look up what the rows of these articles show (read, bookmarked, tags)."""
        if article_ids:
            archive = self.archive
            self._run(lambda: look_up(archive, article_ids), self._rows_marked, "Reading tags")

    def _rows_marked(self, found: dict[str, Mark]) -> None:
        results = self._screen.results
        results.marks.update(found)
        results.refresh_marks()

    def changed(
        self, article_id: str, *, read: bool | None = None, bookmarked: bool | None = None
    ) -> None:
        """The user changed what a row shows of one article: redraw it."""
        results = self._screen.results
        results.marks.change(article_id, read=read, bookmarked=bookmarked)
        results.refresh_marks()

    def opened(self, article: Article) -> None:
        """An article was opened: mark it read, and show its tags and highlights."""
        archive, article_id = self.archive, article.id

        sample = archive.config.sample

        def job() -> OpenedResearch:
            if sample:  # the bundled sample is never written to
                return read_research(archive, article_id)
            try:
                archive.mark_read([article_id])
            except ArchiveError as exc:  # a read-only archive: the rest still shows
                return read_research(archive, article_id, str(exc))
            return read_research(archive, article_id)

        self._run(job, self._show_opened, "Reading the article's research")

    def _show_opened(self, found: OpenedResearch) -> None:
        results = self._screen.results
        results.marks.update({found.article_id: found.mark})
        results.refresh_marks()
        view = self._screen.article_view
        if view.article is not None and view.article.id == found.article_id:
            view.show_research(found.mark.tags, found.paragraphs)
        if found.read_problem and not self._told_read_problem:
            self._told_read_problem = True
            self._screen.notify(
                f"What you read is not kept: {found.read_problem}",
                severity="warning",
                markup=False,
                timeout=8,
            )

    def _refresh_open(self, article_id: str) -> None:
        """Show the open article's research again, if it is `article_id`."""
        article = self._screen.reading.article
        if article is not None and article.id == article_id:
            archive = self.archive
            self._run(
                lambda: read_research(archive, article_id),
                self._show_opened,
                "Reading the article's research",
            )

    # -- the old state file ---------------------------------------------------------------------

    def migrate(self, state_path: Path) -> None:
        """Take over the bookmarks, read state and saved searches of the old state file
        into the research folder (once: the archive records it), and say so that time; say
        too which annotation files cannot be read."""
        archive = self.archive
        if archive.config.sample:
            return

        def job() -> tuple[MigrationReport, list[str]]:
            return archive.migrate_ui_state(state_path), archive.research_problems()

        def done(found: tuple[MigrationReport, list[str]]) -> None:
            report, problems = found
            for problem in problems:
                self._screen.notify(
                    f"Cannot read your annotations: {problem}",
                    severity="warning",
                    markup=False,
                    timeout=10,
                )
            if report.already or not report.found:
                return
            read, bookmarks, searches = report.read, report.bookmarks, report.saved_searches
            if not (read or bookmarks or searches):
                return
            said = (
                f"{bookmarks} bookmark{'s' * (bookmarks != 1)}, {searches} saved "
                f"search{'es' * (searches != 1)} and {read} article{'s' * (read != 1)} read"
            )
            self._screen.notify(
                f"Your {said} now live in the archive's research/ folder (taken over from "
                f"{state_path}, which is left as it was).",
                markup=False,
                timeout=12,
            )
            self.mark_rows(self._screen.results.loaded_ids())

        self._run(job, done, "Taking over bookmarks")

    # -- tags -----------------------------------------------------------------------------------

    def tag(self) -> None:
        """`t`: add or remove tags of the article looked at."""
        target = self.target("tag")
        if target is None or not self.writable():
            return
        archive = self.archive

        def read() -> tuple[tuple[str, ...], list[str]]:
            own = archive.annotations(target.article_id).tags
            return own, [found.tag for found in archive.tags()]

        def ask(found: tuple[tuple[str, ...], list[str]]) -> None:
            from reader.tui.screens.tags import TagScreen

            own, known = found
            self._screen.app.push_screen(TagScreen(target.title, own, known), apply)

        def apply(change: TagChange | None) -> None:
            if change:
                self._retag([target.article_id], change, quoted(target.title))

        self._run(read, ask, "Reading tags")

    def tag_all(self) -> None:
        """`T`: tag every result of the current query, after saying how many."""
        screen = self._screen
        query = screen.search_box.value
        archive = self.archive
        if not self.writable():
            return
        if not screen.results.hit_count:
            screen.notify("No results to tag.", markup=False, timeout=3)
            return

        def read() -> tuple[list[str], list[str]]:
            return archive.matching_ids(query), [found.tag for found in archive.tags()]

        def ask(found: tuple[list[str], list[str]]) -> None:
            from reader.tui.screens.confirm import ConfirmScreen
            from reader.tui.screens.tags import TagScreen

            ids, known = found
            if not ids:
                screen.notify("No article matches this query as written.", timeout=4)
                return
            what = f"“{query.strip()}”" if query.strip() else "every article"

            def confirm(change: TagChange | None) -> None:
                if not change:
                    return
                noun = "article" if len(ids) == 1 else "articles"
                question = f"Change the tags of {len(ids):,} {noun}: {change.describe()}?"

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._retag(ids, change, f"{len(ids):,} {noun}")

                screen.app.push_screen(ConfirmScreen(question), answered)

            screen.app.push_screen(TagScreen(what, (), known, count=len(ids)), confirm)

        self._run(read, ask, "Reading the results")

    def tags(self) -> None:
        """`#`: every tag with its count; `enter` searches the tag's articles."""
        screen = self._screen
        archive = self.archive

        def chosen(query: str | None) -> None:
            if query is not None:
                screen.show_query(query)

        def show(counts: list[tuple[str, int]]) -> None:
            from reader.tui.screens.tags import TagsScreen

            screen.app.push_screen(TagsScreen(counts), chosen)

        self._run(lambda: [(t.tag, t.count) for t in archive.tags()], show, "Reading tags")

    def _retag(self, article_ids: list[str], change: TagChange, what: str) -> None:
        archive = self.archive
        shown = set(self._screen.results.loaded_ids())
        if self._screen.reading.article is not None:
            shown.add(self._screen.reading.article.id)

        def job() -> dict[str, Mark]:
            if change.added:
                archive.add_tags(article_ids, change.added)
            if change.removed:
                archive.remove_tags(article_ids, change.removed)
            return look_up(archive, [i for i in article_ids if i in shown])

        def done(found: dict[str, Mark]) -> None:
            self._rows_marked(found)
            for article_id in found:
                self._refresh_open(article_id)
            self._screen.notify(f"{change.describe()}: {what}", markup=False, timeout=4)

        self._run(job, done, "Tagging")

    # -- the note, and the article's file in the editor ----------------------------------------

    def note(self) -> None:
        """`a`: the note of the article looked at, in a text area."""
        target = self.target("annotate")
        if target is None or not self.writable():
            return
        archive, article_id = self.archive, target.article_id

        def ask(note: str) -> None:
            def save(text: str | None) -> None:
                if text is None or text == note:
                    return
                self._run(
                    lambda: archive.set_note(article_id, text),
                    lambda _: self._screen.notify(
                        "Note saved." if text.strip() else "Note removed.",
                        markup=False,
                        timeout=3,
                    ),
                    "Saving the note",
                )

            from reader.tui.screens.note import NoteScreen  # loaded when first asked for

            self._screen.app.push_screen(NoteScreen(target.title, note), save)

        self._run(lambda: archive.annotations(article_id).note, ask, "Reading the note")

    def edit(self) -> None:
        """`E`: the article's own file in the user's editor; indexed again and shown again
        when it comes back changed."""
        target = self.target("edit")
        if target is None or not self.writable():
            return
        screen = self._screen
        try:
            path = self.archive.article_path(target.article_id)
            before = path.read_bytes()
        except (ArchiveError, OSError) as exc:
            screen.notify(f"Cannot edit it: {exc}", severity="warning", markup=False)
            return
        if not self._in_editor(path):
            return
        archive, article_id = self.archive, target.article_id

        def job() -> bool | None:
            if path.read_bytes() == before:
                return None
            return archive.reindex(article_id)

        def done(indexed: bool | None) -> None:
            if indexed is None:
                screen.notify("The article is unchanged.", markup=False, timeout=3)
                return
            said = "indexed again" if indexed else "the index takes it in at the next sync"
            screen.notify(f"Saved {quoted(target.title)}: {said}.", markup=False, timeout=4)
            screen.refresh_results()
            if screen.reading.article is not None and screen.reading.article.id == article_id:
                position = screen.reading.position or 0.0
                screen.open_article(article_id, record=False, scroll_y=position)

        self._run(job, done, "Reading the edited article")

    def _in_editor(self, path: Path) -> bool:
        """Lend the terminal to the user's editor on `path` until it exits; False (said)
        when it could not run or failed."""
        screen = self._screen
        if self.editor is None:
            screen.notify("No editor here: use `reader edit` or `reader note`.", markup=False)
            return False
        try:
            with screen.app.suspend():
                self.editor(path)
        except SuspendNotSupported:
            screen.notify("This terminal cannot lend itself to an editor.", markup=False)
            return False
        except Exception as exc:  # the editor's failure, in one line
            screen.notify(str(exc), severity="warning", markup=False)
            return False
        finally:
            screen.refresh()
        return True

    def note_in_editor(self) -> None:
        """The note of the article looked at in the user's editor, on a temporary file;
        saved when it comes back changed (the file is kept, and said, when it cannot be)."""
        target = self.target("annotate")
        if target is None or not self.writable():
            return
        screen, archive, article_id = self._screen, self.archive, target.article_id

        def edit(note: str) -> None:
            handle, name = tempfile.mkstemp(prefix=f"reader-note-{article_id[:40]}-", suffix=".md")
            path = Path(name)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(note)
            if not self._in_editor(path):
                path.unlink(missing_ok=True)
                return
            try:
                after = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                screen.notify(
                    f"The note is not saved ({exc}); your text is in {path}", markup=False
                )
                return
            if after.rstrip("\n") == note.rstrip("\n"):
                path.unlink(missing_ok=True)
                screen.notify("The note is unchanged.", markup=False, timeout=3)
                return

            def saved(_: object) -> None:
                path.unlink(missing_ok=True)
                screen.notify("Note saved.", markup=False, timeout=3)

            what = f"The note is not saved (your text is in {path})"
            self._run(lambda: archive.set_note(article_id, after), saved, what)

        self._run(lambda: archive.annotations(article_id).note, edit, "Reading the note")

    # -- highlights -----------------------------------------------------------------------------

    def highlight(self) -> None:
        """`h`: highlight the open article's paragraph at the reading position."""
        article = self.open_article("highlight a paragraph")
        if article is None or not self.writable():
            return
        found = self._screen.article_view.reading_paragraph()
        if found is None:
            self._screen.notify("Scroll to a paragraph of the article first.", timeout=3)
            return
        paragraph, text = found
        archive, article_id = self.archive, article.id

        def add(comment: str | None) -> None:
            if comment is None:
                return

            def done(_: object) -> None:
                self._screen.notify(f"Paragraph {paragraph} highlighted.", timeout=3)
                self._refresh_open(article_id)

            self._run(
                lambda: archive.add_highlight(article_id, paragraph, None, comment),
                done,
                "Highlighting",
            )

        from reader.tui.screens.note import CommentScreen  # loaded when first asked for

        self._screen.app.push_screen(CommentScreen(text), add)

    def highlights(self) -> None:
        """`H`: the open article's highlights and note; `enter` goes to one."""
        article = self.open_article("see its highlights")
        if article is None:
            return
        article_id = article.id

        def closed(paragraph: int | None) -> None:
            self._refresh_open(article_id)
            view = self._screen.article_view
            if paragraph is not None and view.article is not None and view.article.id == article_id:
                view.focus()
                view.go_to_paragraph(paragraph)

        from reader.tui.screens.highlights import HighlightsScreen

        screen = HighlightsScreen(self.archive, self.jobs, article_id, article.title)
        self._screen.app.push_screen(screen, closed)

    # -- citations and links --------------------------------------------------------------------

    def cite(self, style: str = DEFAULT_STYLE) -> None:
        """Copy a citation of the article looked at in `style` to the clipboard."""
        target = self.target("cite")
        if target is None:
            return
        archive = self.archive

        def copy(text: str) -> None:
            text = text.strip()
            self._screen.app.copy_to_clipboard(text)
            shown = text if len(text) <= NOTICE_CHARS else text[: NOTICE_CHARS - 1] + "…"
            self._screen.notify(f"Citation ({style}) copied: {shown}", markup=False, timeout=6)

        self._run(lambda: archive.cite(target.article_id, style=style), copy, "Citing")

    def copy_link(self) -> None:
        """Copy the web address of the article looked at."""
        target = self.target("copy")
        if target is None:
            return
        archive = self.archive

        def copy(url: str | None) -> None:
            if not url:
                self._screen.notify("This article has no web address.", markup=False, timeout=3)
                return
            self._screen.app.copy_to_clipboard(url)
            self._screen.notify(f"Link copied: {url}", markup=False, timeout=4)

        self._run(lambda: archive.get(target.article_id).url, copy, "Reading the article")

    def copy_id(self) -> None:
        """Copy the id of the article looked at."""
        target = self.target("copy")
        if target is not None:
            self._screen.app.copy_to_clipboard(target.article_id)
            self._screen.notify(f"Id copied: {target.article_id}", markup=False, timeout=4)

    # -- removing an article ------------------------------------------------------------------

    def remove(self) -> None:
        """`D`: move the article looked at to the archive's trash (its file, raw pages and
        annotations), after asking; `ctrl+z` puts it back."""
        target = self.target("remove")
        if target is None or not self.writable():
            return
        screen, archive, article_id = self._screen, self.archive, target.article_id
        question = (
            f"Move {quoted(target.title)} to the archive's trash? "
            "ctrl+z (or reader trash --restore) puts it back."
        )

        def done(entry: TrashEntry) -> None:
            self.removed.append(entry.name)
            if screen.reading.article is not None and screen.reading.article.id == article_id:
                screen.close_article()
            screen.refresh_results()
            screen.notify(
                f"Moved to the trash: {quoted(target.title)} (ctrl+z puts it back)",
                markup=False,
                timeout=6,
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(lambda: archive.remove(article_id), done, "Moving to the trash")

        from reader.tui.screens.confirm import ConfirmScreen

        screen.app.push_screen(ConfirmScreen(question), answered)

    def restore(self) -> None:
        """`ctrl+z`: put back the article last moved to the trash in this session."""
        screen = self._screen
        if not self.removed:
            screen.notify("Nothing moved to the trash here to put back.", timeout=3)
            return
        if not self.writable():
            return
        archive, name = self.archive, self.removed.pop()

        def done(entry: TrashEntry) -> None:
            screen.refresh_results()
            screen.notify(f"Put back: {quoted(entry.title)}", markup=False, timeout=4)

        self._run(lambda: archive.restore(name), done, "Putting back")

    # -- read state -----------------------------------------------------------------------------

    def mark_unread(self) -> None:
        """`U`: the article looked at is unread again."""
        target = self.target("mark unread")
        if target is None or not self.writable():
            return
        archive, article_id = self.archive, target.article_id

        def done(_: object) -> None:
            self.changed(article_id, read=False)
            self._screen.notify(f"Unread: {quoted(target.title)}", markup=False, timeout=3)

        self._run(lambda: archive.mark_read([article_id], read=False), done, "Marking unread")

    def next_unread(self) -> None:
        """`.`: open the next unread article of the result list (after the open one)."""
        screen = self._screen
        results = screen.results
        if not results.hit_count:
            screen.notify("No results to read.", markup=False, timeout=3)
            return
        ids = results.loaded_ids()
        article = screen.reading.article
        after = article.id if article is not None else None
        if screen.focused is results or after is None:
            after = results.highlighted_id
        more = results.loaded < results.hit_count
        archive, query, sort = self.archive, screen.search_box.value, screen.sort

        def job() -> str | None:
            found = archive.next_unread(ids, after)
            if found is None and more:  # every loaded one is read: the whole list
                whole = archive.search(query, limit=results.hit_count, sort=sort)
                found = archive.next_unread([hit.id for hit in whole.hits], after)
            return found

        def done(found: str | None) -> None:
            if found is None:
                screen.notify("Every article of this list is read.", markup=False, timeout=3)
                return
            index = results.index_of(found)
            if index is not None:
                results.highlighted = index
            screen.open_article(found)

        self._run(job, done, "Finding the next unread article")
