"""Signed PDF exports: a child's chronology and the MASH referral pack.

The documents are laid out by ``safelog.export`` from plain data assembled here, signed with the
vault's own identity (made on first use, or imported from PKCS#12), and every export is an audit
event naming the child, the document, its SHA-256 and the audit-chain head printed on it.
Thread: call from a worker thread in the app (rendering 1,000 entries takes about a second).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from safelog.domain.pupils import ChildFlag
from safelog.domain.records import ChildDetails as Child
from safelog.domain.records import Concern, Permission
from safelog.domain.timefmt import iso, now_utc
from safelog.export import model as pdf
from safelog.export.chronology_pdf import render_chronology
from safelog.export.identity import (
    SigningIdentity,
    certificate_pem,
    create_signing_identity,
    load_pkcs12,
)
from safelog.export.referral_pdf import render_referral_pack
from safelog.export.signing import sign_pdf
from safelog.services import concerns, household, referrals, sharing
from safelog.services.children import child_by_id
from safelog.services.chronology import chronology
from safelog.services.session import Session
from safelog.services.users import list_users, user_names
from safelog.store.atomic import atomic_write
from safelog.store.header import RECORDS

Progress = Callable[[int, int, str], None]
MAX_PACK_CONCERNS = 20


@dataclass(frozen=True)
class Export:
    kind: str
    child_id: int
    pdf: bytes
    sha256: str
    pages_note: str

    def save(self, path: Path) -> None:
        """Write atomically, readable only by this user (the file holds a child's record)."""
        atomic_write(path, self.pdf)


def signing_identity(session: Session) -> SigningIdentity:
    """The vault's identity; made (and kept encrypted in records.db) the first time it is needed."""
    row = (
        session.conn()
        .execute("SELECT key_pem, cert_pem FROM signing_identities ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    if row is not None:
        return SigningIdentity(private_key_pem=bytes(row[0]), certificate_pem=row[1].encode())
    dsl = next(
        (u.name for u in list_users(session) if u.role.value == "dsl" and u.active),
        session.user_name,
    )
    identity = create_signing_identity(session.school_name, dsl, session.vault.vault_id)
    _store_identity(session, identity, "generated")
    return identity


def import_certificate(session: Session, data: bytes, passphrase: bytes | None) -> str:
    """Use a school's own PKCS#12 certificate from now on; returns its fingerprint."""
    from safelog.export.identity import certificate_fingerprint

    session.require(Permission.MANAGE_USERS)
    identity = load_pkcs12(data, passphrase)
    _store_identity(session, identity, "pkcs12")
    return certificate_fingerprint(identity)


def _store_identity(session: Session, identity: SigningIdentity, source: str) -> None:
    with session.writing(
        RECORDS, action="signing identity", object_type="vault", permission=Permission.EXPORT
    ) as w:
        w.add(
            "signing_identity",
            {
                "key_pem": identity.private_key_pem,
                "cert_pem": identity.certificate_pem.decode("ascii"),
                "source": source,
                "created_at": iso(now_utc()),
                "created_by": session.user_id,
            },
        )
        w.object_id = session.vault.vault_id


def certificate(session: Session) -> bytes:
    session.require(Permission.EXPORT)
    return certificate_pem(signing_identity(session))


def _header(child: Child) -> pdf.ChildHeader:
    preferred = " ".join(x for x in (child.preferred_forename, child.preferred_surname) if x)
    return pdf.ChildHeader(
        name=child.legal_name,
        preferred_name=preferred or None,
        dob=child.dob,
        upn=child.upn,
        year_group=child.year_group,
        form=child.form,
        flags=tuple(f.label for f in sorted(child.flags)),
    )


def chronology_document(
    session: Session,
    child_id: int,
    *,
    summary: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
) -> pdf.ChronologyDocument:
    child = child_by_id(session, child_id)
    entries = chronology(session, child_id, summary=summary, date_from=date_from, date_to=date_to)
    head = session.vault.log(RECORDS).head()
    return pdf.ChronologyDocument(
        school_name=session.school_name,
        child=_header(child),
        produced_by=session.user_name,
        produced_role=session.role.label,
        produced_at=now_utc(),
        summary_only=summary,
        date_from=date_from,
        date_to=date_to,
        entries=tuple(
            pdf.ChronologyLine(
                occurred_at=e.occurred_at,
                recorded_at=e.recorded_at,
                kind=e.kind,
                what_happened=e.summary,
                child_words=e.child_words,
                source=e.source,
                action=e.action,
                outcome=e.outcome,
                by_whom=e.by_whom,
                significant=e.significant,
                reference=e.reference,
            )
            for e in entries
        ),
        audit_head_seq=head.seq,
        audit_head_hash=head.hash,
        vault_id=session.vault.vault_id,
        demo=session.is_demo,
    )


def _sign_and_record(
    session: Session, kind: str, child: Child, unsigned: bytes, head_seq: int, what: str
) -> Export:
    signed = sign_pdf(
        unsigned,
        signing_identity(session),
        signer_name=session.user_name,
        role=session.role.label,
        reason=what,
        location=session.school_name,
        when=now_utc(),
    )
    digest = hashlib.sha256(signed).hexdigest()
    session.audit(
        RECORDS,
        action="export",
        object_type="child",
        object_id=child.child_id,
        payload={
            "document": kind,
            "sha256": digest,
            "chain_head_printed": head_seq,
            "upn": child.upn,
        },
    )
    return Export(kind, child.child_id, signed, digest, what)


def export_chronology(
    session: Session,
    child_id: int,
    *,
    summary: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    progress: Progress | None = None,
) -> Export:
    session.require(Permission.EXPORT)
    doc = chronology_document(
        session, child_id, summary=summary, date_from=date_from, date_to=date_to
    )
    unsigned = render_chronology(doc, progress=_adapt(progress))
    what = ("Summary chronology" if summary else "Chronology") + f" of {doc.child.name}"
    return _sign_and_record(
        session,
        "summary chronology" if summary else "chronology",
        child_by_id(session, child_id),
        unsigned,
        doc.audit_head_seq,
        what,
    )


def _adapt(progress: Progress | None) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(done, total, "Laying out pages")


def referral_pack_document(session: Session, child_id: int) -> pdf.ReferralPackDocument:
    child = child_by_id(session, child_id)
    names = user_names(session)
    chrono = chronology_document(session, child_id, summary=True)
    made = referrals.referrals_for_child(session, child_id)
    latest = made[-1] if made else None
    decisions = sharing.sharing_for_child(session, child_id)
    record = decisions[-1].record if decisions else {}
    members = household.household(session, child_id)
    all_concerns = concerns.concerns_for_child(session, child_id)
    linked = {r.concern_id for r in made if r.concern_id}
    chosen = [c for c in all_concerns if c.concern_id in linked or c.draft.significant]
    chosen = (chosen or all_concerns)[-MAX_PACK_CONCERNS:]
    informed = record.get("informed_of_sharing")
    consent_status = record.get("consent_status")
    voice = [c.draft.child_words for c in reversed(all_concerns) if c.draft.child_words][:3]
    return pdf.ReferralPackDocument(
        school_name=session.school_name,
        school_address=session.setting("school_address"),
        school_urn=session.setting("school_urn"),
        dsl_name=next((u.name for u in list_users(session) if u.role.value == "dsl"), None),
        dsl_contact=session.setting("dsl_phone") or session.setting("dsl_email"),
        attendance_summary=None,
        referral_type=latest.agency.label if latest else None,
        urgency=None,
        phoned_first=bool(latest.spoke_to) if latest else None,
        phone_spoke_to=latest.spoke_to if latest else None,
        phone_at=latest.referred_at if latest else None,
        written_confirmation_due=None,
        consent=pdf.ConsentView(
            parent_aware=None if informed is None else informed == "before",
            consent_obtained=None if consent_status is None else consent_status == "obtained",
            consent_given_by=_text(record.get("consent_given_by")),
            consent_covers=_text(record.get("consent_scope")),
            reason_not_informed=_text(
                record.get("reason_not_informed") or record.get("reason_consent_not_sought")
            ),
            child_consulted=None,
        ),
        child=_header(child),
        child_details=pdf.ChildDetails(
            gender=child.gender,
            send="Yes (SEND flag)" if ChildFlag.SEND in child.flags else None,
            first_language=None if ChildFlag.EAL not in child.flags else "Not English (EAL)",
        ),
        household=tuple(_member(m) for m in members if m.lives_with_child),
        significant_others=tuple(_member(m) for m in members if not m.lives_with_child),
        absent_parent=None,
        referrer=pdf.ReferrerView(
            name=session.user_name,
            role=session.role.label,
            agency=session.school_name,
            phone=session.setting("dsl_phone"),
            email=session.setting("dsl_email"),
            referred_at=latest.referred_at if latest else None,
        ),
        reason_for_referral=(
            latest.summary
            if latest and latest.summary
            else (chosen[-1].draft.facts if chosen else None)
        ),
        concerns=tuple(_concern(c, names) for c in chosen),
        parental_risk=pdf.ParentalRiskFactors(),
        strengths=None,
        previous_interventions="; ".join(
            f"{r.agency.label} {r.referred_at:%d/%m/%Y}: "
            f"{r.outcome.label if r.outcome else 'outcome not yet recorded'}"
            for r in made[:-1]
        )
        or None,
        child_voice=" / ".join(f"\u201c{w}\u201d" for w in voice) or None,
        sharing_decision=tuple(
            (k.replace("_", " ").capitalize(), _text(v) or "")
            for k, v in record.items()
            if k != "answers" and v not in (None, "", [], {})
        ),
        other_agencies=tuple(
            pdf.AgencyContact(agency=r.agency.label, name=r.spoke_to, contact=r.reference)
            for r in made
        ),
        chronology=chrono,
        produced_by=session.user_name,
        produced_role=session.role.label,
        produced_at=now_utc(),
        demo=session.is_demo,
    )


def _text(value: object) -> str | None:
    """A stored wizard value as words for the form: ids like sought_refused read as words."""
    if value is None or value in ("", [], {}):
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(t for t in (_text(v) for v in value) if t) or None
    if isinstance(value, dict):
        return (
            ", ".join(f"{k.replace('_', ' ')}: {t}" for k, v in value.items() if (t := _text(v)))
            or None
        )
    text = str(value)
    return text.replace("_", " ") if " " not in text else text


def _member(m: household.HouseholdMember) -> pdf.FamilyMember:
    return pdf.FamilyMember(
        name=m.name,
        relationship=m.relationship,
        dob=m.dob,
        address=m.contact,
        parental_responsibility=m.parental_responsibility,
        lives_with_child=m.lives_with_child,
    )


def _concern(c: Concern, names: dict[str, str]) -> pdf.ConcernView:
    marks = []
    for raw in c.draft.body_marks:
        try:
            marks.append(
                pdf.BodyMarkView(
                    side=raw["side"],
                    x=float(raw["x"]),  # type: ignore[arg-type]
                    y=float(raw["y"]),
                    kind=str(raw.get("kind", "mark")),
                    note=str(raw.get("note", "")),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue  # a mark that cannot be drawn is still in the record itself
    return pdf.ConcernView(
        reference=f"C{c.concern_id}",
        occurred_at=c.draft.occurred_at,
        recorded_at=c.recorded_at,
        recorded_by=names.get(c.recorded_by, c.recorded_by),
        location=c.draft.location,
        categories=c.draft.categories,
        what_happened=c.draft.facts,
        child_words=c.draft.child_words,
        opinion=c.draft.opinion,
        others_present=c.draft.others_present,
        immediate_action=c.draft.immediate_action,
        body_marks=tuple(marks),
    )


def export_referral_pack(
    session: Session, child_id: int, progress: Progress | None = None
) -> Export:
    session.require(Permission.EXPORT)
    doc = referral_pack_document(session, child_id)
    unsigned = render_referral_pack(doc, progress=_adapt(progress))
    return _sign_and_record(
        session,
        "referral pack",
        child_by_id(session, child_id),
        unsigned,
        doc.chronology.audit_head_seq,
        f"MASH referral pack for {doc.child.name}",
    )


def record_printed(
    session: Session, made: Export, *, copies: int = 1, printer: str | None = None
) -> None:
    """Printing is a document leaving the vault too: an audit event naming the very file."""
    session.require(Permission.EXPORT)
    session.audit(
        RECORDS,
        action="print",
        object_type="child",
        object_id=made.child_id,
        payload={
            "document": made.kind,
            "sha256": made.sha256,
            "copies": copies,
            "printer": printer or "unknown",
        },
    )
