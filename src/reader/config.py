"""Where the archive and its index live, and the few settings a user can change.

Each setting comes from the first of these that sets it:

1. the command line (`--archive`, `--index`, `--sample`);
2. the environment (`READER_ARCHIVE`, `READER_INDEX`);
3. `reader.yaml` in the current directory;
4. `config.yaml` in the user's config directory (e.g. `~/.config/reader/config.yaml`);
5. the defaults: the archive in the user's data directory, its index in the user's cache
   directory, wherever `reader` runs.

Both config files are read and merged setting by setting (a `keymap:` binding by binding).
`--config FILE` (or `READER_CONFIG`) names the one config file to read instead of those two.
Relative paths in a config file are relative to that file. An index set in a config file is
used only when the archive is not set higher up: another archive never shares it.

`--sample` opens the sample archive bundled with the source repository (`sample_articles/`)
with its own index (`index/`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOCAL_CONFIG_NAME = "reader.yaml"
DEFAULT_MAX_FILE_MB = 20.0
_KNOWN_KEYS = frozenset({"archive", "index", "max_file_mb", "keymap", "theme"})

# Where a setting came from, as `reader config` says it (a config file: its path).
DEFAULT = "default"
SAMPLE_OPTION = "--sample"


class ConfigError(ValueError):
    """A configuration problem, told in one line."""


@dataclass(frozen=True, slots=True)
class Config:
    """The resolved settings of one run."""

    archive_dir: Path
    """The archive: one Markdown file per article."""
    index_dir: Path
    """The Whoosh index derived from the archive."""
    max_file_bytes: int = int(DEFAULT_MAX_FILE_MB * 1024 * 1024)
    """Input files larger than this are refused on import."""
    config_files: tuple[Path, ...] = ()
    """The config files that were read, lowest precedence first."""
    keymap: tuple[tuple[str, str], ...] = ()
    """The TUI's remapped keys: (binding id, comma-separated keys), from the `keymap:` section."""
    sources: tuple[tuple[str, str], ...] = ()
    """(setting, where its value came from): `--archive`, `READER_INDEX`, a config file's
    path, or `default`; `keymap` lists each file that remapped a key."""
    sample: bool = False
    """The archive is the sample bundled with the repository (`--sample`)."""
    theme: str | None = None
    """The TUI's colour theme, by name (`theme:`); None leaves it to the reader."""

    @property
    def config_file(self) -> Path | None:
        """The config file of highest precedence that was read, if any."""
        return self.config_files[-1] if self.config_files else None

    def source(self, setting: str) -> str:
        """Where `setting` came from (see `sources`)."""
        return dict(self.sources).get(setting, DEFAULT)


def user_config_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("reader") / "config.yaml"


def default_archive_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("reader") / "archive"


def default_index_dir(archive_dir: Path) -> Path:
    """An index per archive in the user's cache directory: it can always be rebuilt."""
    from platformdirs import user_cache_path

    resolved = str(archive_dir.resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:12]
    return user_cache_path("reader") / "indexes" / f"{archive_dir.name or 'archive'}-{digest}"


def sample_dirs() -> tuple[Path, Path]:
    """The sample archive bundled with the source repository, and its own index folder.

    Raises:
        ConfigError: this installation has no sample (it was not installed from a clone).
    """
    root = Path(__file__).resolve().parents[2]
    archive, index = root / "sample_articles", root / "index"
    if not archive.is_dir():
        raise ConfigError(
            "the sample archive comes with the source repository, and this installation has "
            "none: install from a clone (`pip install -e .`)"
        )
    return archive, index


def config_candidates(
    explicit: str | None, env: Mapping[str, str], cwd: Path
) -> tuple[list[Path], list[Path]]:
    """(the config files to read, lowest precedence first; those looked for and not found).

    Raises:
        ConfigError: `--config` or `READER_CONFIG` names a file that does not exist.
    """
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return [path], []
    if env.get("READER_CONFIG"):
        path = Path(env["READER_CONFIG"]).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found (READER_CONFIG): {path}")
        return [path], []
    found: list[Path] = []
    missing: list[Path] = []
    for path in (user_config_file(), cwd / LOCAL_CONFIG_NAME):
        (found if path.is_file() else missing).append(path)
    return found, missing


