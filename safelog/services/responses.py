"""The DSL's response: actions with owners and due dates, decisions with reasons (including
reasons for not referring), review dates, triage, outcome and closure. All append-only."""

from __future__ import annotations

from datetime import date
from typing import Any

from safelog.domain.records import Action, ActionKind, Decision, Review, Status
from safelog.domain.timefmt import from_iso, iso, now_utc
from safelog.services.session import Session
from safelog.store.errors import InvalidInput
from safelog.store.header import RECORDS


def _next_id(session: Session, table: str, column: str) -> int:
    row = session.conn().execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()
    return int(row[0])


def add_action(
    session: Session,
    *,
    child_id: int,
    kind: ActionKind,
    description: str,
    owner: str,
    due_on: date | None = None,
    concern_id: int | None = None,
) -> int:
    if not description.strip():
        raise InvalidInput("Describe the action.")
    if not owner.strip():
        raise InvalidInput("Say who owns the action.")
    with session.writing(RECORDS, action="add", object_type="action") as w:
        action_id = _next_id(session, "actions", "action_id")
        w.add(
            "action",
            _action_values(
                session,
                action_id,
                1,
                child_id,
                concern_id,
                kind,
                description,
                owner,
                due_on,
                Status.OPEN,
                None,
                None,
            ),
        )
        w.object_id = action_id
    return action_id


def _action_values(
    session: Session,
    action_id: int,
    revision: int,
    child_id: int,
    concern_id: int | None,
    kind: ActionKind,
    description: str,
    owner: str,
    due_on: date | None,
    status: Status,
    outcome: str | None,
    reason: str | None,
) -> dict[str, Any]:
    return {
        "action_id": action_id,
        "revision": revision,
        "child_id": child_id,
        "concern_id": concern_id,
        "kind": kind.value,
        "description": description.strip(),
        "owner": owner.strip(),
        "due_on": due_on.isoformat() if due_on else None,
        "status": status.value,
        "outcome": outcome,
        "reason": reason,
        "recorded_at": iso(now_utc()),
        "recorded_by": session.user_id,
    }


def complete_action(
    session: Session, action_id: int, *, outcome: str, status: Status = Status.DONE
) -> None:
    current = action(session, action_id)
    if current.status is not Status.OPEN:
        raise InvalidInput(f"Action {action_id} is already {current.status.value}.")
    with session.writing(RECORDS, action="complete", object_type="action") as w:
        w.add(
            "action",
            _action_values(
                session,
                action_id,
                current.revision + 1,
                current.child_id,
                current.concern_id,
                current.kind,
                current.description,
                current.owner,
                current.due_on,
                status,
                outcome.strip() or None,
                "completed",
            ),
        )
        w.object_id = action_id


def action(session: Session, action_id: int) -> Action:
    found = _actions(session, "a.action_id = ?", [action_id])
    if not found:
        raise InvalidInput(f"There is no action number {action_id}.")
    return found[0]


def actions_for_child(session: Session, child_id: int) -> list[Action]:
    return _actions(session, "a.child_id = ?", [child_id])


def _actions(session: Session, where: str, args: list[Any]) -> list[Action]:
    rows = (
        session.conn()
        .execute(
            "SELECT action_id, revision, child_id, concern_id, kind, description, owner, due_on, "
            "status, outcome, recorded_at, recorded_by FROM actions AS a WHERE "
            + where
            + " AND a.revision = (SELECT max(revision) FROM actions WHERE action_id = a.action_id) "
            "ORDER BY a.action_id",
            args,
        )
        .fetchall()
    )
    return [
        Action(
            int(r[0]),
            int(r[1]),
            int(r[2]),
            r[3],
            ActionKind(r[4]),
            r[5],
            r[6],
            date.fromisoformat(r[7]) if r[7] else None,
            Status(r[8]),
            r[9],
            from_iso(r[10]),
            r[11],
        )
        for r in rows
    ]


def record_decision(
    session: Session, *, child_id: int, decision: str, reasons: str, concern_id: int | None = None
) -> int:
    """Reasons are required whatever the decision: KCSIE Annex C and golden rule 7."""
    if not decision.strip():
        raise InvalidInput("Write the decision.")
    if not reasons.strip():
        raise InvalidInput("Record the reasons for the decision (also when not referring).")
    with session.writing(RECORDS, action="decide", object_type="decision") as w:
        decision_id = _next_id(session, "decisions", "decision_id")
        w.add(
            "decision",
            {
                "decision_id": decision_id,
                "revision": 1,
                "child_id": child_id,
                "concern_id": concern_id,
                "decision": decision.strip(),
                "reasons": reasons.strip(),
                "decided_at": iso(now_utc()),
                "decided_by": session.user_id,
                "reason": None,
            },
        )
        w.object_id = decision_id
    return decision_id


