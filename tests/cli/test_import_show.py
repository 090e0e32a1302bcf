"""`reader import` and `reader show` through the command line, as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
PLAIN = (
    "Cần Thơ đón đoàn Savannakhet\nLãnh đạo hai địa phương gặp nhau.\n"
    "Đoạn một của bài.\nĐoạn hai.\n"
)


def _run(capsys: pytest.CaptureFixture[str], archive: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--archive", str(archive), "--index", str(archive.parent / "idx"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(PLAIN, encoding="utf-8")
    (folder / "sub" / "two.txt").write_text(
        "Bài thứ hai\nMở đầu.\nThân bài của bài thứ hai.\n", encoding="utf-8"
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    return folder


def test_import_reports_every_file_and_fails_only_the_bad_ones(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    code, out, _ = _run(capsys, archive, "import", "--json", str(inputs))
    lines = _json_lines(out)
    statuses = {Path(str(line["path"])).name: line["status"] for line in lines}
    assert statuses == {
        "one.txt": "imported",
        "two.txt": "imported",
        "empty.txt": "failed",
        "image.txt": "failed",
    }
    assert code == 1
    reasons = {Path(str(line["path"])).name: line["reason"] for line in lines}
    assert "empty" in str(reasons["empty.txt"])
    assert "binary" in str(reasons["image.txt"])
    assert len(list(archive.glob("*.md"))) == 2


def test_importing_twice_is_a_duplicate_and_changes_nothing(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    _run(capsys, archive, "import", "--json", str(inputs / "one.txt"))
    before = {p.name: p.read_bytes() for p in archive.iterdir()}
    code, out, _ = _run(capsys, archive, "import", "--json", str(inputs / "one.txt"))
    assert code == 0
    assert _json_lines(out)[0]["status"] == "duplicate"
    assert {p.name: p.read_bytes() for p in archive.iterdir()} == before


def test_human_summary_names_failures(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, tmp_path / "archive", "import", str(inputs))
    assert code == 1
    assert "2 imported" in out and "0 duplicate" in out and "2 failed" in out
    assert "empty.txt" in out


def test_missing_path_is_one_line_and_others_still_import(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    args = ("import", "--json", str(tmp_path / "nope.txt"), str(inputs / "one.txt"))
    code, out, _ = _run(capsys, archive, *args)
    lines = _json_lines(out)
    assert code == 1
    assert lines[0]["status"] == "failed" and lines[0]["reason"] == "no such file or directory"
    assert lines[1]["status"] == "imported"


def test_show_json_gives_fields_and_body(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    _, out, _ = _run(capsys, archive, "import", "--json", str(inputs / "one.txt"))
    article_id = _json_lines(out)[0]["id"]
    code, out, _ = _run(capsys, archive, "show", "--json", str(article_id))
    shown = json.loads(out)
    assert code == 0
    assert shown["title"] == "Cần Thơ đón đoàn Savannakhet"
    assert shown["lead"] == "Lãnh đạo hai địa phương gặp nhau."
    assert shown["body"].startswith("Đoạn một của bài.")
    assert shown["published"] is None


def test_show_unknown_id_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "archive").mkdir()
    code, _, err = _run(capsys, tmp_path / "archive", "show", "../../etc/passwd")
    assert code == 2
    assert err.count("\n") == 1 and "no article" in err
    assert "Traceback" not in err


def test_show_prints_markup_and_escapes_inertly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "evil.txt"
    page.write_text("[bold red]x[/] tiêu đề\nMở \x1b[31mđầu\x1b[0m.\n[/oops] thân bài \x07.\n")
    archive = tmp_path / "archive"
    _, out, _ = _run(capsys, archive, "import", "--json", str(page))
    article_id = _json_lines(out)[0]["id"]
    code, out, _ = _run(capsys, archive, "show", str(article_id))
    assert code == 0
    assert "[bold red]x[/] tiêu đề" in out
    assert "[/oops] thân bài" in out
    assert "\x1b" not in out and "\x07" not in out


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_seeds_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "archive"
    code, out, _ = _run(capsys, archive, "import", "--json", str(SEEDS))
    lines = _json_lines(out)
    assert code == 0 and [line["status"] for line in lines] == ["imported", "imported"]
    first, second = (
        json.loads(_run(capsys, archive, "show", "--json", str(line["id"]))[1]) for line in lines
    )
    assert first["title"] == (
        "Xúc tiến, mở rộng hợp tác các lĩnh vực thế mạnh giữa TP Cần Thơ và các địa phương Lào"
    )
    assert first["published"] == "2022-09-05T16:33:00+07:00"
    assert first["author"] == "Hà Vy"
    assert first["section"] == ["Hữu nghị", "Bốn phương kết bạn"]
    assert first["body"].startswith("Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ Nguyễn Thực Hiện")
    assert first["body"].rstrip().endswith("dịch vụ và thương mại…")
    assert "Quang cảnh buổi tiếp." in first["captions"]
    assert "Quang cảnh buổi tiếp." not in first["body"]
    assert (
        "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào"
        in first["related_titles"]
    )
    for chrome in (
        "Các tin bài khác",
        "Đọc nhiều",
        "Xin chờ",
        "Phiên bản di động",
        "infographic",
        "Thời tiết hôm nay",
        "https://",
        "\naa\n",
    ):
        assert chrome not in first["body"]
    assert second["title"] == (
        "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào"
    )
    assert second["published"] is None and second["author"] is None
    assert second["lead"].startswith("Đây là hoạt động thể hiện sâu sắc")
    assert any(c.startswith("Ông Nguyễn Trung Nhân") for c in second["captions"])
    assert "![]()" not in second["body"] and "|" not in second["body"]
    for shown in (first, second):
        assert {"Nguyễn Thực Hiện", "Phimpha Keomixay"} <= set(shown["entities"]["person"])
        assert {"Cần Thơ", "Lào", "Savannakhet", "Champasak"} <= set(shown["entities"]["place"])
        assert "Hà Vy" not in shown["entities"]["person"]
    # a second import of the same pages adds nothing
    code, out, _ = _run(capsys, archive, "import", "--json", str(SEEDS))
    assert [line["status"] for line in _json_lines(out)] == ["duplicate", "duplicate"]


def test_python_dash_m_and_console_script_answer_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "import" in result.stdout
    script = shutil.which("reader", path=str(Path(sys.executable).parent)) or shutil.which("reader")
    if script is None:
        pytest.skip("the reader console script is not installed")
    env = {**os.environ, "READER_ARCHIVE": "/nonexistent"}
    result = subprocess.run([script, "show", "--help"], capture_output=True, text=True, env=env)
    assert result.returncode == 0 and "--json" in result.stdout


HTML_PAGE = """<!doctype html><html lang="vi">
<head><title>Đà Nẵng mở lại tuyến xe buýt ven biển</title>
<meta property="og:site_name" content="Báo Biển Xanh"></head><body>
<nav><a href="/">Trang chủ</a> <a href="/xa-hoi">Xã hội</a></nav>
<article><h1>Đà Nẵng mở lại tuyến xe buýt ven biển</h1>
<p>Sáng 12/3, thành phố Đà Nẵng chính thức mở lại tuyến xe buýt chạy dọc đường ven biển
Võ Nguyên Giáp sau hai năm tạm dừng vì dịch bệnh.</p>
<p>Tuyến dài 24 km, có 30 điểm dừng, phục vụ người dân và du khách từ 5 giờ sáng đến 21 giờ
hằng ngày với giá vé 8.000 đồng mỗi lượt.</p>
<p>Theo Sở Giao thông vận tải, mỗi ngày tuyến dự kiến đón khoảng ba nghìn lượt khách.</p>
</article><footer>Bản quyền thuộc về Báo Biển Xanh. Liên hệ quảng cáo.</footer></body></html>
"""


def test_html_import_keeps_the_raw_page_beside_the_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "bus.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    archive = tmp_path / "archive"
    code, out, _ = _run(capsys, archive, "import", "--json", str(page))
    article_id = str(_json_lines(out)[0]["id"])
    assert code == 0
    raw = archive / f"{article_id}.raw.html"
    assert raw.read_bytes() == page.read_bytes()
    shown = json.loads(_run(capsys, archive, "show", "--json", article_id)[1])
    assert shown["title"] == "Đà Nẵng mở lại tuyến xe buýt ven biển"
    assert "Võ Nguyên Giáp" in shown["body"]
    assert "Liên hệ quảng cáo" not in shown["body"]


def test_files_over_the_configured_cap_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "reader.yaml"
    config.write_text(
        f"archive: {tmp_path / 'archive'}\nindex: {tmp_path / 'idx'}\nmax_file_mb: 0.001\n"
    )
    big = tmp_path / "big.txt"
    big.write_text("Tiêu đề\n" + "Một đoạn văn rất dài. " * 200, encoding="utf-8")
    code = main(["--config", str(config), "import", "--json", str(big)])
    line = _json_lines(capsys.readouterr().out)[0]
    assert code == 1
    assert line["status"] == "failed" and "too large" in str(line["reason"])


def test_stats_for_people_and_scripts(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    _run(capsys, archive, "import", "--json", str(inputs))
    code, out, _ = _run(capsys, archive, "stats", "--json")
    stats = json.loads(out)
    assert code == 0
    assert stats["articles"] == 2 and stats["languages"] == {"vi": 2}
    assert stats["oldest"] is None and stats["index_bytes"] > 0
    code, out, _ = _run(capsys, archive, "stats")
    assert "articles  2" in out and "vi 2" in out and "no dated articles" in out


def test_an_unexpected_error_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.archive import Archive

    def broken(self: Archive) -> dict[str, object]:
        raise RuntimeError("the disk\\nfell off")

    monkeypatch.setattr(Archive, "stats", broken)
    (tmp_path / "archive").mkdir()
    code, _, err = _run(capsys, tmp_path / "archive", "stats")
    assert code == 1
    assert err.count("\n") == 1 and "internal error (RuntimeError: the disk" in err
