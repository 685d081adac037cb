"""The banner above a PDF preview that says whether the bytes shown are signed and intact.

It shows the core's own plain sentences (``PdfVerification.explain()``): who signed, for which
vault, that not one byte has changed, and that the signing time is only the laptop's own clock.
Each state has its own symbol and words as well as its colour. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from safelog.export.verification import PdfVerification
from ui.theme import COLOURS

_STYLES = {
    "checking": ("#f0f3f6", COLOURS.border, COLOURS.text),
    "ok": ("#e3f4e8", "#3a9a57", COLOURS.good),
    "failed": ("#fde8e8", "#e02424", COLOURS.bad),
}
# Lines of explain() the banner leaves to the tooltip: the long fingerprint and the verdict
# (the headline says it in words that fit the preview).
_TOOLTIP_ONLY = ("The signing certificate's SHA-256 fingerprint", "Result:")
# The core speaks to someone checking a file against a certificate they hold; here the
# certificate checked against is always this vault's own, so say that instead.
_VAULT_WORDING = {
    "The certificate is the trusted certificate you supplied (or is issued by it).": (
        "The certificate is this vault's own signing certificate."
    ),
    "The certificate is NOT the trusted certificate you supplied.": (
        "The certificate is NOT this vault's own signing certificate."
    ),
    "The file was not signed with the trusted certificate given.": (
        "The file was not signed with this vault's certificate."
    ),
}


class SignatureBannerWidget(QFrame):
    """Checking…, then signed and intact (green, ✓) or not (red, ✗). ``state`` says which."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureBanner")
        self.state = "checking"
        self.headline = QLabel(self)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Signature check details")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        self.show_checking()

    def show_checking(self) -> None:
        self._show(
            "checking",
            "… Checking the signature of this file",
            ["Printing and saving a copy are ready once the check has finished."],
        )

    def show_result(self, result: PdfVerification) -> None:
        lines = []
        for line in result.explain():
            if line.startswith(_TOOLTIP_ONLY):
                continue
            lines.append(_VAULT_WORDING.get(line, line))
        if result.ok:
            headline = (
                "✓ Signed and intact: you are looking at the very file that was signed, "
                "and Print… prints these pages."
            )
        else:
            headline = "✗ This file did not pass its signature check: do not send or print it."
        self._show("ok" if result.ok else "failed", headline, lines)
        self.setToolTip("\n".join(result.explain()))

    def show_failure(self, sentence: str) -> None:
        """The check itself could not run, or the bytes are not the ones the core signed: treat
        the file as unchecked."""
        self._show("failed", "✗ The signature of this file could not be checked.", [sentence])

    def _show(self, state: str, headline: str, lines: list[str]) -> None:
        self.state = state
        background, border, text = _STYLES[state]
        self.setStyleSheet(
            f"QFrame#signatureBanner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 6px; }} QLabel {{ color: {text}; background: transparent; }}"
        )
        self.headline.setText(headline)
        # One flowing paragraph: the sentences read as an explanation and leave the pages room.
        self.details.setText(" ".join(lines))
        self.setAccessibleName(f"Signature check: {headline}")
        self.setAccessibleDescription(" ".join(lines))