def decisions_for_child(session: Session, child_id: int) -> list[Decision]:
    rows = (
        session.conn()
        .execute(
            "SELECT decision_id, revision, child_id, concern_id, decision, reasons, decided_at, "
            "decided_by FROM decisions AS d WHERE child_id = ? AND d.revision = (SELECT "
            "max(revision) FROM decisions WHERE decision_id = d.decision_id) ORDER BY decided_at",
            (child_id,),
        )
        .fetchall()
    )
    return [
        Decision(int(r[0]), int(r[1]), int(r[2]), r[3], r[4], r[5], from_iso(r[6]), r[7])
        for r in rows
    ]


def set_review(
    session: Session,
    *,
    child_id: int,
    due_on: date,
    kind: str = "concern",
    concern_id: int | None = None,
    note: str | None = None,
) -> int:
    with session.writing(RECORDS, action="schedule", object_type="review") as w:
        review_id = _next_id(session, "reviews", "review_id")
        w.add(
            "review",
            {
                "review_id": review_id,
                "revision": 1,
                "child_id": child_id,
                "concern_id": concern_id,
                "kind": kind,
                "due_on": due_on.isoformat(),
                "status": Status.OPEN.value,
                "note": note,
                "reason": None,
                "recorded_at": iso(now_utc()),
                "recorded_by": session.user_id,
            },
        )
        w.object_id = review_id
    return review_id


def complete_review(session: Session, review_id: int, *, note: str) -> None:
    current = review(session, review_id)
    if current.status is not Status.OPEN:
        raise InvalidInput(f"Review {review_id} is already {current.status.value}.")
    with session.writing(RECORDS, action="complete", object_type="review") as w:
        w.add(
            "review",
            {
                "review_id": review_id,
                "revision": current.revision + 1,
                "child_id": current.child_id,
                "concern_id": current.concern_id,
                "kind": current.kind,
                "due_on": current.due_on.isoformat(),
                "status": Status.DONE.value,
                "note": note.strip() or None,
                "reason": "reviewed",
                "recorded_at": iso(now_utc()),
                "recorded_by": session.user_id,
            },
        )
        w.object_id = review_id


def review(session: Session, review_id: int) -> Review:
    found = _reviews(session, "r.review_id = ?", [review_id])
    if not found:
        raise InvalidInput(f"There is no review number {review_id}.")
    return found[0]


def reviews_for_child(session: Session, child_id: int) -> list[Review]:
    return _reviews(session, "r.child_id = ?", [child_id])


def _reviews(session: Session, where: str, args: list[Any]) -> list[Review]:
    rows = (
        session.conn()
        .execute(
            "SELECT review_id, revision, child_id, concern_id, kind, due_on, status, note "
            "FROM reviews AS r WHERE " + where + " AND r.revision = (SELECT max(revision) FROM "
            "reviews WHERE review_id = r.review_id) ORDER BY r.due_on",
            args,
        )
        .fetchall()
    )
    return [
        Review(
            int(r[0]),
            int(r[1]),
            int(r[2]),
            r[3],
            r[4],
            date.fromisoformat(r[5]),
            Status(r[6]),
            r[7],
        )
        for r in rows
    ]


CONCERN_EVENTS = ("triaged", "outcome", "closed", "reopened")


def concern_event(session: Session, concern_id: int, event: str, detail: str | None = None) -> None:
    """Triage, outcome, closure (with its reason) or reopening of a concern."""
    if event not in CONCERN_EVENTS:
        raise InvalidInput(f"'{event}' is not something that happens to a concern.")
    if event in ("closed", "outcome") and not (detail or "").strip():
        raise InvalidInput(
            "Say what the outcome is."
            if event == "outcome"
            else "Give the reason for closing the concern."
        )
    with session.writing(RECORDS, action=event, object_type="concern") as w:
        w.add(
            "concern_event",
            {
                "concern_id": concern_id,
                "event": event,
                "detail": (detail or "").strip() or None,
                "at": iso(now_utc()),
                "recorded_by": session.user_id,
            },
        )
        w.object_id = concern_id


def concern_status(session: Session, concern_id: int) -> str:
    """new, triaged or closed: the latest of the concern's events that changes its state."""
    row = (
        session.conn()
        .execute(
            "SELECT event FROM concern_events WHERE concern_id = ? AND event != 'outcome' "
            "ORDER BY id DESC LIMIT 1",
            (concern_id,),
        )
        .fetchone()
    )
    if row is None:
        return "new"
    return {"reopened": "triaged"}.get(row[0], row[0])
