"""The DSL's response: add and complete actions, record decisions with reasons, set and meet
review dates, and triage, record the outcome of, close or reopen a concern.

Each dialog calls one core service when its main button is pressed; if the core refuses (one
sentence through the Prompter) the dialog stays open with everything still typed, so nothing is
half-saved and nothing is lost. On success ``ctx.events.records_changed("responses")`` is
emitted. Thread: GUI only.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Action, ActionKind, Review, Status
from safelog.domain.timefmt import today_london, uk_date, uk_datetime
from safelog.services import responses
from safelog.services.concerns import concerns_for_child
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.dialogs.common import (
    OptionalDateWidget,
    add_row,
    button,
    date_edit,
    demo_banner,
    from_qdate,
    heading,
    hint,
    show_error,
    text_box,
)
from ui.models.labels import category_labels

DECISION_CHOICES = (
    "Refer to children's social care (MASH)",
    "Do not refer: support and monitor in school",
    "Offer early help",
    "Seek advice from the MASH advice line",
    "Report to the police",
    "Refer to the LADO",
    "No further action",
)
EVENT_TEXT = {
    "triaged": (
        "Triage the concern",
        "&Mark as triaged",
        "&Note (optional)",
        "What you decided on first reading, if you want to note it.",
    ),
    "outcome": (
        "Record the outcome",
        "&Record outcome",
        "&Outcome",
        "What came of the concern: the result of a referral, a plan, or advice.",
    ),
    "closed": (
        "Close the concern",
        "&Close concern",
        "&Reason for closing",
        "Why nothing more needs to be done. It stays on the child's chronology.",
    ),
    "reopened": (
        "Reopen the concern",
        "&Reopen concern",
        "&Reason for reopening",
        "What has changed.",
    ),
}


class ResponseDialog(QDialog):
    """A small form with one verb button. Subclasses fill ``form`` and override :meth:`commit`
    (call the core; raise its error to keep the dialog open)."""

    def __init__(
        self, ctx: AppContext, title: str, verb: str, intro: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_id: int | None = None
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.form.setSpacing(8)
        self.ok_button = button(
            verb,
            f"{verb.replace('&', '')} and close (Ctrl+Enter).",
            self.submit,
            shortcut="Ctrl+Return",
            parent=self,
        )
        self.ok_button.setDefault(True)
        self.cancel_button = button(
            "Cancel", "Close without saving (Esc).", self.reject, parent=self
        )
        top = QHBoxLayout()
        top.addWidget(heading(title, self, size=2))
        top.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            top.addWidget(banner)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        if intro:
            layout.addWidget(hint(intro, self))
        layout.addLayout(self.form)
        layout.addLayout(buttons)

    def commit(self) -> int | None:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            self.result_id = self.commit()
        except (SafeLogError, ValueError) as exc:
            show_error(self.ctx, self.windowTitle(), exc)
            return
        self.ctx.events.records_changed.emit("responses")
        self.ctx.events.status_message.emit(f"{self.windowTitle()}: saved.")
        self.accept()

    def concern_combo(self, child_id: int, concern_id: int | None) -> QComboBox:
        """ "Not about one concern" or one of the child's concerns (newest first)."""
        combo = QComboBox(self)
        combo.addItem("Not about one concern", None)
        for c in reversed(concerns_for_child(self.ctx.session, child_id)):
            when = uk_datetime(c.draft.occurred_at)[:10]
            combo.addItem(
                f"C{c.concern_id} · {when} · {category_labels(c.draft.categories)}", c.concern_id
            )
        if concern_id is not None:
            combo.setCurrentIndex(max(combo.findData(concern_id), 0))
        return combo


class AddActionDialog(ResponseDialog):
    """What will be (or was) done, by whom and by when."""

    def __init__(
        self,
        ctx: AppContext,
        child_id: int,
        concern_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            "Add an action",
            "&Add action",
            "Record what was done or assign what is to be done.",
            parent,
        )
        self.child_id = child_id
        self.kind = QComboBox(self)
        for kind in ActionKind:
            self.kind.addItem(kind.label, kind.value)
        self.description = text_box("What exactly, with whom", lines=3, parent=self)
        self.owner = QLineEdit(ctx.session.user_name, self)
        self.due = OptionalDateWidget("Due b&y", None, today_london() + timedelta(days=7), self)
        self.concern = self.concern_combo(child_id, concern_id)
        add_row(self.form, "&Kind of action:", self.kind, "What sort of action this is.")
        add_row(self.form, "&Description:", self.description, "What exactly is to be done.")
        add_row(self.form, "&Owner:", self.owner, "Who is responsible for it.")
        self.form.addRow("", self.due)
        add_row(self.form, "&Concern:", self.concern, "The concern this action answers.")

    def commit(self) -> int:
        return responses.add_action(
            self.ctx.session,
            child_id=self.child_id,
            kind=ActionKind(self.kind.currentData()),
            description=self.description.toPlainText(),
            owner=self.owner.text(),
            due_on=self.due.value(),
            concern_id=self.concern.currentData(),
        )


