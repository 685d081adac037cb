"""A child's chronology: every concern, action, decision and outcome in time order.

Opening it is a read of the child's file, so it is an audit event. The summary keeps what a
MASH needs first: significant concerns, decisions, referrals and outcomes.
"""

from __future__ import annotations

from datetime import date

from safelog.domain.records import ActionKind, ChronologyEntry, Permission
from safelog.services import concerns, referrals, responses, sharing
from safelog.services.children import child_by_id
from safelog.services.session import Session
from safelog.services.users import user_names
from safelog.store.header import RECORDS

_KEY_ACTIONS = {
    ActionKind.REFERRAL_SOCIAL_CARE,
    ActionKind.POLICE,
    ActionKind.LADO,
    ActionKind.EARLY_HELP,
}


def chronology(
    session: Session,
    child_id: int,
    *,
    summary: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    audit: bool = True,
) -> list[ChronologyEntry]:
    session.require(Permission.READ_RECORDS)
    child = child_by_id(session, child_id)
    names = user_names(session)
    entries: list[ChronologyEntry] = []
    for c in concerns.concerns_for_child(session, child_id):
        role = next((i.role for i in c.draft.children if i.child_id == child_id), None)
        source = "Concern" + (
            f" ({role.label.lower()})" if role and role.value != "subject" else ""
        )
        entries.append(
            ChronologyEntry(
                occurred_at=c.draft.occurred_at,
                recorded_at=c.recorded_at,
                kind="concern",
                summary=c.draft.facts,
                child_words=c.draft.child_words,
                source=source,
                action=c.draft.immediate_action,
                outcome=None,
                by_whom=names.get(c.recorded_by, c.recorded_by),
                significant=c.draft.significant,
                reference=f"C{c.concern_id}" + (f" rev {c.revision}" if c.revision > 1 else ""),
                categories=c.draft.categories,
            )
        )
    for a in responses.actions_for_child(session, child_id):
        entries.append(
            ChronologyEntry(
                occurred_at=a.recorded_at,
                recorded_at=a.recorded_at,
                kind="action",
                summary=f"{a.kind.label}: {a.description}",
                child_words=None,
                source="DSL action",
                action=f"Owner {a.owner}" + (f", due {a.due_on:%d/%m/%Y}" if a.due_on else ""),
                outcome=a.outcome,
                by_whom=names.get(a.recorded_by, a.recorded_by),
                significant=a.kind in _KEY_ACTIONS,
                reference=f"A{a.action_id}",
            )
        )
    for d in responses.decisions_for_child(session, child_id):
        entries.append(
            ChronologyEntry(
                occurred_at=d.decided_at,
                recorded_at=d.decided_at,
                kind="decision",
                summary=d.decision,
                child_words=None,
                source="DSL decision",
                action=None,
                outcome=f"Reasons: {d.reasons}",
                by_whom=names.get(d.decided_by, d.decided_by),
                significant=True,
                reference=f"D{d.decision_id}",
            )
        )
    for f in referrals.referrals_for_child(session, child_id):
        action = ", ".join(
            x
            for x in (
                f"spoke to {f.spoke_to}" if f.spoke_to else "",
                f"reference {f.reference}" if f.reference else "",
            )
            if x
        )
        outcome = f.outcome.label if f.outcome else "Outcome not yet recorded"
        if f.outcome_note:
            outcome += f": {f.outcome_note}"
        entries.append(
            ChronologyEntry(
                occurred_at=f.referred_at,
                recorded_at=f.referred_at,
                kind="referral",
                summary=f"Referral to {f.agency.label}" + (f": {f.summary}" if f.summary else ""),
                child_words=None,
                source="DSL referral",
                action=action or None,
                outcome=outcome,
                by_whom=names.get(f.recorded_by, f.recorded_by),
                significant=True,
                reference=f"F{f.referral_id}",
            )
        )
    for s in sharing.sharing_for_child(session, child_id):
        reasons = s.record.get("decision_reasons") or ""
        entries.append(
            ChronologyEntry(
                occurred_at=s.decided_at,
                recorded_at=s.decided_at,
                kind="information sharing",
                summary=f"Information-sharing decision: {s.decision.replace('_', ' ')}",
                child_words=None,
                source="Information-sharing wizard",
                action=None,
                outcome=f"Reasons: {reasons}" if reasons else None,
                by_whom=names.get(s.decided_by, s.decided_by),
                significant=True,
                reference=f"S{s.sharing_id}",
            )
        )
    if summary:
        entries = [e for e in entries if e.significant]
    if date_from is not None:
        entries = [e for e in entries if e.occurred_at.date() >= date_from]
    if date_to is not None:
        entries = [e for e in entries if e.occurred_at.date() <= date_to]
    entries.sort(key=lambda e: (e.occurred_at, e.recorded_at, e.reference))
    if audit:
        session.audit(
            RECORDS,
            action="read",
            object_type="child",
            object_id=child.child_id,
            payload={"view": "summary chronology" if summary else "chronology"},
        )
    return entries
