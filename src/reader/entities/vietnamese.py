"""Rules for Vietnamese text: titles and honorifics, personal names, places, organisations.

The rules walk the tokens of one piece of text. At each word the longest of these wins (ties
in this order): a place (gazetteer name, or an administrative word such as `tỉnh`/`TP` and a
name), an organisation (a head such as `UBND`, `Hội`, `Tổng Lãnh sự quán` and its name, ending
at its place), a title (`Phó Chủ tịch`), a personal name (a family name and 1-3 capitalised
syllables), an honorific (`ông`, `bà`). A title or honorific makes the next capitalised name a
person, so foreign names (`bà Phimpha Keomixay`) are found too; titles themselves never are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reader.entities.canonical import (
    FEATURE_PREFIXES,
    canonical_org,
    canonical_person,
    canonical_place,
    find_place,
    tidy,
)
from reader.entities.gazetteer import Place, gazetteer
from reader.entities.lexicon import Lexicon, OrgHead, lexicon
from reader.entities.mention import CANDIDATE, CITY_CLUB, WORK, Mention
from reader.entities.syllable import is_vietnamese_syllable
from reader.entities.tokens import Token, join_tokens, tokenize
from reader.entities.trie import PhraseTrie

MAX_GIVEN_SYLLABLES = 3
MAX_FOREIGN_WORDS = 4
MAX_UNKNOWN_PLACE_WORDS = 3
MAX_LOWER_IN_ORG = 3
MAX_LOWER_AHEAD = 4
MAX_WORDS_TO_COUNTRY = 6
MAX_BUSINESS_WORDS = 10
MAX_CRIME_WORDS = 6
# Function words that are syllables of a police unit's field (`kinh tế và chức vụ`).
_CRIME_WORDS = frozenset(("và", "chức", "tổ"))
# Marks a hyphen written without spaces inside a name being built (`VH-TT&DL`).
_GLUE = "\u2060"
# Words that begin what is said of a name just ended (`Viện Sức khỏe tâm thần đã ...`).
_PREDICATE_STARTS = frozenset("đã đang sẽ vừa từng cho".split())
_NAME_END_MARKS = frozenset(',.;:()–-"”')
# Words that type the name after them as a work: a show, a film, a song, a book.
_WORK_WORDS = frozenset(
    "chương trình|phim|bài hát|ca khúc|tác phẩm|tập thơ|cuốn sách|vở".split("|")
)
_LISTING_HEADS = frozenset(("sở", "bộ"))
_HYPHENS = frozenset("-–")
_CITY_PREFIXES = frozenset(("tp", "thành", "tp."))
_PROVINCE_PREFIXES = frozenset(("tỉnh",))
_GUARDED_PREFIXES = frozenset(("nước",))
# Administrative words whose list goes on after a comma (`các xã Tam Hải, Tam Tiến`).
# Words of address before a given name (`anh Mỹ`, `bà Nga`): after them a country's one-
# syllable name is a person's given name; after an occupation it is a nationality.
_KIN_WORDS = frozenset(
    "ông bà anh chị cô chú bác em cụ cháu bé thầy mẹ bố cha vợ chồng chàng nàng bạn ngài "
    "dì dượng mợ cậu thím bầu".split()
)
_LIST_PREFIXES = frozenset(
    "xã phường quận huyện thôn ấp xóm làng bản thị trấn thị xã tỉnh p q tx kp tt h".split()
)
# Words after an organisation's head that make it an office, however written (`Bộ Trưởng`).
_OFFICE_WORDS = frozenset(("trưởng", "phó"))
# A compass word after a word for a side is a direction (`phía Tây Bắc`, `hướng Nam`).
_SIDE_WORDS = frozenset(("phía", "hướng"))
_COMPASS = frozenset(("đông", "tây", "nam", "bắc"))
# Last words of the names of competitions and events, which are no entities.
_EVENT_WORDS = frozenset(
    "League Cup Games Open Championship Championships Awards Award Festival Show Expo Week "
    "Series Tour Prix Olympics Marathon Gala".split()
)
# The first words of the skipped prefixes that make a country's name a language's.
_LANGUAGE_WORDS = frozenset(("tiếng", "ngôn"))
# Words that place what follows them (`tại Brucsen, Bỉ`: at, in, from, to).
_LOCATIVES = frozenset("tại ở từ tới đến".split())
_HOUSE_NUMBER_WORDS = frozenset("số nhà đến ngõ ngách hẻm kiệt kiốt lô căn".split())
# How an abbreviated administrative word is written inside an organisation's name.
_PREFIX_WORDS = {
    "p": "phường",
    "q": "quận",
    "tx": "thị xã",
    "tt": "thị trấn",
    "h": "huyện",
    "kp": "khu phố",
}
_NUMBERED_PREFIXES = frozenset(("quận", "phường", "q", "p"))
_LIST_INTRODUCERS = frozenset(("gồm", "là", "như", ":"))
# First words of organisation heads that name one in lower case before a capitalised name.
_LOWER_HEADS = frozenset(("trường", "bệnh", "công", "tập", "ngân", "đại", "học", "viện"))
# Syllables that make a word with an outlet cue after them (`thông báo`, `khán đài`): the cue
# is then no cue.
_CUE_COMPOUNDS = frozenset("thông cảnh dự tình nhà làm họp điện khán lâu tượng vọng truyền".split())
# Two lower-case syllables that sit inside the names of bodies (`phát triển`, `điện tử`).
_INNER_PAIRS = frozenset(
    tuple(pair.split())
    for pair in "điện tử|kinh tế|công nghệ|thông tin|thực phẩm|thiết bị|tài sản|dự án".split("|")
)
_DAY_TIMES = frozenset("Sáng Chiều Tối Trưa Đêm Khuya".split())
# Lower-case words inside foreign names (`Edwin van der Sar`, `Manfred von Richthofen`).
_NAME_PARTICLES = frozenset("van von der den de del della di da dos das du le la ter bin".split())
# The article of Arabic names, written with a hyphen before the next word (`al-Moualem`).
_HYPHENED_PARTICLES = frozenset(("al", "el"))
# Words that type the names of a list after them as no people: brands, firms, venues,
# peoples, works (`các thương hiệu như Zara, Prada`).
_LIST_TYPES = frozenset(
    "thương hiệu|nhãn hàng|hãng|rạp|cụm rạp|sân|công ty|tập đoàn|dân tộc|xứ|bang|thành phố|"
    "phim|bộ phim|ca khúc|sách|cuốn sách|ứng dụng|mạng xã hội|trang|đội bóng|clb|câu lạc bộ|"
    "nhà mạng|sản phẩm|dòng xe|mẫu xe".split("|")
)
# A web address's last part (`Motorcycle.com`, `Nld.com.vn`).
_DOMAIN = re.compile(r"\.[a-z]{2,4}$")
_HEAVENLY_STEMS = frozenset("Giáp Ất Bính Đinh Mậu Kỷ Canh Tân Nhâm Quý".split())
# A head and the word after it that make a document or a common noun however written.
_HEAD_NOUNS = frozenset((("bộ", "luật"), ("đội", "hình")))
_ELEMENTS = frozenset("Kim Mộc Thủy Hỏa Thổ".split())
# Legal documents, capitalised with their number (`Thông tư 20/2011`, `Văn bản 2103`): never
# an organisation nor part of one; the name before them ends there.
_LEGAL_DOCS = frozenset(
    tuple(doc.split())
    for doc in "thông tư|nghị định|quyết định|văn bản|công văn|chỉ thị|nghị quyết|"
    "thông báo|tờ trình|pháp lệnh".split("|")
)
# Words that say the names of a list after them are kinds of a thing (`giống lúa OM 5451, Đài
# Thơm 8`): a media cue among them (`Đài`) is a name's word, no broadcaster.
_VARIETY_WORDS = frozenset("giống loại dòng chủng".split())
_EARTHLY_BRANCHES = frozenset("Tý Sửu Dần Mão Mẹo Thìn Tỵ Tị Ngọ Mùi Thân Dậu Tuất Hợi".split())


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place at a position: how many tokens, the known place if any, its canonical name."""

    length: int
    place: Place | None
    name: str
    prefix: str

    @property
    def is_country(self) -> bool:
        return self.place is not None and self.place.is_country


@cache
def _lowercase_phrases() -> PhraseTrie:
    """The phrases a place, title, honorific or skipped prefix may start with when it is not
    capitalised, in one trie. Organisations and people always start with a capital (but
    `_LOWER_HEADS` and `đảng`)."""
    lex = lexicon()
    phrases = PhraseTrie()
    for trie in (
        lex.place_prefixes,
        gazetteer().trie,
        lex.titles,
        lex.honorifics,
        lex.skip_prefixes,
        lex.outlet_cues,
        lex.lower_place_heads,
    ):
        for keys in trie.phrases():
            phrases.add(keys, True)
    return phrases


@cache
def _lowercase_starts() -> frozenset[str]:
    """The first words of `_lowercase_phrases`, `đảng` and `_LOWER_HEADS`."""
    return _lowercase_phrases().first_keys() | {"đảng"} | _LOWER_HEADS


