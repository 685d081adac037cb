"""Numbered schema migrations, applied in order, each in its own transaction.

Files live in ``migrations/<database>/NNNN_name.sql``; PRAGMA user_version records the last one
applied. A database newer than this app is refused. Before an existing database is upgraded, an
encrypted copy (VACUUM INTO, same key) is kept beside it, so a failed upgrade loses nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from safelog.store.atomic import PRIVATE_FILE_MODE, fsync_dir
from safelog.store.db import Connection
from safelog.store.errors import VaultTooNew

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    sql: str


def available(database: str) -> list[Migration]:
    folder = resources.files("safelog.store.migrations").joinpath(database)
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.number)
    numbers = [m.number for m in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations for {database} are not numbered 1..n: {numbers}")
    return found


def latest_version(database: str) -> int:
    return len(available(database))


def current_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: Connection,
    database: str,
    path: Path,
    *,
    target: int | None = None,
    label: str | None = None,
) -> Path | None:
    """Bring ``conn`` up to ``target`` (default: the latest). Return the backup made, if any."""
    steps = available(database)
    latest = len(steps) if target is None else target
    current = current_version(conn)
    if current > len(steps):
        raise VaultTooNew(
            f"{label or path.name} was written by a newer SafeLog (schema {current}; this copy "
            f"knows up to {len(steps)}). Install the newer SafeLog to open it."
        )
    if current >= latest:
        return None
    backup = _encrypted_copy(conn, path, current) if current > 0 else None
    for step in steps[current:latest]:
        # executescript runs the whole file; the explicit BEGIN/COMMIT makes it one transaction,
        # and user_version moves with it, so a crash mid-migration leaves the old version intact.
        script = f"BEGIN IMMEDIATE;\n{step.sql}\nPRAGMA user_version = {step.number};\nCOMMIT;"
        try:
            conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return backup


def _encrypted_copy(conn: Connection, path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.stem}.schema{version}-{stamp}.backup.db")
    # VACUUM INTO writes a consistent copy keyed like the source, so it stays encrypted.
    conn.execute("VACUUM INTO ?", (str(backup),))
    os.chmod(backup, PRIVATE_FILE_MODE)
    fsync_dir(path.parent)
    return backup
