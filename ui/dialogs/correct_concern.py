"""Correct a concern: the same form, filled from the latest revision, plus the reason.

A correction never edits the record: ``correct_concern`` saves a new revision that points at the
one it replaces, with who, when and why, and the old text stays in the concern's history.
Thread: GUI only.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import ConcernDraft, Permission
from safelog.domain.timefmt import uk_datetime
from safelog.services.concerns import concern, correct_concern, validate_draft
from safelog.store.errors import InvalidInput, SafeLogError
from ui.context import AppContext
from ui.dialogs.common import button, demo_banner, heading, hint, show_error, text_box
from ui.dialogs.concern_form import ConcernFormWidget
from ui.widgets.mark_dialog import MarkEditor


def _comparable(draft: ConcernDraft) -> ConcernDraft:
    # The form lists categories in guidance order and children in the order added; the store
    # sorts them. Compare as sets so an untouched form reads as "nothing changed".
    return replace(
        draft,
        categories=tuple(sorted(draft.categories)),
        children=tuple(sorted(draft.children, key=lambda i: (i.child_id, i.role.value))),
        occurred_at=draft.occurred_at.replace(second=0, microsecond=0),
    )


class CorrectConcernDialog(QDialog):
    """Correct concern ``concern_id``; ``new_revision`` is set once saved."""

    def __init__(
        self,
        ctx: AppContext,
        concern_id: int,
        parent: QWidget | None = None,
        *,
        mark_editor: MarkEditor | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.concern_id = concern_id
        self.new_revision: int | None = None
        self.latest = concern(ctx.session, concern_id)
        title = f"Correct concern C{concern_id}"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(1040, 860)

        self.form = ConcernFormWidget(ctx, mark_editor=mark_editor)
        self.form.set_draft(self.latest.draft)
        self.reason_box = QGroupBox("Why it is being corrected", self)
        self.reason = text_box(
            "For example: the wrong date was typed from the paper form.", lines=3
        )
        self.reason.setAccessibleName("Reason for the correction")
        self.reason.setToolTip("Required. Kept with the new revision, with your name and the time.")
        reason_label = QLabel("Reason for the correctio&n (required)", self.reason_box)
        reason_label.setBuddy(self.reason)
        reason = QVBoxLayout(self.reason_box)
        reason.addWidget(reason_label)
        reason.addWidget(self.reason)

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        column.addWidget(self.reason_box)
        column.addWidget(self.form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        self.save_button = button(
            "&Save correction",
            "Save the corrected concern as a new revision.",
            self.save,
            shortcut=QKeySequence.StandardKey.Save,
            parent=self,
        )
        if not ctx.session.can(Permission.WRITE_RECORDS):
            self.save_button.setEnabled(False)
            self.save_button.setToolTip("Only a DSL or deputy DSL can correct a concern.")
        cancel = button(
            "Cancel", "Close without saving a correction (Esc).", self.reject, parent=self
        )

        top = QHBoxLayout()
        top.addWidget(heading(title, self, size=3))
        top.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            top.addWidget(banner)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(
            hint(
                f"You are correcting revision {self.latest.revision}, recorded "
                f"{uk_datetime(self.latest.recorded_at)}. The correction is saved as revision "
                f"{self.latest.revision + 1}; what it replaces stays in the history.",
                self,
            )
        )
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.reason.setFocus()

    def save(self) -> None:
        """Validate, then save the new revision; on any refusal the dialog stays open."""
        try:
            draft = self.form.draft()
            validate_draft(draft)
            if _comparable(draft) == _comparable(self.latest.draft):
                raise InvalidInput(
                    "Nothing in the concern has changed; there is nothing to correct."
                )
            self.new_revision = correct_concern(
                self.ctx.session, self.concern_id, draft, self.reason.toPlainText()
            )
        except (SafeLogError, ValueError) as exc:
            show_error(self.ctx, self.windowTitle(), exc)
            return
        self.ctx.events.records_changed.emit("concerns")
        self.ctx.events.status_message.emit(
            f"Concern C{self.concern_id} corrected (revision {self.new_revision})."
        )
        self.accept()
