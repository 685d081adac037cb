"""What the wizard shows when a walk reaches an outcome.

* :class:`EmergencyContactsWidget`: the MASH, out-of-hours and police numbers from the school's
  settings, large and selectable, under "Call now, record after".
* :class:`OutcomePage`: the outcome's title and text; for a decision, the closing form (the
  outcome's own fields from the graph, plus any advice taken); for an outcome that is not a
  decision yet (seek advice, check the requester), what to do and that nothing was saved.

Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from safelog.guidance import Decision, Outcome, WizardGraph
from ui.sharing.kit import (
    add_row,
    datetime_edit,
    heading,
    hint,
    london_from_qdatetime,
    qdatetime_from_london,
    selectable,
    text_box,
)
from ui.sharing.step_widgets import FieldsForm

NOT_SET = "not set — add it in Settings"
EMERGENCY_RED = "#9b1c1c"

# (setting name, what the DSL calls it). The emergency number itself is not a setting.
CONTACTS = (
    ("mash_phone", "Children's social care / MASH"),
    ("mash_out_of_hours_phone", "Out of hours (emergency duty team)"),
    ("police_phone", "Police (non-emergency)"),
)


class EmergencyContactsWidget(QFrame):
    """The numbers to ring now, read from the school's settings when built.

    ``compact`` shows them on one line each at body size, above the record form.
    """

    def __init__(
        self,
        settings: Mapping[str, str | None],
        *,
        compact: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyContacts")
        self.setAccessibleName("Emergency numbers")
        self.setStyleSheet(
            f"#emergencyContacts {{ background: #fdf0f0; border: 2px solid {EMERGENCY_RED};"
            " border-radius: 6px; }"
        )
        self.numbers: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        title = heading("Call now, record after", self, size=1 if compact else 5)
        title.setStyleSheet(f"color: {EMERGENCY_RED};")
        layout.addWidget(title)
        area = settings.get("local_authority")
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4 if compact else 8)
        rows = [("emergency", "A life at risk, or a crime in progress", "999")]
        rows += [(key, label, settings.get(key)) for key, label in CONTACTS]
        for r, (key, label, number) in enumerate(rows):
            what = QLabel(label + (f" — {area}" if key == "mash_phone" and area else ""), self)
            what.setWordWrap(True)
            value = QLabel(number or NOT_SET, self)
            value.setTextFormat(Qt.TextFormat.PlainText)
            selectable(value)
            font = value.font()
            font.setBold(True)
            if number and not compact:
                font.setPointSizeF(font.pointSizeF() + 9)
            value.setFont(font)
            if not number:
                value.setStyleSheet(f"color: {EMERGENCY_RED};")
            value.setAccessibleName(f"{label}: {number or NOT_SET}")
            value.setToolTip("Select the number to copy it.")
            grid.addWidget(what, r, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, r, 1, Qt.AlignmentFlag.AlignVCenter)
            self.numbers[key] = value
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout.addLayout(grid)


class AdviceContactsWidget(QGroupBox):
    """Who to ring for advice, from the school's settings (MASH line, LADO)."""

    def __init__(self, settings: Mapping[str, str | None], parent: QWidget | None = None) -> None:
        super().__init__("If you need advice", parent)
        self.setAccessibleName("Numbers for advice")
        self.numbers: dict[str, QLabel] = {}
        form = QFormLayout(self)
        lado = settings.get("lado_name")
        rows = (
            ("mash_phone", "MASH consultation line"),
            ("lado_phone", "LADO" + (f" ({lado})" if lado else "") + ", if staff are involved"),
        )
        for key, label in rows:
            number = settings.get(key)
            value = selectable(QLabel(number or NOT_SET, self))
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setAccessibleName(f"{label}: {number or NOT_SET}")
            font = value.font()
            font.setBold(bool(number))
            value.setFont(font)
            form.addRow(label, value)
            self.numbers[key] = value


