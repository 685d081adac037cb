"""The unlock window: choose who you are, type your passphrase, and nothing else.

It shows no school name and nothing of any record: the header's user list is all it reads.
The key derivation (Argon2id, about a quarter of a second) runs on the worker thread while a
busy bar shows; a wrong passphrase and a damaged vault each get their own sentence inline, the
passphrase field is emptied and focused again. A vault that cannot be read at all (damaged, or
made by a newer SafeLog) shows its sentence and offers only Quit: nothing here could make it
worse. Thread: GUI only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Role
from safelog.services.session import Session, login
from safelog.store.errors import SafeLogError
from safelog.store.vault import RECOVERY_NAME, unlock, user_names
from ui.pages import error_sentence
from ui.theme import COLOURS, DueStatus, status_style
from ui.worker import run_in_background

_BAD = status_style(DueStatus.OVERDUE)


def unlock_and_login(root: Path, name: str, passphrase: str) -> Session:
    """Derive the key, open the databases and record the sign-in. Thread: the worker."""
    vault = unlock(root, name, passphrase)
    try:
        return login(vault)
    except BaseException:
        vault.close()
        raise


class UnlockWindow(QWidget):
    """Emits ``unlocked(Session)`` on success and ``quit_requested`` when closed or quit."""

    unlocked = Signal(object)
    quit_requested = Signal()

    def __init__(self, vault_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._root = vault_dir
        self._busy = False
        self._damaged = False
        self.setWindowTitle("SafeLog – Unlock")
        self.setAccessibleName("Unlock SafeLog")
        self.resize(600, 470)

        title = QLabel("SafeLog")
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = subtitle = QLabel("Encrypted safeguarding records. Unlock to continue.")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setStyleSheet(f"color: {COLOURS.muted_text};")
        self.reason_label = QLabel()
        self.reason_label.setAccessibleName("Why SafeLog is locked")
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_label.setWordWrap(True)
        self.reason_label.hide()

        self.user_combo = QComboBox()
        self.user_combo.setAccessibleName("User")
        self.user_combo.setToolTip("Choose your name (Recovery key only with the printed key).")
        self.user_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.user_combo.currentIndexChanged.connect(self._on_user_changed)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.passphrase_edit.setAccessibleName("Passphrase")
        self.passphrase_edit.returnPressed.connect(self.unlock)
        self.passphrase_label = QLabel("&Passphrase:")
        self.passphrase_label.setBuddy(self.passphrase_edit)
        user_label = QLabel("&User:")
        user_label.setBuddy(self.user_combo)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        for field in (self.user_combo, self.passphrase_edit):
            field.setMinimumHeight(32)
            field.setMinimumWidth(280)
        form.addRow(user_label, self.user_combo)
        form.addRow(self.passphrase_label, self.passphrase_edit)

        self.error_label = QLabel()
        self.error_label.setAccessibleName("Problem")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet(
            f"color: {_BAD.foreground}; background: {_BAD.background}; "
            f"border: 1px solid {_BAD.border}; border-radius: 4px; padding: 6px 8px;"
        )
        self.error_label.hide()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # an honest "working" bar: the KDF has no progress to report
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(6)
        self.busy_bar.setAccessibleName("Unlocking")
        self.busy_label = QLabel("Unlocking…")
        self.busy_label.setStyleSheet(f"color: {COLOURS.muted_text};")
        self._set_busy_visible(False)

        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.setToolTip("Unlock with this passphrase (Enter).")
        self.unlock_button.clicked.connect(self.unlock)
        self.quit_button = QPushButton("&Quit")
        self.quit_button.setToolTip("Close SafeLog.")
        self.quit_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy_label)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)

        self.form_panel = QWidget()
        panel = QVBoxLayout(self.form_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.setSpacing(10)
        panel.addLayout(form)
        panel.addWidget(self.busy_bar)

        self.folder_label = QLabel(f"Vault folder: {vault_dir}")
        self.folder_label.setAccessibleName("Vault folder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setStyleSheet(f"color: {COLOURS.muted_text}; font-size: 9pt;")

        card = QFrame()
        card.setObjectName("unlockCard")
        card.setStyleSheet(
            f"QFrame#unlockCard {{ background: {COLOURS.base}; border: 1px solid "
            f"{COLOURS.border}; border-radius: 8px; }}"
        )
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 22)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addWidget(self.reason_label)
        inner.addSpacing(4)
        inner.addWidget(self.form_panel)
        inner.addWidget(self.error_label)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 28, 28, 18)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        outer.addWidget(self.folder_label)

    # --- state ------------------------------------------------------------------------------
    def reload(self, *, reason: str = "", select_user: str | None = None) -> None:
        """Read the user list again and get ready to unlock; ``reason`` says why we are here."""
        self._busy = False
        self._set_busy_visible(False)
        self.reason_label.setText(reason)
        self.reason_label.setVisible(bool(reason))
        self.error_label.hide()
        self.passphrase_edit.setText("")  # setText also drops the undo history
        try:
            users = user_names(self._root)
        except SafeLogError as exc:
            self.show_damaged(exc.message)
            return
        self._damaged = False
        self.subtitle.show()
        self.reason_label.setStyleSheet("")
        people = [(n, r) for n, r in users if r != RECOVERY_NAME]
        recovery = [(n, r) for n, r in users if r == RECOVERY_NAME]
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        for name, role in people:
            self.user_combo.addItem(f"{name} ({_role_label(role)})", name)
        for name, _role in recovery:  # always last: it is for emergencies
            self.user_combo.addItem("Recovery key", name)
        self.user_combo.blockSignals(False)
        found = self.user_combo.findData(select_user) if select_user else -1
        self.user_combo.setCurrentIndex(max(found, 0))
        self._on_user_changed()
        self.form_panel.show()
        self.unlock_button.show()
        self.unlock_button.setEnabled(True)
        self.passphrase_edit.setFocus()

    def show_damaged(self, message: str) -> None:
        """The vault cannot be read: say why, and offer nothing but Quit."""
        self._damaged = True
        self.subtitle.hide()
        self.form_panel.hide()
        self.unlock_button.hide()
        self.reason_label.setText("This vault cannot be opened.")
        self.reason_label.setStyleSheet("font-weight: 600;")
        self.reason_label.show()
        # The core's one sentence already says what to do (restore, or install a newer SafeLog).
        self.show_problem(message)
        self.quit_button.setFocus()

    def show_problem(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()

    def is_damaged(self) -> bool:
        return self._damaged

    def is_busy(self) -> bool:
        return self._busy

    def selected_user(self) -> str:
        return str(self.user_combo.currentData() or "")

    def _on_user_changed(self, _index: int = 0) -> None:
        recovery = self.selected_user() == RECOVERY_NAME
        self.passphrase_label.setText("&Recovery key:" if recovery else "&Passphrase:")
        self.passphrase_edit.setAccessibleName("Recovery key" if recovery else "Passphrase")
        self.passphrase_edit.setPlaceholderText(
            "The key printed at set-up, from the school safe" if recovery else ""
        )
        self.passphrase_edit.setToolTip(
            "Type the recovery key exactly as printed; dashes and case do not matter."
            if recovery
            else "Your own passphrase. It is never shown, stored or sent anywhere."
        )

    def _set_busy_visible(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)

    # --- unlocking --------------------------------------------------------------------------
    def unlock(self) -> None:
        """Start unlocking as the chosen user (the key derivation runs off the GUI thread)."""
        if self._busy or self._damaged:
            return
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            self.show_problem("Type your passphrase first.")
            self.passphrase_edit.setFocus()
            return
        name = self.selected_user()
        self.passphrase_edit.setText("")  # the widget keeps no copy while the key is derived
        self._busy = True
        self.error_label.hide()
        self._set_busy_visible(True)
        self.unlock_button.setEnabled(False)
        self.user_combo.setEnabled(False)
        self.passphrase_edit.setEnabled(False)
        root = self._root
        run_in_background(
            self,
            lambda _progress: unlock_and_login(root, name, passphrase),
            on_success=self._on_unlocked,
            on_error=self._on_failed,
            label="Unlocking",
            show_progress_after=60.0,  # the inline busy bar is enough
        )

    def _finish(self) -> None:
        self._busy = False
        self._set_busy_visible(False)
        self.unlock_button.setEnabled(True)
        self.user_combo.setEnabled(True)
        self.passphrase_edit.setEnabled(True)

    def _on_unlocked(self, session: Session) -> None:
        self._finish()
        self.reason_label.hide()
        self.unlocked.emit(session)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        self.show_problem(error_sentence(exc))
        self.passphrase_edit.setText("")
        self.passphrase_edit.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.quit_requested.emit()
        super().closeEvent(event)


def _role_label(role: str) -> str:
    try:
        return Role(role).label
    except ValueError:
        return role
