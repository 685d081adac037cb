"""Windows session-lock and suspend notifications for :class:`ui.idle_lock.SessionLockListener`.

Private to ``ui.idle_lock``. Imports on every platform; the ctypes calls happen only on Windows.
Mirrors KeePassXC's ``ScreenLockListenerWin``. Thread: GUI.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication

log = logging.getLogger(__name__)

WM_WTSSESSION_CHANGE = 0x02B1
WTS_CONSOLE_DISCONNECT = 0x2
WTS_REMOTE_DISCONNECT = 0x4
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
NOTIFY_FOR_THIS_SESSION = 0

_MSG_EVENT_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")


def classify_windows_message(message: int, wparam: int) -> str | None:
    """The lock reason for a Windows message, or ``None`` if it is not one we lock on."""
    if message == WM_WTSSESSION_CHANGE and wparam in (
        WTS_SESSION_LOCK,
        WTS_CONSOLE_DISCONNECT,
        WTS_REMOTE_DISCONNECT,
    ):
        return "screen-lock" if wparam == WTS_SESSION_LOCK else "session-change"
    if message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
        return "suspend"
    return None


class WindowsLockEventFilter(QAbstractNativeEventFilter):
    """Native filter that reports lock-worthy messages and never swallows them."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        super().__init__()
        self._emit = emit

    def nativeEventFilter(
        self,
        eventType: QByteArray | bytes,
        message: int,
    ) -> tuple[bool, int]:
        if bytes(eventType) not in _MSG_EVENT_TYPES or sys.platform != "win32":
            return False, 0
        from ctypes import wintypes

        msg = wintypes.MSG.from_address(int(message))
        reason = classify_windows_message(int(msg.message), int(msg.wParam))
        if reason is not None:
            try:
                self._emit(reason)
            except RuntimeError:  # the listener was deleted; nothing left to lock
                log.debug("Lock listener gone; ignoring %s.", reason)
        return False, 0


def install_windows_filter(emit: Callable[[str], None]) -> WindowsLockEventFilter | None:
    """Install the native filter on the application. The caller must keep the result alive."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    event_filter = WindowsLockEventFilter(emit)
    app.installNativeEventFilter(event_filter)
    return event_filter


def register_session_notifications(window_id: int) -> bool:
    """Ask Windows to send ``WM_WTSSESSION_CHANGE`` to this window. Windows only."""
    if sys.platform != "win32":
        return False
    try:
        from ctypes import wintypes

        windll = ctypes.windll  # type: ignore[attr-defined]
        ok = bool(
            windll.wtsapi32.WTSRegisterSessionNotification(
                wintypes.HWND(window_id), NOTIFY_FOR_THIS_SESSION
            )
        )
    except (OSError, AttributeError):
        log.warning("Could not register for Windows session notifications.")
        return False
    return ok
