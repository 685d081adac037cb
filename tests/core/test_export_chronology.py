"""Chronology PDFs, read back with pypdf: names, markings, page numbers, entries, fonts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.colors import black

from safelog.export._page import SIGNATURE_BOX
from safelog.export._textblock import TextBlock
from safelog.export.chronology_pdf import render_chronology
from safelog.export.fonts import REGULAR, register_fonts
from safelog.export.model import ChronologyLine
from safelog.export.samples import SAMPLE_CHILD_WORDS, SAMPLE_NAMES, sample_chronology

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "pdf"


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text with every run of whitespace as one space (lines wrap wherever they wrap)."""
    return " ".join(text.split())


def write_pngs(pdf: bytes, stem: str, first: int = 1, last: int | None = None) -> list[Path]:
    """Render pages to tests/output/pdf/<stem>-N.png for a person to look at."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    source = OUTPUT / f"{stem}.pdf"
    source.write_bytes(pdf)
    for old in OUTPUT.glob(f"{stem}-*.png"):
        old.unlink()
    args = [pdftoppm, "-png", "-r", "80", "-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    subprocess.run([*args, str(source), str(OUTPUT / stem)], check=True, timeout=120)
    return sorted(OUTPUT.glob(f"{stem}-*.png"))


@pytest.fixture(scope="module")
def demo_pdf() -> bytes:
    return render_chronology(sample_chronology(40))


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_chronology(sample_chronology(300, demo=False))


def test_names_print_and_extract_exactly(demo_pdf: bytes) -> None:
    text = "\n".join(page_texts(demo_pdf))
    for name in SAMPLE_NAMES:
        assert name in text
    assert "Łukasz Ødegård-Nguyễn" in text
    assert "Siobhán Ní Bhriain" in text


def test_every_page_is_marked_and_numbered(demo_pdf: bytes) -> None:
    texts = page_texts(demo_pdf)
    assert len(texts) > 2
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number} lacks top and bottom marking"
        assert f"Page {number} of {len(texts)}" in text


def test_first_page_header(demo_pdf: bytes) -> None:
    first = flat(page_texts(demo_pdf)[0])
    for expected in (
        "Fernbrook Primary School (fictional)",
        "28/02/2015 (age 10)",
        "A123456789012",
        "Year 5, 5 Kestrel",
        "Child in need, EAL, Young carer",
        "Luke",
        "Siobhán Ní Bhriain (Designated Safeguarding Lead)",
        "14/03/2025 at 15:42 (GMT)",
        "Full: every entry in the record",
        "From 01/09/2019 onwards",
    ):
        assert expected in first, expected


def test_entries_show_times_words_and_markers(demo_pdf: bytes) -> None:
    text = flat("\n".join(page_texts(demo_pdf)))
    # 04/09/2019 08:40 London (BST) was recorded 35 minutes later, also shown in UK time.
    assert "04/09/2019 08:40" in text
    assert "Recorded 04/09/2019 09:15" in text
    assert f"“{SAMPLE_CHILD_WORDS}”" in text
    assert "★ Significant" in text
    assert "Source: Breakfast club lead" in text
    assert "Outcome: Not recorded" in text


def test_audit_head_and_vault_at_the_end(demo_pdf: bytes) -> None:
    doc = sample_chronology(40)
    last = page_texts(demo_pdf)[-1]
    assert "event 48,213" in last
    assert doc.audit_head_hash in "".join(last.split())
    assert doc.vault_id in last
    assert "fixes the whole history" in flat(last)
    assert "Electronic signature" in last


def test_demo_watermark_on_every_page_and_only_on_demo(demo_pdf: bytes, long_pdf: bytes) -> None:
    assert all("FICTIONAL DEMO DATA" in text for text in page_texts(demo_pdf))
    assert not any("FICTIONAL DEMO DATA" in text for text in page_texts(long_pdf))


def test_fonts_are_embedded(demo_pdf: bytes) -> None:
    for page in PdfReader(io.BytesIO(demo_pdf)).pages:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert "DejaVuSans" in font["/BaseFont"]
            assert "/ToUnicode" in font


def test_long_chronology_spans_pages_with_header_repeated(long_pdf: bytes) -> None:
    texts = page_texts(long_pdf)
    assert len(texts) > 20
    # Every page that carries entries starts with the column headings.
    with_entries = [t for t in texts if re.search(r"Ref\. C-\d{4}-\d{4}", t)]
    assert len(with_entries) >= len(texts) - 1
    assert all("Date and time" in t and "Action and outcome" in t for t in with_entries)
    # No entry lost or printed twice where the table breaks across pages.
    refs = re.findall(r"Ref\. (C-\d{4}-\d{4})", "\n".join(texts))
    assert len(refs) == 300
    assert len(set(refs)) == 300


def test_entry_longer_than_a_page_continues_on_the_next(tmp_path: Path) -> None:
    base = sample_chronology(3, demo=False)
    words = " ".join(f"word{i:04d}" for i in range(2500))
    long_line = replace(base.entries[1], what_happened=words, child_words="a\nb  c")
    doc = replace(base, entries=(base.entries[0], long_line, base.entries[2]))
    texts = page_texts(render_chronology(doc))
    joined = flat("\n".join(texts))
    assert "(continued from the previous page)" in joined
    found = re.findall(r"word\d{4}", joined)
    assert found == [f"word{i:04d}" for i in range(2500)]
    assert len(texts) >= 3


def test_summary_and_empty_documents() -> None:
    summary = sample_chronology(30, summary_only=True)
    assert all(e.significant for e in summary.entries)
    text = flat("\n".join(page_texts(render_chronology(summary))))
    assert "Summary chronology" in text
    assert "Summary: significant events only" in text
    empty = replace(summary, entries=(), date_from=None)
    text = flat("\n".join(page_texts(render_chronology(empty))))
    assert "There are no entries for this child in this range." in text
    assert "All dates on record" in text
    assert "Page 1 of 1" in text


def test_markup_and_control_characters_print_as_text() -> None:
    base = sample_chronology(1, demo=False)
    tricky = replace(
        base.entries[0],
        what_happened="<b>not bold</b> & <font size=40>x</font>\x00\x07 done",
        by_whom="Zoë <admin>",
    )
    text = flat("\n".join(page_texts(render_chronology(replace(base, entries=(tricky,))))))
    assert "<b>not bold</b> & <font size=40>x</font> done" in text
    assert "Zoë <admin>" in text


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    render_chronology(
        sample_chronology(250, demo=False), progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (250, 250)
    assert all(t == 250 for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert 3 < len(calls) <= 110


def test_naive_datetimes_are_refused() -> None:
    line = sample_chronology(1).entries[0]
    with pytest.raises(ValueError, match="timezone-aware"):
        replace(line, occurred_at=datetime(2024, 1, 1, 9, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        ChronologyLine(**{**line.__dict__, "recorded_at": datetime(2024, 1, 1)})
    assert replace(line, recorded_at=datetime(2024, 1, 1, tzinfo=UTC)).recorded_at.tzinfo


def test_signature_area_is_left_empty_on_the_last_page() -> None:
    # The reserved box sits above the footer and below the frame's top on the last page.
    x1, y1, x2, y2 = SIGNATURE_BOX
    assert 0 < x1 < x2 < 595 and 40 < y1 < y2 < 300


def test_core_export_never_imports_qt() -> None:
    code = (
        "import sys\n"
        "import safelog.export.chronology_pdf, safelog.export.signing, safelog.export.bench\n"
        "import safelog.export.referral_pdf\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_pages_render_to_png(demo_pdf: bytes, long_pdf: bytes) -> None:
    pngs = write_pngs(demo_pdf, "chronology-demo")
    assert len(pngs) == len(PdfReader(io.BytesIO(demo_pdf)).pages)
    assert write_pngs(long_pdf, "chronology-300", first=1, last=2)


def test_arabic_letters_are_embedded_but_not_yet_shaped() -> None:
    # DejaVu Sans carries the Arabic letters, so nothing is lost or replaced by boxes, but
    # reportlab neither joins nor reorders them (see safelog/export/fonts.py).
    base = sample_chronology(1, demo=False)
    doc = replace(base, child=replace(base.child, name="محمد Haddad"))
    text = "\n".join(page_texts(render_chronology(doc)))
    assert "Haddad" in text
    assert set("محمد") <= set(text)


def test_text_blocks_keep_spacing_and_break_long_words() -> None:
    register_fonts()
    block = TextBlock(
        [("two  spaces\n\n  indented " + "x" * 200, REGULAR, black)], size=8, leading=10
    )
    _, height = block.wrap(120, 1000)
    lines = ["".join(piece[1] for piece in line) for line in block._lines or []]
    assert lines[0] == "two  spaces"
    assert lines[1] == ""
    assert lines[2].startswith("  indented")
    assert all(len(line) < 40 for line in lines)
    assert "".join(lines[2:]).replace("  indented", "") == "x" * 200
    assert height == len(lines) * 10
    top, rest = block.split(120, 25)
    assert top.wrap(120, 1000)[1] == 20 and rest.wrap(120, 1000)[1] == height - 20
