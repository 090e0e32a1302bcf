"""Turning input files and folders into archive articles, with a reason for every failure.

No UI here: progress is reported through callbacks and the outcomes are returned as data.
"""

from __future__ import annotations

import contextlib
import functools
import json
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from reader.entities.byline import byline_people
from reader.entities.extract import extract_entities
from reader.entities.known import KnownNames
from reader.ingest.errors import IngestError
from reader.ingest.markup import bound_markup, bound_page_bytes
from reader.ingest.walk import Found, find_inputs
from reader.model.article import ENTITY_KINDS, Article, Entities
from reader.model.ids import assign_identity, normalise_url
from reader.os_errors import describe, is_disk_full
from reader.store import ArchiveStore, StoredFile

# `skipped`: found in a folder and passed over on purpose (a link leading outside it, a pipe).
Status = Literal["imported", "duplicate", "failed", "skipped"]
# Imports of at least this many files are parsed, and their entities found, by PREPARE_PROCS
# worker processes (PREPARE_CHUNK files at a time) while this process stores them in order.
PREPARE_MIN_FILES = 200
PREPARE_PROCS = 2
PREPARE_CHUNK = 8
# Files parsed ahead of the one being stored; at least PREPARE_CHUNK (a chunk waiting for a
# slot must never hold the file this process waits for).
PREPARE_AHEAD = 256
# Imported files are made durable together every FLUSH_FILES files or FLUSH_SECONDS seconds
# (one disk flush instead of an fsync per file); a killed import loses at most that much.
FLUSH_FILES = 200
FLUSH_SECONDS = 1.0
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


@dataclass(frozen=True, slots=True)
class Prepared:
    """A parsed file: its items (label, article or why it failed, entities found beforehand),
    or the reason the whole file failed; and an HTML page's bytes (tags bounded) to keep
    beside its article, from the one reading of the file (by the time the article is stored
    the file may be gone, or another file)."""

    items: list[tuple[str, Article | IngestError, Entities | None]]
    failure: str | None = None
    raw: bytes | None = None


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one input (a file, or one record of a JSON/JSONL file)."""

    path: str
    status: Status
    id: str | None = None
    reason: str | None = None

    def to_json(self) -> str:
        return json.dumps(
            {"path": self.path, "status": self.status, "id": self.id, "reason": self.reason},
            ensure_ascii=False,
        )


@dataclass
class ImportSummary:
    """Counts of an import, and the articles it stored and kept for the index to pick up."""

    outcomes: list[ImportOutcome] = field(default_factory=list)
    stored: list[tuple[Article, StoredFile]] = field(default_factory=list)
    # Stored articles handed to `Importer.on_stored` (a bulk import indexes them as they
    # come) instead of kept in `stored`: 100,000 kept articles took 1.2 GB.
    handed_on: int = 0
    # True when the stored articles could not be indexed yet (the next sync indexes them).
    index_deferred: bool = False
    # Why the import stopped early: the disk filled up (what the file system said).
    disk_full: str | None = None

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> list[ImportOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]


def find_input_files(paths: Iterable[Path]) -> Iterator[Found]:
    """The files to import under `paths` and those passed over, as `reader.ingest.walk`
    finds them."""
    from reader.ingest.dispatch import SUPPORTED_SUFFIXES

    return find_inputs(paths, frozenset(SUPPORTED_SUFFIXES))


def iter_input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Each input under `paths` with None, or the reason it is not read."""
    return ((found.path, found.problem) for found in find_input_files(paths))


class Fingerprints:
    """Content hashes and URLs already in the archive, each with its article's id.

    Either all read from the archive files' front matter, or those of the files the index
    holds as they are asked for by the index (`lookup(field, value)` -> ids) and only the
    others read from the files: a small import into a large archive then reads no file.
    """

    def __init__(
        self,
        by_sha: dict[str, str],
        by_url: dict[str, str],
        lookup: Callable[[str, str], list[str]] | None = None,
    ) -> None:
        self._found = {"sha": by_sha, "url": by_url}
        self._lookup = lookup

    def _get(self, field: str, value: str) -> str | None:
        found = self._found[field].get(value)
        if found is None and self._lookup is not None and value:
            found = next(iter(self._lookup(field, value)), None)
        return found

    def sha(self, value: str) -> str | None:
        """The id of the article with content hash `value`, or None."""
        return self._get("sha", value)

    def url(self, url: str) -> str | None:
        """The id of the article archived from `url` (as written or normalised), or None."""
        return self._get("url", url) or self._get("url", normalise_url(url))

    def add(self, article: Article) -> None:
        """Count a newly stored article."""
        self._found["sha"][article.content_sha256] = article.id
        if article.url:
            self._found["url"][article.url] = article.id
            self._found["url"][normalise_url(article.url)] = article.id


