"""Markdown import: canonical files round-trip, other front matter is accepted, YAML is safe."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from reader.ingest.errors import IngestError
from reader.ingest.markdown import parse_markdown
from reader.model.article import Article, Entities
from reader.model.canonical import render_canonical
from reader.model.ids import assign_identity

ICT = timezone(timedelta(hours=7))


def stored_article() -> Article:
    article = Article(
        title="Xúc tiến, mở rộng hợp tác giữa TP Cần Thơ và các địa phương Lào",
        body="Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ có buổi tiếp.\n\nHai bên cam kết hợp tác.",
        published=datetime(2022, 9, 5, 16, 33, tzinfo=ICT),
        author="Hà Vy",
        section=("Hữu nghị", "Bốn phương kết bạn"),
        source="thoidai.com.vn",
        lead="Xúc tiến đầu tư trên các lĩnh vực thế mạnh.",
        captions=("Quang cảnh buổi tiếp.",),
        related_titles=("Cần Thơ họp mặt kỷ niệm 60 năm",),
        entities=Entities(person=("Nguyễn Thực Hiện",), place=("Cần Thơ", "Lào")),
    )
    return assign_identity(article, datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))


def test_canonical_file_reimports_unchanged() -> None:
    article = stored_article()
    again = parse_markdown(render_canonical(article))
    assert again == article
    assert again.id == article.id
    assert again.content_sha256 == again.compute_sha256()


def test_other_front_matter_maps_common_names() -> None:
    text = (
        "---\ntitle: Floods recede in the delta\ndate: 2021-10-04\nauthor: Jane Doe\n"
        "tags: [weather, Mekong]\ndescription: Farmers go back to work.\n---\n"
        "# Floods recede in the delta\n\nThe water is going down, officials said.\n"
    )
    article = parse_markdown(text)
    assert article.title == "Floods recede in the delta"
    assert article.published == datetime(2021, 10, 4)
    assert article.author == "Jane Doe"
    assert article.section == ("weather", "Mekong")
    assert article.lead == "Farmers go back to work."
    assert article.body == "The water is going down, officials said."
    assert article.language == "en"
    assert article.id == "" and article.content_sha256 == ""


def test_front_matter_without_title_takes_the_heading() -> None:
    article = parse_markdown("---\nauthor: Minh Anh\n---\n# Tin Hà Nội\n\nNội dung bài viết.\n")
    assert (article.title, article.author, article.body) == (
        "Tin Hà Nội",
        "Minh Anh",
        "Nội dung bài viết.",
    )


def test_plain_markdown_heading_is_the_title() -> None:
    article = parse_markdown("Lời mở đầu\n\n# Đà Nẵng đón khách\n\nKhách quốc tế tăng mạnh.\n")
    assert article.title == "Đà Nẵng đón khách"
    assert article.body == "Lời mở đầu\n\nKhách quốc tế tăng mạnh."
    assert article.language == "vi"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nx\n", r"^malformed front matter at line \d+: "),
        (
            "---\ntitle: !!python/object/apply:os.system ['echo owned']\n---\nx\n",
            "^malformed front matter.*constructor",
        ),
        ("---\n- a list\n- not fields\n---\nx\n", "^front matter is not a mapping of fields$"),
        ("---\nauthor: Nobody\n---\nText without any heading.\n", "^front matter has no title$"),
        ("Just some text.\n", "without front matter"),
        ("# Only a title\n", r"^no article text \(only a title\)$"),
    ],
)
def test_bad_markdown_gets_a_one_line_reason(text: str, reason: str) -> None:
    with pytest.raises(IngestError, match=reason) as caught:
        parse_markdown(text)
    assert "\n" not in str(caught.value)


def test_yaml_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    text = "---\n" + "\n".join(lines) + "\ntitle: boom\n---\nbody\n"
    started = time.perf_counter()
    with pytest.raises(IngestError, match="too many YAML anchors or aliases"):
        parse_markdown(text)
    assert time.perf_counter() - started < 1.0


def test_a_few_anchors_are_still_fine() -> None:
    text = "---\ntitle: &t Tin mới\nlead: *t\n---\nNội dung.\n"
    assert parse_markdown(text).lead == "Tin mới"


def test_oversized_front_matter_is_refused() -> None:
    text = "---\ntitle: x\nnote: " + "a" * 70_000 + "\n---\nbody\n"
    with pytest.raises(IngestError, match=r"^front matter too large \(\d+ bytes; limit 65536\)$"):
        parse_markdown(text)
