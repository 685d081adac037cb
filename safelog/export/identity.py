"""The vault's signing identity: a key and certificate made at set-up, or imported from PKCS#12.

Contract: a :class:`SigningIdentity` holds PEM bytes only (the store keeps it inside the
encrypted records database; nothing here writes a file). :func:`create_signing_identity` makes
a self-signed ECDSA P-256 certificate, valid ten years, whose subject names the school (O), the
DSL (CN) and the vault (serialNumber = vault id, OU = "SafeLog vault <id>"), with the key usages
pyHanko and PDF readers expect of a document-signing certificate (digitalSignature and
nonRepudiation). :func:`load_pkcs12` accepts a school's own certificate and raises
:class:`ExportError` with a plain sentence when it cannot be used.

Thread: pure functions; safe on any thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder_data

from safelog.export.errors import ExportError

__all__ = [
    "VAULT_OU_PREFIX",
    "SigningIdentity",
    "certificate_fingerprint",
    "certificate_pem",
    "create_signing_identity",
    "load_pkcs12",
]

VAULT_OU_PREFIX = "SafeLog vault "
_VALIDITY = timedelta(days=3653)  # ten years, leap days included
# X.520 upper bounds: longer values make certificates other software refuses to read.
_NAME_LIMIT = 64
_PRINTABLE = re.compile(r"[A-Za-z0-9 '()+,\-./:=?]{1,64}")


@dataclass(frozen=True)
class SigningIdentity:
    """A private key and its certificate (PEM), plus any chain certificates (PEM)."""

    private_key_pem: bytes = field(repr=False)
    certificate_pem: bytes
    chain_pem: tuple[bytes, ...] = ()


def _fit(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _NAME_LIMIT else value[: _NAME_LIMIT - 1] + "…"


def create_signing_identity(school_name: str, dsl_name: str, vault_id: str) -> SigningIdentity:
    """Make a new key and self-signed certificate for this vault (takes a few milliseconds)."""
    if not school_name.strip() or not dsl_name.strip() or not vault_id.strip():
        raise ExportError(
            "A signing certificate needs the school name, the DSL's name and the vault id."
        )
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(school_name)),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _fit(VAULT_OU_PREFIX + vault_id)),
        x509.NameAttribute(NameOID.COMMON_NAME, _fit(dsl_name)),
    ]
    # serialNumber must be a PrintableString; a UUID is. Any other id is still in the OU.
    if _PRINTABLE.fullmatch(vault_id):
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, vault_id))
    name = x509.Name(attributes)
    # An hour's grace before "now": a laptop clock a little behind must not make the
    # certificate "not yet valid" for the first export.
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
    )


def _is_pkcs12(data: bytes) -> bool:
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        pfx["auth_safe"]["content_type"].native  # noqa: B018 - forces the lazy parse
    except Exception:  # any parse failure means "not PKCS#12"
        return False
    return True


def load_pkcs12(data: bytes, passphrase: bytes | None) -> SigningIdentity:
    """Read a school's own .p12/.pfx; raise :class:`ExportError` if it cannot sign with it."""
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, passphrase)
    except (ValueError, TypeError) as exc:
        if _is_pkcs12(data):
            raise ExportError(
                "The password for this certificate file is wrong."
                if passphrase
                else "This certificate file is protected by a password; enter it to import it."
            ) from exc
        raise ExportError(
            "This file is not a PKCS#12 certificate file (.p12 or .pfx), or it is damaged."
        ) from exc
    if key is None:
        if certificate is None and not extra:
            raise ExportError("This certificate file is empty: it holds no certificate or key.")
        raise ExportError(
            "This certificate file holds a certificate but not its private key, so it cannot "
            "sign; export it again with the private key included."
        )
    if certificate is None:
        raise ExportError("This certificate file holds a key but no certificate for it.")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ExportError(
            "This certificate uses a kind of key SafeLog cannot sign with (use RSA or ECDSA)."
        )
    public = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*public) != certificate.public_key().public_bytes(*public):
        raise ExportError("The private key in this file does not belong to its certificate.")
    if certificate.not_valid_after_utc < datetime.now(UTC):
        expired = certificate.not_valid_after_utc
        raise ExportError(
            f"This certificate expired on {expired:%d/%m/%Y}, so signatures made with it "
            "would not be valid."
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not usage.content_commitment:
        # pyHanko and Acrobat expect nonRepudiation on a document-signing certificate and
        # would report every signature made with this one as invalid.
        raise ExportError(
            "This certificate is not marked for signing documents (it lacks the "
            "non-repudiation key usage), so readers would reject its signatures."
        )
    return SigningIdentity(
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
        chain_pem=tuple(c.public_bytes(serialization.Encoding.PEM) for c in extra),
    )


def asn1_certificate(data: bytes) -> Any:
    """One PEM or DER certificate as the asn1crypto object pyHanko works with."""
    certificates = list(load_certs_from_pemder_data(data))
    if len(certificates) != 1:
        raise ValueError("expected exactly one certificate")
    return certificates[0]


def certificate_pem(identity: SigningIdentity) -> bytes:
    """The certificate alone, to give to whoever must verify the school's PDFs."""
    return identity.certificate_pem


def certificate_fingerprint(certificate: SigningIdentity | bytes) -> str:
    """SHA-256 fingerprint of a certificate (identity, PEM or DER) as colon-separated hex."""
    data = certificate.certificate_pem if isinstance(certificate, SigningIdentity) else certificate
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ExportError("This is not a certificate SafeLog can read.") from exc
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()
