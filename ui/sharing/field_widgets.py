"""One editor per wizard field kind (text, choice, multi, date, datetime, bool), built from the
field's definition in the guidance graph, so a new field in next year's data needs no new code.

Every editor reports ``changed`` and returns its value in the form the wizard accepts
(:func:`safelog.guidance._values.coerce`): ``str``, option id, tuple of option ids, ``date``,
aware ``datetime`` (Europe/London) or ``bool``; ``None`` means "left empty".
Thread: GUI only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.timefmt import TimeError, today_london
from safelog.domain.workdays import next_working_day
from safelog.guidance import Field, FieldKind, Option, WizardGraph
from ui.sharing.kit import (
    MUTED,
    NOT_VERIFIED,
    datetime_edit,
    from_qdate,
    london_from_qdatetime,
    qdatetime_from_london,
    style_date_edit,
    text_box,
    to_qdate,
)

# Short answers (a name, a role, an organisation) get one line; everything else a text box.
_ONE_LINE_SUFFIXES = ("_name", "_role", "_agency", "_by")
# A choice with few options and no notes reads best as radio buttons; long lists use a drop-down.
_MAX_RADIOS = 4


def option_note(option: Option) -> str:
    """The muted line under an option: its note, and the caveat when it was not verified."""
    parts = [option.note or ""]
    if option.verified is False:
        parts.append(f"[{NOT_VERIFIED}]")
    return " ".join(p for p in parts if p)


class _ClickLabel(QLabel):
    """A wrapped label that presses its button when clicked, like a button's own text."""

    def __init__(self, text: str, target: QAbstractButton, *, muted: bool = False) -> None:
        super().__init__(text)
        self._target = target
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if muted:
            self.setStyleSheet(MUTED)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._target.isEnabled():
            self._target.setFocus(Qt.FocusReason.MouseFocusReason)
            self._target.click()
        super().mousePressEvent(event)


def option_row(button: QAbstractButton, text: str, note: str) -> QWidget:
    """A radio button or tick box whose (long) text wraps, with an optional muted note below.

    Qt buttons cannot wrap their own text, so the text sits in a label beside an empty button;
    the button keeps the text as its accessible name and the note as its description.
    """
    row = QWidget()
    button.setAccessibleName(text)
    if note:
        button.setAccessibleDescription(note)
        button.setToolTip(note)
    words = QVBoxLayout()
    words.setContentsMargins(0, 0, 0, 0)
    words.setSpacing(1)
    words.addWidget(_ClickLabel(text, button))
    if note:
        small = _ClickLabel(note, button, muted=True)
        font = small.font()
        font.setPointSizeF(font.pointSizeF() - 0.5)
        small.setFont(font)
        words.addWidget(small)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 1, 0, 1)
    layout.setSpacing(6)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    layout.addLayout(words, 1)
    return row


