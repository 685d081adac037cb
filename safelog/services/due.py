"""Everything due by a date: open reviews and open actions with a due date."""

from __future__ import annotations

from datetime import date

from safelog.domain.records import DueItem, Permission
from safelog.domain.timefmt import today_london
from safelog.services.children import child_by_id
from safelog.services.referrals import awaiting_outcome
from safelog.services.session import Session

_NAME = (
    "coalesce(v.preferred_forename, v.legal_forename) || ' ' || "
    "coalesce(v.preferred_surname, v.legal_surname)"
)
_CHILD_JOIN = (
    "JOIN children AS c ON c.id = x.child_id JOIN child_versions AS v ON "
    "v.child_id = c.id AND v.version = (SELECT max(version) FROM child_versions "
    "WHERE child_id = c.id)"
)


def due_items(session: Session, until: date) -> list[DueItem]:
    session.require(Permission.READ_RECORDS)
    conn = session.conn()
    items: list[DueItem] = []
    for r in conn.execute(
        f"SELECT x.review_id, x.kind, x.due_on, x.child_id, c.upn, {_NAME}, x.note, "
        f"x.concern_id FROM reviews AS x {_CHILD_JOIN} WHERE x.status = 'open' AND "
        "x.revision = (SELECT max(revision) FROM reviews WHERE review_id = x.review_id) "
        "AND x.due_on <= ?",
        (until.isoformat(),),
    ):
        about = f" of concern C{r[7]}" if r[7] else ""
        items.append(
            DueItem(
                kind="review",
                due_on=date.fromisoformat(r[2]),
                child_id=r[3],
                upn=r[4],
                child_name=r[5],
                description=f"Review{about}" + (f": {r[6]}" if r[6] else ""),
                reference=f"R{r[0]}",
            )
        )
    for r in conn.execute(
        f"SELECT x.action_id, x.description, x.due_on, x.child_id, c.upn, {_NAME}, x.owner "
        f"FROM actions AS x {_CHILD_JOIN} WHERE x.status = 'open' AND x.due_on IS NOT NULL "
        "AND x.revision = (SELECT max(revision) FROM actions WHERE action_id = x.action_id) "
        "AND x.due_on <= ?",
        (until.isoformat(),),
    ):
        items.append(
            DueItem(
                kind="action",
                due_on=date.fromisoformat(r[2]),
                child_id=r[3],
                upn=r[4],
                child_name=r[5],
                description=f"{r[1]} (owner {r[6]})",
                reference=f"A{r[0]}",
            )
        )
    today = today_london()
    for f in awaiting_outcome(session, until):
        child = child_by_id(session, f.child_id)
        late = " Late: chase it and, if need be, escalate." if f.late(today) else ""
        ref = f" (reference {f.reference})" if f.reference else ""
        items.append(
            DueItem(
                kind="referral_follow_up",
                due_on=f.follow_up_due,
                child_id=f.child_id,
                upn=child.upn,
                child_name=child.display_name,
                description=f"Referral to {f.agency.label} on {f.referred_at:%d/%m/%Y}{ref}: "
                f"the decision is expected by the end of {f.follow_up_due:%d/%m/%Y}." + late,
                reference=f"F{f.referral_id}",
            )
        )
    items.sort(key=lambda i: (i.due_on, i.kind, i.reference))
    return items
