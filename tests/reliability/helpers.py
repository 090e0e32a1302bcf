"""Helpers of the reliability tests: generated inputs, and the `reader` command as a subprocess."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

from reader.archive import Archive
from reader.config import Config

REPO = Path(__file__).resolve().parents[2]

_WORDS = (
    "hợp tác hữu nghị Việt Nam Lào Cần Thơ Đà Nẵng kinh tế văn hóa giáo dục đầu tư "
    "phát triển thành phố tỉnh hội nghị đại biểu nhân dân chính phủ bộ trưởng học sinh "
    "bệnh viện nông nghiệp du lịch xuất khẩu giao thông mưa lũ cảng biển sân bay"
).split()


def article_text(n: int, seed: int = 0) -> str:
    """A corpus-style article (title, lead, body) unique to `n` and `seed`."""
    rng = random.Random(seed * 1_000_003 + n)
    title = " ".join(rng.choice(_WORDS) for _ in range(7)).capitalize() + f" số {seed}-{n}"
    lead = " ".join(rng.choice(_WORDS) for _ in range(20)).capitalize() + "."
    body = "\n".join(
        " ".join(rng.choice(_WORDS) for _ in range(30)).capitalize() + "." for _ in range(3)
    )
    return f"{title}\n{lead}\n{body}\n"


def make_inputs(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """`count` small article files in `folder`, each with distinct content."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"a{seed:02d}-{n:05d}.txt"
        path.write_text(article_text(n, seed), encoding="utf-8")
        paths.append(path)
    return paths


def env() -> dict[str, str]:
    """The environment of a `reader` subprocess: no colours, no terminal, this checkout."""
    result = dict(os.environ)
    result.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "PYTHONUTF8": "1"})
    result.pop("FORCE_COLOR", None)
    src = str(REPO / "src")
    result["PYTHONPATH"] = os.pathsep.join(filter(None, [src, result.get("PYTHONPATH", "")]))
    return result


def reader_argv(archive: Path, index: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "reader",
        "--archive",
        str(archive),
        "--index",
        str(index),
        *args,
    ]


def run_reader(
    archive: Path, index: Path, *args: str, timeout: float = 60, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `reader ARGS` on the archive to completion."""
    return subprocess.run(
        reader_argv(archive, index, *args),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=env(),
        input=stdin,
        check=False,
    )


def start_reader(archive: Path, index: Path, *args: str) -> subprocess.Popen[str]:
    """Start `reader ARGS` in the background."""
    return subprocess.Popen(
        reader_argv(archive, index, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env(),
    )


def open_archive(archive: Path, index: Path) -> Archive:
    return Archive(Config(archive_dir=archive, index_dir=index))


def article_files(archive: Path) -> list[Path]:
    """The files a user would see as articles: visible `*.md` files."""
    return sorted(p for p in archive.glob("*.md") if not p.name.startswith("."))


def snapshot(archive: Path) -> dict[str, tuple[int, bytes]]:
    """Every article file's modification time and bytes, to show they were not touched."""
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in article_files(archive)}
