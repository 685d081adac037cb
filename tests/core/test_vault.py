"""The vault: key slots, unlock errors told apart, permissions, files and modes."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from safelog.domain.records import Role
from safelog.services import users
from safelog.services.session import login
from safelog.store import keys
from safelog.store.db import open_database
from safelog.store.errors import (
    NoSuchUser,
    NotPermitted,
    VaultDamaged,
    VaultExists,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from safelog.store.vault import create_vault, read_header, unlock, user_names
from tests.conftest import DSL, FAST_KDF, PASSPHRASE, SCHOOL


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture
def made(vault_dir: Path) -> tuple[Path, str]:
    vault, recovery = create_vault(
        vault_dir, school=SCHOOL, dsl_name=DSL, passphrase=PASSPHRASE, kdf=FAST_KDF
    )
    vault.close()
    return vault_dir, recovery


def test_layout_and_permissions(made: tuple[Path, str]) -> None:
    root, _ = made
    assert sorted(p.name for p in root.iterdir()) == ["governance.db", "records.db", "vault.json"]
    assert stat.S_IMODE(os.stat(root).st_mode) == 0o700
    for p in root.iterdir():
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
    header = json.loads((root / "vault.json").read_text())
    assert header["format_version"] == 1
    assert {s["role"] for s in header["slots"]} == {"dsl", "recovery"}
    assert user_names(root) == [(DSL, "dsl"), ("recovery", "recovery")]


def test_pragmas_are_set(made: tuple[Path, str]) -> None:
    root, _ = made
    vault = unlock(root, DSL, PASSPHRASE)
    try:
        conn = vault.records
        assert conn is not None
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert int(conn.execute("PRAGMA synchronous").fetchone()[0]) == 2  # FULL
        assert int(conn.execute("PRAGMA secure_delete").fetchone()[0]) == 1
        assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
        assert str(conn.execute("PRAGMA cipher_memory_security").fetchone()[0]) == "1"
    finally:
        vault.close()


def test_each_database_has_its_own_key(made: tuple[Path, str]) -> None:
    root, _ = made
    vault = unlock(root, DSL, PASSPHRASE)
    r, g = vault.key("records"), vault.key("governance")
    vault.close()
    assert r != g and len(r) == len(g) == 32
    with pytest.raises(VaultDamaged):
        open_database(root / "records.db", g)


def test_recovery_key_opens_everything(made: tuple[Path, str]) -> None:
    root, recovery = made
    # Typed from paper: lower case, spaces instead of dashes, O/0 confusion.
    typed = recovery.lower().replace("-", " ").replace("o", "0")
    vault = unlock(root, "recovery", typed)
    try:
        assert vault.records is not None and vault.user.role == "recovery"
    finally:
        vault.close()


def test_wrong_passphrase_changes_nothing(made: tuple[Path, str]) -> None:
    root, _ = made
    before = snapshot(root)
    with pytest.raises(WrongPassphrase, match="not right for"):
        unlock(root, DSL, PASSPHRASE + "x")
    with pytest.raises(NoSuchUser, match="no user called"):
        unlock(root, "Nobody", PASSPHRASE)
    assert snapshot(root) == before


def test_governor_slot_cannot_open_records(session, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    users.add_user(
        session,
        name="Gill Governor",
        role=Role.GOVERNOR,
        passphrase="governor passphrase 1",
        kdf=FAST_KDF,
    )
    gov = unlock(vault_dir, "Gill Governor", "governor passphrase 1")
    try:
        assert gov.records is None  # the slot holds the governance key only
        assert "records" not in gov._keys
        with pytest.raises(VaultDamaged):  # and that key cannot decrypt records.db at all
            open_database(vault_dir / "records.db", gov.key("governance"))
        s = login(gov)
        with pytest.raises(NotPermitted, match="governor cannot open children's records"):
            s.conn("records")
    finally:
        gov.close()


@pytest.mark.parametrize("where", ["first page", "middle"])
def test_damaged_database_is_not_a_wrong_passphrase(made: tuple[Path, str], where: str) -> None:
    root, _ = made
    path = root / "records.db"
    data = bytearray(path.read_bytes())
    offset = 100 if where == "first page" else len(data) // 2 + 50
    for i in range(16):
        data[offset + i] ^= 0xFF
    path.write_bytes(bytes(data))
    before = snapshot(root)
    with pytest.raises(VaultDamaged, match="records.db is damaged") as info:
        vault = unlock(root, DSL, PASSPHRASE)
        # A damaged page in the middle may only show when it is read: verify reads them all.
        from safelog.services.verify import verify_vault

        report = verify_vault(vault)
        vault.close()
        if not report.ok:
            raise VaultDamaged("records.db is damaged: " + "; ".join(report.lines()))
    assert info.value.exit_code == 4
    assert snapshot(root) == before


def test_truncated_database(made: tuple[Path, str]) -> None:
    root, _ = made
    path = root / "governance.db"
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size - 4096 - 100)
    before = snapshot(root)
    with pytest.raises(VaultDamaged, match="governance.db is damaged or incomplete"):
        unlock(root, DSL, PASSPHRASE)
    assert snapshot(root) == before


@pytest.mark.parametrize("damage", ["salt", "check", "json", "mac", "version"])
def test_bad_vault_json(made: tuple[Path, str], damage: str) -> None:
    root, _ = made
    path = root / "vault.json"
    header = json.loads(path.read_text())
    if damage == "salt":
        header["slots"][0]["salt"] = "!!!"
    elif damage == "check":
        header["slots"][0]["wrapped"] = header["slots"][0]["wrapped"][::-1]
    elif damage == "mac":
        # A slot removed by hand keeps every remaining checksum valid; only the MAC notices.
        header["slots"] = header["slots"][:1]
    elif damage == "version":
        header["format_version"] = 99
    text = "{not json" if damage == "json" else json.dumps(header)
    path.write_text(text)
    before = snapshot(root)
    expected = VaultTooNew if damage == "version" else VaultDamaged
    with pytest.raises(expected) as info:
        unlock(root, DSL, PASSPHRASE)
    assert info.value.exit_code == 4
    assert "vault.json" in str(info.value) or "newer SafeLog" in str(info.value)
    assert snapshot(root) == before


def test_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultMissing, match="no SafeLog vault"):
        read_header(tmp_path / "nothing-here")


def test_refuses_to_create_over_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "keep.txt").write_text("precious")
    with pytest.raises(VaultExists):
        create_vault(
            tmp_path / "v", school=SCHOOL, dsl_name=DSL, passphrase=PASSPHRASE, kdf=FAST_KDF
        )
    assert (tmp_path / "v" / "keep.txt").read_text() == "precious"


def test_production_kdf_meets_the_floor() -> None:
    prod, floor = keys.PRODUCTION_KDF, keys.MINIMUM_KDF
    assert prod.memory_kib >= 64 * 1024 and prod.iterations >= 3 and prod.lanes >= 1
    assert prod.memory_kib >= floor.memory_kib and prod.iterations >= floor.iterations
    # And the parameters are stored in each slot, so they can be raised later.
    kek = keys.derive_kek("x" * 12, b"s" * 16, prod)
    assert len(kek) == 32


def test_slots_are_bound_to_their_user(made: tuple[Path, str]) -> None:
    """Swapping the wrapped keys between slots must not let one user in as another."""
    root, _ = made
    path = root / "vault.json"
    header = json.loads(path.read_text())
    a, b = header["slots"]
    a_wrapped = a["wrapped"]
    a["wrapped"], a["nonce"], a["salt"] = b["wrapped"], b["nonce"], b["salt"]
    b["wrapped"] = a_wrapped
    for slot in header["slots"]:
        body = {k: v for k, v in slot.items() if k != "check"}
        from safelog.store.header import canonical

        slot["check"] = hashlib.sha256(canonical(body)).hexdigest()
    path.write_text(json.dumps(header))
    with pytest.raises(WrongPassphrase):
        unlock(root, DSL, PASSPHRASE)


def test_parent_folder_permissions_are_left_alone(tmp_path: Path) -> None:
    parent = tmp_path / "home"
    parent.mkdir(mode=0o755)
    os.chmod(parent, 0o755)
    vault, _ = create_vault(
        parent / "vault", school=SCHOOL, dsl_name=DSL, passphrase=PASSPHRASE, kdf=FAST_KDF
    )
    vault.close()
    assert stat.S_IMODE(os.stat(parent).st_mode) == 0o755
    assert stat.S_IMODE(os.stat(parent / "vault").st_mode) == 0o700
    assert not [p for p in parent.iterdir() if p.name.startswith(".")]  # no staging litter
