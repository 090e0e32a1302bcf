"""Where the archive and its index live, and the few settings a user can change.

Precedence, highest first: command-line options, environment (`READER_ARCHIVE`, `READER_INDEX`,
`READER_CONFIG`), the config file, defaults. The config file is `--config`/`READER_CONFIG`,
else `reader.yaml` in the current directory (the repository ships one that opens the bundled
sample archive), else `config.yaml` in the user's config directory. Relative paths in a config
file are relative to that file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

LOCAL_CONFIG_NAME = "reader.yaml"
DEFAULT_MAX_FILE_MB = 20.0
_KNOWN_KEYS = frozenset({"archive", "index", "max_file_mb", "keymap"})


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
    config_file: Path | None = None
    """The config file that was read, if any."""
    keymap: tuple[tuple[str, str], ...] = ()
    """The TUI's remapped keys: (binding id, comma-separated keys), from the `keymap:` section."""


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


def _find_config_file(explicit: str | None, env: Mapping[str, str], cwd: Path) -> Path | None:
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    if env.get("READER_CONFIG"):
        path = Path(env["READER_CONFIG"]).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found (READER_CONFIG): {path}")
        return path
    local = cwd / LOCAL_CONFIG_NAME
    if local.is_file():
        return local
    user = user_config_file()
    return user if user.is_file() else None


def read_config_file(path: Path) -> dict[str, Any]:
    """Read a config file with the safe YAML loader and check its keys and types."""
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


def load_config(
    *,
    archive: str | None = None,
    index: str | None = None,
    config_file: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Config:
    """Resolve the settings of this run (see the module docstring for the precedence)."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    path = _find_config_file(config_file, env, cwd)
    data = read_config_file(path) if path else {}
    base = path.parent if path else cwd

    def resolve(value: str, relative_to: Path) -> Path:
        candidate = Path(value).expanduser()
        return candidate if candidate.is_absolute() else relative_to / candidate

    if archive:
        archive_dir = resolve(archive, cwd)
    elif env.get("READER_ARCHIVE"):
        archive_dir = resolve(env["READER_ARCHIVE"], cwd)
    elif "archive" in data:
        archive_dir = resolve(data["archive"], base)
    else:
        archive_dir = default_archive_dir()

    if index:
        index_dir = resolve(index, cwd)
    elif env.get("READER_INDEX"):
        index_dir = resolve(env["READER_INDEX"], cwd)
    elif "index" in data and not (archive or env.get("READER_ARCHIVE")):
        index_dir = resolve(data["index"], base)
    else:
        index_dir = default_index_dir(archive_dir)

    max_mb = float(data.get("max_file_mb", DEFAULT_MAX_FILE_MB))
    return Config(
        archive_dir=archive_dir,
        index_dir=index_dir,
        max_file_bytes=int(max_mb * 1024 * 1024),
        config_file=path,
        keymap=data.get("keymap", ()),
    )
