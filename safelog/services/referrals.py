"""Referrals to children's social care / MASH, police, LADO and early help, with the
one-working-day follow-up Working Together expects, the outcome when it comes, and escalation
when it is late. Each change is a new revision of the referral."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from safelog.domain.timefmt import from_iso, iso, now_utc, today_london
from safelog.domain.workdays import referral_follow_up_due
from safelog.services.session import Session
from safelog.store.errors import InvalidInput
from safelog.store.header import RECORDS


class Agency(StrEnum):
    MASH = "mash"
    POLICE = "police"
    LADO = "lado"
    EARLY_HELP = "early_help"

    @property
    def label(self) -> str:
        return {
            Agency.MASH: "Children's social care / MASH",
            Agency.POLICE: "Police",
            Agency.LADO: "LADO",
            Agency.EARLY_HELP: "Early help",
        }[self]

    @classmethod
    def parse(cls, text: str) -> Agency:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            raise InvalidInput(
                f"'{text}' is not an agency; use mash, police, lado or early-help."
            ) from None


class ReferralOutcome(StrEnum):
    NO_FURTHER_ACTION = "no_further_action"
    EARLY_HELP = "early_help"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION = "child_protection"
    STRATEGY_DISCUSSION = "strategy_discussion"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            ReferralOutcome.NO_FURTHER_ACTION: "No further action",
            ReferralOutcome.EARLY_HELP: "Early help",
            ReferralOutcome.CHILD_IN_NEED: "Child in need (s17)",
            ReferralOutcome.CHILD_PROTECTION: "Child protection enquiry (s47)",
            ReferralOutcome.STRATEGY_DISCUSSION: "Strategy discussion",
            ReferralOutcome.OTHER: "Other",
        }[self]


@dataclass(frozen=True)
class Referral:
    referral_id: int
    revision: int
    child_id: int
    concern_id: int | None
    agency: Agency
    referred_at: datetime
    reference: str | None
    spoke_to: str | None
    summary: str | None
    follow_up_due: date
    outcome: ReferralOutcome | None
    outcome_at: datetime | None
    outcome_note: str | None
    escalated_at: datetime | None
    escalation_note: str | None
    recorded_by: str

    def late(self, today: date) -> bool:
        """No outcome by the end of the follow-up day: time to chase and, if need be, escalate."""
        return self.outcome is None and today > self.follow_up_due


_COLUMNS = (
    "referral_id, revision, child_id, concern_id, agency, referred_at, reference, spoke_to, "
    "summary, follow_up_due, outcome, outcome_at, outcome_note, escalated_at, escalation_note, "
    "recorded_by"
)


def _row(r: Any) -> Referral:
    return Referral(
        int(r[0]),
        int(r[1]),
        int(r[2]),
        r[3],
        Agency(r[4]),
        from_iso(r[5]),
        r[6],
        r[7],
        r[8],
        date.fromisoformat(r[9]),
        ReferralOutcome(r[10]) if r[10] else None,
        from_iso(r[11]) if r[11] else None,
        r[12],
        from_iso(r[13]) if r[13] else None,
        r[14],
        r[15],
    )


def _write(session: Session, values: dict[str, Any], action: str) -> None:
    with session.writing(RECORDS, action=action, object_type="referral") as w:
        if values["referral_id"] is None:
            values["referral_id"] = int(
                w.conn.execute(
                    "SELECT coalesce(max(referral_id), 0) + 1 FROM referrals"
                ).fetchone()[0]
            )
        w.add("referral", {**values, "recorded_at": iso(now_utc()), "recorded_by": session.user_id})
        w.object_id = values["referral_id"]
        w.payload = {"child": values["child_id"], "agency": values["agency"]}


def add_referral(
    session: Session,
    *,
    child_id: int,
    agency: Agency,
    referred_at: datetime,
    reference: str | None = None,
    spoke_to: str | None = None,
    summary: str | None = None,
    concern_id: int | None = None,
) -> Referral:
    if referred_at.tzinfo is None:
        raise InvalidInput("The referral time needs its time zone.")
    if referred_at > now_utc():
        raise InvalidInput("A referral cannot be made in the future; check the date and time.")
    values: dict[str, Any] = {
        "referral_id": None,
        "revision": 1,
        "child_id": child_id,
        "concern_id": concern_id,
        "agency": agency.value,
        "referred_at": iso(referred_at),
        "reference": (reference or "").strip() or None,
        "spoke_to": (spoke_to or "").strip() or None,
        "summary": (summary or "").strip() or None,
        "follow_up_due": referral_follow_up_due(referred_at.date()).isoformat(),
        "outcome": None,
        "outcome_at": None,
        "outcome_note": None,
        "escalated_at": None,
        "escalation_note": None,
        "reason": None,
    }
    _write(session, values, "refer")
    return referral(session, int(values["referral_id"]))


def _revise(
    session: Session, referral_id: int, changes: dict[str, Any], reason: str, action: str
) -> Referral:
    current = session.conn().execute(
        "SELECT * FROM referrals WHERE referral_id = ? ORDER BY revision DESC LIMIT 1",
        (referral_id,),
    )
    names = [d[0] for d in current.description]
    row = current.fetchone()
    if row is None:
        raise InvalidInput(f"There is no referral number {referral_id}.")
    values = {
        n: v
        for n, v in zip(names, row, strict=True)
        if n not in ("id", "recorded_at", "recorded_by")
    }
    values.update(changes, revision=values["revision"] + 1, reason=reason)
    _write(session, values, action)
    return referral(session, referral_id)


def record_outcome(
    session: Session,
    referral_id: int,
    outcome: ReferralOutcome,
    *,
    note: str | None = None,
    at: datetime | None = None,
) -> Referral:
    if referral(session, referral_id).outcome is not None:
        raise InvalidInput(f"Referral {referral_id} already has its outcome; correct it instead.")
    return _revise(
        session,
        referral_id,
        {
            "outcome": outcome.value,
            "outcome_at": iso(at or now_utc()),
            "outcome_note": (note or "").strip() or None,
        },
        "outcome received",
        "outcome",
    )


def escalate(session: Session, referral_id: int, note: str) -> Referral:
    if not note.strip():
        raise InvalidInput("Say how the referral was escalated and to whom.")
    return _revise(
        session,
        referral_id,
        {"escalated_at": iso(now_utc()), "escalation_note": note.strip()},
        "escalated",
        "escalate",
    )


def referral(session: Session, referral_id: int) -> Referral:
    row = (
        session.conn()
        .execute(
            f"SELECT {_COLUMNS} FROM referrals WHERE referral_id = ? "
            "ORDER BY revision DESC LIMIT 1",
            (referral_id,),
        )
        .fetchone()
    )
    if row is None:
        raise InvalidInput(f"There is no referral number {referral_id}.")
    return _row(row)


def referrals_for_child(session: Session, child_id: int) -> list[Referral]:
    rows = (
        session.conn()
        .execute(
            f"SELECT {_COLUMNS} FROM referrals AS f WHERE child_id = ? AND revision = (SELECT "
            "max(revision) FROM referrals WHERE referral_id = f.referral_id) ORDER BY referred_at",
            (child_id,),
        )
        .fetchall()
    )
    return [_row(r) for r in rows]


def awaiting_outcome(session: Session, until: date | None = None) -> list[Referral]:
    """Open referrals whose follow-up is due by ``until`` (all open ones if None)."""
    sql = (
        f"SELECT {_COLUMNS} FROM referrals AS f WHERE outcome IS NULL AND revision = (SELECT "
        "max(revision) FROM referrals WHERE referral_id = f.referral_id)"
    )
    args: list[Any] = []
    if until is not None:
        sql += " AND follow_up_due <= ?"
        args.append(until.isoformat())
    rows = session.conn().execute(sql + " ORDER BY follow_up_due, referral_id", args).fetchall()
    return [_row(r) for r in rows]


def late_referrals(session: Session) -> list[Referral]:
    today = today_london()
    return [r for r in awaiting_outcome(session) if r.late(today)]
