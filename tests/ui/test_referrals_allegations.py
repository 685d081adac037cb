"""Allegations against staff: the DSL opens a case, records the LADO consultation, the outcome
and the closure (each a new revision with its reason); the head can open the page; a deputy
who reaches it sees one sentence and no case is read."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QTableView

from safelog.domain.records import Role
from safelog.domain.timefmt import LONDON
from safelog.services.allegations import AllegationOutcome, cases, open_case
from safelog.services.session import Session
from safelog.store.header import RECORDS
from tests.ui.test_sharing_support import click, finish_tasks, make_ctx, new_session, session_as
from ui.allegations import AllegationsPage
from ui.allegations.case_dialog import CaseUpdateDialog, NewCaseDialog
from ui.allegations.cases_model import AllegationCasesTableModel
from ui.seams import ScriptedPrompter
from ui.theme import STATUS_STYLES, DueStatus


@pytest.fixture
def session(tmp_path: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(tmp_path / "vault")
    yield s
    finish_tasks()
    s.close()


def _page(qtbot, ctx) -> AllegationsPage:  # type: ignore[no-untyped-def]
    page = AllegationsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 500)
    page.show()
    qtbot.waitExposed(page)
    return page


def _audited_reads(session: Session) -> int:
    """How many times the case list has been read (each read is an audit event)."""
    return sum(1 for _ in session.vault.log(RECORDS).events(object_type="allegations"))


def test_dsl_opens_a_case_and_records_lado_outcome_and_closure(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter()
    ctx = make_ctx(session, prompter)
    page = _page(qtbot, ctx)
    assert page.refused is None
    assert page.count_label.text() == "No cases recorded"

    click(qtbot, page.new_button)
    dialog = page.last_dialog
    assert isinstance(dialog, NewCaseDialog)
    click(qtbot, dialog.ok_button)  # empty: the core's sentence, nothing saved
    assert prompter.calls[-1].text == "Give the member of staff's name and what is alleged."
    qtbot.keyClicks(dialog.staff_name, "Jordan Fictional")
    qtbot.keyClicks(dialog.staff_role, "Teaching assistant")
    qtbot.keyClicks(dialog.allegation, "A pupil said J. grabbed her arm in the corridor.")
    qtbot.keyClicks(dialog.reported_by, "Parent, by phone")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: page.model.total() == 1, timeout=1000)
    assert page.selected() is not None, "the new case is selected"
    model = page.model
    assert [model.index(0, c).data() for c in (1, 2, 3, 6, 7)] == [
        "Jordan Fictional",
        "Teaching assistant",
        "A pupil said J. grabbed her arm in the corridor.",
        "Not yet",
        "Open",
    ]
    assert model.index(0, 5).data().startswith("Not yet: due by "), "LADO within a working day"

    click(qtbot, page.lado_button)
    lado = page.last_dialog
    assert isinstance(lado, CaseUpdateDialog) and lado.kind == "lado"
    qtbot.keyClicks(lado.reference, "LADO-77")
    click(qtbot, lado.ok_button)  # no reason given: refused
    assert prompter.calls[-1].text == "Say what changed in the case."
    qtbot.keyClicks(lado.reason, "LADO advised a strategy discussion; staff member to be told.")
    click(qtbot, lado.ok_button)
    qtbot.waitUntil(lambda: "LADO-77" in model.index(0, 5).data(), timeout=1000)

    click(qtbot, page.outcome_button)
    outcome = page.last_dialog
    assert isinstance(outcome, CaseUpdateDialog) and not outcome.ok_button.isEnabled()
    outcome.outcome.setCurrentIndex(outcome.outcome.findData("unsubstantiated"))
    assert "neither guilt nor innocence" in outcome.meaning.text()
    qtbot.keyClicks(outcome.reason, "Investigation by the case manager; witnesses disagreed.")
    click(qtbot, outcome.ok_button)
    qtbot.waitUntil(lambda: model.index(0, 6).data() == "Unsubstantiated", timeout=1000)

    click(qtbot, page.close_button)  # an outcome exists, so no question is asked
    closing = page.last_dialog
    assert isinstance(closing, CaseUpdateDialog) and closing.kind == "close"
    qtbot.keyClicks(closing.reason, "Outcome reported to the LADO; file kept.")
    click(qtbot, closing.ok_button)
    qtbot.waitUntil(lambda: model.index(0, 7).data() == "Closed", timeout=1000)
    assert not page.lado_button.isEnabled(), "a closed case takes no more entries"

    [case] = cases(session)
    assert case.status == "closed" and case.outcome is AllegationOutcome.UNSUBSTANTIATED
    assert case.lado_reference == "LADO-77" and case.revision == 4
    assert [c.kind for c in prompter.calls] == ["error", "error"]


def test_closing_without_an_outcome_asks_first(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    open_case(
        session,
        staff_name="Casey Fictional",
        allegation="Shouted at a pupil.",
        received_at=datetime.now(LONDON) - timedelta(days=2),
    )
    prompter = ScriptedPrompter(confirms=[False])
    page = _page(qtbot, make_ctx(session, prompter))
    page.table.selectRow(0)
    click(qtbot, page.close_button)
    assert prompter.calls[-1].kind == "confirm"
    assert page.last_dialog is None, "kept open: no dialog"


def test_a_deputy_sees_one_sentence_and_no_case_is_read(
    qtbot, tmp_path: Path, qapp: QApplication
) -> None:  # type: ignore[no-untyped-def]
    dsl = new_session(tmp_path / "vault")
    open_case(
        dsl,
        staff_name="Robin Fictional",
        allegation="Fictional allegation.",
        received_at=datetime.now(LONDON) - timedelta(days=1),
    )
    before = _audited_reads(dsl)
    deputy = session_as(dsl, tmp_path / "vault", "Dee Deputy", Role.DEPUTY)
    try:
        prompter = ScriptedPrompter()
        page = _page(qtbot, make_ctx(deputy, prompter))
        assert page.refused == (
            "Only the DSL and the headteacher can open allegations against staff, and you are "
            "signed in as a Deputy DSL."
        )
        assert page.message.text() == page.refused and page.message.isVisible()
        assert page.findChildren(QTableView) == [], "no list at all"
        assert all("Robin" not in label.text() for label in page.findChildren(QLabel))
        assert prompter.calls == []
        assert _audited_reads(dsl) == before, "the list was never read"
        page.refresh()  # nothing happens, nothing breaks
    finally:
        finish_tasks()
        deputy.close()
        dsl.close()


def test_the_head_can_open_the_page(qtbot, tmp_path: Path, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    dsl = new_session(tmp_path / "vault")
    open_case(
        dsl,
        staff_name="Robin Fictional",
        allegation="Fictional allegation.",
        received_at=datetime.now(LONDON) - timedelta(days=1),
    )
    head = session_as(dsl, tmp_path / "vault", "Pat Head", Role.HEAD)
    try:
        before = _audited_reads(dsl)
        page = _page(qtbot, make_ctx(head))
        assert page.refused is None and page.model.total() == 1
        page.repaint()
        QApplication.processEvents()
        assert _audited_reads(dsl) == before + 1, "one audited read on opening, none on repaint"
    finally:
        finish_tasks()
        head.close()
        dsl.close()


def test_cases_model_passes_the_model_tester(qtmodeltester, session: Session) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        open_case(
            session,
            staff_name=f"Staff {n}",
            allegation="Fictional.",
            received_at=datetime.now(LONDON) - timedelta(days=n + 1),
        )
    model = AllegationCasesTableModel()
    model.set_rows(cases(session))
    qtmodeltester.check(model)


def test_an_open_case_without_lado_contact_after_a_working_day_is_overdue(
    session: Session, qapp: QApplication
) -> None:
    received = datetime(2026, 3, 6, 16, 0, tzinfo=LONDON)  # a Friday: due by Monday
    open_case(session, staff_name="Sky Fictional", allegation="Fictional.", received_at=received)
    on_monday = AllegationCasesTableModel(today=lambda: date(2026, 3, 9))
    on_tuesday = AllegationCasesTableModel(today=lambda: date(2026, 3, 10))
    for model in (on_monday, on_tuesday):
        model.set_rows(cases(session))
    column = AllegationCasesTableModel.LADO_COLUMN
    assert on_monday.index(0, column).data() == "Not yet: due by Mon 09/03/2026"
    assert on_monday.index(0, column).data(Qt.ItemDataRole.ForegroundRole) is None
    late = on_tuesday.index(0, column)
    assert late.data() == "Overdue: was due Mon 09/03/2026", "said in words"
    assert late.data(Qt.ItemDataRole.ForegroundRole) == QColor(
        STATUS_STYLES[DueStatus.OVERDUE].foreground
    ), "and in colour"
