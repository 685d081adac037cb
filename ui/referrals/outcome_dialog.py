"""Two small dialogs on an existing referral: record the agency's decision, and escalate a
referral that is late (or whose decision the DSL disagrees with).

Each calls one core service (``record_outcome`` / ``escalate``); a refusal is shown as the core's
one sentence and the dialog stays open with everything typed. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.timefmt import TimeError, today_london, uk_date, uk_datetime
from safelog.services.referrals import Referral, ReferralOutcome, escalate, record_outcome
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
    show_error,
    text_box,
    with_mnemonic,
)

NOT_SET = "not set — add it in Settings"


def describe(referral: Referral) -> str:
    """One line naming the referral: agency, when, reference."""
    ref = f", reference {referral.reference}" if referral.reference else ""
    return f"{referral.agency.label}, {uk_datetime(referral.referred_at)}{ref}"


class _ReferralActionDialog(QDialog):
    """Heading, what it is about, a form and one verb button; subclasses implement ``commit``."""

    def __init__(
        self,
        ctx: AppContext,
        referral: Referral,
        title: str,
        verb: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.referral = referral
        self.result_referral: Referral | None = None
        self._title = title
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.form.setSpacing(8)
        self.ok_button = button(
            verb,
            f"{verb.replace('&', '')} and close",
            self.submit,
            shortcut="Ctrl+Return",
            parent=self,
        )
        self.ok_button.setDefault(True)
        self.cancel_button = button(
            "Cancel", "Close without saving (Esc)", self.reject, parent=self
        )
        top = QHBoxLayout()
        top.addWidget(heading(title, self, size=3))
        top.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            top.addWidget(banner)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 14)
        self.body.setSpacing(10)
        self.body.addLayout(top)
        self.body.addWidget(hint(f"Referral: {describe(referral)}.", self, name="Referral"))
        self.intro_index = self.body.count()
        self.body.addLayout(self.form)
        self.body.addLayout(buttons)

    def commit(self) -> Referral:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            self.result_referral = self.commit()
        except (SafeLogError, TimeError) as exc:
            show_error(self.ctx, self._title, exc)
            return
        self.ctx.events.records_changed.emit("referrals")
        self.accept()


class OutcomeDialog(_ReferralActionDialog):
    """ "Record outcome…": what the agency decided, when, and a note."""

    def __init__(self, ctx: AppContext, referral: Referral, parent: QWidget | None = None) -> None:
        super().__init__(ctx, referral, "Record the outcome", "&Record outcome", parent)
        self.group = QButtonGroup(self)
        self.choices: dict[ReferralOutcome, QRadioButton] = {}
        holder = QWidget(self)
        holder.setAccessibleName("Decision")
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        used = {"r", "w", "n"}  # Record outcome, When, Note
        for outcome in ReferralOutcome:
            radio = QRadioButton(with_mnemonic(outcome.label, used), holder)
            radio.setAccessibleName(outcome.label)
            self.group.addButton(radio)
            self.choices[outcome] = radio
            box.addWidget(radio)
        self.when = datetime_edit(parent=self)
        self.when.setMaximumDateTime(qdatetime_from_london(london_now()))
        self.note: QPlainTextEdit = text_box(
            "Anything to add: who told you, what happens next", parent=self
        )
        self.form.addRow(heading("Decision", self), holder)
        add_row(self.form, "&When you heard", self.when, "When the decision reached you (UK time).")
        add_row(self.form, "&Note (optional)", self.note, "Who told you, and what happens next.")
        self.ok_button.setEnabled(False)
        self.group.buttonToggled.connect(
            lambda *_: self.ok_button.setEnabled(self.chosen() is not None)
        )

    def chosen(self) -> ReferralOutcome | None:
        for outcome, radio in self.choices.items():
            if radio.isChecked():
                return outcome
        return None

    def commit(self) -> Referral:
        outcome = self.chosen()
        assert outcome is not None
        return record_outcome(
            self.ctx.session,
            self.referral.referral_id,
            outcome,
            note=self.note.toPlainText(),
            at=london_from_qdatetime(self.when.dateTime()),
        )


class EscalateDialog(_ReferralActionDialog):
    """ "Escalate…": how the DSL chased or escalated a late referral, and to whom."""

    def __init__(self, ctx: AppContext, referral: Referral, parent: QWidget | None = None) -> None:
        super().__init__(ctx, referral, "Escalate the referral", "&Record escalation", parent)
        today = today_london()
        if referral.late(today):
            lead = (
                f"No decision has been recorded, and the follow-up day was "
                f"{referral.follow_up_due:%A} {uk_date(referral.follow_up_due)}."
            )
        else:
            lead = "Use this when you disagree with the decision or need to chase it."
        area = ctx.session.setting("local_authority") or "the local authority"
        phone = ctx.session.setting("mash_phone") or NOT_SET
        self.body.insertWidget(
            self.intro_index,
            hint(
                f"{lead} Ring the MASH ({phone}) and, if you still have no answer, follow "
                f"{area}'s escalation procedure (resolving professional differences): ask for "
                "the team manager, then the service manager.",
                self,
                name="How to escalate",
            ),
        )
        self.note = text_box(
            "For example: rang the MASH team manager, who will call back by 4pm",
            lines=5,
            parent=self,
        )
        add_row(
            self.form,
            "&How you escalated, and to whom",
            self.note,
            "Who you contacted, when, and what they said.",
        )

    def commit(self) -> Referral:
        return escalate(self.ctx.session, self.referral.referral_id, self.note.toPlainText())
