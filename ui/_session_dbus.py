"""D-Bus hooks for :class:`ui.idle_lock.SessionLockListener` on Linux desktops.

Private to ``ui.idle_lock``. Every step degrades silently: no QtDBus module, no bus, or no such
service simply means one source fewer. Thread: GUI.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import SLOT, QObject

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

log = logging.getLogger(__name__)

# (service, interface). An empty object path matches any path: KDE announces ActiveChanged on both
# /ScreenSaver and /org/freedesktop/ScreenSaver, and the other desktops on their own paths.
_SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "org.gnome.ScreenSaver"),
    ("org.cinnamon.ScreenSaver", "org.cinnamon.ScreenSaver"),
    ("org.mate.ScreenSaver", "org.mate.ScreenSaver"),
    ("org.xfce.ScreenSaver", "org.xfce.ScreenSaver"),
)


def connect_dbus_sources(
    receiver: QObject, system_bus: QDBusConnection | None, session_bus: QDBusConnection | None
) -> list[str]:
    """Connect the lock-worthy D-Bus signals to ``receiver``'s slots; return what was hooked.

    ``receiver`` must have the slots ``_on_prepare_for_sleep(bool)``, ``_on_session_lock()`` and
    ``_on_screensaver_active_changed(bool)``.
    """
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:  # a trimmed Qt build without QtDBus
        return []
    hooked: list[str] = []
    system = system_bus if system_bus is not None else QDBusConnection.systemBus()
    session = session_bus if session_bus is not None else QDBusConnection.sessionBus()

    if system.isConnected():
        if system.connect(
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            receiver,
            SLOT("_on_prepare_for_sleep(bool)"),
        ):
            hooked.append("logind:PrepareForSleep")
        # Any session's Lock: `loginctl lock-sessions` and user switching both come this way.
        # Locking when another seat's session locks is the safe kind of mistake.
        if system.connect(
            "org.freedesktop.login1",
            "",
            "org.freedesktop.login1.Session",
            "Lock",
            receiver,
            SLOT("_on_session_lock()"),
        ):
            hooked.append("logind:Session.Lock")

    if session.isConnected():
        for service, interface in _SCREENSAVERS:
            if session.connect(
                service,
                "",
                interface,
                "ActiveChanged",
                receiver,
                SLOT("_on_screensaver_active_changed(bool)"),
            ):
                hooked.append(f"{service}:ActiveChanged")
    if not hooked:
        log.info("No D-Bus lock notifications available; relying on the idle check.")
    return hooked
