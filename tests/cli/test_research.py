"""The research commands as a user runs them: tags, notes, highlights, bookmarks, read state,
saved searches, citations, exports, dossiers, the trash and `reader edit`, through the real
`reader` command, with what it prints, its exit status and the files of `research/`."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from cli_helpers import argv, env, one_line, reader

from reliability.mounts import read_only_view

# Three articles, imported in an order that is not their dates' (export sorts by date).
ARTICLES = {
    "b-nghe-ca": ("Biển Đông và nghề cá", "2023-05-02", "Nguyễn Văn An"),
    "a-hoi-cho": ("Hội chợ Việt - Lào ở Cần Thơ", "2022-11-10", "Trúc Linh"),
    "c-logistics": ("Logistics Cần Thơ - Savannakhet", "2024-01-15", "Hà Vy"),
}
BODY = (
    "Đoạn một nói về {title} năm nay. Câu thứ hai của đoạn một.\n\n"
    "Đoạn hai nói về hợp tác quốc tế.\n\n"
    "Đoạn ba \x1b[31mcó mã màu\x1b[0m trong văn bản."
)

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for slug, (title, day, author) in ARTICLES.items():
        (inputs / f"{slug}.md").write_text(
            f"---\ntitle: {title}\npublished: {day}T08:00:00+07:00\nauthor: {author}\n"
            f"source: Báo Mẫu\nurl: https://example.com/{slug}\n---\n"
            + BODY.format(title=title)
            + "\n",
            encoding="utf-8",
        )
    folder = tmp_path / "archive"
    done = reader("--archive", str(folder), "--index", str(tmp_path / "index"), "import",
                  str(inputs), cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def run(archive: Path) -> Run:
    """`reader --archive ... ARGS`, run in the archive's parent folder."""

    def running(
        *args: str, stdin: str | None = None, extra: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        where = ("--archive", str(archive), "--index", str(archive.parent / "index"))
        return reader(*where, *args, cwd=archive.parent, stdin=stdin, extra=extra)

    return running


def ids(archive: Path) -> dict[str, str]:
    """slug -> the article's id (`example-com-<slug>-<hash>`)."""
    stems = [p.stem for p in archive.glob("*.md")]
    return {
        slug: next(s for s in stems if s.startswith(f"example-com-{slug}-")) for slug in ARTICLES
    }


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    _, head, _ = text.split("---\n", 2)
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded


def searched(run: Run, query: str) -> list[str]:
    return [hit["id"] for hit in json.loads(ok(run("search", query, "--json")))["hits"]]


def test_tags_round_trip_through_the_files_and_the_search(run: Run, archive: Path) -> None:
    known = ids(archive)
    out = ok(run("tag", "example-com-b-nghe", "example-com-a-hoi", "Biển Đông", "nghề cá"))
    assert out.splitlines()[0] == "tagged Biển Đông, nghề cá on 2 articles"
    ok(run("tag", "example-com-c-log", "Biển Đông"))
    assert ok(run("tags")).splitlines() == ["3  Biển Đông", "2  nghề cá"]
    assert json.loads(ok(run("tags", "--json")))["tags"] == [
        {"tag": "Biển Đông", "count": 3},
        {"tag": "nghề cá", "count": 2},
    ]
    tags = front_matter(archive / "research" / f"{known['b-nghe-ca']}.md")["tags"]
    assert tags == ["Biển Đông", "nghề cá"]
    assert sorted(searched(run, "tag:nghe-ca")) == sorted([known["a-hoi-cho"], known["b-nghe-ca"]])

    out = ok(run("untag", "example-com-a-hoi", "nghề cá", "--json"))
    assert json.loads(out) == {
        "action": "removed",
        "tags": ["nghề cá"],
        "ids": [known["a-hoi-cho"]],
        "changed": 1,
    }
    assert searched(run, 'tag:"nghề cá"') == [known["b-nghe-ca"]]
    assert ok(run("tags")).splitlines() == ["3  Biển Đông", "1  nghề cá"]

    one_line(run("untag", "example-com-a-hoi", "nghề cá"), "has no tag")
    one_line(run("tag", "zzz", "lào"), "no article with id 'zzz'")
    one_line(run("tag", "example-com", "x", "lào"), "is the start of 3 ids")
    one_line(run("tag", "example-com-a-hoi"), "name an article and a tag")


def test_tagging_every_match_of_a_query_asks_first(run: Run, archive: Path) -> None:
    one_line(run("tag", "--query", "hợp tác", "lào", stdin=""), "3 articles", "--yes")
    assert not (archive / "research").exists()
    out = ok(run("tag", "--query", "cần thơ", "--yes", "lào", "--json"))
    assert json.loads(out)["matched"] == 2
    assert ok(run("tags")).splitlines() == ["2  lào"]


def test_note_highlight_and_show(run: Run, archive: Path) -> None:
    article = ids(archive)["b-nghe-ca"]
    out = ok(run("note", "example-com-b", stdin="Cần đối chiếu\nvới bản tin TTXVN\n"))
    assert out.startswith("note saved")
    annotation = archive / "research" / f"{article}.md"
    assert "\n---\nCần đối chiếu\nvới bản tin TTXVN\n" in annotation.read_text(encoding="utf-8")
    assert ok(run("note", "example-com-b", "--show")).splitlines() == [
        "Cần đối chiếu",
        "với bản tin TTXVN",
    ]
    one_line(run("note", "example-com-b", stdin=""), "no note on stdin")
    # A second piped note is added after the first: piping never writes over a note.
    out = ok(run("note", "example-com-b", stdin="Gọi lại tòa soạn\n"))
    assert out.startswith("added to the note")
    assert ok(run("note", "example-com-b", "--show")).splitlines() == [
        "Cần đối chiếu",
        "với bản tin TTXVN",
        "",
        "Gọi lại tòa soạn",
    ]
    assert ok(run("note", "example-com-b", stdin="Gọi lại tòa soạn\n")).startswith("the note is")
    ok(run("note", "example-com-b", "--set", "Cần đối chiếu\nvới bản tin TTXVN\n"))

    out = ok(run("highlight", "example-com-b", "1", "--sentence", "2", "--comment", "xem lại"))
    assert out.splitlines() == [
        "highlight 1: paragraph 1, sentence 2",
        "   “Câu thứ hai của đoạn một.”",
    ]
    one_line(run("highlight", "example-com-b", "9"), "has no paragraph 9")
    (highlight,) = front_matter(annotation)["highlights"]  # type: ignore[misc]
    assert highlight["quote"] == "Câu thứ hai của đoạn một." and highlight["comment"] == "xem lại"

    ok(run("tag", "example-com-b", "Biển Đông"))
    out = ok(run("tag", "example-com-b", "Cần", "Thơ"))  # one name, typed without quotes
    assert out.splitlines()[1] == '  2 tags; a tag of several words goes in quotes: "Cần Thơ"'
    ok(run("untag", "example-com-b", "Cần", "Thơ"))
    ok(run("bookmark", "example-com-b"))
    shown = ok(run("show", "example-com-b"))
    lines = shown.splitlines()
    assert "#Biển Đông  bookmarked" in lines
    at = lines.index("Highlights")
    assert lines[at + 1 : at + 4] == [
        "  1. paragraph 1, sentence 2",
        "     “Câu thứ hai của đoạn một.”",
        "     — xem lại",
    ]
    at = lines.index("Note")
    assert lines[at + 1 : at + 3] == ["  Cần đối chiếu", "  với bản tin TTXVN"]
    assert "\x1b" not in shown and "có mã màu" in shown  # the article's escapes never reach out

    numbered = ok(run("show", "example-com-b", "--numbered")).splitlines()
    assert "  2  Đoạn hai nói về hợp tác quốc tế." in numbered

    notes = json.loads(ok(run("show", "example-com-b", "--json")))["annotations"]
    assert notes["tags"] == ["Biển Đông"] and notes["read"] is False
    assert notes["note"] == "Cần đối chiếu\nvới bản tin TTXVN\n"
    assert notes["highlights"][0]["found"] == {"paragraph": 1, "sentence": 2, "moved": False}

    assert searched(run, 'note:"bản tin"') == [article]
    assert searched(run, "note:lại") == [article]  # a highlight's comment
    assert searched(run, "has:highlights") == [article]

    assert ok(run("highlights", "example-com-b", "--remove", "1")).startswith("removed highlight 1")
    assert searched(run, "has:highlights") == []
    assert ok(run("note", "example-com-b", "--set", "")) == "note removed\n"
    assert searched(run, "has:notes") == []


def test_note_in_the_editor(run: Run, archive: Path, tmp_path: Path) -> None:
    """At a terminal, `reader note ID` opens the note in $EDITOR and saves what it wrote."""
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text(encoding='utf-8') + 'viết trong trình soạn thảo\\n', "
        "encoding='utf-8')\n",
        encoding="utf-8",
    )
    ok(run("note", "example-com-c", "--set", "dòng đầu\n"))
    primary, secondary = pty.openpty()
    where = ["--archive", str(archive), "--index", str(archive.parent / "index")]
    try:
        result = subprocess.run(
            argv(*where, "note", "example-com-c"),
            stdin=secondary,
            capture_output=True,
            text=True,
            env=env(EDITOR=f"{sys.executable} {editor}", VISUAL=""),
            timeout=120,
            check=False,
        )
    finally:
        os.close(primary)
        os.close(secondary)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("note saved")
    note = ok(run("note", "example-com-c", "--show", "--json"))
    assert json.loads(note)["note"] == "dòng đầu\nviết trong trình soạn thảo\n"


