"""Safety: ids stay inside the archive, article text never acts on the terminal, no shell.

Text from the web is data: printed by the CLI it must not carry terminal control sequences
(ESC, CSI, OSC 8 links, BEL, C1 controls, direction overrides) nor be read as Rich markup.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model.article import Article
from reader.model.canonical import render_canonical
from reader.model.ids import assign_identity, id_from_url, is_valid_id
from reader.store import ArchiveStore, UnsafeIdError
from reader.tui.browser import open_in_browser
from reader.tui.index_child import child_command

from .helpers import REPO, article_files, env, make_inputs, reader_argv, run_reader

RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
ESCAPES = ["\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068"]
HOSTILE = (
    "\x1b[2J\x1b[31mred\x1b[0m \x07bell \x9b31m c1 \u202eevil\u202c "
    "\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\ "
    "[bold red]markup[/bold red] [link=file:///etc/passwd]link[/link] \u2066iso\u2069"
)


def _no_escapes(output: str) -> None:
    found = [repr(c) for c in ESCAPES if c in output]
    assert not found, found


# Ids and file names ------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, derandomize=True)
@given(title=st.text(max_size=300), body=st.text(min_size=1, max_size=50))
def test_ids_from_any_title_are_safe_file_names(title: str, body: str) -> None:
    article = assign_identity(Article(title=title, body=body), datetime(2024, 1, 2, tzinfo=UTC))
    _assert_safe_id(article.id)


URLS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https", "HTTP", "file", "ftp"]),
    st.one_of(
        st.sampled_from(["con", "nul", "com1", "..", "a.b", "xn--x", ""]), st.text(max_size=30)
    ),
    st.one_of(
        st.sampled_from(["../../etc/passwd", "CON", "nul.html", "com1.txt", "/" * 50, "%2e%2e/"]),
        st.text(max_size=400),
    ),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(url=URLS)
def test_ids_from_any_url_are_safe_file_names(url: str) -> None:
    try:
        article_id = id_from_url(url)
    except ValueError:
        return  # urlsplit refuses some malformed URLs; the fetcher reports those
    _assert_safe_id(article_id)


def _assert_safe_id(article_id: str) -> None:
    assert is_valid_id(article_id), article_id
    assert not RESERVED.match(article_id), article_id
    assert len(f"{article_id}.raw.html".encode()) <= 255
    root = Path("/archive")
    path = ArchiveStore(root).path_for(article_id)
    assert path.parent == root


@pytest.mark.parametrize("title", ["CON", "nul", "Com1", "LPT9", "aux.txt", ".", ".."])
def test_reserved_names_as_titles_get_ids_that_are_not_reserved(title: str) -> None:
    article = assign_identity(Article(title=title, body="Nội dung."), datetime.now(UTC))
    _assert_safe_id(article.id)


@pytest.mark.parametrize(
    "bad", ["../x", "/etc/passwd", "a/b", "..", "", "x" * 200, "CON\x00", "a\\b", "UPPER"]
)
def test_the_store_refuses_ids_that_are_not_plain_names(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafeIdError):
        ArchiveStore(tmp_path).path_for(bad)


def test_ids_and_paths_in_input_files_are_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    front = (
        "---\nid: ../../outside\ntitle: Bài có id lạ\ncontent_sha256: "
        + "0" * 64
        + "\n---\nNội dung của bài viết có id trỏ ra ngoài.\n"
    )
    (folder / "canonical.md").write_text(front, "utf-8")
    record = {"id": "/etc/passwd", "title": "Bản ghi", "body": "Nội dung bản ghi đủ dài."}
    (folder / "record.json").write_text(json.dumps(record), "utf-8")
    archive, index = tmp_path / "archive", tmp_path / "index"
    result = run_reader(archive, index, "import", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(article_files(archive)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "in", "index"]
    assert all(is_valid_id(p.stem) for p in article_files(archive))


# Terminal output ---------------------------------------------------------------------------


@pytest.fixture
def hostile_archive(tmp_path: Path) -> tuple[Path, Path, str]:
    """An archive holding a file with escapes and markup in every field (as a hand-edited or
    foreign archive could): the CLI must print it inert."""
    archive, index = tmp_path / "archive", tmp_path / "index"
    article = assign_identity(
        Article(
            title=f"Tiêu đề {HOSTILE}",
            lead=f"Sapo {HOSTILE}",
            body=f"Nội dung hợp tác {HOSTILE}\n\nĐoạn hai {HOSTILE}",
            author=f"Tác giả {HOSTILE}",
            section=(f"Mục {HOSTILE}",),
            captions=(f"Chú thích {HOSTILE}",),
            related_titles=(f"Liên quan {HOSTILE}",),
            url="https://example.com/bai-viet",
        ),
        datetime(2024, 5, 6, tzinfo=UTC),
    )
    archive.mkdir()
    (archive / f"{article.id}.md").write_text(render_canonical(article), "utf-8")
    assert run_reader(archive, index, "index").returncode == 0
    return archive, index, article.id


@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_show_and_search_print_article_text_inert(
    hostile_archive: tuple[Path, Path, str], color: bool
) -> None:
    import subprocess

    archive, index, article_id = hostile_archive
    run_env = env()
    if color:
        run_env.pop("NO_COLOR", None)
        run_env.update({"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    for args in (["show", article_id], ["search", "hợp tác"], ["related", article_id]):
        result = subprocess.run(
            reader_argv(archive, index, *args),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=run_env,
            timeout=60,
            check=False,
        )
        if args[0] == "related" and result.returncode == 2 and "invalid choice" in result.stderr:
            continue  # no `related` command in this build
        assert result.returncode == 0, result.stderr
        output = result.stdout + result.stderr
        if color:
            # Rich's own styles are allowed; links, bells and overrides are not.
            assert "\x1b]" not in output and "\x07" not in output
            _no_escapes(output.replace("\x1b[", ""))
            # Cursor moves and clears only from the progress bar on stderr, never in the text.
            assert not re.search(r"\x1b\[[0-9;]*[A-HJKSTf]", result.stdout)
        else:
            _no_escapes(output)
        assert "[bold red]markup[/bold red]" in output
        assert "[link=file:///etc/passwd]link[/link]" in output


def test_show_json_keeps_text_as_escaped_data(hostile_archive: tuple[Path, Path, str]) -> None:
    archive, index, article_id = hostile_archive
    result = run_reader(archive, index, "show", article_id, "--json")
    assert result.returncode == 0, result.stderr
    _no_escapes(result.stdout)
    json.loads(result.stdout)


def test_import_reasons_with_hostile_file_names_are_inert(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_inputs(folder, 1)
    name = "bad\x1b[2J\x1b]8;;file:x\x07\u202e[bold]name[red].txt"
    (folder / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_reader(tmp_path / "archive", tmp_path / "index", "import", str(folder))
    assert result.returncode == 1
    _no_escapes(result.stdout + result.stderr)
    assert "[bold]name[red]" in result.stdout
    assert "binary file" in result.stdout


# No shell ----------------------------------------------------------------------------------

SHELL = re.compile(
    r"\bos\.system\(|\bos\.popen\(|shell\s*=\s*True|\bimport subprocess\b|\bos\.exec\w*\(|"
    r"\bos\.spawn\w*\(|\bpty\.spawn\("
)


RUNS_ITSELF = "tui/index_build.py"
"""The one module that starts a process: the reader's own index build, `python -m
reader.tui.index_child -- ARCHIVE INDEX` (`child_command`), with no shell."""
RUNS_THE_EDITOR = "cli/editor.py"
"""The one module that starts the user's own editor ($VISUAL or $EDITOR) on one file of the
archive: the editor's words, then the file's absolute path, with no shell."""
OPENS_A_BROWSER = "tui/browser.py"
"""The one module that hands a URL to a web browser."""


def test_no_article_data_can_reach_a_shell() -> None:
    """The reader runs no shell, and no command but its own index build, whose arguments are
    the interpreter, the module and the archive's two folders, and the user's editor on one
    file (its absolute path: no file name read as an option); URLs go to a browser only
    through reader.tui.browser or Textual's open_url, and only http(s) ones."""
    source = REPO / "src" / "reader"
    offenders = []
    for path in sorted(source.rglob("*.py")):
        text = path.read_text("utf-8")
        name = path.relative_to(source).as_posix()
        found = [m.group(0) for m in SHELL.finditer(text)]
        if name == RUNS_ITSELF:
            found.remove("import subprocess")
            calls = re.findall(r"subprocess\.(\w+)\(\s*([\w.]+)", text)
            assert calls == [("Popen", "self.command")], calls
            assert "self.command = child_command(" in text
        if name == RUNS_THE_EDITOR:
            found.remove("import subprocess")
            calls = re.findall(r"subprocess\.(\w+)\(\s*([\w.]+)", text)
            assert calls == [("run", "command")], calls
            assert "command = [*editor_command(), str(path.absolute())]" in text
        offenders.extend(f"{name}: {match}" for match in found)
        if "webbrowser" in text and name != OPENS_A_BROWSER:
            offenders.append(f"{name}: webbrowser")
    assert offenders == []
    archive, index = Path("/data/-archive"), Path("/data/index")
    assert child_command(archive, index, rebuild=True) == [
        *(sys.executable, "-m", "reader.tui.index_child", "--rebuild", "--"),
        *(str(archive), str(index)),
    ]
    for path in sorted(source.rglob("*.py")):
        text = path.read_text("utf-8")
        for match in re.finditer(r"\.open_url\(|\bbrowser\.open\(", text):
            before = text[: match.start()].rsplit("def ", 1)[-1]
            assert '("http", "https")' in before, (
                f"{path.name}: a URL opened without a scheme check"
            )
    assert not open_in_browser("file:///etc/passwd")
    assert not open_in_browser("javascript:alert(1)")
