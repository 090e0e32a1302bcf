"""The command line in pipes and scripts, as a user meets it (the `reader` command as a
subprocess): whole lines when stdout is not a terminal, ids never split, a closed pipe ends the
command quietly, ids given in part, names suggested, counts written for people."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from cli_helpers import argv, env, one_line, reader, write_inputs

LONG_TITLE = (
    "Hợp tác Cần Thơ và Lào mở rộng trong nhiều lĩnh vực kinh tế văn hóa giáo dục đầu tư "
    "phát triển nông nghiệp du lịch xuất khẩu giao thông cảng biển sân bay"
)
LONG_BODY = " ".join(["Đoạn văn dài về hợp tác giữa Cần Thơ và các địa phương của Lào."] * 30)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """An archive of a few articles with long titles and paragraphs, and its index; the ids by
    file name of the input."""
    root = tmp_path_factory.mktemp("pipes")
    inputs = root / "in"
    inputs.mkdir()
    for n in range(3):
        (inputs / f"long-{n}.txt").write_text(
            f"{LONG_TITLE} số {n}\nMở đầu {n}.\n{LONG_BODY}\n\n{LONG_BODY} {n}\n", "utf-8"
        )
    (inputs / "big.txt").write_text(
        "Bài rất dài về Savannakhet\nMở đầu.\n" + "\n\n".join([LONG_BODY] * 150) + "\n", "utf-8"
    )
    archive, index = root / "archive", root / "index"
    result = reader("--archive", str(archive), "--index", str(index), "import", "--json",
                    str(inputs), cwd=root)  # fmt: skip
    assert result.returncode == 0, result.stderr
    ids = {
        Path(line["path"]).stem: line["id"]
        for line in map(json.loads, result.stdout.split("\n")[:-1])
    }
    return archive, index, ids


def run(
    archive: tuple[Path, Path, dict[str, str]], *args: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    folder, index, _ = archive
    return reader(
        "--archive", str(folder), "--index", str(index), *args, cwd=folder.parent, extra=extra
    )


def assert_whole_lines(out: str, ids: list[str]) -> None:
    """No line padded with spaces; each id on a line of its own, whole."""
    lines = out.splitlines()
    assert lines and all(line == line.rstrip() for line in lines), out
    for article_id in ids:
        assert any(line.strip() == article_id for line in lines), (article_id, out)


def related_ids(archive: tuple[Path, Path, dict[str, str]], article_id: str) -> list[str]:
    items = json.loads(run(archive, "related", "--json", article_id).stdout)["related"]
    return [item["id"] for item in items]


@pytest.mark.parametrize("columns", ["40", ""])
def test_output_to_a_pipe_is_neither_wrapped_nor_padded(
    archive: tuple[Path, Path, dict[str, str]], columns: str
) -> None:
    ids = sorted(archive[2].values())
    extra = {"COLUMNS": columns} if columns else {}
    search = run(archive, "search", "hop tac", **extra)
    assert search.returncode == 0, search.stderr
    assert_whole_lines(search.stdout, [i for i in ids if i.startswith("hop-tac")])
    assert sum(LONG_TITLE in line for line in search.stdout.splitlines()) == 3
    related = run(archive, "related", archive[2]["long-0"], **extra)
    assert related.returncode == 0, related.stderr
    assert_whole_lines(related.stdout, related_ids(archive, archive[2]["long-0"]))
    # Every other article, as an item or as a copy folded into one.
    assert all(i in related.stdout for i in ids if i != archive[2]["long-0"])
    show = run(archive, "show", archive[2]["long-0"], **extra)
    assert show.stdout.splitlines()[0] == f"{LONG_TITLE} số 0"
    assert f"\n{LONG_BODY}\n" in show.stdout
    for command in (["stats"], ["entities"], ["entity", "Cần Thơ"], ["index"], ["config"]):
        result = run(archive, *command, **extra)
        assert result.returncode == 0, (command, result.stderr)
        assert all(line == line.rstrip() for line in result.stdout.splitlines()), command
    entity = run(archive, "entity", "Cần Thơ", **extra).stdout
    assert_whole_lines(entity, ids)
    assert str(archive[0]) in run(archive, "stats", **extra).stdout.splitlines()[3]


def test_an_error_about_a_long_path_is_one_line(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*[f"a-rather-long-folder-name-{n}" for n in range(6)])
    result = reader("--archive", str(deep), "stats", cwd=tmp_path, extra={"COLUMNS": "40"})
    one_line(result, str(deep))


def _on_a_terminal(args: list[str], columns: int) -> str:
    """What `reader ARGS` writes to a terminal `columns` wide (a pseudo-terminal)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env=env(COLUMNS=str(columns), LINES="50"),
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def test_at_a_terminal_text_is_wrapped_but_an_id_is_never_split(
    archive: tuple[Path, Path, dict[str, str]],
) -> None:
    folder, index, ids = archive
    base = argv("--archive", str(folder), "--index", str(index))
    out = _on_a_terminal([*base, "search", "hop tac"], 50)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out)
    lines = text.splitlines()
    assert LONG_TITLE not in text  # wrapped to the width ...
    for article_id in (i for i in ids.values() if i.startswith("hop-tac")):
        assert any(line.strip() == article_id for line in lines), text  # ... ids are whole
    related = re.sub(
        r"\x1b\[[0-9;?]*[A-Za-z]", "", _on_a_terminal([*base, "related", ids["long-0"]], 50)
    )
    for article_id in related_ids(archive, ids["long-0"]):
        assert any(line.strip() == article_id for line in related.splitlines()), related