class Importer:
    """Parses inputs and stores new articles, reporting duplicates instead of re-adding them."""

    def __init__(
        self,
        store: ArchiveStore,
        max_file_bytes: int,
        known: KnownNames | None = None,
        fingerprints: Fingerprints | None = None,
    ) -> None:
        self.store = store
        self.max_file_bytes = max_file_bytes
        self._fingerprints = fingerprints or Fingerprints(*store.fingerprints())
        # The archive's names (from its index catalogue), so new mentions are written the way
        # the archive already writes them; names found by this run are added as it goes.
        self._known = known if known is not None else KnownNames()
        # Called with each article as soon as it is stored (a bulk import indexes as it goes).
        self.on_stored: Callable[[Article, StoredFile], None] | None = None

    @property
    def known(self) -> KnownNames:
        """The archive's names, with those of the articles stored so far."""
        return self._known

    def _duplicate_of(self, article: Article) -> str | None:
        if self.store.exists(article.id):
            return article.id
        found = self._fingerprints.sha(article.content_sha256)
        if found is None and article.url:
            found = self._fingerprints.url(article.url)
        return found

    def store_article(
        self,
        article: Article,
        label: str,
        summary: ImportSummary,
        found: Entities | None = None,
    ) -> Article | None:
        """Give a parsed article its identity and entities and write it, unless it is known.

        `found`: its entities as `extract_entities` finds them without the archive's names
        (computed beforehand by a worker process); the archive's names are applied here.
        """
        if not any(char.isalnum() for char in article.title):
            # A title of only punctuation or symbols (`---`, emoji) names nothing a reader
            # could search for, and the index cannot hold a title without a word.
            summary.outcomes.append(
                ImportOutcome(label, "failed", None, "the title has no letters or digits")
            )
            return None
        if article.author and not article.entities:
            # A byline names its writers (`Hải Yến/VOV.VN`, `Linh San (Theo Daily Mail)`):
            # `author` keeps the people; an outlet or a role alone (`TTXVN`, `PV`) is no one.
            # An article that comes with its entities (an archive file) is taken as it is.
            article = article.with_changes(author=", ".join(byline_people(article.author)) or None)
        # The parsers check what they can; a value that still breaks a step derived from the
        # article alone fails that article, never the import.
        try:
            article = assign_identity(article, datetime.now(UTC).replace(microsecond=0))
        except Exception as exc:
            reason = _why("could not be given an id", exc)
            summary.outcomes.append(ImportOutcome(label, "failed", None, reason))
            return None
        duplicate = self._duplicate_of(article)
        if duplicate:
            summary.outcomes.append(
                ImportOutcome(label, "duplicate", duplicate, "already in the archive")
            )
            return None
        if not article.entities:
            try:
                entities = (
                    self._known.apply(found)
                    if found is not None
                    else extract_entities(article, self._known)
                )
            except Exception as exc:
                reason = _why("could not find its names", exc)
                summary.outcomes.append(ImportOutcome(label, "failed", None, reason))
                return None
            article = article.with_changes(entities=entities)
        for kind in ENTITY_KINDS:
            for name in article.entities.of_kind(kind):
                self._known.add(kind, name)
        stored = self.store.write(article)
        self._fingerprints.add(article)
        if self.on_stored is not None:
            self.on_stored(article, stored)
            summary.handed_on += 1
        else:
            summary.stored.append((article, stored))
        summary.outcomes.append(ImportOutcome(label, "imported", article.id))
        return article

    def import_file(
        self, path: Path, summary: ImportSummary, prepared: Prepared | None = None
    ) -> list[ImportOutcome]:
        """Import every article in one file (parsed by `prepare_file` if `prepared` is given);
        returns the outcomes it added."""
        before = len(summary.outcomes)
        prepared = prepared or prepare_file(path, self.max_file_bytes, entities=False)
        if prepared.failure is not None:
            summary.outcomes.append(ImportOutcome(str(path), "failed", None, prepared.failure))
            return summary.outcomes[before:]
        for label, result, found in prepared.items:
            where = f"{path}{label and ' ' + label}"
            if isinstance(result, IngestError):
                summary.outcomes.append(ImportOutcome(where, "failed", None, str(result)))
                continue
            article = self.store_article(result, where, summary, found)
            if article is not None and prepared.raw is not None:
                self.store.write_raw(article.id, prepared.raw, ".html")
        return summary.outcomes[before:]

    def known_url(self, url: str) -> str | None:
        """The id of the article already archived from `url`, or None."""
        from reader.model.ids import id_from_url

        found = self._fingerprints.url(url)
        if found:
            return found
        article_id = id_from_url(url)
        return article_id if self.store.exists(article_id) else None

    def import_page(
        self,
        data: bytes,
        url: str,
        content_type: str | None,
        summary: ImportSummary,
        label: str | None = None,
        feed: str | None = None,
    ) -> ImportOutcome:
        """Import a downloaded page as a saved file would be, keeping its raw bytes beside it.

        The body is decoded by its declared or detected charset and parsed as HTML or text;
        the article's `url` is the page's final URL, and an HTML page's related-article links
        fill `related_titles`. `feed`: the name of the subscription that listed the page.
        """
        from reader.fetch.content import decode_page, media_type
        from reader.ingest.dispatch import looks_like_html, parse_text
        from reader.text.language import guess_language

        label = label or url
        try:
            text = decode_page(data, content_type)
            is_html = media_type(content_type) != "text/plain" and (
                media_type(content_type) in ("text/html", "application/xhtml+xml")
                or looks_like_html(text)
            )
            suffix = ".html" if is_html else ".txt"
            parsed = parse_text(text, suffix=suffix, url=url)[0][1]
            if isinstance(parsed, IngestError):
                raise parsed
            article = parsed.with_changes(url=url, feed=feed or None)
            if not article.source:
                from urllib.parse import urlsplit

                host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
                article = article.with_changes(source=host or None)
            if not article.language:
                body = f"{article.title}\n{article.lead}\n{article.body}"
                article = article.with_changes(language=guess_language(body))
            if is_html:
                # Bounded as the parser bounds it: lxml is quadratic in a tag's attributes.
                article = _with_related_links(article, bound_markup(text)[0], url)
        except IngestError as exc:
            summary.outcomes.append(ImportOutcome(label, "failed", None, str(exc)))
            return summary.outcomes[-1]
        except Exception as exc:  # a parser bug must not stop the rest of the fetch
            reason = _why("could not parse", exc)
            summary.outcomes.append(ImportOutcome(label, "failed", None, reason))
            return summary.outcomes[-1]
        stored = self.store_article(article, label, summary)
        if stored is not None:
            self.store.write_raw(stored.id, bound_page_bytes(data) if is_html else data, suffix)
        return summary.outcomes[-1]

    def run(
        self,
        paths: Iterable[Path],
        on_total: Callable[[int], None] | None = None,
        on_outcomes: Callable[[list[ImportOutcome]], None] | None = None,
    ) -> ImportSummary:
        """Import all inputs; one bad file never stops the others.

        A full disk does: the input being stored fails with that reason, the inputs after it
        are reported as not imported, and every article whose file was stored is reported
        as imported (and only those).
        """
        files = list(find_input_files(paths))
        if on_total:
            on_total(len(files))
        summary = ImportSummary()
        # Files are made durable a batch at a time; each input's outcomes are reported (one
        # call per input, as a progress bar counts them) once its files are.
        unreported: list[list[ImportOutcome]] = []
        flushed_at = time.monotonic()
        full: OSError | None = None
        done = 0
        self.store.begin_batch()
        try:
            for found, prepared in zip(files, self._prepare(files), strict=True):
                done += 1
                if found.problem:
                    status: Status = "skipped" if found.skipped else "failed"
                    outcome = ImportOutcome(str(found.path), status, None, found.problem)
                    summary.outcomes.append(outcome)
                    unreported.append([outcome])
                else:
                    before = len(summary.outcomes)
                    try:
                        unreported.append(self.import_file(found.path, summary, prepared))
                    except OSError as exc:
                        if not is_disk_full(exc):
                            raise
                        full = exc
                        failed = ImportOutcome(str(found.path), "failed", None, describe(exc))
                        summary.outcomes.append(failed)
                        unreported.append(summary.outcomes[before:])
                        break
                if (
                    self.store.pending() >= FLUSH_FILES
                    or time.monotonic() - flushed_at >= FLUSH_SECONDS
                ):
                    full = self._flush(summary, unreported)
                    if full is not None:
                        break
                    flushed_at = time.monotonic()
                    _report(unreported, on_outcomes)
        finally:
            # Also on an error or an interrupt: what was written is complete, so keep it.
            # (After a full disk too: what was staged before it may still fit.)
            full = self._flush(summary, unreported) or full
            self.store.end_batch(keep=False)
        if full is not None:
            reason = f"not imported: {describe(full)}"
            for found in files[done:]:
                outcome = ImportOutcome(str(found.path), "failed", None, reason)
                summary.outcomes.append(outcome)
                unreported.append([outcome])
            summary.disk_full = describe(full)
        _report(unreported, on_outcomes)
        return summary

    def _flush(self, summary: ImportSummary, batch: list[list[ImportOutcome]]) -> OSError | None:
        """Make the staged files durable; on a full disk, return the error after marking the
        articles of `batch` whose files did not reach the disk as failed."""
        try:
            self.store.flush()
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            self._unstored(summary, batch, describe(exc))
            return exc
        return None

    def _unstored(
        self, summary: ImportSummary, batch: list[list[ImportOutcome]], reason: str
    ) -> None:
        """Turn the `imported` outcomes of `batch` whose file is not in the archive into
        failures with `reason`, and forget their articles."""
        lost: set[str] = set()
        for outcomes in batch:
            for at, outcome in enumerate(outcomes):
                if (
                    outcome.status == "imported"
                    and outcome.id is not None
                    and not self.store.path_for(outcome.id).is_file()
                ):
                    lost.add(outcome.id)
                    outcomes[at] = ImportOutcome(outcome.path, "failed", None, reason)
        if not lost:
            return
        summary.outcomes = [
            ImportOutcome(o.path, "failed", None, reason)
            if o.status == "imported" and o.id in lost
            else o
            for o in summary.outcomes
        ]
        summary.stored = [(a, s) for a, s in summary.stored if a.id not in lost]

    def _prepare(self, files: list[Found]) -> Iterator[Prepared | None]:
        """Each file parsed with its entities found, by worker processes, in order; or None
        for each (parsed here, one by one) when there are few files or this is not the main
        thread."""
        from reader.index.writing import can_fork

        todo = [found.path for found in files if not found.problem]
        if len(todo) < PREPARE_MIN_FILES or not can_fork():
            # Workers are forked: from the main thread of the command line (whose only other
            # thread draws the progress bar, which the workers never touch), never from an
            # app's worker thread, and only where the platform forks.
            yield from (None for _ in files)
            return
        from reader.index.writing import arm_child_reaper

        arm_child_reaper()  # the workers end with this process, however it ends

        work = functools.partial(prepare_file, max_bytes=self.max_file_bytes)
        # The pool parses as fast as it can and keeps what this process has not taken yet:
        # without a bound, a 100,000-file import held most of them (1.2 GB) while the index
        # writers caught up. At most PREPARE_AHEAD files are handed out ahead of the one taken.
        slots = threading.Semaphore(PREPARE_AHEAD)
        stopped = threading.Event()

        def handed_out() -> Iterator[Path]:
            for path in todo:
                while not slots.acquire(timeout=0.1):
                    if stopped.is_set():
                        return
                yield path

        with multiprocessing.get_context("fork").Pool(PREPARE_PROCS) as pool:
            try:
                results = pool.imap(work, handed_out(), chunksize=PREPARE_CHUNK)
                for found in files:
                    if found.problem:
                        yield None
                    else:
                        yield next(results)
                        slots.release()
            finally:
                stopped.set()  # the pool's feeding thread must end before the pool does