class FieldEditor(QWidget):
    """Base class: ``value()``/``set_value()`` in canonical form, ``changed`` on every edit."""

    changed = Signal()
    inline_label = False  # True when the editor shows the field's label itself (a tick box)

    def __init__(self, graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph = graph
        self.spec = spec
        self.setAccessibleName(spec.label)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        """What the field's label mnemonic should focus."""
        return self

    def problem(self) -> str | None:
        """A sentence when what is typed cannot be used as it stands (e.g. a missing hour)."""
        return None


class TextEditor(FieldEditor):
    def __init__(self, graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(graph, spec, parent)
        self.edit: QLineEdit | QPlainTextEdit
        if spec.name.endswith(_ONE_LINE_SUFFIXES):
            self.edit = QLineEdit(self)
            self.edit.textChanged.connect(self.changed)
        else:
            self.edit = text_box(parent=self)
            self.edit.textChanged.connect(self.changed)
        self.edit.setAccessibleName(spec.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def _text(self) -> str:
        if isinstance(self.edit, QLineEdit):
            return self.edit.text()
        return self.edit.toPlainText()

    def value(self) -> str | None:
        return self._text().strip() or None

    def set_value(self, value: Any) -> None:
        text = value if isinstance(value, str) else ""
        if isinstance(self.edit, QLineEdit):
            self.edit.setText(text)
        else:
            self.edit.setPlainText(text)

    def focus_target(self) -> QWidget:
        return self.edit


class RadioChoiceEditor(FieldEditor):
    """One radio button per option, notes underneath (arrow keys move within the group)."""

    def __init__(self, graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(graph, spec, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        options = graph.options(spec.options_ref or "")
        # Options with notes under them need air between them to read as separate choices.
        layout.setSpacing(6 if any(o.note for o in options) else 2)
        for option in options:
            radio = QRadioButton(self)
            self.buttons[option.id] = radio
            self.group.addButton(radio)
            layout.addWidget(option_row(radio, option.label, option_note(option)))
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    def value(self) -> str | None:
        for option_id, radio in self.buttons.items():
            if radio.isChecked():
                return option_id
        return None

    def set_value(self, value: Any) -> None:
        if value in self.buttons:
            self.buttons[value].setChecked(True)

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked or next(iter(self.buttons.values()))


class ComboChoiceEditor(FieldEditor):
    """A drop-down starting on "Choose…", for longer lists without notes."""

    def __init__(self, graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(graph, spec, parent)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(spec.label)
        self.combo.addItem("Choose…", None)
        for option in graph.options(spec.options_ref or ""):
            self.combo.addItem(option.label, option.id)
            note = option_note(option)
            if note:
                self.combo.setItemData(self.combo.count() - 1, note, Qt.ItemDataRole.ToolTipRole)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.setFocusProxy(self.combo)

    def value(self) -> str | None:
        data = self.combo.currentData()
        return data if isinstance(data, str) else None

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))

    def focus_target(self) -> QWidget:
        return self.combo


class MultiEditor(FieldEditor):
    """One tick box per option (a checklist when the field requires them all)."""

    def __init__(self, graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(graph, spec, parent)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        options = graph.options(spec.options_ref or "")
        layout.setSpacing(6 if any(o.note for o in options) else 2)
        for option in options:
            box = QCheckBox(self)
            box.toggled.connect(lambda *_: self.changed.emit())
            self.boxes[option.id] = box
            layout.addWidget(option_row(box, option.label, option_note(option)))

    def value(self) -> tuple[str, ...] | None:
        chosen = tuple(k for k, box in self.boxes.items() if box.isChecked())
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or ())
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()))


class DateEditor(FieldEditor):
    """A dd/mm/yyyy date; starts on the next working day, the usual first follow-up."""

    def __init__(self, graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(graph, spec, parent)
        self.edit = QDateEdit(self)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(QDate(2000, 1, 1))
        self.edit.setDate(to_qdate(next_working_day(today_london())))
        style_date_edit(self.edit)
        self.edit.setAccessibleName(spec.label)
        self.edit.dateChanged.connect(lambda *_: self.changed.emit())
        self.weekday = QLabel(self)
        self.weekday.setStyleSheet(MUTED)
        self.edit.dateChanged.connect(self._show_weekday)
        self._show_weekday()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.weekday)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)

    def _show_weekday(self) -> None:
        # The day's name guards against a slip of one digit (a Sunday follow-up is a typo).
        self.weekday.setText(self.value().strftime("%A"))

    def value(self) -> date:
        return from_qdate(self.edit.date())

    def set_value(self, value: Any) -> None:
        if isinstance(value, date):
            self.edit.setDate(to_qdate(value))

    def focus_target(self) -> QWidget:
        return self.edit


class DateTimeEditor(FieldEditor):
    """A dd/mm/yyyy HH:MM London time; starts on now."""

    def __init__(self, graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(graph, spec, parent)
        self.edit = datetime_edit(parent=self)
        self.edit.setAccessibleName(spec.label)
        self.edit.dateTimeChanged.connect(lambda *_: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(QLabel("UK time", self))
        layout.addStretch(1)
        self.setFocusProxy(self.edit)

    def value(self) -> datetime | None:
        try:
            return london_from_qdatetime(self.edit.dateTime())
        except TimeError:
            return None

    def problem(self) -> str | None:
        try:
            london_from_qdatetime(self.edit.dateTime())
        except TimeError as exc:
            return str(exc)
        return None

    def set_value(self, value: Any) -> None:
        if isinstance(value, datetime):
            self.edit.setDateTime(qdatetime_from_london(value))

    def focus_target(self) -> QWidget:
        return self.edit


class BoolEditor(FieldEditor):
    """A tick box carrying the field's own label."""

    inline_label = True

    def __init__(self, graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(graph, spec, parent)
        self.box = QCheckBox(self)
        self.box.toggled.connect(lambda *_: self.changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(option_row(self.box, spec.label, ""))
        self.setFocusProxy(self.box)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(value is True)

    def focus_target(self) -> QWidget:
        return self.box


def make_editor(graph: WizardGraph, spec: Field, parent: QWidget | None = None) -> FieldEditor:
    """The editor for ``spec``'s kind."""
    if spec.kind is FieldKind.TEXT:
        return TextEditor(graph, spec, parent)
    if spec.kind is FieldKind.CHOICE:
        options = graph.options(spec.options_ref or "")
        if len(options) <= _MAX_RADIOS or any(o.note for o in options):
            return RadioChoiceEditor(graph, spec, parent)
        return ComboChoiceEditor(graph, spec, parent)
    if spec.kind is FieldKind.MULTI:
        return MultiEditor(graph, spec, parent)
    if spec.kind is FieldKind.DATE:
        return DateEditor(graph, spec, parent)
    if spec.kind is FieldKind.DATETIME:
        return DateTimeEditor(graph, spec, parent)
    return BoolEditor(graph, spec, parent)
