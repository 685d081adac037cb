"""Information-sharing decisions made with the guided wizard, kept with every answer given."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from safelog.domain.timefmt import from_iso, iso, now_utc
from safelog.services.session import Session
from safelog.store.header import RECORDS


@dataclass(frozen=True)
class SharingDecisionRow:
    sharing_id: int
    child_id: int
    concern_id: int | None
    decision: str
    outcome: str
    record: dict[str, Any]
    guidance_version: str
    decided_at: datetime
    decided_by: str


def save_sharing_decision(
    session: Session,
    *,
    child_id: int,
    record: dict[str, Any],
    decision: str,
    outcome: str,
    guidance_version: str,
    concern_id: int | None = None,
) -> int:
    """Store a validated sharing record (``SharingRecord.to_dict()``); it joins the chronology."""
    with session.writing(RECORDS, action="share decision", object_type="child") as w:
        sharing_id = w.add(
            "sharing_decision",
            {
                "child_id": child_id,
                "concern_id": concern_id,
                "decision": decision,
                "outcome": outcome,
                "record": json.dumps(record, sort_keys=True, ensure_ascii=False),
                "guidance_version": guidance_version,
                "decided_at": iso(now_utc()),
                "decided_by": session.user_id,
            },
        )
        w.object_id = child_id
        w.payload = {"sharing_decision": sharing_id, "decision": decision}
    return sharing_id


def sharing_for_child(session: Session, child_id: int) -> list[SharingDecisionRow]:
    rows = (
        session.conn()
        .execute(
            "SELECT id, child_id, concern_id, decision, outcome, record, guidance_version, "
            "decided_at, decided_by FROM sharing_decisions WHERE child_id = ? ORDER BY decided_at",
            (child_id,),
        )
        .fetchall()
    )
    return [
        SharingDecisionRow(
            int(r[0]), int(r[1]), r[2], r[3], r[4], json.loads(r[5]), r[6], from_iso(r[7]), r[8]
        )
        for r in rows
    ]
