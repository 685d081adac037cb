"""Settings: how soon SafeLog locks itself, and the school's safeguarding contacts.

Saved through :func:`safelog.services.ui_settings.save_settings` as new settings rows (never an
edit), all or nothing. A headteacher or governor sees the same values read-only. On save the
dialog emits ``records_changed("settings")``, which the lock wiring listens to for the new idle
time. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Permission
from safelog.services.ui_settings import (
    CONTACT_FIELDS,
    MAX_IDLE_MINUTES,
    MIN_IDLE_MINUTES,
    clean_contact,
    idle_lock_minutes,
    save_settings,
    school_contacts,
)
from safelog.store.errors import InvalidInput
from ui.context import AppContext
from ui.pages import show_error
from ui.theme import COLOURS

PLACEHOLDERS = {
    "local_authority": "e.g. Exampleshire County Council",
    "mash_phone": "e.g. 01632 960 123",
    "mash_out_of_hours_phone": "e.g. 01632 960 999",
    "mash_email": "e.g. mash@exampleshire.gov.uk",
    "lado_name": "e.g. Sam Placeholder",
    "lado_phone": "e.g. 01632 960 456",
    "lado_email": "e.g. lado@exampleshire.gov.uk",
    "police_phone": "e.g. 101",
}


def contact_form(
    parent: QWidget | None = None, *, keys: tuple[str, ...] | None = None
) -> tuple[QFormLayout, dict[str, QLineEdit]]:
    """The contact fields (all, or those in ``keys``) as a labelled form; the first-run wizard
    uses it too, so both say the same thing."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(8)
    edits: dict[str, QLineEdit] = {}
    for spec in CONTACT_FIELDS:
        if keys is not None and spec.key not in keys:
            continue
        edit = QLineEdit(parent)
        edit.setAccessibleName(spec.label)
        edit.setAccessibleDescription(spec.hint)
        edit.setToolTip(spec.hint)
        edit.setPlaceholderText(PLACEHOLDERS.get(spec.key, ""))
        edit.setMaxLength(200)
        label = QLabel(f"{spec.label}{' (required)' if spec.required else ''}:", parent)
        label.setBuddy(edit)
        form.addRow(label, edit)
        edits[spec.key] = edit
    return form, edits


def contact_problem(edits: dict[str, QLineEdit]) -> str | None:
    """The first field's problem as one sentence, with the cursor put in that field; or None."""
    for key, edit in edits.items():
        try:
            clean_contact(key, edit.text())
        except InvalidInput as exc:
            edit.setFocus()
            edit.selectAll()
            return exc.message
    return None


class SettingsDialog(QDialog):
    """Idle-lock minutes (1 to 30) and the school contacts. Modal over the main window."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._may_change = ctx.session.can(Permission.WRITE_RECORDS)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.setMinimumWidth(560)

        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_spin.setSuffix(" minutes")
        self.idle_spin.setAccessibleName("Lock after this many minutes without use")
        self.idle_spin.setToolTip(
            f"Between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES} minutes. Time asleep counts."
        )
        self.idle_spin.setValue(idle_lock_minutes(ctx.session))
        idle_label = QLabel("&Lock SafeLog after:")
        idle_label.setBuddy(self.idle_spin)
        idle_row = QHBoxLayout()
        idle_row.addWidget(idle_label)
        idle_row.addWidget(self.idle_spin)
        idle_row.addWidget(QLabel("without use"))
        idle_row.addStretch(1)
        idle_hint = QLabel(
            "SafeLog also locks at once when the computer sleeps or the screen is locked, and "
            "whenever you press Ctrl+L."
        )
        idle_hint.setWordWrap(True)
        idle_hint.setStyleSheet(f"color: {COLOURS.muted_text};")
        lock_box = QGroupBox("Locking")
        lock_layout = QVBoxLayout(lock_box)
        lock_layout.addLayout(idle_row)
        lock_layout.addWidget(idle_hint)

        form, self.contact_edits = contact_form(self)
        for key, value in school_contacts(ctx.session).items():
            self.contact_edits[key].setText(value)
        contacts_box = QGroupBox("School safeguarding contacts")
        contacts_box.setLayout(form)

        buttons = QDialogButtonBox()
        if self._may_change:
            accept = QDialogButtonBox.ButtonRole.AcceptRole
            self.save_button = buttons.addButton("&Save settings", accept)
            self.save_button.setToolTip("Save the changes (earlier values stay in the history).")
            self.save_button.setDefault(True)
            cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            cancel.setToolTip("Close without saving (Escape).")
        else:
            close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.setToolTip("Close (Escape).")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        if not self._may_change:
            note = QLabel(
                f"Only the DSL or a deputy can change these settings; you are signed in as "
                f"{ctx.session.role.label.lower()}."
            )
            note.setWordWrap(True)
            note.setAccessibleName("Read-only")
            layout.addWidget(note)
            self.idle_spin.setEnabled(False)
            for edit in self.contact_edits.values():
                edit.setReadOnly(True)
        layout.addWidget(lock_box)
        layout.addWidget(contacts_box)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Validate and save everything in one go; on a problem, say it and keep the dialog."""
        if not self._may_change:
            self.reject()
            return
        contacts = {key: edit.text() for key, edit in self.contact_edits.items()}
        problem = contact_problem(self.contact_edits)
        if problem is not None:
            show_error(self._ctx, "Settings", InvalidInput(problem))
            return
        try:
            changed = save_settings(
                self._ctx.session, contacts=contacts, idle_minutes=self.idle_spin.value()
            )
        except Exception as exc:
            show_error(self._ctx, "Settings", exc)
            return
        if changed:
            self._ctx.events.records_changed.emit("settings")
            self._ctx.events.status_message.emit("Settings saved.")
        self.accept()
