"""The annotation file of one article: what is written is read back the same, whatever the
user wrote (markup, escapes, YAML-looking notes, line breaks in quotes), and a file a user
edits by hand is read as they meant it, or refused with a reason, never half-read."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model.canonical import split_front_matter
from reader.research import files
from reader.research.files import AnnotationFormatError
from reader.research.model import Annotations, Highlight, InvalidTag, clean_tag, tag_key
from reader.research.store import ResearchStore

ICT = timezone(timedelta(hours=7))
WHEN = datetime(2024, 5, 1, 10, 15, tzinfo=ICT)

HOSTILE = [
    "---",
    "---\ntitle: not mine\n---",
    "...",
    "key: value\n- item\n? complex\n& anchor *alias !!python/object:os.system",
    "\x1b[31mred\x1b[0m \x07 bell \u202eevil\u202c",
    "[bold]markup[/bold] <script>alert(1)</script> **md** `code` # heading",
    "line\r\nwindows\rmac\u2028sep\u2029para\x85nel",
    "\ufeffbom first",
    "trailing newlines\n\n\n",
    "\n\nleading newlines",
    "'single' \"double\" \\backslash\\ \t tab",
    "true",
    "null",
    "2024-05-01",
    "0x1F",
    "Nguyễn Thực Hiện — Cần Thơ 🌧️ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "",
    " ",
]


def test_a_hand_written_example_reads_as_documented() -> None:
    text = """---
article: something-else
title: Xúc tiến, mở rộng hợp tác
tags:
- hợp tác
- Lào
bookmarked: 2024-05-01T10:15:00+07:00
highlights:
- paragraph: 2
  sentence: 1
  quote: Hai bên đã ký kết biên bản ghi nhớ.
  comment: "cần đối chiếu\\nvới TTXVN"
  created: 2024-05-01T10:20:00+07:00
