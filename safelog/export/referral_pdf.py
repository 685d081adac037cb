"""The MASH referral pack as a PDF: the multi-agency referral form's fields, the concerns in
full with body maps, the sharing decision, and the chronology.

Contract: :func:`render_referral_pack` returns an unsigned PDF with the same page furniture as
the chronology (OFFICIAL-SENSITIVE top and bottom, "Page X of Y", demo watermark) and the same
empty signature area on its last page. Every form field is printed: a field the record lacks
reads "Not recorded", never a silent gap, and a reason that must not be blank (why a parent was
not told, or consent not sought) is flagged in red when missing. The child's words are quoted
exactly as recorded.

Thread: any thread; ``progress(done, total)`` counts chronology entries laid out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from safelog.export._page import (
    FRAME_WIDTH,
    INK,
    MUTED,
    PageFurniture,
    ProgressCallback,
    build_pdf,
    signature_reservation,
)
from safelog.export._rows import EntryRow, table_flowables
from safelog.export._text import (
    NOT_RECORDED,
    markup,
    or_not_recorded,
    styles,
    uk_date,
    uk_date_long,
    uk_datetime,
    yes_no,
)
from safelog.export._textblock import TextBlock
from safelog.export.bodymap import body_map
from safelog.export.chronology_pdf import (
    audit_flowables,
    child_facts,
    chronology_flowables,
    facts_table,
)
from safelog.export.fonts import BOLD, REGULAR, register_fonts
from safelog.export.model import ConcernView, FamilyMember, ReferralPackDocument

__all__ = ["render_referral_pack"]

REQUIRED_MISSING = f"{NOT_RECORDED} (required: this must not be left blank)"
_HEAD_FILL = colors.HexColor("#e3e8ee")
_QUOTE_FILL = colors.HexColor("#f4f6f8")


def render_referral_pack(
    doc: ReferralPackDocument, progress: ProgressCallback | None = None
) -> bytes:
    """Lay out ``doc`` and return the unsigned PDF bytes."""
    register_fonts()
    st = styles()
    story: list[Flowable] = [
        Paragraph(markup(f"MASH referral: {doc.child.name}"), st.title),
        Paragraph(markup(doc.school_name), st.body),
        Spacer(1, 3),
        Paragraph(
            "Multi-agency referral form fields, filled from the school's SafeLog record. "
            "A field the record does not hold reads <i>Not recorded</i>.",
            st.note,
        ),
    ]
    story += _referral(doc) + _consent(doc) + _child(doc) + _family(doc) + _school(doc)
    story += _referrer(doc) + _concerns(doc) + _sharing(doc) + _agencies(doc)
    story += _chronology(doc)
    story += [Spacer(1, 10), *signature_reservation(audit_flowables(doc.chronology))]
    furniture = PageFurniture(
        running_left=doc.school_name,
        running_right=f"MASH referral: {doc.child.name} · UPN {doc.child.upn}",
        footer_left=f"Produced {uk_datetime(doc.produced_at)} by {doc.produced_by}",
        demo=doc.demo,
    )
    return build_pdf(
        story,
        furniture,
        title=f"MASH referral: {doc.child.name}",
        author=doc.produced_by,
        progress=progress,
        progress_total=len(doc.chronology.entries),
    )


def _heading(number: int, text: str) -> Paragraph:
    heading = Paragraph(markup(f"{number}. {text}"), styles().heading)
    heading.keepWithNext = True
    return heading


def _when(value: datetime | None) -> str:
    return uk_date_long(value) if value is not None else NOT_RECORDED


def _day(value: date | None) -> str:
    return uk_date(value) if value is not None else NOT_RECORDED


def _long_field(label: str, text: str | None, *, quoted: bool = False) -> list[Flowable]:
    """A label over a block of text that may run to pages (it splits between lines)."""
    caption = TextBlock([(label, BOLD, MUTED)], size=8, leading=11)
    caption.keepWithNext = True
    if text is None or not text.strip():
        body = TextBlock([(NOT_RECORDED, REGULAR, MUTED)], size=9, leading=12)
    elif quoted:
        body = TextBlock([(f"“{text}”", REGULAR, INK)], size=9.5, leading=13)
    else:
        body = TextBlock([(text, REGULAR, INK)], size=9, leading=12)
    return [caption, body, Spacer(1, 5)]


def _referral(doc: ReferralPackDocument) -> list[Flowable]:
    pairs = [
        ("Referral type", or_not_recorded(doc.referral_type)),
        ("Urgency", or_not_recorded(doc.urgency)),
        ("Phoned first", yes_no(doc.phoned_first)),
        ("Spoke to", or_not_recorded(doc.phone_spoke_to)),
        ("Phone call at", _when(doc.phone_at)),
        ("Written confirmation due", _day(doc.written_confirmation_due)),
    ]
    return [_heading(1, "Referral"), *facts_table(pairs)]


def _consent(doc: ReferralPackDocument) -> list[Flowable]:
    consent = doc.consent
    needs_reason = consent.parent_aware is False or consent.consent_obtained is False
    reason = consent.reason_not_informed
    if reason is None or not reason.strip():
        reason = REQUIRED_MISSING if needs_reason else None
    pairs = [
        ("Parent or carer aware of the referral", yes_no(consent.parent_aware)),
        ("Consent obtained", yes_no(consent.consent_obtained)),
        ("Consent given by", or_not_recorded(consent.consent_given_by)),
        ("Child consulted (age and understanding)", yes_no(consent.child_consulted)),
        ("What the consent covers", or_not_recorded(consent.consent_covers)),
        ("Why the parent was not told, or consent not sought", or_not_recorded(reason)),
    ]
    return [_heading(2, "Consent and awareness"), *facts_table(pairs, columns=1)]


def _child(doc: ReferralPackDocument) -> list[Flowable]:
    details = doc.child_details
    pairs = child_facts(doc.child, doc.produced_at.date())
    pairs += [
        ("Gender", or_not_recorded(details.gender)),
        ("Ethnicity", or_not_recorded(details.ethnicity)),
        ("Religion", or_not_recorded(details.religion)),
        ("First language", or_not_recorded(details.first_language)),
        ("Interpreter needed", yes_no(details.interpreter_needed)),
        ("Communication needs", or_not_recorded(details.communication_needs)),
        ("NHS number", or_not_recorded(details.nhs_number)),
        ("Phone", or_not_recorded(details.phone)),
        ("Address", or_not_recorded(details.address)),
        ("GP", or_not_recorded(details.gp)),
        ("SEND", or_not_recorded(details.send)),
    ]
    return [_heading(3, "The child"), *facts_table(pairs)]


def _cell(text: str, *, bold: bool = False) -> list[Flowable]:
    colour = MUTED if text == NOT_RECORDED else INK
    return [TextBlock([(text, BOLD if bold else REGULAR, colour)], size=8, leading=10)]


def _grid(
    headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> list[Flowable]:
    """A ruled table whose header row repeats on each page; "Not recorded" if it has no rows."""
    if not rows:
        return [TextBlock([(NOT_RECORDED, REGULAR, MUTED)], size=9, leading=12)]
    header = [_cell(h, bold=True) for h in headers]
    body = [EntryRow([_cell(v) for v in row], widths) for row in rows]
    return table_flowables(header, body, widths, _HEAD_FILL)


def _people(people: Sequence[FamilyMember]) -> list[Flowable]:
    widths = [104.0, 78.0, 58.0, 88.0, 50.0]
    widths.append(FRAME_WIDTH - sum(widths))
    rows = [
        [
            p.name,
            p.relationship,
            _day(p.dob),
            yes_no(p.parental_responsibility),
            yes_no(p.lives_with_child),
            or_not_recorded(p.address),
        ]
        for p in people
    ]
    headers = (
        "Name",
        "Relationship",
        "Date of birth",
        "Parental responsibility",
        "Lives with child",
        "Address",
    )
    return _grid(headers, rows, widths)


def _family(doc: ReferralPackDocument) -> list[Flowable]:
    st = styles()
    return [
        _heading(4, "Household and family"),
        *_people(doc.household),
        Spacer(1, 6),
        Paragraph("Significant adults not in the household", st.label),
        Spacer(1, 2),
        *_people(doc.significant_others),
        Spacer(1, 6),
        *_long_field("Absent parent", doc.absent_parent),
    ]


def _school(doc: ReferralPackDocument) -> list[Flowable]:
    pairs = [
        ("School", doc.school_name),
        ("URN", or_not_recorded(doc.school_urn)),
        ("Address", or_not_recorded(doc.school_address)),
        ("Attendance", or_not_recorded(doc.attendance_summary)),
        ("DSL", or_not_recorded(doc.dsl_name)),
        ("DSL contact", or_not_recorded(doc.dsl_contact)),
    ]
    return [_heading(5, "School"), *facts_table(pairs)]


def _referrer(doc: ReferralPackDocument) -> list[Flowable]:
    r = doc.referrer
    pairs = [
        ("Name", r.name),
        ("Role", r.role),
        ("Agency", r.agency),
        ("Referred on", _when(r.referred_at)),
        ("Phone", or_not_recorded(r.phone)),
        ("Email", or_not_recorded(r.email)),
    ]
    return [_heading(6, "Referrer"), *facts_table(pairs)]


def _body_maps(concern: ConcernView) -> list[Flowable]:
    st = styles()
    if not concern.body_marks:
        return _long_field("Body map", "No marks recorded on a body map for this concern.")
    drawing = body_map(concern.body_marks, height=200)
    key: list[Flowable] = [
        Paragraph("Body map key", st.label),
        Paragraph("On the front view the child's right is on your left.", st.note),
        Spacer(1, 3),
    ]
    for number, mark in enumerate(concern.body_marks, start=1):
        key.append(
            TextBlock(
                [
                    (f"{number}  ", BOLD, INK),
                    (f"{mark.side.capitalize()}, {mark.kind}: ", BOLD, INK),
                    (mark.note or NOT_RECORDED, REGULAR, INK),
                ],
                size=8.5,
                leading=11.5,
            )
        )
    table = Table(
        [[drawing, key]],
        colWidths=[drawing.width + 16, FRAME_WIDTH - drawing.width - 16],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR, 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOX", (0, 0), (0, 0), 0.4, colors.HexColor("#c9d0d7")),
                ("TOPPADDING", (0, 0), (0, 0), 8),
                ("LEFTPADDING", (0, 0), (0, 0), 8),
                ("LEFTPADDING", (1, 0), (1, 0), 12),
            ]
        )
    )
    return [KeepTogether([Paragraph("Body map", st.label), Spacer(1, 2), table]), Spacer(1, 6)]


def _concern(concern: ConcernView) -> list[Flowable]:
    st = styles()
    recorded = f"{uk_date_long(concern.recorded_at)} by {concern.recorded_by}"
    pairs = [
        ("When it happened", uk_date_long(concern.occurred_at)),
        ("Recorded", recorded),
        ("Where", or_not_recorded(concern.location)),
        ("Categories", ", ".join(concern.categories) or NOT_RECORDED),
    ]
    title = Paragraph(markup(f"Concern {concern.reference}"), st.subheading)
    title.keepWithNext = True
    return [
        title,
        Spacer(1, 2),
        *facts_table(pairs),
        Spacer(1, 4),
        *_long_field("What was seen or heard", concern.what_happened),
        *_long_field("The child's own words (verbatim)", concern.child_words, quoted=True),
        *_long_field("Opinion (kept apart from fact)", concern.opinion),
        *_long_field("Others present", concern.others_present),
        *_long_field("Immediate action", concern.immediate_action),
        *_body_maps(concern),
    ]


def _concerns(doc: ReferralPackDocument) -> list[Flowable]:
    risk = doc.parental_risk
    story: list[Flowable] = [
        _heading(7, "Reason for referral and concerns"),
        *_long_field("Reason for referral", doc.reason_for_referral),
    ]
    if not doc.concerns:
        story += _long_field("Concerns", None)
    for concern in doc.concerns:
        story += _concern(concern)
    pairs = [
        ("Domestic abuse", yes_no(risk.domestic_abuse)),
        ("Parental mental health", yes_no(risk.mental_health)),
        ("Substance misuse", yes_no(risk.substance_misuse)),
        ("Parental learning disability", yes_no(risk.learning_disability)),
    ]
    story += [Paragraph("Parental risk factors", styles().label), *facts_table(pairs)]
    story += [Spacer(1, 5)]
    story += _long_field("Strengths and protective factors", doc.strengths)
    story += _long_field("Previous interventions and their outcomes", doc.previous_interventions)
    story += _long_field("The child's voice: what they have said and want", doc.child_voice)
    return story


def _sharing(doc: ReferralPackDocument) -> list[Flowable]:
    pairs = [(label, or_not_recorded(value)) for label, value in doc.sharing_decision]
    if not pairs:
        pairs = [("Decision", NOT_RECORDED)]
    return [_heading(8, "Information-sharing decision"), *facts_table(pairs, columns=1)]


def _agencies(doc: ReferralPackDocument) -> list[Flowable]:
    widths = [140.0, 120.0, 110.0]
    widths.append(FRAME_WIDTH - sum(widths))
    rows = [
        [a.agency, or_not_recorded(a.name), or_not_recorded(a.role), or_not_recorded(a.contact)]
        for a in doc.other_agencies
    ]
    return [
        _heading(9, "Other agencies involved"),
        *_grid(("Agency", "Name", "Role", "Contact"), rows, widths),
    ]


def _chronology(doc: ReferralPackDocument) -> list[Flowable]:
    chronology = doc.chronology
    scope = "Significant events only" if chronology.summary_only else "Every entry in the record"
    pairs = [("Content", scope), ("Entries", str(len(chronology.entries)))]
    return [
        _heading(10, "Chronology"),
        *facts_table(pairs),
        Spacer(1, 6),
        *chronology_flowables(chronology),
    ]
