"""What SafeLog records, as plain frozen dataclasses and enums. No storage, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from safelog.domain.pupils import ChildFlag


class Role(StrEnum):
    DSL = "dsl"
    DEPUTY = "deputy"
    HEAD = "head"
    GOVERNOR = "governor"
    RECOVERY = "recovery"

    @property
    def label(self) -> str:
        return {
            Role.DSL: "Designated Safeguarding Lead",
            Role.DEPUTY: "Deputy DSL",
            Role.HEAD: "Headteacher",
            Role.GOVERNOR: "Governor",
            Role.RECOVERY: "Recovery key",
        }[self]

    @property
    def noun(self) -> str:
        """How a sentence names someone in this role: "A deputy DSL cannot …"."""
        return {
            Role.DSL: "a DSL",
            Role.DEPUTY: "a deputy DSL",
            Role.HEAD: "a headteacher",
            Role.GOVERNOR: "a governor",
            Role.RECOVERY: "the recovery key",
        }[self]


class Permission(StrEnum):
    READ_RECORDS = "read records"
    WRITE_RECORDS = "write records"
    EXPORT = "export"
    MANAGE_USERS = "manage users"
    READ_GOVERNANCE = "read governance"
    ALLEGATIONS = "allegations"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.DSL: frozenset(Permission),
    Role.RECOVERY: frozenset(Permission),
    # Allegations against staff are for the DSL and the head (the case manager) only.
    Role.DEPUTY: frozenset(Permission) - {Permission.MANAGE_USERS, Permission.ALLEGATIONS},
    Role.HEAD: frozenset(
        {
            Permission.READ_RECORDS,
            Permission.EXPORT,
            Permission.READ_GOVERNANCE,
            Permission.ALLEGATIONS,
        }
    ),
    Role.GOVERNOR: frozenset({Permission.READ_GOVERNANCE}),
}


class ConcernRole(StrEnum):
    """A child's part in a concern, so a child who harmed another is never filed as a victim."""

    SUBJECT = "subject"
    WITNESS = "witness"
    ALLEGED_PERPETRATOR = "alleged_perpetrator"

    @property
    def label(self) -> str:
        return {
            ConcernRole.SUBJECT: "Subject of the concern",
            ConcernRole.WITNESS: "Witness",
            ConcernRole.ALLEGED_PERPETRATOR: "Alleged perpetrator",
        }[self]


class ActionKind(StrEnum):
    SPOKE_TO_CHILD = "spoke_to_child"
    SPOKE_TO_PARENT = "spoke_to_parent"
    MASH_ADVICE = "mash_advice"
    EARLY_HELP = "early_help"
    REFERRAL_SOCIAL_CARE = "referral_social_care"
    POLICE = "police"
    LADO = "lado"
    MONITOR = "monitor"
    NO_FURTHER_ACTION = "no_further_action"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    ActionKind.SPOKE_TO_CHILD: "Spoke to the child",
    ActionKind.SPOKE_TO_PARENT: "Spoke to parent or carer",
    ActionKind.MASH_ADVICE: "Consulted the MASH advice line",
    ActionKind.EARLY_HELP: "Early help",
    ActionKind.REFERRAL_SOCIAL_CARE: "Referral to children's social care",
    ActionKind.POLICE: "Police",
    ActionKind.LADO: "LADO",
    ActionKind.MONITOR: "Monitor",
    ActionKind.NO_FURTHER_ACTION: "No further action",
    ActionKind.OTHER: "Other",
}


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ChildDetails:
    """A child as the latest version of their details says."""

    child_id: int
    upn: str
    legal_surname: str
    legal_forename: str
    preferred_forename: str | None
    preferred_surname: str | None
    dob: date
    gender: str | None
    year_group: str | None
    form: str | None
    admission_date: date | None
    flags: frozenset[ChildFlag]
    on_roll: bool
    version: int

    @property
    def display_name(self) -> str:
        forename = self.preferred_forename or self.legal_forename
        surname = self.preferred_surname or self.legal_surname
        return f"{forename} {surname}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_forename} {self.legal_surname}"


@dataclass(frozen=True)
class Involvement:
    child_id: int
    role: ConcernRole


@dataclass(frozen=True)
class ConcernDraft:
    """What a person writes when logging (or correcting) a concern."""

    children: tuple[Involvement, ...]
    occurred_at: datetime
    categories: tuple[str, ...]
    facts: str
    child_words: str | None = None
    opinion: str | None = None
    location: str | None = None
    others_present: str | None = None
    immediate_action: str | None = None
    dsl_told: bool = False
    significant: bool = False
    body_marks: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True)
class Concern:
    """One revision of a concern, as stored."""

    concern_id: int
    revision: int
    revision_row: int
    draft: ConcernDraft
    recorded_at: datetime
    recorded_by: str
    reason: str | None
    status: str = "new"


@dataclass(frozen=True)
class Action:
    action_id: int
    revision: int
    child_id: int
    concern_id: int | None
    kind: ActionKind
    description: str
    owner: str
    due_on: date | None
    status: Status
    outcome: str | None
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class Decision:
    decision_id: int
    revision: int
    child_id: int
    concern_id: int | None
    decision: str
    reasons: str
    decided_at: datetime
    decided_by: str


@dataclass(frozen=True)
class Review:
    review_id: int
    revision: int
    child_id: int
    concern_id: int | None
    kind: str
    due_on: date
    status: Status
    note: str | None


@dataclass(frozen=True)
class ChronologyEntry:
    """One line of a child's chronology, from whichever record it came."""

    occurred_at: datetime
    recorded_at: datetime
    kind: str
    summary: str
    child_words: str | None
    source: str
    action: str | None
    outcome: str | None
    by_whom: str
    significant: bool
    reference: str
    categories: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DueItem:
    kind: str
    due_on: date
    child_id: int | None
    upn: str | None
    child_name: str | None
    description: str
    reference: str

    def overdue(self, today: date) -> bool:
        return self.due_on < today
