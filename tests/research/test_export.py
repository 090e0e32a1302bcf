"""Exports and dossiers of a real archive, read back and compared field by field with what the
archive holds."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from reader.archive import ArchiveError
from reader.research import citation
from reader.research.export import KIND_TITLES, md_unescape

from .conftest import HOSTILE_TITLE, Built

ACCESSED = date(2024, 5, 1)


def _annotate(built: Built) -> None:
    archive, ids = built.archive, built.ids
    archive.add_tags([ids["can-tho"], ids["laos-deal"], ids["hostile"]], ["Lào"])
    archive.add_tags([ids["da-nang"]], ["thời tiết"])
    archive.set_note(ids["can-tho"], "Cần đối chiếu số liệu với TTXVN.\n\n- gọi lại Sở Ngoại vụ")
    archive.add_highlight(ids["can-tho"], 1, 2, "giai đoạn nào?")
    archive.add_highlight(ids["can-tho"], 3)
    archive.add_highlight(ids["hostile"], 1, comment="*really*")
    archive.save_search("Lào và Việt Nam", "lao OR tag:lao")


def _sections(document: str) -> dict[str, list[str]]:
    """The dossier's article sections (`## n. title` to the next `## `), by title."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in document.split("\n"):
        if line.startswith("## "):
            match = re.fullmatch(r"## (\d+)\. (.*)", line)
            current = sections.setdefault(md_unescape(match.group(2)), []) if match else None
            if match:
                current.append(match.group(1))
        elif current is not None:
            current.append(line)
    return sections


def _facts(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = re.fullmatch(r"- ([A-Za-z]+): (.*)", line)
        if match and match.group(1) not in found:
            found[match.group(1)] = match.group(2)
    return found


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(md_unescape(n) for n in value.split("; ")) if value else ()


def test_a_dossier_of_a_tag_says_what_the_archive_says_field_by_field(built: Built) -> None:
    _annotate(built)
    archive, ids = built.archive, built.ids
    document = archive.dossier(tag="lao", style="chicago", accessed=ACCESSED)
    # Headed by the tag as the articles carry it, whatever way it was typed.
    assert document.startswith("# Dossier: Lào\n\n3 articles, 2022-09-05 to 2023-03-01. ")
    sections = _sections(document)
    tagged = [ids["can-tho"], ids["laos-deal"], ids["hostile"]]  # oldest first
    assert list(sections) == [archive.get(i).title for i in tagged]
    for number, article_id in enumerate(tagged, 1):
        article = archive.get(article_id)
        notes = archive.annotations(article_id)
        lines = sections[article.title]
        assert lines[0] == str(number)
        assert md_unescape(lines[2]) == citation.chicago(article, ACCESSED)
        facts = _facts(lines)
        assert facts["Id"] == f"`{article.id}`"
        assert facts["Published"] == article.published.isoformat()  # type: ignore[union-attr]
        assert md_unescape(facts["Source"]) == article.source
        assert md_unescape(facts.get("Author", "")) == (article.author or "")
        assert md_unescape(facts["URL"]) == f"<{article.url}>"
        assert _names(facts["Tags"]) == notes.tags
        for kind, title in KIND_TITLES.items():
            assert _names(facts.get(title)) == article.entities.of_kind(kind), (kind, article.id)
        quotes = [md_unescape(line[2:]) for line in lines if line.startswith("> ")]
        assert quotes == [h.quote for h in notes.highlights]
        comments = [line.removeprefix("Comment: ") for line in lines if line.startswith("Comment")]
        assert comments == [h.comment for h in notes.highlights if h.comment]
        if notes.has_note:
            at = lines.index("### Note")
            assert "\n".join(lines[at + 2 :]).strip("\n") == notes.note
        else:
            assert "### Note" not in lines
    # The whole dossier's people, places and organisations, with their article counts.
    tail = document.split("## People, places and organisations\n", 1)[1]
    listed: dict[str, dict[str, int]] = {}
    for block in tail.split("### ")[1:]:
        heading, _, body = block.partition("\n")
        found = re.findall(r"^- (.*) \((\d+) articles?\)$", body, re.M)
        listed[heading] = {md_unescape(name): int(count) for name, count in found}
    for kind, title in KIND_TITLES.items():
        expected: dict[str, int] = {}
        for article_id in tagged:
            for name in archive.get(article_id).entities.of_kind(kind):
                expected[name] = expected.get(name, 0) + 1
        assert listed.get(title, {}) == expected, kind
    assert "Lào (2 articles)" in tail


def test_a_dossier_of_a_saved_search_runs_its_query(built: Built) -> None:
    _annotate(built)
    document = built.archive.dossier(saved_search="Lào và Việt Nam", accessed=ACCESSED)
    assert "Search: `lao OR tag:lao`" in document
    titles = list(_sections(document))
    assert titles[0] == built.archive.get(built.ids["can-tho"]).title
    assert HOSTILE_TITLE in titles  # tagged, though its text has no `lao`
    assert citation.apa(built.archive.get(built.ids["can-tho"]), ACCESSED) in document


def test_dossier_mistakes_are_told_in_one_line(built: Built) -> None:
    with pytest.raises(ArchiveError, match="no article is tagged"):
        built.archive.dossier(tag="nothing")
    with pytest.raises(ArchiveError, match="no saved search"):
        built.archive.dossier(saved_search="nothing")
    with pytest.raises(ArchiveError, match="one tag or one saved search"):
        built.archive.dossier()
    with pytest.raises(ArchiveError, match="no citation style"):
        built.archive.cite(built.ids["can-tho"], style="mla")
    with pytest.raises(ArchiveError, match="no article with id"):
        built.archive.cite("no-such-article")


def test_the_hostile_title_cannot_make_markdown_of_its_own(built: Built) -> None:
    _annotate(built)
    document = built.archive.dossier(tag="lào")
    heading = next(line for line in document.split("\n") if line.startswith("## 3."))
    assert "<script>" not in heading and r"\<script\>" in heading
    assert r"\[link\](javascript:x)" in heading
    assert md_unescape(heading.removeprefix("## 3. ")) == HOSTILE_TITLE


def test_csv_export_reads_back_as_the_archive_in_date_order(built: Built) -> None:
    _annotate(built)
    archive, ids = built.archive, built.ids
    out = io.StringIO()
    assert archive.export("", "csv", out, with_notes=True) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    order = ["can-tho", "da-nang", "laos-deal", "hostile", "hanoi-traffic"]  # undated last
    assert [r["id"] for r in rows] == [ids[name] for name in order]
    for row in rows:
        article = archive.get(row["id"])
        notes = archive.annotations(row["id"])
        assert row["title"] == article.title
        assert row["body"] == article.body
        assert row["author"] == (article.author or "")
        assert row["published"] == (article.published.isoformat() if article.published else "")
        assert row["url"] == article.url
        assert row["tags"] == "; ".join(notes.tags)
        assert row["note"] == notes.note
        assert row["highlights"].count("[paragraph") == len(notes.highlights)
    without = io.StringIO()
    archive.export("", "csv", without)
    assert "tags" not in without.getvalue().split("\n")[0]


def test_a_cell_that_looks_like_a_formula_is_exported_as_text(built: Built) -> None:
    archive, ids = built.archive, built.ids
    archive.set_note(ids["da-nang"], '=HYPERLINK("http://evil","click")')
    out = io.StringIO()
    archive.export("tag:x OR mua", "csv", out, with_notes=True)
    (row,) = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["id"] == ids["da-nang"]]
    assert row["note"] == '\'=HYPERLINK("http://evil","click")'