def test_bookmarks_read_state_and_saved_searches(run: Run, archive: Path) -> None:
    known = ids(archive)
    assert ok(run("bookmark", "example-com-a", "example-com-c")) == "bookmarked 2 articles\n"
    listed = json.loads(ok(run("bookmarks", "--json")))["bookmarks"]
    assert {b["id"] for b in listed} == {known["a-hoi-cho"], known["c-logistics"]}
    assert sorted(searched(run, "is:bookmarked")) == sorted(b["id"] for b in listed)
    ok(run("bookmark", "example-com-a", "--remove"))
    assert searched(run, "is:bookmarked") == [known["c-logistics"]]

    assert ok(run("read", "example-com-a", "example-com-b")) == "marked 2 articles read\n"
    assert ok(run("read", "example-com-a")) == "marked 0 articles read (1 was already)\n"
    read = (archive / "research" / "read.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in read if not line.startswith("#")] == [
        known["a-hoi-cho"],
        known["b-nghe-ca"],
    ]
    assert searched(run, "is:unread") == [known["c-logistics"]]
    ok(run("unread", "example-com-a"))
    assert sorted(searched(run, "is:unread")) == sorted([known["a-hoi-cho"], known["c-logistics"]])

    assert ok(run("searches")).startswith("no saved searches")
    out = ok(run("searches", "--save", "cần thơ", "can tho"))
    assert out == "saved cần thơ: can tho (2 articles)\n"
    ok(run("searches", "--save", "chưa đọc", "is:unread"))
    assert ok(run("searches")).splitlines() == ["2  cần thơ  can tho", "2  chưa đọc  is:unread"]
    saved = yaml.safe_load((archive / "research" / "searches.yaml").read_text(encoding="utf-8"))
    assert saved == {"cần thơ": "can tho", "chưa đọc": "is:unread"}
    ok(run("searches", "--delete", "cần thơ"))
    assert json.loads(ok(run("searches", "--json")))["searches"] == [
        {"name": "chưa đọc", "query": "is:unread", "count": 2}
    ]
    one_line(run("searches", "--delete", "nope"), "no saved search called 'nope'")


