"""Where the archive and index come from: options, environment, config file, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import (
    ConfigError,
    default_archive_dir,
    default_index_dir,
    load_config,
    user_config_file,
)

REPO = Path(__file__).resolve().parents[1]


def test_the_repository_root_opens_the_users_archive_and_sample_opens_the_sample() -> None:
    # The user's one archive, wherever `reader` runs: the repository root included.
    assert load_config(env={}, cwd=REPO) == load_config(env={}, cwd=Path("/"))
    assert load_config(env={}, cwd=REPO).archive_dir == default_archive_dir()
    sample = load_config(sample=True, env={"READER_ARCHIVE": "/elsewhere"}, cwd=Path("/"))
    assert sample.archive_dir == REPO / "sample_articles"
    assert sample.index_dir == REPO / "index"
    assert sample.sample and sample.source("archive") == sample.source("index") == "--sample"
    with pytest.raises(ConfigError, match="--sample and --archive"):
        load_config(sample=True, archive="/x", env={}, cwd=REPO)


def _user_config(text: str) -> Path:
    path = user_config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_both_config_files_are_read_and_merged_setting_by_setting(tmp_path: Path) -> None:
    user = _user_config(
        "archive: ~/news\nmax_file_mb: 5\nkeymap:\n  results.down: j\n  app.quit: ctrl+q\n"
    )
    local = tmp_path / "reader.yaml"
    local.write_text("max_file_mb: 2\nkeymap:\n  app.quit: x\n", "utf-8")
    config = load_config(env={}, cwd=tmp_path)
    assert config.config_files == (user, local)  # lowest precedence first
    assert config.archive_dir == Path("~/news").expanduser()  # only the user's file sets it
    assert config.source("archive") == str(user)
    assert config.max_file_bytes == 2 * 1024 * 1024  # ./reader.yaml over the user's
    assert config.source("max_file_mb") == str(local)
    assert dict(config.keymap) == {"results.down": "j", "app.quit": "x"}
    assert config.source("index") == "default"
    # the environment over both files, the command line over the environment
    env = {"READER_ARCHIVE": str(tmp_path / "env")}
    assert load_config(env=env, cwd=tmp_path).archive_dir == tmp_path / "env"
    assert load_config(env=env, cwd=tmp_path).source("archive") == "READER_ARCHIVE"
    chosen = load_config(archive="opt", env=env, cwd=tmp_path)
    assert chosen.archive_dir == tmp_path / "opt" and chosen.source("archive") == "--archive"


def test_an_index_set_below_the_archive_is_not_shared_with_it(tmp_path: Path) -> None:
    _user_config("archive: ~/news\nindex: ~/news-index\n")
    assert load_config(env={}, cwd=tmp_path).index_dir == Path("~/news-index").expanduser()
    # A downloaded archive's reader.yaml names its own archive: the user's index is not its.
    (tmp_path / "reader.yaml").write_text("archive: articles\n", "utf-8")
    config = load_config(env={}, cwd=tmp_path)
    assert config.archive_dir == tmp_path / "articles"
    assert config.index_dir == default_index_dir(tmp_path / "articles")
    assert config.source("index") == "default"


def test_an_explicit_config_file_is_read_instead_of_both(tmp_path: Path) -> None:
    _user_config("max_file_mb: 5\n")
    (tmp_path / "reader.yaml").write_text("max_file_mb: 2\n", "utf-8")
    named = tmp_path / "other.yaml"
    named.write_text("archive: there\n", "utf-8")
    for config in (
        load_config(config_file=str(named), env={}, cwd=tmp_path),
        load_config(env={"READER_CONFIG": str(named)}, cwd=tmp_path),
    ):
        assert config.config_files == (named,)
        assert config.archive_dir == tmp_path / "there"
        assert config.max_file_bytes == 20 * 1024 * 1024


def test_a_bad_user_config_is_named_even_beside_a_good_local_one(tmp_path: Path) -> None:
    user = _user_config("colour: red\n")
    (tmp_path / "reader.yaml").write_text("max_file_mb: 2\n", "utf-8")
    with pytest.raises(ConfigError, match="unknown setting") as info:
        load_config(env={}, cwd=tmp_path)
    assert str(user) in str(info.value)


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
