"""Dialogs for allegations against staff: open a new case, and add to an open one (LADO
consulted, outcome reached, case closed), each change saved as a new revision with its reason.

Outcome words follow KCSIE Part 4 (substantiated, malicious, false, unsubstantiated, unfounded),
each with its meaning as a tooltip. A refusal from the core is shown as its one sentence and
the dialog stays open. Thread: GUI only.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.timefmt import TimeError, uk_datetime
from safelog.services.allegations import Allegation, AllegationOutcome, open_case, update_case
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

OUTCOME_LABELS = {
    AllegationOutcome.SUBSTANTIATED: "Substantiated",
    AllegationOutcome.MALICIOUS: "Malicious",
    AllegationOutcome.FALSE: "False",
    AllegationOutcome.UNSUBSTANTIATED: "Unsubstantiated",
    AllegationOutcome.UNFOUNDED: "Unfounded",
}
OUTCOME_MEANINGS = {
    AllegationOutcome.SUBSTANTIATED: "There is enough evidence to prove the allegation.",
    AllegationOutcome.MALICIOUS: (
        "There is enough evidence to disprove the allegation, and there was a deliberate act "
        "to deceive."
    ),
    AllegationOutcome.FALSE: "There is enough evidence to disprove the allegation.",
    AllegationOutcome.UNSUBSTANTIATED: (
        "There is not enough evidence to prove or disprove the allegation; this implies neither "
        "guilt nor innocence."
    ),
    AllegationOutcome.UNFOUNDED: (
        "There is no evidence or proper basis to support the allegation being made."
    ),
}


class _CaseDialog(QDialog):
    """Heading, a form and one verb button; subclasses implement ``commit`` (raise to stay)."""

    def __init__(
        self, ctx: AppContext, title: str, verb: str, intro: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._title = title
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(580)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(hint(intro, self, name="About this form"))
        layout.addLayout(self.form)
        layout.addLayout(buttons)

    def commit(self) -> None:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            self.commit()
        except (SafeLogError, TimeError) as exc:
            show_error(self.ctx, self._title, exc)
            return
        self.ctx.events.records_changed.emit("allegations")
        self.accept()


class NewCaseDialog(_CaseDialog):
    """Open a case: who, their role, what is alleged, when it was received, who reported it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "New allegation against staff",
            "&Open case",
            "Write down what was alleged as it was reported, without judging it. Speak to the "
            "LADO within one working day; do not investigate, or tell the member of staff, before "
            "speaking to the LADO.",
            parent,
        )
        self.case_id: int | None = None
        self.staff_name = QLineEdit(self)
        self.staff_role = QLineEdit(self)
        self.staff_role.setPlaceholderText("For example teaching assistant, supply teacher")
        self.allegation = text_box(
            "What is alleged, in the words it was reported", lines=5, parent=self
        )
        self.received = datetime_edit(parent=self)
        self.received.setMaximumDateTime(qdatetime_from_london(london_now()))
        self.reported_by = QLineEdit(self)
        self.reported_by.setPlaceholderText("Who told you: a child, parent, colleague …")
        add_row(
            self.form,
            "&Member of staff",
            self.staff_name,
            "Full name of the person the allegation is about.",
        )
        add_row(self.form, "&Role (optional)", self.staff_role, "Their job at the school.")
        add_row(
            self.form, "&What is alleged", self.allegation, "The allegation as it was reported."
        )
        add_row(self.form, "Recei&ved", self.received, "When the allegation reached you (UK time).")
        add_row(self.form, "Reported &by (optional)", self.reported_by, "Who made the allegation.")

    def commit(self) -> None:
        self.case_id = open_case(
            self.ctx.session,
            staff_name=self.staff_name.text(),
            staff_role=self.staff_role.text(),
            allegation=self.allegation.toPlainText(),
            received_at=london_from_qdatetime(self.received.dateTime()),
            reported_by=self.reported_by.text(),
        )


class CaseUpdateDialog(_CaseDialog):
    """Add to an open case. ``kind`` is ``"lado"`` (LADO consulted), ``"outcome"`` or
    ``"close"``; each saves a new revision with a reason through ``update_case``."""

    KINDS: ClassVar[dict[str, tuple[str, str, str, str]]] = {
        "lado": (
            "Record LADO consultation",
            "&Record consultation",
            "What the LADO advised",
            "The LADO's advice and the agreed next steps.",
        ),
        "outcome": (
            "Record the outcome",
            "&Record outcome",
            "How the outcome was reached",
            "Who decided, and on what evidence.",
        ),
        "close": (
            "Close the case",
            "&Close case",
            "Why the case is being closed",
            "For example: outcome reached and reported to the LADO; records kept as required.",
        ),
    }

    def __init__(
        self, ctx: AppContext, case: Allegation, kind: str, parent: QWidget | None = None
    ) -> None:
        title, verb, reason_label, reason_tip = self.KINDS[kind]
        super().__init__(
            ctx,
            title,
            verb,
            f"Case {case.case_id}: {case.staff_name}, received {uk_datetime(case.received_at)}. "
            "This is added to the case as a new entry; earlier entries are kept.",
            parent,
        )
        self.case = case
        self.kind = kind
        used = {verb[verb.index("&") + 1].lower()}
        if kind == "lado":
            self.when = datetime_edit(case.lado_consulted_at, parent=self)
            self.when.setMaximumDateTime(qdatetime_from_london(london_now()))
            self.reference = QLineEdit(case.lado_reference or "", self)
            add_row(
                self.form,
                with_mnemonic("When you spoke to the LADO", used),
                self.when,
                "Date and time (UK time).",
            )
            add_row(
                self.form,
                with_mnemonic("LADO reference (optional)", used),
                self.reference,
                "The LADO's reference number.",
            )
        elif kind == "outcome":
            self.outcome = QComboBox(self)
            self.outcome.addItem("Choose…", None)
            for value, label in OUTCOME_LABELS.items():
                self.outcome.addItem(label, value.value)
                self.outcome.setItemData(
                    self.outcome.count() - 1, OUTCOME_MEANINGS[value], Qt.ItemDataRole.ToolTipRole
                )
            if case.outcome is not None:
                self.outcome.setCurrentIndex(self.outcome.findData(case.outcome.value))
            self.meaning = hint("", self, name="What this outcome means")
            # Room for the longest meaning from the start, so choosing one never reflows.
            self.meaning.setMinimumHeight(self.meaning.fontMetrics().lineSpacing() * 3 + 4)
            self.outcome.currentIndexChanged.connect(self._show_meaning)
            add_row(
                self.form,
                with_mnemonic("Outcome", used),
                self.outcome,
                "The outcome, in the words KCSIE uses.",
            )
            self.form.addRow("", self.meaning)
            self._show_meaning()
        self.reason = text_box(lines=4, parent=self)
        add_row(self.form, with_mnemonic(reason_label, used), self.reason, reason_tip)

    def _show_meaning(self) -> None:
        value = self.outcome.currentData()
        self.meaning.setText(OUTCOME_MEANINGS[AllegationOutcome(value)] if value else "")
        # No outcome chosen yet: nothing to record.
        self.ok_button.setEnabled(value is not None)

    def commit(self) -> None:
        changes: dict[str, Any] = {}
        if self.kind == "lado":
            changes["lado_consulted_at"] = london_from_qdatetime(self.when.dateTime())
            changes["lado_reference"] = self.reference.text().strip() or None
        elif self.kind == "outcome":
            changes["outcome"] = self.outcome.currentData()
        else:
            changes["status"] = "closed"
        update_case(
            self.ctx.session, self.case.case_id, reason=self.reason.toPlainText(), **changes
        )
