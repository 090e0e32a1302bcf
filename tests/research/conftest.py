"""A small real archive for the research tests: Vietnamese and English articles imported from
Markdown files with front matter, the way a user's archive is made (`Archive.import_paths`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.archive import Archive
from reader.config import Config

HOSTILE_TITLE = (
    "50% of {firms} & #1 _rank_ $5 ~ \\ <script>alert(1)</script> [link](javascript:x) ^"
)

CAN_THO_1 = (
    "Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ Nguyễn Thực Hiện có buổi tiếp đoàn công tác tỉnh "
    "Champasak (Lào). Hai bên đã ký kết biên bản ghi nhớ hợp tác giai đoạn 2022-2025."
)
CAN_THO_2 = (
    "Theo ông Nguyễn Thực Hiện, TP. Cần Thơ sẵn sàng chia sẻ kinh nghiệm về nông nghiệp. "
    "Đoàn Lào cảm ơn sự đón tiếp nồng hậu."
)

PAGES: dict[str, str] = {
    "can-tho.md": f"""---
title: Xúc tiến, mở rộng hợp tác các lĩnh vực thế mạnh giữa TP Cần Thơ và các địa phương Lào
published: 2022-09-05T16:33:00+07:00
author: Hà Vy
section: [Hữu nghị, Bốn phương kết bạn]
source: thoidai.com.vn
url: https://thoidai.com.vn/xuc-tien-mo-rong-hop-tac-can-tho-lao-165432.html
language: vi
---
{CAN_THO_1}

{CAN_THO_2}

Hai bên thống nhất tăng cường trao đổi đoàn các cấp.
""",
    "da-nang.md": """---
title: Mưa lớn gây ngập nhiều tuyến đường ở Đà Nẵng
published: 2022-10-14T07:10:00+07:00
author: Nguyễn Văn Minh - Trần Thu Hà
source: vnexpress.net
url: https://vnexpress.net/mua-lon-gay-ngap-da-nang-4523456.html
language: vi
---
Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến đường ở Đà Nẵng ngập sâu.

Chủ tịch UBND TP Đà Nẵng Lê Trung Chinh yêu cầu các đơn vị khắc phục hậu quả.
""",
    "laos-deal.md": """---
title: Vietnam and Laos sign cooperation agreement
published: 2023-01-02T10:00:00+00:00
author: John Smith, Mary-Jane O'Neil
source: reuters.com
url: https://www.reuters.com/world/asia-pacific/vietnam-laos-sign-agreement-2023-01-02/
language: en
---
Vietnam and Laos signed an agreement on Monday to deepen cooperation in energy and trade.

Prime Minister Pham Minh Chinh met his Lao counterpart in Hanoi.
""",
    "hanoi-traffic.md": """---
title: Hanoi traffic jams worsen as rainy season begins
author: Nguyen Quy
source: e.vnexpress.net
url: https://e.vnexpress.net/news/news/hanoi-traffic-jams-worsen-4512345.html
language: en
---
Traffic jams in Hanoi have worsened since the rainy season began, commuters say.
""",
    "hostile.md": f"""---
title: '{HOSTILE_TITLE}'
published: 2023-03-01T09:00:00+07:00
author: Staff Reporter
source: example.com
url: https://example.com/a?b=1&c={{x}}#frag
language: en
---
Line one with *stars* and # hashes.

- a list-looking line
""",
}


@dataclass
class Built:
    """The archive and its articles' ids by file name (without `.md`)."""

    archive: Archive
    ids: dict[str, str]
    tmp: Path


def build(tmp_path: Path) -> Built:
    source = tmp_path / "in"
    source.mkdir()
    for name, text in PAGES.items():
        (source / name).write_text(text, "utf-8")
    archive = Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "idx"))
    summary = archive.import_paths([source])
    ids = {}
    for outcome in summary.outcomes:
        assert outcome.status == "imported", outcome
        ids[Path(outcome.path).stem] = outcome.id
    return Built(archive, ids, tmp_path)


@pytest.fixture
def built(tmp_path: Path) -> Iterator[Built]:
    made = build(tmp_path)
    yield made
    made.archive.close()
