"""SIGKILL during import and rebuild: the archive stays readable and the next run completes it.

A quick version of `bench/crash_harness.py` (same campaign, on 200 generated articles and three
kills) so that CI catches a regression; the harness makes 30+ kills over corpus articles.
"""

from __future__ import annotations

import importlib.util
import signal
import sys
import time
from pathlib import Path
from types import ModuleType

from .helpers import REPO, article_files, make_inputs, run_reader, start_reader


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "crash_harness", REPO / "bench" / "crash_harness.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_killed_imports_and_rebuilds_lose_nothing(tmp_path: Path) -> None:
    for part in range(2):
        make_inputs(tmp_path / "inputs" / f"part-{part}", 100, seed=7 + part)
    figures = _harness().run_campaign(
        tmp_path / "inputs",
        tmp_path,
        kills=3,
        seed=3,
        rebuild_share=0.25,
        max_wait_s=2.5,
        log=False,
    )
    failed = [k for k in figures["kills"] if k["problems"]]
    assert not failed, failed
    assert figures["kills_made"] == 3
    assert figures["final_problems"] == []
    assert figures["final_articles"] == 200
    assert figures["final_searchable"] == 200


def test_a_killed_import_leaves_no_process_behind(tmp_path: Path) -> None:
    for part in range(3):
        make_inputs(tmp_path / "inputs" / f"part-{part}", 100, seed=30 + part)
    archive, index = tmp_path / "archive", tmp_path / "index"
    proc = start_reader(archive, index, "import", str(tmp_path / "inputs"))
    deadline = time.monotonic() + 60
    while len(article_files(archive)) < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    harness = _harness()
    try:
        time.sleep(0.5)
        left = harness.orphan_pids(archive)
    finally:
        harness.end_orphans(archive)
    assert left == []
    sync = run_reader(archive, index, "index")
    assert "not updated" not in sync.stdout, sync.stdout
    assert run_reader(archive, index, "index", "--check").returncode == 0


def test_a_killed_rebuild_leaves_no_build_directory_for_good(tmp_path: Path) -> None:
    make_inputs(tmp_path / "inputs", 10, seed=40)
    archive, index = tmp_path / "archive", tmp_path / "index"
    assert run_reader(archive, index, "import", str(tmp_path / "inputs")).returncode == 0
    dead = start_reader(archive, index, "--version")
    dead.communicate(timeout=60)
    abandoned = index.parent / f".{index.name}.new-{dead.pid}-12345"
    abandoned.mkdir()
    (abandoned / "_MAIN_1.toc").write_bytes(b"partial")
    assert run_reader(archive, index, "index", "--rebuild").returncode == 0
    assert not abandoned.exists()
