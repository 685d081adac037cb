"""Where the vault lives: --vault, then SAFELOG_VAULT, then the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path


def default_vault_dir() -> Path:
    return user_data_path("SafeLog", appauthor=False, roaming=False) / "vault"


def resolve_vault_dir(explicit: str | os.PathLike[str] | None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("SAFELOG_VAULT")
    if env:
        return Path(env).expanduser()
    return default_vault_dir()
