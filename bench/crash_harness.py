"""Kill `reader import` and `reader index --rebuild` at random moments and check the archive.

`python -m bench.crash_harness [--kills 30] [--articles 2000] [--seed 1]` copies corpus articles
into an input folder, then again and again starts `reader import` (or, one time in four once
there is something to index, `reader index --rebuild`) as a subprocess and SIGKILLs it at a
random moment. After each kill it checks what a user would see:

- every visible `*.md` file in the archive parses as an article (no half-written article);
- no temp file is visible as an article, and the next command does not wait for the dead
  process's lock;
- `reader index --check` passes, or the next `reader index` repairs the index and then the check
  passes.

Finally it runs the import to completion and checks that every input is in the archive exactly
once (the ids the inputs give, no two files with the same content) and that search finds them
all. Prints kills survived / kills made and writes bench/results/crash_harness.json. Without
the shared corpus it says so and exits 0.

The campaign itself (`run_campaign`) only needs an input folder; the quick pytest version in
tests/reliability/test_kills.py runs it on generated articles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "baomoi-vi-news.tar.gz"
RESULTS = REPO / "bench" / "results" / "crash_harness.json"


@dataclass
class KillRecord:
    """One kill: what was running, when it died, and what the checks found."""

    command: str
    after_s: float
    articles_before: int
    articles_after: int
    index_check: str  # "ok", "repaired" or "failed"
    problems: list[str] = field(default_factory=list)
    # Processes of the killed run still alive after it (forked workers); ended by the harness.
    orphans: int = 0

    @property
    def survived(self) -> bool:
        return not self.problems


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "PYTHONUTF8": "1"})
    src = str(REPO / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH", "")]))
    return env


def _argv(archive: Path, index: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "reader", "--archive", str(archive), "--index", str(index), *args]


def _run(
    archive: Path, index: Path, *args: str, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _argv(archive, index, *args),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=_env(),
        check=False,
    )


def expected_ids(inputs: Path) -> set[str]:
    """The ids the files under `inputs` get on import (content-equal files share one)."""
    from datetime import UTC, datetime

    from reader.importer import iter_input_files
    from reader.ingest.dispatch import parse_file
    from reader.model.ids import assign_identity

    now = datetime.now(UTC)
    ids: set[str] = set()
    by_sha: set[str] = set()
    for path, problem in iter_input_files([inputs]):
        if problem:
            continue
        for _, article in parse_file(path, max_bytes=64 * 1024 * 1024):
            if isinstance(article, Exception):
                continue
            article = assign_identity(article, now)
            if article.content_sha256 in by_sha:
                continue
            by_sha.add(article.content_sha256)
            ids.add(article.id)
    return ids


def visible_articles(archive: Path) -> list[Path]:
    """Files a user (or `ls *.md`) sees as articles."""
    return sorted(p for p in archive.glob("*.md") if not p.name.startswith("."))


def check_articles(archive: Path) -> list[str]:
    """Every visible article file parses; returns the problems."""
    from reader.model.canonical import ArticleFormatError
    from reader.store import ArchiveStore

    problems = []
    for path in visible_articles(archive):
        try:
            ArchiveStore.read_path(path)
        except (ArticleFormatError, OSError) as exc:
            problems.append(f"{path.name}: does not parse ({exc})")
    return problems


def check_index(archive: Path, index: Path) -> tuple[str, list[str]]:
    """`reader index --check`; if it fails, `reader index` must repair it.

    A kill that came before the import created the archive folder leaves nothing to check
    (the reader rightly refuses to read an archive that does not exist).
    """
    if not archive.exists():
        return "no archive yet", []
    first = _run(archive, index, "index", "--check")
    if first.returncode == 0:
        return "ok", []
    problems = []
    repair = _run(archive, index, "index")
    if "waiting for another import" in repair.stderr:
        problems.append("`reader index` waited for the lock of a dead process")
    if "Traceback" in repair.stderr or repair.returncode not in (0, 1):
        problems.append(f"`reader index` failed: {repair.stderr.strip()[-300:]}")
    second = _run(archive, index, "index", "--check")
    if second.returncode != 0:
        problems.append(f"index still wrong after `reader index`: {second.stdout.strip()[:300]}")
        return "failed", problems
    return "repaired", problems


def orphan_pids(archive: Path) -> list[int]:
    """Processes still running a `reader` command on `archive` (children of a killed run)."""
    pids = []
    needle = str(archive).encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if needle in cmdline and b"reader" in cmdline:
            pids.append(int(entry.name))
    return pids


def end_orphans(archive: Path) -> int:
    """SIGKILL the leftover processes of a killed run (found by `orphan_pids`); how many."""
    time.sleep(0.2)
    pids = orphan_pids(archive)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
    return len(pids)


def leftovers(archive: Path, index: Path) -> dict[str, int]:
    """Temp files and directories a killed run left (hidden; cleaned up later or not)."""
    return {
        "temp_files_in_archive": sum(1 for p in archive.glob(".*.tmp-*")),
        "build_dirs_beside_index": sum(1 for p in index.parent.glob(f".{index.name}.new-*")),
        "old_dirs_beside_index": sum(1 for p in index.parent.glob(f".{index.name}.old-*")),
    }


def run_campaign(
    inputs: Path,
    work: Path,
    *,
    kills: int,
    seed: int = 1,
    rebuild_share: float = 0.25,
    max_wait_s: float | None = None,
    log: bool = True,
) -> dict[str, Any]:
    """Kill imports and rebuilds `kills` times over `inputs`, then finish; returns the figures."""
    rng = random.Random(seed)
    archive, index = work / "archive", work / "index"
    expected = expected_ids(inputs)
    # Imports that are killed take one part of the inputs at a time, so that most kills land
    # while new articles are being written rather than while known ones are skipped.
    parts = sorted(p for p in inputs.iterdir() if p.is_dir()) or [inputs]
    records: list[KillRecord] = []
    # How long each command last took to finish; kills land anywhere within that.
    window = {"import": max_wait_s or 30.0, "index": max_wait_s or 30.0}
    finished_early = 0
    started_at = time.monotonic()
    while len(records) < kills:
        have = len(visible_articles(archive)) if archive.exists() else 0
        rebuild = have > 0 and rng.random() < rebuild_share
        part = parts[len(records) % len(parts)]
        args = ("index", "--rebuild") if rebuild else ("import", str(part))
        upper = window[args[0]]
        delay = rng.uniform(0.05 * upper, 0.95 * upper)
        begun = time.monotonic()
        proc = subprocess.Popen(
            _argv(archive, index, *args),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env(),
        )
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        else:
            # It finished before the kill: aim earlier next time.
            finished_early += 1
            window[args[0]] = max(0.5, time.monotonic() - begun)
            continue
        after = time.monotonic() - begun
        record = KillRecord(
            " ".join(args[:2] if rebuild else args[:1]), round(after, 2), have, 0, ""
        )
        record.problems.extend(check_articles(archive))
        record.index_check, index_problems = check_index(archive, index)
        record.orphans = end_orphans(archive)
        record.problems.extend(index_problems)
        record.articles_after = len(visible_articles(archive))
        records.append(record)
        if log:
            mark = "ok" if record.survived else "FAILED " + "; ".join(record.problems)[:300]
            print(
                f"kill {len(records):3d}/{kills}: {record.command:<15} after {after:5.1f}s  "
                f"articles {record.articles_after:5d}  index {record.index_check:<8} "
                f"orphans {record.orphans}  {mark}",
                flush=True,
            )
    left_after_kills = leftovers(archive, index)
    final = _run(archive, index, "import", str(inputs), "--json")
    statuses: dict[str, int] = {}
    for line in final.stdout.splitlines():
        try:
            status = json.loads(line)["status"]
        except (ValueError, KeyError, TypeError):
            continue
        statuses[status] = statuses.get(status, 0) + 1
    files = visible_articles(archive)
    stems = [p.name[: -len(".md")] for p in files]
    final_problems = check_articles(archive)
    shas = []
    for path in files:
        head = path.read_text("utf-8").split("\n---", 1)[0]
        shas.extend(
            line.split(":", 1)[1].strip()
            for line in head.splitlines()
            if line.startswith("content_sha256:")
        )
    if len(set(shas)) != len(shas):
        final_problems.append(f"{len(shas) - len(set(shas))} articles stored twice (same content)")
    missing = expected - set(stems)
    extra = set(stems) - expected
    if missing:
        final_problems.append(f"{len(missing)} inputs missing after the final import")
    if extra:
        final_problems.append(f"{len(extra)} unexpected article files")
    if final.returncode not in (0, 1) or "Traceback" in final.stderr:
        final_problems.append(f"final import failed: {final.stderr.strip()[-300:]}")
    check = _run(archive, index, "index", "--check")
    if check.returncode != 0:
        final_problems.append(f"final index check failed: {check.stdout.strip()[:300]}")
    search = _run(archive, index, "search", "", "--json", "--limit", "1")
    try:
        searchable = json.loads(search.stdout.splitlines()[0])["total"]
    except (ValueError, IndexError, KeyError):
        searchable = -1
    if searchable != len(expected):
        final_problems.append(f"search finds {searchable} articles, expected {len(expected)}")
    survived = sum(1 for r in records if r.survived)
    return {
        "inputs": len(expected),
        "kills_made": len(records),
        "kills_survived": survived,
        "kills_of_import": sum(1 for r in records if r.command == "import"),
        "kills_of_rebuild": sum(1 for r in records if r.command != "import"),
        "index_ok_after_kill": sum(1 for r in records if r.index_check == "ok"),
        "index_repaired_after_kill": sum(1 for r in records if r.index_check == "repaired"),
        "runs_that_finished_before_the_kill": finished_early,
        "kills_leaving_orphan_processes": sum(1 for r in records if r.orphans),
        "leftovers_after_kills": left_after_kills,
        "leftovers_after_final_import": leftovers(archive, index),
        "final_import_statuses": statuses,
        "final_articles": len(files),
        "final_searchable": searchable,
        "final_problems": final_problems,
        "seconds": round(time.monotonic() - started_at, 1),
        "kills": [asdict(r) for r in records],
    }


def copy_corpus(target: Path, count: int, parts: int = 10) -> int:
    """Copy the first `count` corpus articles into `parts` folders under `target`."""
    sys.path.insert(0, str(REPO))
    from bench.corpus import corpus_files

    target.mkdir(parents=True, exist_ok=True)
    files = corpus_files(CORPUS)[:count]
    for n, path in enumerate(files):
        folder = target / f"part-{n * parts // max(1, len(files)):02d}"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(path, folder / path.name)
    return len(files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=30, help="kills to make (30)")
    parser.add_argument("--articles", type=int, default=2000, help="corpus articles (2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}: skipping", file=sys.stderr)
        return 0
    work = Path(tempfile.mkdtemp(prefix="reader-crash-"))
    try:
        copied = copy_corpus(work / "inputs", args.articles, parts=max(1, args.kills // 3))
        print(f"{copied} corpus articles in {work / 'inputs'}; {args.kills} kills", flush=True)
        figures = run_campaign(work / "inputs", work, kills=args.kills, seed=args.seed)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    figures["seed"] = args.seed
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False), "utf-8")
    print(
        f"kills survived / kills made: {figures['kills_survived']} / {figures['kills_made']}; "
        f"final: {figures['final_articles']} articles of {figures['inputs']} inputs, "
        f"{figures['final_searchable']} searchable; problems: {figures['final_problems'] or 'none'}"
    )
    print(f"leftovers after kills: {figures['leftovers_after_kills']}")
    print(f"results in {RESULTS}")
    ok = figures["kills_survived"] == figures["kills_made"] and not figures["final_problems"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
