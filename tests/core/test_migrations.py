"""Schema versions: older vaults are upgraded after an encrypted copy is taken; newer ones and
vault files from a newer app are refused. tests/data/vault-v1 was made by SafeLog 0.1.0."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from safelog.services import children, concerns
from safelog.services.session import login
from safelog.services.verify import verify_vault
from safelog.store.db import open_database
from safelog.store.errors import VaultTooNew
from safelog.store.schema import available, latest_version, migrate
from safelog.store.vault import DB_FILES, create_vault, unlock
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.core.helpers import draft, pupil

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "vault-v1"
FIXTURE_USER = "Dana Fixture"
FIXTURE_PASSPHRASE = "fixture passphrase for tests only"


def test_first_version_vault_opens_and_upgrades(tmp_path: Path) -> None:
    root = tmp_path / "old"
    shutil.copytree(FIXTURE, root)
    vault = unlock(root, FIXTURE_USER, FIXTURE_PASSPHRASE)
    try:
        assert vault.records is not None
        version = vault.records.execute("PRAGMA user_version").fetchone()[0]
        assert version == latest_version("records")
        session = login(vault)
        kids = children.list_children(session)
        assert {c.legal_forename for c in kids} >= {"Łukasz", "Siobhán"}
        assert concerns.search_concerns(session, "fixture")
        assert verify_vault(vault).ok
    finally:
        vault.close()


def test_older_schema_is_upgraded_after_an_encrypted_copy(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    vault, _ = create_vault(
        root, school="Fictional School", dsl_name="Dee", passphrase=PASSPHRASE, kdf=FAST_KDF
    )
    session = login(vault)
    children.import_pupils(session, [pupil(1)])
    child = children.child_by_upn(session, pupil(1).upn)
    concerns.log_concern(session, draft(child.child_id, "Searchable upgrade marker"))
    key = vault.key("records")
    session.close()

    # Rebuild records.db as schema 1 would have had it: without the search index.
    conn = open_database(root / "records.db", key)
    first = set(
        re.findall(
            r"CREATE (?:VIRTUAL )?(?:TABLE|INDEX|TRIGGER) (\w+)", available("records")[0].sql
        )
    )
    later = [
        (kind, name)
        for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'concern_search_%' ORDER BY type = 'table'"
        )
        if name not in first
    ]
    assert ("table", "concern_search") in later
    for kind, name in later:  # everything migrations 2 and later add
        conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    conn.execute("PRAGMA user_version = 1")
    conn.close()

    vault = unlock(root, "Dee", PASSPHRASE)
    try:
        assert len(vault.schema_backups) == 1
        backup = vault.schema_backups[0]
        assert backup.exists() and backup.stat().st_mode & 0o777 == 0o600
        assert b"Searchable" not in backup.read_bytes()  # the copy is encrypted too
        copy = open_database(backup, key)
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        copy.close()
        session = login(vault)
        assert concerns.search_concerns(session, "upgrade marker")  # rebuilt from revisions
        assert verify_vault(vault).ok
    finally:
        vault.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    vault, _ = create_vault(
        root, school="Fictional School", dsl_name="Dee", passphrase=PASSPHRASE, kdf=FAST_KDF
    )
    key = vault.key("governance")
    vault.close()
    conn = open_database(root / DB_FILES["governance"], key)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(VaultTooNew, match="newer SafeLog") as info:
        unlock(root, "Dee", PASSPHRASE)
    assert info.value.exit_code == 4


def test_migrations_are_numbered_and_each_is_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    conn = open_database(path, b"k" * 32, create=True)
    migrate(conn, "records", path, target=1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert (
        conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'concern_search'").fetchone()[
            0
        ]
        == 0
    )
    migrate(conn, "records", path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version("records")
    conn.close()
