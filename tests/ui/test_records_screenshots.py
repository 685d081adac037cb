"""Screenshots of every records screen on a fictional demo vault (300 pupils, 3,000 concerns),
saved under tests/output/ui/ to be looked at. Each screen is also checked for the demo banner
and for inputs without an accessible name."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from safelog.domain.bodymap import BodyMark, BodySide, MarkKind
from safelog.domain.records import ActionKind, ConcernDraft, ConcernRole, Involvement
from safelog.domain.timefmt import LONDON, today_london
from safelog.services import children, concerns, household, responses
from safelog.services.attachments import attach_bytes
from safelog.services.demo import fill_demo
from safelog.services.drafts import discard_draft
from safelog.services.session import Session, login
from safelog.store.vault import unlock
from tests.conftest import DSL, PASSPHRASE
from tests.ui.test_records_support import csv_bytes, make_ctx, new_session, shot, upn, wait_tasks
from ui.child_file import ChildFileWidget
from ui.context import AppContext
from ui.dialogs.common import DEMO_TEXT
from ui.dialogs.import_pupils import ImportPupilsDialog
from ui.dialogs.log_concern import DRAFT_FORM, LogConcernDialog
from ui.dialogs.responses import RecordDecisionDialog
from ui.pages.children import ChildrenPage
from ui.seams import ScriptedPrompter
from ui.theme import apply_theme


def unnamed_inputs(root: QWidget) -> list[str]:
    """Visible inputs a screen reader could not name (no accessible name and no text)."""
    missing = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or isinstance(
            w.parent(), QAbstractSpinBox | QComboBox | QLineEdit
        ):
            continue  # parts of a date, combo or line edit (its clear button) go with it
        if isinstance(w, QHeaderView):
            continue  # a table's header is read with the table
        if isinstance(
            w, QLineEdit | QPlainTextEdit | QComboBox | QAbstractSpinBox | QAbstractItemView
        ):
            if not w.accessibleName():
                missing.append(f"{type(w).__name__} {w.objectName()}")
        elif isinstance(w, QAbstractButton) and not (w.accessibleName() or w.text()):
            missing.append(f"{type(w).__name__} without text")
    return missing


def shows_demo_banner(root: QWidget) -> bool:
    return any(
        lbl.text() == DEMO_TEXT and lbl.isVisibleTo(root) for lbl in root.findChildren(QLabel)
    )


def check_and_shoot(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()
    assert shows_demo_banner(widget), f"{name}: no FICTIONAL DEMO DATA banner"
    assert unnamed_inputs(widget) == [], name
    path = shot(widget, name)
    assert QImage(str(path)).width() == widget.width()
    return path


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> Iterator[Path]:
    """A demo vault built once, with one child's file filled in by hand for the screenshots."""
    if not qapp.styleSheet():  # once per process: other modules' tests may have themed it
        apply_theme(qapp)
    root = tmp_path_factory.mktemp("demo") / "vault"
    session = new_session(root, demo=True)
    fill_demo(session, pupils=300, concerns=3000, seed=11)
    _fill_one_file(session)
    session.close()
    yield root


def _png(colour: str) -> bytes:
    image = QImage(480, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4efe6"))
    painter = QPainter(image)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(150, 90, 180, 120)
    painter.drawText(20, 30, "FICTIONAL SCAN — demo only")
    painter.end()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    raw = QByteArray()
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(raw.data())


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 760, "Fictional Demo Academy - record of concern (paper form, scanned)")
    page.drawString(72, 730, "FICTIONAL DEMO DATA")
    page.save()
    return out.getvalue()


def _subject(session: Session) -> tuple[int, int]:
    kids = children.list_children(
        session, children.ChildFilter(year_group="Year 8"), limit=3, audit=False
    )
    return kids[1].child_id, kids[2].child_id


