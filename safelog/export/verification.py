"""Check a signed SafeLog PDF and say, in plain sentences, what the check does and does not prove.

Contract: :func:`verify_pdf` never raises on any input; problems come back as sentences in
``PdfVerification.problems``. ``intact`` is true only when the signed bytes hash to the value
in the signature, the signature itself is valid for the certificate, and the signature container
is exactly what was written (so no byte of the file can change unnoticed, not even padding);
``covers_whole_file`` is true only when nothing follows the signed bytes. ``trusted`` is None
when no certificate was given to check against.

Thread: no shared state; safe on a worker thread (not inside a running asyncio loop).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from safelog.export._container import ALTERED, ISSUER_MISSING, check_container
from safelog.export._text import uk_date_long
from safelog.export.identity import VAULT_OU_PREFIX, asn1_certificate

__all__ = ["PdfVerification", "verify_pdf"]


@dataclass(frozen=True)
class PdfVerification:
    """What :func:`verify_pdf` found. ``ok`` is the one answer; ``explain()`` the reasons."""

    signed: bool
    intact: bool
    covers_whole_file: bool
    signer: str | None
    vault_id: str | None
    signed_at: datetime | None
    trusted: bool | None
    problems: list[str] = field(default_factory=list)
    organisation: str | None = None
    fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        """Signed, not one byte changed, nothing added, and not contradicted by a trusted cert."""
        return (
            self.signed
            and self.intact
            and self.covers_whole_file
            and self.trusted is not False
            and not self.problems
        )

    def explain(self) -> list[str]:
        """Plain sentences for a person deciding whether to rely on the file."""
        if not self.signed:
            return [*self.problems, "Result: this file does not carry a valid SafeLog signature."]
        who = self.signer or "an unnamed signer"
        org = f" of {self.organisation}" if self.organisation else ""
        vault = f", SafeLog vault {self.vault_id}" if self.vault_id else ""
        lines = [
            "The file carries one digital signature (PAdES baseline B-B).",
            f"It was signed by {who}{org}{vault}.",
        ]
        if self.fingerprint:
            lines.append(f"The signing certificate's SHA-256 fingerprint is {self.fingerprint}.")
        lines.append(
            "Intact: not one byte of the signed content has changed since it was signed."
            if self.intact
            else "NOT intact: the file has been changed since it was signed, or the signature "
            "is damaged."
        )
        lines.append(
            "The signature covers the whole file: nothing has been added since signing."
            if self.covers_whole_file
            else "The signature does NOT cover the whole file: something was added after "
            "signing, and what was added is not vouched for."
        )
        if self.signed_at is not None:
            lines.append(
                f"The signature says it was made on {uk_date_long(self.signed_at)}. That time "
                "comes from the signing laptop's own clock: SafeLog works offline, so there is "
                "no trusted timestamp (PAdES B-B) and the time cannot be proved."
            )
        else:
            lines.append(
                "The signature does not say when it was made, and there is no trusted "
                "timestamp (PAdES B-B, made offline)."
            )
        if self.trusted is None:
            lines.append(
                "The certificate was not checked against a trusted copy. To be sure who signed, "
                "compare the fingerprint above with the one the school gave you, or check the "
                "file against the school's certificate."
            )
        elif self.trusted:
            lines.append(
                "The certificate is the trusted certificate you supplied (or is issued by it)."
            )
        else:
            lines.append("The certificate is NOT the trusted certificate you supplied.")
        lines += self.problems
        lines.append(
            "Result: valid." if self.ok else "Result: NOT valid; do not rely on this file."
        )
        return lines


def _unsigned(problem: str) -> PdfVerification:
    return PdfVerification(
        signed=False,
        intact=False,
        covers_whole_file=False,
        signer=None,
        vault_id=None,
        signed_at=None,
        trusted=None,
        problems=[problem],
    )


def _x509(pem_or_der: bytes | None) -> x509.Certificate | None:
    if pem_or_der is None:
        return None
    try:
        if pem_or_der.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(pem_or_der)
        return x509.load_der_x509_certificate(pem_or_der)
    except Exception:
        return None


def _name_part(name: asn1_x509.Name, key: str) -> str | None:
    value = name.native.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else None


def _trust_context(
    trusted_cert_pem: bytes | None, signer_cert: Any
) -> tuple[ValidationContext, str | None]:
    if trusted_cert_pem is None:
        # Nothing to check the signer against: let the certificate vouch for itself so pyHanko
        # checks the signature's integrity without a path-building failure, and report
        # ``trusted`` as unknown. Never fall back to the operating system's TLS trust list.
        return ValidationContext(trust_roots=[signer_cert], allow_fetching=False), None
    try:
        root = asn1_certificate(trusted_cert_pem)
    except Exception:
        return (
            ValidationContext(trust_roots=[], allow_fetching=False),
            "The certificate given to check against could not be read.",
        )
    return ValidationContext(trust_roots=[root], allow_fetching=False), None


def verify_pdf(data: bytes, trusted_cert_pem: bytes | None = None) -> PdfVerification:
    """Check the signature of a SafeLog PDF; see the module contract. Never raises."""
    try:
        return _verify(data, trusted_cert_pem)
    except Exception:
        return _unsigned("The file could not be checked: it is damaged or not a signed PDF.")


def _verify(data: bytes, trusted_cert_pem: bytes | None) -> PdfVerification:
    if not isinstance(data, bytes | bytearray) or b"%PDF-" not in bytes(data[:1024]):
        return _unsigned("This is not a PDF file.")
    data = bytes(data)
    try:
        reader = PdfFileReader(io.BytesIO(data))
        signatures = list(reader.embedded_signatures)
    except Exception:
        return _unsigned("The file could not be read as a PDF: it is damaged or not a PDF.")
    if not signatures:
        return _unsigned("The file has no digital signature.")
    problems: list[str] = []
    if len(signatures) > 1:
        problems.append("The file carries more than one signature; SafeLog signs its files once.")
    embedded = signatures[0]
    cert = embedded.signer_cert
    context, trust_problem = _trust_context(trusted_cert_pem, cert)
    if trust_problem:
        problems.append(trust_problem)
    subject = cert.subject
    organisation = _name_part(subject, "organization_name")
    vault_id = _name_part(subject, "serial_number")
    unit = _name_part(subject, "organizational_unit_name")
    if vault_id is None and unit and unit.startswith(VAULT_OU_PREFIX):
        vault_id = unit[len(VAULT_OU_PREFIX) :]
    fingerprint = cert.sha256.hex(":").upper()
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception:
        problems.append("The signature could not be checked: it is damaged.")
        return PdfVerification(
            signed=True,
            intact=False,
            covers_whole_file=False,
            signer=_name_part(subject, "common_name"),
            vault_id=vault_id,
            signed_at=None,
            trusted=None if trusted_cert_pem is None else False,
            problems=problems,
            organisation=organisation,
            fingerprint=fingerprint,
        )
    container = check_container(data, list(embedded.byte_range), _x509(trusted_cert_pem))
    intact = bool(status.intact and status.valid) and container != ALTERED
    if not intact:
        problems.append("The signed content does not match its signature: the file was altered.")
    elif container == ISSUER_MISSING:
        problems.append(
            "The certificate that issued the signing certificate is not in the file, so who "
            "signed cannot be confirmed without checking against the school's certificate."
        )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not whole:
        problems.append("Data was added to the file after it was signed.")
    if status.docmdp_ok is False:
        problems.append("The file was changed in a way its certifying signature does not permit.")
    trusted: bool | None = None
    if trusted_cert_pem is not None:
        trusted = bool(status.trusted) and trust_problem is None
        if not trusted and trust_problem is None:
            problems.append("The file was not signed with the trusted certificate given.")
    return PdfVerification(
        signed=True,
        intact=intact,
        covers_whole_file=whole,
        signer=_name_part(subject, "common_name"),
        vault_id=vault_id,
        signed_at=status.signer_reported_dt,
        trusted=trusted,
        problems=problems,
        organisation=organisation,
        fingerprint=fingerprint,
    )
