"""A vault folder: vault.json plus records.db and governance.db, each with its own random key.

``create_vault`` builds the whole folder under a temporary name and renames it into place, so a
crash during set-up leaves either no vault or a complete one. ``unlock`` turns a user name and
passphrase into an ``OpenVault`` holding exactly the connections that user's role may have:
a governor's slot holds the governance key only, so records.db cannot be opened at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from safelog.store import keys, ledger
from safelog.store.atomic import atomic_write, fsync_dir
from safelog.store.audit import AuditLog, utc_now
from safelog.store.db import Connection, DatabaseError, open_database
from safelog.store.errors import (
    InvalidInput,
    NoSuchUser,
    NotPermitted,
    VaultDamaged,
    VaultExists,
    VaultMissing,
    WrongPassphrase,
)
from safelog.store.header import (
    GOVERNANCE,
    RECORDS,
    KeySlot,
    VaultHeader,
    canonical,
    pack_keys,
    slot_aad,
    unpack_keys,
)
from safelog.store.schema import migrate

HEADER_FILE = "vault.json"
DB_FILES = {RECORDS: "records.db", GOVERNANCE: "governance.db"}
RECOVERY_NAME = "recovery"
ROLE_HOLDS: dict[str, tuple[str, ...]] = {
    "dsl": (RECORDS, GOVERNANCE),
    "deputy": (RECORDS, GOVERNANCE),
    "head": (RECORDS, GOVERNANCE),
    "governor": (GOVERNANCE,),
    "recovery": (RECORDS, GOVERNANCE),
}


@dataclass(frozen=True)
class UserInfo:
    user_id: str
    name: str
    role: str


@dataclass
class OpenVault:
    """An unlocked vault. Keys live in bytearrays so ``close`` can overwrite them."""

    root: Path
    header: VaultHeader
    user: UserInfo
    _keys: dict[str, bytearray]
    governance: Connection
    records: Connection | None
    schema_backups: list[Path] = field(default_factory=list)

    @property
    def vault_id(self) -> str:
        return self.header.vault_id

    def log(self, database: str) -> AuditLog:
        conn = self.records if database == RECORDS else self.governance
        if conn is None:  # services check the permission first; this is the backstop
            raise NotPermitted("This user's role does not hold the key to children's records.")
        return AuditLog(conn, self.vault_id, database)

    def key(self, database: str) -> bytes:
        return bytes(self._keys[database])

    def close(self) -> None:
        """Drop the connections and overwrite the keys (best effort: Python may hold copies)."""
        for conn in (self.records, self.governance):
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
        self.records = None
        for buf in self._keys.values():
            for i in range(len(buf)):
                buf[i] = 0
        self._keys.clear()

    @property
    def closed(self) -> bool:
        return not self._keys


def header_path(root: Path) -> Path:
    return root / HEADER_FILE


def read_header(root: Path) -> VaultHeader:
    path = header_path(root)
    if not path.exists():
        if root.exists() and any(root.iterdir()):
            raise VaultDamaged(f"The folder {root} has no vault.json; restore it from a backup.")
        raise VaultMissing(f"There is no SafeLog vault at {root}; create one with 'safelog init'.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VaultDamaged(f"vault.json cannot be read ({exc.strerror}).") from exc
    return VaultHeader.from_bytes(raw)


def user_names(root: Path) -> list[tuple[str, str]]:
    """(name, role) of every slot, for the unlock window's list. Needs no passphrase."""
    return [(s.name, s.role) for s in read_header(root).slots]


def _make_slot(
    header: VaultHeader,
    *,
    user_id: str,
    name: str,
    role: str,
    passphrase: str,
    data_keys: dict[str, bytes],
    kdf: keys.KdfParams,
) -> KeySlot:
    holds = ROLE_HOLDS[role]
    slot_id = uuid.uuid4().hex
    salt = keys.new_salt()
    kek = keys.derive_kek(passphrase, salt, kdf)
    aad = slot_aad(header.vault_id, slot_id, user_id, role, holds)
    nonce, wrapped = keys.wrap(kek, pack_keys(data_keys, holds), aad)
    return KeySlot(slot_id, user_id, name, role, kdf, salt, nonce, wrapped, holds)


