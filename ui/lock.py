"""The locking rules, wired together: Ctrl+L, the toolbar's Lock, idle time, sleep and screen lock.

KeePassXC is the bar. :class:`LockController` owns one :class:`~ui.idle_lock.IdleLockWatcher`
(wall-clock idle time, so a laptop that slept past the limit locks as it wakes) and one
:class:`~ui.idle_lock.SessionLockListener` (suspend and screen lock where the platform tells
us), plus the Lock action. Ctrl+L is caught by an application-wide event filter, so it works in
every window, a modal dialog or message box included, where a window shortcut would be blocked.

While no vault is open the controller is inactive and ignores every trigger; the first trigger
after activation deactivates it, so one lock is asked for once. The :class:`~ui.app.AppController`
does the locking itself, using :func:`hide_all_windows`, :func:`save_open_drafts` and
:func:`close_dialogs` in that order. Thread: GUI only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ui.idle_lock import IdleLockWatcher, SessionLockListener

log = logging.getLogger(__name__)

LOCK_SHORTCUT = QKeySequence("Ctrl+L")
MANUAL = "manual"

_SENTENCES = {
    MANUAL: "SafeLog is locked.",
    "suspend": "SafeLog locked when the computer went to sleep.",
    "screen-lock": "SafeLog locked when the screen was locked.",
    "session-change": "SafeLog locked when the computer's session changed.",
}


def lock_sentence(reason: str, idle_minutes: int) -> str:
    """What the unlock window says about why it is showing."""
    if reason == "idle":
        unit = "minute" if idle_minutes == 1 else "minutes"
        return f"SafeLog locked itself after {idle_minutes} {unit} without use."
    return _SENTENCES.get(reason, "SafeLog is locked.")


class LockController(QObject):
    """Collects every lock trigger into one ``lock_requested(reason)`` signal.

    ``clock``/``monotonic`` and ``check_interval_ms`` are for tests; ``listen_for_system``
    turns the suspend/screen-lock listener off where a test has no use for D-Bus.
    """

    lock_requested = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        check_interval_ms: int = 1000,
        listen_for_system: bool = True,
    ) -> None:
        super().__init__(parent)
        self._active = False
        self._idle_minutes = 5
        self.idle = IdleLockWatcher(
            self, clock=clock, monotonic=monotonic, check_interval_ms=check_interval_ms
        )
        self.idle.lock_requested.connect(self.request_lock)
        self.system: SessionLockListener | None = None
        if listen_for_system:
            self.system = SessionLockListener(self)
            self.system.lock_requested.connect(self.request_lock)

        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(LOCK_SHORTCUT)
        self.lock_action.setToolTip("Lock now: hide every record until you unlock again (Ctrl+L).")
        self.lock_action.setStatusTip("Lock SafeLog now.")
        self.lock_action.triggered.connect(lambda: self.request_lock(MANUAL))

        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("LockController needs a QApplication.")
        app.installEventFilter(self)

    # --- state ------------------------------------------------------------------------------
    def activate(self, idle_minutes: int) -> None:
        """A vault has been unlocked: arm every trigger with a fresh idle period."""
        self._active = True
        self.set_idle_minutes(idle_minutes)
        self.idle.start()
        self.lock_action.setEnabled(True)

    def deactivate(self) -> None:
        """No vault is open: ignore triggers until the next :meth:`activate`."""
        self._active = False
        self.idle.stop()
        self.lock_action.setEnabled(False)

    def is_active(self) -> bool:
        return self._active

    def idle_minutes(self) -> int:
        return self._idle_minutes

    def set_idle_minutes(self, minutes: int) -> None:
        self._idle_minutes = int(minutes)
        self.idle.set_timeout(self._idle_minutes * 60.0)

    def request_lock(self, reason: str = MANUAL) -> None:
        """Ask for a lock (once): every trigger ends up here."""
        if not self._active:
            return
        log.info("Lock requested: %s.", reason)
        self.deactivate()
        self.lock_requested.emit(reason)

    # --- Ctrl+L everywhere ------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._active and kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if _is_lock_key(event):
                # Claim the override so no widget's own Ctrl+L (or the action) fires as well,
                # then lock on the key press itself.
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.request_lock(MANUAL)
                return True
        return False

    def dispose(self) -> None:
        """Remove the application-wide filters (tests build several controllers)."""
        app = QCoreApplication.instance()
        self.deactivate()
        if app is not None:
            app.removeEventFilter(self)
            app.removeEventFilter(self.idle)


def _is_lock_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_L and modifiers == Qt.KeyboardModifier.ControlModifier


def hide_all_windows(keep: QWidget | None = None) -> None:
    """Hide every top-level window but ``keep`` at once: the first step of every lock."""
    for widget in QApplication.topLevelWidgets():
        if widget is not keep and widget.isVisible():
            widget.hide()


def save_open_drafts() -> int:
    """Ask every open form that can keep a draft (``save_draft_now()``) to save it now.

    Returns how many did. A form that fails is logged and skipped: the lock must go ahead
    whatever happens, because a record on screen is the greater harm.
    """
    saved = 0
    for widget in QApplication.allWidgets():
        save = getattr(widget, "save_draft_now", None)
        if callable(save) and widget.isWindow():
            try:
                save()
                saved += 1
            except Exception:
                log.exception("A draft could not be saved before locking.")
    return saved


def close_dialogs(keep: QWidget | None = None) -> None:
    """End every dialog (message boxes and file choosers included) without its own handlers.

    Signals are blocked first, so no "rejected" handler runs (it might discard a draft just
    saved, or ask a question nobody is there to answer); ``done`` also ends a dialog's nested
    event loop, so code waiting on ``exec()`` returns as if cancelled.
    """
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget is not keep:
            was_blocked = widget.blockSignals(True)
            widget.done(QDialog.DialogCode.Rejected)
            widget.blockSignals(was_blocked)
