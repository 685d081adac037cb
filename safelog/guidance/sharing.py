"""The record kept for every information-sharing decision (guidance.md section 1.4).

Golden rule 7: record the decision and the reasons whether or not you share. A
:class:`SharingRecord` is built from a finished :class:`~safelog.guidance.wizard.WizardWalk` plus
whatever was captured after the outcome (``common``), keeps the full walk as ``answers``, and is
stored as JSON through :meth:`SharingRecord.to_dict` / :meth:`SharingRecord.from_dict`.
Who decided, when, and about which children belong to the store's row around it, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from safelog.guidance._data import JsonObject
from safelog.guidance._values import coerce, to_json, unfilled
from safelog.guidance.errors import GuidanceError
from safelog.guidance.graph import Decision, Outcome, WizardGraph
from safelog.guidance.wizard import WalkStep, WizardWalk, load_wizard

RECORD_FORMAT = "safelog.sharing-record/1"

_SHARING = (Decision.SHARE, Decision.SHARE_PARTIAL)
_REASONS_MISSING = {
    Decision.SHARE: "Record the reasons for sharing.",
    Decision.SHARE_PARTIAL: "Record the reasons for sharing only part of the information.",
    Decision.DO_NOT_SHARE: "Record the reasons for not sharing.",
}


class Trigger(StrEnum):
    REQUEST_RECEIVED = "request_received"
    PROACTIVE = "proactive"


class ConsentStatus(StrEnum):
    OBTAINED = "obtained"
    SOUGHT_REFUSED = "sought_refused"
    NOT_SOUGHT = "not_sought"
    NOT_APPLICABLE = "not_applicable"


class InformedOfSharing(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    NOT_INFORMED = "not_informed"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Requester:
    """Who asked, when the trigger was a request."""

    name: str
    agency: str | None = None
    role: str | None = None
    request: str | None = None
    verified: bool | None = None
    verification_method: str | None = None


@dataclass(frozen=True)
class AdviceSought:
    """Advice taken along the way ("seek advice" is open at every step, and is recorded too)."""

    adviser: str
    advice: str
    role: str | None = None
    at: datetime | None = None

    @classmethod
    def parse(cls, obj: object) -> AdviceSought:
        if isinstance(obj, AdviceSought):
            return obj
        if not isinstance(obj, Mapping):
            raise GuidanceError("Each piece of advice must give who advised and what they said.")
        adviser, advice = obj.get("adviser"), obj.get("advice")
        if not (isinstance(adviser, str) and adviser.strip()):
            raise GuidanceError("Record who gave the advice.")
        if not (isinstance(advice, str) and advice.strip()):
            raise GuidanceError("Record what advice was given.")
        at = obj.get("at")
        if isinstance(at, str):
            try:
                at = datetime.fromisoformat(at)
            except ValueError:
                raise GuidanceError("Write when advice was given as YYYY-MM-DD HH:MM.") from None
        if at is not None and not isinstance(at, datetime):
            raise GuidanceError("Write when advice was given as a date and time.")
        role = obj.get("role")
        return cls(adviser=adviser.strip(), advice=advice.strip(), role=role or None, at=at)


def _lines(text: object) -> tuple[str, ...]:
    if not isinstance(text, str):
        return ()
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True, kw_only=True)
class SharingRecord:
    """One information-sharing decision, validated on construction.

    ``decision_reasons`` is always required, also when not sharing. For a share (full or in
    part) of personal data a lawful basis is required, with the Article 9 and Schedule 1
    conditions for special category data, plus what was shared, with whom, when, how and the
    follow-up date. Raises :class:`GuidanceError` naming the first thing missing.
    """

    decision: Decision
    decision_reasons: str
    purpose: str
    trigger: Trigger
    requester: Requester | None = None
    personal_data: bool | None = None
    special_category_data: bool | None = None
    criminal_offence_data: bool = False
    lawful_basis_art6: str | None = None
    lawful_basis_art9: str | None = None
    lawful_basis_sch1: str | None = None
    consent_status: ConsentStatus | None = None
    consent_given_by: str | None = None
    consent_scope: str | None = None
    reason_consent_not_sought: str | None = None
    public_interest_reason: str | None = None
    informed_of_sharing: InformedOfSharing | None = None
    reason_not_informed: str | None = None
    reason_not_informed_detail: str | None = None
    views_of_child_and_family: str | None = None
    advice_sought: tuple[AdviceSought, ...] = ()
    necessity_rationale: str | None = None
    checks: tuple[str, ...] = ()
    items_shared: tuple[str, ...] = ()
    withheld_summary: str | None = None
    withheld_reason: str | None = None
    recipients: tuple[str, ...] = ()
    shared_at: datetime | None = None
    method: str | None = None
    follow_up_due: date | None = None
    emergency: bool = False
    answers: tuple[WalkStep, ...]
    outcome: str
    guidance_version: str

    def __post_init__(self) -> None:
        problem = self._first_problem()
        if problem:
            raise GuidanceError(problem)

    def _first_problem(self) -> str | None:
        if self.decision is Decision.NONE_YET:
            return f"The outcome '{self.outcome}' is not a decision yet, so it cannot be recorded."
        if not self.decision_reasons.strip():
            return _REASONS_MISSING[self.decision]
        if not self.purpose.strip():
            return "Record the purpose of sharing."
        if self.trigger is Trigger.REQUEST_RECEIVED and self.requester is None:
            return "Record who asked for the information."
        if not self.answers:
            return "A sharing record keeps the wizard's answers, and none were given."
        if self.decision not in _SHARING:
            return None
        needed: list[tuple[object, str]] = []
        if self.personal_data is not False:
            needed.append((self.lawful_basis_art6, "Choose the UK GDPR Article 6 lawful basis."))
        if self.special_category_data:
            needed += [
                (self.lawful_basis_art9, "Choose the UK GDPR Article 9 condition."),
                (
                    self.lawful_basis_sch1,
                    "Choose the Data Protection Act 2018 Schedule 1 condition.",
                ),
            ]
        if self.informed_of_sharing is InformedOfSharing.NOT_INFORMED:
            needed.append(
                (self.reason_not_informed, "Record why the child or family were not told.")
            )
        needed += [
            (self.items_shared, "Record what was shared."),
            (self.recipients, "Record who the information was shared with."),
            (self.shared_at, "Record when the information was shared."),
            (self.method, "Record how the information was shared."),
            (self.follow_up_due, "Set a follow-up date."),
        ]
        if self.decision is Decision.SHARE_PARTIAL:
            needed += [
                (self.withheld_summary, "Record what you did not share."),
                (self.withheld_reason, "Record why you held that information back."),
            ]
        for value, message in needed:
            if value is None or value in ("", ()):
                return message
        return None

    def to_dict(self) -> JsonObject:
        """Plain JSON types with ISO dates; the inverse of :meth:`from_dict`."""
        out: JsonObject = {"format": RECORD_FORMAT}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "answers":
                out[name] = [
                    {"node": s.node_id, "answer": s.answer, "details": to_json(s.details)}
                    for s in value
                ]
            elif name == "requester":
                out[name] = None if value is None else to_json(asdict(value))
            elif name == "advice_sought":
                out[name] = [to_json(asdict(a)) for a in value]
            else:
                out[name] = to_json(value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], graph: WizardGraph | None = None) -> SharingRecord:
        """Read a stored record back, checking its answers against the graph it was made with.

        ``graph`` defaults to the packaged wizard named by ``guidance_version``.
        """
        if data.get("format") != RECORD_FORMAT:
            raise GuidanceError("This sharing record was written by a newer version of SafeLog.")
        try:
            graph = graph or load_wizard(str(data["guidance_version"]))
            steps = [(a["node"], a["answer"], a.get("details") or {}) for a in data["answers"]]
            walk = WizardWalk.replay(graph, steps)
            requester = data.get("requester")
            values = {k: v for k, v in data.items() if k != "format"}
            return cls(
                **{
                    **values,
                    "decision": Decision(data["decision"]),
                    "trigger": Trigger(data["trigger"]),
                    "requester": Requester(**requester) if requester else None,
                    "consent_status": _enum(ConsentStatus, data.get("consent_status")),
                    "informed_of_sharing": _enum(
                        InformedOfSharing, data.get("informed_of_sharing")
                    ),
                    "advice_sought": tuple(
                        AdviceSought.parse(a) for a in data.get("advice_sought", [])
                    ),
                    "checks": tuple(data.get("checks", ())),
                    "items_shared": tuple(data.get("items_shared", ())),
                    "recipients": tuple(data.get("recipients", ())),
                    "shared_at": _opt(datetime.fromisoformat, data.get("shared_at")),
                    "follow_up_due": _opt(date.fromisoformat, data.get("follow_up_due")),
                    "answers": tuple(walk.history),
                }
            )
        except GuidanceError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise GuidanceError(f"This sharing record is damaged or incomplete ({exc}).") from exc


def _enum(kind: type[StrEnum], value: object) -> Any:
    return None if value is None else kind(str(value))


def _opt(parse: Any, value: object) -> Any:
    return None if value is None else parse(value)


def _check_common(
    graph: WizardGraph, outcome: Outcome, common: Mapping[str, Any], walk_values: Mapping[str, Any]
) -> dict[str, Any]:
    """Canonical values from the form shown after the outcome; refuses unknown or clashing keys."""
    specs = {f.name: f for f in outcome.fields}
    known = graph.field_names()
    out: dict[str, Any] = {}
    for name, raw in common.items():
        if name == "advice_sought":
            out[name] = tuple(AdviceSought.parse(a) for a in raw or ())
            continue
        if name not in known:
            raise GuidanceError(f"'{name}' is not a field of a sharing record.")
        value = coerce(graph, specs.get(name) or graph.field_spec(name), raw)
        if value is None:
            continue
        if name in walk_values and walk_values[name] != value:
            raise GuidanceError(
                f"'{name}' was given in the wizard and again afterwards with a different value; "
                "keep one."
            )
        out[name] = value
    return out


def build_sharing_record(
    walk: WizardWalk, common: Mapping[str, Any] | None = None
) -> SharingRecord:
    """The record for a finished walk, or :class:`GuidanceError` naming the first gap.

    ``common`` holds what was captured after the outcome: its ``fields`` (the reasons; for an
    emergency, the whole record made afterwards), ``advice_sought`` as a list of
    ``{"adviser", "role", "at", "advice"}``, and any wizard field left empty during the walk.
    Checks run in walking order, then the outcome's fields, then the record's own rules, so the
    message names the first missing thing, e.g. "Record the reasons for not sharing."
    """
    outcome = walk.outcome
    if outcome is None:
        raise GuidanceError(
            "The wizard has not reached an outcome yet; answer the remaining steps."
        )
    if outcome.decision is Decision.NONE_YET:
        raise GuidanceError(
            f"'{outcome.title}' is not a decision yet; act on it, then go back in the wizard "
            "and answer again."
        )
    graph = walk.graph
    walk_values = walk.values
    values = walk_values | _check_common(graph, outcome, common or {}, walk_values)
    for step in walk.history:
        for spec in graph.nodes[step.node_id].fields:
            if spec.is_required(step.answer, values) and unfilled(graph, spec, values):
                raise GuidanceError(spec.missing)
    for spec in outcome.fields:
        if spec.is_required(None, values) and unfilled(graph, spec, values):
            raise GuidanceError(spec.missing)
    return _record(values, outcome, walk)


def _record(values: Mapping[str, Any], outcome: Outcome, walk: WizardWalk) -> SharingRecord:
    def text(name: str) -> str | None:
        value = values.get(name)
        return value if isinstance(value, str) else None

    if values.get("trigger") is None:
        # Every route to a decision records it (N1, or the emergency form); this is a backstop.
        raise GuidanceError("Record whether this was a request or your own decision to share.")
    trigger = Trigger(values["trigger"])
    requester = None
    if trigger is Trigger.REQUEST_RECEIVED and text("requester_name"):
        requester = Requester(
            name=text("requester_name") or "",
            agency=text("requester_agency"),
            role=text("requester_role"),
            request=text("request_details"),
            verified=values.get("requester_verified"),
            verification_method=text("verification_method"),
        )
    return SharingRecord(
        decision=outcome.decision,
        decision_reasons=text("decision_reasons") or "",
        purpose=text("purpose") or "",
        trigger=trigger,
        requester=requester,
        personal_data=values.get("personal_data"),
        special_category_data=values.get("special_category_data"),
        criminal_offence_data=bool(values.get("criminal_offence_data", False)),
        lawful_basis_art6=text("lawful_basis_art6"),
        lawful_basis_art9=text("lawful_basis_art9"),
        lawful_basis_sch1=text("lawful_basis_sch1"),
        consent_status=_enum(ConsentStatus, values.get("consent_status")),
        consent_given_by=text("consent_given_by"),
        consent_scope=text("consent_scope"),
        reason_consent_not_sought=text("reason_consent_not_sought"),
        public_interest_reason=text("public_interest_reason"),
        informed_of_sharing=_enum(InformedOfSharing, values.get("informed_of_sharing")),
        reason_not_informed=text("reason_not_informed"),
        reason_not_informed_detail=text("reason_not_informed_detail"),
        views_of_child_and_family=text("views_of_child_and_family"),
        advice_sought=values.get("advice_sought", ()),
        necessity_rationale=text("necessity_rationale"),
        checks=values.get("checks", ()),
        items_shared=_lines(values.get("items_shared")),
        withheld_summary=text("withheld_summary"),
        withheld_reason=text("withheld_reason"),
        recipients=_lines(values.get("recipients")),
        shared_at=values.get("shared_at"),
        method=text("method"),
        follow_up_due=values.get("follow_up_due"),
        emergency=outcome.emergency,
        answers=tuple(walk.history),
        outcome=outcome.id,
        guidance_version=walk.graph.version_tag,
    )