created: 2024-05-01T10:15:00+07:00
status: draft
---
My note, in *Markdown*.
"""
    found = files.parse(text, "2022-09-05-xuc-tien-1a2b3c4d")
    assert found.article_id == "2022-09-05-xuc-tien-1a2b3c4d"  # the file's name decides
    assert found.tags == ("hợp tác", "Lào")
    assert found.bookmarked == WHEN
    assert found.highlights == (
        Highlight(
            "Hai bên đã ký kết biên bản ghi nhớ.",
            2,
            1,
            "cần đối chiếu\nvới TTXVN",
            WHEN + timedelta(minutes=5),
        ),
    )
    assert found.note == "My note, in *Markdown*."
    assert found.extra == {"status": "draft"}  # the user's own field, written back
    assert "status: draft" in files.render(found)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_in_every_field(text: str) -> None:
    annotations = Annotations(
        "a-1",
        title=text,
        tags=(clean_tag(f"x{text}"),),
        note=text,
        highlights=(Highlight(text, 1, None, text, WHEN), Highlight(text, 3, 2)),
        bookmarked=WHEN,
        created=WHEN,
        updated=WHEN,
    )
    rendered = files.render(annotations)
    assert files.parse(rendered, "a-1") == annotations
    # No line of the front matter can close it early: it ends where the writer ended it.
    parts = split_front_matter(rendered)
    assert parts is not None
    assert parts[1] == (f"{text}\n" if text else "")


texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    title=texts,
    tags=st.lists(texts, max_size=4),
    note=texts,
    quotes=st.lists(st.tuples(texts, texts, st.integers(1, 50), st.none() | st.integers(1, 9))),
    bookmarked=st.booleans(),
    extra=st.dictionaries(st.sampled_from(["status", "source", "x y", "123"]), texts, max_size=2),
)
def test_any_annotations_round_trip(
    title: str,
    tags: list[str],
    note: str,
    quotes: list[tuple[str, str, int, int | None]],
    bookmarked: bool,
    extra: dict[str, str],
) -> None:
    kept = []
    for tag in tags:
        try:
            kept.append(clean_tag(tag))
        except InvalidTag:
            continue
    annotations = Annotations(
        "2022-09-05-a-1a2b3c4d",
        title=title,
        tags=tuple(dict.fromkeys(kept)),
        note=note,
        highlights=tuple(Highlight(q, p, s, c, WHEN) for q, c, p, s in quotes),
        bookmarked=WHEN if bookmarked else None,
        created=WHEN,
        updated=WHEN,
        extra=extra,
    )
    assert files.parse(files.render(annotations), annotations.article_id) == annotations


def test_the_store_writes_and_reads_back_byte_for_byte(tmp_path: Path) -> None:
    store = ResearchStore(tmp_path)
    note = "---\nfoo: bar\n---\r\n\x1b[2J# not a heading of ours\n"
    store.update("a-1", lambda a: a.changed(note=note, tags=("Biển Đông",)))
    path = store.path_for("a-1")
    assert path == tmp_path / "research" / "a-1.md"
    first = path.read_bytes()
    assert store.get("a-1").note == note
    # Writing what was read changes nothing on disk.
    store.update("a-1", lambda a: a)
    assert path.read_bytes() == first


def test_a_file_edited_by_hand_in_a_windows_editor_still_reads(tmp_path: Path) -> None:
    text = "---\r\ntags: [lào]\r\nbookmarked: true\r\n---\r\nnote line\r\n"
    found = files.parse(text, "a-1")
    assert found.tags == ("lào",)
    assert found.is_bookmarked
    assert found.note.rstrip("\r") == "note line"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("no front matter", "no YAML front matter"),
        ("---\ntags: [unclosed\n---\n", "malformed front matter"),
        ("---\n- a list\n---\n", "not a mapping"),
        ("---\nhighlights: [{quote: x}]\n---\n", "paragraph must be a number"),
        ("---\nhighlights: [{quote: x, paragraph: 0}]\n---\n", "paragraph must be a number"),
        ("---\nhighlights: [{quote: x, paragraph: 1, colour: red}]\n---\n", "unknown field"),
        ("---\nbookmarked: yesterday\n---\n", "not a time"),
        ("---\ntags: {a: b}\n---\n", "not a list"),
        ("---\nx: !!python/object/apply:os.system [ls]\n---\n", "malformed front matter"),
    ],
)
def test_a_broken_file_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(AnnotationFormatError, match=reason):
        files.parse(text, "a-1")


def test_tags_are_one_whatever_their_case_spacing_or_tone_placement() -> None:
    assert tag_key("Biển Đông") == tag_key("biển-đông") == tag_key(" BIỂN   ĐÔNG ")
    assert tag_key("hoà bình") == tag_key("hòa bình")
    assert tag_key("Lào") != tag_key("lao")  # diacritics are part of a tag
    assert clean_tag("  covid\t19\n") == "covid 19"
    with pytest.raises(InvalidTag):
        clean_tag(" \n\x1b ")
    merged = Annotations("a-1", tags=("Biển Đông",)).with_tags(("biển đông", "Lào"))
    assert merged.tags == ("Biển Đông", "Lào")
    assert merged.with_tags(removed=("BIỂN ĐÔNG",)).tags == ("Lào",)


def test_the_readme_example_reads_as_the_readme_says() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    blocks = re.findall(r"```markdown\n(.*?)```", readme, re.S)
    (example,) = [b for b in blocks if b.startswith("---\narticle: ")]
    found = files.parse(example, "2022-09-05-xuc-tien-1a2b3c4d")
    assert found.tags == ("hợp tác", "Lào")
    assert found.bookmarked == WHEN
    (highlight,) = found.highlights
    assert (highlight.paragraph, highlight.sentence) == (1, 2)
    assert highlight.comment == "cần đối chiếu\nvới bản tin của TTXVN"
    assert found.note == "Free notes, in Markdown."
    assert found.extra == {}
    # What the reader writes for it has the README's shape.
    assert files.render(found).startswith("---\narticle: 2022-09-05-xuc-tien-1a2b3c4d\ntitle: ")


def test_one_moment_written_twice_is_written_out_twice_not_as_a_yaml_alias() -> None:
    same = Annotations("a-1", tags=("Lào",), created=WHEN, updated=WHEN, bookmarked=WHEN)
    text = files.render(same)
    assert "&" not in text and "*id" not in text
    assert text.count(WHEN.isoformat()) == 3
