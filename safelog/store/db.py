"""Opening a SQLCipher 4 database with a raw 256-bit key, and telling damage from a wrong key.

The key pragma is the first statement and takes the raw hex form (x'…'), so SQLCipher skips
its own PBKDF2 and no passphrase is ever put into SQL. By the time we get here the key has
been unwrapped from a slot with an authenticated cipher, so it is known to be right: if
SQLCipher still says "file is not a database", the file is damaged, not the passphrase wrong.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3

from safelog.store.atomic import PRIVATE_FILE_MODE
from safelog.store.errors import VaultDamaged

Connection = sqlcipher3.Connection
DatabaseError = sqlcipher3.DatabaseError
PAGE_SIZE = 4096
SIDECARS = ("-wal", "-shm", "-journal")


def _key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("a data key is 32 bytes")
    # bytes.hex() yields only [0-9a-f]: nothing here can break out of the literal.
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _damaged(path: Path, detail: str) -> VaultDamaged:
    return VaultDamaged(
        f"The vault file {path.name} is damaged or incomplete ({detail}); "
        "restore the vault from a backup."
    )


def _configure(conn: Connection) -> None:
    conn.execute("PRAGMA cipher_memory_security = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise DatabaseError(f"journal mode is {mode}")
    # FULL: with WAL, NORMAL may lose the last commits on power loss; these records must not.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 5000")
    # Up to 64 MB of page cache: at 200,000 concerns a count over every concern's index
    # entries needs that much to stay in memory (32 MB made it five times slower). The cache
    # fills only as pages are read, and stays inside the 300 MB target (see make bench).
    conn.execute("PRAGMA cache_size = -65536")


def open_database(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open ``path`` keyed with ``key``; raise VaultDamaged with one sentence if it is unusable.

    A failed open leaves the folder as it found it: any -wal/-shm file we caused is removed.
    """
    existed_before = {suffix: Path(f"{path}{suffix}").exists() for suffix in SIDECARS}
    if create:
        if path.exists():
            raise FileExistsError(path)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
        os.close(fd)
    elif not path.exists():
        raise _damaged(path, "the file is missing")
    conn: Connection | None = None
    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute(_key_pragma(key))
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        _configure(conn)
        if not create:
            _check_not_truncated(conn, path)
        return conn
    except DatabaseError as exc:
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()
        for suffix, existed in existed_before.items():
            if not existed:
                with contextlib.suppress(OSError):
                    Path(f"{path}{suffix}").unlink()
        raise _damaged(path, _describe(exc)) from exc


def _check_not_truncated(conn: Connection, path: Path) -> None:
    """A file cut short still opens (page 1 is intact); compare its size with its page count."""
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    size = path.stat().st_size
    if size % page_size:
        raise DatabaseError(f"its size is not a whole number of {page_size}-byte pages")
    wal = Path(f"{path}-wal")
    wal_has_frames = wal.exists() and wal.stat().st_size > 32
    if not wal_has_frames and size < page_count * page_size:
        raise DatabaseError(f"it holds {size // page_size} of its {page_count} pages")


def _describe(exc: BaseException) -> str:
    text = str(exc)
    if "not a database" in text:
        return "its first page cannot be decrypted"
    if "malformed" in text:
        return "its structure is broken"
    return text


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: a write is whole or absent."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def integrity_problems(conn: Connection) -> list[str]:
    """Page HMACs (cipher_integrity_check: no rows = pass) and structure (integrity_check: ok)."""
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    structural = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    if structural != ["ok"]:
        problems.extend(structural)
    return problems
