"""Small reads the desktop screens need that the record services do not offer yet.

Qt-free, like every core module: the children page's form list, and a concern's triage, outcome
and closure events with who recorded them (the responses service writes those events but only
reports the resulting status). Every function needs the records permission. Thread: any thread
that may use the session (the GUI thread or the single worker).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from safelog.domain.records import Permission
from safelog.domain.timefmt import from_iso
from safelog.services.children import LATEST
from safelog.services.session import Session


def form_groups(session: Session, year_group: str | None = None) -> list[str]:
    """The registration forms children are in now (optionally in one year), in school order:
    by the number in the name, then alphabetically ("7A", "7B", "10A")."""
    session.require(Permission.READ_RECORDS)
    sql = f"SELECT DISTINCT form FROM ({LATEST}) WHERE form IS NOT NULL"
    args: list[str] = []
    if year_group:
        sql += " AND year_group = ?"
        args.append(year_group)
    forms = [str(r[0]) for r in session.conn().execute(sql, args)]
    return sorted(forms, key=_school_order)


def _school_order(label: str) -> tuple[int, str]:
    digits = ""
    for ch in label:
        if ch.isdigit():
            digits += ch
        elif digits:
            break
    return (int(digits) if digits else -1, label.casefold())


@dataclass(frozen=True)
class ConcernEvent:
    """One thing that happened to a concern after it was logged."""

    event: str  # "triaged", "outcome", "closed" or "reopened"
    detail: str | None
    at: datetime
    recorded_by: str  # a user id; see safelog.services.users.user_names


def concern_events(session: Session, concern_id: int) -> list[ConcernEvent]:
    """Triage, outcome, closure and reopening of one concern, oldest first."""
    session.require(Permission.READ_RECORDS)
    rows = session.conn().execute(
        "SELECT event, detail, at, recorded_by FROM concern_events WHERE concern_id = ? "
        "ORDER BY id",
        (concern_id,),
    )
    return [ConcernEvent(str(r[0]), r[1], from_iso(r[2]), str(r[3])) for r in rows]


def concern_statuses(session: Session, concern_ids: Iterable[int]) -> dict[int, str]:
    """``{concern_id: "new" | "triaged" | "closed"}`` in one query, the same rule as
    :func:`safelog.services.responses.concern_status` (outcomes do not change the status)."""
    session.require(Permission.READ_RECORDS)
    wanted = sorted(set(concern_ids))
    statuses = dict.fromkeys(wanted, "new")
    # SQLite limits bound parameters; chunks keep a 1,000-concern chronology safe.
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        rows = session.conn().execute(
            "SELECT e.concern_id, e.event FROM concern_events AS e WHERE e.id = (SELECT max(id) "
            "FROM concern_events WHERE concern_id = e.concern_id AND event != 'outcome') "
            f"AND e.concern_id IN ({marks})",
            chunk,
        )
        for concern_id, event in rows:
            statuses[int(concern_id)] = "triaged" if event == "reopened" else str(event)
    return statuses
