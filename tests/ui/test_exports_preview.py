"""The preview of a signed export: it shows the very bytes that were signed, says whether they
pass their signature check, prints them (to a PDF-file printer through the printer seam) and
records each print as an audit event naming the file, saves a copy, and drops the bytes on close."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication

from safelog.services.exports import Export, export_chronology
from safelog.services.session import Session
from tests.ui.test_exports_support import (
    add_child,
    add_concerns,
    audit_events,
    finish_tasks,
    make_ctx,
    new_session,
    pdf_file_printer,
    pdf_pages,
    pdf_text,
)
from ui.exports import PdfPreviewDialog, PrintOutcome
from ui.exports.printing import PrintRequest
from ui.seams import ScriptedPrompter


@pytest.fixture
def session(tmp_path: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(tmp_path / "vault")
    yield s
    finish_tasks()
    s.close()


@pytest.fixture
def export(session: Session) -> Export:
    """A signed chronology long enough to run to several pages."""
    child = add_child(session)
    add_concerns(session, child.child_id, 40)
    return export_chronology(session, child.child_id)


def _preview(qtbot, dialog: PdfPreviewDialog) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.verification is not None, timeout=20_000)
    return dialog


def test_the_preview_shows_the_signed_bytes_and_their_check(  # type: ignore[no-untyped-def]
    qtbot, session: Session, export: Export
) -> None:
    dialog = _preview(qtbot, PdfPreviewDialog(make_ctx(session), export))
    pages = pdf_pages(export.pdf)
    assert pages > 1
    assert dialog.document.pageCount() == pages
    assert dialog.buffer.data().data() == export.pdf
    assert dialog.navigation.of_label.text() == f"of {pages}"
    assert dialog.navigation.page_edit.accessibleName() == f"Page 1 of {pages}"
    banner = dialog.banner
    assert banner.state == "ok"
    assert banner.headline.text().startswith("✓ Signed and intact")
    details = banner.details.text()
    assert "It was signed by Alex Fictional of Fictional Test School" in details
    assert "not one byte of the signed content has changed" in details
    assert "comes from the signing laptop's own clock" in details
    assert "The certificate is this vault's own signing certificate." in details
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert export.sha256 in dialog.digest_label.text()


def test_page_navigation_and_zoom(qtbot, session: Session, export: Export) -> None:  # type: ignore[no-untyped-def]
    dialog = _preview(qtbot, PdfPreviewDialog(make_ctx(session), export))
    nav = dialog.navigation
    pages = dialog.page_count()
    assert not nav.previous_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: nav.current_page() == 1)
    assert nav.page_edit.text() == "2"
    assert nav.page_edit.accessibleName() == f"Page 2 of {pages}"
    assert nav.previous_button.isEnabled()
    # Type a page number and press Enter.
    nav.page_edit.setFocus()
    nav.page_edit.selectAll()
    qtbot.keyClicks(nav.page_edit, str(pages))
    qtbot.keyClick(nav.page_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: nav.current_page() == pages - 1)
    assert not nav.next_button.isEnabled()

    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    nav.zoom_combo.setCurrentIndex(nav.zoom_combo.findData(1.0))
    # The buttons' shortcuts press them visibly (animateClick), so wait for each to land.
    qtbot.keyClick(dialog, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.view.zoomFactor() == pytest.approx(1.25))
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert nav.zoom_combo.currentText() == "125%"
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.view.zoomFactor() == pytest.approx(1.0))
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.view.zoomFactor() == pytest.approx(0.75))
    qtbot.keyClick(dialog, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth)


def test_printing_prints_every_page_and_records_the_print(  # type: ignore[no-untyped-def]
    qtbot, session: Session, export: Export, tmp_path: Path
) -> None:
    out = tmp_path / "printed.pdf"
    asked: list[PrintRequest] = []
    ctx = make_ctx(session)
    dialog = _preview(
        qtbot, PdfPreviewDialog(ctx, export, choose_printer=pdf_file_printer(out, asked))
    )
    prints_before = audit_events(session, export.child_id, "print")
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as signal:
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    outcome: PrintOutcome = signal.args[0]

    pages = pdf_pages(export.pdf)
    assert asked[0].page_count == pages and asked[0].current_page == 0
    assert asked[0].page_size_points.width() == pytest.approx(595.3, abs=1)  # A4, as laid out
    assert outcome.sheets == pages and outcome.copies == 1
    assert pdf_pages(out.read_bytes()) == pages  # every page reached the printer

    prints = audit_events(session, export.child_id, "print")
    assert len(prints) == len(prints_before) + 1
    payload = prints[-1].payload
    assert payload["sha256"] == export.sha256
    assert payload["document"] == "chronology"
    assert payload["copies"] == 1
    assert payload["printer"] == "PDF file printed.pdf"
    assert "Printed" in dialog.note_label.text() and "audit log" in dialog.note_label.text()
    assert dialog.print_button.isEnabled()


def test_a_page_range_prints_only_those_pages(  # type: ignore[no-untyped-def]
    qtbot, session: Session, export: Export, tmp_path: Path
) -> None:
    out = tmp_path / "page-two.pdf"
    choose = pdf_file_printer(out)

    def only_page_two(parent, request):  # type: ignore[no-untyped-def]
        printer = choose(parent, request)
        printer.setPrintRange(printer.PrintRange.PageRange)
        printer.setFromTo(2, 2)
        return printer

    dialog = _preview(
        qtbot, PdfPreviewDialog(make_ctx(session), export, choose_printer=only_page_two)
    )
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as signal:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].sheets == 1
    assert pdf_pages(out.read_bytes()) == 1


def test_cancelling_the_printer_choice_records_nothing(  # type: ignore[no-untyped-def]
    qtbot, session: Session, export: Export
) -> None:
    dialog = _preview(
        qtbot, PdfPreviewDialog(make_ctx(session), export, choose_printer=lambda *_: None)
    )
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    finish_tasks()
    QApplication.processEvents()
    assert not audit_events(session, export.child_id, "print")


def test_save_a_copy_writes_the_very_bytes(  # type: ignore[no-untyped-def]
    qtbot, session: Session, export: Export, tmp_path: Path
) -> None:
    target = tmp_path / "copy"
    prompter = ScriptedPrompter(saves=[target])
    dialog = _preview(qtbot, PdfPreviewDialog(make_ctx(session, prompter), export))
    qtbot.keyClick(
        dialog,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    saved = tmp_path / "copy.pdf"
    qtbot.waitUntil(saved.exists)
    assert saved.read_bytes() == export.pdf
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    assert prompter.calls[0].options["suggested_name"].startswith("chronology-")
    assert f"Saved as {saved}." == dialog.note_label.text()


def test_a_tampered_file_fails_its_check_and_cannot_be_printed(  # type: ignore[no-untyped-def]
    qtbot, session: Session, export: Export, tmp_path: Path
) -> None:
    data = bytearray(export.pdf)
    at = data.index(b"ReportLab Generated")  # a comment near the top: inside the signed range
    data[at : at + 9] = b"Forged!!!"
    # Even with a matching fingerprint, the signature check catches the change.
    forged = replace(export, pdf=bytes(data), sha256=hashlib.sha256(data).hexdigest())
    out = tmp_path / "never.pdf"
    dialog = _preview(
        qtbot, PdfPreviewDialog(make_ctx(session), forged, choose_printer=pdf_file_printer(out))
    )
    assert dialog.banner.state == "failed"
    assert dialog.banner.headline.text().startswith("✗ This file did not pass")
    assert "NOT intact" in dialog.banner.details.text()
    assert not dialog.print_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)  # long enough for the shortcut's press to land, if it could
    finish_tasks()
    assert not out.exists()
    assert not audit_events(session, export.child_id, "print")


def test_bytes_that_are_not_the_recorded_export_cannot_be_printed(  # type: ignore[no-untyped-def]
    qtbot, session: Session, export: Export
) -> None:
    other = export_chronology(session, export.child_id, summary=True)
    mixed = replace(export, pdf=other.pdf)  # a valid signed file, but not the one recorded
    dialog = _preview(qtbot, PdfPreviewDialog(make_ctx(session), mixed))
    assert dialog.verification is not None and dialog.verification.ok
    assert dialog.banner.state == "failed"
    assert "not the ones SafeLog signed" in dialog.banner.details.text()
    assert dialog.digest == other.sha256 and dialog.digest in dialog.digest_label.text()
    assert not dialog.print_button.isEnabled()


def test_closing_drops_the_bytes(qtbot, session: Session, export: Export) -> None:  # type: ignore[no-untyped-def]
    dialog = _preview(qtbot, PdfPreviewDialog(make_ctx(session), export))
    assert "Fictional concern" in pdf_text(dialog.buffer.data().data())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.export is None
    assert dialog.buffer.data().size() == 0
    assert dialog.document.pageCount() == 0
    assert not dialog.print_button.isEnabled()
