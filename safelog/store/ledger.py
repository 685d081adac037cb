"""Append-only writes whose every record is fingerprinted into the audit chain.

A *record* is one row of a record table, together with the rows that belong to it (a concern
revision with its children and categories). Its digest is SHA-256 of the canonical JSON of
those values, with NULL columns left out so that a column added by a later migration does not
change the digest of rows written before it. ``write`` inserts and returns a ``RecordRef``;
the service passes the refs to the audit event of the same transaction. ``check_records``
recomputes every digest and compares it with the chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from safelog.store.db import Connection
from safelog.store.header import canonical


@dataclass(frozen=True)
class RecordKind:
    name: str
    table: str
    key: str = "id"
    extra: str = ""  # extra SELECT columns that pull in the rows belonging to this record

    def select(self, where: str = "") -> str:
        extra = f", {self.extra}" if self.extra else ""
        return f"SELECT t.*{extra} FROM {self.table} AS t {where} ORDER BY t.{self.key}"


_CONCERN_PARTS = (
    "(SELECT json_group_array(json_array(child_id, role)) FROM (SELECT child_id, role "
    "FROM concern_children WHERE revision_id = t.id ORDER BY child_id)) AS _children, "
    "(SELECT json_group_array(category) FROM (SELECT category FROM concern_categories "
    "WHERE revision_id = t.id ORDER BY category)) AS _categories"
)

RECORD_KINDS: dict[str, dict[str, RecordKind]] = {
    "records": {
        k.name: k
        for k in (
            RecordKind("meta", "vault_meta", key="name"),
            RecordKind("child", "children"),
            RecordKind("child_version", "child_versions"),
            RecordKind("concern", "concerns"),
            RecordKind("concern_revision", "concern_revisions", extra=_CONCERN_PARTS),
            RecordKind("concern_event", "concern_events"),
            RecordKind("action", "actions"),
            RecordKind("decision", "decisions"),
            RecordKind("review", "reviews"),
            RecordKind("attachment", "attachments"),
            RecordKind("household_member", "household_members"),
            RecordKind("referral", "referrals"),
            RecordKind("sharing_decision", "sharing_decisions"),
            RecordKind("allegation", "staff_allegations"),
            RecordKind("signing_identity", "signing_identities"),
        )
    },
    "governance": {
        k.name: k
        for k in (
            RecordKind("meta", "vault_meta", key="name"),
            RecordKind("setting", "settings"),
            RecordKind("user", "users"),
            RecordKind("user_event", "user_events"),
        )
    },
}


@dataclass(frozen=True)
class RecordRef:
    kind: str
    key: str
    digest: str

    def as_list(self) -> list[str]:
        return [self.kind, self.key, self.digest]


def _digest_row(names: list[str], row: Iterable[Any]) -> str:
    values = {n: v for n, v in zip(names, row, strict=True) if v is not None}
    for name, value in values.items():
        if isinstance(value, bytes):
            values[name] = {"sha256": hashlib.sha256(value).hexdigest()}
    return hashlib.sha256(canonical(values)).hexdigest()


def insert(conn: Connection, table: str, values: Mapping[str, Any]) -> int:
    """INSERT one row from a mapping of column -> value (booleans stored as 0/1)."""
    columns = list(values)
    params = [int(v) if isinstance(v, bool) else v for v in values.values()]
    marks = ", ".join("?" for _ in columns)
    cursor = conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", params)
    return int(cursor.lastrowid or 0)


def ref(conn: Connection, database: str, kind: str, key: int | str) -> RecordRef:
    """Fingerprint a record just written, reading it back exactly as ``check_records`` will."""
    spec = RECORD_KINDS[database][kind]
    cursor = conn.execute(spec.select(f"WHERE t.{spec.key} = ?"), (key,))
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        raise LookupError(f"{kind} {key} was not written")
    return RecordRef(kind, str(key), _digest_row(names, row))


def write(conn: Connection, database: str, kind: str, values: Mapping[str, Any]) -> RecordRef:
    """Insert a single-row record and return its fingerprint."""
    spec = RECORD_KINDS[database][kind]
    rowid = insert(conn, spec.table, values)
    key = values.get(spec.key, rowid)
    return ref(conn, database, kind, key)


@dataclass
class RecordCheck:
    checked: int = 0
    altered: list[str] | None = None
    unrecorded: list[str] | None = None
    missing: list[str] | None = None

    @property
    def problems(self) -> list[str]:
        return (self.altered or []) + (self.unrecorded or []) + (self.missing or [])


def expected_digests() -> tuple[dict[tuple[str, str], tuple[str, int]], Callable[[Any], None]]:
    """A collector for ``walk_chain``: (kind, key) -> (digest, seq) from every verified event."""
    expected: dict[tuple[str, str], tuple[str, int]] = {}

    def collect(event: Any) -> None:
        for item in event.payload.get("records", ()):
            kind, key, digest = item
            expected[(kind, key)] = (digest, event.seq)

    return expected, collect


def check_records(
    conn: Connection,
    database: str,
    expected: dict[tuple[str, str], tuple[str, int]],
    *,
    limit: int = 20,
) -> RecordCheck:
    """Compare every stored record with the digest its audit event holds."""
    result = RecordCheck(altered=[], unrecorded=[], missing=[])
    assert result.altered is not None and result.unrecorded is not None
    assert result.missing is not None
    seen: set[tuple[str, str]] = set()
    for spec in RECORD_KINDS[database].values():
        cursor = conn.execute(spec.select())
        names = [d[0] for d in cursor.description]
        key_index = names.index(spec.key)
        for row in cursor:
            result.checked += 1
            key = (spec.name, str(row[key_index]))
            seen.add(key)
            want = expected.get(key)
            label = f"{spec.name.replace('_', ' ')} {row[key_index]}"
            if want is None:
                if len(result.unrecorded) < limit:
                    result.unrecorded.append(
                        f"{label} has no audit event (written outside SafeLog)"
                    )
            elif _digest_row(names, row) != want[0] and len(result.altered) < limit:
                result.altered.append(
                    f"{label} was changed after audit event {want[1]} recorded it"
                )
    for key, (_, seq) in expected.items():
        if key not in seen and len(result.missing) < limit:
            result.missing.append(
                f"{key[0].replace('_', ' ')} {key[1]} recorded by audit event {seq} is gone"
            )
    return result