def read_config_file(path: Path) -> dict[str, Any]:
    """Read a config file with the safe YAML loader and check its keys and types."""
    import yaml  # here: without a config file, launching need not import it

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {exc}".splitlines()[0]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must be a mapping of settings")
    unknown = sorted(set(map(str, data)) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"config file {path}: unknown setting {unknown[0]!r}")
    for key in ("archive", "index"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"config file {path}: {key} must be a path")
    if "max_file_mb" in data:
        value = data["max_file_mb"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigError(f"config file {path}: max_file_mb must be a positive number")
    if "keymap" in data:
        data["keymap"] = read_keymap(data["keymap"], path)
    if "theme" in data and (not isinstance(data["theme"], str) or not data["theme"].strip()):
        raise ConfigError(f"config file {path}: theme must be the name of a theme")
    return data


def read_keymap(value: object, path: Path) -> tuple[tuple[str, str], ...]:
    """Check a `keymap:` section: binding id -> a key, a comma-separated string of keys or a
    list of keys (e.g. `results.down: [j, ctrl+n]`). Which ids exist is the TUI's business."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ConfigError(f"config file {path}: keymap must be a mapping of binding id to keys")
    pairs: list[tuple[str, str]] = []
    for binding_id, keys in value.items():
        if not isinstance(binding_id, str) or not binding_id.strip():
            raise ConfigError(f"config file {path}: keymap: {binding_id!r} is not a binding id")
        listed = keys if isinstance(keys, list) else [keys]
        names = [
            part.strip()
            for key in listed
            if isinstance(key, str)
            for part in (key.split(",") if len(key) > 1 else [key])
        ]
        if len(names) < len(listed) or not names or any(not n or " " in n for n in names):
            raise ConfigError(
                f"config file {path}: keymap: {binding_id} must be a key or a list of keys"
            )
        pairs.append((binding_id, ",".join(names)))
    return tuple(pairs)


def _resolve(value: str, relative_to: Path) -> Path:
    candidate = Path(value).expanduser()
    return candidate if candidate.is_absolute() else relative_to / candidate


def load_config(
    *,
    archive: str | None = None,
    index: str | None = None,
    config_file: str | None = None,
    sample: bool = False,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Config:
    """Resolve the settings of this run (see the module docstring for the precedence)."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    if sample and archive:
        raise ConfigError("--sample and --archive name two archives: give one of them")
    files, _ = config_candidates(config_file, env, cwd)

    # Layers from the lowest precedence to the highest: (source, settings, relative-to).
    layers: list[tuple[str, dict[str, Any], Path]] = [
        (str(path), read_config_file(path), path.parent) for path in files
    ]
    from_env = {
        key: env[name]
        for key, name in (("archive", "READER_ARCHIVE"), ("index", "READER_INDEX"))
        if env.get(name)
    }
    layers.append(("env", from_env, cwd))
    options = {key: value for key, value in (("archive", archive), ("index", index)) if value}
    layers.append(("options", options, cwd))

    def top(key: str) -> tuple[int, str, Any, Path] | None:
        """The highest layer that sets `key`: (its rank, source, value, base folder)."""
        for rank in range(len(layers) - 1, -1, -1):
            source, data, base = layers[rank]
            if key in data:
                return rank, source, data[key], base
        return None

    def described(source: str, key: str) -> str:
        if source == "env":
            return "READER_ARCHIVE" if key == "archive" else "READER_INDEX"
        if source == "options":
            return f"--{key}"
        return source

    sources: list[tuple[str, str]] = []
    chosen_archive = top("archive")
    chosen_index = top("index")
    if sample:
        archive_dir, sample_index = sample_dirs()
        archive_rank = len(layers)  # above every layer: only --index beats the sample's index
        sources.append(("archive", SAMPLE_OPTION))
    elif chosen_archive is not None:
        archive_rank, source, value, base = chosen_archive
        archive_dir = _resolve(value, base)
        sources.append(("archive", described(source, "archive")))
    else:
        archive_rank, archive_dir = -1, default_archive_dir()
        sources.append(("archive", DEFAULT))

    if index:  # the command line's index goes with any archive
        index_dir = _resolve(index, cwd)
        sources.append(("index", "--index"))
    elif sample:
        index_dir = sample_index
        sources.append(("index", SAMPLE_OPTION))
    elif chosen_index is not None and (
        chosen_index[1] in ("env", "options") or chosen_index[0] >= archive_rank
    ):
        _, source, value, base = chosen_index
        index_dir = _resolve(value, base)
        sources.append(("index", described(source, "index")))
    else:
        index_dir = default_index_dir(archive_dir)
        sources.append(("index", DEFAULT))

    max_mb = DEFAULT_MAX_FILE_MB
    chosen_max = top("max_file_mb")
    if chosen_max is not None:
        max_mb = float(chosen_max[2])
        sources.append(("max_file_mb", chosen_max[1]))

    theme = None
    chosen_theme = top("theme")
    if chosen_theme is not None:
        theme = str(chosen_theme[2]).strip()
        sources.append(("theme", chosen_theme[1]))

    keymap: dict[str, str] = {}
    keymap_sources: list[str] = []
    for source, data, _ in layers:
        if data.get("keymap"):
            keymap.update(data["keymap"])  # a higher file's binding replaces a lower one's
            keymap_sources.append(source)
    if keymap_sources:
        sources.append(("keymap", ", ".join(keymap_sources)))

    return Config(
        archive_dir=archive_dir,
        index_dir=index_dir,
        max_file_bytes=int(max_mb * 1024 * 1024),
        config_files=tuple(files),
        keymap=tuple(keymap.items()),
        sources=tuple(sources),
        sample=sample,
        theme=theme,
    )