def test_citations(run: Run, archive: Path) -> None:
    known = ids(archive)
    apa = ok(run("cite", "example-com-b", "--style", "apa", "--accessed", "2024-05-01"))
    assert "Nguyễn Văn An" in apa and "Biển Đông và nghề cá" in apa and "2023" in apa
    bibtex = ok(run("cite", "example-com-c", "example-com-a", "--format", "bibtex"))
    keys = re.findall(r"^@\w+\{([^,]+),", bibtex, re.MULTILINE)
    assert keys == [known["c-logistics"], known["a-hoi-cho"]]  # in the order given
    csl = json.loads(ok(run("cite", "example-com-a", "--format", "csl-json")))
    assert csl[0]["title"] == "Hội chợ Việt - Lào ở Cần Thơ"
    ris = ok(run("cite", "example-com-a", "--format", "ris")).splitlines()
    assert ris[0].startswith("TY  - ") and ris[-1].startswith("ER  -")
    one_line(run("cite", "example-com-a", "--accessed", "May 1"), "YYYY-MM-DD")
    assert run("cite", "example-com-a", "--style", "mla").returncode == 2


def test_exports_in_date_order_read_back(run: Run, archive: Path) -> None:
    known = ids(archive)
    in_date_order = [known["a-hoi-cho"], known["b-nghe-ca"], known["c-logistics"]]
    ok(run("note", "example-com-b", "--set", "ghi chú riêng"))

    rows = list(csv.DictReader(io.StringIO(ok(run("export", "", "--format", "csv")))))
    assert [row["id"] for row in rows] == in_date_order
    assert rows[1]["author"] == "Nguyễn Văn An" and rows[1]["source"] == "Báo Mẫu"

    out = ok(run("export", "hợp tác", "--format", "jsonl", "--with-notes"))
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == in_date_order
    assert "ghi chú riêng" in json.dumps(lines[1], ensure_ascii=False)

    bibtex = ok(run("export", "can tho", "--format", "bibtex"))
    keys = re.findall(r"^@\w+\{([^,]+),", bibtex, re.MULTILINE)
    assert keys == [known["a-hoi-cho"], known["c-logistics"]]

    target = archive.parent / "out" / "cần thơ.md"
    target.parent.mkdir()
    out = ok(run("export", "can tho", "-o", str(target)))
    assert out.startswith("wrote 2 articles (markdown) to ")
    document = target.read_text(encoding="utf-8")
    assert document.index("Hội chợ Việt - Lào") < document.index("Logistics Cần Thơ")

    sheet = archive.parent / "out" / "cần thơ.csv"
    ok(run("export", "can tho", "--format", "csv", "-o", str(sheet)))
    data = sheet.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "Cần Thơ" in data.decode("utf-8-sig")
    assert not ok(run("export", "can tho", "--format", "csv")).startswith("\ufeff")

    nothing = run("export", "zzzqqq", "--format", "jsonl")
    assert nothing.returncode == 0 and nothing.stdout == ""
    assert nothing.stderr == "reader: no article matches 'zzzqqq'\n"
    assert run("export", "", "--format", "pdf").returncode == 2