class AdviceBox(QGroupBox):
    """Advice taken on the way (optional): kept with the record as ``advice_sought``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Advice taken (optional)", parent)
        self.setAccessibleName("Advice taken")
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.adviser = QLineEdit(self)
        self.role = QLineEdit(self)
        self.when_given = QCheckBox("Note the &time", self)
        self.when_given.setToolTip("Tick to record the date and time the advice was given.")
        self.when_given.setAccessibleName("Note the time the advice was given")
        self.when = datetime_edit(parent=self)
        self.when.setEnabled(False)
        self.when.setAccessibleName("When the advice was given")
        self.when.setToolTip("When the advice was given (UK time).")
        self.when_given.toggled.connect(self.when.setEnabled)
        when_row = QWidget(self)
        when_box = QHBoxLayout(when_row)
        when_box.setContentsMargins(0, 0, 0, 0)
        when_box.addWidget(self.when_given)
        when_box.addWidget(self.when)
        when_box.addStretch(1)
        self.advice = text_box(lines=2, parent=self)
        add_row(form, "Who ad&vised", self.adviser, "Name of the person who gave advice.")
        add_row(form, "Their &role", self.role, "For example MASH consultation line, DPO.")
        form.addRow("When", when_row)
        add_row(form, "What they a&dvised", self.advice, "The advice, in a sentence or two.")

    def value(self) -> list[dict[str, Any]]:
        adviser = self.adviser.text().strip()
        advice = self.advice.toPlainText().strip()
        if not adviser and not advice:
            return []
        item: dict[str, Any] = {"adviser": adviser, "advice": advice}
        if self.role.text().strip():
            item["role"] = self.role.text().strip()
        if self.when_given.isChecked():
            item["at"] = london_from_qdatetime(self.when.dateTime()).isoformat()
        return [item]

    def set_value(self, items: list[dict[str, Any]]) -> None:
        if not items:
            return
        item = items[0]
        self.adviser.setText(str(item.get("adviser", "")))
        self.role.setText(str(item.get("role", "") or ""))
        self.advice.setPlainText(str(item.get("advice", "")))
        if item.get("at"):
            self.when_given.setChecked(True)
            self.when.setDateTime(qdatetime_from_london(datetime.fromisoformat(item["at"])))


class OutcomePage(QWidget):
    """Where the walk ended. ``stage`` is ``"intro"`` (an emergency before its record form is
    opened), ``"form"`` (a decision's closing form) or ``"info"`` (not a decision yet).
    ``changed`` fires on any edit of the form. Thread: GUI only.
    """

    changed = Signal()

    def __init__(
        self,
        graph: WizardGraph,
        outcome: Outcome,
        *,
        stage: str,
        settings: Mapping[str, str | None],
        previous: Mapping[str, Any] | None = None,
        base: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.outcome = outcome
        self.stage = stage
        self.form: FieldsForm | None = None
        self.advice: AdviceBox | None = None
        self.contacts: EmergencyContactsWidget | None = None
        self.setAccessibleName(f"Outcome: {outcome.title}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(hint("Outcome", self))
        title = heading(outcome.title, self, size=5, wrap=True)
        if outcome.emergency:
            title.setStyleSheet(f"color: {EMERGENCY_RED};")
        layout.addWidget(title)

        if outcome.emergency:
            self.contacts = EmergencyContactsWidget(settings, compact=stage == "form", parent=self)
            layout.addWidget(self.contacts)
        text = QLabel(outcome.text, self)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        font = text.font()
        font.setPointSizeF(font.pointSizeF() + 1)
        text.setFont(font)
        selectable(text)
        text.setAccessibleName("What to do")
        layout.addWidget(text)

        if stage == "info":
            layout.addWidget(AdviceContactsWidget(settings, self))
            layout.addWidget(
                hint(
                    "Nothing has been saved. When you have done this, press Back to answer the "
                    "question again, or close the wizard and start it afresh later.",
                    self,
                    name="Nothing saved",
                )
            )
        elif stage == "intro":
            layout.addWidget(
                hint(
                    "When the call is made and the child is safe, press “Complete the record” "
                    "to write down what you shared, with whom and why.",
                    self,
                )
            )
        else:
            used: set[str] = {"v", "r", "t", "d"}  # taken by the advice box below
            layout.addWidget(heading("Complete the record", self, size=1))
            self.form = FieldsForm(graph, outcome.fields, used, self)
            self.form.changed.connect(self.changed)
            layout.addWidget(self.form)
            self.advice = AdviceBox(self)
            layout.addWidget(self.advice)
            if previous:
                self.form.set_values(previous)
                self.advice.set_value(list(previous.get("advice_sought", [])))
            self.form.set_answer(None, base or {})
        layout.addStretch(1)

    @property
    def is_decision(self) -> bool:
        return self.outcome.decision is not Decision.NONE_YET

    def common(self) -> dict[str, Any]:
        """What the closing form holds, as ``common`` for ``build_sharing_record``."""
        if self.form is None or self.advice is None:
            return {}
        values = self.form.values()
        advice = self.advice.value()
        if advice:
            values["advice_sought"] = advice
        return values

    def problems(self) -> list[str]:
        return self.form.problems() if self.form is not None else []
