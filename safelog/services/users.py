"""The people who use the vault (kept in governance.db, which every role can open)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from safelog.domain.records import Permission, Role
from safelog.domain.timefmt import iso, now_utc
from safelog.services.session import Session
from safelog.store.errors import InvalidInput
from safelog.store.header import GOVERNANCE
from safelog.store.keys import PRODUCTION_KDF, KdfParams
from safelog.store.vault import add_slot


@dataclass(frozen=True)
class UserRow:
    user_id: str
    name: str
    role: Role
    created_at: str
    active: bool


def list_users(session: Session) -> list[UserRow]:
    rows = (
        session.conn("governance")
        .execute(
            "SELECT u.id, u.name, u.role, u.created_at, NOT EXISTS (SELECT 1 FROM user_events e "
            "WHERE e.user_id = u.id AND e.event = 'removed') FROM users AS u ORDER BY u.created_at"
        )
        .fetchall()
    )
    return [UserRow(r[0], r[1], Role(r[2]), r[3], bool(r[4])) for r in rows]


def user_names(session: Session) -> dict[str, str]:
    """user id -> display name, for "by whom" columns (ids are what records store)."""
    names = {u.user_id: u.name for u in list_users(session)}
    names["recovery"] = "Recovery key"
    return names


def add_user(
    session: Session, *, name: str, role: Role, passphrase: str, kdf: KdfParams = PRODUCTION_KDF
) -> UserRow:
    """A new person with their own passphrase; only a DSL may do this.

    The user row is committed first and the key slot written second: if the machine stops in
    between, the row exists without a slot (harmless: nobody can unlock as them), never a slot
    for a user the records do not know.
    """
    session.require(Permission.MANAGE_USERS)
    if not name.strip():
        raise InvalidInput("Give the new user's name.")
    if role is Role.RECOVERY:
        raise InvalidInput("'recovery' is not a role for a person.")
    user_id = uuid.uuid4().hex
    stamp = iso(now_utc())
    with session.writing(GOVERNANCE, action="add", object_type="user") as w:
        if w.conn.execute(
            "SELECT 1 FROM users WHERE name = ? COLLATE NOCASE", (name.strip(),)
        ).fetchone():
            raise InvalidInput(f"There is already a user called '{name.strip()}'.")
        w.add(
            "user",
            {
                "id": user_id,
                "name": name.strip(),
                "role": role.value,
                "created_at": stamp,
                "created_by": session.user_id,
            },
        )
        w.object_id = user_id
        w.payload = {"role": role.value}
    add_slot(
        session.vault,
        user_id=user_id,
        name=name.strip(),
        role=role.value,
        passphrase=passphrase,
        kdf=kdf,
    )
    return UserRow(user_id, name.strip(), role, stamp, True)
