"""Log a concern: the full form, attachments and the first review date, kept as an encrypted
draft until it is saved.

Drafts: every field (body marks and the paths of files to attach included) is written to the
vault with ``save_draft`` every 30 seconds while something changed, whenever the person keeps it
as a draft (Escape or "Keep as draft and close"), and by the shell through
:meth:`LogConcernDialog.save_draft_now` before a lock. Opening the dialog while a draft exists
restores it. Saving validates first (the core's one-sentence messages), then, on the worker
thread, saves the concern, its default review (``review_due_for`` the categories) and the
attachments, and discards the draft. Thread: GUI only.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import ConcernDraft, ConcernRole, Permission
from safelog.domain.timefmt import LONDON, uk_date, uk_datetime
from safelog.guidance.categories import review_due_for
from safelog.services import drafts
from safelog.services.attachments import attach_file
from safelog.services.concerns import log_concern, validate_draft
from safelog.services.responses import set_review
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.dialogs.common import (
    button,
    date_edit,
    demo_banner,
    from_qdate,
    heading,
    hint,
    show_error,
    to_qdate,
)
from ui.dialogs.concern_form import ConcernFormWidget
from ui.dialogs.pending_files import DELETE_ADVICE, PendingFilesWidget
from ui.widgets.mark_dialog import MarkEditor
from ui.worker import ProgressCallback, run_in_background

DRAFT_FORM = "log_concern"
AUTOSAVE_MS = 30_000


class LogConcernDialog(QDialog):
    """The log-a-concern window. ``child_id`` is the child it was opened for (the subject).

    ``mark_editor`` replaces the body map's mark dialog (tests). ``saved_concern_id`` is set
    once the concern is saved.
    """

    def __init__(
        self,
        ctx: AppContext,
        child_id: int | None = None,
        parent: QWidget | None = None,
        *,
        mark_editor: MarkEditor | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_concern_id: int | None = None
        self._saving = False
        self._dirty = False
        self._review_touched = False
        self._setting_review = False
        self.setWindowTitle("Log a concern")
        self.setAccessibleName("Log a concern")
        self.resize(1040, 860)

        self.form = ConcernFormWidget(ctx, mark_editor=mark_editor)
        self.files_box = QGroupBox("Scans, photos and documents", self)
        self.files = PendingFilesWidget(ctx, self.files_box)
        QVBoxLayout(self.files_box).addWidget(self.files)

        self.review_box = QGroupBox("Review", self)
        self.review_edit = date_edit(parent=self.review_box)
        self.review_edit.setAccessibleName("Review by")
        self.review_edit.setToolTip("When a DSL should next look at this concern.")
        review_label = QLabel("Review &by:", self.review_box)
        review_label.setBuddy(self.review_edit)
        self.review_hint = hint("", self.review_box)
        review = QHBoxLayout(self.review_box)
        review.addWidget(review_label)
        review.addWidget(self.review_edit)
        review.addWidget(self.review_hint, 1)

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(10)
        column.addWidget(self.form)
        column.addWidget(self.files_box)
        column.addWidget(self.review_box)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(body)

        self.draft_banner = QLabel(self)
        self.draft_banner.setWordWrap(True)
        self.draft_banner.setAccessibleName("Draft restored")
        self.draft_banner.setStyleSheet(
            "background: #e8eef6; border: 1px solid #1f5fbf; border-radius: 4px; padding: 6px;"
        )
        self.draft_banner.hide()
        self.draft_status = hint("", self)
        self.draft_status.setAccessibleName("Draft status")

        self.save_button = button(
            "&Save concern",
            "Check the form and save the concern, its review date and files.",
            self.save,
            shortcut=QKeySequence.StandardKey.Save,
            parent=self,
        )
        self.save_button.setDefault(False)
        self.keep_button = button(
            "&Keep as draft and close",
            "Close now; what you wrote is kept, encrypted, and comes back next time (Esc).",
            self.reject,
            parent=self,
        )
        self.discard_button = button(
            "Discard draf&t…",
            "Throw away everything written in this form.",
            self.discard,
            parent=self,
        )
        if not ctx.session.can(Permission.WRITE_RECORDS):
            self.save_button.setEnabled(False)
            self.save_button.setToolTip("Only a DSL or deputy DSL can log concerns here.")

        top = QHBoxLayout()
        top.addWidget(heading("Log a concern", self, size=3))
        top.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            top.addWidget(banner)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.draft_status, 1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.draft_banner)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

        self._restore_or_start(child_id)
        self.form.changed.connect(self._on_changed)
        self.files.changed.connect(self._on_changed)
        self.form.categories.changed.connect(self._update_review_default)
        self.form.when.dateTimeChanged.connect(self._update_review_default)
        self.review_edit.dateChanged.connect(self._on_review_edited)
        self._update_review_default()

        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave)
        self.autosave.start()

    # --- drafts ---------------------------------------------------------------------------
    @staticmethod
    def has_draft(ctx: AppContext) -> bool:
        """Whether this person has an unfinished concern kept in the vault."""
        return drafts.load_draft(ctx.session, DRAFT_FORM) is not None

    def draft_state(self) -> dict[str, Any]:
        state = self.form.state()
        state["attachments"] = [str(p) for p in self.files.paths()]
        state["review_on"] = from_qdate(self.review_edit.date()).isoformat()
        state["review_touched"] = self._review_touched
        state["saved_at"] = datetime.now(LONDON).isoformat(timespec="seconds")
        return state

    def _session_open(self) -> bool:
        return self.ctx.session.vault.records is not None

    def save_draft_now(self) -> bool:
        """Write every field to the encrypted draft now (the shell calls this before a lock).

        Returns False if nothing could be written: the concern is being saved or was saved,
        the vault is locked, or background work (an import) held the database for over two
        seconds; autosave then tries again on its next tick.
        """
        if self._saving or self.saved_concern_id is not None or not self._session_open():
            return False
        state = self.draft_state()
        session = self.ctx.session
        # The worker's transactions hold this lock; writing the draft inside one of them
        # would tie the draft to work that may still roll back.
        if not session.lock.acquire(timeout=2.0):
            return False
        try:
            drafts.save_draft(session, DRAFT_FORM, state)
        finally:
            session.lock.release()
        self._dirty = False
        self.draft_status.setText(f"Draft kept at {uk_datetime(datetime.now(LONDON))[-5:]}.")
        return True

    def discard(self) -> None:
        """Throw the draft away, after asking, and close."""
        if not self.ctx.prompter.confirm(
            "Discard draft",
            "Throw away everything written in this form? This cannot be undone.",
            confirm_label="Discard draft",
            cancel_label="Keep writing",
            destructive=True,
        ):
            return
        drafts.discard_draft(self.ctx.session, DRAFT_FORM)
        self._dirty = False
        self.autosave.stop()
        self.done(QDialog.DialogCode.Rejected)

    def _restore_or_start(self, child_id: int | None) -> None:
        state = drafts.load_draft(self.ctx.session, DRAFT_FORM)
        if state is None:
            if child_id is not None:
                self.form.involvement.add_child(child_id, ConcernRole.SUBJECT)
            return
        self.form.restore(state)
        self.files.set_paths([Path(p) for p in state.get("attachments", [])])
        self._review_touched = bool(state.get("review_touched", False))
        if self._review_touched and state.get("review_on"):
            self._set_review(date.fromisoformat(str(state["review_on"])))
        saved = str(state.get("saved_at", ""))
        when = f" (kept {uk_datetime(datetime.fromisoformat(saved))})" if saved else ""
        text = f"This is the concern you were writing{when}. Save it, or discard the draft."
        if child_id is not None and child_id not in self.form.involvement.child_ids():
            text += " The child you opened this from is not in it yet; add them if it is theirs."
        self.draft_banner.setText(text)
        self.draft_banner.show()

    def _on_changed(self) -> None:
        self._dirty = True
        self.draft_status.setText("Changes not yet kept as a draft.")

    def _autosave(self) -> None:
        if self._dirty and self.form.has_writing() and self._session_open():
            self.save_draft_now()

    # --- review date ----------------------------------------------------------------------
    def _default_review(self) -> date | None:
        cats = self.form.categories.selected_categories()
        if not cats:
            return None
        return review_due_for(cats, from_qdate(self.form.when.date()))

    def _update_review_default(self) -> None:
        default = self._default_review()
        self.review_edit.setEnabled(default is not None or self._review_touched)
        if default is None:
            self.review_hint.setText("Choose a category and the review date is set from it.")
            return
        days = (default - from_qdate(self.form.when.date())).days
        self.review_hint.setText(
            f"Suggested from the categories: {uk_date(default)} ({days} days after it happened)."
        )
        if not self._review_touched:
            self._set_review(default)

    def _set_review(self, day: date) -> None:
        self._setting_review = True
        self.review_edit.setDate(to_qdate(day))
        self._setting_review = False

    def _on_review_edited(self) -> None:
        if not self._setting_review:
            self._review_touched = True
            self._on_changed()

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        """Validate, then save concern, review and files on the worker, in that order."""
        if self._saving:
            return
        try:
            draft = self.form.draft()
            validate_draft(draft)
            self.files.check_all()
        except (SafeLogError, ValueError) as exc:
            show_error(self.ctx, "Log a concern", exc)
            return
        review_on = from_qdate(self.review_edit.date())
        paths = self.files.paths()
        session = self.ctx.session
        self._saving = True
        self.save_button.setEnabled(False)
        self.autosave.stop()

        def work(progress: ProgressCallback) -> tuple[int, list[str]]:
            concern_id = log_concern(session, draft)
            for inv in draft.children:
                if inv.role is ConcernRole.SUBJECT:
                    set_review(
                        session,
                        child_id=inv.child_id,
                        due_on=review_on,
                        concern_id=concern_id,
                        note="First review of the concern",
                    )
            problems = []
            for number, path in enumerate(paths, start=1):
                progress(number, len(paths), f"Storing {path.name}")
                try:
                    attach_file(session, concern_id, path)
                except SafeLogError as exc:
                    problems.append(exc.message)
            return concern_id, problems

        run_in_background(
            self,
            work,
            on_success=lambda r: self._saved(draft, r),
            on_error=self._save_failed,
            label="Saving the concern",
        )

    def _saved(self, draft: ConcernDraft, result: tuple[int, list[str]]) -> None:
        concern_id, problems = result
        self._saving = False
        self.saved_concern_id = concern_id
        drafts.discard_draft(self.ctx.session, DRAFT_FORM)
        self._dirty = False
        self.ctx.events.records_changed.emit("concerns")
        self.ctx.events.status_message.emit(f"Concern C{concern_id} saved.")
        stored = len(self.files.paths()) - len(problems)
        if problems:
            self.ctx.prompter.warn(
                "Log a concern",
                f"Concern C{concern_id} was saved, but not every file was attached: "
                + " ".join(problems)
                + " Attach them from the concern in the child's file.",
            )
        elif stored:
            self.ctx.prompter.info("Files stored", DELETE_ADVICE)
        self.done(QDialog.DialogCode.Accepted)

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(self.ctx.session.can(Permission.WRITE_RECORDS))
        self.autosave.start()
        show_error(self.ctx, "Log a concern", exc)

    # --- closing --------------------------------------------------------------------------
    def reject(self) -> None:
        """Escape, the window's close button and "Keep as draft": keep the writing, close."""
        if self._saving:
            return
        if not self._session_open():
            # Locked already: the shell kept the draft with save_draft_now() before the keys
            # were dropped; there is nothing left to write with.
            self.autosave.stop()
            super().reject()
            return
        if self.form.has_writing() or self.files.paths():
            self.save_draft_now()
            self.ctx.events.status_message.emit("Your concern is kept as a draft.")
        else:
            drafts.discard_draft(self.ctx.session, DRAFT_FORM)
        self.autosave.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving:
            event.ignore()
            return
        super().closeEvent(event)
