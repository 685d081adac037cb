"""Fictional export documents for tests, benchmarks and the demo: nobody here is real.

Contract: the same arguments always give the same document (no randomness, no clock), so
rendered pages can be compared across runs. Names deliberately need more than Latin-1:
Łukasz, Siobhán, Zoë, Nguyễn, Ødegård.

Thread: pure functions; safe anywhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from safelog.export._text import LONDON
from safelog.export.model import (
    AgencyContact,
    BodyMarkView,
    ChildDetails,
    ChildHeader,
    ChronologyDocument,
    ChronologyLine,
    ConcernView,
    ConsentView,
    FamilyMember,
    ParentalRiskFactors,
    ReferralPackDocument,
    ReferrerView,
)

__all__ = ["SAMPLE_CHILD_WORDS", "SAMPLE_NAMES", "sample_chronology", "sample_referral_pack"]

SAMPLE_NAMES = ("Łukasz", "Siobhán", "Zoë", "Nguyễn", "Ødegård")
SAMPLE_CHILD_WORDS = "He said I'm not allowed to tell & if I do <he'll> take my tablet away."
_PRODUCED_AT = datetime(2025, 3, 14, 15, 42, tzinfo=LONDON)
_STAFF = ("Siobhán Ní Bhriain", "Thi Mai Nguyễn", "Zoë Haddad", "Ødegård, Ingrid")

_KINDS: tuple[tuple[str, str, str | None, str, str | None, str | None], ...] = (
    (
        "Concern",
        "Arrived at breakfast club without a coat in heavy rain; ate two portions and said "
        "there had been no tea at home the night before.",
        None,
        "Breakfast club lead",
        "Spoke to Łukasz; logged on SafeLog; DSL informed in person.",
        "Monitor; check in at lunchtime.",
    ),
    (
        "Disclosure",
        "During a reading session Łukasz became upset and said the following without being "
        "asked. Staff member listened, did not ask leading questions and wrote the words down "
        "straight after.",
        SAMPLE_CHILD_WORDS,
        "Class teacher",
        "DSL consulted; MASH advice line called; parent not told first (risk to child).",
        "MASH advised a referral; referral made the same day.",
    ),
    (
        "Contact with parent",
        "Phoned mother about lateness and missing PE kit.",
        None,
        "DSL",
        "Offered breakfast club place and uniform from the pre-loved rail.",
        None,
    ),
    (
        "Referral to MASH",
        "Written referral sent through the secure portal after the phone call.",
        None,
        "DSL",
        "Referral pack exported and sent; acknowledgement requested.",
        "Acknowledged by MASH the next working day; strategy discussion planned.",
    ),
    (
        "Information received",
        "Health visitor shared that a younger sibling missed two appointments. This is a "
        "longer note so the row has to wrap across several lines: the health visitor has "
        "tried home visits twice and left cards; the family have recently moved within the "
        "borough and the new address is not yet confirmed with the GP practice.",
        None,
        "Health visitor (phone)",
        None,
        None,
    ),
    (
        "Observation",
        "Bruise about 3 cm on left forearm noticed in PE; body map completed.",
        "I fell off my scooter at the park.",
        "PE teacher",
        "Body map recorded; DSL told in person.",
        "Explanation consistent; no further action; keep monitoring.",
    ),
)


def _line(index: int, start: datetime) -> ChronologyLine:
    kind, what, words, source, action, outcome = _KINDS[index % len(_KINDS)]
    occurred = start + timedelta(days=index * 2, hours=(index * 5) % 7, minutes=(index * 13) % 60)
    recorded = (occurred + timedelta(minutes=35 + (index * 17) % 240)).astimezone(UTC)
    return ChronologyLine(
        occurred_at=occurred,
        recorded_at=recorded,
        kind=kind,
        what_happened=what,
        child_words=words,
        source=source,
        action=action,
        outcome=outcome,
        by_whom=_STAFF[index % len(_STAFF)],
        significant=kind in ("Disclosure", "Referral to MASH"),
        reference=f"C-{occurred.year}-{index + 1:04d}",
    )


def sample_child() -> ChildHeader:
    return ChildHeader(
        name="Łukasz Ødegård-Nguyễn",
        preferred_name="Luke",
        dob=date(2015, 2, 28),
        upn="A123456789012",
        year_group="Year 5",
        form="5 Kestrel",
        flags=("Child in need", "EAL", "Young carer"),
    )


def sample_chronology(
    n: int = 40, *, demo: bool = True, summary_only: bool = False
) -> ChronologyDocument:
    """A fictional chronology of ``n`` entries, two to three days apart, oldest first."""
    start = datetime(2019, 9, 4, 8, 40, tzinfo=LONDON)
    entries = tuple(_line(i, start) for i in range(n))
    if summary_only:
        entries = tuple(e for e in entries if e.significant)
    return ChronologyDocument(
        school_name="Fernbrook Primary School (fictional)",
        child=sample_child(),
        produced_by="Siobhán Ní Bhriain",
        produced_role="Designated Safeguarding Lead",
        produced_at=_PRODUCED_AT,
        summary_only=summary_only,
        date_from=date(2019, 9, 1) if n else None,
        date_to=None,
        entries=entries,
        audit_head_seq=48213,
        audit_head_hash="9f2c4e1ab07d55e3c6a8b1d29e0f7a4c3b5d6e7f8091a2b3c4d5e6f708192a3b",
        vault_id="7d1e5c2a-0b9f-4e61-9a3d-2f4c6b8e1a57",
        demo=demo,
    )


def sample_referral_pack(n_entries: int = 12, *, demo: bool = True) -> ReferralPackDocument:
    """A fictional MASH referral pack; some fields are left unrecorded on purpose."""
    chronology = sample_chronology(n_entries, demo=demo, summary_only=False)
    occurred = datetime(2025, 3, 13, 10, 20, tzinfo=LONDON)
    concern = ConcernView(
        reference="C-2025-0131",
        occurred_at=occurred,
        recorded_at=(occurred + timedelta(minutes=50)).astimezone(UTC),
        recorded_by="Thi Mai Nguyễn (class teacher)",
        location="Classroom 5K, reading corner",
        categories=("Physical abuse", "Neglect"),
        what_happened="Łukasz flinched when a chair scraped, then pulled his sleeve down over a "
        "mark on his wrist. When asked if he was alright he said the words below.",
        child_words=SAMPLE_CHILD_WORDS,
        opinion="He seemed frightened rather than embarrassed.",
        others_present="Teaching assistant Zoë Haddad",
        immediate_action="Told the DSL in person at 10:35; child stayed in class with a "
        "trusted adult.",
        body_marks=(
            BodyMarkView("front", 0.87, 0.44, "Bruise", "Left wrist, about 2 cm, purple"),
            BodyMarkView("back", 0.5, 0.3, "Scratch", "Between shoulder blades, 4 cm, healing"),
            BodyMarkView("front", 0.37, 0.84, "Graze", "Right shin; child said 'football'"),
        ),
    )
    return ReferralPackDocument(
        school_name=chronology.school_name,
        school_address="1 Orchard Lane, Fernbrook, FB1 2AB (fictional)",
        school_urn=None,
        dsl_name="Siobhán Ní Bhriain",
        dsl_contact="01632 960 123 (fictional)",
        attendance_summary="91.4% this year; 6 late marks since January",
        referral_type="Child protection: risk of significant harm",
        urgency="Immediate: phoned first",
        phoned_first=True,
        phone_spoke_to="Duty social worker, Fernbrook MASH",
        phone_at=datetime(2025, 3, 13, 11, 5, tzinfo=LONDON),
        written_confirmation_due=date(2025, 3, 14),
        consent=ConsentView(
            parent_aware=False,
            consent_obtained=False,
            consent_given_by=None,
            consent_covers=None,
            reason_not_informed="Telling the parent first could place the child at greater "
            "risk of harm (MASH advice, 13/03/2025 11:05).",
            child_consulted=True,
        ),
        child=chronology.child,
        child_details=ChildDetails(
            gender="Male",
            first_language="Polish",
            interpreter_needed=False,
            address="Flat 4, 22 Mill Road, Fernbrook FB3 9ZZ (fictional)",
            send="None identified",
        ),
        household=(
            FamilyMember("Zoë Ødegård", "Mother", date(1990, 6, 2), None, True, True),
            FamilyMember("Marek Nowak", "Mother's partner", None, None, False, True),
            FamilyMember("Ania Ødegård-Nguyễn", "Sister", date(2021, 11, 9), None, None, True),
        ),
        significant_others=(
            FamilyMember("Văn Minh Nguyễn", "Father", None, "Not known", True, False),
        ),
        absent_parent=None,
        referrer=ReferrerView(
            name="Siobhán Ní Bhriain",
            role="Designated Safeguarding Lead",
            agency="Fernbrook Primary School (fictional)",
            phone="01632 960 123 (fictional)",
            email=None,
            referred_at=datetime(2025, 3, 13, 11, 5, tzinfo=LONDON),
        ),
        reason_for_referral="Disclosure of threats by mother's partner and an unexplained "
        "mark on the wrist, following a pattern of neglect concerns since 2019.",
        concerns=(concern,),
        parental_risk=ParentalRiskFactors(domestic_abuse=True, mental_health=None),
        strengths="Warm relationship with his class teacher; attends breakfast club daily.",
        previous_interventions=None,
        child_voice="Said he wants to stay at his school and that he likes his sister.",
        sharing_decision=(
            ("Is there a lawful reason to share?", "Yes: safeguarding of a child"),
            ("Lawful basis", "UK GDPR 6(1)(e); special category: DPA 2018 Sch. 1 para 18"),
            ("Shared without consent?", "Yes: seeking consent would increase the risk"),
            ("Shared with", "Fernbrook MASH (duty social worker)"),
            ("Decided by", "Siobhán Ní Bhriain, DSL, 13/03/2025 11:00"),
        ),
        other_agencies=(
            AgencyContact("Health visiting", "Priya Shah", "Health visitor", None),
            AgencyContact("Early Help", None, None, None),
        ),
        chronology=chronology,
        produced_by="Siobhán Ní Bhriain",
        produced_role="Designated Safeguarding Lead",
        produced_at=_PRODUCED_AT,
        demo=demo,
    )
