"""``ReferralDialog``: record a referral to children's social care (MASH), the police, the LADO
or early help, and say when to follow it up.

The time is Europe/London wall-clock time, defaults to now and cannot be in the future (the core
refuses it too, in one sentence). After saving, the form locks and the dialog says: "Follow up
if no decision by the end of <weekday dd/mm/yyyy> (one working day, Working Together)", using
the follow-up date the core worked out with weekends and bank holidays.
Thread: GUI only; saving is one short transaction on the GUI thread.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.timefmt import TimeError, uk_date
from safelog.services.children import child_by_id
from safelog.services.referrals import Agency, Referral, add_referral
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.sharing.kit import (
    add_row,
    button,
    datetime_edit,
    demo_banner,
    heading,
    hint,
    london_from_qdatetime,
    london_now,
    qdatetime_from_london,
    selectable,
    show_error,
    text_box,
)
from ui.theme import COLOURS

TITLE = "Record a referral"


def follow_up_sentence(due: date) -> str:
    """The reminder shown once a referral is saved."""
    return (
        f"Follow up if no decision by the end of {due:%A} {uk_date(due)} "
        "(one working day, Working Together)."
    )


class ReferralDialog(QDialog):
    """Add one referral for ``child_id`` (optionally about ``concern_id``).

    After a successful save ``referral`` holds the stored :class:`Referral`, the form is
    read-only, the follow-up sentence is shown, ``saved(referral_id)`` and
    ``records_changed("referrals")`` have been emitted; Close then ends it with Accepted.
    Thread: GUI only.
    """

    saved = Signal(int)  # referral_id

    def __init__(
        self,
        ctx: AppContext,
        child_id: int,
        concern_id: int | None = None,
        parent: QWidget | None = None,
        *,
        agency: Agency = Agency.MASH,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_id = child_id
        self.concern_id = concern_id
        self.referral: Referral | None = None
        child = child_by_id(ctx.session, child_id)
        self.setWindowTitle(f"{TITLE} — {child.display_name}")
        self.setAccessibleName(f"{TITLE} for {child.display_name}")
        self.setMinimumWidth(600)

        self.agency = QComboBox(self)
        for item in Agency:
            self.agency.addItem(item.label, item.value)
        self.agency.setCurrentIndex(self.agency.findData(agency.value))
        self.when = datetime_edit(parent=self)
        self.when.setMaximumDateTime(qdatetime_from_london(london_now()))
        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText("The number the agency gave you, if any")
        self.spoke_to = QLineEdit(self)
        self.spoke_to.setPlaceholderText("Name and role, e.g. duty social worker")
        self.summary = text_box("What you told them and what they said", lines=5, parent=self)

        form = QFormLayout()
        form.setSpacing(8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        add_row(form, "&Agency", self.agency, "Who the referral was made to.")
        add_row(
            form, "&When", self.when, "Date and time of the referral (UK time); not later than now."
        )
        add_row(form, "&Reference (optional)", self.reference, "The agency's reference number.")
        add_row(
            form, "Who you s&poke to", self.spoke_to, "Name and role of the person you spoke to."
        )
        add_row(form, "What was sa&id", self.summary, "A short account of the conversation.")
        self._form_widgets: list[QWidget] = [
            self.agency,
            self.when,
            self.reference,
            self.spoke_to,
            self.summary,
        ]

        self.done_panel = QFrame(self)
        self.done_panel.setObjectName("referralSaved")
        self.done_panel.setStyleSheet(
            "#referralSaved { background: #e3f4e8; border: 1px solid #3a9a57; border-radius: 4px; }"
        )
        self.done_panel.setAccessibleName("Referral saved")
        done = QVBoxLayout(self.done_panel)
        done.setContentsMargins(12, 10, 12, 10)
        self.saved_label = heading("Referral saved.", self.done_panel)
        self.saved_label.setStyleSheet(f"color: {COLOURS.good};")
        self.follow_up = QLabel(self.done_panel)
        self.follow_up.setWordWrap(True)
        self.follow_up.setTextFormat(Qt.TextFormat.PlainText)
        self.follow_up.setAccessibleName("Follow-up date")
        selectable(self.follow_up)
        font = self.follow_up.font()
        font.setPointSizeF(font.pointSizeF() + 1)
        font.setBold(True)
        self.follow_up.setFont(font)
        done.addWidget(self.saved_label)
        done.addWidget(self.follow_up)
        done.addWidget(
            hint(
                "It stays on the list of what is due until you record the outcome.", self.done_panel
            )
        )
        self.done_panel.hide()

        self.save_button = button(
            "&Save referral", "Save the referral", self.save, shortcut="Ctrl+Return", parent=self
        )
        self.save_button.setDefault(True)
        self.cancel_button = button(
            "Cancel", "Close without saving (Esc)", self.reject, parent=self
        )
        self.close_button = button("&Close", "Close this window", self.accept, parent=self)
        self.close_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addWidget(heading(TITLE, self, size=3))
        top.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            top.addWidget(banner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(
            hint(
                f"For {child.display_name}. The agency should decide within one working day; "
                "SafeLog reminds you to follow up.",
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.done_panel)
        layout.addLayout(buttons)
        self.agency.setFocus()

    def save(self) -> None:
        """Store the referral, or show the core's one sentence and keep everything typed."""
        try:
            when = london_from_qdatetime(self.when.dateTime())
        except TimeError as exc:
            show_error(self.ctx, TITLE, exc)
            return
        try:
            self.referral = add_referral(
                self.ctx.session,
                child_id=self.child_id,
                agency=Agency(self.agency.currentData()),
                referred_at=when,
                reference=self.reference.text(),
                spoke_to=self.spoke_to.text(),
                summary=self.summary.toPlainText(),
                concern_id=self.concern_id,
            )
        except SafeLogError as exc:
            show_error(self.ctx, TITLE, exc)
            return
        for widget in self._form_widgets:
            widget.setEnabled(False)
        self.follow_up.setText(follow_up_sentence(self.referral.follow_up_due))
        self.done_panel.show()
        self.adjustSize()  # grow to fit the confirmation rather than squeeze the form
        self.save_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.ctx.events.records_changed.emit("referrals")
        self.saved.emit(self.referral.referral_id)
        self.ctx.events.status_message.emit(follow_up_sentence(self.referral.follow_up_due))

    def reject(self) -> None:
        # Once saved, Esc closes as "done": the caller should refresh either way.
        if self.referral is not None:
            self.accept()
            return
        super().reject()
