"""The export dialog driven as a DSL, a head and a governor would: choose the document, read
what will leave the vault, export to a file chosen through the (scripted) save dialog, and get
the preview of the very bytes that were signed. Real vaults, real signing, PDFs read back."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit

from safelog.domain.records import Role
from safelog.domain.timefmt import today_london
from safelog.export.verification import verify_pdf
from safelog.services.exports import certificate
from safelog.services.session import Session
from safelog.store.errors import NotPermitted
from safelog.store.header import RECORDS
from tests.ui.test_exports_support import (
    FORENAME,
    SURNAME,
    add_child,
    add_concerns,
    audit_events,
    finish_tasks,
    make_ctx,
    new_session,
    pdf_pages,
    pdf_text,
    session_as,
)
from ui.exports import ExportDialog, PdfPreviewDialog, open_export_dialog
from ui.exports.export_dialog import produce
from ui.exports.naming import ExportChoice
from ui.seams import ScriptedPrompter


@pytest.fixture
def session(tmp_path: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(tmp_path / "vault")
    yield s
    finish_tasks()
    s.close()


def _open(qtbot, session: Session, child_id: int, prompter: ScriptedPrompter) -> ExportDialog:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(make_ctx(session, prompter), child_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.entry_count is not None, timeout=10_000)
    return dialog


def _preview(qtbot, dialog: ExportDialog) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.last_preview is not None, timeout=20_000)
    preview = dialog.last_preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.verification is not None, timeout=20_000)
    return preview


def test_export_a_chronology_to_a_file_and_preview_the_same_bytes(  # type: ignore[no-untyped-def]
    qtbot, session: Session, tmp_path: Path
) -> None:
    child = add_child(session)
    add_concerns(session, child.child_id, 7)
    target = tmp_path / "out" / "chosen name"  # no suffix: the dialog adds .pdf
    target.parent.mkdir()
    prompter = ScriptedPrompter(saves=[target])
    events_before = session.vault.log(RECORDS).head().seq
    dialog = _open(qtbot, session, child.child_id, prompter)
    # Counting the entries is not a read of the file to audit (opening the file was).
    assert session.vault.log(RECORDS).head().seq == events_before

    assert dialog.entry_count == 7
    sentence = dialog.sentence()
    assert sentence.startswith(
        f"This creates a signed PDF of 7 entries about {FORENAME} {SURNAME}."
    )
    assert "OFFICIAL-SENSITIVE: send it only by secure email or the MASH portal." in sentence

    with qtbot.waitSignal(dialog.exported, timeout=30_000) as signal:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    made = signal.args[0]

    # The save dialog was asked, with a suggested name and no default folder.
    call = next(c for c in prompter.calls if c.kind == "save_file")
    assert call.options["suggested_name"] == f"chronology-{child.upn}-{today_london():%Y-%m-%d}.pdf"
    assert call.options["directory"] is None
    assert prompter.unused_answers() == 0

    saved = tmp_path / "out" / "chosen name.pdf"
    assert dialog.last_saved == saved
    data = saved.read_bytes()
    assert data == made.pdf
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    check = verify_pdf(data, trusted_cert_pem=certificate(session))
    assert check.ok, check.explain()
    text = pdf_text(data)
    assert FORENAME in text and SURNAME in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Fictional concern 7" in text

    # The core recorded the export, naming the very file.
    exports = audit_events(session, child.child_id, "export")
    assert exports[-1].payload["sha256"] == made.sha256

    preview = _preview(qtbot, dialog)
    assert preview.document.pageCount() == pdf_pages(data)
    assert (
        preview.buffer.data().data() == data
    )  # the preview reads the signed bytes, no copy made anew
    assert preview.banner.state == "ok"
    assert (
        "Saved as" in preview.note_label.text() and "chosen name.pdf" in preview.note_label.text()
    )
    assert not [c for c in prompter.calls if c.kind == "error"]


def test_summary_and_date_range_change_the_sentence_and_the_pdf(  # type: ignore[no-untyped-def]
    qtbot, session: Session
) -> None:
    child = add_child(session)
    add_concerns(session, child.child_id, 9, days_apart=30)
    dialog = _open(qtbot, session, child.child_id, ScriptedPrompter())
    box = dialog.choice_box
    assert dialog.entry_count == 9

    with qtbot.waitSignal(dialog.counted, timeout=10_000) as counted:
        qtbot.mouseClick(box.summary_radio, Qt.MouseButton.LeftButton)
    assert counted.args == [3]  # concerns 1, 4 and 7 are significant
    assert "3 significant entries" in dialog.sentence()

    # Limit to the last 100 days: the day, month and year typed into the "from" date.
    start = date.fromordinal(today_london().toordinal() - 100)
    qtbot.mouseClick(box.full_radio, Qt.MouseButton.LeftButton)
    box.from_date.check.setChecked(True)
    box.from_date.edit.setFocus()
    box.from_date.edit.setSelectedSection(QDateTimeEdit.Section.DaySection)  # as a click there
    qtbot.keyClicks(box.from_date.edit, start.strftime("%d%m%Y"))
    assert box.from_date.value() == start
    # today-1h, -30, -60 and -90 days; the count settles once typing stops.
    qtbot.waitUntil(
        lambda: f"4 entries from {start:%d/%m/%Y} onwards about" in dialog.sentence(),
        timeout=10_000,
    )
    assert dialog.entry_count == 4

    # A "to" date before the "from" date: one sentence, and nothing can be exported.
    box.to_date.check.setChecked(True)
    box.to_date.edit.setDate(box.from_date.edit.date().addDays(-1))
    assert dialog.sentence() == "The start date is after the end date: change one of them."
    assert not dialog.export_button.isEnabled()
    assert not dialog.preview_button.isEnabled()
    box.to_date.check.setChecked(False)
    qtbot.waitUntil(dialog.export_button.isEnabled)

    # The chronology produced for this choice holds exactly those entries.
    made = produce(dialog.ctx, child.child_id, dialog.choice(), lambda *_: None)
    text = pdf_text(made.pdf)
    assert "Fictional concern 9" in text and "Fictional concern 6" in text
    assert "Fictional concern 5:" not in text


def test_preview_without_saving_writes_no_file(  # type: ignore[no-untyped-def]
    qtbot, session: Session, tmp_path: Path
) -> None:
    child = add_child(session)
    add_concerns(session, child.child_id, 2)
    prompter = ScriptedPrompter()  # no save answers: asking to save would fail the test
    dialog = _open(qtbot, session, child.child_id, prompter)
    before = set(tmp_path.rglob("*.pdf"))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    preview = _preview(qtbot, dialog)
    assert preview.banner.state == "ok"
    assert "Not saved to disk" in preview.note_label.text()
    assert set(tmp_path.rglob("*.pdf")) == before
    assert dialog.last_saved is None
    assert prompter.kinds() == []


def test_a_head_can_export_a_referral_pack(  # type: ignore[no-untyped-def]
    qtbot, session: Session, tmp_path: Path
) -> None:
    child = add_child(session)
    add_concerns(session, child.child_id, 4)
    head = session_as(session, tmp_path / "vault", "Pat Head", Role.HEAD)
    try:
        target = tmp_path / "pack.pdf"
        prompter = ScriptedPrompter(saves=[target])
        dialog = _open(qtbot, head, child.child_id, prompter)
        qtbot.mouseClick(dialog.choice_box.pack_radio, Qt.MouseButton.LeftButton)
        assert (
            not dialog.choice_box.summary_radio.isEnabled()
        )  # dates and scope are the chronology's
        qtbot.waitUntil(lambda: "referral pack" in dialog.sentence(), timeout=10_000)
        assert "summary chronology (2 entries)" in dialog.sentence()
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        preview = _preview(qtbot, dialog)
        call = prompter.calls[0]
        assert call.title == "Export MASH referral pack"
        assert call.options["suggested_name"].startswith(f"referral-pack-{child.upn}-")
        data = target.read_bytes()
        assert verify_pdf(data).ok
        text = pdf_text(data)
        assert FORENAME in text and "OFFICIAL-SENSITIVE" in text
        assert preview.document.pageCount() == pdf_pages(data)
        event = audit_events(head, child.child_id, "export")[-1]
        assert event.payload["document"] == "referral pack"
        assert not [c for c in prompter.calls if c.kind == "error"]
        finish_tasks()
    finally:
        head.close()


def test_a_governor_cannot_open_the_dialog(  # type: ignore[no-untyped-def]
    qtbot, session: Session, tmp_path: Path
) -> None:
    child = add_child(session)
    governor = session_as(session, tmp_path / "vault", "Gita Governor", Role.GOVERNOR)
    try:
        prompter = ScriptedPrompter()
        ctx = make_ctx(governor, prompter)
        assert open_export_dialog(ctx, child.child_id) is None
        assert [(c.kind, c.text) for c in prompter.calls] == [
            ("error", "A governor cannot export records.")
        ]
        with pytest.raises(NotPermitted):
            ExportDialog(ctx, child.child_id)
        assert not audit_events(session, child.child_id, "export")
    finally:
        governor.close()


def test_a_failed_save_says_one_sentence_and_leaves_nothing(  # type: ignore[no-untyped-def]
    qtbot, session: Session, tmp_path: Path
) -> None:
    child = add_child(session)
    add_concerns(session, child.child_id, 1)
    missing = tmp_path / "no such folder" / "chronology.pdf"
    prompter = ScriptedPrompter(saves=[missing])
    dialog = _open(qtbot, session, child.child_id, prompter)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "error" in prompter.kinds(), timeout=30_000)
    error = prompter.calls[-1]
    assert error.title == "Export chronology"
    assert error.text.count(".") >= 1 and "\n" not in error.text
    assert not missing.parent.exists()
    assert dialog.last_preview is None
    assert dialog.export_button.isEnabled()  # ready to try somewhere else


def test_cancelling_the_save_dialog_exports_nothing(  # type: ignore[no-untyped-def]
    qtbot, session: Session
) -> None:
    child = add_child(session)
    prompter = ScriptedPrompter(saves=[None])
    dialog = _open(qtbot, session, child.child_id, prompter)
    assert "no entries" in dialog.sentence()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["save_file"]
    assert not audit_events(session, child.child_id, "export")


def test_open_export_dialog_opens_it_for_a_dsl(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    dialog = open_export_dialog(make_ctx(session), child.child_id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    qtbot.waitUntil(lambda: dialog.entry_count == 0, timeout=10_000)


def test_export_choice_rejects_an_inverted_range() -> None:
    good = ExportChoice("chronology", date(2025, 9, 1), date(2025, 12, 31))
    bad = ExportChoice("chronology", date(2026, 1, 1), date(2025, 12, 31))
    assert good.range_problem() is None
    assert bad.range_problem() == "The start date is after the end date: change one of them."
