"""What an export shows: plain frozen dataclasses the services fill from the vault.

Contract: these are views, not records. They carry already-decided text (names, labels,
wording) and the renderers only lay it out, so the same document renders the same way on any
machine. Times are timezone-aware: ``occurred_at`` in Europe/London (what the adult saw on the
clock), ``recorded_at`` in UTC (the system's clock); the renderers print both in UK local time.
``None`` in an optional field means "the record does not say", and the renderers print
"Not recorded" for it rather than leaving the line out.

Thread: immutable, so safe to build on one thread and render on another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = [
    "AgencyContact",
    "BodyMarkView",
    "ChildDetails",
    "ChildHeader",
    "ChronologyDocument",
    "ChronologyLine",
    "ConcernView",
    "ConsentView",
    "FamilyMember",
    "ParentalRiskFactors",
    "ReferralPackDocument",
    "ReferrerView",
]


def _require_aware(value: datetime | None, what: str) -> None:
    # A naive datetime would be printed as if it were London time whatever it really was;
    # refusing it here finds the bug in the service that built the view, not on paper.
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{what} must be a timezone-aware datetime.")


@dataclass(frozen=True)
class ChildHeader:
    """Who the document is about: printed at the top of the first page."""

    name: str
    preferred_name: str | None
    dob: date
    upn: str
    year_group: str | None
    form: str | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ChronologyLine:
    """One entry: an event, what was done about it and by whom."""

    occurred_at: datetime
    recorded_at: datetime
    kind: str
    what_happened: str
    child_words: str | None
    source: str
    action: str | None
    outcome: str | None
    by_whom: str
    significant: bool
    reference: str

    def __post_init__(self) -> None:
        _require_aware(self.occurred_at, "occurred_at")
        _require_aware(self.recorded_at, "recorded_at")


@dataclass(frozen=True)
class ChronologyDocument:
    """A child's chronology as exported: header facts, entries in order, audit-chain head."""

    school_name: str
    child: ChildHeader
    produced_by: str
    produced_role: str
    produced_at: datetime
    summary_only: bool
    date_from: date | None
    date_to: date | None
    entries: tuple[ChronologyLine, ...]
    audit_head_seq: int
    audit_head_hash: str
    vault_id: str
    demo: bool

    def __post_init__(self) -> None:
        _require_aware(self.produced_at, "produced_at")


# --- Referral pack (MASH multi-agency referral form fields, guidance.md section 5.2) ---------


@dataclass(frozen=True)
class BodyMarkView:
    """A mark on a body map. ``x`` runs 0..1 left to right as you look at the outline,
    ``y`` runs 0..1 from the top of the head to the feet."""

    side: Literal["front", "back"]
    x: float
    y: float
    kind: str
    note: str

    def __post_init__(self) -> None:
        if self.side not in ("front", "back"):
            raise ValueError("side must be 'front' or 'back'.")
        if not (0.0 <= self.x <= 1.0 and 0.0 <= self.y <= 1.0):
            raise ValueError("Body-map coordinates must lie between 0 and 1.")


@dataclass(frozen=True)
class ConcernView:
    """One concern in full, as it was recorded (latest revision)."""

    reference: str
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: str
    location: str | None
    categories: tuple[str, ...]
    what_happened: str
    child_words: str | None
    opinion: str | None
    others_present: str | None
    immediate_action: str | None
    body_marks: tuple[BodyMarkView, ...]

    def __post_init__(self) -> None:
        _require_aware(self.occurred_at, "occurred_at")
        _require_aware(self.recorded_at, "recorded_at")


@dataclass(frozen=True)
class ChildDetails:
    """MARF child details beyond the header; any of them may be unknown."""

    gender: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    first_language: str | None = None
    interpreter_needed: bool | None = None
    communication_needs: str | None = None
    nhs_number: str | None = None
    address: str | None = None
    phone: str | None = None
    gp: str | None = None
    send: str | None = None


@dataclass(frozen=True)
class FamilyMember:
    """Someone in the household or significant to the child."""

    name: str
    relationship: str
    dob: date | None = None
    address: str | None = None
    parental_responsibility: bool | None = None
    lives_with_child: bool | None = None


@dataclass(frozen=True)
class AgencyContact:
    """Another agency or professional already involved."""

    agency: str
    name: str | None = None
    role: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class ConsentView:
    """Consent and awareness. The reason must never be blank when a parent was not told or
    consent was not sought; the renderer flags it when it is."""

    parent_aware: bool | None
    consent_obtained: bool | None
    consent_given_by: str | None
    consent_covers: str | None
    reason_not_informed: str | None
    child_consulted: bool | None


@dataclass(frozen=True)
class ReferrerView:
    """Who is making the referral, and when."""

    name: str
    role: str
    agency: str
    phone: str | None
    email: str | None
    referred_at: datetime | None

    def __post_init__(self) -> None:
        _require_aware(self.referred_at, "referred_at")


@dataclass(frozen=True)
class ParentalRiskFactors:
    """The parental risk factors MASH forms ask about by name; ``None`` means not recorded."""

    domestic_abuse: bool | None = None
    mental_health: bool | None = None
    substance_misuse: bool | None = None
    learning_disability: bool | None = None


@dataclass(frozen=True)
class ReferralPackDocument:
    """Everything a MASH referral needs, filled from the record, plus the chronology."""

    school_name: str
    school_address: str | None
    school_urn: str | None
    dsl_name: str | None
    dsl_contact: str | None
    attendance_summary: str | None
    referral_type: str | None
    urgency: str | None
    phoned_first: bool | None
    phone_spoke_to: str | None
    phone_at: datetime | None
    written_confirmation_due: date | None
    consent: ConsentView
    child: ChildHeader
    child_details: ChildDetails
    household: tuple[FamilyMember, ...]
    significant_others: tuple[FamilyMember, ...]
    absent_parent: str | None
    referrer: ReferrerView
    reason_for_referral: str | None
    concerns: tuple[ConcernView, ...]
    parental_risk: ParentalRiskFactors
    strengths: str | None
    previous_interventions: str | None
    child_voice: str | None
    sharing_decision: tuple[tuple[str, str], ...]
    other_agencies: tuple[AgencyContact, ...]
    chronology: ChronologyDocument
    produced_by: str
    produced_role: str
    produced_at: datetime
    demo: bool

    def __post_init__(self) -> None:
        _require_aware(self.phone_at, "phone_at")
        _require_aware(self.produced_at, "produced_at")
