"""Concerns waiting for triage, a page at a time, for the desktop app's lazy table.

:func:`safelog.services.dashboard.untriaged` gives the first few for the dashboard; the triage
page needs every one, oldest first, fetched in pages as the DSL scrolls, so this adds ``offset``.
No Qt. Thread: any (callers serialise use of a session).
"""

from __future__ import annotations

from safelog.domain.records import Permission
from safelog.domain.timefmt import from_iso
from safelog.services.dashboard import UntriagedConcern
from safelog.services.session import Session

_LATEST = (
    "r.revision = (SELECT max(revision) FROM concern_revisions WHERE concern_id = r.concern_id)"
)
_WAITING = "NOT EXISTS (SELECT 1 FROM concern_events AS e WHERE e.concern_id = r.concern_id)"


def count_untriaged(session: Session) -> int:
    """How many concerns have no triage, outcome or closure event yet."""
    session.require(Permission.READ_RECORDS)
    row = (
        session.conn()
        .execute(f"SELECT count(*) FROM concern_revisions AS r WHERE {_LATEST} AND {_WAITING}")
        .fetchone()
    )
    return int(row[0])


def untriaged_page(session: Session, *, offset: int, limit: int) -> list[UntriagedConcern]:
    """Untriaged concerns, oldest recorded first (ties by number), rows ``offset`` onwards.

    The child shown is the first subject of the latest revision; the order is stable, so pages
    fetched one after another neither repeat nor skip a concern while nothing is triaged.
    """
    session.require(Permission.READ_RECORDS)
    rows = (
        session.conn()
        .execute(
            "SELECT r.concern_id, r.occurred_at, r.recorded_at, cc.child_id, "
            "coalesce(v.preferred_forename, v.legal_forename) || ' ' || "
            "coalesce(v.preferred_surname, v.legal_surname), c.upn, "
            "(SELECT group_concat(category, ',') FROM concern_categories "
            "WHERE revision_id = r.id), r.facts FROM concern_revisions AS r "
            "JOIN concern_children AS cc ON cc.revision_id = r.id AND cc.role = 'subject' "
            "AND cc.child_id = (SELECT min(child_id) FROM concern_children "
            "WHERE revision_id = r.id AND role = 'subject') "
            "JOIN children AS c ON c.id = cc.child_id "
            "JOIN child_versions AS v ON v.child_id = c.id AND v.version = "
            "(SELECT max(version) FROM child_versions WHERE child_id = c.id) "
            f"WHERE {_LATEST} AND {_WAITING} "
            "ORDER BY r.recorded_at, r.concern_id LIMIT ? OFFSET ?",
            (max(0, limit), max(0, offset)),
        )
        .fetchall()
    )
    return [
        UntriagedConcern(
            int(r[0]),
            from_iso(r[1]),
            from_iso(r[2]),
            int(r[3]),
            r[4],
            r[5],
            tuple(r[6].split(",")) if r[6] else (),
            r[7],
        )
        for r in rows
    ]
