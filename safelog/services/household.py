"""Family and household members of a child (with parental responsibility), as revisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safelog.domain.timefmt import iso, now_utc
from safelog.services.session import Session
from safelog.store.errors import InvalidInput
from safelog.store.header import RECORDS


@dataclass(frozen=True)
class HouseholdMember:
    member_id: int
    revision: int
    child_id: int
    name: str
    relationship: str
    dob: date | None
    lives_with_child: bool
    parental_responsibility: bool
    contact: str | None
    notes: str | None
    linked_child_id: int | None


def save_member(
    session: Session,
    *,
    child_id: int,
    name: str,
    relationship: str,
    dob: date | None = None,
    lives_with_child: bool = True,
    parental_responsibility: bool = False,
    contact: str | None = None,
    notes: str | None = None,
    linked_child_id: int | None = None,
    member_id: int | None = None,
    reason: str | None = None,
) -> int:
    """Add a member, or (with ``member_id`` and a reason) record a new revision of one."""
    if not name.strip() or not relationship.strip():
        raise InvalidInput("Give the family member's name and relationship to the child.")
    if member_id is not None and not (reason or "").strip():
        raise InvalidInput("Say why this family member's details are changing.")
    with session.writing(RECORDS, action="household", object_type="child") as w:
        if member_id is None:
            member_id = int(
                w.conn.execute(
                    "SELECT coalesce(max(member_id), 0) + 1 FROM household_members"
                ).fetchone()[0]
            )
            revision = 1
        else:
            row = w.conn.execute(
                "SELECT max(revision) FROM household_members WHERE member_id = ? AND child_id = ?",
                (member_id, child_id),
            ).fetchone()
            if row[0] is None:
                raise InvalidInput(f"There is no family member number {member_id}.")
            revision = int(row[0]) + 1
        w.add(
            "household_member",
            {
                "member_id": member_id,
                "revision": revision,
                "child_id": child_id,
                "name": name.strip(),
                "relationship": relationship.strip(),
                "dob": dob.isoformat() if dob else None,
                "lives_with_child": lives_with_child,
                "parental_responsibility": parental_responsibility,
                "contact": (contact or "").strip() or None,
                "notes": (notes or "").strip() or None,
                "linked_child_id": linked_child_id,
                "status": "current",
                "reason": (reason or "").strip() or None,
                "recorded_at": iso(now_utc()),
                "recorded_by": session.user_id,
            },
        )
        w.object_id = child_id
        w.payload = {"member": member_id, "revision": revision}
    return member_id


def household(session: Session, child_id: int) -> list[HouseholdMember]:
    rows = (
        session.conn()
        .execute(
            "SELECT member_id, revision, child_id, name, relationship, dob, lives_with_child, "
            "parental_responsibility, contact, notes, linked_child_id FROM household_members AS h "
            "WHERE child_id = ? AND status = 'current' AND revision = (SELECT max(revision) FROM "
            "household_members WHERE member_id = h.member_id) ORDER BY lives_with_child DESC, "
            "member_id",
            (child_id,),
        )
        .fetchall()
    )
    return [
        HouseholdMember(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            date.fromisoformat(r[5]) if r[5] else None,
            bool(r[6]),
            bool(r[7]),
            r[8],
            r[9],
            r[10],
        )
        for r in rows
    ]
