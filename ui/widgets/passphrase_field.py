"""New-passphrase entry: hidden text, a show/hide toggle, a strength bar with advice, and a
confirmation field with a match indicator.

For choosing a passphrase (set-up, adding a user, changing one); the unlock screen needs only a
plain password field. Strength and match are shown as words and symbols as well as colour.
Python strings cannot be wiped from memory; :meth:`PassphraseFieldWidget.clear` does what Qt
allows (empties both fields and their undo history) and callers should drop the returned text as
soon as the key is derived. Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QToolButton,
    QWidget,
)

from safelog.domain.passphrase import PassphraseAssessment, assess_passphrase
from ui.theme import COLOURS

MAX_PASSPHRASE_LENGTH = 1024
"""Far beyond any real passphrase; keeps a stray paste from stalling the strength check."""

_BAR_COLOURS = ("#c81e1e", "#c81e1e", "#b45309", "#2f855a", "#1e6b34")


def _secret_line_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)  # also disables copy, cut and drag
    edit.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
        | Qt.InputMethodHint.ImhNoAutoUppercase
    )
    edit.setMinimumWidth(260)
    edit.setMaxLength(MAX_PASSPHRASE_LENGTH)
    return edit


class PassphraseFieldWidget(QWidget):
    """Two hidden fields for a new passphrase, with live strength and match feedback.

    ``names`` (school and user name) are passed to :func:`assess_passphrase` so they are refused.
    ``validity_changed(bool)`` fires when :meth:`is_acceptable` changes. Thread: GUI only.
    """

    validity_changed = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        names: Sequence[str] = (),
        label: str = "&New passphrase:",
        confirm_label: str = "&Confirm passphrase:",
    ) -> None:
        super().__init__(parent)
        self._names: tuple[str, ...] = tuple(names)
        self._assessment = assess_passphrase("", names=self._names)
        self._valid = False

        self.passphrase_edit = _secret_line_edit()
        self.passphrase_edit.setAccessibleName("New passphrase")
        self.passphrase_edit.setToolTip(
            "At least 12 characters. Several unrelated words are easy to remember and hard to "
            "guess."
        )
        self.confirm_edit = _secret_line_edit()
        self.confirm_edit.setAccessibleName("Confirm passphrase")
        self.confirm_edit.setToolTip("Type the same passphrase again.")

        self.reveal_button = QToolButton()
        self.reveal_button.setCheckable(True)
        self.reveal_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.reveal_button.toggled.connect(self.set_revealed)

        self.strength_bar = QProgressBar()
        self.strength_bar.setRange(0, 5)
        self.strength_bar.setTextVisible(False)
        self.strength_bar.setFixedHeight(8)
        self.strength_bar.setAccessibleName("Passphrase strength")
        self.strength_word = QLabel()
        self.strength_word.setMinimumWidth(72)
        self.advice_label = QLabel()
        self.advice_label.setWordWrap(True)
        self.advice_label.setStyleSheet(f"color: {COLOURS.muted_text};")
        # Room for two lines always: advice of different lengths must not make the form jump.
        self.advice_label.setMinimumHeight(2 * self.advice_label.fontMetrics().lineSpacing() + 2)
        self.advice_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.match_label = QLabel()
        self.match_label.setAccessibleName("Passphrase match")

        first_label = QLabel(label)
        first_label.setBuddy(self.passphrase_edit)
        second_label = QLabel(confirm_label)
        second_label.setBuddy(self.confirm_edit)

        entry_row = QHBoxLayout()
        entry_row.setSpacing(6)
        entry_row.addWidget(self.passphrase_edit, 1)
        entry_row.addWidget(self.reveal_button)
        strength_row = QHBoxLayout()
        strength_row.setSpacing(10)
        strength_row.addWidget(self.strength_bar, 1)
        strength_row.addWidget(self.strength_word)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.addWidget(first_label, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addLayout(entry_row, 0, 1)
        grid.addLayout(strength_row, 1, 1)
        grid.addWidget(self.advice_label, 2, 1)
        grid.setRowMinimumHeight(3, 8)
        grid.addWidget(second_label, 4, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.confirm_edit, 4, 1)
        grid.addWidget(self.match_label, 5, 1)
        grid.setColumnStretch(1, 1)

        self.setFocusProxy(self.passphrase_edit)
        self.passphrase_edit.textChanged.connect(self._update)
        self.confirm_edit.textChanged.connect(self._update)
        self.set_revealed(False)
        self._update()

    # --- public API -------------------------------------------------------------------------
    def passphrase(self) -> str:
        """The passphrase as typed (not normalised; the key derivation decides that)."""
        return self.passphrase_edit.text()

    def assessment(self) -> PassphraseAssessment:
        return self._assessment

    def matches(self) -> bool:
        return bool(self.passphrase_edit.text()) and (
            self.passphrase_edit.text() == self.confirm_edit.text()
        )

    def is_acceptable(self) -> bool:
        """Strong enough by the house rules, and typed the same way twice."""
        return self._assessment.acceptable and self.matches()

    def set_names(self, names: Sequence[str]) -> None:
        """Names that must not appear in the passphrase (school, user)."""
        self._names = tuple(names)
        self._update()

    def set_revealed(self, revealed: bool) -> None:
        """Show the text in both fields (``True``) or hide it again."""
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        self.passphrase_edit.setEchoMode(mode)
        self.confirm_edit.setEchoMode(mode)
        if self.reveal_button.isChecked() != revealed:
            self.reveal_button.setChecked(revealed)
        self.reveal_button.setText("&Hide" if revealed else "&Show")
        self.reveal_button.setAccessibleName("Hide passphrase" if revealed else "Show passphrase")
        self.reveal_button.setToolTip(
            "Hide the passphrase again."
            if revealed
            else "Show the passphrase while you type it. Check nobody can see your screen."
        )

    def is_revealed(self) -> bool:
        return self.passphrase_edit.echoMode() == QLineEdit.EchoMode.Normal

    def clear(self) -> None:
        """Empty both fields, their undo history and the reveal state."""
        # setText (unlike typing or clear()) also drops the undo history holding earlier text.
        self.passphrase_edit.setText("")
        self.confirm_edit.setText("")
        self.set_revealed(False)
        self._update()

    # --- internals --------------------------------------------------------------------------
    def _update(self) -> None:
        text = self.passphrase_edit.text()
        self._assessment = assess_passphrase(text, names=self._names)
        score = self._assessment.score
        colour = _BAR_COLOURS[score]
        self.strength_bar.setValue(score + 1 if text else 0)
        self.strength_bar.setStyleSheet(
            "QProgressBar { border: none; border-radius: 4px; background: #e4e7eb; }"
            f"QProgressBar::chunk {{ border-radius: 4px; background: {colour}; }}"
        )
        word = self._assessment.label if text else ""
        self.strength_word.setText(word)
        self.strength_word.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.strength_bar.setAccessibleDescription(word or "Nothing typed yet")
        advice = self._assessment.advice
        self.advice_label.setText(advice)
        self.passphrase_edit.setAccessibleDescription(f"{word}. {advice}" if word else advice)

        confirm = self.confirm_edit.text()
        if not confirm:
            self.match_label.setText("Type the passphrase again to confirm it.")
            self.match_label.setStyleSheet(f"color: {COLOURS.muted_text};")
        elif self.matches():
            self.match_label.setText("✓ The passphrases match.")
            self.match_label.setStyleSheet(f"color: {COLOURS.good}; font-weight: 600;")
        else:
            self.match_label.setText("✗ The passphrases do not match.")
            self.match_label.setStyleSheet(f"color: {COLOURS.bad}; font-weight: 600;")
        self.confirm_edit.setAccessibleDescription(self.match_label.text())

        valid = self.is_acceptable()
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