def _fill_one_file(session: Session) -> None:
    child, other = _subject(session)
    when = datetime.now(LONDON).replace(second=0, microsecond=0)
    draft = ConcernDraft(
        children=(
            Involvement(child, ConcernRole.SUBJECT),
            Involvement(other, ConcernRole.ALLEGED_PERPETRATOR),
        ),
        occurred_at=when.replace(hour=10, minute=40) if when.hour > 11 else when,
        categories=("physical-abuse-between-children", "bullying"),
        facts="Fictional: at morning break the child was pushed against the wall by another "
        "pupil. A red mark about 4 cm across was seen on the left upper arm. Reported by "
        "Mr Example (TA).",
        child_words="he always does it when sir isn't looking",
        opinion="In my view the child was frightened and did not want to say more.",
        location="Playground, by the bike shed",
        others_present="Mr Example (TA); two pupils from 8B",
        immediate_action="Separated the pupils; first aid given; DSL told at 10:55.",
        dsl_told=True,
        significant=True,
        body_marks=(
            BodyMark(BodySide.FRONT, 0.26, 0.3, MarkKind.MARK, "Red mark, 4 cm").to_dict(),
            BodyMark(BodySide.BACK, 0.7, 0.33, MarkKind.BRUISE, "Faint bruise").to_dict(),
        ),
    )
    concern_id = concerns.log_concern(session, draft)
    concerns.correct_concern(
        session,
        concern_id,
        ConcernDraft(**{**draft.__dict__, "location": "Playground, by the bike shelter"}),
        "Fictional: the place was written down wrongly from the paper form.",
    )
    attach_bytes(
        session,
        concern_id,
        "playground-form-scan.png",
        _png("#c0392b"),
        description="Scanned paper form",
    )
    attach_bytes(session, concern_id, "first-aid-record.pdf", _pdf(), description="First aid")
    responses.concern_event(session, concern_id, "triaged", "Read the same morning.")
    responses.add_action(
        session,
        child_id=child,
        kind=ActionKind.SPOKE_TO_PARENT,
        description="Phoned parent about the incident and the mark.",
        owner=DSL,
        due_on=today_london(),
        concern_id=concern_id,
    )
    responses.add_action(
        session,
        child_id=child,
        kind=ActionKind.MONITOR,
        description="Check in with the child each morning for two weeks.",
        owner="Mrs Sample (form tutor)",
        due_on=date(2020, 1, 6),
        concern_id=concern_id,
    )
    responses.record_decision(
        session,
        child_id=child,
        concern_id=concern_id,
        decision="Do not refer: support and monitor in school",
        reasons="Fictional: first incident between these pupils; parent engaged; behaviour "
        "policy applied to the other pupil; will refer if it happens again.",
    )
    responses.set_review(
        session,
        child_id=child,
        due_on=today_london(),
        concern_id=concern_id,
        note="Check the morning check-ins happened.",
    )
    household.save_member(
        session,
        child_id=child,
        name="Fictional Parent One",
        relationship="Mother",
        parental_responsibility=True,
        contact="07700 900123 (fictional)",
    )
    household.save_member(
        session,
        child_id=child,
        name="Fictional Partner",
        relationship="Mother's partner",
        notes="Moved in last year.",
    )
    household.save_member(
        session,
        child_id=child,
        name="Fictional Grandparent",
        relationship="Grandmother",
        lives_with_child=False,
        notes="Collects from school on Fridays.",
    )


@pytest.fixture
def ctx(demo_vault: Path) -> Iterator[AppContext]:
    session = login(unlock(demo_vault, DSL, PASSPHRASE))
    yield make_ctx(session, ScriptedPrompter())
    wait_tasks()()
    session.close()


def test_children_page(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    assert page.count_label.text() == "300 children"
    check_and_shoot(page, "records_children_page")
    page.year_combo.setCurrentIndex(page.year_combo.findText("Year 8"))
    qtbot.keyClicks(page.filter_edit, "an")
    page.apply_filter_now()
    assert page.model.total() > 0
    check_and_shoot(page, "records_children_page_year8")


def test_import_preview_with_errors(qtbot, tmp_path: Path, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "mis-export.csv"
    rows = [
        [upn(n), "Fictional", f"Pupil{n}", "", "01/09/2012", "8", "8A", "N"]
        for n in range(500, 530)
    ]
    rows[3][0] = "A1234"
    rows[7][4] = "31/02/2012"
    rows[12][4] = "2012/13/40"
    rows[20][1] = ""
    bad.write_bytes(csv_bytes(rows))
    ctx.prompter.script_open(bad)  # type: ignore[attr-defined]
    dialog = ImportPupilsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    check_and_shoot(dialog, "records_import_empty")
    dialog.choose_file()
    qtbot.waitUntil(lambda: dialog.parsed is not None, timeout=5000)
    assert dialog.errors_model.total() == 4 and not dialog.import_button.isEnabled()
    check_and_shoot(dialog, "records_import_preview_errors")


def test_child_file_every_tab(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    child, _other = _subject(ctx.session)
    widget = ChildFileWidget(ctx, child)
    qtbot.addWidget(widget)
    widget.resize(1400, 880)
    widget.show()
    qtbot.waitExposed(widget)
    check_and_shoot(widget, "records_file_1_chronology_full")
    widget.chronology_tab.select_summary(True)
    check_and_shoot(widget, "records_file_1_chronology_summary")
    widget.chronology_tab.select_summary(False)
    concern_id = next(
        int(e.reference[1:].split()[0])
        for e in widget.chronology_tab.entries()
        if e.reference.endswith("rev 2")
    )
    widget.show_concern(concern_id)
    detail = widget.concerns_tab.detail
    assert detail.revisions.total() == 2 and len(detail.attachments) == 2
    check_and_shoot(widget, "records_file_2_concerns")
    scroll = detail.parentWidget().parentWidget()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())  # type: ignore[attr-defined]
    check_and_shoot(widget, "records_file_2_concerns_history")
    detail.history_view.selectRow(0)
    scroll.verticalScrollBar().setValue(0)  # type: ignore[attr-defined]
    check_and_shoot(widget, "records_file_2_concerns_old_revision")
    for index, name in ((2, "3_actions"), (3, "4_family"), (4, "5_documents")):
        widget.tabs.setCurrentIndex(index)
        check_and_shoot(widget, f"records_file_{name}")
    viewer = widget.documents_tab.open_selected()
    assert viewer is not None
    qtbot.addWidget(viewer)
    viewer.resize(760, 560)
    check_and_shoot(viewer, "records_attachment_viewer")
    widget.tabs.setCurrentIndex(2)
    dialog = widget.actions_tab.record_decision()
    assert isinstance(dialog, RecordDecisionDialog)
    check_and_shoot(dialog, "records_dialog_decision")
    dialog.close()
    dialog = widget.family_tab
    widget.tabs.setCurrentIndex(3)
    dialog.table.selectRow(0)
    edit = dialog.edit_member()
    assert edit is not None
    check_and_shoot(edit, "records_dialog_household_edit")
    edit.close()
    flags = widget.edit_flags()
    check_and_shoot(flags, "records_dialog_edit_flags")
    flags.close()
    widget.tabs.setCurrentIndex(1)
    correct = widget.concerns_tab.correct_concern()
    assert correct is not None
    correct.resize(1040, 860)
    check_and_shoot(correct, "records_dialog_correct_concern")
    correct.close()


def test_log_concern_dialog(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    child, other = _subject(ctx.session)
    dialog = LogConcernDialog(ctx, child)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    check_and_shoot(dialog, "records_log_concern_1_empty")
    form = dialog.form
    form.involvement.add_child(other)
    form.categories.box("neglect").setChecked(True)
    form.categories.box("mental-health").setChecked(True)
    form.facts.setPlainText(
        "Fictional: arrived without a coat for the third day running; ate "
        "two breakfasts at breakfast club."
    )
    form.words.setPlainText("there wasnt any tea again")
    form.opinion.setPlainText("I think the child is hungry most mornings.")
    form.where.setText("Breakfast club")
    form.body_map.set_marks([BodyMark(BodySide.FRONT, 0.7, 0.62, MarkKind.GRAZE, "Knee")])
    check_and_shoot(dialog, "records_log_concern_2_filled")
    dialog.scroll.verticalScrollBar().setValue(dialog.scroll.verticalScrollBar().maximum() // 2)
    check_and_shoot(dialog, "records_log_concern_3_facts")
    dialog.scroll.verticalScrollBar().setValue(dialog.scroll.verticalScrollBar().maximum())
    check_and_shoot(dialog, "records_log_concern_4_body_map")
    dialog.save_draft_now()
    dialog.done(0)
    again = LogConcernDialog(ctx, child)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.draft_banner.isVisible()
    check_and_shoot(again, "records_log_concern_5_draft_restored")
    discard_draft(ctx.session, DRAFT_FORM)