class VietnameseScanner:
    """One pass over the tokens of a text; `scan` returns the mentions in order."""

    def __init__(self, tokens: list[Token], base: int) -> None:
        self.tokens = tokens
        self.keys = [t.key for t in tokens]
        # Asked about each position many times over (`word`, `is_name_word`): read once.
        self._words: list[Token | None] = [t if t.is_word else None for t in tokens]
        self._name_words = [
            # For letters only, `isupper()` is "every letter a capital": an acronym (UBND).
            t.is_word and t.is_cap and len(t.text) > 1 and t.text.isalpha() and not t.text.isupper()
            for t in tokens
        ]
        self.base = base
        self.lex: Lexicon = lexicon()
        self.mentions: list[Mention] = []
        self.after_title = False
        self.listed_until = 0  # the end of the last list of candidates read

    def emit(self, kind: str, name: str, at: int, *, short: bool = False) -> None:
        if name:
            self.mentions.append(Mention(kind, name, self.base + at, short))

    def lower_start(self, i: int) -> bool:
        """Whether a rule may start at the lower-case word at `i`: a lower-case head, or one
        of `_lowercase_phrases` there whole (`các`, `người`, `năm` begin phrases but mostly
        stand alone)."""
        key = self.keys[i]
        if key in _LOWER_HEADS or key == "đảng":
            return True
        return bool(_lowercase_phrases().longest(self.keys, i)[0])

    def ends_word(self, i: int) -> bool:
        """Whether the word at `i` is the last syllable of a word begun just before it
        (`skip_prefix_words`: `yêu cầu`), so no prefix of what follows."""
        return (
            i > 0
            and not self.tokens[i].sentence_start
            and self.word(i - 1) is not None
            and (self.keys[i - 1], self.keys[i]) in self.lex.skip_prefix_words
        )

    def word(self, i: int) -> Token | None:
        return self._words[i] if i < len(self._words) else None

    def is_name_word(self, i: int) -> bool:
        """A capitalised word that can be a syllable of a name (letters only, not UBND)."""
        return i < len(self._name_words) and self._name_words[i]

    def name_word_end(self, i: int) -> int:
        """The end of the name word at `i`, taking hyphen-joined parts (`Dong-bae`)."""
        end = i + 1
        while (
            end + 1 < len(self.tokens)
            and self.tokens[end].text in _HYPHENS
            and self.tokens[end].start == self.tokens[end - 1].end
            and self.tokens[end + 1].start == self.tokens[end].end
            and self.tokens[end + 1].text.isalpha()
        ):
            end += 2
        return end

    def foreign_word(self, i: int) -> bool:
        """A capitalised word that is no Vietnamese syllable (`Vladimir`, `Trump`)."""
        token = self.word(i)
        return token is not None and token.is_cap and not is_vietnamese_syllable(token.text)

    def starts_structure(self, i: int) -> bool:
        """A title, organisation head, honorific or place word starts at `i`."""
        return bool(
            self.lex.titles.longest(self.keys, i)[0]
            or self.head_len(i)
            or (
                self.lex.place_prefixes.longest(self.keys, i)[0]
                and not (self.keys[i] in FEATURE_PREFIXES and self.tokens[i].is_cap)
            )
        )

    def head_len(self, i: int) -> int:
        """Tokens in an organisation head at `i`, unless the words make a common noun."""
        if not self.is_name_word(i) and not (self.word(i) and self.tokens[i].is_acronym):
            return 0
        length, head = self.lex.org_heads.longest(self.keys, i)
        nxt = self.word(i + length) if length else None
        if nxt is not None and self.common_noun(self.keys[i], nxt):
            return 0
        if length and nxt is None and not head.standalone and self.tokens[i].is_acronym:
            return 0  # `Vụ Giáo dục ĐH (Bộ GD-ĐT)`, `các trường ĐH, CĐ`: no name follows
        return length

    def common_noun(self, head: str, nxt: Token) -> bool:
        """The word after a head makes it a common noun (`Hội nghị`, `Báo chí`), or, in
        either case, an office (`Bộ Trưởng`, `Cục Phó`), a code of law or a team's line-up
        (`Bộ Luật Hình sự`, `Đội hình Ajax`)."""
        if nxt.key in self.lex.not_after_head and (not nxt.is_cap or nxt.key in _OFFICE_WORDS):
            return True
        return (head, nxt.key) in _HEAD_NOUNS

    def known_place(self, i: int) -> tuple[int, Place | None]:
        """A gazetteer name at `i`, written capitalised as names are."""
        token = self.word(i)
        if token is None:
            return 0, None
        length, place = gazetteer().trie.longest(self.keys, i)
        if not length:
            return 0, None
        if not self.tokens[i + length - 1].is_cap and not (
            length > 1 and token.is_cap and place.is_country
        ):
            return 0, None  # a country's last syllable may be lower-case: `Anh quốc`
        if not token.is_cap and not place.name[0].islower() and place.kind != "region":
            return 0, None  # `châu Âu`, `miền Trung` are regions written lower-case
        nationality = place.is_country and (self.after_title or self.foreign_word(i + length))
        if (
            nationality
            and not self.after_title
            and length == 1
            and not is_vietnamese_syllable(token.text)
            and not self.is_name_word(i + 2)
            and self.particle_end(i + 2) == i + 2
        ):
            # `Jordan Wilson`, `Chad Smith`: a foreign first name, one surname after it and no
            # title before (`Thủ tướng Israel Benjamin Netanyahu` is a nationality)
            return 0, None
        if (
            length == 1
            and self.is_name_word(i + 1)
            and not self.starts_structure(i + 1)
            and not self.person_len(i + 1)
            and not nationality
        ):
            # `Thái Hà`: the first syllable of a name. A country before a foreign name is
            # the nationality of the person named after it (`Tổng thống Nga Vladimir Putin`).
            return 0, None
        if (
            length == 1
            and i > 0
            and not token.sentence_start
            and self.is_name_word(i - 1)
            and self.tokens[i - 1].end < token.start
            and self.tokens[i - 1].text not in self.lex.never_in_names
            and not self.lex.titles.longest(self.keys, i - 1)[0]
        ):
            # `Cao Toàn Mỹ`, `xã Thừa Đức`: the last syllable of a longer name.
            return 0, None
        joined = " ".join(self.keys[i : i + length])
        if joined in self.lex.guarded_places and not nationality:
            following = self.word(i + length)
            if token.sentence_start or (following is not None and following.is_cap):
                return 0, None
        return length, place

    def country_len(self, i: int) -> int:
        """Tokens in a country's name at `i`, however the words around it are written; 0 when
        the longest gazetteer name there is none."""
        length, place = gazetteer().trie.longest(self.keys, i)
        return length if length and place.is_country else 0

    def place_at(self, i: int) -> PlaceMatch | None:
        """A place at `i`: an administrative word and a name, or a gazetteer name; the
        longer when both start here (`biển Đông` is the known sea, not a sea called Đông)."""
        prefixed = self.prefixed_place(i)
        length, place = self.known_place(i)
        if place is not None and length and (prefixed is None or length >= prefixed.length):
            return PlaceMatch(length, place, place.name, "")
        return prefixed

    def prefixed_place(self, i: int) -> PlaceMatch | None:
        """An administrative or geographic word and the name after it (`xã Tam Hải`)."""
        prefix_len, _ = self.lex.place_prefixes.longest(self.keys, i)
        if prefix_len == 1 and self.tokens[i].text in self.lex.surnames:
            prefix_len = 0  # `Hồ Ngọc Hà` is a person; `hồ Tây` a lake
        if not prefix_len:
            return None
        prefix = self.keys[i]
        feature = prefix in FEATURE_PREFIXES
        if feature and self.tokens[i].is_cap and not self.tokens[i].sentence_start:
            return None  # `Trường Đại học Kỹ thuật Sông Hậu`: a name's word, not a river
        j = i + prefix_len
        if (
            j < len(self.tokens)
            and self.tokens[j].text == "."
            and self.keys[j - 1] == "tp"
            and self.tokens[j].start == self.tokens[j - 1].end
        ):
            j += 1
        if (
            j < len(self.tokens)
            and self.tokens[j].sentence_start
            and self.tokens[j].text in self.lex.vi_stop_words | self.lex.never_in_names
        ):
            return None  # `... Vazooma-X. Hiện hãng`: a sentence's first word, no place's name
        if prefix in _NUMBERED_PREFIXES and j < len(self.tokens) and self.tokens[j].text.isdigit():
            # `quận 1`, `Q.1`, `phường 12`: the number is the name, the word stays
            word = _PREFIX_WORDS.get(prefix, prefix)
            return PlaceMatch(j + 1 - i, None, f"{word} {self.tokens[j].text}", "")
        if prefix in _LIST_PREFIXES and not self.tokens[i].is_cap:
            # `8 xã gồm: Tam Hải và Tam Tiến`: the list after the word
            k = j
            while k < len(self.tokens) and k - j < 2 and self.keys[k] in _LIST_INTRODUCERS:
                k += 1
            if k > j and self.is_name_word(k):
                j = k
        if feature:
            # A river, sea or mountain keeps its word: `sông Sài Gòn` is not the city. But
            # `biển Khánh Hòa`, `núi Alps`: the sea of a known place, a known range.
            end = j + self.name_run(j, MAX_UNKNOWN_PLACE_WORDS, honorifics=True)
            if end == j:
                return None
            length, place = self.known_place(j)
            if place is not None and prefix != "sông" and length == end - j:
                return PlaceMatch(end - i, place, place.name, "")
            word = join_tokens(self.tokens[i : i + prefix_len]).lower()
            name = tidy(f"{word} {join_tokens(self.tokens[j:end])}")
            return PlaceMatch(end - i, None, name, prefix)
        length, place = self.known_place(j)
        k = j + length
        if (
            place is not None
            and length
            and not (
                self.is_name_word(k)
                and self.tokens[k].start == self.tokens[k - 1].end + 1
                and not self.starts_structure(k)
                and self.tokens[k].text not in self.lex.never_in_names
                and not self.known_place(k)[0]
                and not self.person_len(k)
                and not self.lex.honorifics.longest(self.keys, k)[0]
            )
        ):
            return PlaceMatch(j + length - i, place, place.name, prefix)
        # `xã Tân Thạnh Đông` is not the district `Tân Thạnh`: the whole name is read below.
        if prefix in _GUARDED_PREFIXES:
            return None
        named = self.person_len(j)
        if named and prefix in _LIST_PREFIXES:
            # `phường Nguyễn Thái Bình`, `xã Lê Lợi`: units named after people
            text = join_tokens(self.tokens[j : j + named])
            return PlaceMatch(j + named - i, None, canonical_place(text), prefix)
        end = j
        words = 0
        while (
            words < MAX_UNKNOWN_PLACE_WORDS
            and self.is_name_word(end)
            and not (end > j and self.person_len(end))
            and not self.starts_structure(end)
            and self.tokens[end].text not in self.lex.never_in_names
            and not (
                self.tokens[end].text in self.lex.given_names
                and self.is_name_word(end + 1)
                and not is_vietnamese_syllable(self.tokens[end + 1].text)
            )
        ):
            end = self.name_word_end(end)
            words += 1
        if end == j:
            return None
        text = join_tokens(self.tokens[j:end])
        # A near spelling is looked for only in a foreign name (`Sanvannakhet`): a Vietnamese
        # commune one letter from a known district is another place.
        foreign = not all(is_vietnamese_syllable(w) for w in text.replace("-", " ").split())
        found = find_place(text, fuzzy=foreign)
        name = found.name if found is not None else canonical_place(text)
        return PlaceMatch(end - i, found, name, prefix)

    def person_len(self, i: int) -> int:
        """Tokens in a Vietnamese personal name at `i`: a family name and given syllables."""
        token = self.word(i)
        if token is None or not token.is_cap or token.text not in self.lex.surnames:
            return 0
        end, given = i + 1, 0
        while (
            given < MAX_GIVEN_SYLLABLES
            and self.is_name_word(end)
            and self.tokens[end].text not in self.lex.never_in_names
            and not self.starts_structure(end)
            and not (given and self.next_full_name(end))
            and not self.completes(end + 1)
        ):
            end = self.name_word_end(end)
            given += 1
        if given and given < MAX_GIVEN_SYLLABLES + 1 and self.final_initial(end):
            end += 2 if end + 1 < len(self.tokens) and self.tokens[end + 1].text == "." else 1
        if (
            given
            and self.country_len(i + 1) == end - i - 1 > 1
            and not self.after_title
            and not self.honorific_before(i)
        ):
            # `Đoàn Việt Nam`, `từ Hàn Quốc`: a country's delegation, from a country; but a
            # country of one syllable is a given name as often (`Hà Anh`, `Hoàng Đức`)
            return 0
        return end - i if given else 0

    def next_full_name(self, j: int) -> bool:
        """Another person's full name starts at `j` (a family name and two or three given
        syllables, then no more names), as when a title's person follows a name (`trường
        Phan Đình Phùng Nguyễn Thị Bích Loan`); `Nguyễn Thị Mai Lan` goes on through `Mai`."""
        token = self.tokens[j]
        if token.text not in self.lex.surnames:
            return False
        end, given = j + 1, 0
        while given < 4 and self.is_name_word(end) and not self.starts_structure(end):
            end += 1
            given += 1
        return 2 <= given <= 3  # a whole name of its own, ending where the names end

    def final_initial(self, j: int) -> bool:
        """A name cut to a last initial, as court and crime news write it (`Đinh Quang M.`,
        `Nguyễn Thị T`): one capital letter, then a full stop, a mark or the end."""
        token = self.word(j)
        if token is None or len(token.text) != 1 or not token.text.isupper():
            return False
        following = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        return following is None or not following.is_word or not following.is_cap

    def foreign_len(self, i: int) -> int:
        """Tokens in a capitalised name after a title or honorific (Phimpha Keomixay)."""
        end, words = i, 0
        while (
            words < MAX_FOREIGN_WORDS
            and self.is_name_word(end)
            and not (
                self.tokens[end].sentence_start and self.tokens[end].text in self.lex.vi_stop_words
            )
            and not (end > i and self.tokens[end].text in self.lex.never_in_names)
            and not self.starts_structure(end)
            and not (end > i and self.known_place(end)[0])
            and not (end > i and self.person_len(end))
            and not (end > i and self.starts_clause(end))
        ):
            end = self.name_word_end(end)
            words += 1
        return end - i

    def portfolio_len(self, i: int, length: int) -> int:
        """Vietnamese words capitalised after a title and before a foreign name of two words
        or more: the title's portfolio (`Bộ Trưởng Tư Pháp Jeff Sessions`) or country
        (`Thủ tướng Nhật Shinzo Abe`), not the name. One syllable that is no country may be
        the name's own (`Lee Jae-yong`, `Song Joong Ki`)."""
        for k in range(i, i + length):
            token = self.tokens[k]
            if token.is_word and not is_vietnamese_syllable(token.text):
                rest = sum(1 for t in self.tokens[k : i + length] if t.is_word)
                before = sum(1 for t in self.tokens[i:k] if t.is_word)
                country = self.known_place(i)
                whole = before >= 2 or (country[1] is not None and i + country[0] == k)
                return k - i if before and rest >= 2 and whole else 0
        return 0

    def honorific_before(self, i: int) -> bool:
        """Whether an honorific ends just before `i` (`sinh viên | Lào`)."""
        return any(
            k <= i and self.lex.honorifics.longest(self.keys, i - k)[0] == k for k in (1, 2, 3)
        )

    def starts_clause(self, j: int) -> bool:
        """A capitalised word at `j` that begins the next sentence or caption, glued to a
        name when a page lost its full stop (`HLV Ricky Sáng nay`, `HLV Ricky Ông bầu Tú`):
        an honorific, or a time of day before `nay`, `qua`, `mai` or a date."""
        token = self.tokens[j]
        if not token.is_cap:
            return False
        following = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        honorific = self.lex.honorifics.longest(self.keys, j)[0]
        if honorific > 1 or (
            honorific and token.text in ("Ông", "Bà") and self.is_name_word(j + 1)
        ):
            return True  # not `Anh`, `Em`: given names too (`Adrian Anh Tuấn`)
        return (
            token.text in _DAY_TIMES
            and following is not None
            and (following.key in ("nay", "qua", "mai", "sớm") or following.text[:1].isdigit())
        )

    def known_org(self, i: int) -> tuple[int, str, list[PlaceMatch]] | None:
        """An organisation known by name at `i`, capitalised as it is known (`Reuters`,
        `Tin Tức`; `tin tức` is news)."""
        length, known = self.lex.known_orgs.longest(self.keys, i)
        if not length:
            return None
        words = [t for t in self.tokens[i : i + length] if t.is_word]
        capitals, wanted = tuple(t.is_cap for t in words), known.capitals
        if known.loose:
            capitals, wanted = capitals[:2], wanted[:2]
        if capitals != wanted:
            return None
        nxt = self.word(i + length)
        if (
            length == 1
            and nxt is not None
            and nxt.is_cap
            and self.tokens[i + length].start == words[-1].end + 1
            and self.foreign_word(i + length)
            and not self.known_place(i + length)[0]
        ):
            return None  # part of a longer name (`Apple Daily`, `Honda Super Cub`)
        return length, canonical_org(known.name), []

    def known_club(self, i: int) -> bool:
        """Whether a football club or league known by name is at `i`."""
        known = self.lex.known_orgs.longest(self.keys, i)[1]
        return known is not None and known.club

    def org_at(self, i: int) -> tuple[int, str, list[PlaceMatch]] | None:
        """An organisation at `i`: its length, canonical name and the places inside it.

        Organisations start with a capital, except a school, hospital, company or bank
        written in lower case before its capitalised name (`trường Lê Quý Đôn`, `bệnh viện
        Bạch Mai`, `công ty Hoàng Long`): the name makes it one."""
        token = self.word(i)
        if token is None:
            return None
        if not token.is_cap:
            served = self.body_of_unit(i) or self.party_at(i)
            if served is not None:
                return served
            if token.key not in _LOWER_HEADS:
                return None
            before = self.word(i - 1) if i > 0 else None
            if before is not None and (before.key, token.key) in self.lex.compounds:
                return None  # `thượng viện Charles Schumer`: a word's second half, no head
            length = self.lex.org_heads.longest(self.keys, i)[0]
            after = self.word(i + length) if length else None
            if after is None or not after.is_cap or after.text in self.lex.never_in_names:
                return None
            known = self.known_org(i + length)
            if known is not None:
                return known[0] + length, known[1], []  # `ngân hàng Commerzbank`
            found = self.head_org(i)
            if found is None:
                return None
            head_words = " ".join(self.keys[i : i + length]) + " "
            # The name after its head; none when the canonical name rewrote the head
            # (`trường ĐH X` is `Đại học X`).
            rest = found[1][len(head_words) :] if found[1].lower().startswith(head_words) else ""
            place_after = self.place_at(i + length)
            if (
                place_after is not None
                and found[0] == length + place_after.length
                and (place_after.is_country or length < 3)
            ):
                # `trường Việt Nam`, `đại học Hoa Kỳ`: a kind of school, a place; but a
                # `bệnh viện đa khoa` is the named one of the district after it
                return None
            if rest and not all(is_vietnamese_syllable(w) for w in rest.split() if w.isalpha()):
                return found[0], canonical_org(rest), found[2]  # `công ty Baker&McKenzie`
            return found[0], found[1][0].upper() + found[1][1:], found[2]
        known = self.known_org(i)
        found = self.head_org(i)
        if known is None:
            return found
        if found is None or found[0] <= known[0]:
            return known
        if self.lex.known_orgs.longest(self.keys, i)[1].loose and not any(
            t.is_cap for t in self.tokens[i + known[0] : i + found[0]]
        ):
            return known  # `Bộ Giao thông vận tải họp`: the body, not its verb (`Bộ Tài chính Mỹ`)
        return found

    def party_at(self, i: int) -> tuple[int, str, list[PlaceMatch]] | None:
        """A party written `đảng` and its name, which capitalises its first syllable only
        (`đảng Dân chủ`, `đảng Bảo thủ cầm quyền`, `đảng Lao động Kurdistan`), or an acronym
        (`đảng PVV`: the party is `PVV`)."""
        if self.keys[i] != "đảng":
            return None
        j = i + 1
        token = self.word(j)
        if token is None or not token.is_cap or token.text in self.lex.never_in_names:
            return None
        if token.is_acronym:
            if self.head_len(j) or self.known_org(j) is not None:
                return None  # `Ban cán sự đảng UBND tỉnh`: the party's cell in another body
            return 2, token.text, []
        end, words = j, 0
        while (
            words < 3
            and self.is_name_word(end)
            and self.tokens[end].text not in self.lex.never_in_names
            and not self.lex.honorifics.longest(self.keys, end)[0]
            and not (end > j and self.lex.titles.longest(self.keys, end)[0])
            and not (words and self.foreign_word(end) and not self.foreign_word(end - 1))
        ):
            end += 1
            words += 1
        if not words:
            return None
        following = self.word(end)
        if (
            following is not None
            and not following.is_cap
            and following.key not in self.lex.function_words
            and (words == 1 or self.completes(end))
        ):
            end += 1  # `Dân chủ`, `Bảo thủ`: the second syllable of the name's word
        place = self.place_at(j)
        if place is not None and place.length >= end - j:
            return None  # `đảng Mỹ`: a place
        name = "Đảng " + join_tokens(self.tokens[j:end])
        return end - i, canonical_org(name), []

    def body_of_unit(self, i: int) -> tuple[int, str, list[PlaceMatch]] | None:
        """A body written in lower case before the unit it serves (`công an huyện Di Linh`,
        `bệnh viện đa khoa tỉnh Bình Dương`): the head, a unit word and its name."""
        length = self.lex.lower_place_heads.longest(self.keys, i)[0]
        if not length:
            return None
        place = self.place_at(i + length)
        if place is None or not (
            place.prefix in _LIST_PREFIXES | _CITY_PREFIXES | _PROVINCE_PREFIXES
            or place.name.split(" ")[0] in ("quận", "phường")
        ):
            return None
        head = join_tokens(self.tokens[i : i + length])
        text = f"{head[0].upper()}{head[1:]} {self.org_place_text(place, i + length)}"
        return length + place.length, canonical_org(text), [place]

    def head_org(self, i: int) -> tuple[int, str, list[PlaceMatch]] | None:
        """An organisation that starts with a head word (`Bộ`, `Công ty`, `UBND`) at `i`."""
        head_len, head = self.lex.org_heads.longest(self.keys, i)
        if not head_len:
            return None
        if not isinstance(head, OrgHead):
            return None
        j = i + head_len
        nxt = self.word(j)
        if nxt is not None and self.common_noun(self.keys[i], nxt):
            return None
        head_key = self.keys[i]
        parts: list[str] = [join_tokens(self.tokens[i:j])]
        places: list[PlaceMatch] = []
        end, content, lower_run = j, False, 0
        held_name = False
        last_place: PlaceMatch | None = None
        pending: list[str] = []
        while j < len(self.tokens):
            current = self.tokens[j]
            lower = current.is_word and not current.is_cap
            to_country = (
                self.lower_to_country(j, first=j == i + head_len)
                if lower
                and self.tokens[i].is_cap
                and last_place is None
                and not head.standalone
                and (not content or self.lex.business_words.longest(self.keys, j)[0])
                else 0
            )
            if to_country:
                # `Quỹ bảo trợ trẻ em Việt Nam`: a national body's name, read on to its country
                pending.extend(t.text for t in self.tokens[j : j + to_country])
                j += to_country
                continue
            if current.sentence_start or (
                head.standalone
                and not content
                and current.is_word
                and self.place_at(j) is None
                and not self.country_len(j)
            ):
                # A body named by its head alone reads on to a place only (`Quốc hội Mỹ`, `Bộ
                # Quốc Phòng Nga`), not to its official's name (`Liên hợp quốc Antonio Guterres`)
                break
            if (
                current.key in ("các", "những")
                and head.follows == "place"
                and self.lex.place_prefixes.longest(self.keys, j + 1)[0]
            ):
                break  # `UBND các tỉnh X và Y`: bodies of several places, no one body
            match = self.place_at(j)
            if (
                match is not None
                and last_place is not None
                and not pending
                and match.prefix in _LIST_PREFIXES
                and match.prefix != "tỉnh"
            ):
                # `Công ty CABE Việt Nam xã Thụy Hương`: where it is, after its name; but a
                # province names a chapter (`Hội hữu nghị Việt Nam - Lào tỉnh Thừa Thiên Huế`)
                break
            if match is not None and (last_place is None or last_place.is_country):
                parts.extend(pending)
                parts.append(self.org_place_text(match, j))
                places.append(match)
                pending, lower_run, content, last_place = [], 0, True, match
                j += match.length
                end = j
                if not match.is_country:
                    break
                continue
            if (
                last_place is not None
                and last_place.is_country
                and (current.text in _HYPHENS or current.key == "tại")
                and self.place_at(j + 1)
            ):
                pending.append(self.mark_text(j))
                j += 1
                continue
            if (
                last_place is not None
                and last_place.is_country
                and current.text in _HYPHENS
                and self.is_name_word(j + 1)
                and not self.starts_structure(j + 1)
                and not (self.word(j + 2) is not None and self.tokens[j + 2].is_cap)
                and not self.completes(j + 2)
            ):
                # `Trường Đại học Đức - Việt`: two countries' short names
                parts.append(f"{current.text} {self.tokens[j + 1].text}")
                j += 2
                end = j
                break
            if last_place is not None:
                break
            if current.is_word and current.text in self.lex.never_in_names:
                break
            if self.legal_doc(j) == 2:
                break  # `Bộ Tài chính nêu rõ Thông tư 20`: the document is no part of it
            if current.is_word and (current.is_cap or (current.text.isdigit() and content)):
                nested_len, nested = self.lex.org_heads.longest(self.keys, j)
                nestable = content and isinstance(nested, OrgHead) and nested.nestable
                # A company named with a word that heads schools or a title of address
                # (`Công ty Nhựa Trường Phát`, `Công ty cổ phần Anh Minh`): part of its name.
                in_name = (
                    head.may_hold_names
                    and self.keys[i] != "trường"
                    and self.is_name_word(j + 1)
                    and (
                        (content and nested_len == 1 and self.keys[j] == "trường")
                        or self.lex.honorifics.longest(self.keys, j)[0] == 1
                    )
                )
                # `Dụng Cụ`, `Quân Đội`: a word's second syllable, capitalised as in a title
                in_name = in_name or (
                    content and (self.keys[j - 1], self.keys[j]) in self.lex.compounds
                )
                if not in_name and (
                    (self.starts_structure(j) and not nestable)
                    or self.lex.honorifics.longest(self.keys, j)[0]
                ):
                    break
                named_place = head.follows == "place" and not content
                if not (head.may_hold_names or named_place) and self.person_len(j):
                    break
                named = self.person_len(j) if head.may_hold_names else 0
                if named and held_name:
                    break  # `trường THPT Phan Đình Phùng Nguyễn Thị Bích Loan`: its head teacher
                if named:
                    # The person it is named after, whole (`Trường THPT Phan Đình Phùng`).
                    held_name = True
                    parts.extend(pending)
                    parts.append(join_tokens(self.tokens[j : j + named]))
                    pending, lower_run, content = [], 0, True
                    j += named
                    end = j
                    continue
                parts.extend(pending)
                parts.append(current.text)
                pending, lower_run, content = [], 0, True
                line = (
                    self.lex.business_words.longest(self.keys, j)[0] if head.may_hold_names else 0
                )
                if line > 1 and not any(t.is_cap for t in self.tokens[j + 1 : j + line]):
                    parts.extend(t.text for t in self.tokens[j + 1 : j + line])  # `Đồ gỗ`
                    j += line - 1
                j += 1
                if self.completes(j):
                    parts.append(self.tokens[j].text)
                    j += 1
                    tail = self.lower_tail(j)
                    parts.extend(t.text for t in self.tokens[j : j + tail])
                    j += tail
                end = j
                continue
            if not current.is_word and content and self.joins_name(head_key, current, j):
                pending.append(self.mark_text(j))
                j += 1
                continue
            crime = self.crime_field(j) if content and not current.is_cap else 0
            if crime:
                parts.extend(pending)
                parts.extend(t.text for t in self.tokens[j : j + crime])
                pending, lower_run = [], 0
                j += crime
                end = j
                continue
            business = self.business_run(j, head) if current.is_word and not current.is_cap else 0
            if business:
                pending.extend(t.text for t in self.tokens[j : j + business])
                j += business
                continue
            if current.is_word and not current.is_cap and self.lower_then_name(j, head):
                lower_run += 1
                pending.append(current.text)
                j += 1
                continue
            if current.key in ("và", "tại") and content and self.continues_name(j + 1, head):
                pending.append(current.text)
                j += 1
                continue
            if content and lower_run == 0 and self.ends_compound(j):
                parts.extend(pending)
                parts.append(current.text)
                pending, lower_run = [], 1
                j += 1
                end = j
                continue
            inner = self.inner_run(j, after_name=content)
            if inner:
                parts.extend(pending)
                parts.extend(t.text for t in self.tokens[j : j + inner])
                pending, lower_run = [], lower_run + inner
                j += inner
                end = j
                continue
            break
        if not content and not head.standalone:
            return None
        if not places and (self.cut_short(end) or self.cut_syllable(i + head_len, end)):
            return None
        if head.may_hold_names:
            places = []
        name = " ".join(parts).replace(f" {_GLUE}", "").replace(f"{_GLUE} ", "")
        return end - i, canonical_org(name), places

    def mark_text(self, j: int) -> str:
        """The mark at `j` as a name being built holds it: glued to both neighbours when it
        is written without spaces (`VH-TT&DL`, `Việt Nam-Thụy Điển`)."""
        mark = self.tokens[j]
        glued = (
            j + 1 < len(self.tokens)
            and mark.start == self.tokens[j - 1].end
            and self.tokens[j + 1].start == mark.end
        )
        return f"{_GLUE}{mark.text}{_GLUE}" if glued else mark.text

    def crime_field(self, j: int) -> int:
        """The field of a police unit written after its name (`Phòng CSĐT | tội phạm về ma
        túy`, `Cục Cảnh sát điều tra | tội phạm về trật tự xã hội`): `tội phạm về` and the
        lower-case words up to a mark or a capital; its tokens, else 0."""
        if self.keys[j : j + 2] != ["tội", "phạm"] or self.keys[j + 2 : j + 3] != ["về"]:
            return 0
        k = j + 3
        while k - j < 3 + MAX_CRIME_WORDS:
            token = self.word(k)
            if token is None or token.is_cap:
                break
            if token.key in self.lex.function_words and token.key not in _CRIME_WORDS:
                break
            k += 1
        while k > j + 3 and self.keys[k - 1] == "và":
            k -= 1
        return k - j if k > j + 3 else 0

    def cut_short(self, end: int) -> bool:
        """The name read so far is cut: lower-case words that only go inside names follow
        (`Công ty Sản xuất | thiết bị y tế`, `Cục Thương mại | điện tử`). A cut name is worse
        than none: it names no organisation."""
        following = self.word(end)
        if following is None or following.is_cap:
            return False
        # Nouns only: `phát triển`, `sản xuất`, `nghiên cứu` after a name are mostly its verb.
        return end + 1 < len(self.tokens) and (self.keys[end], self.keys[end + 1]) in _INNER_PAIRS

    def cut_syllable(self, start: int, end: int) -> bool:
        """The name after a head (and its acronyms) is one Vietnamese syllable and a
        lower-case word that is no function word follows it (`Trường ĐH Kiến | trúc`): the
        first syllable of a word the name goes on with, cut; whole or none, so none."""
        last = end - 1
        following = self.word(end)
        if (
            following is None
            or following.is_cap
            or following.key in self.lex.function_words
            or following.key in _PREDICATE_STARTS
            or last < start
            or not self.is_name_word(last)
            or not is_vietnamese_syllable(self.tokens[last].text)
        ):
            return False
        return all(self.tokens[k].is_acronym for k in range(start, last))

    def completes(self, j: int) -> bool:
        """A lower-case syllable at `j` finishing the word the capitalised one before it
        starts (`Tài chính`, `Nhà nước`, `Quản lý`): names capitalise a word's first syllable."""
        token = self.word(j)
        return (
            token is not None
            and not token.is_cap
            and (self.keys[j - 1], token.key) in self.lex.compounds
        )

    def lower_tail(self, j: int) -> int:
        """Lower-case words that finish an organisation's name after a completed word
        (`Cục Quản lý dược`, `Viện Sức khỏe tâm thần`, `Cục Thương mại điện tử`): whole words
        only (a known two-syllable word, or a one-syllable one the name list knows), and only
        when the name visibly ends after them (a mark, the end, a capitalised name or place);
        a verb after the name (`Bộ Tài chính ban hành thông tư mới`) is never taken."""
        k = j
        while k - j < MAX_LOWER_IN_ORG + 1:
            token = self.word(k)
            if token is None or token.is_cap or token.key in self.lex.function_words:
                break
            if (
                self.lex.skip_prefixes.longest(self.keys, k)[0]
                or self.lex.place_prefixes.longest(self.keys, k)[0]
            ):
                break
            nxt = self.word(k + 1)
            if nxt is not None and not nxt.is_cap and (token.key, nxt.key) in self.lex.compounds:
                k += 2
            elif token.key in self.lex.org_inner_words or len(token.key) >= 3:
                k += 1
            else:
                break
        if k == j:
            return 0
        after = self.tokens[k] if k < len(self.tokens) else None
        if after is None or (not after.is_word and after.text in _NAME_END_MARKS):
            return k - j
        if after.is_word and after.is_cap:
            place = self.place_at(k)
            if place is not None and place.prefix in _CITY_PREFIXES | _PROVINCE_PREFIXES:
                return k - j  # `Cục Quản lý dược TP Hà Nội`
        return 0

    def ends_name(self, k: int) -> bool:
        """Whether a name visibly ends before `k`: the end, a mark, or the start of what is
        said of it (`đã`, `sẽ`, `cho biết`)."""
        after = self.tokens[k] if k < len(self.tokens) else None
        return (
            after is None
            or (not after.is_word and after.text in _NAME_END_MARKS)
            or (after.is_word and not after.is_cap and after.key in _PREDICATE_STARTS)
        )

    def lower_to_country(self, j: int, *, first: bool) -> int:
        """Lower-case whole words at `j` that read on to a country closing a body's name
        (`Trung tâm | phối hợp tìm kiếm cứu nạn hàng hải | Việt Nam (VEC)`, `Hiệp hội | các
        nhà sản xuất ô tô | Việt Nam`): their tokens, else 0. Only up to the country and
        then the visible end of the name; no function word (`các` right after the head)."""
        k, words = j, 0
        while words < MAX_WORDS_TO_COUNTRY:
            token = self.word(k)
            if token is None:
                return 0
            if token.is_cap:
                break
            prefix = max(
                self.lex.skip_prefixes.longest(self.keys, k)[0],
                self.lex.place_prefixes.longest(self.keys, k)[0],
            )
            named = self.word(k + prefix) if prefix else None
            if named is not None and named.is_cap:
                return 0  # `đường Láng`, `tỉnh Nam Định`: a name of its own
            nxt = self.word(k + 1)
            pair = nxt is not None and not nxt.is_cap and (token.key, nxt.key) in self.lex.compounds
            function = self.lex.function_words
            if pair and nxt is not None and not (token.key in function and nxt.key in function):
                k += 2
            elif token.key not in function or (token.key == "các" and first and k == j):
                k += 1
            else:
                return 0
            words += 1
        if k == j:
            return 0
        match = self.place_at(k)
        if match is None or not match.is_country or not self.ends_name(k + match.length):
            return 0
        return k - j

    def continues_name(self, j: int, head: OrgHead) -> bool:
        """A capitalised word at `j` that may go on an organisation's name."""
        nested = self.lex.org_heads.longest(self.keys, j)[1]
        return (
            self.word(j) is not None
            and self.tokens[j].is_cap
            and not self.legal_doc(j)
            and (not self.starts_structure(j) or (isinstance(nested, OrgHead) and nested.nestable))
            and not self.lex.honorifics.longest(self.keys, j)[0]
            and (head.may_hold_names or not self.person_len(j))
        )

    def joins_name(self, head_key: str, mark: Token, j: int) -> bool:
        """A hyphen between two parts of a name (`Nhật - Việt`), or the comma of a
        ministry or department listing its fields (`Sở Văn hóa, Thể thao và Du lịch`)."""
        if (
            mark.text in _HYPHENS
            or mark.text == "&"
            or (mark.text == "," and head_key in _LISTING_HEADS)
        ):
            nxt = self.word(j + 1)
            return nxt is not None and nxt.is_cap and not self.starts_structure(j + 1)
        return False

    def business_run(self, j: int, head: OrgHead) -> int:
        """Lower-case lines of business at `j` that lead on to a company's capitalised name
        (`thương mại và xuất nhập khẩu` before `Trung Hùng`): their tokens, else 0."""
        if not head.may_hold_names or self.keys[j] == "và":
            return 0
        k = j
        while k - j < MAX_BUSINESS_WORDS:
            length = self.lex.business_words.longest(self.keys, k)[0]
            if not length or self.tokens[k].is_cap:
                break
            k += length
        if (
            k > j
            and self.word(k) is not None
            and self.tokens[k].is_cap
            and (self.continues_name(k, head) or self.place_at(k) is not None)
        ):
            return k - j
        return 0

    def lower_then_name(self, j: int, head: OrgHead) -> bool:
        """One or two lower-case syllables that lead on to more of the name
        (`Kỹ thuật Sông Hậu`, `Chữ thập đỏ TP Cần Thơ`), none of them a function word."""
        for ahead in range(j, min(j + MAX_LOWER_AHEAD, len(self.tokens))):
            token = self.tokens[ahead]
            honorific = self.lex.honorifics.longest(self.keys, ahead)[0] if ahead > j else 0
            if honorific and self.is_name_word(ahead + honorific):
                return False  # `Báo Mỹ đưa tin ông Lâm`: a person, after the name ended
            if token.is_cap:
                return ahead > j and (
                    self.continues_name(ahead, head) or self.place_at(ahead) is not None
                )
            if (
                ahead > j
                and self.lex.place_prefixes.longest(self.keys, ahead)[0]
                and self.place_at(ahead) is not None
            ):
                return True
            joins = token.key == "và" and ahead > j
            if not token.is_word or (token.key in self.lex.function_words and not joins):
                return False
            if self.lex.skip_prefixes.longest(self.keys, ahead)[0]:
                return False  # `... tài trợ giải Northern League`: an event, not the name
        return False

    def ends_compound(self, j: int) -> bool:
        """One lower-case syllable closing the name before a mark (`Ngoại ngữ -`,
        `Ngoại giao.`): the second half of a two-syllable word, never a function word."""
        token = self.word(j)
        following = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        return (
            token is not None
            and not token.is_cap
            and token.key not in self.lex.function_words
            and self.tokens[j - 1].is_cap
            and (following is None or not following.is_word)
            and (
                (self.keys[j - 1], token.key) in self.lex.compounds
                or token.key in self.lex.org_inner_words
            )
        )

    def inner_run(self, j: int, *, after_name: bool) -> int:
        """Lower-case words of an organisation's name at `j` (`địa phương` in `Vụ địa
        phương III`, `chiến binh` in `Hội Cựu chiến binh`). After a capitalised part they are
        taken only when they end the name, at a mark or the end of the text."""
        end = j
        while (
            end - j < MAX_LOWER_IN_ORG
            and self.word(end) is not None
            and not self.tokens[end].is_cap
            and self.keys[end] in self.lex.org_inner_words
            and self.keys[end] not in ("và", "tại")
        ):
            end += 1
        if end == j:
            return 0
        if after_name and self.word(end) is not None:
            return 0
        return end - j

    def portfolio_after(self, j: int) -> int:
        """Tokens in a minister's portfolio at `j`, after `Bộ trưởng` or `Thứ trưởng`, written
        without its `Bộ` (`Bộ trưởng Công an Tô Lâm`, `Bộ trưởng Nông nghiệp và Phát triển
        nông thôn Nguyễn Xuân Cường`): words of the title, a known ministry's name once `Bộ`
        is put before them. 0 when none."""
        if (
            j < 2
            or self.keys[j - 2 : j] not in (["bộ", "trưởng"], ["thứ", "trưởng"])
            or self.word(j) is None
            or not self.tokens[j].is_cap
        ):
            return 0
        length = self.lex.known_orgs.longest(["bộ", *self.keys[j : j + 12]], 0)[0]
        return length - 1 if length > 1 else 0

    def title_len(self, i: int) -> int:
        """Tokens in a title at `i`, leaving out a last word that starts an organisation.

        `Phó Trưởng Đoàn Đại biểu Quốc hội` is the title `Phó Trưởng` and the delegation.
        """
        length = self.lex.titles.longest(self.keys, i)[0]
        if length > 1:
            org = self.org_at(i + length - 1)
            if org is not None and org[0] > 1:
                return length - 1
        return length

    def org_place_text(self, match: PlaceMatch, at: int) -> str:
        """How a place is written inside an organisation's canonical name: a country as the
        article writes it (`Bộ Ngoại giao Mỹ`, not `Hoa Kỳ`), a city or province with its
        usual word, any other administrative word whole (`Công an thị xã Thuận An`)."""
        if match.is_country:
            written = join_tokens(self.tokens[at : at + match.length])
            # `CHDCND Lào` is `Lào` with its style; `Mỹ` is not `Hoa Kỳ` written otherwise
            named = written.casefold().endswith(match.name.casefold())
            return match.name if named else written  # `Anh quốc` as written
        if match.name.startswith("TP."):
            written = join_tokens(self.tokens[at : at + match.length])
            if not match.prefix and not set(written.split()) & set(match.name.split()):
                return written  # `Công ty Vàng bạc Sài Gòn`: its own name for the city
            return match.name
        if match.prefix in _CITY_PREFIXES:
            return f"TP {match.name}"
        if match.prefix in _PROVINCE_PREFIXES:
            return f"tỉnh {match.name}"
        if match.prefix:
            length = self.lex.place_prefixes.longest(self.keys, at)[0]
            word = _PREFIX_WORDS.get(match.prefix) or join_tokens(self.tokens[at : at + length])
            if match.name.casefold().startswith(f"{word.casefold()} "):
                return match.name  # `biển Đông`, `sông Hồng` hold their word already
            return f"{word.lower()} {match.name}"
        return match.name

    def name_run(self, j: int, limit: int = MAX_FOREIGN_WORDS, *, honorifics: bool = False) -> int:
        """Tokens in a run of capitalised name words at `j` that starts nothing else
        (`honorifics`: `Bà`, `Ông` may be words of it, as in `Cát Bà`)."""
        end, words = j, 0
        while (
            words < limit
            and self.is_name_word(end)
            and self.tokens[end].text not in self.lex.never_in_names
            and not self.starts_structure(end)
            and (honorifics or not self.lex.honorifics.longest(self.keys, end)[0])
            and not (end > j and self.completes(end + 1))
            and not (end > j and not honorifics and self.starts_clause(end))
        ):
            end = self.name_word_end(end)
            words += 1
        return end - j

    def list_next(self, i: int) -> int:
        """The start of the next item when a list goes on at `i` (`, X`, `và X`), else -1."""
        token = self.tokens[i] if i < len(self.tokens) else None
        if token is None or token.sentence_start or token.text not in (",", "và"):
            return -1
        return i + 1 if self.is_name_word(i + 1) else -1

    def continue_list(self, i: int, kind: str) -> int:
        """Read the rest of a list whose first item was typed by a word before it: `các xã
        Tam Hải, Tam Tiến và Bình Nam` (places), `phố Lý Thường Kiệt, Bà Triệu` (streets,
        skipped), `ca sĩ Minh Hằng, Chi Pu` (people). Returns where the list ends."""
        while (j := self.list_next(i)) >= 0:
            known, place = self.known_place(j)
            if kind == "skip":
                length = self.name_run(j)
                if not length or known:
                    break
                i = j + length
                continue
            if known and kind == "person" and self.district_in_a_list(j, known, place):
                self.emit("person", canonical_person(join_tokens(self.tokens[j : j + known])), j)
                i = j + known
                continue
            if known:
                break  # a known place: the normal rules read it (and what follows)
            if self.org_at(j) is not None or (kind == "place" and self.person_len(j)):
                break
            length = (kind == "person" and self.person_len(j)) or self.name_run(
                j, MAX_UNKNOWN_PLACE_WORDS if kind == "place" else 3
            )
            if not length:
                break
            text = join_tokens(self.tokens[j : j + length])
            if kind == "place" and not all(
                is_vietnamese_syllable(t.text) for t in self.tokens[j : j + length] if t.is_word
            ):
                break
            if kind == "place" and length == 1 and self.word_goes_on(j):
                break  # `Cụm 12`, `Cấp nước sạch`: a word or a numbered unit, not a name
            if kind == "place":
                self.emit("place", canonical_place(text), j)
            else:
                self.emit("person", canonical_person(text), j, short=" " not in text)
            i = j + length
        return i

    def short_name_before(self, k: int) -> bool:
        """Whether a two-syllable name without a family name ends just before the list
        separator at `k` (`Văn Hào,`; not `Trần Nhân Tông,`, which may be a street)."""
        if k < 2 or not (self.is_name_word(k - 2) and self.is_name_word(k - 1)):
            return False
        return self.tokens[k - 2].text not in self.lex.surnames and not self.is_name_word(k - 3)

    def district_in_a_list(self, j: int, length: int, place: Place | None) -> bool:
        """Whether a district's name at `j` stands inside a list of people, a name among
        short names (`cầu thủ Văn Hào, Thanh Bình, Đức Chinh…`): the list goes on after it and
        no province follows it (`anh Tư, Thanh Bình, Đồng Tháp` is where he lives)."""
        if place is None or place.kind != "vn_district" or not self.short_name_before(j - 1):
            return False
        end = j + length
        if self.trails_off(end):
            return True
        nxt = self.list_next(end)
        if nxt < 0:
            return False
        after = self.known_place(nxt)[1]
        return after is None or not (after.is_country or after.kind in ("vn_province", "vn_city"))

    def word_goes_on(self, j: int) -> bool:
        """Whether the capitalised syllable at `j` goes on as a number (`Cụm 12`) or as a
        word with the lower-case syllable after it (`Cấp nước`)."""
        nxt = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        if nxt is None or not nxt.is_word or nxt.is_cap:
            return False
        return (
            nxt.text[:1].isdigit()
            or (self.keys[j], nxt.key) in self.lex.compounds
            or self.lex.business_words.longest(self.keys, j)[0] > 1
        )

    def defined_alias(self, j: int) -> str:
        """The short name an organisation's name is given in brackets right after it
        (`Tổng công ty Đầu tư phát triển đường cao tốc Việt Nam (VEC)`, `(Vietinbank)`): one
        word, an acronym or a foreign-looking name; '' when there is none."""
        tokens = self.tokens
        if j + 2 >= len(tokens) or tokens[j].text != "(" or tokens[j + 2].text != ")":
            return ""
        token = self.tokens[j + 1]
        if not token.is_word or not token.is_cap or len(token.text) < 2:
            return ""
        if token.text.isdigit() or self.known_place(j + 1)[0] or self.place_at(j + 1):
            return ""  # `(Bình Dương)`, `(TP.HCM)`: where it is, not what it is called
        if token.is_acronym or not is_vietnamese_syllable(token.text):
            return token.text
        return ""

    def outlet_at(self, i: int) -> tuple[int, str] | None:
        """A name typed as an organisation by the word before it (`tờ Marca`, `báo Thể Thao
        và Văn Hóa`, `kênh SIC`, `hãng Mai Linh`; `Theo National Interest,`): the tokens read
        from `i` (cue and name) and the organisation's name, without the cue. A name that is
        all a place is the place's press (`báo Mỹ`), no outlet; after `theo` only a
        foreign-looking name that ends the clause is taken (`theo ông Hùng` is a person)."""
        cue_len, cue = self.lex.outlet_cues.longest(self.keys, i)
        if not cue_len:
            return None
        before = self.tokens[i - 1] if i > 0 else None
        if (
            before is not None
            and before.is_word
            and not self.tokens[i].is_cap
            and (before.is_cap or before.key in _CUE_COMPOUNDS)
        ):
            return None  # `Thời báo Kinh tế`, `thông báo`, `khán đài`: a word's second half
        j = k = i + cue_len
        if self.legal_doc(j):
            return None  # `theo Văn bản 2103/2009`: a document
        if self.tokens[i].is_cap and self.in_variety_list(i):
            return None  # `giống lúa OM 5451, Đài Thơm 8`: a variety's name
        known_len, known = self.lex.known_orgs.longest(self.keys, j)
        if known_len and self.tokens[j].is_cap and not known.loose:
            # `báo Dân trí`, `tờ Tuổi trẻ`: as known (a ministry is no outlet: the rules read it)
            return known_len + cue_len, canonical_org(known.name)
        if self.org_at(j) is not None:
            return None  # `theo Đài KBS`: the organisation rules read it
        words = 0
        while k < len(self.tokens) and words < MAX_FOREIGN_WORDS:
            token = self.tokens[k]
            if (
                token.is_word
                and token.is_cap
                and len(token.text) > 1
                and not any(c.isdigit() for c in token.text)
                and not (k > j and self.known_place(k)[0])
                and token.text not in self.lex.never_in_names
                and not (k > j and token.sentence_start)
                and not self.lex.honorifics.longest(self.keys, k)[0]
                and not self.lex.titles.longest(self.keys, k)[0]
            ):
                k = self.name_word_end(k) if token.text.isalpha() else k + 1
                words += 1
            elif k > j and (
                (token.is_word and (token.text.isdigit() or self.completes(k)))
                or (
                    token.text in ("và", "&")
                    and self.word(k + 1) is not None
                    and self.tokens[k + 1].is_cap
                )
            ):
                k += 1
            else:
                break
        while k > j and self.tokens[k - 1].text in ("và", "&"):
            k -= 1
        if not words or (j > 0 and self.tokens[j].sentence_start):
            return None
        place = self.place_at(j)
        if place is not None and place.length >= k - j:
            return None  # `báo Mỹ`, `kênh Hà Nội`: the place's press, a place
        if place is not None and place.is_country:
            self.emit("place", place.name, j)  # `hãng xe Nhật Toyota`: its country, then it
            j += place.length
        if any(self.person_len(at) for at in range(j, k)):
            return None  # `theo PGS.TS Đỗ Cảnh Thìn`: a person
        name_tokens = [t for t in self.tokens[j:k] if t.is_word]
        foreign = any(
            t.is_acronym or _DOMAIN.search(t.text) or not is_vietnamese_syllable(t.text)
            for t in name_tokens
            if "." not in t.text or _DOMAIN.search(t.text)
        )
        after = self.tokens[k] if k < len(self.tokens) else None
        if not foreign and len(name_tokens) == 1:
            return None  # `báo Tri thức trực tuyến`, `làm báo Thông tấn`: where it ends is unsure
        if not foreign and cue_len == 1 and self.keys[i] == "kênh":
            return None  # `kênh Nước Lên`: a canal (a channel is `kênh VTV1`, `kênh truyền hình`)
        if cue == "source":
            if not foreign or (after is not None and after.is_word):
                return None
            if name_tokens[0].text in self.lex.given_names:
                return None  # `theo Jordan Wilson,`, `theo Alice,`: a person
        return k - i, canonical_org(join_tokens(self.tokens[j:k]))

    def in_variety_list(self, i: int) -> bool:
        """The name at `i` is an item of a list (after a comma, `và` or `như`) of kinds of a
        thing that a variety word opened earlier in the sentence (`giống lúa như OM 5451,
        Đài Thơm 8`)."""
        if i == 0 or self.keys[i - 1] not in (",", "và", "như", "hoặc", ":"):
            return False
        for k in range(i - 1, max(-1, i - 20), -1):
            if self.keys[k] in _VARIETY_WORDS and not self.tokens[k].is_cap:
                return True
            if self.tokens[k].sentence_start:
                break
        return False

    def bare_foreign(self, i: int) -> int:
        """A foreign name with no title before it. Capitalised words, at least one of them no
        Vietnamese syllable, none a word that starts sentences: a person when the first is a
        known given name (`Gregory Kulacki`, `Cristiano Ronaldo`) or a verb said of people
        follows (`Benzema ghi bàn`, `Kulacki cho biết`); an organisation when the last word is
        an organisation's (`Deutsche Bank`). Returns the tokens read, 0 when none."""
        token = self.tokens[i]
        if token.text in self.lex.never_in_names or token.text in self.lex.vi_stop_words:
            return 0
        length = self.name_run(i)
        if not length:
            return 0
        words = [t.text for t in self.tokens[i : i + length] if t.is_word]
        if all(is_vietnamese_syllable(w) for w in words):
            return 0
        text = join_tokens(self.tokens[i : i + length])
        if words[-1] in _EVENT_WORDS:
            return length  # `Champions League`, `World Cup`: events are no entities
        if len(words) > 1 and (words[-1] in self.lex.en_org_suffixes or words[0] == "The"):
            self.emit("org", canonical_org(text), i)
            return length
        said = self.said_of_people(i + length) or self.scored(i + length)
        named = len(words) > 1 and words[0] in self.lex.given_names
        if said or named:
            self.mentions.append(
                Mention("person", canonical_person(text), self.base + i, len(words) == 1, True)
            )
            return length
        return 0

    def placed_foreign(self, i: int) -> int:
        """A foreign place the gazetteer does not know, placed by the known place written
        after it: in brackets before a comma and that place (`(Zurich, Thụy Sĩ)`, `(Santa
        Cruz, California, Mỹ)`), or after a word that places it, with the known place after a
        comma or in brackets (`tại Brucsen, Bỉ`, `từ Zurich (Thụy Sỹ)`). Returns the tokens
        read, 0 when none."""
        length = self.name_run(i)
        after = i + length
        if not length or i == 0 or after + 1 >= len(self.tokens):
            return 0
        words = [t.text for t in self.tokens[i:after] if t.is_word]
        if all(is_vietnamese_syllable(w) for w in words) or words[-1] in _EVENT_WORDS:
            return 0
        mark = self.tokens[after].text
        bracketed = self.tokens[i - 1].text == "(" and mark == ","
        placed = self.keys[i - 1] in _LOCATIVES and mark in ("(", ",")
        if not (bracketed or placed) or self.place_at(after + 1) is None:
            return 0
        self.emit("place", canonical_place(join_tokens(self.tokens[i:after])), i)
        return length

    def said_of_people(self, k: int) -> bool:
        """What follows a name at `k` is said of people: a verb (`cho biết`, `ghi bàn`), an
        age, or `và (các) đồng đội` (and his team-mates)."""
        if self.lex.person_verbs.longest(self.keys, k)[0] > 0 or self.aged(k):
            return True
        keys = self.keys
        if k < len(keys) and keys[k] == "và":
            after = keys[k + 2 : k + 4] if k + 1 < len(keys) and keys[k + 1] == "các" else None
            return (after or keys[k + 1 : k + 3]) == ["đồng", "đội"]
        return False

    def scored(self, k: int) -> bool:
        """A match minute right after a name (`Benzema (54')`): the scorer."""
        tokens = self.tokens
        return (
            k + 3 < len(tokens)
            and tokens[k].text == "("
            and tokens[k + 1].text.isdigit()
            and tokens[k + 2].text in ("'", "’", "′")
            and tokens[k + 3].text in (")", "+", ",")
        )

    def candidates(self, i: int) -> None:
        """Foreign-looking names with no cue at `i`, alone or in a list (`Ronaldo, Pepe và
        Coentrao`), noted as candidates: the article decides whether they are people (see
        `reader.entities.extract.confirmed_candidates`). A list that a verb said of people
        follows (`Marcelo và Ramos cho biết`) or that has a scorer is people here. Two names
        and one comma are no list (`ở Old Trafford, Mourinho ...`: an apposition), nor are
        names after a word that types them otherwise (`các thương hiệu như Zara, Prada`).
        Reads ahead only: the scan goes on at `i + 1` as before."""
        if i < self.listed_until:
            return
        items: list[tuple[int, int]] = []
        joiners: list[str] = []
        j = i
        while len(items) < 12:
            length = self.foreign_len(j)
            if (
                not length
                or length > 2 * MAX_FOREIGN_WORDS - 2
                or (items and (self.known_place(j)[0] or self.org_at(j) is not None))
            ):
                break
            length = self.particle_end(j + length) - j  # `Edwin van der Sar`
            items.append((j, length))
            nxt = self.list_next(j + length)
            if nxt < 0:
                break
            joiners.append(self.tokens[j + length].text)
            j = nxt
        if len(items) == 2 and joiners == [","]:
            items = items[:1]
        if not items:
            return
        end = items[-1][0] + items[-1][1]
        self.listed_until = end
        if len(items) > 1 and self.typed_list(i):
            return
        people = self.said_of_people(end) or any(self.scored(s + n) for s, n in items)
        people = people and len(items) > 1
        seen = {m.order for m in self.mentions[-len(items) - 2 :]}
        for start, length in items:
            if self.base + start in seen:
                continue  # read already (`Cristiano Ronaldo` by its given name)
            tokens = self.tokens[start : start + length]
            words = [t.text for t in tokens if t.is_word]
            if all(is_vietnamese_syllable(w) for w in words) or words[-1] in _EVENT_WORDS:
                continue
            if words[0] in self.lex.vi_stop_words or words[0] in self.lex.never_in_names:
                continue
            if len(tokens) > 1 and self.glued_syllable(tokens[-1].text):
                tokens = tokens[:-1]  # `Coutinho Thông số ...`: the next sentence's word
            elif len(tokens) > 1 and self.glued_syllable(tokens[0].text):
                tokens, start = tokens[1:], start + 1  # `Học Ronaldinho`
            name = canonical_person(join_tokens(tokens))
            kind = "person" if people else CANDIDATE
            group = self.base + i if len(items) > 1 else None
            self.mentions.append(
                Mention(kind, name, self.base + start, " " not in name, True, group=group)
            )

    def particle_end(self, k: int) -> int:
        """The end of a foreign name whose words go on after lower-case particles at `k`
        (`van der Sar`, `von Richthofen`, `al-Moualem`), else `k`."""
        end = k
        while end < len(self.tokens):
            token = self.tokens[end]
            if token.text in _NAME_PARTICLES:
                end += 1
            elif (
                token.text in _HYPHENED_PARTICLES
                and end + 1 < len(self.tokens)
                and self.tokens[end + 1].text in _HYPHENS
                and self.tokens[end + 1].start == token.end
            ):
                end += 2
            else:
                break
        return self.name_word_end(end) if end > k and self.is_name_word(end) else k

    def glued_syllable(self, word: str) -> bool:
        """A Vietnamese syllable, no family name, at the edge of a foreign name: a word of
        the text around it (`Coutinho Thông số`), not of the name (`Florentin Phạm`)."""
        return is_vietnamese_syllable(word) and word not in self.lex.surnames

    def typed_list(self, i: int) -> bool:
        """A word before the list at `i`, in its sentence, says what its names are, and not
        people (`các thương hiệu như Zara, Prada`, `hãng`, `rạp`, `người Frank`)."""
        start = max(0, i - 16)
        for k in range(i - 1, start - 1, -1):
            if self.tokens[k].sentence_start:
                start = k
                break
        keys = self.keys[start:i]
        pairs = {" ".join(keys[k : k + 2]) for k in range(len(keys) - 1)}
        return bool(_LIST_TYPES.intersection(keys) or _LIST_TYPES.intersection(pairs))

    def aged(self, k: int) -> bool:
        """An age given right after a name (`Rehm, 37 tuổi,`, `Koval (29 tuổi)`): a person."""
        tokens = self.tokens
        return (
            k + 2 < len(tokens)
            and tokens[k].text in (",", "(")
            and tokens[k + 1].text.isdigit()
            and tokens[k + 2].key == "tuổi"
        )

    def scan(self) -> list[Mention]:
        i = 0
        expect = ""  # "title" or "honorific": the next name is a person's
        tokens = self.tokens
        starts = _lowercase_starts()
        while i < len(tokens):
            token = tokens[i]
            if not token.is_word:
                if token.text not in _HYPHENS:
                    expect = ""
                i += 1
                continue
            if not token.is_cap and (token.key not in starts or not self.lower_start(i)):
                # Most words: nothing can start here, so every rule below would find nothing.
                if token.key != "tại":
                    expect = ""
                i += 1
                continue
            if (
                self.is_name_word(i)
                and self.after_house_number(i)
                and not self.ward_of_district(i + self.name_run(i))
            ):
                i = self.continue_list(i + max(1, self.name_run(i)), "skip")
                expect = ""
                continue
            if self.lunar_year(i):
                i += 2
                expect = ""
                continue
            direction = self.direction(i)
            if direction:  # `phía Tây Bắc huyện Kỳ Anh`: a side of a place, not the region
                i += direction
                expect = ""
                continue
            doc = self.legal_doc(i)
            if doc:  # `Thông tư 20/2011`: a document and its number
                i += doc
                expect = ""
                continue
            self.after_title = expect == "title"
            place = self.place_at(i)
            org = self.org_at(i)
            title_len = self.title_len(i)
            honorific_len = self.lex.honorifics.longest(self.keys, i)[0]
            person_len = self.person_len(i)
            if honorific_len and person_len:
                person_len = 0
            skip_len = self.lex.skip_prefixes.longest(self.keys, i)[0]
            if skip_len and self.ends_word(i):
                skip_len = 0
            if skip_len and not (place or org or title_len):
                known_len, known = self.known_place(i + skip_len)
                if known is not None and known.is_country and self.keys[i] not in _LANGUAGE_WORDS:
                    # `tàu Singapore`, `phim Hàn Quốc`: a country wherever it is named (a
                    # language is not: `tiếng Anh`, `ngành Ngôn ngữ Anh`)
                    self.emit("place", known.name, i + skip_len)
                    i += skip_len + known_len
                    expect = ""
                    continue
                start = i + skip_len
                i = start
                while self.is_name_word(i) or (self.word(i) and self.tokens[i].text.isdigit()):
                    i += 1
                if (
                    i > start
                    and " ".join(self.keys[start - skip_len : start]) in _WORK_WORDS
                    and self.keys[start - skip_len - 1 : start - skip_len] != ["dẫn"]
                ):  # `người dẫn chương trình Bill O'Reilly` is a host
                    self.emit(WORK, join_tokens(self.tokens[start:i]), start)
                i = self.continue_list(i, "skip")
                expect = ""
                continue
            if (
                expect
                and person_len
                and not title_len
                and not org
                and place is not None
                and place.name != join_tokens(tokens[i : i + place.length])
            ):
                place = None
            if place is not None and place.is_country and person_len > place.length:
                person_len = 0  # `Tổng thống Hàn Quốc Park Min-soo`: Hàn is no surname here
            if (
                expect == "honorific"
                and place is not None
                and not place.prefix
                and place.length == 1
                and not org
                and (not self.foreign_word(i + 1) or token.text in self.lex.given_names)
                and (
                    not place.is_country
                    or self.keys[i - 1] in _KIN_WORDS
                    or self.tokens[i - 1].text.isupper()
                    or self.is_name_word(i + 1)
                    or not self.honorific_before(i)
                )
            ):
                # `anh Mỹ`, `bà Nga`, `LS Vinh`: a given name, not the place (but a country
                # after an occupation is its nationality: `sinh viên Lào`, `chuyên gia Nga`)
                place = None
            best = max(
                (place.length if place else 0, 5),
                (org[0] if org else 0, 4),
                (title_len, 3),
                (person_len, 2),
                (honorific_len, 1),
            )
            length, which = best
            if length == 0 and (outlet := self.outlet_at(i)) is not None:
                self.emit("org", outlet[1], i + self.lex.outlet_cues.longest(self.keys, i)[0])
                i += outlet[0]
                expect = ""
                continue
            if length == 0:
                if expect and self.is_name_word(i):
                    foreign = self.foreign_len(i)
                    if foreign and self.person_len(i + foreign):
                        i += foreign
                        continue
                    portfolio = self.portfolio_len(i, foreign)
                    i, foreign = i + portfolio, foreign - portfolio
                    if foreign:
                        foreign = self.particle_end(i + foreign) - i  # `Staffan de Mistura`
                        name = canonical_person(join_tokens(tokens[i : i + foreign]))
                        self.emit("person", name, i, short=" " not in name)
                        i = self.continue_list(i + foreign, "person")
                        expect = ""
                        continue
                if self.is_name_word(i):
                    located = self.placed_foreign(i)
                    if located:
                        i += located
                        expect = ""
                        continue
                    foreign = self.bare_foreign(i)
                    if foreign:
                        if self.list_next(i + foreign) >= 0:
                            self.candidates(i)  # `Cristiano Ronaldo, Bale và Benzema`
                        i += foreign
                        expect = ""
                        continue
                    self.candidates(i)
                if token.key not in ("tại",):
                    expect = ""
                i += 1
                continue
            if (
                which == 5
                and place is not None
                and not place.prefix
                and org is not None
                and org[0] == length
                and self.known_club(i)
            ):
                self.emit(CITY_CLUB, place.name, i)  # `Barcelona`: the city or the club
                i += length
                expect = ""
                continue
            if which == 5 and place is not None:
                self.emit("place", place.name, i)
                if place.prefix in _LIST_PREFIXES:
                    i = self.continue_list(i + length, "place")
                    continue
            elif which == 4 and org is not None:
                self.emit("org", org[1], i)
                for inner in org[2]:
                    self.emit("place", inner.name, i)
                alias = self.defined_alias(i + length)
                if alias:
                    widely = self.known_org(i + length + 1)
                    if widely is not None:  # `Liên minh châu Âu (EU)`: the name all know
                        self.mentions.append(
                            Mention("org", org[1], self.base + i, alias_of=widely[1])
                        )
                    else:  # `... cao tốc Việt Nam (VEC)`: the name it stands for
                        self.mentions.append(Mention("org", alias, self.base + i, alias_of=org[1]))
                    length += 3
            elif which == 3:
                expect = "title"
                length += self.portfolio_after(i + length)
            elif which == 2 and not expect and self.ward_of_district(i + length):
                # `Khương Trung - Thanh Xuân`, `Mai Dịch, Cầu Giấy`: an address's ward (a
                # name of three syllables there is a street: `Lý Thái Tổ, Hoàn Kiếm`)
                if length == 2:
                    self.emit("place", canonical_place(join_tokens(tokens[i : i + length])), i)
            elif which == 2:
                self.emit("person", canonical_person(join_tokens(tokens[i : i + length])), i)
                if expect or length > 2:
                    # A list a title or a full name starts goes on with people (`Hồ Ngọc Hà và
                    # Minh Hằng`): the other names of it are people too.
                    i = self.continue_list(i + length, "person")
                    expect = ""
                    continue
                expect = ""
            else:
                expect = "honorific"
            i += length
        return self.mentions

    def after_house_number(self, i: int) -> bool:
        """A name after a house number is a street or a ward (`số 8 Lê Duẩn`, `từ số nhà 1
        đến 23 Nguyễn Văn Tố`, `(118 Lê Duẩn)`, `ngách 192/66 Lê Trọng Tấn`, `Hà Nội:23
        Tràng Thi`, `số nhà 1 và 2 Hàng Mã`, `ngõ 126 - Khương Trung`), unless an
        administrative word says which it is (`số nhà 181 Phường Mai Dịch`)."""
        prefix = self.lex.place_prefixes.longest(self.keys, i)[0]
        if prefix and self.keys[i] not in FEATURE_PREFIXES and self.tokens[i].text != "Xã":
            return False  # but `Xã Đàn` is a street
        tokens = self.tokens
        k = i - 1
        if k >= 2 and tokens[k].text in (",", "-", "–") and tokens[k - 1].text[:1].isdigit():
            # `ngõ 126 - Khương Trung`: the address goes on after its number (but `Đội
            # CSGT số 3, Phòng CSGT`: a unit's number, then another body)
            return not self.starts_structure(i) and self.house_number_at(k - 1, words_only=True)
        if k < 1 or not tokens[k].text[:1].isdigit():
            return False
        return self.house_number_at(k)

    def house_number_at(self, k: int, *, words_only: bool = False) -> bool:
        """The number at `k` (`12`, `69A`, `192/66`) is a house number: an address word, a
        bracket or a list mark before it (`ngõ`, `(`, `,`, `Hà Nội:`), or `và`/`đến` after
        another number of the same address (`số nhà 1 và 2`)."""
        tokens = self.tokens
        while k >= 2 and tokens[k - 1].text == "/" and tokens[k - 2].text[:1].isdigit():
            k -= 2
        if k < 1 or len(tokens[k].text) > 5:
            return False  # an account or phone number
        before = tokens[k - 1]
        if before.key in _HOUSE_NUMBER_WORDS:
            return True
        if words_only:
            return False
        if before.text in ("-", "–") and k >= 2 and tokens[k - 2].text[:1].isdigit():
            return False  # a date or a range (`ngày 30-5, Nguyễn Văn A`)
        if before.text in ("(", ",", "-", "–"):
            return True
        if before.text == ":":
            return k < 2 or not tokens[k - 2].text[:1].isdigit()  # not the time `10:30`
        return (
            before.key in ("và", "đến")
            and k >= 3
            and tokens[k - 2].text[:1].isdigit()
            and tokens[k - 3].key in _HOUSE_NUMBER_WORDS
        )

    def ward_of_district(self, k: int) -> bool:
        """A district of Vietnam follows at `k` after a dash or comma: the name before it is
        the ward of an address (`Khương Trung - Thanh Xuân`), not a person."""
        if k + 1 >= len(self.tokens) or self.tokens[k].text not in ("-", "–", ","):
            return False
        length, place = self.known_place(k + 1)
        if place is None or place.kind != "vn_district":
            return False
        end = k + 1 + length
        after = self.tokens[end] if end < len(self.tokens) else None
        if self.trails_off(end):
            return False  # `Công Phượng, Văn Toàn, Xuân Trường...`: a list of names goes on
        if after is None or (not after.is_word and after.text != ","):
            return True
        if after.is_word:
            return after.start == self.tokens[end - 1].end  # `Thanh XuânHình thức`: glued
        # `Yên Hòa, Cầu Giấy, Hà Nội`; not a team list (`Văn Hào, Thanh Bình, Đức Chinh`)
        province = self.known_place(end + 1)[1]
        return province is not None and province.kind in ("vn_province", "vn_city")

    def trails_off(self, k: int) -> bool:
        """An ellipsis at `k` (`…` or `...`): a list that goes on unsaid."""
        texts = [t.text for t in self.tokens[k : k + 3]]
        return texts[:1] == ["…"] or texts == [".", ".", "."]

    def legal_doc(self, i: int) -> int:
        """Tokens of a legal document's word at `i`, capitalised (`Thông tư`, `Nghị định`,
        `Luật Đất đai`'s `Luật`), else 0: a document, neither an organisation nor a name."""
        token = self.word(i)
        if token is None or not token.is_cap:
            return 0
        if tuple(self.keys[i : i + 2]) in _LEGAL_DOCS:
            return 2
        nxt = self.word(i + 1)
        if token.key == "luật" and nxt is not None and (nxt.is_cap or nxt.text.isdigit()):
            return 1
        return 0

    def direction(self, i: int) -> int:
        """Tokens of a compass direction after `phía` or `hướng` at `i` (`phía Tây Bắc`,
        `hướng Đông Nam`): a side, never a place nor a region, unless a longer place's name
        starts with it (`phía Nam Trung Bộ`). 0 when there is none."""
        if i == 0 or self.keys[i - 1] not in _SIDE_WORDS:
            return 0
        end = i
        while end < i + 2 and self.is_name_word(end) and self.keys[end] in _COMPASS:
            end += 1
        return 0 if self.known_place(i)[0] > end - i else end - i

    def lunar_year(self, i: int) -> bool:
        """A year of the sexagenary cycle (`Đinh Dậu`, `Giáp Ngọ`), or a horoscope's pairing
        of a stem or branch with an element (`Đinh Hỏa`, `Dậu Kim`) or its `Thái Tuế`: never
        a person."""
        if i + 1 >= len(self.tokens):
            return False
        first, second = self.tokens[i].text, self.tokens[i + 1].text
        if first in _HEAVENLY_STEMS:
            return second in _EARTHLY_BRANCHES or second in _ELEMENTS
        if first in _EARTHLY_BRANCHES:
            return second in _ELEMENTS
        return first == "Thái" and second == "Tuế"


def vietnamese_mentions(text: str, base: int = 0) -> list[Mention]:
    """The mentions in one piece of Vietnamese text; `base` offsets their order."""
    return VietnameseScanner(tokenize(text), base).scan()
