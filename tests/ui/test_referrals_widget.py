"""Referrals: the dialog (a Friday referral is followed up on Monday), the child's list (late
ones stand out in colour AND words), escalation of a late referral, recording the outcome, a
read-only head, and the table model under pytest-qt's model tester."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel

from safelog.domain.records import Role
from safelog.domain.timefmt import LONDON
from safelog.services.referrals import (
    Agency,
    ReferralOutcome,
    add_referral,
    record_outcome,
    referral,
    referrals_for_child,
)
from safelog.services.session import Session
from tests.ui.test_sharing_support import (
    add_child,
    click,
    finish_tasks,
    make_ctx,
    new_session,
    session_as,
)
from ui.models.base import PAGE_SIZE
from ui.referrals import ReferralDialog, ReferralsWidget
from ui.referrals.outcome_dialog import EscalateDialog, OutcomeDialog
from ui.referrals.referral_dialog import follow_up_sentence
from ui.referrals.referrals_widget import ReferralsTableModel
from ui.seams import ScriptedPrompter
from ui.sharing.kit import qdatetime_from_london
from ui.theme import STATUS_STYLES, DueStatus


@pytest.fixture
def session(tmp_path: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(tmp_path / "vault")
    yield s
    finish_tasks()
    s.close()


def _ago(days: int) -> datetime:
    return (datetime.now(LONDON) - timedelta(days=days)).replace(microsecond=0)


def test_a_referral_made_on_a_friday_is_followed_up_on_monday(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    prompter = ScriptedPrompter()
    ctx = make_ctx(session, prompter)
    dialog = ReferralDialog(ctx, child.child_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    friday = datetime(2026, 3, 6, 15, 40, tzinfo=LONDON)
    assert friday.strftime("%A") == "Friday"
    dialog.agency.setCurrentIndex(dialog.agency.findData(Agency.MASH.value))
    dialog.when.setDateTime(qdatetime_from_london(friday))
    qtbot.keyClicks(dialog.reference, "MASH-2026-0412")
    qtbot.keyClicks(dialog.spoke_to, "R. Fictional, duty social worker")
    qtbot.keyClicks(dialog.summary, "Shared the disclosure made at lunchtime.")
    with qtbot.waitSignal(ctx.events.records_changed, timeout=1000) as changed:
        click(qtbot, dialog.save_button)
    assert changed.args == ["referrals"]
    assert prompter.calls == []
    expected = (
        "Follow up if no decision by the end of Monday 09/03/2026 "
        "(one working day, Working Together)."
    )
    assert dialog.follow_up.text() == expected
    assert dialog.done_panel.isVisible() and not dialog.save_button.isVisible()
    assert not dialog.summary.isEnabled(), "the saved form is read-only"
    [stored] = referrals_for_child(session, child.child_id)
    assert stored.follow_up_due == date(2026, 3, 9)
    assert stored.referred_at == friday and stored.reference == "MASH-2026-0412"
    click(qtbot, dialog.close_button)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_follow_up_sentence_names_the_weekday_in_uk_form() -> None:
    # Good Friday 2026 is 3 April and Easter Monday 6 April: a Thursday referral waits till Tuesday.
    assert "Tuesday 07/04/2026" in follow_up_sentence(date(2026, 4, 7))


def test_late_referral_stands_out_and_can_be_escalated(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    late = add_referral(
        session,
        child_id=child.child_id,
        agency=Agency.MASH,
        referred_at=_ago(10),
        reference="MASH-LATE-1",
    )
    fresh = add_referral(
        session,
        child_id=child.child_id,
        agency=Agency.EARLY_HELP,
        referred_at=_ago(0) - timedelta(minutes=5),
    )
    done = add_referral(
        session, child_id=child.child_id, agency=Agency.POLICE, referred_at=_ago(20)
    )
    record_outcome(session, done.referral_id, ReferralOutcome.NO_FURTHER_ACTION)
    prompter = ScriptedPrompter()
    ctx = make_ctx(session, prompter)
    widget = ReferralsWidget(ctx, child.child_id)
    qtbot.addWidget(widget)
    widget.resize(1000, 420)
    widget.show()
    qtbot.waitExposed(widget)

    model = widget.model
    rows = {model.referral(r).referral_id: r for r in range(model.rowCount())}
    late_row, fresh_row, done_row = (
        rows[late.referral_id],
        rows[fresh.referral_id],
        rows[done.referral_id],
    )
    status = model.index(late_row, 6)
    assert status.data() == "Late: no decision yet", "late is said in words"
    assert status.data(Qt.ItemDataRole.BackgroundRole) == QColor(
        STATUS_STYLES[DueStatus.OVERDUE].background
    ), "and shown in colour"
    assert model.index(fresh_row, 6).data() == "Awaiting decision"
    assert model.index(fresh_row, 6).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(done_row, 6).data() == "No further action"
    assert widget.late_label.isVisible() and "1 referral has" in widget.late_label.text()

    # A finished referral cannot be escalated; the late one can.
    widget.table.selectRow(done_row)
    assert not widget.escalate_button.isEnabled()
    widget.table.selectRow(late_row)
    assert widget.escalate_button.isEnabled()
    assert "late" in widget.escalate_button.toolTip()
    click(qtbot, widget.escalate_button)
    dialog = widget.last_dialog
    assert isinstance(dialog, EscalateDialog) and dialog.isVisible()
    # The MASH number from the school's settings is on hand for the call.
    assert any("01632 960 100" in label.text() for label in dialog.findChildren(QLabel))

    click(qtbot, dialog.ok_button)  # nothing written yet: refused with the core's sentence
    assert prompter.calls[-1].text == "Say how the referral was escalated and to whom."
    assert referral(session, late.referral_id).escalated_at is None
    qtbot.keyClicks(dialog.note, "Rang the MASH team manager; call back promised by 4pm.")
    with qtbot.waitSignal(ctx.events.records_changed, timeout=1000):
        click(qtbot, dialog.ok_button)
    stored = referral(session, late.referral_id)
    assert stored.escalated_at is not None and stored.escalation_note.startswith("Rang the MASH")
    qtbot.waitUntil(lambda: model.index(late_row, 5).data() != "", timeout=1000)
    assert model.index(late_row, 6).data() == "Late: no decision yet", "still late until decided"
    assert widget.selected_id() == late.referral_id, "the selection survives the refresh"


def test_record_outcome_closes_the_follow_up(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    open_one = add_referral(
        session, child_id=child.child_id, agency=Agency.MASH, referred_at=_ago(1)
    )
    ctx = make_ctx(session)
    widget = ReferralsWidget(ctx, child.child_id)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)
    widget.table.selectRow(0)
    widget.table.setFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_Return)  # Enter opens "Record outcome…"
    qtbot.waitUntil(lambda: widget.last_dialog is not None, timeout=1000)
    dialog = widget.last_dialog
    assert isinstance(dialog, OutcomeDialog)
    assert not dialog.ok_button.isEnabled(), "choose the decision first"
    click(qtbot, dialog.choices[ReferralOutcome.CHILD_PROTECTION])
    qtbot.keyClicks(dialog.note, "Strategy discussion held; s47 enquiry started.")
    click(qtbot, dialog.ok_button)
    stored = referral(session, open_one.referral_id)
    assert stored.outcome is ReferralOutcome.CHILD_PROTECTION
    qtbot.waitUntil(
        lambda: widget.model.index(0, 6).data() == "Child protection enquiry (s47)", timeout=1000
    )
    assert not widget.outcome_button.isEnabled(), "an outcome is recorded once"


def test_a_head_sees_referrals_but_cannot_add_or_change_them(
    qtbot, tmp_path: Path, qapp: QApplication
) -> None:  # type: ignore[no-untyped-def]
    dsl = new_session(tmp_path / "vault")
    child = add_child(dsl)
    add_referral(dsl, child_id=child.child_id, agency=Agency.LADO, referred_at=_ago(3))
    head = session_as(dsl, tmp_path / "vault", "Pat Head", Role.HEAD)
    try:
        widget = ReferralsWidget(make_ctx(head), child.child_id)
        qtbot.addWidget(widget)
        widget.show()
        assert widget.model.rowCount() == 1
        assert not widget.add_button.isVisible()
        assert not widget.escalate_button.isVisible()
    finally:
        finish_tasks()
        head.close()
        dsl.close()


def test_referrals_model_pages_and_passes_the_model_tester(qtmodeltester, session: Session) -> None:  # type: ignore[no-untyped-def]
    child = add_child(session)
    for n in range(PAGE_SIZE + 5):
        add_referral(
            session,
            child_id=child.child_id,
            agency=Agency.MASH,
            referred_at=_ago(400 - n),
            reference=f"R{n}",
        )
    model = ReferralsTableModel()
    model.set_rows(referrals_for_child(session, child.child_id))
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE + 5 and not model.canFetchMore(QModelIndex())
    model.set_rows(model_rows := referrals_for_child(session, child.child_id)[:3])
    assert model.rowCount() == len(model_rows)
    qtmodeltester.check(model)