def test_dossier_of_a_tag_and_of_a_saved_search(run: Run, archive: Path) -> None:
    ok(run("tag", "example-com-a", "example-com-c", "lào"))
    ok(run("note", "example-com-c", "--set", "gọi lại cho sở"))
    document = ok(run("dossier", "--tag", "lao"))
    headings = [line for line in document.splitlines() if line.startswith("## ")]
    assert headings[:2] == [
        "## 1. Hội chợ Việt - Lào ở Cần Thơ",
        "## 2. Logistics Cần Thơ - Savannakhet",
    ]
    assert "gọi lại cho sở" in document

    ok(run("searches", "--save", "nghề cá", "nghe ca"))
    target = archive.parent / "dossier.md"
    out = ok(run("dossier", "--search", "nghề cá", "-o", str(target)))
    assert out.startswith("wrote 1 article (dossier) to ")
    assert "## 1. Biển Đông và nghề cá" in target.read_text(encoding="utf-8")

    one_line(run("dossier", "--tag", "không có"), "no article is tagged")
    one_line(run("dossier", "--search", "không có"), "no saved search called")


def test_remove_restore_and_empty_the_trash(run: Run, archive: Path) -> None:
    article = ids(archive)["b-nghe-ca"]
    ok(run("tag", "example-com-b", "giữ lại"))
    out = ok(run("rm", "example-com-b")).splitlines()
    assert out[0] == "removed Biển Đông và nghề cá"
    assert out[2] == f"  undo: reader trash --restore {article}"
    assert not (archive / f"{article}.md").exists()
    assert (archive / "trash" / article / f"{article}.md").exists()
    assert searched(run, "nghe ca") == []
    one_line(run("show", article), "no article")

    entries = json.loads(ok(run("trash", "--json")))["entries"]
    assert [(e["id"], e["title"]) for e in entries] == [(article, "Biển Đông và nghề cá")]
    assert ok(run("trash", "--restore", article)).startswith("restored Biển Đông và nghề cá")
    assert searched(run, "nghe ca") == [article]
    assert searched(run, "tag:giu-lai") == [article]  # its annotations came back with it

    ok(run("rm", article))
    # Deleting for good asks first; with no terminal to ask, --yes says it.
    one_line(run("trash", "--empty"), "add --yes to confirm")
    assert (archive / "trash" / article).exists()
    assert ok(run("trash", "--empty", "--yes")) == "deleted 1 removed article for good\n"
    assert ok(run("trash")) == "the trash is empty\n"
    assert not any((archive / "trash").iterdir())
    one_line(run("trash", "--restore", article), article)


