"""Byte-exact checks on a signature container: the bytes a signature does not cover itself.

Why: a PDF signature covers everything but the ``/Contents`` hex string, and a CMS signature
covers only its signed attributes. Padding, hex letter case, outer tags and lengths, version
numbers, the digest-algorithm list and the embedded certificates could all change while pyHanko
still reports the signature valid. SafeLog promises that no byte of a signed file can change
unnoticed, so this module insists the container is exactly what a signer writes.

Contract: :func:`check_container` returns None when the gap between the signed byte ranges is
``<`` + one-case hex of canonical DER + zero padding + ``>`` and every part of the CMS holds;
:data:`ALTERED` when anything differs; :data:`ISSUER_MISSING` when all is consistent but a
certificate's issuer is neither in the file nor the trusted certificate, so its details cannot
be checked.

Thread: pure; safe anywhere.
"""

from __future__ import annotations

import binascii
from typing import Any

from asn1crypto import cms
from cryptography import x509

__all__ = ["ALTERED", "ISSUER_MISSING", "check_container"]

ALTERED = "altered"
ISSUER_MISSING = "issuer-missing"


def check_container(
    data: bytes, byte_range: list[int], trusted: x509.Certificate | None
) -> str | None:
    """See the module contract."""
    der = _der_in_gap(data, byte_range)
    if der is None:
        return ALTERED
    try:
        return _check_cms(der, trusted)
    except Exception:
        return ALTERED


def _der_in_gap(data: bytes, byte_range: list[int]) -> bytes | None:
    if len(byte_range) != 4 or byte_range[0] != 0:
        return None
    gap = data[byte_range[1] : byte_range[2]]
    if len(gap) < 4 or gap[:1] != b"<" or gap[-1:] != b">":
        return None
    hex_text = gap[1:-1]
    if hex_text not in (hex_text.lower(), hex_text.upper()):
        return None
    try:
        raw = binascii.unhexlify(hex_text)
    except (binascii.Error, ValueError):
        return None
    if len(raw) < 2 or raw[0] != 0x30:
        return None
    first = raw[1]
    if first < 0x80:
        header, length = 2, first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or len(raw) < 2 + count:
            return None
        header, length = 2 + count, int.from_bytes(raw[2 : 2 + count], "big")
    total = header + length
    if total > len(raw) or any(raw[total:]):
        return None
    return raw[:total]


def _check_cms(der: bytes, trusted: x509.Certificate | None) -> str | None:
    # Canonical DER: every tag and length re-encodes to exactly the bytes in the file.
    if cms.ContentInfo.load(der, strict=True).dump(force=True) != der:
        return ALTERED
    info = cms.ContentInfo.load(der, strict=True)
    if info["content_type"].native != "signed_data":
        return ALTERED
    signed = info["content"]
    (signer,) = signed["signer_infos"]
    by_key_id = signer["sid"].name == "subject_key_identifier"
    encapsulated = signed["encap_content_info"]
    plain_data = encapsulated["content_type"].native == "data"
    # RFC 5652 fixes these versions; the digest list must name the signer's algorithm alone.
    if (
        signer["version"].native != ("v3" if by_key_id else "v1")
        or signed["version"].native != ("v1" if plain_data and not by_key_id else "v3")
        or encapsulated["content"].native is not None
        or [a.dump() for a in signed["digest_algorithms"]] != [signer["digest_algorithm"].dump()]
        or signed["crls"].native is not None
        or signer["unsigned_attrs"].native is not None
    ):
        return ALTERED
    return _check_certificates(signed["certificates"], trusted)


def _check_certificates(choices: Any, trusted: x509.Certificate | None) -> str | None:
    certificates = [
        x509.load_der_x509_certificate(choice.chosen.dump())
        for choice in choices
        if choice.name == "certificate"
    ]
    if not certificates:
        return ALTERED
    pool = [*certificates, *([trusted] if trusted is not None else [])]
    missing = False
    for certificate in certificates:
        issuers = [issuer for issuer in pool if issuer.subject == certificate.issuer]
        if not issuers:
            missing = True
            continue
        if not any(_issued_by(certificate, issuer) for issuer in issuers):
            return ALTERED
    return ISSUER_MISSING if missing else None


def _issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
    except Exception:
        return False
    return True