def test_a_closed_pipe_ends_the_command_quietly(
    archive: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """`reader ... | head -2`: status 0 and nothing on stderr, as grep or git do."""
    folder, index, ids = archive
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("needs bash")
    queries = tmp_path / "queries.txt"
    queries.write_text("hop tac\n" * 2000, "utf-8")
    base = " ".join(argv("--archive", str(folder), "--index", str(index)))
    for command, head in (
        (f"show {ids['big']}", "head -2"),
        (f"show --json {ids['big']}", "head -c 1000"),
        ("search --json -", "head -c 1000"),
    ):
        script = f"{base} {command} < {queries} | {head}; echo status=${{PIPESTATUS[0]}} >&2"
        done = subprocess.run(
            [bash, "-c", script],
            capture_output=True,
            text=True,
            errors="replace",
            env=env(),
            timeout=120,
        )
        assert done.stderr == "status=0\n", (command, done.stderr)
        assert done.stdout and len(done.stdout.splitlines()) <= 2


def test_show_and_related_take_the_start_of_an_id(
    archive: tuple[Path, Path, dict[str, str]],
) -> None:
    ids = archive[2]
    unique = ids["big"][:12]
    shown = run(archive, "show", "--json", unique)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == ids["big"]
    assert run(archive, "show", unique.upper()).stdout.startswith("Bài rất dài về Savannakhet")
    related = run(archive, "related", "--json", ids["long-0"][:-3])
    assert related.returncode == 0, related.stderr
    # several ids start so: said in one line naming a few of them, whole
    line = one_line(run(archive, "show", "hop-tac"), "'hop-tac' is the start of 3 ids")
    assert all(ids[f"long-{n}"] in line for n in range(3))
    one_line(run(archive, "related", "hop"), "is the start of 3 ids")
    one_line(run(archive, "show", "zzz"), "no article with id 'zzz'")
    one_line(run(archive, "show", "../etc"), "no article")


def test_an_unknown_entity_suggests_the_nearest_known_ones(
    archive: tuple[Path, Path, dict[str, str]],
) -> None:
    line = one_line(run(archive, "entity", "can thoo"), "no entity called 'can thoo'")
    assert "nearest: Cần Thơ (place)" in line
    one_line(run(archive, "entity", "Savannakhett Lao"), "nearest: Savannakhet (place)")
    one_line(run(archive, "entity", "qqqqqqqq"), "no entity called 'qqqqqqqq' in the archive")


def test_counts_are_said_for_people(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    base = ("--archive", str(archive), "--index", str(index))
    write_inputs(tmp_path / "in", 1)
    assert reader(*base, "import", str(tmp_path / "in"), cwd=tmp_path).returncode == 0
    out = reader(*base, "entities", "--reextract", cwd=tmp_path).stdout
    assert out.startswith("1 article checked"), out
    entities = json.loads(reader(*base, "entities", "--json", cwd=tmp_path).stdout)
    assert entities["total"] > 0
    out = reader(*base, "entities", "--top", "0", cwd=tmp_path).stdout
    assert out.strip() == f"0 of {entities['total']} entities", out
    kinds = {entity["kind"] for entity in entities["entities"]}
    missing = next(kind for kind in ("person", "org", "place") if kind not in kinds)
    out = reader(*base, "entities", "--kind", missing, cwd=tmp_path).stdout
    plural = {"person": "people", "org": "organisations", "place": "places"}[missing]
    assert out.strip() == f"No {plural} in the archive yet."
    out = reader(*base, "entity", "Cần Thơ", cwd=tmp_path).stdout
    assert "\n1 article\n" in out, out


def test_a_repaired_index_is_told_without_advice_to_rebuild_it(
    archive: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    index = tmp_path / "index"
    shutil.copytree(archive[1], index)
    for path in index.glob("*MAIN_*.toc"):
        path.unlink()
    result = reader(
        "--archive", str(archive[0]), "--index", str(index), "search", "--json", "hop tac",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: index rebuilt"), result.stderr
    assert "rebuild it" not in lines[0]
