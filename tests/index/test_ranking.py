"""Ranking as a reader would judge it, on small archives of articles written for these tests.

Each test states one rule of what ranks first; together they stand for the classes of error
issue 17 lists (flat body scores, scattered syllables, the wrong sense of an unaccented word,
an all-words rule with no fallback, typos, entity fields, ties, date-only queries).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.index import ArticleIndex
from reader.model.article import Article, Entities
from reader.text.sentences import first_sentence

ICT = timezone(timedelta(hours=7))
FILLER = (
    "Buổi họp diễn ra vào sáng nay với sự tham gia của nhiều đại biểu đến từ các sở ngành. "
    "Các ý kiến tập trung vào kế hoạch của năm tới và những việc còn tồn đọng. "
)


def art(article_id: str, title: str, body: str, **extra: object) -> Article:
    return Article(title=title, body=body, id=article_id, **extra)  # type: ignore[arg-type]


def build(path: Path, articles: list[Article]) -> ArticleIndex:
    index = ArticleIndex.open(path)
    index.update([(a, "1") for a in articles])
    return index


def ranked(index: ArticleIndex, text: str, typing: bool = False) -> list[str]:
    return [hit.id for hit in index.search(text, limit=50, prefix=typing).hits]


def naming(prefix: str, title: str, body: str, place: str, count: int) -> list[Article]:
    """`count` articles of one title and body (numbered) whose entities name `place`."""
    return [
        art(f"{prefix}-{n}", f"{title} {n}", body, entities=Entities(place=(place,)))
        for n in range(count)
    ]


def rankings_over_imports(tmp_path: Path, articles: list[Article], text: str) -> list[list[str]]:
    """The ranking of `text` over three imports of `articles`, each in another order."""
    orders = []
    for seed in range(3):
        shuffled = list(articles)
        random.Random(seed).shuffle(shuffled)
        with build(tmp_path / f"ix{seed}", shuffled) as index:
            orders.append(ranked(index, text))
    return orders


def filler(count: int) -> list[Article]:
    """Unrelated articles, so that words of the tests are rare as real news words are."""
    topics = ["giáo dục", "nông nghiệp", "du lịch", "y tế", "giao thông", "văn hóa"]
    return [
        art(f"other-{n}", f"Tin {topics[n % 6]} số {n}", f"{FILLER}Chủ đề {topics[n % 6]}.")
        for n in range(40)
    ]


def test_an_article_about_a_word_outranks_one_that_mentions_it_once(tmp_path: Path) -> None:
    about = art(
        "about",
        "Thời tiết tuần tới",
        "Bão số 2 đang vào gần bờ. Cơn bão mạnh cấp 10, vùng tâm bão có mưa rất to. "
        "Các tỉnh ven biển chủ động ứng phó với bão, tàu thuyền tránh trú bão an toàn.",
    )
    mention = art("mention", "Hội nghị tổng kết năm", FILLER * 6 + "Một đại biểu nhắc tới bão.")
    with build(tmp_path / "ix", [mention, about, *filler(40)]) as index:
        assert ranked(index, "bão")[:2] == ["about", "mention"]


def test_syllables_side_by_side_outrank_the_same_syllables_apart(tmp_path: Path) -> None:
    together = art("together", "Tin địa phương", "Thành phố Cần Thơ khai mạc hội chợ nông sản.")
    apart = art("apart", "Tin sức khỏe", "Người bệnh cần được hỗ trợ để thở đều khi ngủ.")
    with build(tmp_path / "ix", [apart, together, *filler(40)]) as index:
        assert ranked(index, "can tho") == ["together", "apart"]


def test_an_unaccented_word_counts_most_in_the_sense_the_other_words_point_to(
    tmp_path: Path,
) -> None:
    # Across the archive, `ngập` (flooded) goes with `mưa` (rain), `mua` (to buy) goes
    # with shopping; two articles have both words, one for each sense.
    rain = [
        art(f"rain-{n}", f"Mưa lớn ngày {n}", "Mưa lớn kéo dài, nhiều tuyến phố bị ngập sâu.")
        for n in range(6)
    ]
    shopping = [
        art(f"shop-{n}", f"Mua sắm cuối tuần {n}", "Người dân đi mua hàng giảm giá.")
        for n in range(6)
    ]
    both = [
        art("flood", "Phố ngập sau mưa", "Mưa suốt đêm, phố ngập; người dân ra chợ mua nến."),
        art("buy", "Mua máy bơm", "Nhà ngập nên cần mua máy bơm nước, chợ đông người mua."),
    ]
    with build(tmp_path / "ix", [*shopping, *rain, *both, *filler(40)]) as index:
        hits = ranked(index, "mua ngap")
        assert hits.index("flood") < hits.index("buy")


def test_a_longer_query_few_articles_match_in_full_lists_the_near_matches_after(
    tmp_path: Path,
) -> None:
    full = art("full", "Tàu cá vỏ thép hư hỏng", "Ngư dân lo lắng vì tàu vỏ thép hỏng máy.")
    near = art("near", "Tàu thép hỏng máy", "Hàng chục tàu thép đóng mới đã hư hỏng.")
    with build(tmp_path / "ix", [near, full, *filler(40)]) as index:
        result = index.search("tau vo thep", limit=10, prefix=False)
        assert [hit.id for hit in result.hits][:2] == ["full", "near"]
        assert (result.total, result.partial) == (1, 1)
        assert result.to_json()["partial"] == 1


def test_a_misspelt_word_is_searched_as_the_word_the_archive_has(tmp_path: Path) -> None:
    lao = art("lao", "Hợp tác với Savannakhet", "Tỉnh Savannakhet của Lào mở rộng hợp tác.")
    with build(tmp_path / "ix", [lao, *filler(40)]) as index:
        for typo in ("savanakhet", "savannakhett", "savanaket"):
            result = index.search(typo, limit=10, prefix=False)
            assert [hit.id for hit in result.hits] == ["lao"], typo
            assert result.suggestion == "savannakhet"
            assert result.to_json()["suggestion"] == "savannakhet"
        exact = index.search("savannakhet", limit=10, prefix=False)
        assert exact.suggestion is None
        short = index.search("laoo", limit=10, prefix=False)  # a letter off a short word
        assert short.suggestion == "lao"


def test_a_misspelt_word_is_taken_for_the_word_that_stands_beside_the_others(
    tmp_path: Path,
) -> None:
    city = [
        art(f"city-{n}", f"Cần Thơ mở rộng đô thị {n}", "Thành phố Cần Thơ quy hoạch đô thị.")
        for n in range(3)
    ]
    weather = [
        art(f"weather-{n}", f"Thời tiết ngày {n}", "Thời tiết nắng, thời gian mưa ngắn.")
        for n in range(8)
    ]
    time_ = art("time", "Cần thời gian", "Dự án cần thời gian để hoàn thành.")
    with build(tmp_path / "ix", [*weather, time_, *city, *filler(40)]) as index:
        # `thoi` is the commoner word, but `tho` is the one that stands beside `can`.
        result = index.search("can thoo", limit=10, prefix=False)
        assert result.suggestion == "can tho"
        assert {hit.id for hit in result.hits[:3]} == {f"city-{n}" for n in range(3)}


def test_ties_are_broken_by_date_then_id_whatever_the_import_order(tmp_path: Path) -> None:
    base = datetime(2022, 5, 1, tzinfo=ICT)
    same = [
        art(
            f"tie-{n:02d}",
            "Tin hợp tác",
            "Hai bên thống nhất hợp tác.",
            published=base + timedelta(days=n % 3) if n % 4 else None,
        )
        for n in range(12)
    ]
    orders = rankings_over_imports(tmp_path, [*same, *filler(10)], "hop tac")
    assert orders[0] == orders[1] == orders[2]
    dated = [hit for hit in orders[0] if int(hit[4:]) % 4]
    assert dated == sorted(dated, key=lambda h: (-(int(h[4:]) % 3), h))


def test_of_equal_scores_the_article_that_opens_with_the_words_comes_first(
    tmp_path: Path,
) -> None:
    """Same words, same counts: the story whose first sentence says `hợp tác` is about it
    and ranks above a newer one that says it last; newest first among the rest."""
    base = datetime(2022, 5, 1, tzinfo=ICT)
    opening = "Hai bên thống nhất hợp tác. Buổi họp có nhiều ý kiến."
    closing = "Buổi họp có nhiều ý kiến. Hai bên thống nhất hợp tác."
    articles = [
        art("opens", "Tin trong ngày", opening, published=base),
        art("closes-new", "Tin trong ngày", closing, published=base + timedelta(days=2)),
        art("closes-old", "Tin trong ngày", closing, published=base + timedelta(days=1)),
    ]
    for order in rankings_over_imports(tmp_path, [*articles, *filler(10)], "hop tac"):
        assert order[:3] == ["opens", "closes-new", "closes-old"]
    with build(tmp_path / "typing", [*articles, *filler(10)]) as index:
        typed = ranked(index, "hop tac thong nha", typing=True)
        assert typed[:3] == ["opens", "closes-new", "closes-old"]


def test_an_article_opening_with_the_words_as_typed_outranks_one_opening_with_them_apart(
    tmp_path: Path,
) -> None:
    """Same words, same counts, the pair side by side in both: the story whose first
    sentence says `nắng nóng` is about the heat and ranks above a newer one whose first
    sentence has the two words apart."""
    base = datetime(2022, 5, 1, tzinfo=ICT)
    articles = [
        art(
            "phrase",
            "Thời tiết hôm nay",
            "Nắng nóng gay gắt ở miền Trung. Người dân ngại nắng, nóng quá.",
            published=base,
        ),
        art(
            "apart",
            "Thời tiết hôm nay",
            "Nắng gay gắt, nóng ở miền Trung. Người dân ngại nắng nóng quá.",
            published=base + timedelta(days=1),
        ),
    ]
    for order in rankings_over_imports(tmp_path, [*articles, *filler(10)], "nang nong"):
        assert order[:2] == ["phrase", "apart"]


def test_first_sentence_ends_at_the_first_stop_and_space() -> None:
    assert first_sentence("  Giá vàng tăng. Giá USD giảm.") == "Giá vàng tăng."
    assert first_sentence("Chuyện gì?! Không ai biết") == "Chuyện gì?!"
    assert first_sentence("Bản tin 3.5 triệu đồng") == "Bản tin 3.5 triệu đồng"
    assert first_sentence("") == ""


def test_a_name_written_two_ways_ranks_the_same_whatever_the_import_order(tmp_path: Path) -> None:
    """Which of an entity's spellings a typed name is read as comes from the articles in
    date order, not in the order they were imported."""
    articles = [
        art(
            f"name-{n:02d}",
            f"Tin số {n}",
            f"Tin từ {spelling}: tỉnh {spelling} công bố kế hoạch {n}.",
            entities=Entities(place=(spelling,)),
        )
        for n, spelling in enumerate(["Lào Cai", "Lao Cai"] * 20)
    ]
    orders = rankings_over_imports(tmp_path, [*articles, *filler(20)], "lao cai")
    assert orders[0] == orders[1] == orders[2]


def test_a_query_without_words_lists_the_newest_first(tmp_path: Path) -> None:
    articles = [
        art(f"day-{n}", f"Tin số {n}", "Nội dung.", published=datetime(2022, 9, n, tzinfo=ICT))
        for n in range(1, 8)
    ]
    with build(tmp_path / "ix", articles) as index:
        expected = [f"day-{n}" for n in range(7, 0, -1)]
        assert ranked(index, "date:2022-09") == expected
        assert ranked(index, "date:2022-09-02..2022-09-05") == expected[2:6]
        assert ranked(index, "-xyz") == expected


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("place:hcm", "place"),
        ('place:"TP.HCM"', "place"),
        ('place:"Sài Gòn"', "place"),
        ('place:"thanh pho ho chi minh"', "place"),
    ],
)
def test_entity_fields_accept_every_spelling_and_agree_with_the_entity_view(
    tmp_path: Path, typed: str, kind: str
) -> None:
    from reader.index import facets

    saigon = [
        art(
            f"hcm-{n}",
            f"Tin TP.HCM số {n}",
            "Thành phố phát triển.",
            entities=Entities(place=("TP. Hồ Chí Minh",)),
        )
        for n in range(4)
    ]
    other = art("hn", "Tin Hà Nội", "Thủ đô.", entities=Entities(place=("Hà Nội",)))
    with build(tmp_path / "ix", [*saigon, other]) as index:
        assert sorted(ranked(index, typed)) == [f"hcm-{n}" for n in range(4)]
        name = typed.split(":", 1)[1].strip('"')
        with index.snapshot() as snapshot:
            view = facets.entity_view(snapshot, name, kind)
        assert view is not None and view.total == index.search(typed).total == 4


def test_a_part_of_a_name_finds_every_name_holding_it(tmp_path: Path) -> None:
    people = [
        art("a", "Tin A", "Nội dung.", entities=Entities(person=("Donald Trump",))),
        art("b", "Tin B", "Nội dung.", entities=Entities(person=("Ivanka Trump",))),
        art("c", "Tin C", "Nội dung.", entities=Entities(person=("Kim Jong-un",))),
    ]
    with build(tmp_path / "ix", people) as index:
        assert sorted(ranked(index, "person:trump")) == ["a", "b"]


def test_the_last_word_is_a_prefix_only_while_typing(tmp_path: Path) -> None:
    articles = [
        art("nam", "Hợp tác Việt Nam", "Quan hệ Việt Nam ngày càng bền chặt."),
        art("nga", "Hợp tác Việt Nga", "Quan hệ Việt Nga phát triển."),
    ]
    with build(tmp_path / "ix", [*articles, *filler(20)]) as index:
        typing = index.search("hop tac viet n", prefix=True)
        assert typing.total == 1 and typing.hits[0].id == "nam"
        finished = index.search("hop tac viet n", prefix=False)
        assert (finished.total, finished.partial) == (0, 2)  # `n` is a word of its own


def assert_the_province_ranks_first_of(
    tmp_path: Path, typed: str, place: str, text: str, others: list[Article]
) -> None:
    """`typed` ranks as many articles naming `place` in their `text` as there are `others`
    above all of `others`."""
    count = len(others)
    province = naming("province", "Tin địa phương số", text, place, count)
    with build(tmp_path / "ix", [*others, *province, *filler(40)]) as index:
        top = ranked(index, typed)[:count]
        assert sorted(top) == [f"province-{n}" for n in range(count)]


def test_words_that_spell_an_entity_of_the_archive_find_the_articles_naming_it(
    tmp_path: Path,
) -> None:
    lunar = [
        art(f"lunar-{n}", f"Tết năm Đinh Dậu {n}", "Cúng Rằm tháng Giêng năm Đinh Dậu.")
        for n in range(4)
    ]
    assert_the_province_ranks_first_of(
        tmp_path,
        "nam dinh",
        "Nam Định",
        "Tỉnh Nam Định khởi công tuyến đường ven biển; UBND tỉnh Nam Định cho biết.",
        lunar,
    )


def assert_the_province_ranks_first(
    tmp_path: Path, province: tuple[str, str], ocean: tuple[str, str]
) -> None:
    """`binh duong`, typed whole and while typing, ranks the three articles naming Bình
    Dương (title, body) above three naming Thái Bình Dương (title, body)."""
    provinces = naming("province", *province, "Bình Dương", 3)
    oceans = naming("ocean", *ocean, "Thái Bình Dương", 3)
    with build(tmp_path / "ix", [*oceans, *provinces, *filler(40)]) as index:
        for typing in (False, True):
            top = ranked(index, "binh duong", typing=typing)[:3]
            assert sorted(top) == [f"province-{n}" for n in range(3)], typing


def test_a_place_typed_ranks_above_a_longer_place_that_holds_its_name(tmp_path: Path) -> None:
    """`binh duong` is the province Bình Dương, not the Pacific (Thái Bình Dương), from the
    moment its last word is whole (still read as a prefix while typing)."""
    assert_the_province_ranks_first(
        tmp_path,
        (
            "Bình Dương: công ty mở rộng nhà xưởng, số",
            "Một công ty ở Bình Dương mở rộng nhà xưởng để đón đơn hàng mới.",
        ),
        (
            "Tàu sân bay tiến ra Thái Bình Dương",
            "Hạm đội rời cảng, tiến ra Thái Bình Dương để tập trận.",
        ),
    )


def test_a_title_holding_a_typed_place_only_inside_a_longer_one_is_not_its_title(
    tmp_path: Path,
) -> None:
    """Articles about Bình Dương that name it in the text only rank above articles whose
    titles hold `Thái Bình Dương`: those titles hold the words, not the place typed."""
    assert_the_province_ranks_first(
        tmp_path,
        (
            "Công ty mở rộng nhà xưởng, số",
            "Một công ty ở Bình Dương mở rộng nhà xưởng để đón đơn hàng mới tại Bình Dương.",
        ),
        (
            "Hãng xe bán chạy ở châu Á Thái Bình Dương",
            "Doanh số ở khu vực châu Á Thái Bình Dương tăng mạnh.",
        ),
    )


def test_a_title_holding_a_place_names_words_apart_does_not_hold_the_place(
    tmp_path: Path,
) -> None:
    """`quang nam` is the province Quảng Nam: articles naming it in their text rank above
    articles whose titles have `quảng bá` and `Việt Nam` (every word, not the name)."""
    apart = [
        art(f"apart-{n}", f"Quảng bá du lịch Việt Nam ra thế giới, số {n}", "Chiến dịch mới.")
        for n in range(3)
    ]
    assert_the_province_ranks_first_of(
        tmp_path,
        "quang nam",
        "Quảng Nam",
        "Hội An, Quảng Nam đón nhiều khách trong dịp lễ; Quảng Nam mở thêm tuyến phố đi bộ.",
        apart,
    )


def test_dates_document_numbers_and_abbreviations_are_found_as_written(tmp_path: Path) -> None:
    slashed = art(
        "slashed",
        "Quyết định mới của UBND TP.HCM",
        "Ngày 5/9/2016, UBND ban hành Quyết định 3500/QĐ-UBND theo Nghị định 90/2008/NĐ-CP.",
    )
    dashed = art("dashed", "Tin khác", "Ngày 5-9-2016 có cuộc họp ở TP HCM.")
    apart = art("apart", "Tin khác nữa", "Có 5 đội, 9 trận. Năm 2016 ở Hà Nội. Ông T. nói.")
    with build(tmp_path / "ix", [slashed, dashed, apart, *filler(40)]) as index:
        for typed in ("5/9/2016", "ngay 5/9", "3500/QĐ-UBND", "90/2008/NĐ-CP", "nd-cp 90/2008"):
            assert "slashed" in ranked(index, typed), typed
            assert "apart" not in ranked(index, typed), typed
        assert set(ranked(index, "5/9/2016")) == {"slashed", "dashed"}
        assert set(ranked(index, "TP.HCM")) == {"slashed", "dashed"}


def test_a_word_typed_whole_covers_a_title_as_itself_not_as_its_completions(
    tmp_path: Path,
) -> None:
    place = art("place", "Tin địa phương", "Thành phố Cần Thơ khai mạc hội chợ nông sản.")
    other = art("other", "Căn hộ nhỏ gây sức ép lên giao thông", "Bài viết về nhà ở đô thị.")
    with build(tmp_path / "ix", [other, place, *filler(40)]) as index:
        # While typing `can tho`, `tho` is also the start of `thông`.
        assert ranked(index, "can tho", typing=True)[:2] == ["place", "other"]
