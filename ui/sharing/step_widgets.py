"""The page shown for one node of the information-sharing graph, rendered from its data.

A question shows one radio button per answer (``Node.label_for``), then the fields that belong
to the chosen answer (``Node.fields_for``); select, capture, checklist and record steps show
their fields by kind. Nothing here knows any question's wording: it all comes from the graph.
Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QVBoxLayout, QWidget

from safelog.guidance import Field, Node, NodeType, WizardGraph
from ui.sharing.field_widgets import FieldEditor, make_editor
from ui.sharing.kit import heading, hint, plain, with_mnemonic

STEP_KIND = {
    NodeType.QUESTION: "Question",
    NodeType.SELECT: "Choose from the list",
    NodeType.CAPTURE: "Record the details",
    NodeType.CHECKLIST: "Checklist",
    NodeType.RECORD: "Record what happened",
}


class FieldsForm(QWidget):
    """Labelled editors for a list of fields, each label above its editor with a mnemonic.

    A field is shown when it applies to the chosen answer (``set_answer``; ``None`` on an
    outcome) and, if it is required only on a condition (``required_if``), when that condition
    holds on the walk so far plus this form: "who gave consent" appears once consent was given
    or refused, "explain" once "another reason" is chosen. ``values`` returns the shown fields'
    non-empty values, so an answer hidden again is never saved.
    """

    changed = Signal()

    def __init__(
        self,
        graph: WizardGraph,
        fields: Sequence[Field],
        used: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editors: dict[str, FieldEditor] = {}
        self._rows: dict[str, QWidget] = {}
        self._specs = {f.name: f for f in fields}
        self._answer: str | None = None
        self._base: Mapping[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for spec in fields:
            editor = make_editor(graph, spec, self)
            editor.changed.connect(self._edited)
            row = QWidget(self)
            box = QVBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(4)
            if not editor.inline_label:
                optional = not spec.required and spec.required_if is None
                text = with_mnemonic(spec.label, used) + (" (optional)" if optional else "")
                label = QLabel(text, row)
                label.setWordWrap(True)
                font = label.font()
                font.setBold(True)
                label.setFont(font)
                label.setBuddy(editor.focus_target())
                label.setAccessibleName(plain(text))
                box.addWidget(label)
            box.addWidget(editor)
            layout.addWidget(row)
            self.editors[spec.name] = editor
            self._rows[spec.name] = row

    def set_answer(self, answer: str | None, base: Mapping[str, Any] | None = None) -> None:
        """Show the fields for ``answer``, given ``base`` (what the walk has captured so far,
        with the answer's own ``sets``)."""
        self._answer = answer
        if base is not None:
            self._base = base
        self._update_visibility()

    def _edited(self) -> None:
        self._update_visibility()
        self.changed.emit()

    def _update_visibility(self) -> None:
        raw = {n: v for n, e in self.editors.items() if (v := e.value()) is not None}
        context = {**self._base, **raw}
        for name, row in self._rows.items():
            spec = self._specs[name]
            applies = self._answer is None or spec.applies_to(self._answer)
            relevant = spec.required_if is None or spec.required_if.holds(context)
            row.setHidden(not (applies and relevant))

    def shown(self, name: str) -> bool:
        return not self._rows[name].isHidden()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if not self.shown(name):
                continue
            value = editor.value()
            if value is not None:
                out[name] = value
        return out

    def set_values(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            if name in self.editors:
                self.editors[name].set_value(value)

    def problems(self) -> list[str]:
        return [p for name, e in self.editors.items() if self.shown(name) and (p := e.problem())]


class NodePage(QWidget):
    """One step of the walk. ``changed`` fires on any answer or field edit.

    Thread: GUI only.
    """

    changed = Signal()

    def __init__(
        self,
        graph: WizardGraph,
        node: Node,
        *,
        step_number: int,
        previous: tuple[str, Mapping[str, Any]] | None = None,
        base: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.node = node
        self._base = dict(base or {})
        self.setAccessibleName(f"Step {step_number}: {node.text}")
        used: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        kind = hint(f"Step {step_number} · {STEP_KIND[node.type]}", self)
        layout.addWidget(kind)
        self.question = heading(node.text, self, size=3, wrap=True)
        layout.addWidget(self.question)
        self.help = hint(node.help, self, name="Help for this step")
        layout.addWidget(self.help)

        self.answer_buttons: dict[str, QRadioButton] = {}
        self._group = QButtonGroup(self)
        if node.type is NodeType.QUESTION:
            answers = QWidget(self)
            answers.setAccessibleName("Your answer")
            box = QVBoxLayout(answers)
            box.setContentsMargins(4, 4, 0, 4)
            box.setSpacing(6)
            for key in node.answers:
                radio = QRadioButton(with_mnemonic(node.label_for(key), used), answers)
                radio.setAccessibleName(node.label_for(key))
                font = radio.font()
                font.setPointSizeF(font.pointSizeF() + 1)
                radio.setFont(font)
                self._group.addButton(radio)
                self.answer_buttons[key] = radio
                box.addWidget(radio)
            self._group.buttonToggled.connect(self._answer_changed)
            layout.addWidget(answers)

        self.form = FieldsForm(graph, node.fields, used, self)
        self.form.changed.connect(self.changed)
        layout.addWidget(self.form)
        layout.addStretch(1)

        if previous is not None:
            label, details = previous
            if label in self.answer_buttons:
                self.answer_buttons[label].setChecked(True)
            self.form.set_values(details)
        self._show_fields()

    def _show_fields(self) -> None:
        answer = self.selected_answer()
        sets = dict(self.node.sets.get(answer, {})) if answer else {}
        self.form.set_answer(answer, {**self._base, **sets})

    def _answer_changed(self, *_: object) -> None:
        self._show_fields()
        self.changed.emit()

    def selected_answer(self) -> str | None:
        """The chosen answer key; the only one for steps that do not branch."""
        if self.node.type is not NodeType.QUESTION:
            return next(iter(self.node.answers))
        for key, radio in self.answer_buttons.items():
            if radio.isChecked():
                return key
        return None

    def choose(self, answer: str) -> None:
        """Select ``answer`` as a click would (for keyboard shortcuts and tests)."""
        self.answer_buttons[answer].click()

    def details(self) -> dict[str, Any]:
        return self.form.values()

    def problems(self) -> list[str]:
        return self.form.problems()

    def first_focus(self) -> QWidget:
        checked = self._group.checkedButton()
        if checked is not None:
            return checked
        if self.answer_buttons:
            return next(iter(self.answer_buttons.values()))
        for name, editor in self.form.editors.items():
            if self.form.shown(name):
                return editor.focus_target()
        return self
