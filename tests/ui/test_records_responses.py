"""The DSL's response from the child's file: actions, decisions with reasons, reviews, triage,
outcome and closure; family members; flags; opening attachments; and a head's read-only view."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from safelog.domain.pupils import ChildFlag
from safelog.domain.records import ActionKind, ConcernRole, Role, Status
from safelog.services import children, concerns, household, responses, ui_records
from safelog.services.attachments import attach_bytes
from safelog.services.session import Session, login
from safelog.services.users import add_user
from safelog.store.vault import unlock
from tests.conftest import DSL, FAST_KDF
from tests.ui.test_records_support import (
    add_pupils,
    make_ctx,
    new_session,
    simple_draft,
    wait_tasks,
)
from ui.child_file import ChildFileWidget
from ui.dialogs.attachment_viewer import AttachmentViewerDialog
from ui.dialogs.edit_flags import EditFlagsDialog
from ui.dialogs.household import HouseholdMemberDialog
from ui.dialogs.responses import (
    AddActionDialog,
    CompleteActionDialog,
    ConcernEventDialog,
    RecordDecisionDialog,
)
from ui.pages.children import ChildrenPage
from ui.seams import ScriptedPrompter


@pytest.fixture
def session(tmp_path: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(tmp_path / "vault")
    yield s
    wait_tasks()()
    s.close()


def _file(qtbot, session: Session, child_id: int, prompter: ScriptedPrompter | None = None):  # type: ignore[no-untyped-def]
    widget = ChildFileWidget(make_ctx(session, prompter or ScriptedPrompter()), child_id)
    qtbot.addWidget(widget)
    widget.resize(1300, 860)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def test_actions_and_decisions_with_reasons(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    child = kids[0].child_id
    concern_id = concerns.log_concern(session, simple_draft(child))
    prompter = ScriptedPrompter()
    widget = _file(qtbot, session, child, prompter)
    widget.tabs.setCurrentWidget(widget.actions_tab)
    tab = widget.actions_tab

    qtbot.mouseClick(tab.add_action_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert isinstance(dialog, AddActionDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findText(ActionKind.SPOKE_TO_PARENT.label))
    qtbot.keyClicks(dialog.description, "Fictional: phone call to mum about the bruise.")
    _click(qtbot, dialog.due.check)
    dialog.concern.setCurrentIndex(dialog.concern.findData(concern_id))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=1000)
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(responses.actions_for_child(session, child)) == 1, timeout=2000)
    (action,) = responses.actions_for_child(session, child)
    assert action.kind is ActionKind.SPOKE_TO_PARENT and action.owner == DSL
    assert action.due_on is not None and action.concern_id == concern_id
    qtbot.waitUntil(lambda: tab.actions.total() == 1, timeout=1000)
    assert tab.actions.index(0, 4).data() == "Open"

    tab.actions_view.selectRow(0)
    qtbot.mouseClick(tab.complete_button, Qt.MouseButton.LeftButton)
    done = tab.last_dialog
    assert isinstance(done, CompleteActionDialog)
    qtbot.keyClicks(done.outcome, "Fictional: mum will bring the child to the GP.")
    qtbot.mouseClick(done.ok_button, Qt.MouseButton.LeftButton)
    assert responses.actions_for_child(session, child)[0].status is Status.DONE
    assert tab.actions.index(0, 5).data() == "Fictional: mum will bring the child to the GP."

    # A decision not to refer still needs its reasons.
    qtbot.mouseClick(tab.decision_button, Qt.MouseButton.LeftButton)
    decide = tab.last_dialog
    assert isinstance(decide, RecordDecisionDialog)
    qtbot.keyClicks(decide.decision.lineEdit(), "Do not refer: support and monitor in school")
    qtbot.mouseClick(decide.ok_button, Qt.MouseButton.LeftButton)
    assert prompter.calls[-1].text == (
        "Record the reasons for the decision (also when not referring)."
    )
    assert decide.isVisible()  # still open, with the decision still typed
    qtbot.keyClicks(decide.reasons, "Fictional: first concern, parent engaged, GP booked.")
    qtbot.mouseClick(decide.ok_button, Qt.MouseButton.LeftButton)
    (decision,) = responses.decisions_for_child(session, child)
    assert decision.decision == "Do not refer: support and monitor in school"
    assert decision.reasons == "Fictional: first concern, parent engaged, GP booked."
    assert tab.decisions.total() == 1
    # Decisions are significant: they appear in the summary chronology.
    widget.chronology_tab.select_summary(True)
    assert "D1" in [e.reference for e in widget.chronology_tab.entries()]

    # A review, then marking it done.
    qtbot.mouseClick(tab.review_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.last_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert tab.reviews.total() == 1
    tab.reviews_view.selectRow(0)
    qtbot.mouseClick(tab.reviewed_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.last_dialog.note, "Fictional: no new worries.")
    qtbot.mouseClick(tab.last_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert responses.reviews_for_child(session, child)[0].status is Status.DONE


def test_triage_outcome_close_and_reopen_a_concern(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    child = kids[0].child_id
    concern_id = concerns.log_concern(session, simple_draft(child))
    prompter = ScriptedPrompter()
    widget = _file(qtbot, session, child, prompter)
    widget.show_concern(concern_id)
    detail = widget.concerns_tab.detail
    assert detail.pill.text().strip() == "New"
    assert widget.concerns_tab.model.index(0, 2).data() == "New"

    qtbot.mouseClick(detail.triage_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(widget.concerns_tab.last_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert detail.pill.text().strip() == "Triaged"
    assert not detail.triage_button.isEnabled()

    qtbot.mouseClick(detail.outcome_button, Qt.MouseButton.LeftButton)
    outcome = widget.concerns_tab.last_dialog
    assert isinstance(outcome, ConcernEventDialog)
    qtbot.mouseClick(outcome.ok_button, Qt.MouseButton.LeftButton)
    assert prompter.calls[-1].text == "Say what the outcome is."
    qtbot.keyClicks(outcome.detail, "Fictional: early help offered and accepted.")
    qtbot.mouseClick(outcome.ok_button, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(detail.close_button, Qt.MouseButton.LeftButton)
    closing = widget.concerns_tab.last_dialog
    qtbot.keyClicks(closing.detail, "Fictional: support in place, no further worries.")
    qtbot.mouseClick(closing.ok_button, Qt.MouseButton.LeftButton)
    assert responses.concern_status(session, concern_id) == "closed"
    assert detail.pill.text().strip() == "Closed"
    assert detail.reopen_button.isVisibleTo(detail) and not detail.close_button.isVisibleTo(detail)
    events = detail.events_label.text()
    assert "Outcome recorded" in events and "early help offered" in events
    assert "Closed" in events and DSL in events
    assert [e.event for e in ui_records.concern_events(session, concern_id)] == [
        "triaged",
        "outcome",
        "closed",
    ]


def test_set_review_defaults_from_the_categories(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    child = kids[0].child_id
    concern_id = concerns.log_concern(session, simple_draft(child))  # physical abuse: 7 days
    widget = _file(qtbot, session, child)
    widget.show_concern(concern_id)
    qtbot.mouseClick(widget.concerns_tab.detail.review_button, Qt.MouseButton.LeftButton)
    dialog = widget.concerns_tab.last_dialog
    occurred = concerns.concern(session, concern_id).draft.occurred_at.date()
    assert (dialog.due.date().toPython() - occurred).days == 7
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (review,) = responses.reviews_for_child(session, child)
    assert review.concern_id == concern_id
    assert widget.concerns_tab.detail.fields["Next review"].text() == review.due_on.strftime(
        "%d/%m/%Y"
    )


def test_family_members_and_edits_need_a_reason(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 2)
    child = kids[0].child_id
    prompter = ScriptedPrompter()
    widget = _file(qtbot, session, child, prompter)
    widget.tabs.setCurrentWidget(widget.family_tab)
    tab = widget.family_tab
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_dialog
    assert isinstance(dialog, HouseholdMemberDialog)
    qtbot.keyClicks(dialog.name, "Fictional Ødegård")
    qtbot.keyClicks(dialog.relationship.lineEdit(), "Mother")
    _click(qtbot, dialog.responsibility)
    qtbot.keyClicks(dialog.dob, "31/02/1985")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "31/02/1985" in prompter.calls[-1].text  # one sentence, dialog stays open
    dialog.dob.clear()
    qtbot.keyClicks(dialog.dob, "03/04/1985")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (member,) = household.household(session, child)
    assert member.parental_responsibility and member.lives_with_child
    assert tab.model.index(0, 0).data() == "Fictional Ødegård"

    tab.table.selectRow(0)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    edit = tab.last_dialog
    _click(qtbot, edit.lives_with)
    qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    assert prompter.calls[-1].text == "Say why this family member's details are changing."
    qtbot.keyClicks(edit.reason, "Fictional: moved out in March.")
    qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    (member,) = household.household(session, child)
    assert member.revision == 2 and not member.lives_with_child
    assert tab.model.index(0, 2).data() == "No"


def test_edit_flags_records_a_new_version_with_a_reason(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    child = kids[0].child_id
    prompter = ScriptedPrompter()
    widget = _file(qtbot, session, child, prompter)
    assert [widget.chips.itemAt(i).widget().text() for i in range(widget.chips.count())] == []
    qtbot.mouseClick(widget.flags_button, Qt.MouseButton.LeftButton)
    dialog = widget.last_dialog
    assert isinstance(dialog, EditFlagsDialog)
    _click(qtbot, dialog.flag_boxes[ChildFlag.LOOKED_AFTER])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert prompter.calls[-1].text == "Say why the child's details are changing."
    qtbot.keyClicks(dialog.reason, "Fictional: placed with foster carers.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert children.child_by_id(session, child).flags == {ChildFlag.LOOKED_AFTER}
    assert children.child_versions(session, child)[-1]["reason"] == (
        "Fictional: placed with foster carers."
    )
    chips = [widget.chips.itemAt(i).widget().text() for i in range(widget.chips.count())]
    assert chips == ["Looked after"]


def _pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Fictional scanned form")
    page.save()
    return out.getvalue()


def test_documents_open_inside_the_app(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    child = kids[0].child_id
    concern_id = concerns.log_concern(session, simple_draft(child))
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    raw = QByteArray()
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    attach_bytes(session, concern_id, "photo.png", bytes(raw.data()), description="Arm")
    attach_bytes(session, concern_id, "note.txt", "Fictional note: Zoë said hello.".encode())
    attach_bytes(session, concern_id, "form.pdf", _pdf_bytes())
    widget = _file(qtbot, session, child)
    widget.tabs.setCurrentWidget(widget.documents_tab)
    tab = widget.documents_tab
    assert tab.model.total() == 3
    opened = []
    for row in range(3):
        tab.table.selectRow(row)
        viewer = tab.open_selected()
        assert isinstance(viewer, AttachmentViewerDialog)
        qtbot.addWidget(viewer)
        opened.append(viewer)
    kinds = {v.info.filename: type(v.viewer).__name__ for v in opened}
    assert kinds == {
        "photo.png": "_ImageView",
        "note.txt": "QPlainTextEdit",
        "form.pdf": "QPdfView",
    }
    text = next(v for v in opened if v.info.filename == "note.txt").viewer
    assert (
        isinstance(text, QPlainTextEdit) and text.toPlainText() == "Fictional note: Zoë said hello."
    )
    pdf = next(v for v in opened if v.info.filename == "form.pdf")
    assert pdf.document.pageCount() == 1
    # Each opening is an audited read of the attachment.
    events = [e for e in session.vault.log("records").events(object_type="attachment")]
    assert len([e for e in events if e.action == "open"]) == 3


def test_a_head_reads_but_cannot_change_anything(qtbot, tmp_path: Path, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    concerns.log_concern(session, simple_draft(kids[0].child_id))
    add_user(
        session,
        name="Fictional Head",
        role=Role.HEAD,
        passphrase="head pass phrase ok",
        kdf=FAST_KDF,
    )
    head = login(unlock(tmp_path / "vault", "Fictional Head", "head pass phrase ok"))
    try:
        ctx = make_ctx(head)
        page = ChildrenPage(ctx)
        qtbot.addWidget(page)
        assert not page.import_button.isEnabled()
        widget = ChildFileWidget(ctx, kids[0].child_id)
        qtbot.addWidget(widget)
        assert not widget.log_button.isEnabled() and not widget.flags_button.isEnabled()
        widget.tabs.setCurrentWidget(widget.concerns_tab)
        detail = widget.concerns_tab.detail
        assert detail.concern_id is not None
        assert not any(b.isEnabled() for b in detail.buttons)
        widget.tabs.setCurrentWidget(widget.actions_tab)
        assert not widget.actions_tab.add_action_button.isEnabled()
    finally:
        wait_tasks()()
        head.close()


def test_a_file_that_cannot_be_shown_in_app_needs_consent(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    from safelog.services.attachments import attachments_for_concern
    from ui.dialogs.attachment_viewer import open_attachment

    kids = add_pupils(session, 1)
    concern_id = concerns.log_concern(session, simple_draft(kids[0].child_id))
    attach_bytes(session, concern_id, "phone-photo.heic", b"fictional heic bytes")
    (info,) = attachments_for_concern(session, concern_id)
    prompter = ScriptedPrompter(confirms=[False])
    assert open_attachment(make_ctx(session, prompter), info) is None
    assert prompter.calls[-1].kind == "confirm"
    assert prompter.calls[-1].options["confirm_label"] == "Open decrypted copy"
    opened = [e for e in session.vault.log("records").events(object_type="attachment")]
    assert opened == []  # declined: nothing decrypted, nothing read


def test_log_a_concern_from_the_file_and_add_an_attachment_later(
    qtbot, tmp_path: Path, session: Session
) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.log_concern import LogConcernDialog

    kids = add_pupils(session, 1)
    child = kids[0].child_id
    concern_id = concerns.log_concern(session, simple_draft(child))
    scan = tmp_path / "scan.txt"
    scan.write_text("Fictional scanned note.", encoding="utf-8")
    prompter = ScriptedPrompter(opens=[scan])
    widget = _file(qtbot, session, child, prompter)
    qtbot.mouseClick(widget.log_button, Qt.MouseButton.LeftButton)
    form = widget.last_dialog
    assert isinstance(form, LogConcernDialog)
    assert form.form.involvement.involvements() == [(kids[0], ConcernRole.SUBJECT)]
    qtbot.mouseClick(widget.log_button, Qt.MouseButton.LeftButton)
    assert widget.last_dialog is form  # one form at a time
    form.done(0)

    widget.show_concern(concern_id)
    detail = widget.concerns_tab.detail
    assert detail.no_files.isVisibleTo(detail)
    qtbot.mouseClick(detail.attach_button, Qt.MouseButton.LeftButton)
    assert [c.title for c in prompter.calls][-1] == "File stored"
    assert [a.filename for a in detail.attachments] == ["scan.txt"]
    widget.tabs.setCurrentWidget(widget.documents_tab)
    assert widget.documents_tab.model.total() == 1
