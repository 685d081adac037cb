"""MASH referral packs, read back with pypdf: every field printed, words verbatim, body maps."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from safelog.export.model import ChildDetails, ConsentView, ParentalRiskFactors
from safelog.export.referral_pdf import REQUIRED_MISSING, render_referral_pack
from safelog.export.samples import SAMPLE_CHILD_WORDS, SAMPLE_NAMES, sample_referral_pack
from safelog.export.signing import create_signing_identity, sign_pdf, verify_pdf

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "pdf"


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pack_pdf() -> bytes:
    return render_referral_pack(sample_referral_pack())


def test_names_and_words_verbatim(pack_pdf: bytes) -> None:
    text = "\n".join(page_texts(pack_pdf))
    for name in SAMPLE_NAMES:
        assert name in text
    assert "Văn Minh Nguyễn" in text
    assert f"“{SAMPLE_CHILD_WORDS}”" in flat(text)


def test_every_page_marked_numbered_and_watermarked(pack_pdf: bytes) -> None:
    texts = page_texts(pack_pdf)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {len(texts)}" in text
        assert "FICTIONAL DEMO DATA" in text
    real = render_referral_pack(replace(sample_referral_pack(), demo=False))
    assert not any("FICTIONAL DEMO DATA" in t for t in page_texts(real))


def test_all_form_sections_present(pack_pdf: bytes) -> None:
    text = flat("\n".join(page_texts(pack_pdf)))
    for heading in (
        "1. Referral",
        "2. Consent and awareness",
        "3. The child",
        "4. Household and family",
        "5. School",
        "6. Referrer",
        "7. Reason for referral and concerns",
        "8. Information-sharing decision",
        "9. Other agencies involved",
        "10. Chronology",
        "Integrity of the record",
        "Electronic signature",
    ):
        assert heading in text, heading
    for fact in (
        "Child protection: risk of significant harm",
        "13/03/2025 at 11:05 (GMT)",
        "Telling the parent first could place the child at greater risk of harm",
        "UK GDPR 6(1)(e); special category: DPA 2018 Sch. 1 para 18",
        "Opinion (kept apart from fact)",
        "He seemed frightened rather than embarrassed.",
        "Physical abuse, Neglect",
        "Priya Shah",
    ):
        assert fact in text, fact


def test_missing_fields_say_not_recorded(pack_pdf: bytes) -> None:
    text = flat("\n".join(page_texts(pack_pdf)))
    for label in ("URN", "Email", "Religion", "NHS number", "GP", "Absent parent"):
        assert re.search(rf"{label} Not recorded", text), label
    assert "Previous interventions and their outcomes Not recorded" in text
    assert "Parental mental health Not recorded" in text


def test_required_reason_is_flagged_and_empty_pack_still_complete() -> None:
    base = sample_referral_pack(2)
    bare = replace(
        base,
        referral_type=None,
        urgency=None,
        phoned_first=None,
        phone_spoke_to=None,
        phone_at=None,
        written_confirmation_due=None,
        consent=ConsentView(False, False, None, None, None, None),
        child_details=ChildDetails(),
        household=(),
        significant_others=(),
        referrer=replace(base.referrer, referred_at=None, phone=None),
        reason_for_referral=None,
        concerns=(),
        parental_risk=ParentalRiskFactors(),
        strengths=None,
        child_voice=None,
        sharing_decision=(),
        other_agencies=(),
        chronology=replace(base.chronology, entries=()),
    )
    text = flat("\n".join(page_texts(render_referral_pack(bare))))
    assert REQUIRED_MISSING in text
    assert "Referral type Not recorded" in text
    assert "Household and family Not recorded" in text
    assert "Other agencies involved Not recorded" in text
    assert "Decision Not recorded" in text
    assert "There are no entries for this child in this range." in text


def test_body_map_and_key(pack_pdf: bytes) -> None:
    texts = page_texts(pack_pdf)
    page = next(t for t in texts if "Body map key" in t)
    flat_page = flat(page)
    assert "Front" in flat_page and "Back" in flat_page
    assert "1 Front, Bruise: Left wrist, about 2 cm, purple" in flat_page
    assert "2 Back, Scratch: Between shoulder blades, 4 cm, healing" in flat_page
    assert "the child's right is on your left" in flat_page


def test_chronology_is_included(pack_pdf: bytes) -> None:
    refs = re.findall(r"Ref\. (C-\d{4}-\d{4})", "\n".join(page_texts(pack_pdf)))
    assert len(refs) == 12


def test_long_concern_runs_over_pages() -> None:
    base = sample_referral_pack(2)
    words = " ".join(f"w{i:04d}" for i in range(3000))
    concern = replace(base.concerns[0], what_happened=words)
    text = flat("\n".join(page_texts(render_referral_pack(replace(base, concerns=(concern,))))))
    assert re.findall(r"w\d{4}", text) == [f"w{i:04d}" for i in range(3000)]


def test_signed_pack_verifies(pack_pdf: bytes) -> None:
    identity = create_signing_identity("Fernbrook Primary School", "Siobhán Ní Bhriain", "vault-1")
    signed = sign_pdf(
        pack_pdf,
        identity,
        signer_name="Siobhán Ní Bhriain",
        role="Designated Safeguarding Lead",
        reason="MASH referral",
        location="Fernbrook",
        when=datetime(2025, 3, 14, 16, 0, tzinfo=ZoneInfo("Europe/London")),
    )
    result = verify_pdf(signed, identity.certificate_pem)
    assert result.ok, result.problems
    assert result.vault_id == "vault-1"


def test_fonts_are_embedded(pack_pdf: bytes) -> None:
    for page in PdfReader(io.BytesIO(pack_pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor


def test_pages_render_to_png(pack_pdf: bytes) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    source = OUTPUT / "referral-pack.pdf"
    source.write_bytes(pack_pdf)
    for old in OUTPUT.glob("referral-pack-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", str(source), str(OUTPUT / "referral-pack")],
        check=True,
        timeout=120,
    )
    assert len(list(OUTPUT.glob("referral-pack-*.png"))) == len(page_texts(pack_pdf))
