"""A signed-in user on an open vault, with the permission checks and the one way to write.

Every write goes through ``Session.writing``: one transaction that inserts the records, then
appends the audit event naming every record it wrote (with its digest), then commits. Reads of
a child's file go through ``Session.audit_read``.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from safelog.domain.records import ROLE_PERMISSIONS, Permission, Role
from safelog.store import ledger
from safelog.store.db import Connection
from safelog.store.errors import NotPermitted
from safelog.store.header import GOVERNANCE, RECORDS
from safelog.store.vault import OpenVault

_REFUSALS = {
    Permission.READ_RECORDS: "cannot open children's records",
    Permission.WRITE_RECORDS: "cannot add to or change children's records",
    Permission.EXPORT: "cannot export records",
    Permission.MANAGE_USERS: "cannot add or remove users",
    Permission.READ_GOVERNANCE: "cannot see the governance records",
    Permission.ALLEGATIONS: "cannot open allegations against staff",
}


@dataclass
class Write:
    """Collects the records one transaction writes, for its audit event."""

    conn: Connection
    database: str
    object_id: str | int = ""
    payload: dict[str, Any] = field(default_factory=dict)
    refs: list[ledger.RecordRef] = field(default_factory=list)

    def add(self, kind: str, values: Mapping[str, Any]) -> int:
        """Insert a single-row record; return its key as an int where it is one."""
        ref = ledger.write(self.conn, self.database, kind, values)
        self.refs.append(ref)
        return int(ref.key) if ref.key.isdigit() else 0

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert a row that belongs to a record fingerprinted later with ``seal``."""
        return ledger.insert(self.conn, table, values)

    def seal(self, kind: str, key: int | str) -> None:
        self.refs.append(ledger.ref(self.conn, self.database, kind, key))


class Session:
    def __init__(self, vault: OpenVault) -> None:
        self.vault = vault
        self.role = Role(vault.user.role)
        # One connection per database is shared by the GUI thread and the single worker
        # thread; transactions must not interleave on it, so every transaction holds this lock.
        self.lock = threading.RLock()

    @property
    def user_id(self) -> str:
        return self.vault.user.user_id

    @property
    def user_name(self) -> str:
        return self.vault.user.name

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            noun = self.role.noun
            raise NotPermitted(f"{noun[0].upper()}{noun[1:]} {_REFUSALS[permission]}.")

    def conn(self, database: str = RECORDS) -> Connection:
        if database == RECORDS:
            self.require(Permission.READ_RECORDS)
            assert self.vault.records is not None
            return self.vault.records
        return self.vault.governance

    @contextlib.contextmanager
    def writing(
        self, database: str, *, action: str, object_type: str, permission: Permission | None = None
    ) -> Iterator[Write]:
        """One transaction: the caller's inserts, then the audit event that names them."""
        self.require(
            permission
            or (Permission.WRITE_RECORDS if database == RECORDS else Permission.MANAGE_USERS)
        )
        conn = self.conn(database)
        write = Write(conn, database)
        with self.lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield write
                payload = dict(write.payload)
                if write.refs:
                    payload["records"] = [r.as_list() for r in write.refs]
                self.vault.log(database).append(
                    actor=self.user_id,
                    action=action,
                    object_type=object_type,
                    object_id=write.object_id,
                    payload=payload,
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def audit(
        self,
        database: str,
        *,
        action: str,
        object_type: str,
        object_id: str | int,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """An event that records no write: a read of a child's file, an export, a login."""
        conn = self.conn(database)
        with self.lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self.vault.log(database).append(
                    actor=self.user_id,
                    action=action,
                    object_type=object_type,
                    object_id=object_id,
                    payload=payload,
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def setting(self, name: str, default: Any = None) -> Any:
        row = self.vault.governance.execute(
            "SELECT value FROM settings WHERE name = ? ORDER BY id DESC LIMIT 1", (name,)
        ).fetchone()
        return default if row is None else json.loads(row[0])

    @property
    def school_name(self) -> str:
        return str(self.setting("school_name", ""))

    @property
    def is_demo(self) -> bool:
        return bool(self.setting("demo", False))

    def close(self) -> None:
        self.vault.close()


def login(vault: OpenVault) -> Session:
    """Wrap an unlocked vault and record the sign-in in the governance chain."""
    session = Session(vault)
    session.audit(
        GOVERNANCE,
        action="login",
        object_type="user",
        object_id=session.user_id,
        payload={"role": session.role.value},
    )
    return session
