"""Which files an import reads: the paths named, and the folders among them walked."""

from __future__ import annotations

import os
from pathlib import Path

from reader.ingest.dispatch import SUPPORTED_SUFFIXES
from reader.ingest.walk import Found, find_inputs

SUFFIXES = frozenset(SUPPORTED_SUFFIXES)


def _found(*paths: Path, under: Path) -> list[tuple[str, str | None, bool]]:
    return [
        (found.path.relative_to(under).as_posix(), found.problem, found.skipped)
        for found in find_inputs(paths, SUFFIXES)
    ]


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Tiêu đề\nThân bài.\n", "utf-8")


def test_a_folder_is_walked_in_name_order_files_before_subfolders(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "sub/z.json", "sub/deeper/y.html", "c.pdf", ".hidden.txt"):
        _touch(tmp_path / "in" / name)
    _touch(tmp_path / "in" / ".git" / "x.txt")
    _touch(tmp_path / "notes")
    assert _found(tmp_path / "in", tmp_path / "notes", under=tmp_path) == [
        ("in/a.md", None, False),
        ("in/b.txt", None, False),
        ("in/sub/z.json", None, False),
        ("in/sub/deeper/y.html", None, False),
        ("notes", None, False),  # named: read whatever its suffix
    ]


def test_pipes_and_sockets_in_a_folder_are_skipped_and_named_ones_fail(tmp_path: Path) -> None:
    import socket

    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    os.mkfifo(tmp_path / "in" / "pipe.bin")  # a suffix no parser reads: not mentioned
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "in" / "socket.md"))
        found = _found(tmp_path / "in", tmp_path / "in" / "pipe.txt", under=tmp_path)
    assert found == [
        ("in/pipe.txt", "not a regular file (a named pipe)", True),
        ("in/socket.md", "not a regular file (a socket)", True),
        ("in/pipe.txt", "not a regular file (a named pipe)", False),
    ]


def test_a_missing_path_is_named_with_its_reason(tmp_path: Path) -> None:
    assert list(find_inputs([tmp_path / "gone"], SUFFIXES)) == [
        Found(tmp_path / "gone", "no such file or directory")
    ]


def test_links_are_followed_inside_the_folder_only_and_each_target_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _touch(folder / "sub" / "a.txt")
    _touch(folder / ".private" / "p.txt")
    _touch(tmp_path / "outside.txt")
    links = {
        "a-first": "sub",  # sorts before `sub`: `sub` is still read by its own path
        "self": ".",
        "parent": "..",
        "copy.txt": "sub/a.txt",
        "hidden": ".private",
        "out.txt": "../outside.txt",
        "via-inside.txt": "chain.txt",  # to a link inside that leads outside
        "chain.txt": "../outside.txt",
        "gone.txt": "missing.txt",
        "other.bin": "/etc/passwd",  # not a suffix the walk reads: not mentioned
    }
    for name, target in links.items():
        (folder / name).symlink_to(target)
    outside = "symbolic link to a file outside the imported folder"
    assert _found(folder, under=tmp_path) == [
        ("in/sub/a.txt", None, False),
        ("in/chain.txt", outside, True),
        ("in/gone.txt", "symbolic link to nothing (no such file or directory)", True),
        ("in/hidden/p.txt", None, False),
        ("in/out.txt", outside, True),
        ("in/parent", "symbolic link to a folder outside the imported folder", True),
        ("in/via-inside.txt", outside, True),
    ]


def test_a_named_link_is_read_and_a_named_linked_folder_is_the_imported_folder(
    tmp_path: Path,
) -> None:
    _touch(tmp_path / "real" / "a.txt")
    _touch(tmp_path / "real" / "b.txt")
    (tmp_path / "real" / "b-link.txt").symlink_to(tmp_path / "real" / "b.txt")
    (tmp_path / "alias").symlink_to("real")
    (tmp_path / "note.txt").symlink_to(tmp_path / "real" / "a.txt")
    assert _found(tmp_path / "alias", tmp_path / "note.txt", under=tmp_path) == [
        ("alias/a.txt", None, False),
        ("alias/b.txt", None, False),
        ("note.txt", None, False),
    ]
