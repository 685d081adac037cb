"""Lock triggers: idle time (wall clock), system suspend and screen lock.

KeePassXC is the bar (``src/core/InactivityTimer.cpp``): an application-wide event filter restarts
the idle period on user input. Unlike a plain ``QTimer``, the idle period here is measured in
wall-clock time and checked every second, on application-state changes and on the first event
after a gap, because a Qt timer does not count time the machine spent asleep (KeePassXC issue
#2014): a laptop that slept past the timeout locks the moment it wakes, before anyone can read it.

Threads: both classes live on, and emit from, the GUI thread.
"""

from __future__ import annotations

import logging
import math
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:  # QtDBus may be missing from a trimmed Qt; only the listener needs it
    from PySide6.QtDBus import QDBusConnection

log = logging.getLogger(__name__)

DEFAULT_IDLE_SECONDS = 300.0
MAX_IDLE_SECONDS = 1800.0
"""Upper cap: a record left open longer than this on a shared laptop is an incident."""
MIN_IDLE_SECONDS = 30.0
"""Lower bound, so a mistyped setting cannot make the vault unusable."""


class LockReason(StrEnum):
    """Why a lock was asked for; the value is what ``lock_requested`` carries."""

    IDLE = "idle"
    SUSPEND = "suspend"
    SCREEN_LOCK = "screen-lock"
    SESSION_CHANGE = "session-change"


# Input that proves a person is at the keyboard. Enter/Leave and paint are excluded: they also
# happen when a window merely appears under a resting pointer.
_ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.HoverMove,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.TabletRelease,
        QEvent.Type.NativeGesture,
    }
)