def create_vault(
    root: Path,
    *,
    school: str,
    dsl_name: str,
    passphrase: str,
    kdf: keys.KdfParams = keys.PRODUCTION_KDF,
    settings: dict[str, object] | None = None,
) -> tuple[OpenVault, str]:
    """Create a vault with one DSL user. Return it unlocked, and the recovery key (shown once)."""
    school = school.strip()
    dsl_name = dsl_name.strip()
    if not school:
        raise InvalidInput("Give the school's name with --school.")
    if not dsl_name or dsl_name.casefold() == RECOVERY_NAME:
        raise InvalidInput("Give the DSL's name with --user (it cannot be 'recovery').")
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise VaultExists(f"{root} already exists and is not empty; choose another folder.")
    # The parent is created if missing but never re-permissioned: it may be the user's home.
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.creating-", dir=root.parent))
    os.chmod(staging, 0o700)
    try:
        recovery_key = _build(staging, school, dsl_name, passphrase, kdf, settings or {})
        if root.exists():
            root.rmdir()  # empty, checked above; rename cannot replace it otherwise everywhere
        os.rename(staging, root)
        fsync_dir(root.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return unlock(root, dsl_name, passphrase), recovery_key


def _build(
    folder: Path,
    school: str,
    dsl_name: str,
    passphrase: str,
    kdf: keys.KdfParams,
    settings: dict[str, object],
) -> str:
    data_keys = {RECORDS: keys.new_key(), GOVERNANCE: keys.new_key()}
    header = VaultHeader(vault_id=uuid.uuid4().hex, created_at=utc_now())
    dsl = UserInfo(uuid.uuid4().hex, dsl_name, "dsl")
    recovery_key = keys.new_recovery_key()
    slots = (
        _make_slot(
            header,
            user_id=dsl.user_id,
            name=dsl.name,
            role="dsl",
            passphrase=passphrase,
            data_keys=data_keys,
            kdf=kdf,
        ),
        _make_slot(
            header,
            user_id=RECOVERY_NAME,
            name=RECOVERY_NAME,
            role="recovery",
            passphrase=keys.normalise_recovery_key(recovery_key),
            data_keys=data_keys,
            kdf=kdf,
        ),
    )
    header = VaultHeader(header.vault_id, header.created_at, slots)
    for database in (GOVERNANCE, RECORDS):
        conn = open_database(folder / DB_FILES[database], data_keys[database], create=True)
        try:
            migrate(conn, database, folder / DB_FILES[database])
            log = AuditLog(conn, header.vault_id, database)
            conn.execute("BEGIN IMMEDIATE")
            refs = [
                ledger.write(
                    conn, database, "meta", {"name": "vault_id", "value": header.vault_id}
                ),
                ledger.write(
                    conn, database, "meta", {"name": "created_at", "value": header.created_at}
                ),
            ]
            if database == GOVERNANCE:
                refs.append(
                    ledger.write(
                        conn,
                        database,
                        "user",
                        {
                            "id": dsl.user_id,
                            "name": dsl.name,
                            "role": dsl.role,
                            "created_at": header.created_at,
                            "created_by": dsl.user_id,
                        },
                    )
                )
                all_settings = {"school_name": school, **settings}
                for name, value in all_settings.items():
                    refs.append(
                        ledger.write(
                            conn,
                            database,
                            "setting",
                            {
                                "name": name,
                                "value": canonical(value).decode(),
                                "set_at": header.created_at,
                                "set_by": dsl.user_id,
                            },
                        )
                    )
            log.append(
                actor=dsl.user_id,
                action="create",
                object_type="vault",
                object_id=header.vault_id,
                payload={"records": [r.as_list() for r in refs]},
            )
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    atomic_write(header_path(folder), header.sealed(data_keys[GOVERNANCE]).to_bytes())
    return recovery_key


def unlock(root: Path, name: str, passphrase: str) -> OpenVault:
    """Open the vault as ``name``. Raises NoSuchUser / WrongPassphrase (3) or VaultDamaged (4)."""
    header = read_header(root)
    is_recovery = name.strip().casefold() == RECOVERY_NAME
    slot = header.slot_for(name)
    if slot is None:
        names = ", ".join(s.name for s in header.slots if s.role != "recovery") or "none"
        raise NoSuchUser(f"There is no user called '{name}' in this vault (users: {names}).")
    secret = keys.normalise_recovery_key(passphrase) if is_recovery else passphrase
    kek = keys.derive_kek(secret, slot.salt, slot.kdf)
    aad = slot_aad(header.vault_id, slot.slot_id, slot.user_id, slot.role, slot.holds)
    try:
        plain = keys.unwrap(kek, slot.nonce, slot.wrapped, aad)
    except keys.UnwrapFailed:
        what = "recovery key" if is_recovery else "passphrase"
        raise WrongPassphrase(f"That {what} is not right for {slot.name}.") from None
    try:
        data_keys = {k: bytearray(v) for k, v in unpack_keys(plain, slot.holds).items()}
    except ValueError as exc:
        raise VaultDamaged(f"The key slot for {slot.name} is damaged ({exc}).") from exc
    if not header.mac_ok(bytes(data_keys[GOVERNANCE])):
        raise VaultDamaged(
            "vault.json has been altered since SafeLog last wrote it; restore it from a backup."
        )
    user = UserInfo(slot.user_id, "Recovery key" if is_recovery else slot.name, slot.role)
    governance = _open_checked(root, GOVERNANCE, bytes(data_keys[GOVERNANCE]), header)
    records = None
    backups: list[Path] = []
    try:
        if RECORDS in data_keys:
            records = _open_checked(root, RECORDS, bytes(data_keys[RECORDS]), header)
        vault = OpenVault(root, header, user, data_keys, governance, records, backups)
        for database, conn in ((GOVERNANCE, governance), (RECORDS, records)):
            if conn is not None:
                backup = migrate(
                    conn, database, root / DB_FILES[database], label=DB_FILES[database]
                )
                if backup is not None:
                    backups.append(backup)
        if not is_recovery:
            _check_user_current(governance, slot)
    except BaseException:
        for conn in (governance, records):
            if conn is not None:
                conn.close()
        raise
    return vault


def _open_checked(root: Path, database: str, key: bytes, header: VaultHeader) -> Connection:
    path = root / DB_FILES[database]
    conn = open_database(path, key)
    try:
        row = conn.execute("SELECT value FROM vault_meta WHERE name = 'vault_id'").fetchone()
    except DatabaseError as exc:
        conn.close()
        raise VaultDamaged(
            f"The vault file {path.name} is damaged ({exc}); restore the vault from a backup."
        ) from exc
    if row is None or row[0] != header.vault_id:
        conn.close()
        raise VaultDamaged(f"{path.name} belongs to a different vault; restore it from a backup.")
    return conn


def _check_user_current(governance: Connection, slot: KeySlot) -> None:
    row = governance.execute("SELECT role FROM users WHERE id = ?", (slot.user_id,)).fetchone()
    removed = governance.execute(
        "SELECT 1 FROM user_events WHERE user_id = ? AND event = 'removed'", (slot.user_id,)
    ).fetchone()
    if row is None or removed is not None:
        raise NoSuchUser(f"{slot.name} is no longer a user of this vault.")
    if row[0] != slot.role:
        raise VaultDamaged(f"The key slot for {slot.name} does not match the user list.")


def add_slot(
    vault: OpenVault,
    *,
    user_id: str,
    name: str,
    role: str,
    passphrase: str,
    kdf: keys.KdfParams = keys.PRODUCTION_KDF,
) -> None:
    """Give a new user a key slot holding exactly the keys their role may hold.

    The caller records the user in governance.db in the same breath; vault.json is replaced
    atomically and re-sealed, so a crash leaves the old header or the new one.
    """
    if role not in ROLE_HOLDS or role == "recovery":
        raise InvalidInput(f"'{role}' is not a role; use dsl, deputy, head or governor.")
    if vault.header.slot_for(name) is not None or name.strip().casefold() == RECOVERY_NAME:
        raise InvalidInput(f"There is already a user called '{name}'.")
    missing = [k for k in ROLE_HOLDS[role] if k not in vault._keys]
    if missing:
        raise InvalidInput("Only someone who holds every key can add this user.")
    data_keys = {k: bytes(v) for k, v in vault._keys.items()}
    slot = _make_slot(
        vault.header,
        user_id=user_id,
        name=name.strip(),
        role=role,
        passphrase=passphrase,
        data_keys=data_keys,
        kdf=kdf,
    )
    header = VaultHeader(
        vault.header.vault_id, vault.header.created_at, (*vault.header.slots, slot)
    )
    sealed = header.sealed(bytes(vault._keys[GOVERNANCE]))
    atomic_write(header_path(vault.root), sealed.to_bytes())
    vault.header = sealed
