"""Copy sensitive text to the clipboard, and take it back again.

After KeePassXC's ``Clipboard.cpp``: copied text carries the platform hints that ask clipboard
managers not to record it, and is cleared on lock, on quit and after a timeout, but only while the
clipboard still holds exactly what SafeLog put there (never wipe something the user copied since).

Only a keyed digest of the copied text is remembered, so the guard itself keeps no second copy of
a recovery key or a child's details in memory.
Thread: GUI thread only (QClipboard is not thread-safe).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

# Hints understood by clipboard managers. Qt registers unknown MIME types on Windows as clipboard
# formats of the same name, which is what the Windows hints need.
KDE_SECRET_HINT = "x-kde-passwordManagerHint"  # noqa: S105 - a MIME type, not a secret
WINDOWS_EXCLUDE_MONITOR = "ExcludeClipboardContentFromMonitorProcessing"
WINDOWS_NO_HISTORY = "CanIncludeInClipboardHistory"
WINDOWS_NO_CLOUD = "CanUploadToCloudClipboard"
MACOS_CONCEALED = "application/x-nspasteboard-concealed-type"

_DWORD_ZERO = b"\x00\x00\x00\x00"

DEFAULT_CLEAR_AFTER_SECONDS = 10.0
"""KeePassXC's default: long enough to paste, short enough not to linger."""


def secret_mime_data(text: str) -> QMimeData:
    """Plain text plus every platform's 'do not record this' hint."""
    mime = QMimeData()
    mime.setText(text)
    mime.setData(KDE_SECRET_HINT, b"secret")
    mime.setData(WINDOWS_EXCLUDE_MONITOR, b"1")
    mime.setData(WINDOWS_NO_HISTORY, _DWORD_ZERO)
    mime.setData(WINDOWS_NO_CLOUD, _DWORD_ZERO)
    mime.setData(MACOS_CONCEALED, b"1")
    return mime


class ClipboardGuard(QObject):
    """Puts text on the system clipboard and clears it again only if it is still ours.

    ``clear_after_seconds`` starts a countdown on every copy (``None`` disables it). The guard
    clears automatically on ``QCoreApplication.aboutToQuit``; the main window calls
    :meth:`clear_if_ours` on lock. Thread: GUI thread only.
    """

    cleared = Signal()
    """Emitted when the guard removed its text from the clipboard."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clipboard: QClipboard | None = None,
        clear_after_seconds: float | None = DEFAULT_CLEAR_AFTER_SECONDS,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard if clipboard is not None else QGuiApplication.clipboard()
        self._key = secrets.token_bytes(32)
        self._digest: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)
        self._clear_after = clear_after_seconds
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear_if_ours)

    def _fingerprint(self, text: str) -> bytes:
        return hmac.new(self._key, text.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard with the 'secret' hints and remember it as ours."""
        self._clipboard.setMimeData(secret_mime_data(text), QClipboard.Mode.Clipboard)
        self._digest = self._fingerprint(text)
        if self._clear_after is not None:
            self._timer.start(max(0, round(self._clear_after * 1000)))

    def holds_ours(self) -> bool:
        """Whether the clipboard still holds exactly the text this guard last copied."""
        if self._digest is None:
            return False
        current = self._clipboard.text(QClipboard.Mode.Clipboard)
        return hmac.compare_digest(self._fingerprint(current), self._digest)

    @Slot()
    def clear_if_ours(self) -> bool:
        """Clear the clipboard if it still holds our text; forget the text either way.

        Returns ``True`` if it cleared. Safe to call at any time, any number of times.
        """
        self._timer.stop()
        ours = self.holds_ours()
        self._digest = None
        if ours:
            self._clipboard.clear(QClipboard.Mode.Clipboard)
            self.cleared.emit()
        return ours