def test_edit_opens_the_file_and_the_search_finds_the_edit(
    run: Run, archive: Path, tmp_path: Path
) -> None:
    editor = tmp_path / "rewrite.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "t = p.read_text(encoding='utf-8').replace('hợp tác quốc tế', 'hợp tác xylophonic')\n"
        "p.write_text(t, encoding='utf-8')\n",
        encoding="utf-8",
    )
    article = ids(archive)["a-hoi-cho"]
    assert searched(run, "xylophonic") == []
    result = run("edit", "example-com-a", extra={"EDITOR": f"{sys.executable} {editor}"})
    assert ok(result).splitlines() == [
        "saved Hội chợ Việt - Lào ở Cần Thơ",
        "indexed again: searches find the edit",
    ]
    assert "hợp tác xylophonic" in (archive / f"{article}.md").read_text(encoding="utf-8")
    assert searched(run, "xylophonic") == [article]

    assert (
        ok(run("edit", "example-com-a", extra={"EDITOR": "true"})) == "the article is unchanged\n"
    )
    one_line(run("edit", "example-com-a", extra={"EDITOR": "false"}), "exited with status 1")
    one_line(run("edit", "example-com-a", extra={"EDITOR": "no-such-editor-here"}), "not found")

    garbage = tmp_path / "garbage.py"
    garbage.write_text(
        "import sys, pathlib\npathlib.Path(sys.argv[1]).write_text('nothing', encoding='utf-8')\n",
        encoding="utf-8",
    )
    broken = run("edit", "example-com-a", extra={"EDITOR": f"{sys.executable} {garbage}"})
    one_line(broken, f"{article}.md", "cannot be read as an article")


def test_the_sample_and_a_read_only_archive_are_not_changed(
    run: Run, archive: Path, tmp_path: Path
) -> None:
    one_line(reader("--sample", "tag", "20", "x", cwd=tmp_path), "sample archive is not written")
    ok(run("tag", "example-com-a", "lào"))
    before = sorted((p.name, p.read_bytes()) for p in archive.rglob("*") if p.is_file())
    with read_only_view(archive, tmp_path / "read-only") as view:
        where = ("--archive", str(view), "--index", str(tmp_path / "index-ro"))
        for args in (
            ("tag", "example-com-b", "x"),
            ("untag", "example-com-a", "lào"),
            ("note", "example-com-a", "--set", "x"),
            ("highlight", "example-com-a", "1"),
            ("bookmark", "example-com-a"),
            ("read", "example-com-a"),
            ("searches", "--save", "a", "b"),
            ("rm", "example-com-a"),
            ("trash", "--empty"),
            ("edit", "example-com-a"),
        ):
            result = reader(*where, *args, cwd=tmp_path, extra={"EDITOR": "true"})
            assert result.returncode == 2, args
            one_line(result, "is read-only")
        listed = reader(*where, "tags", cwd=tmp_path)
        assert ok(listed) == "1  lào\n"
    after = sorted((p.name, p.read_bytes()) for p in archive.rglob("*") if p.is_file())
    assert after == before
