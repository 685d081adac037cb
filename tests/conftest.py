"""Shared test set-up: offscreen Qt, a fast KDF, real SQLCipher vaults in temporary folders.

With SAFELOG_BLOCK_QT=1 (how `make test` runs tests/core) any import of PySide6 fails, proving
the core and its tests need no Qt at all.
"""

from __future__ import annotations

import importlib.abc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "Europe/London")


class _QtBlocker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
        if fullname.split(".")[0] in ("PySide6", "shiboken6", "ui"):
            raise ImportError(f"{fullname} is blocked: the core must not need Qt")
        return None


if os.environ.get("SAFELOG_BLOCK_QT") == "1":
    sys.meta_path.insert(0, _QtBlocker())


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # The GUI tests cannot run with Qt blocked; `make test` runs them in their own pass.
    if os.environ.get("SAFELOG_BLOCK_QT") == "1" and "ui" in collection_path.parts:
        return True
    return None


from safelog.store.keys import KdfParams  # noqa: E402

# Cheap enough for hundreds of unlocks; one test checks the production parameters separately.
FAST_KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"
SCHOOL = "Fictional Test School"
DSL = "Alex Fictional"


@pytest.fixture
def fast_kdf() -> KdfParams:
    return FAST_KDF


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def session(vault_dir: Path) -> Iterator[object]:
    """A fresh vault, unlocked as its DSL."""
    from safelog.services.session import login
    from safelog.store.vault import create_vault

    vault, _ = create_vault(
        vault_dir, school=SCHOOL, dsl_name=DSL, passphrase=PASSPHRASE, kdf=FAST_KDF
    )
    s = login(vault)
    yield s
    s.close()
