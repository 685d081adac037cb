"""Screenshots of every sharing, referral and allegation screen on a demo vault (300 pupils,
3,000 concerns), saved under tests/output/ui/ to be looked at. Each also checks what a
reviewer would: the demo banner is there, nothing is clipped off the right edge, and the
controls on screen have accessible names."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Role
from safelog.domain.timefmt import LONDON
from safelog.services import children
from safelog.services.allegations import open_case, update_case
from safelog.services.demo import fill_demo
from safelog.services.referrals import (
    Agency,
    ReferralOutcome,
    add_referral,
    escalate,
    record_outcome,
)
from safelog.services.session import Session
from tests.ui.test_sharing_support import (
    Wizard,
    click,
    finish_tasks,
    make_ctx,
    new_session,
    session_as,
    shot,
)
from ui.allegations import AllegationsPage
from ui.allegations.case_dialog import CaseUpdateDialog, NewCaseDialog
from ui.context import AppContext
from ui.referrals import ReferralDialog, ReferralsWidget
from ui.referrals.outcome_dialog import EscalateDialog, OutcomeDialog
from ui.seams import ScriptedPrompter
from ui.sharing.kit import DEMO_TEXT, demo_banner
from ui.theme import apply_theme


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, Path]]:
    root = tmp_path_factory.mktemp("demo") / "vault"
    session = new_session(root, demo=True)
    fill_demo(session, pupils=300, concerns=3000, seed=11)
    yield session, root
    finish_tasks()
    session.close()


@pytest.fixture
def ctx(demo: tuple[Session, Path], qapp: QApplication) -> AppContext:
    apply_theme(qapp)
    return make_ctx(demo[0], ScriptedPrompter(confirms=[True] * 20))


def _child_id(session: Session, offset: int = 5) -> int:
    return children.list_children(session, offset=offset, limit=1, audit=False)[0].child_id


def check_screen(widget: QWidget) -> None:
    """The banner is shown, and every visible control has an accessible name."""
    assert any(label.text() == DEMO_TEXT for label in widget.findChildren(QLabel))
    for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox):
        for control in widget.findChildren(kind):
            internal = control.objectName().startswith("qt_")  # a spin box's own line edit
            if control.isVisible() and not internal and control.window() is widget.window():
                assert control.accessibleName(), f"{type(control).__name__} without a name"


def _wizard(qtbot, ctx: AppContext, child_id: int) -> Wizard:  # type: ignore[no-untyped-def]
    w = Wizard(qtbot, ctx, child_id)
    w.dlg.resize(1120, 780)
    return w


def test_wizard_step_types(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    w = _wizard(qtbot, ctx, _child_id(ctx.session))
    check_screen(w.dlg)
    shot(w.dlg, "sharing_01_question")
    w.answer("no")
    w.next()
    w.answer("request")
    w.next()
    w.type("requester_name", "B. Fictional")
    w.type("requester_role", "Family support worker")
    w.type("requester_agency", "Exampleshire Children's Services")
    w.type("request_details", "Attendance and any concerns this term, for a CIN review.")
    check_screen(w.dlg)
    shot(w.dlg, "sharing_02_capture")
    w.next()
    w.answer("yes")
    shot(w.dlg, "sharing_03_question_with_field")
    w.choose("verification_method", "switchboard_callback")
    w.next()
    w.answer("yes")
    w.type("purpose", "To support the child in need plan review on Friday.")
    w.next()
    w.answer("yes")
    w.next()
    w.answer("yes")
    w.next()
    check_screen(w.dlg)
    shot(w.dlg, "sharing_04_select")
    w.choose("lawful_basis_art6", "A6_1_E")
    w.choose("lawful_basis_art9", "A9_2_G")
    w.choose("lawful_basis_sch1", "SCH1_P2_PARA18")
    w.choose("reason_consent_not_sought", "CANNOT_REASONABLY_BE_OBTAINED")
    w.next()
    w.answer("yes")
    w.next()
    shot(w.dlg, "sharing_05_capture_consent")
    w.choose("consent_status", "not_sought")
    w.type("views_of_child_and_family", "Mum agreed the school should help with the review.")
    w.next()
    check_screen(w.dlg)
    shot(w.dlg, "sharing_06_checklist")
    w.tick_all("checks")
    w.choose("share_scope", "part")
    w.type("necessity_rationale", "Attendance and concerns only; no health details.")
    w.next()
    check_screen(w.dlg)
    shot(w.dlg, "sharing_07_record")
    w.type("items_shared", "Attendance this term: 91%\nThree concerns logged (dates only)")
    w.type("recipients", "B. Fictional, family support worker")
    w.choose("method", "secure_email")
    w.next()
    w.type("withheld_summary", "Health notes from the school nurse")
    w.type("withheld_reason", "Not needed for the review; the nurse will share directly.")
    w.next()
    w.type("decision_reasons", "Needed for the plan review; only the part the review needs.")
    check_screen(w.dlg)
    shot(w.dlg, "sharing_08_closing_form")
    w.next()
    check_screen(w.dlg)
    shot(w.dlg, "sharing_09_summary")
    bar = w.dlg.page.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    shot(w.dlg, "sharing_09b_summary_record")
    w.dlg.reject()


def test_wizard_emergency_refusal_and_advice(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    w = _wizard(qtbot, ctx, _child_id(ctx.session, 6))
    w.answer("yes")
    w.next()
    check_screen(w.dlg)
    shot(w.dlg, "sharing_10_emergency")
    w.next()
    shot(w.dlg, "sharing_11_emergency_form")
    w.dlg.reject()

    w = _wizard(qtbot, ctx, _child_id(ctx.session, 7))
    w.answer("no")
    w.next()
    w.answer("proactive")
    w.next()
    w.answer("no")
    w.type("purpose", "A request from a parent at another school.")
    w.next()
    w.next()  # Review and save with no reasons: refused
    shot(w.dlg, "sharing_12_do_not_share_refused")
    w.dlg.reject()

    w = _wizard(qtbot, ctx, _child_id(ctx.session, 8))
    w.answer("not_sure")
    w.next()
    check_screen(w.dlg)
    shot(w.dlg, "sharing_13_seek_advice")
    click(qtbot, w.dlg.cancel_button)


def test_referral_screens(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    session = ctx.session
    child_id = _child_id(session, 9)
    now = datetime.now(LONDON).replace(microsecond=0)
    done = add_referral(
        session,
        child_id=child_id,
        agency=Agency.MASH,
        referred_at=now - timedelta(days=60),
        reference="MASH-2026-0188",
        spoke_to="R. Fictional, duty social worker",
        summary="Bruising seen.",
    )
    record_outcome(session, done.referral_id, ReferralOutcome.CHILD_IN_NEED, note="CIN plan.")
    add_referral(
        session,
        child_id=child_id,
        agency=Agency.EARLY_HELP,
        referred_at=now - timedelta(days=30),
        reference="EH-5521",
    )
    late = add_referral(
        session,
        child_id=child_id,
        agency=Agency.MASH,
        referred_at=now - timedelta(days=9),
        reference="MASH-2026-0412",
        spoke_to="T. Fictional, consultation line",
    )
    escalate(session, late.referral_id, "Rang the team manager; no reply yet.")
    add_referral(
        session,
        child_id=child_id,
        agency=Agency.POLICE,
        referred_at=now - timedelta(days=8),
        reference="CAD 1234",
    )
    add_referral(
        session, child_id=child_id, agency=Agency.MASH, referred_at=now - timedelta(hours=2)
    )

    # As the child's file would show it: the demo banner above the tab.
    holder = QWidget()
    holder.setAccessibleName("Referrals tab")
    box = QVBoxLayout(holder)
    banner = demo_banner(ctx, holder)
    assert banner is not None
    box.addWidget(banner)
    widget = ReferralsWidget(ctx, child_id, holder)
    box.addWidget(widget)
    qtbot.addWidget(holder)
    holder.resize(1100, 460)
    holder.show()
    qtbot.waitExposed(holder)
    widget.select(late.referral_id)
    check_screen(holder)
    shot(holder, "referrals_01_list")

    click(qtbot, widget.escalate_button)
    assert isinstance(widget.last_dialog, EscalateDialog)
    check_screen(widget.last_dialog)
    shot(widget.last_dialog, "referrals_02_escalate")
    widget.last_dialog.reject()
    widget.table.selectRow(1)
    click(qtbot, widget.outcome_button)
    assert isinstance(widget.last_dialog, OutcomeDialog)
    check_screen(widget.last_dialog)
    shot(widget.last_dialog, "referrals_03_outcome")
    widget.last_dialog.reject()

    dialog = ReferralDialog(ctx, child_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    check_screen(dialog)
    shot(dialog, "referrals_04_dialog")
    qtbot.keyClicks(dialog.reference, "MASH-2026-0500")
    qtbot.keyClicks(dialog.spoke_to, "A. Fictional, duty social worker")
    qtbot.keyClicks(dialog.summary, "Disclosure at lunch; social worker to visit today.")
    click(qtbot, dialog.save_button)
    shot(dialog, "referrals_05_dialog_saved")


def test_allegation_screens(qtbot, ctx: AppContext, demo: tuple[Session, Path]) -> None:  # type: ignore[no-untyped-def]
    session, root = demo
    now = datetime.now(LONDON).replace(microsecond=0)
    a = open_case(
        session,
        staff_name="Jordan Fictional",
        staff_role="Teaching assistant",
        allegation="A pupil said J. grabbed her arm in the corridor.",
        received_at=now - timedelta(days=40),
        reported_by="Parent, by phone",
    )
    update_case(
        session,
        a,
        reason="LADO advised internal investigation.",
        lado_consulted_at=now - timedelta(days=39),
        lado_reference="LADO-77",
    )
    update_case(session, a, reason="Investigation concluded.", outcome="unsubstantiated")
    update_case(session, a, reason="Reported to LADO.", status="closed")
    b = open_case(
        session,
        staff_name="Casey Fictional",
        staff_role="Supply teacher",
        allegation="Shouted at and pushed a Year 7 pupil.",
        received_at=now - timedelta(days=3),
    )
    update_case(session, b, reason="LADO consulted.", lado_consulted_at=now - timedelta(days=2))
    open_case(
        session,
        staff_name="Robin Fictional",
        allegation="Messaged a pupil on social media.",
        received_at=now - timedelta(hours=5),
        reported_by="Year 10 pupil",
    )

    page = AllegationsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 460)
    page.show()
    qtbot.waitExposed(page)
    page.table.selectRow(1)
    check_screen(page)
    shot(page, "allegations_01_page")
    click(qtbot, page.outcome_button)
    assert isinstance(page.last_dialog, CaseUpdateDialog)
    page.last_dialog.outcome.setCurrentIndex(2)
    check_screen(page.last_dialog)
    shot(page.last_dialog, "allegations_02_outcome")
    page.last_dialog.reject()
    click(qtbot, page.new_button)
    assert isinstance(page.last_dialog, NewCaseDialog)
    check_screen(page.last_dialog)
    shot(page.last_dialog, "allegations_03_new_case")
    page.last_dialog.reject()

    deputy = session_as(session, root, "Dee Deputy", Role.DEPUTY)
    try:
        refused = AllegationsPage(make_ctx(deputy))
        qtbot.addWidget(refused)
        refused.resize(900, 300)
        refused.show()
        qtbot.waitExposed(refused)
        shot(refused, "allegations_04_deputy_refused")
    finally:
        deputy.close()
