"""What the DSL sees first: concerns not yet triaged, what is due and overdue, and counts by
category this term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from safelog.domain.records import DueItem, Permission
from safelog.domain.terms import Term, term_containing
from safelog.domain.timefmt import LONDON, from_iso, today_london
from safelog.services.concerns import count_by_category
from safelog.services.due import due_items
from safelog.services.session import Session

_LATEST = (
    "r.revision = (SELECT max(revision) FROM concern_revisions WHERE concern_id = r.concern_id)"
)


@dataclass(frozen=True)
class UntriagedConcern:
    concern_id: int
    occurred_at: datetime
    recorded_at: datetime
    child_id: int
    child_name: str
    upn: str
    categories: tuple[str, ...]
    facts: str


@dataclass(frozen=True)
class Dashboard:
    today: date
    untriaged: list[UntriagedConcern]
    untriaged_total: int
    due: list[DueItem]
    term: Term
    by_category: dict[str, int]

    @property
    def overdue(self) -> list[DueItem]:
        return [d for d in self.due if d.due_on < self.today]


def untriaged(session: Session, *, limit: int = 200) -> tuple[list[UntriagedConcern], int]:
    """Concerns with no triage, outcome or closure event yet, oldest first (they wait longest)."""
    session.require(Permission.READ_RECORDS)
    conn = session.conn()
    waiting = "NOT EXISTS (SELECT 1 FROM concern_events AS e WHERE e.concern_id = r.concern_id)"
    total = int(
        conn.execute(
            f"SELECT count(*) FROM concern_revisions AS r WHERE {_LATEST} AND {waiting}"
        ).fetchone()[0]
    )
    rows = conn.execute(
        "SELECT r.concern_id, r.occurred_at, r.recorded_at, cc.child_id, "
        "coalesce(v.preferred_forename, v.legal_forename) || ' ' || v.legal_surname, c.upn, "
        "(SELECT group_concat(category, ',') FROM concern_categories WHERE revision_id = r.id), "
        "r.facts FROM concern_revisions AS r "
        "JOIN concern_children AS cc ON cc.revision_id = r.id AND cc.role = 'subject' "
        "JOIN children AS c ON c.id = cc.child_id "
        "JOIN child_versions AS v ON v.child_id = c.id AND v.version = "
        "(SELECT max(version) FROM child_versions WHERE child_id = c.id) "
        f"WHERE {_LATEST} AND {waiting} GROUP BY r.concern_id ORDER BY r.recorded_at LIMIT ?",
        (limit,),
    ).fetchall()
    items = [
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
    return items, total


def dashboard(session: Session, *, today: date | None = None, ahead_days: int = 7) -> Dashboard:
    today = today or today_london()
    items, total = untriaged(session, limit=50)
    term = term_containing(today)
    since = datetime.combine(term.start, datetime.min.time(), tzinfo=LONDON)
    return Dashboard(
        today=today,
        untriaged=items,
        untriaged_total=total,
        due=due_items(session, today + timedelta(days=ahead_days)),
        term=term,
        by_category=count_by_category(session, since=since),
    )
