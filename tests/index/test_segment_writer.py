"""The fast writers leave exactly the index Whoosh's own writer leaves, and fail cleanly."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from whoosh import columns as wcolumns
from whoosh import index as windex
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.writing import SegmentWriter

from reader.index import saved
from reader.index.parallel_writer import ParallelWriter, WriterFailed
from reader.index.schema import article_document, build_schema
from reader.index.whoosh_codec import InvertingWriter, column_strings, var_bytes_values
from reader.model.article import Article
from reader.model.canonical import parse_canonical

REPO = Path(__file__).resolve().parents[2]


def _documents() -> list[dict[str, Any]]:
    """The sample archive, plus enough look-alike articles that common words' postings span
    several blocks (128 postings each), with and without dates, entities and an author."""
    samples = [
        parse_canonical(path.read_text("utf-8"))
        for path in sorted((REPO / "sample_articles").glob("*.md"))
    ]
    articles: list[Article] = list(samples)
    start = datetime(2021, 3, 1, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    for number in range(300):
        base = samples[number % len(samples)]
        articles.append(
            base.with_changes(
                id=f"copy-{number:04d}",
                title=f"{base.title} ({number})",
                body=f"{base.body}\n\nBản tin số {number}, lần {number % 7}. " * (1 + number % 3),
                published=None if number % 5 == 0 else start + timedelta(days=number),
                author=None if number % 4 else "Phóng viên Lê Hà",
            )
        )
    return [article_document(a, f"{n}:100") for n, a in enumerate(articles)]


def _write(folder: Path, writer_class: type, docs: list[dict[str, Any]], **options: Any) -> Any:
    folder.mkdir(exist_ok=True)
    windex.create_in(str(folder), build_schema(), indexname="MAIN").close()
    ix = windex.open_dir(str(folder), indexname="MAIN")
    writer = writer_class(ix, compound=False, **options)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


def _postings(reader: Any) -> dict[tuple[str, bytes], tuple[Any, ...]]:
    found = {}
    for fieldname, term in reader.all_terms():
        info = reader.term_info(fieldname, term)
        stats = (
            info.weight(),
            info.doc_frequency(),
            info.min_length(),
            info.max_length(),
            info.max_weight(),
        )
        items = []
        matcher = reader.postings(fieldname, term)
        while matcher.is_active():
            items.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        found[(fieldname, term)] = (stats, tuple(items))
    return found


def _per_document(reader: Any) -> list[Any]:
    rows = []
    for docnum in range(reader.doc_count_all()):
        lengths = {f: reader.doc_field_length(docnum, f) for f in reader.schema.scorable_names()}
        rows.append((reader.stored_fields(docnum), lengths))
    columns = {
        name: list(reader.column_reader(name)) for name in ("id", "stamp", "pubkey", "entities")
    }
    return [rows, columns]


def test_the_inverting_writer_writes_what_whoosh_writes(tmp_path: Path) -> None:
    docs = _documents()
    theirs = _write(tmp_path / "whoosh", SegmentWriter, docs)
    ours = _write(tmp_path / "ours", InvertingWriter, docs)
    with theirs.reader() as expected, ours.reader() as written:
        expected_postings = _postings(expected)
        assert any(len(items) > 128 for _, items in expected_postings.values())
        assert _postings(written) == expected_postings
        assert _per_document(written) == _per_document(expected)
        for fieldname in expected.schema.scorable_names():
            assert written.field_length(fieldname) == expected.field_length(fieldname)
    for suffix in (".pst", ".trm"):  # postings and terms: the very same bytes
        (theirs_file,) = (tmp_path / "whoosh").glob(f"*{suffix}")
        (ours_file,) = (tmp_path / "ours").glob(f"*{suffix}")
        assert ours_file.read_bytes() == theirs_file.read_bytes()


def test_a_text_column_read_in_one_piece_is_the_column_whoosh_reads(tmp_path: Path) -> None:
    ix = _write(tmp_path, InvertingWriter, _documents())
    with ix.reader() as reader:
        for segment, _ in reader.leaf_readers():
            for fieldname in ("id", "stamp"):
                values = segment.column_reader(fieldname)
                expected = [v.decode() if isinstance(v, bytes) else v for v in values]
                assert column_strings(segment, fieldname) == expected


@pytest.mark.parametrize("cutoff", [0, 2**15])  # past the cutoff, offsets are written too
def test_var_bytes_values_reads_both_layouts_of_the_column(cutoff: int) -> None:
    values = [b"", "Cần Thơ".encode(), b"x" * 300, b"", b"last"]
    column = wcolumns.VarBytesColumn(write_offsets_cutoff=cutoff)
    out = StructFile(io.BytesIO())  # type: ignore[no-untyped-call]
    writer = column.writer(out)
    for docnum, value in enumerate(values):
        if value:
            writer.add(docnum, value)
    writer.finish(len(values))
    data = out.file.getvalue()
    dbfile = BufferFile(data)  # type: ignore[no-untyped-call]
    assert var_bytes_values(dbfile, 0, len(data), len(values)) == values
    assert list(column.reader(dbfile, 0, len(data), len(values))) == values


def test_the_inverting_writer_refuses_to_merge(tmp_path: Path) -> None:
    docs = _documents()[:3]
    ix = _write(tmp_path, SegmentWriter, docs)
    writer = InvertingWriter(ix, compound=False)
    writer.add_document(**_documents()[3])
    writer.commit()
    assert len(ix._segments()) == 2  # the old segment was kept, not fed through the pool
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 4


def test_the_parallel_writer_spreads_documents_over_segments_and_keeps_deletions(
    tmp_path: Path,
) -> None:
    docs = _documents()
    ix = _write(tmp_path, SegmentWriter, docs[:10])
    writer = ParallelWriter(ix, procs=2, batchsize=16, segment_postings=5000, compound=False)
    # The first article again, changed: an update replaces it by id.
    writer.update_document(
        **dict(docs[0], title="thay the", title_f="thay the", _stored_title="thay the")
    )
    for doc in docs[10:]:
        writer.add_document(**doc)
    writer.commit()
    assert len(ix._segments()) > 3  # the old one, and several per process
    with ix.searcher() as searcher:
        assert searcher.doc_count() == len(docs)
        stored = [fields["id"] for fields in searcher.all_stored_fields()]
        assert sorted(stored) == sorted(doc["id"] for doc in docs)
        first = searcher.document(id=docs[0]["id"])
        assert first is not None and first["title"] == "thay the"
        assert searcher.doc_frequency("title_f", "thay") == 1


def test_told_how_many_documents_come_a_process_writes_no_small_last_segment(
    tmp_path: Path,
) -> None:
    """Every later search reads each segment: a process whose share only just overflows a
    segment keeps it in one (within TAIL_SHARE), and one whose share is far larger splits."""
    docs = _documents()
    counting = InvertingWriter(_write(tmp_path / "count", SegmentWriter, []), compound=False)
    for doc in docs:
        counting.add_document(**doc)
    total = counting.postings
    counting.cancel()
    for limit, expected, segments in (
        (int(total * 0.85), len(docs), 1),  # a tail of 15%: kept
        (int(total * 0.85), None, 2),  # not told: split at the limit
        (int(total * 0.45), len(docs), 2),  # more than a segment: split, the tail kept
        (int(total * 0.45), None, 3),  # not told: a small last segment
    ):
        ix = _write(tmp_path / f"ix-{limit}-{expected}", SegmentWriter, [])
        writer = ParallelWriter(
            ix, procs=1, batchsize=8, segment_postings=limit, expected=expected, compound=False
        )
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        assert len(ix._segments()) == segments, (limit, expected)
        with ix.searcher() as searcher:
            assert searcher.doc_count() == len(docs)


def test_a_failed_writer_process_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    docs = _documents()
    ix = _write(tmp_path, SegmentWriter, docs[:5])
    writer = ParallelWriter(ix, procs=2, batchsize=4, compound=False)
    for doc in docs[5:20]:
        writer.add_document(**doc)
    writer.add_document(no_such_field="x")
    with pytest.raises(WriterFailed, match="no_such_field"):
        writer.commit()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 5
    # The lock is free again and the next write works.
    writer = ParallelWriter(ix, procs=2, compound=False)
    writer.add_document(**docs[5])
    writer.commit()
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 6


def test_the_bitmaps_file_written_from_memory_is_the_one_read_from_the_segment(
    tmp_path: Path,
) -> None:
    docs = _documents()
    folder = tmp_path / "ours"
    ix = _write(folder, InvertingWriter, docs, saved_dir=folder)
    with ix.reader() as reader:
        (segment, _), *_ = reader.leaf_readers()
        written = saved.saved_path(folder, saved.BITMAPS_PREFIX, segment.segment().segment_id())
        from_segment = tmp_path / "from-segment.bin"
        saved._write_bitmaps(from_segment, segment)
        kept = saved.SavedBitmaps(folder, segment)
        assert kept.get(("text_f", "can"))  # common words are saved
        assert any(kept.get(key)[1] for key in kept.directory.saved_keys())  # some twice in one
        assert written.read_bytes() == from_segment.read_bytes()