class IdleLockWatcher(QObject):
    """Emits ``lock_requested("idle")`` once no user input has arrived for ``timeout_seconds``.

    Idle time is measured on two clocks: ``clock`` (wall time, which keeps running while the
    machine sleeps) and ``monotonic`` (which cannot be wound back by changing the system time);
    whichever shows the longer idle period wins. Both are injectable for tests.

    The watcher is armed by :meth:`start` (call it when the vault unlocks) and disarms itself after
    emitting, so it asks once per unlocked session; :meth:`stop` disarms it (call on lock).
    Input that arrives after the deadline locks rather than counting as activity: the first key
    pressed after waking a laptop must not save the session.
    Thread: GUI thread only.
    """

    lock_requested = Signal(str)
    timeout_clamped = Signal(float, float)
    """``(requested, applied)`` when a timeout outside the allowed range was asked for."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        timeout_seconds: float = DEFAULT_IDLE_SECONDS,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        check_interval_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._monotonic = monotonic
        self._timeout = DEFAULT_IDLE_SECONDS
        self._armed = False
        self._last_wall = clock()
        self._last_mono = monotonic()
        self.set_timeout(timeout_seconds)

        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        # A coarse timer is fine for a once-a-second check and lets the OS batch wake-ups.
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.check)

        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("IdleLockWatcher needs a QApplication.")
        app.installEventFilter(self)
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_application_state_changed)

    # --- settings ---------------------------------------------------------------------------
    def timeout_seconds(self) -> float:
        return self._timeout

    def set_timeout(self, seconds: float) -> float:
        """Set the idle period; values outside [MIN, MAX] are clamped. Returns the value applied.

        A clamp is logged and reported through ``timeout_clamped`` so settings screens can say so.
        """
        if not math.isfinite(seconds):
            raise ValueError("The idle timeout must be a number of seconds.")
        applied = min(max(float(seconds), MIN_IDLE_SECONDS), MAX_IDLE_SECONDS)
        self._timeout = applied
        if applied != seconds:
            log.warning(
                "Idle timeout %.0f s is outside the allowed range; using %.0f s.", seconds, applied
            )
            self.timeout_clamped.emit(float(seconds), applied)
        return applied

    # --- arming -----------------------------------------------------------------------------
    def start(self) -> None:
        """Arm the watcher with a fresh idle period (call when the vault unlocks)."""
        self._armed = True
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        """Disarm the watcher (call when the vault locks)."""
        self._armed = False
        self._timer.stop()

    def is_armed(self) -> bool:
        return self._armed

    def reset(self) -> None:
        """Start a new idle period now."""
        self._last_wall = self._clock()
        self._last_mono = self._monotonic()

    def idle_seconds(self) -> float:
        """Longest idle time shown by either clock since the last activity."""
        wall = self._clock() - self._last_wall
        mono = self._monotonic() - self._last_mono
        return max(wall, mono)

    # --- checks -----------------------------------------------------------------------------
    @Slot()
    def check(self) -> bool:
        """Emit ``lock_requested`` if armed and the idle period has run out; True if it did."""
        if not self._armed or self.idle_seconds() < self._timeout:
            return False
        self.stop()
        log.info("Locking after %.0f s without input.", self._timeout)
        self.lock_requested.emit(str(LockReason.IDLE))
        return True

    @Slot(Qt.ApplicationState)
    def _on_application_state_changed(self, _state: Qt.ApplicationState) -> None:
        self.check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event in the application: keep it to a comparison or two.
        if self._armed:
            if self.check():
                return False
            if event.type() in _ACTIVITY_EVENTS:
                self.reset()
        return False


class SessionLockListener(QObject):
    """Emits ``lock_requested(reason)`` when the system is about to sleep or the screen locks.

    Linux: listens on D-Bus (logind ``PrepareForSleep`` and session ``Lock`` on the system bus;
    ``org.freedesktop.ScreenSaver`` / ``org.gnome.ScreenSaver`` ``ActiveChanged`` on the session
    bus). Windows: a native event filter for ``WM_WTSSESSION_CHANGE`` (lock, console disconnect)
    and ``WM_POWERBROADCAST`` (suspend); session notifications need a window handle, so call
    :meth:`watch_window` once the main window exists. Elsewhere, or with no bus, it stays silent:
    the wall-clock idle check is the fallback. Test buses can be injected.
    Thread: GUI thread only.
    """

    lock_requested = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        system_bus: QDBusConnection | None = None,
        session_bus: QDBusConnection | None = None,
    ) -> None:
        super().__init__(parent)
        self._sources: list[str] = []
        self._native_filter: object | None = None
        if sys.platform.startswith("linux") or system_bus is not None or session_bus is not None:
            from ui._session_dbus import connect_dbus_sources

            self._sources += connect_dbus_sources(self, system_bus, session_bus)
        if sys.platform == "win32":
            from ui._session_windows import install_windows_filter

            native_filter = install_windows_filter(self._emit)
            if native_filter is not None:
                self._native_filter = native_filter
                self._sources.append("windows:power-broadcast")

                def remove_filter(*_args: object) -> None:
                    app = QCoreApplication.instance()
                    if app is not None:
                        app.removeNativeEventFilter(native_filter)

                self.destroyed.connect(remove_filter)

    def sources(self) -> list[str]:
        """What this listener is actually hooked to (empty where the platform tells us nothing)."""
        return list(self._sources)

    def watch_window(self, window_id: int) -> bool:
        """Register a native window for session lock notifications (Windows only)."""
        if sys.platform != "win32":
            return False
        from ui._session_windows import register_session_notifications

        ok = register_session_notifications(window_id)
        if ok:
            self._sources.append("windows:session-change")
        return ok

    def _emit(self, reason: str) -> None:
        log.info("Locking: %s.", reason)
        self.lock_requested.emit(reason)

    # D-Bus delivers to these by old-style signature, hence the Slot decorators.
    @Slot(bool)
    def _on_prepare_for_sleep(self, starting: bool) -> None:
        if starting:
            self._emit(str(LockReason.SUSPEND))

    @Slot(bool)
    def _on_screensaver_active_changed(self, active: bool) -> None:
        if active:
            self._emit(str(LockReason.SCREEN_LOCK))

    @Slot()
    def _on_session_lock(self) -> None:
        self._emit(str(LockReason.SCREEN_LOCK))