def test_jsonl_export_holds_every_field_and_the_annotations(built: Built) -> None:
    _annotate(built)
    archive, ids = built.archive, built.ids
    out = io.StringIO()
    assert archive.export("tag:lao", "jsonl", out, with_notes=True) == 3
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == [ids["can-tho"], ids["laos-deal"], ids["hostile"]]
    for record in records:
        article = archive.get(record["id"])
        notes = archive.annotations(record["id"])
        assert record["title"] == article.title and record["body"] == article.body
        assert record["entities"] == article.entities.as_dict()
        assert record["annotations"]["tags"] == list(notes.tags)
        assert record["annotations"]["note"] == notes.note
        assert [h["quote"] for h in record["annotations"]["highlights"]] == [
            h.quote for h in notes.highlights
        ]


def test_markdown_bibtex_and_ris_exports(built: Built) -> None:
    _annotate(built)
    archive = built.archive
    markdown = io.StringIO()
    archive.export("tag:lao", "markdown", markdown, with_notes=True)
    text = markdown.getvalue()
    assert text.startswith("# Articles: tag:lao\n")
    assert text.count("\n## ") == 3
    assert "### Highlights" in text and "Cần đối chiếu số liệu với TTXVN." in text
    bib = io.StringIO()
    assert archive.export("tag:lao", "bibtex", bib, with_notes=True, accessed=ACCESSED) == 3
    assert bib.getvalue().count("@article{") == 3 and "keywords = {Lào}" in bib.getvalue()
    ris = io.StringIO()
    archive.export("mua", "ris", ris)
    assert ris.getvalue().count("TY  - NEWS") == 1
    with pytest.raises(ArchiveError, match="no export format"):
        archive.export("", "docx", io.StringIO())
