"""Where the archive and index come from: options, environment, config file, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import ConfigError, load_config


def test_repository_root_opens_the_sample_archive() -> None:
    repo = Path(__file__).resolve().parents[1]
    config = load_config(env={}, cwd=repo)
    assert config.archive_dir == repo / "sample_articles"
    assert config.index_dir == repo / "index"


def test_options_beat_environment_beat_file(tmp_path: Path) -> None:
    (tmp_path / "reader.yaml").write_text("archive: from-file\nindex: idx-file\n")
    env = {"READER_ARCHIVE": str(tmp_path / "from-env")}
    assert load_config(env={}, cwd=tmp_path).archive_dir == tmp_path / "from-file"
    assert load_config(env=env, cwd=tmp_path).archive_dir == tmp_path / "from-env"
    chosen = load_config(archive=str(tmp_path / "opt"), env=env, cwd=tmp_path)
    assert chosen.archive_dir == tmp_path / "opt"
    # another archive never shares the file's index
    assert chosen.index_dir != tmp_path / "idx-file"


def test_explicit_config_file_and_size_cap(tmp_path: Path) -> None:
    config_file = tmp_path / "elsewhere.yaml"
    config_file.write_text("archive: /data/news\nmax_file_mb: 1\n")
    config = load_config(config_file=str(config_file), env={}, cwd=tmp_path)
    assert config.archive_dir == Path("/data/news")
    assert config.max_file_bytes == 1024 * 1024


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("archive: [1, 2]\n", "must be a path"),
        ("- a list\n", "must be a mapping"),
        ("colour: red\n", "unknown setting"),
        ("max_file_mb: -3\n", "positive number"),
        ("archive: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
    ],
)
def test_bad_config_is_one_line(tmp_path: Path, content: str, reason: str) -> None:
    (tmp_path / "reader.yaml").write_text(content)
    with pytest.raises(ConfigError, match=reason) as info:
        load_config(env={}, cwd=tmp_path)
    assert "\n" not in str(info.value)


def test_missing_config_file_named_by_env(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(env={"READER_CONFIG": str(tmp_path / "nope.yaml")}, cwd=tmp_path)
