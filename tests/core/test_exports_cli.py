"""Exports from a real vault through the command line: signed, read back, verified, audited;
one changed byte fails verify-pdf; the certificate checks with pyHanko's own command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from safelog.services.session import login
from safelog.store.vault import unlock
from tests.core.test_cli import PASS, SAMPLE, run

UPN = "U879432113004"  # Leo Thompson in the sample
NAMED_UPN = "U879432115006"  # Siobhán O'Brien


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("exports")
    secret = base / "pass.txt"
    secret.write_text(PASS)
    vault = base / "vault"
    assert (
        run(
            "init",
            "--school",
            "Fictional Łódź Academy",
            vault=vault,
            pass_file=secret,
            user="Zoë Nguyễn",
        ).returncode
        == 0
    )
    assert run("pupils", "import", str(SAMPLE), vault=vault, pass_file=secret).returncode == 0
    for upn, words in (
        (UPN, "He said I was useless"),
        (NAMED_UPN, "Níl mé ag iarraidh dul abhaile"),
    ):
        r = run(
            "concern",
            "add",
            "--upn",
            upn,
            "--category",
            "emotional",
            "--occurred",
            "2026-10-05 13:20",
            "--child-words",
            words,
            "--significant",
            "--text-file",
            "-",
            vault=vault,
            pass_file=secret,
            stdin="Upset at lunch; said the words quoted.",
        )
        assert r.returncode == 0, r.stderr
    assert (
        run(
            "referral",
            "add",
            "--upn",
            UPN,
            "--agency",
            "mash",
            "--at",
            "2026-10-05 15:00",
            "--reference",
            "MASH-77",
            vault=vault,
            pass_file=secret,
        ).returncode
        == 0
    )
    out = {"vault": vault, "secret": secret}
    for name, args in (
        ("chronology", ["chronology", NAMED_UPN]),
        ("pack", ["referral-pack", UPN]),
        ("cert", ["certificate"]),
    ):
        path = base / (f"{name}.pem" if name == "cert" else f"{name}.pdf")
        r = run("export", *args, "--out", str(path), vault=vault, pass_file=secret)
        assert r.returncode == 0, r.stderr
        out[name] = path
    return out


def test_chronology_reads_back(exported: dict[str, Path]) -> None:
    reader = PdfReader(exported["chronology"])
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    assert "Siobhán" in text and "O'Brien" in text and "Zoë Nguyễn" in text
    assert "Níl mé ag iarraidh dul abhaile" in text
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page
        assert f"Page {number} of {len(pages)}" in page
    assert "FICTIONAL DEMO DATA" not in text


def test_referral_pack_has_the_form_the_chronology_and_the_concern(exported) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(p.extract_text() for p in PdfReader(exported["pack"]).pages)
    assert "MASH referral: Leo Thompson" in text
    assert "MASH-77" in text and "He said I was useless" in text
    assert "Not recorded" in text  # fields the record lacks are shown as such


def test_verify_pdf_and_one_changed_byte(exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok = run(
        "verify-pdf",
        str(exported["chronology"]),
        "--certificate",
        str(exported["cert"]),
        vault=tmp_path,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Intact" in ok.stdout and "no trusted timestamp" in ok.stdout
    data = bytearray(exported["chronology"].read_bytes())
    for offset in (len(data) // 3, len(data) - 10):
        altered = tmp_path / f"altered-{offset}.pdf"
        changed = bytearray(data)
        changed[offset] = (changed[offset] + 1) % 256
        altered.write_bytes(bytes(changed))
        bad = run("verify-pdf", str(altered), vault=tmp_path)
        assert bad.returncode == 1, (offset, bad.stdout)


def test_exports_are_audited(exported) -> None:  # type: ignore[no-untyped-def]
    session = login(unlock(exported["vault"], "Zoë Nguyễn", PASS))
    try:
        events = [e for e in session.vault.log("records").events() if e.action == "export"]
    finally:
        session.close()
    assert [e.payload["document"] for e in events] == ["chronology", "referral pack"]
    assert all(len(e.payload["sha256"]) == 64 for e in events)


@pytest.mark.skipif(
    shutil.which("pyhanko") is None and not Path(sys.executable).with_name("pyhanko").exists(),
    reason="pyhanko-cli not installed",
)
def test_standard_tools_validate_with_the_exported_certificate(exported) -> None:  # type: ignore[no-untyped-def]
    tool = shutil.which("pyhanko") or str(Path(sys.executable).with_name("pyhanko"))
    result = subprocess.run(
        [
            tool,
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            str(exported["cert"]),
            "--trust-replace",
            str(exported["chronology"]),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The signature is judged VALID." in result.stdout
    assert "covers the entire file" in result.stdout


def test_a_school_can_sign_with_its_own_pkcs12(exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Fictional Trust Signing"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Fictional Trust"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    p12 = tmp_path / "trust.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"trust", key, cert, None, BestAvailableEncryption(b"p12 secret")
        )
    )
    p12_pass = tmp_path / "p12pass.txt"
    p12_pass.write_text("p12 secret\n")
    vault, secret = exported["vault"], exported["secret"]
    wrong = run("certificate", "import", str(p12), vault=vault, pass_file=secret)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    done = run(
        "certificate",
        "import",
        str(p12),
        "--p12-passphrase-file",
        str(p12_pass),
        vault=vault,
        pass_file=secret,
    )
    assert done.returncode == 0, done.stderr
    out = tmp_path / "signed-by-trust.pdf"
    assert (
        run(
            "export", "chronology", UPN, "--out", str(out), vault=vault, pass_file=secret
        ).returncode
        == 0
    )
    checked = run("verify-pdf", str(out), vault=tmp_path)
    assert checked.returncode == 0 and "Fictional Trust" in checked.stdout
