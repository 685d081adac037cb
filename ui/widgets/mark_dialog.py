"""The small dialog that asks what a body-map mark is, and the seam that lets tests answer it.

:class:`~ui.widgets.body_map.BodyMapWidget` never opens the dialog directly: it calls a
:class:`MarkEditor`, by default :func:`edit_mark_with_dialog`, so tests can script the answer.
Thread: GUI only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.bodymap import MAX_NOTE_LENGTH, BodyMark, BodySide, MarkKind


@dataclass(frozen=True)
class MarkEditRequest:
    """The question for the editor: mark ``number`` on ``side``; ``existing`` is None if new."""

    number: int
    side: BodySide
    existing: BodyMark | None = None


@dataclass(frozen=True)
class MarkEdit:
    """The editor's answer: the kind and note to keep, or ``remove`` to delete an existing mark."""

    kind: MarkKind
    note: str = ""
    remove: bool = False


class MarkEditor(Protocol):
    """Ask the user about one mark; ``None`` means they cancelled."""

    def __call__(self, parent: QWidget, request: MarkEditRequest) -> MarkEdit | None: ...


class MarkDialog(QDialog):
    """Kind of mark (required) and a short note; Remove is offered only for an existing mark."""

    def __init__(self, request: MarkEditRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._removed = False
        adding = request.existing is None
        verb = "Add" if adding else "Edit"
        self.setWindowTitle(f"{verb} mark {request.number}")
        self.setAccessibleName(f"{verb} body-map mark {request.number}")
        self.setMinimumWidth(400)

        where = QLabel(f"Mark {request.number}, {request.side.label.lower()} of the body.")
        where.setWordWrap(True)

        self.kind_box = QComboBox()
        for kind in MarkKind:
            self.kind_box.addItem(kind.label, kind)
        self.kind_box.setAccessibleName("Kind of mark")
        self.kind_box.setToolTip("What the mark looks like.")

        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(MAX_NOTE_LENGTH)
        self.note_edit.setPlaceholderText("For example: about 3 cm, purple, yellow at the edges")
        self.note_edit.setAccessibleName("Description of the mark")
        self.note_edit.setToolTip(
            "Size, colour and shape as seen. Record what you saw, not what you think caused it."
        )
        if request.existing is not None:
            self.kind_box.setCurrentIndex(self.kind_box.findData(request.existing.kind))
            self.note_edit.setText(request.existing.note)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        kind_label = QLabel("&Kind of mark:")
        kind_label.setBuddy(self.kind_box)
        note_label = QLabel("&Description:")
        note_label.setBuddy(self.note_edit)
        form.addRow(kind_label, self.kind_box)
        form.addRow(note_label, self.note_edit)

        buttons = QDialogButtonBox()
        save = buttons.addButton(
            "&Save mark" if adding else "&Save changes", QDialogButtonBox.ButtonRole.AcceptRole
        )
        save.setDefault(True)
        save.setToolTip("Keep this mark on the body map (Enter).")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setToolTip("Close without changing the body map (Escape).")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        button_row = QHBoxLayout()
        # Remove sits apart, on the left, so it is never the button a hurried click lands on.
        self.remove_button: QPushButton | None = None
        if not adding:
            self.remove_button = QPushButton("&Remove mark")
            self.remove_button.setAutoDefault(False)
            self.remove_button.setToolTip("Take this mark off the body map.")
            self.remove_button.clicked.connect(self._remove)
            button_row.addWidget(self.remove_button)
        button_row.addStretch(1)
        button_row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addLayout(button_row)
        self.kind_box.setFocus()

    def _remove(self) -> None:
        self._removed = True
        self.accept()

    def edit(self) -> MarkEdit:
        """The answer as it stands (read after ``exec()`` returns Accepted)."""
        # Qt hands the enum back as its plain string value.
        kind = MarkKind(self.kind_box.currentData())
        return MarkEdit(kind=kind, note=self.note_edit.text().strip(), remove=self._removed)


def edit_mark_with_dialog(parent: QWidget, request: MarkEditRequest) -> MarkEdit | None:
    """Default :class:`MarkEditor`: a modal :class:`MarkDialog`."""
    dialog = MarkDialog(request, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.edit()
    finally:
        dialog.deleteLater()
