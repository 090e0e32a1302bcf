"""JSON and JSON Lines exports: each record becomes an article or gets its own reason."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from reader.ingest.errors import IngestError
from reader.ingest.records import parse_json_records
from reader.model.article import Article

RECORD = {
    "title": "Cần Thơ mở rộng hợp tác với Lào",
    "content": "Đoạn một.\nĐoạn hai.",
    "summary": "Tóm tắt bài viết.",
    "author": "Hà Vy",
    "date": "2022-09-05T16:33:00+07:00",
    "url": "https://thoidai.com.vn/a-1.html",
    "category": ["Hữu nghị", "Bốn phương kết bạn"],
    "source": "thoidai.com.vn",
}


def test_single_object_with_alternative_field_names() -> None:
    [(label, article)] = parse_json_records(json.dumps(RECORD, ensure_ascii=False), jsonl=False)
    assert label == "#1"
    assert isinstance(article, Article)
    assert article.title == RECORD["title"]
    assert article.body == "Đoạn một.\n\nĐoạn hai."
    assert article.lead == "Tóm tắt bài viết."
    assert article.author == "Hà Vy"
    assert article.published == datetime(2022, 9, 5, 16, 33, tzinfo=timezone(timedelta(hours=7)))
    assert article.section == ("Hữu nghị", "Bốn phương kết bạn")
    assert article.source == "thoidai.com.vn"
    assert article.url == RECORD["url"]
    assert article.language == "vi"


def test_array_keeps_going_past_bad_records() -> None:
    records = [
        {"title": "Floods recede", "body": "The water is going down, officials said today."},
        {"title": "No body here"},
        "just a string",
        {"body": "No title"},
        {"title": "Bad date", "text": "x", "published": "last Tuesday"},
        {"title": "Tin ngắn", "text": "Nội dung.", "section": "Thời sự", "language": "VI"},
    ]
    results = parse_json_records(json.dumps(records), jsonl=False)
    assert [label for label, _ in results] == ["#1", "#2", "#3", "#4", "#5", "#6"]
    first, last = results[0][1], results[5][1]
    assert isinstance(first, Article) and first.language == "en" and first.published is None
    assert isinstance(last, Article) and last.section == ("Thời sự",) and last.language == "vi"
    reasons = [str(item) for _, item in results[1:5]]
    assert reasons == [
        "record has no body (body, text or content)",
        "record is a string, not an object",
        "record has no title",
        "record field published is not a date: 'last Tuesday'",
    ]
    assert all(isinstance(item, IngestError) for _, item in results[1:5])


def test_jsonl_labels_lines_and_skips_blank_ones() -> None:
    text = '{"title": "A", "body": "Một."}\n\n{not json}\n{"title": "B", "text": "Hai."}\n'
    results = parse_json_records(text, jsonl=True)
    assert [label for label, _ in results] == ["line 1", "line 3", "line 4"]
    assert isinstance(results[0][1], Article) and isinstance(results[2][1], Article)
    assert isinstance(results[1][1], IngestError)
    assert str(results[1][1]).startswith("not valid JSON")


def test_lone_surrogates_are_cleaned() -> None:
    text = '{"title": "Tin \\ud800 mới", "body": "Nội dung \\udfff bài."}'
    [(_, article)] = parse_json_records(text, jsonl=False)
    assert isinstance(article, Article)
    article.title.encode("utf-8")
    article.body.encode("utf-8")
    assert article.title.startswith("Tin") and article.title.endswith("mới")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('"a string"', "^JSON holds a string, not an object or an array of objects$"),
        ("42", "^JSON holds a number"),
        ("[]", "^JSON array holds no records$"),
        ("{oops", r"^not valid JSON \(line 1: "),
        ("  \n", "^empty file$"),
    ],
)
def test_files_that_hold_no_records(text: str, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        parse_json_records(text, jsonl=False)


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("title", "1e999"),
        ("author", "NaN"),
        ("source", "-Infinity"),
        ("body", "9" * 5000),
        ("lead", "-" + "1" * 4400),
    ],
)
def test_a_number_python_cannot_hold_fails_only_its_record(field: str, raw: str) -> None:
    """Regression: `1e999`, `NaN` or 5,000 digits stopped the whole import (ValueError)."""
    bad = (
        json.dumps({**RECORD, "title": "Tin khác"}, ensure_ascii=False)[:-1]
        + f', "{field}": {raw}}}'
    )
    text = "[" + ", ".join([json.dumps(RECORD), bad, json.dumps(RECORD)]) + "]"
    first, middle, last = parse_json_records(text, jsonl=False)
    assert isinstance(first[1], Article) and isinstance(last[1], Article)
    assert isinstance(middle[1], IngestError)
    assert str(middle[1]).startswith(f"record field {field} is a number out of range: ")
    assert len(str(middle[1])) < 100


def test_an_unreadable_number_in_a_field_not_read_is_no_failure() -> None:
    text = json.dumps(RECORD)[:-1] + ', "views": NaN, "rank": 1e999}'
    [(_, article)] = parse_json_records(text, jsonl=True)
    assert isinstance(article, Article)


def test_an_unusable_url_or_date_fails_only_its_record() -> None:
    lines = [
        json.dumps({**RECORD, "url": "http://[::1"}),
        json.dumps({**RECORD, "date": "9999-12-31T23:59:59-23:59"}),
        json.dumps(RECORD),
    ]
    url, date, good = parse_json_records("\n".join(lines), jsonl=True)
    assert str(url[1]) == "url is not a valid address (Invalid IPv6 URL): 'http://[::1'"
    assert str(date[1]).startswith("published date is out of range in UTC")
    assert isinstance(good[1], Article)


def test_a_top_level_number_is_named_as_one() -> None:
    with pytest.raises(IngestError, match="JSON holds a number, not an object"):
        parse_json_records("NaN", jsonl=False)
