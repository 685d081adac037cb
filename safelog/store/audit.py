"""The audit log as a SHA-256 hash chain, one per database.

Each event stores SHA-256(previous hash ‖ canonical event). An event that records a write also
carries a digest of every record it wrote (see ``ledger``), so changing a stored row — even by
someone holding the key who drops the triggers — shows up in ``verify`` unless the whole chain
after it is rewritten; the chain head printed on signed exports catches that too.
Events are appended in the same transaction as the change they describe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from safelog.store.db import Connection
from safelog.store.header import canonical


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def genesis(vault_id: str, database: str) -> str:
    return hashlib.sha256(f"safelog-audit-v1|{vault_id}|{database}".encode()).hexdigest()


def event_hash(prev_hash: str, event: dict[str, Any]) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical(event)).hexdigest()


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "payload": self.payload,
        }


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str


class AuditLog:
    """Appends to and reads one database's chain. Not thread-safe: one per connection."""

    def __init__(self, conn: Connection, vault_id: str, database: str) -> None:
        self.conn = conn
        self.genesis = genesis(vault_id, database)

    def head(self) -> ChainHead:
        row = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return ChainHead(0, self.genesis) if row is None else ChainHead(int(row[0]), str(row[1]))

    def append(
        self,
        *,
        actor: str,
        action: str,
        object_type: str,
        object_id: str | int,
        payload: dict[str, Any] | None = None,
        at: str | None = None,
    ) -> AuditEvent:
        """Add one event. Call inside the transaction that makes the change it records."""
        head = self.head()
        body = {
            "seq": head.seq + 1,
            "at": at or utc_now(),
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "payload": payload or {},
        }
        digest = event_hash(head.hash, body)
        self.conn.execute(
            "INSERT INTO audit (seq, at, actor, action, object_type, object_id, payload, "
            "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                body["seq"],
                body["at"],
                actor,
                action,
                object_type,
                body["object_id"],
                canonical(body["payload"]).decode(),
                head.hash,
                digest,
            ),
        )
        return AuditEvent(prev_hash=head.hash, hash=digest, **body)  # type: ignore[arg-type]

    def events(
        self,
        *,
        object_type: str | None = None,
        object_id: str | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> Iterator[AuditEvent]:
        sql = "SELECT seq, at, actor, action, object_type, object_id, payload, prev_hash, hash "
        sql += "FROM audit"
        args: list[Any] = []
        if object_type is not None:
            sql += " WHERE object_type = ?"
            args.append(object_type)
            if object_id is not None:
                sql += " AND object_id = ?"
                args.append(object_id)
        sql += " ORDER BY seq DESC" if newest_first else " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        for row in self.conn.execute(sql, args):
            yield _event(row)


def _event(row: Any) -> AuditEvent:
    try:
        payload = json.loads(row[6])
    except (TypeError, json.JSONDecodeError):
        payload = {"unreadable": str(row[6])}
    return AuditEvent(
        seq=int(row[0]),
        at=str(row[1]),
        actor=str(row[2]),
        action=str(row[3]),
        object_type=str(row[4]),
        object_id=str(row[5]),
        payload=payload,
        prev_hash=str(row[7]),
        hash=str(row[8]),
    )


@dataclass(frozen=True)
class ChainCheck:
    events: int
    head: ChainHead
    broken_at: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def walk_chain(log: AuditLog, on_event: Any = None) -> ChainCheck:
    """Recompute every link from genesis; stop at the first broken one and say which it is.

    ``on_event`` is called with each event whose link verified (the ledger check uses it).
    """
    prev = log.genesis
    expected_seq = 1
    count = 0
    for event in log.events():
        if event.seq != expected_seq:
            return ChainCheck(
                count,
                ChainHead(expected_seq - 1, prev),
                expected_seq,
                f"event {expected_seq} is missing (next found is {event.seq})",
            )
        if event.prev_hash != prev:
            return ChainCheck(
                count,
                ChainHead(event.seq - 1, prev),
                event.seq,
                f"event {event.seq} does not follow event {event.seq - 1}",
            )
        if event_hash(prev, event.body()) != event.hash:
            return ChainCheck(
                count,
                ChainHead(event.seq - 1, prev),
                event.seq,
                f"event {event.seq} ({event.action} {event.object_type} "
                f"{event.object_id}) was altered after it was written",
            )
        if on_event is not None:
            on_event(event)
        prev = event.hash
        expected_seq += 1
        count += 1
    return ChainCheck(count, ChainHead(expected_seq - 1, prev), None, None)
