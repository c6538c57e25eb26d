"""Configuration: ``[tool.nianbao]`` in pyproject.toml or ``nianbao.toml``; flags override.

Looked up from the current folder upwards, stopping at the first file that has a
nianbao section, so a repository of reports can carry its own settings.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from nianbao.core.errors import LocalisedError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(LocalisedError):
    """A config file that cannot be used (exit 2).

    ``ConfigError("english text", "key", **values)``: the key names its text in the
    ``_errors`` block of the catalogues, so the command line words it in the run's
    language; ``str()`` is the English text.
    """


def config_flag(config: dict[str, Any] | None, key: str, default: bool = False) -> bool:
    """A true/false setting: ``strict_plugins = "no"`` is a mistake to name, not True."""
    value = (config or {}).get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(
            f"{key} must be true or false, got {value!r}", "config_flag", key=key, value=value
        )
    return value


def find_config(start: Path | None = None) -> tuple[Path | None, dict[str, Any]]:
    """(path, settings) of the nearest nianbao.toml or pyproject.toml [tool.nianbao]."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("nianbao.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text("utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(
                    f"{path}: cannot read config: {exc}",
                    "config_unreadable",
                    path=path,
                    detail=str(exc),
                ) from None
            if name == "nianbao.toml":
                return path, data.get("tool", {}).get("nianbao", data)
            section = data.get("tool", {}).get("nianbao")
            if section is not None:
                return path, section
    return None, {}


def load_config(path: str | None = None) -> tuple[Path | None, dict[str, Any]]:
    """Read an explicit ``--config`` file, or find one."""
    if path is None:
        return find_config()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{p}: cannot read config: {exc}", "config_unreadable", path=p, detail=str(exc)
        ) from None
    return p, data.get("tool", {}).get("nianbao", data)
