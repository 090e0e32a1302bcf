"""`reader entities` and `reader entity` through the command line: JSON shapes and errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from entity_archive import build

from reader.cli.main import main


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    build(tmp_path)
    return tmp_path / "archive"


def _run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--archive", str(root), "--index", str(root.parent / "index"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_entities_json(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, archive_dir, "entities", "--json", "--top", "2")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"kind", "total", "entities"}
    assert data["kind"] is None and data["total"] == 8
    assert data["entities"] == [
        {"kind": "place", "name": "Cần Thơ", "articles": 4},
        {"kind": "place", "name": "Lào", "articles": 2},
    ]
    code, out, _ = _run(capsys, archive_dir, "entities", "--kind", "person", "--json")
    people = json.loads(out)
    assert people["kind"] == "person"
    assert [e["name"] for e in people["entities"]] == ["Nguyễn Thực Hiện", "Nguyễn Thị Hiền"]


def test_entities_table(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, archive_dir, "entities", "--kind", "org")
    assert code == 0
    assert "UBND TP Cần Thơ" in out and "organisation" in out


def test_entity_json(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, archive_dir, "entity", "nguyen thuc hien", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"kind", "name", "aliases", "total", "articles", "months", "co_occurring"}
    assert (data["kind"], data["name"], data["total"]) == ("person", "Nguyễn Thực Hiện", 2)
    assert [a["title"] for a in data["articles"]] == [
        "Cần Thơ và Savannakhet hợp tác",
        "Cần Thơ tiếp đoàn Lào",
    ]
    assert set(data["articles"][0]) == {"id", "title", "published"}
    assert data["articles"][0]["published"].startswith("2022-11-10T09:00:00")
    assert data["months"][0] == {"month": "2022-09", "articles": 1}
    assert data["co_occurring"][0] == {"kind": "place", "name": "Cần Thơ", "articles": 2}


def test_entity_text_and_alias(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, archive_dir, "entity", "TP.HCM")
    assert code == 0
    assert "TP. Hồ Chí Minh" in out and "Hội chợ ở Cần Thơ" in out


def test_unknown_entity_is_one_line(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, archive_dir, "entity", "Không Có Ai")
    assert code == 2 and out == ""
    assert err.strip().splitlines()[-1].startswith("reader: no entity called")


def test_reextract_json(archive_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, archive_dir, "entities", "--reextract", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"checked", "changed", "locked", "failed"}
    assert data["checked"] == 5 and data["failed"] == []
