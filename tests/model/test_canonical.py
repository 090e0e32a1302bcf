"""The canonical archive file: what is written reads back as the same article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model.article import Article, Entities
from reader.model.canonical import ArticleFormatError, parse_canonical, render_canonical
from reader.model.ids import assign_identity

ICT = timezone(timedelta(hours=7))


def _article(**changes: object) -> Article:
    base = Article(
        title="Xúc tiến, mở rộng hợp tác giữa TP Cần Thơ và các địa phương Lào",
        body="Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ có buổi tiếp.\n\nĐoạn thứ hai: kết thúc.",
        published=datetime(2022, 9, 5, 16, 33, tzinfo=ICT),
        author="Hà Vy",
        section=("Hữu nghị", "Bốn phương kết bạn"),
        source="thoidai.com.vn",
        lead="",
        captions=("Quang cảnh buổi tiếp.",),
        related_titles=(
            "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào",
        ),
        entities=Entities(person=("Nguyễn Thực Hiện",), place=("Cần Thơ", "Lào")),
    )
    return assign_identity(base, datetime(2026, 11, 1, 9, tzinfo=UTC)).with_changes(**changes)


def test_round_trip_keeps_every_field() -> None:
    article = _article()
    text = render_canonical(article)
    assert text.startswith("---\nid: 2022-09-05-xuc-tien-mo-rong-hop-tac")
    assert "published: 2022-09-05T16:33:00+07:00" in text
    assert parse_canonical(text) == article


def test_text_that_looks_like_yaml_or_markup_survives() -> None:
    article = _article(
        title="[bold red]x[/] --- : yes # no",
        lead="null",
        author="No",
        body="---\n\nA line with --- and [/oops]\n\n---",
    )
    assert parse_canonical(render_canonical(article)) == article


def test_undated_article_stays_undated() -> None:
    article = _article(published=None, author=None)
    back = parse_canonical(render_canonical(article))
    assert back.published is None and back.author is None


def test_no_front_matter_is_an_error() -> None:
    with pytest.raises(ArticleFormatError, match="no YAML front matter"):
        parse_canonical("Just a title\n\nand a body\n")


def test_malformed_front_matter_gives_a_one_line_reason() -> None:
    with pytest.raises(ArticleFormatError) as info:
        parse_canonical("---\ntitle: [unclosed\n---\nbody\n")
    assert "malformed front matter" in str(info.value)
    assert "\n" not in str(info.value)


def test_yaml_that_constructs_objects_is_refused() -> None:
    text = "---\ntitle: !!python/object/apply:os.system ['echo hacked']\n---\nbody\n"
    with pytest.raises(ArticleFormatError, match="malformed front matter"):
        parse_canonical(text)


def test_front_matter_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ArticleFormatError, match="not a mapping"):
        parse_canonical("---\n- a\n- b\n---\nbody\n")


def test_unsafe_id_in_front_matter_is_dropped() -> None:
    article = parse_canonical("---\nid: ../../etc/passwd\ntitle: T\n---\nbody\n")
    assert article.id == ""


_line = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(
    title=_line,
    author=st.none() | _line,
    captions=st.lists(_line, max_size=3),
    paragraphs=st.lists(_line, min_size=1, max_size=4),
)
def test_round_trip_for_arbitrary_text(
    title: str, author: str | None, captions: list[str], paragraphs: list[str]
) -> None:
    article = _article(
        title=title, author=author, captions=tuple(captions), body="\n\n".join(paragraphs)
    )
    assert parse_canonical(render_canonical(article)) == article


def test_related_links_round_trip_and_unsafe_urls_are_dropped() -> None:
    links = (("Cần Thơ họp mặt", "https://thoidai.com.vn/can-tho-hop-mat-1.html"),)
    article = _article(related_links=links)
    text = render_canonical(article)
    assert "related_links:" in text
    assert parse_canonical(text) == article
    hostile = text.replace("https://thoidai.com.vn", "javascript:alert(1)//")
    assert parse_canonical(hostile).related_links == ()


def test_files_without_links_do_not_mention_them() -> None:
    assert "related_links" not in render_canonical(_article())