class CompleteActionDialog(ResponseDialog):
    """Mark an open action done (or cancelled) with its outcome."""

    def __init__(self, ctx: AppContext, action: Action, parent: QWidget | None = None) -> None:
        due = f", due {uk_date(action.due_on)}" if action.due_on else ""
        super().__init__(
            ctx,
            "Complete an action",
            "&Complete action",
            f"{action.kind.label}: {action.description} (owner {action.owner}{due}).",
            parent,
        )
        self.action = action
        self.done_radio = QRadioButton("&Done", self)
        self.done_radio.setChecked(True)
        self.cancelled_radio = QRadioButton("Ca&ncelled (no longer needed)", self)
        row = QHBoxLayout()
        row.addWidget(self.done_radio)
        row.addWidget(self.cancelled_radio)
        row.addStretch(1)
        holder = QWidget(self)
        holder.setLayout(row)
        holder.setAccessibleName("Done or cancelled")
        self.outcome = text_box("What happened as a result", lines=3, parent=self)
        self.form.addRow("Result:", holder)
        add_row(self.form, "&Outcome:", self.outcome, "What came of the action.")

    def commit(self) -> int:
        status = Status.DONE if self.done_radio.isChecked() else Status.CANCELLED
        responses.complete_action(
            self.ctx.session,
            self.action.action_id,
            outcome=self.outcome.toPlainText(),
            status=status,
        )
        return self.action.action_id


class RecordDecisionDialog(ResponseDialog):
    """A decision and its reasons, required also when deciding not to refer."""

    def __init__(
        self,
        ctx: AppContext,
        child_id: int,
        concern_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            "Record a decision",
            "&Record decision",
            "Record what you decided and why. Reasons are required whatever you "
            "decide, including when you decide not to refer.",
            parent,
        )
        self.child_id = child_id
        self.decision = QComboBox(self)
        self.decision.setEditable(True)
        self.decision.addItems(DECISION_CHOICES)
        self.decision.setCurrentIndex(-1)
        self.decision.lineEdit().setPlaceholderText("Choose or type the decision")
        self.reasons = text_box("Why: what you weighed up, who you consulted", lines=5, parent=self)
        self.concern = self.concern_combo(child_id, concern_id)
        add_row(self.form, "&Decision:", self.decision, "What was decided.")
        add_row(
            self.form,
            "R&easons (required):",
            self.reasons,
            "The reasons, including for not referring.",
            name="Reasons for the decision",
        )
        add_row(self.form, "&Concern:", self.concern, "The concern this decision is about.")

    def commit(self) -> int:
        return responses.record_decision(
            self.ctx.session,
            child_id=self.child_id,
            decision=self.decision.currentText(),
            reasons=self.reasons.toPlainText(),
            concern_id=self.concern.currentData(),
        )


class SetReviewDialog(ResponseDialog):
    """A date by which a DSL looks at the concern or case again."""

    def __init__(
        self,
        ctx: AppContext,
        child_id: int,
        concern_id: int | None = None,
        default_due: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            "Set a review date",
            "&Set review",
            "Choose when a DSL should look at this again.",
            parent,
        )
        self.child_id = child_id
        self.due = date_edit(default_due or today_london() + timedelta(days=14), self)
        self.kind = QComboBox(self)
        self.kind.addItem("Concern review", "concern")
        self.kind.addItem("Case review", "case")
        self.note = QLineEdit(self)
        self.concern = self.concern_combo(child_id, concern_id)
        if concern_id is None:
            self.kind.setCurrentIndex(1)
        add_row(self.form, "Review &by:", self.due, "The date the review is due.")
        add_row(self.form, "&What:", self.kind, "A review of one concern or of the whole case.")
        add_row(self.form, "&Note:", self.note, "What to look at, if anything in particular.")
        add_row(self.form, "&Concern:", self.concern, "The concern to review.")

    def commit(self) -> int:
        return responses.set_review(
            self.ctx.session,
            child_id=self.child_id,
            due_on=from_qdate(self.due.date()),
            kind=str(self.kind.currentData()),
            concern_id=self.concern.currentData(),
            note=self.note.text().strip() or None,
        )


class CompleteReviewDialog(ResponseDialog):
    """Record that a review took place and what it found."""

    def __init__(self, ctx: AppContext, review: Review, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "Record a review",
            "&Mark reviewed",
            f"Review due {uk_date(review.due_on)}"
            + (f" for concern C{review.concern_id}." if review.concern_id else "."),
            parent,
        )
        self.review = review
        self.note = text_box("What the review found", lines=3, parent=self)
        add_row(self.form, "&What the review found:", self.note, "A short note of the review.")

    def commit(self) -> int:
        responses.complete_review(
            self.ctx.session, self.review.review_id, note=self.note.toPlainText()
        )
        return self.review.review_id


class ConcernEventDialog(ResponseDialog):
    """Triage, outcome, closure (with its reason) or reopening of one concern."""

    def __init__(
        self, ctx: AppContext, concern_id: int, event: str, parent: QWidget | None = None
    ) -> None:
        title, verb, label, tip = EVENT_TEXT[event]
        super().__init__(ctx, title, verb, f"Concern C{concern_id}.", parent)
        self.concern_id = concern_id
        self.event = event
        self.detail = text_box(tip, lines=4, parent=self)
        add_row(self.form, label, self.detail, tip)

    def commit(self) -> None:
        responses.concern_event(
            self.ctx.session, self.concern_id, self.event, self.detail.toPlainText()
        )
        return None
