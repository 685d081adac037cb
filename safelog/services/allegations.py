"""Allegations against members of staff: a case kept apart from children's files, which only
the DSL and the head (the case manager) can open. Every opening is audited.

The separation is enforced by SafeLog, not by a separate key: a deputy holds the records key,
so someone using other software with a deputy's passphrase could read these rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from safelog.domain.records import Permission
from safelog.domain.timefmt import from_iso, iso, now_utc
from safelog.services.session import Session
from safelog.store.errors import InvalidInput
from safelog.store.header import RECORDS


class AllegationOutcome(StrEnum):
    SUBSTANTIATED = "substantiated"
    MALICIOUS = "malicious"
    FALSE = "false"
    UNSUBSTANTIATED = "unsubstantiated"
    UNFOUNDED = "unfounded"


@dataclass(frozen=True)
class Allegation:
    case_id: int
    revision: int
    staff_name: str
    staff_role: str | None
    allegation: str
    children_involved: tuple[int, ...]
    received_at: datetime
    reported_by: str | None
    lado_consulted_at: datetime | None
    lado_reference: str | None
    outcome: AllegationOutcome | None
    status: str


_COLUMNS = (
    "case_id, revision, staff_name, staff_role, allegation, children_involved, "
    "received_at, reported_by, lado_consulted_at, lado_reference, outcome, status"
)


def _row(r: Any) -> Allegation:
    return Allegation(
        int(r[0]),
        int(r[1]),
        r[2],
        r[3],
        r[4],
        tuple(json.loads(r[5])),
        from_iso(r[6]),
        r[7],
        from_iso(r[8]) if r[8] else None,
        r[9],
        AllegationOutcome(r[10]) if r[10] else None,
        r[11],
    )


def open_case(
    session: Session,
    *,
    staff_name: str,
    allegation: str,
    received_at: datetime,
    staff_role: str | None = None,
    reported_by: str | None = None,
    children_involved: tuple[int, ...] = (),
) -> int:
    session.require(Permission.ALLEGATIONS)
    if not staff_name.strip() or not allegation.strip():
        raise InvalidInput("Give the member of staff's name and what is alleged.")
    with session.writing(
        RECORDS, action="open", object_type="allegation", permission=Permission.ALLEGATIONS
    ) as w:
        case_id = int(
            w.conn.execute(
                "SELECT coalesce(max(case_id), 0) + 1 FROM staff_allegations"
            ).fetchone()[0]
        )
        w.add(
            "allegation",
            {
                "case_id": case_id,
                "revision": 1,
                "staff_name": staff_name.strip(),
                "staff_role": (staff_role or "").strip() or None,
                "allegation": allegation.strip(),
                "children_involved": json.dumps(sorted(children_involved)),
                "received_at": iso(received_at),
                "reported_by": (reported_by or "").strip() or None,
                "status": "open",
                "reason": None,
                "recorded_at": iso(now_utc()),
                "recorded_by": session.user_id,
            },
        )
        w.object_id = case_id
    return case_id


def update_case(session: Session, case_id: int, *, reason: str, **changes: Any) -> None:
    """A new revision: LADO consulted, outcome reached, case closed."""
    session.require(Permission.ALLEGATIONS)
    if not reason.strip():
        raise InvalidInput("Say what changed in the case.")
    cursor = session.conn().execute(
        "SELECT * FROM staff_allegations WHERE case_id = ? ORDER BY revision DESC LIMIT 1",
        (case_id,),
    )
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        raise InvalidInput(f"There is no allegation case number {case_id}.")
    values = {
        n: v
        for n, v in zip(names, row, strict=True)
        if n not in ("id", "recorded_at", "recorded_by")
    }
    for key, value in changes.items():
        if key not in values or key in ("case_id", "revision"):
            raise InvalidInput(f"'{key}' is not part of an allegation case.")
        values[key] = iso(value) if isinstance(value, datetime) else value
    values.update(revision=values["revision"] + 1, reason=reason.strip())
    with session.writing(
        RECORDS, action="update", object_type="allegation", permission=Permission.ALLEGATIONS
    ) as w:
        w.add(
            "allegation", {**values, "recorded_at": iso(now_utc()), "recorded_by": session.user_id}
        )
        w.object_id = case_id


def cases(session: Session) -> list[Allegation]:
    session.require(Permission.ALLEGATIONS)
    rows = (
        session.conn()
        .execute(
            f"SELECT {_COLUMNS} FROM staff_allegations AS a WHERE revision = (SELECT max(revision) "
            "FROM staff_allegations WHERE case_id = a.case_id) ORDER BY received_at"
        )
        .fetchall()
    )
    session.audit(RECORDS, action="read", object_type="allegations", object_id="list")
    return [_row(r) for r in rows]