def _report(
    unreported: list[list[ImportOutcome]],
    on_outcomes: Callable[[list[ImportOutcome]], None] | None,
) -> None:
    """Hand each input's outcomes to `on_outcomes`, then forget them."""
    if on_outcomes:
        for added in unreported:
            on_outcomes(added)
    unreported.clear()


def prepare_file(path: Path, max_bytes: int, entities: bool = True) -> Prepared:
    """Read and parse one file and find its articles' entities without the archive's names.

    Needs no archive state, so it runs in worker processes. Returns the parsed items, each
    with its entities (None when not found here), or the one-line reason the file failed.
    """
    from reader.ingest.dispatch import parse_bytes, read_input

    suffix = path.suffix.lower()
    try:
        data = read_input(path, max_bytes=max_bytes)
        parsed = parse_bytes(data, suffix=suffix)
    except IngestError as exc:
        return Prepared([], str(exc))
    except Exception as exc:  # a parser bug must not stop the rest of the import
        return Prepared([], _why("could not parse", exc))
    items: list[tuple[str, Article | IngestError, Entities | None]] = []
    for label, result in parsed:
        found = None
        if (
            entities
            and isinstance(result, Article)
            and not result.entities
            and any(char.isalnum() for char in result.title)
        ):
            with contextlib.suppress(Exception):  # found (or reported) again when stored
                found = extract_entities(result)
        items.append((label, result, found))
    keep_raw = suffix in HTML_SUFFIXES and any(isinstance(item[1], Article) for item in items)
    return Prepared(items, None, bound_page_bytes(data) if keep_raw else None)


def _why(what: str, exc: BaseException) -> str:
    """`what (TypeName: message)` on one line, cut short: the reason an unforeseen error gives."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    return f"{what} ({detail})"[:300]


def _with_related_links(article: Article, html: str, url: str) -> Article:
    """`article` with the titles of the page's related-article links added to its related list."""
    from reader.fetch.links import related_links

    titles = list(article.related_titles)
    links = list(article.related_links)
    for title, link in related_links(html, url):
        if title == article.title:
            continue
        if title not in titles:
            titles.append(title)
        if all(link != known for _, known in links):
            links.append((title, link))
    return article.with_changes(related_titles=tuple(titles), related_links=tuple(links))
