"""Signing and verifying exported PDFs: pyHanko, its command line, and single-byte tampering."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from safelog.export._page import SIGNATURE_BOX
from safelog.export.chronology_pdf import render_chronology
from safelog.export.errors import ExportError
from safelog.export.identity import asn1_certificate
from safelog.export.samples import sample_chronology
from safelog.export.signing import (
    SigningIdentity,
    certificate_fingerprint,
    certificate_pem,
    create_signing_identity,
    load_pkcs12,
    sign_pdf,
    verify_pdf,
)

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "pdf"
VAULT_ID = "7d1e5c2a-0b9f-4e61-9a3d-2f4c6b8e1a57"
WHEN = datetime(2025, 3, 14, 15, 43, 20, tzinfo=ZoneInfo("Europe/London"))


def sign(pdf: bytes, identity: SigningIdentity) -> bytes:
    return sign_pdf(
        pdf,
        identity,
        signer_name="Siobhán Ní Bhriain",
        role="Designated Safeguarding Lead",
        reason="Chronology for a MASH referral",
        location="Fernbrook Primary School",
        when=WHEN,
    )


@pytest.fixture(scope="module")
def identity() -> SigningIdentity:
    return create_signing_identity(
        "Fernbrook Primary School (fictional)", "Siobhán Ní Bhriain", VAULT_ID
    )


@pytest.fixture(scope="module")
def signed(identity: SigningIdentity) -> bytes:
    return sign(render_chronology(sample_chronology(25)), identity)


def test_certificate_names_the_school_dsl_and_vault(identity: SigningIdentity) -> None:
    cert = x509.load_pem_x509_certificate(certificate_pem(identity))
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == (
        "Fernbrook Primary School (fictional)"
    )
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Siobhán Ní Bhriain"
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == VAULT_ID
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == (
        f"SafeLog vault {VAULT_ID}"
    )
    assert cert.issuer == subject
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert timedelta(days=3650) <= lifetime <= timedelta(days=3654)
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert b"PRIVATE KEY" not in repr(identity).encode()


def test_fingerprint_is_sha256_colon_hex(identity: SigningIdentity) -> None:
    fingerprint = certificate_fingerprint(identity)
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", fingerprint)
    cert = x509.load_pem_x509_certificate(identity.certificate_pem)
    assert fingerprint.replace(":", "").lower() == cert.fingerprint(hashes.SHA256()).hex()
    der = cert.public_bytes(serialization.Encoding.DER)
    assert certificate_fingerprint(der) == fingerprint
    with pytest.raises(ExportError):
        certificate_fingerprint(b"not a certificate")


def test_signed_file_verifies(identity: SigningIdentity, signed: bytes) -> None:
    result = verify_pdf(signed, identity.certificate_pem)
    assert result.ok, result.problems
    assert (result.signed, result.intact, result.covers_whole_file, result.trusted) == (
        True,
        True,
        True,
        True,
    )
    assert result.signer == "Siobhán Ní Bhriain"
    assert result.vault_id == VAULT_ID
    assert result.signed_at == WHEN
    assert result.fingerprint == certificate_fingerprint(identity)


def test_explanation_is_honest_about_time_and_integrity(signed: bytes) -> None:
    text = " ".join(verify_pdf(signed).explain())
    assert "laptop's own clock" in text
    assert "no trusted timestamp" in text
    assert "PAdES B-B" in text
    assert "not one byte" in text
    assert VAULT_ID in text
    assert "Fernbrook Primary School (fictional)" in text
    assert "14/03/2025 at 15:43" in text
    assert "not checked against a trusted copy" in text


def test_without_a_trusted_certificate_trust_is_unknown(signed: bytes) -> None:
    result = verify_pdf(signed)
    assert result.ok
    assert result.trusted is None


def test_another_vaults_certificate_is_not_trusted(signed: bytes) -> None:
    other = create_signing_identity("Another School (fictional)", "Zoë Haddad", "other-vault")
    result = verify_pdf(signed, other.certificate_pem)
    assert result.trusted is False
    assert not result.ok
    assert "NOT the trusted certificate" in " ".join(result.explain())
    assert verify_pdf(signed, b"garbage").ok is False


def test_pyhanko_validates_pades_whole_file(identity: SigningIdentity, signed: bytes) -> None:
    reader = PdfFileReader(io.BytesIO(signed))
    (embedded,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[asn1_certificate(identity.certificate_pem)])
    status = validate_pdf_signature(embedded, context)
    assert status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.md_algorithm == "sha256"


def test_pyhanko_command_line_validates(
    identity: SigningIdentity, signed: bytes, tmp_path: Path
) -> None:
    cli = shutil.which("pyhanko") or str(Path(sys.executable).with_name("pyhanko"))
    if not Path(cli).exists():
        pytest.skip("the pyhanko command line (pyhanko-cli) is not installed")
    (tmp_path / "cert.pem").write_bytes(identity.certificate_pem)
    (tmp_path / "signed.pdf").write_bytes(signed)
    done = subprocess.run(
        [
            cli,
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            "cert.pem",
            "--trust-replace",
            "signed.pdf",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The signature is judged VALID" in done.stdout
    assert "covers the entire file" in done.stdout


def test_visible_signature_block_on_last_page(signed: bytes) -> None:
    reader = PdfReader(io.BytesIO(signed))
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    (widget,) = [w for w in widgets if w.get("/FT") == "/Sig"]
    assert [round(float(v)) for v in widget["/Rect"]] == list(SIGNATURE_BOX)
    assert "/N" in widget["/AP"]
    assert all("/Annots" not in page for page in reader.pages[:-1])


def _byte_range(data: bytes) -> tuple[int, int, int, int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert match
    a, b, c, d = (int(g) for g in match.groups())
    return a, b, c, d


def _offsets(data: bytes) -> dict[str, int]:
    _, start, end, _ = _byte_range(data)
    return {
        "header": 5,
        "page content": len(data) // 4,
        "just before the signature": start - 3,
        "signature opening bracket": start,
        "signature DER": start + 40,
        "signature padding": end - 10,
        "signature closing bracket": end - 1,
        "after the signature": end + 5,
        "%%EOF": data.rindex(b"%%EOF") + 2,
        "last byte": len(data) - 1,
    }


@pytest.mark.parametrize(
    "where",
    [
        "header",
        "page content",
        "just before the signature",
        "signature opening bracket",
        "signature DER",
        "signature padding",
        "signature closing bracket",
        "after the signature",
        "%%EOF",
        "last byte",
    ],
)
def test_one_changed_byte_fails(identity: SigningIdentity, signed: bytes, where: str) -> None:
    position = _offsets(signed)[where]
    tampered = bytearray(signed)
    tampered[position] ^= 0x01
    result = verify_pdf(bytes(tampered), identity.certificate_pem)
    assert not result.ok
    assert result.problems


def test_letter_case_inside_the_signature_hex_fails(signed: bytes) -> None:
    _, start, end, _ = _byte_range(signed)
    gap = signed[start:end]
    position = start + next(i for i, ch in enumerate(gap) if chr(ch) in "ABCDEFabcdef")
    tampered = bytearray(signed)
    tampered[position] = ord(chr(tampered[position]).swapcase())
    assert not verify_pdf(bytes(tampered)).ok


def test_bytes_after_eof_fail(signed: bytes) -> None:
    for extra in (b"\n", b" ", b"%extra\n", signed[-300:]):
        result = verify_pdf(signed + extra)
        assert not result.ok
        assert not result.covers_whole_file


def test_appended_incremental_update_fails(identity: SigningIdentity, signed: bytes) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/SafeLogNote"] = generic.TextStringObject("changed after signing")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert len(updated) > len(signed) and updated.startswith(signed)
    result = verify_pdf(updated, identity.certificate_pem)
    assert not result.ok
    assert not result.covers_whole_file
    assert "added" in " ".join(result.explain())


@pytest.mark.parametrize(
    "data",
    [b"", b"garbage", b"%PDF-1.7\n", b"%PDF-1.4\n" + bytes(range(256)) * 10, b"\x00" * 5000],
)
def test_garbage_never_raises(data: bytes) -> None:
    result = verify_pdf(data)
    assert not result.ok
    assert not result.signed
    assert result.problems
    assert result.explain()


def test_truncated_and_unsigned_files(signed: bytes) -> None:
    assert not verify_pdf(signed[: len(signed) // 2]).ok
    unsigned = verify_pdf(render_chronology(sample_chronology(2)))
    assert not unsigned.signed
    assert unsigned.problems == ["The file has no digital signature."]


def test_signing_refuses_naive_time_and_non_pdf(identity: SigningIdentity) -> None:
    pdf = render_chronology(sample_chronology(1))
    with pytest.raises(ExportError, match="time zone"):
        sign_pdf(
            pdf,
            identity,
            signer_name="x",
            role="x",
            reason="x",
            location="x",
            when=datetime(2025, 1, 1),
        )
    with pytest.raises(ExportError, match="could not be signed"):
        sign(b"not a pdf", identity)
    broken = SigningIdentity(private_key_pem=b"nope", certificate_pem=identity.certificate_pem)
    with pytest.raises(ExportError, match="could not be read"):
        sign(pdf, broken)


# --- PKCS#12 import ---------------------------------------------------------------------------


def _rsa_p12(
    password: bytes | None,
    *,
    include_key: bool = True,
    non_repudiation: bool = True,
    expired: bool = False,
) -> tuple[bytes, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ødegård Academy (fictional)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Thi Mai"),
        ]
    )
    now = datetime.now(UTC)
    start = now - timedelta(days=800) if expired else now - timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365))
        .add_extension(
            x509.KeyUsage(True, non_repudiation, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption: serialization.KeySerializationEncryption
    if password is None:
        encryption = serialization.NoEncryption()
    else:
        encryption = (
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(2048)
            .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
            .hmac_hash(hashes.SHA256())
            .build(password)
        )
    data = pkcs12.serialize_key_and_certificates(
        b"school", key if include_key else None, cert, None, encryption
    )
    return data, cert


def test_imported_pkcs12_signs_and_verifies() -> None:
    data, cert = _rsa_p12(b"correct horse")
    identity = load_pkcs12(data, b"correct horse")
    assert x509.load_pem_x509_certificate(identity.certificate_pem) == cert
    signed = sign(render_chronology(sample_chronology(3)), identity)
    result = verify_pdf(signed, identity.certificate_pem)
    assert result.ok, result.problems
    assert result.signer == "Nguyễn Thi Mai"
    assert result.organisation == "Ødegård Academy (fictional)"
    assert result.vault_id is None


def test_pkcs12_errors_are_plain_sentences() -> None:
    data, _ = _rsa_p12(b"correct horse")
    with pytest.raises(ExportError, match="password for this certificate file is wrong"):
        load_pkcs12(data, b"wrong")
    with pytest.raises(ExportError, match="protected by a password"):
        load_pkcs12(data, None)
    with pytest.raises(ExportError, match="not a PKCS#12"):
        load_pkcs12(b"this is not a certificate file", b"x")
    no_key, _ = _rsa_p12(b"pw", include_key=False)
    with pytest.raises(ExportError, match="not its private key"):
        load_pkcs12(no_key, b"pw")
    not_for_signing, _ = _rsa_p12(b"pw", non_repudiation=False)
    with pytest.raises(ExportError, match="not marked for signing documents"):
        load_pkcs12(not_for_signing, b"pw")
    expired, _ = _rsa_p12(b"pw", expired=True)
    with pytest.raises(ExportError, match="expired on"):
        load_pkcs12(expired, b"pw")


def test_signed_pages_render_to_png(signed: bytes) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    source = OUTPUT / "chronology-signed.pdf"
    source.write_bytes(signed)
    pages = len(PdfReader(io.BytesIO(signed)).pages)
    stem = OUTPUT / "chronology-signed-last"
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "80",
            "-f",
            str(pages),
            "-l",
            str(pages),
            "-singlefile",
            str(source),
            str(stem),
        ],
        check=True,
        timeout=120,
    )
    assert stem.with_suffix(".png").stat().st_size > 10_000


def _cms_targets(data: bytes) -> dict[str, int]:
    """Byte offsets (in the file) of CMS parts that the CMS signature itself does not cover."""
    _, start, end, _ = _byte_range(data)
    raw = bytes.fromhex(data[start + 1 : end - 1].decode("ascii"))
    signed = cms.ContentInfo.load(raw)["content"]
    body = signed.dump()
    body_at = raw.find(body)
    header = len(body) - len(signed.contents)
    digests = signed["digest_algorithms"].dump()
    certificate = signed["certificates"][0].chosen
    cert_der = certificate.dump()
    cert_at = raw.find(cert_der)
    tbs = certificate["tbs_certificate"]
    issuer_at = cert_at + cert_der.find(tbs["issuer"].dump())
    validity_at = cert_at + cert_der.find(tbs["validity"].dump())

    def hex_char(index: int) -> int:  # the low hex digit of DER byte ``index``
        return start + 1 + 2 * index + 1

    return {
        "outer length": hex_char(3),
        "signed-data version": hex_char(body_at + header + 2),
        "digest algorithm list": hex_char(raw.find(digests) + len(digests) - 1),
        "certificate issuer": hex_char(issuer_at + 12),
        "certificate validity": hex_char(validity_at + 8),
        "certificate signature": hex_char(cert_at + len(cert_der) - 3),
    }


@pytest.mark.parametrize(
    "part",
    [
        "outer length",
        "signed-data version",
        "digest algorithm list",
        "certificate issuer",
        "certificate validity",
        "certificate signature",
    ],
)
def test_parts_the_cms_signature_does_not_cover_are_checked(
    identity: SigningIdentity, signed: bytes, part: str
) -> None:
    position = _cms_targets(signed)[part]
    tampered = bytearray(signed)
    tampered[position] = ord("1") if tampered[position] != ord("1") else ord("3")
    for trusted in (identity.certificate_pem, None):
        result = verify_pdf(bytes(tampered), trusted)
        assert not result.ok, (part, trusted is None)
