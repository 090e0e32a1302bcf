"""The `reader` command as a subprocess, run from a chosen folder, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_articles"


def env(**extra: str) -> dict[str, str]:
    """No colours, no terminal, this checkout; the user's folders are the test's (conftest)."""
    result = dict(os.environ)
    result.update({"NO_COLOR": "1", "TERM": "dumb", "PYTHONUTF8": "1"})
    result.pop("FORCE_COLOR", None)
    result.pop("COLUMNS", None)
    src = str(REPO / "src")
    result["PYTHONPATH"] = os.pathsep.join(filter(None, [src, result.get("PYTHONPATH", "")]))
    result.update(extra)
    return result


def argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "reader", *args]


def reader(
    *args: str, cwd: Path, extra: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `reader ARGS` in `cwd` to completion."""
    return subprocess.run(
        argv(*args),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env(**(extra or {})),
        input=stdin,
        timeout=120,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The command failed with one `reader: ...` line on stderr holding each of `words`."""
    assert result.returncode != 0, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: "), result.stderr
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def write_inputs(folder: Path, count: int, body: str = "") -> list[Path]:
    """`count` plain-text articles (title, lead, body), each distinct."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"in-{n:03d}.txt"
        path.write_text(
            f"Hợp tác Cần Thơ và Lào số {n}\nMở đầu của bài {n}.\nThân bài {n}. {body}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths
