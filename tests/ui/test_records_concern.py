"""Logging a concern (children with roles, categories with guidance, a body mark, a file),
finding it in the chronology, correcting it, and drafts that survive a lock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections import deque
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from safelog.domain.bodymap import BodySide, MarkKind
from safelog.domain.records import ActionKind, ConcernRole
from safelog.domain.timefmt import today_london
from safelog.guidance.categories import review_due_for
from safelog.services import concerns, responses
from safelog.services.attachments import attachments_for_concern
from safelog.services.session import Session, login
from safelog.store.header import RECORDS
from safelog.store.vault import unlock
from tests.conftest import DSL, PASSPHRASE
from tests.ui.test_records_support import (
    add_pupils,
    make_ctx,
    new_session,
    simple_draft,
    wait_tasks,
)
from ui.child_file import ChildFileWidget
from ui.dialogs.correct_concern import CorrectConcernDialog
from ui.dialogs.log_concern import LogConcernDialog
from ui.models.labels import guidance
from ui.seams import ScriptedPrompter
from ui.widgets.mark_dialog import MarkEdit, MarkEditRequest


class ScriptedMarks:
    """Answers the body map's "what is this mark?" question like a person would."""

    def __init__(self, *answers: MarkEdit | None) -> None:
        self.answers: deque[MarkEdit | None] = deque(answers)

    def __call__(self, parent: QWidget, request: MarkEditRequest) -> MarkEdit | None:
        return self.answers.popleft()


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def session(vault_dir: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(vault_dir)
    yield s
    wait_tasks()()
    s.close()


def _photo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#b08060"))
    path = folder / "arm-photo.png"
    assert image.save(str(path))
    return path


def _add_child_by_typing(qtbot, dialog: LogConcernDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    picker = dialog.form.involvement
    qtbot.keyClicks(picker.search, text)
    qtbot.waitUntil(lambda: picker.results.count() > 0, timeout=2000)
    before = len(picker.child_ids())
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert len(picker.child_ids()) == before + 1


def _tick(qtbot, box: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Click a tick box on its box (the widget may be wider than its label)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _audited_reads(session: Session, child_id: int) -> int:
    events = session.vault.log(RECORDS).events(object_type="child", object_id=str(child_id))
    return sum(1 for e in events if e.action == "read")


def test_log_a_concern_as_a_person_would(qtbot, tmp_path: Path, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 4)
    photo = _photo(tmp_path / "Downloads")
    prompter = ScriptedPrompter(opens=[photo])
    ctx = make_ctx(session, prompter)
    dialog = LogConcernDialog(
        ctx, kids[0].child_id, mark_editor=ScriptedMarks(MarkEdit(MarkKind.BRUISE, "About 3 cm"))
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form

    # The child it was opened for is the subject; a second child starts with no role at all.
    _add_child_by_typing(qtbot, dialog, "Kowal")
    (first, role1), (second, role2) = form.involvement.involvements()
    assert (first.child_id, role1) == (kids[0].child_id, ConcernRole.SUBJECT)
    assert (second.child_id, role2) == (kids[1].child_id, None)

    box = form.categories.box("physical-abuse")
    _tick(qtbot, box)
    assert box.isChecked()
    physical = guidance().category("physical-abuse")
    assert form.categories.guide_text.text() == physical.guidance
    qtbot.keyClicks(form.facts, "Fictional: a bruise on the upper left arm, seen during PE.")
    words = "he pushed me  on the stairs innit"  # verbatim, odd spacing and all
    qtbot.keyClicks(form.words, words)
    qtbot.keyClicks(form.opinion, "In my view the child seemed frightened.")
    qtbot.keyClicks(form.where, "PE changing room")
    _tick(qtbot, form.significant)
    assert form.significant.isChecked()

    canvas = form.body_map.canvas
    form.body_map.ensurePolished()
    dialog.scroll.ensureWidgetVisible(canvas)
    qtbot.waitUntil(lambda: canvas.visibleRegion().boundingRect().height() > 300, timeout=2000)
    with qtbot.waitSignal(form.body_map.marks_changed, timeout=2000):
        qtbot.mouseClick(
            canvas,
            Qt.MouseButton.LeftButton,
            pos=canvas.point_for(BodySide.FRONT, 0.3, 0.3).toPoint(),
        )
    qtbot.mouseClick(dialog.files.add_button, Qt.MouseButton.LeftButton)
    assert dialog.files.paths() == [photo]

    # Saving without the second child's role is refused in one sentence; nothing is saved.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert prompter.calls[-1].kind == "error"
    assert prompter.calls[-1].text == "Choose Łukasz Kowalski's role in the concern."
    assert concerns.concerns_for_child(session, kids[0].child_id) == []

    combo = form.involvement.role_box(kids[1].child_id)
    combo.setFocus()
    for _ in range(3):  # Choose a role… -> Subject -> Witness -> Alleged perpetrator
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert form.involvement.involvements()[1][1] is ConcernRole.ALLEGED_PERPETRATOR
    expected_review = dialog.review_edit.date().toPython()

    with qtbot.waitSignal(ctx.events.records_changed, timeout=5000) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["concerns"]
    concern_id = dialog.saved_concern_id
    assert concern_id is not None
    saved = concerns.concern(session, concern_id)
    assert {(i.child_id, i.role) for i in saved.draft.children} == {
        (kids[0].child_id, ConcernRole.SUBJECT),
        (kids[1].child_id, ConcernRole.ALLEGED_PERPETRATOR),
    }
    assert saved.draft.child_words == words
    assert saved.draft.opinion == "In my view the child seemed frightened."
    assert saved.draft.categories == ("physical-abuse",)
    assert saved.draft.significant and saved.draft.location == "PE changing room"
    (mark,) = saved.draft.body_marks
    assert mark["kind"] == "bruise" and mark["side"] == "front" and mark["note"] == "About 3 cm"
    (attachment,) = attachments_for_concern(session, concern_id)
    assert attachment.filename == "arm-photo.png" and attachment.size == photo.stat().st_size
    (review,) = responses.reviews_for_child(session, kids[0].child_id)
    assert review.concern_id == concern_id
    assert (
        review.due_on
        == expected_review
        == review_due_for([physical], saved.draft.occurred_at.date())
    )
    assert not LogConcernDialog.has_draft(ctx)
    assert ("info", "Files stored") in [(c.kind, c.title) for c in prompter.calls]
    assert prompter.unused_answers() == 0


def test_chronology_full_summary_dates_and_one_audited_read(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 2)
    child = kids[0].child_id
    old = concerns.log_concern(
        session, simple_draft(child, "Fictional: older worry.", hours_ago=24 * 40)
    )
    new = concerns.log_concern(
        session, simple_draft(child, "Fictional: serious new worry.", significant=True)
    )
    responses.add_action(
        session,
        child_id=child,
        kind=ActionKind.POLICE,
        description="Reported to the police.",
        owner=DSL,
        concern_id=new,
    )
    responses.record_decision(
        session,
        child_id=child,
        decision="Do not refer",
        reasons="Fictional: support in school is enough.",
        concern_id=old,
    )
    ctx = make_ctx(session)
    before = _audited_reads(session, child)
    widget = ChildFileWidget(ctx, child)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    assert _audited_reads(session, child) == before + 1
    tab = widget.chronology_tab
    refs = [e.reference for e in tab.entries()]
    assert f"C{old}" in refs and f"C{new}" in refs and "A1" in refs and "D1" in refs
    assert tab.count_label.text() == "4 entries"
    qtbot.mouseClick(tab.summary_radio, Qt.MouseButton.LeftButton)
    assert {e.reference for e in tab.entries()} == {f"C{new}", "A1", "D1"}
    assert tab.count_label.text() == "3 significant entries"
    qtbot.mouseClick(tab.full_radio, Qt.MouseButton.LeftButton)
    assert len(tab.entries()) == 4
    # Only from a week ago: the forty-day-old concern drops out.
    tab.date_from.edit.setDate(
        tab.date_from.edit.date().fromString(
            (today_london() - timedelta(days=7)).strftime("%d/%m/%Y"), "dd/MM/yyyy"
        )
    )
    qtbot.mouseClick(tab.date_from.check, Qt.MouseButton.LeftButton)
    assert f"C{old}" not in [e.reference for e in tab.entries()]
    # The reading pane shows the selected entry in full, words in quotes.
    row = [e.reference for e in tab.entries()].index(f"C{new}")
    tab.table.selectRow(row)
    assert "“It was at the park.”" in tab.reader.toPlainText()
    # Changing the view or the records is not another audited read of the file.
    responses.set_review(session, child_id=child, due_on=today_london(), concern_id=new)
    ctx.events.records_changed.emit("responses")
    assert _audited_reads(session, child) == before + 1
    # The reader keeps their place across the refresh; Enter opens the concern in its tab.
    assert tab.current_entry() is not None and tab.current_entry().reference == f"C{new}"
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert widget.tabs.currentWidget() is widget.concerns_tab
    assert widget.concerns_tab.detail.concern_id == new


def test_correct_with_a_reason_and_both_revisions_in_the_history(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    child = kids[0].child_id
    concern_id = concerns.log_concern(
        session, simple_draft(child, "Fictional: bruise on the left arm.")
    )
    prompter = ScriptedPrompter()
    ctx = make_ctx(session, prompter)
    widget = ChildFileWidget(ctx, child)
    qtbot.addWidget(widget)
    widget.resize(1300, 860)
    widget.show()
    widget.show_concern(concern_id)
    detail = widget.concerns_tab.detail
    assert detail.revisions.total() == 1
    qtbot.mouseClick(detail.correct_button, Qt.MouseButton.LeftButton)
    dialog = widget.concerns_tab.last_dialog
    assert isinstance(dialog, CorrectConcernDialog)
    assert dialog.form.facts.toPlainText() == "Fictional: bruise on the left arm."
    dialog.form.facts.selectAll()
    qtbot.keyClicks(dialog.form.facts, "Fictional: bruise on the RIGHT arm.")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert prompter.calls[-1].text == "Say why the concern is being corrected."
    assert len(concerns.concern_history(session, concern_id)) == 1

    qtbot.keyClicks(dialog.reason, "Fictional: the paper form says right arm.")
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    history = concerns.concern_history(session, concern_id)
    assert [h.revision for h in history] == [1, 2]
    assert history[1].reason == "Fictional: the paper form says right arm."

    # The file refreshed itself: both revisions, with who, when and why.
    assert detail.revisions.total() == 2
    assert detail.revisions.index(1, 3).data() == "Fictional: the paper form says right arm."
    assert detail.revisions.index(1, 2).data() == DSL
    assert detail.facts.text() == "Fictional: bruise on the RIGHT arm."
    assert detail.replaced_banner.isHidden()
    detail.history_view.selectRow(0)
    assert detail.facts.text() == "Fictional: bruise on the left arm."
    assert not detail.replaced_banner.isHidden()
    assert "paper form says right arm" in detail.replaced_banner.text()
    assert not detail.correct_button.isEnabled()  # only the latest revision is corrected
    chron = [e.reference for e in widget.chronology_tab.entries()]
    assert f"C{concern_id} rev 2" in chron


def test_unchanged_correction_is_refused(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    concern_id = concerns.log_concern(session, simple_draft(kids[0].child_id))
    prompter = ScriptedPrompter()
    dialog = CorrectConcernDialog(make_ctx(session, prompter), concern_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.reason, "Just looking.")
    dialog.save()
    assert "Nothing in the concern has changed" in prompter.calls[-1].text
    assert dialog.new_revision is None


def test_a_draft_survives_a_lock_and_comes_back(
    qtbot, tmp_path: Path, vault_dir: Path, session: Session
) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 3)
    photo = _photo(tmp_path / "Downloads")
    ctx = make_ctx(session, ScriptedPrompter(opens=[photo]))
    dialog = LogConcernDialog(
        ctx, kids[0].child_id, mark_editor=ScriptedMarks(MarkEdit(MarkKind.BURN, "Small, round"))
    )
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    _add_child_by_typing(qtbot, dialog, "Siobh")
    _tick(qtbot, form.categories.box("neglect"))
    qtbot.keyClicks(form.facts, "Fictional: came in without a coat again.")
    qtbot.keyClicks(form.words, "mum forgot")
    form.body_map.add_mark(BodySide.BACK, 0.5, 0.4)
    qtbot.mouseClick(dialog.files.add_button, Qt.MouseButton.LeftButton)
    assert not LogConcernDialog.has_draft(ctx)
    dialog.save_draft_now()
    assert LogConcernDialog.has_draft(ctx)
    wait_tasks()()
    session.close()  # the lock: keys dropped, windows gone
    dialog.deleteLater()

    again = login(unlock(vault_dir, DSL, PASSPHRASE))
    try:
        ctx2 = make_ctx(again, ScriptedPrompter(confirms=[True]))
        assert LogConcernDialog.has_draft(ctx2)
        restored = LogConcernDialog(ctx2, kids[0].child_id)
        qtbot.addWidget(restored)
        f = restored.form
        assert [c.child_id for c, _r in f.involvement.involvements()] == [
            kids[0].child_id,
            kids[2].child_id,
        ]
        assert [r for _c, r in f.involvement.involvements()] == [ConcernRole.SUBJECT, None]
        assert f.categories.selected() == ["neglect"]
        assert f.facts.toPlainText() == "Fictional: came in without a coat again."
        assert f.words.toPlainText() == "mum forgot"
        (mark,) = f.body_map.marks()
        assert (mark.side, mark.kind, mark.note) == (BodySide.BACK, MarkKind.BURN, "Small, round")
        assert restored.files.paths() == [photo]
        assert restored.draft_banner.isVisibleTo(restored)
        qtbot.mouseClick(restored.discard_button, Qt.MouseButton.LeftButton)
        assert not LogConcernDialog.has_draft(ctx2)
        assert ctx2.prompter.calls[-1].options["destructive"] is True
    finally:
        again.close()


def test_autosave_and_escape_keep_the_draft(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 1)
    ctx = make_ctx(session)
    dialog = LogConcernDialog(ctx, kids[0].child_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.autosave.setInterval(50)
    dialog.autosave.start()
    qtbot.wait(120)
    assert not LogConcernDialog.has_draft(ctx)  # nothing written yet: nothing kept
    qtbot.keyClicks(dialog.form.facts, "Fictional: a worry.")
    qtbot.waitUntil(lambda: LogConcernDialog.has_draft(ctx), timeout=2000)
    assert "Draft kept" in dialog.draft_status.text()
    qtbot.keyClicks(dialog.form.facts, " More.")
    with qtbot.waitSignal(dialog.finished, timeout=1000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    again = LogConcernDialog(ctx, kids[0].child_id)
    qtbot.addWidget(again)
    assert again.form.facts.toPlainText() == "Fictional: a worry. More."
