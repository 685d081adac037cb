"""ui.idle_lock: wall-clock idle locking and the session/suspend listener."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from ui._session_windows import (
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_CONSOLE_DISCONNECT,
    WTS_SESSION_LOCK,
    classify_windows_message,
)
from ui.idle_lock import (
    MAX_IDLE_SECONDS,
    MIN_IDLE_SECONDS,
    IdleLockWatcher,
    LockReason,
    SessionLockListener,
)


class FakeClock:
    """A clock the test moves by hand; one instance can serve as wall and monotonic time."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clocks() -> tuple[FakeClock, FakeClock]:
    return FakeClock(), FakeClock(start=5_000.0)


@pytest.fixture
def watcher(qapp: QApplication, clocks: tuple[FakeClock, FakeClock]) -> Iterator[IdleLockWatcher]:
    wall, mono = clocks
    w = IdleLockWatcher(timeout_seconds=300, clock=wall, monotonic=mono, check_interval_ms=20)
    yield w
    w.stop()
    qapp.removeEventFilter(w)
    w.deleteLater()


def _press_key(widget: QLineEdit) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    QApplication.sendEvent(widget, event)


def _move_mouse(widget: QLineEdit) -> None:
    pos = QPointF(5, 5)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        pos,
        widget.mapToGlobal(pos),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def _record(watcher: IdleLockWatcher) -> list[str]:
    # A plain list, connected before the clock moves: any event (even qtbot's own set-up) runs the
    # check, so a waitSignal opened after advancing the clock could miss the emission.
    got: list[str] = []
    watcher.lock_requested.connect(got.append)
    return got


def test_idle_past_timeout_locks_once(qtbot, watcher, clocks) -> None:  # type: ignore[no-untyped-def]
    wall, mono = clocks
    got = _record(watcher)
    watcher.start()
    wall.advance(299)
    mono.advance(299)
    qtbot.wait(60)
    assert got == []
    wall.advance(2)
    mono.advance(2)
    qtbot.waitUntil(lambda: got == [LockReason.IDLE.value], timeout=2000)
    assert not watcher.is_armed()
    # Disarmed after asking once: no stream of repeated lock requests.
    wall.advance(1000)
    mono.advance(1000)
    qtbot.wait(100)
    assert got == ["idle"]


def test_keyboard_and_mouse_activity_restart_the_idle_period(qtbot, watcher, clocks) -> None:  # type: ignore[no-untyped-def]
    wall, mono = clocks
    got = _record(watcher)
    field = QLineEdit()
    qtbot.addWidget(field)
    watcher.start()
    for act in (_press_key, _move_mouse, _press_key):
        wall.advance(250)
        mono.advance(250)
        act(field)
        assert watcher.idle_seconds() == 0
    wall.advance(250)
    mono.advance(250)
    qtbot.wait(60)  # 750 s since start, but only 250 s since the last input
    assert got == []
    assert watcher.is_armed()


def test_sleep_jump_in_wall_clock_locks_at_next_tick(qtbot, watcher, clocks) -> None:  # type: ignore[no-untyped-def]
    wall, mono = clocks
    got = _record(watcher)
    watcher.start()
    wall.advance(10)
    mono.advance(10)
    # The laptop sleeps for an hour: wall time jumps, the monotonic clock does not.
    wall.advance(3600)
    qtbot.waitUntil(lambda: got == ["idle"], timeout=2000)


def test_sleep_jump_is_caught_by_the_timer_alone(qtbot, watcher, clocks) -> None:  # type: ignore[no-untyped-def]
    wall, _mono = clocks
    got = _record(watcher)
    watcher.start()
    QApplication.instance().removeEventFilter(watcher)  # only the periodic check is left
    wall.advance(3600)
    qtbot.waitUntil(lambda: got == ["idle"], timeout=2000)


def test_first_input_after_waking_locks_instead_of_resetting(qtbot, watcher, clocks) -> None:  # type: ignore[no-untyped-def]
    wall, _mono = clocks
    got = _record(watcher)
    field = QLineEdit()
    qtbot.addWidget(field)
    watcher.start()
    watcher._timer.stop()  # only the event filter may notice here
    wall.advance(3600)
    _press_key(field)
    assert got == ["idle"]  # synchronously, before the key reached the widget
    assert field.text() == "a"  # the filter observes; it never eats input


def test_wall_clock_wound_back_still_locks_on_monotonic_time(qtbot, watcher, clocks) -> None:  # type: ignore[no-untyped-def]
    wall, mono = clocks
    watcher.start()
    wall.advance(-7200)  # someone sets the system clock back two hours
    mono.advance(301)
    assert watcher.check() is True


def test_application_state_change_triggers_a_check(qtbot, watcher, clocks) -> None:  # type: ignore[no-untyped-def]
    wall, _mono = clocks
    got = _record(watcher)
    watcher.start()
    watcher._timer.stop()
    QApplication.instance().removeEventFilter(watcher)
    wall.advance(600)
    assert got == []
    watcher._on_application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert got == ["idle"]


def test_stopped_watcher_never_locks(qtbot, watcher, clocks) -> None:  # type: ignore[no-untyped-def]
    wall, mono = clocks
    watcher.start()
    watcher.stop()
    wall.advance(10_000)
    mono.advance(10_000)
    got = _record(watcher)
    qtbot.wait(100)
    assert watcher.check() is False
    assert got == []


def test_timeout_above_cap_is_clamped_and_reported(qtbot, watcher) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(watcher.timeout_clamped, timeout=1000) as blocker:
        applied = watcher.set_timeout(7200)
    assert applied == MAX_IDLE_SECONDS == 1800
    assert watcher.timeout_seconds() == 1800
    assert blocker.args == [7200.0, 1800.0]
    assert watcher.set_timeout(5) == MIN_IDLE_SECONDS
    with qtbot.assertNotEmitted(watcher.timeout_clamped):
        assert watcher.set_timeout(600) == 600
    with pytest.raises(ValueError):
        watcher.set_timeout(float("nan"))


def test_constructor_clamps_too(qapp: QApplication) -> None:
    w = IdleLockWatcher(timeout_seconds=99_999)
    try:
        assert w.timeout_seconds() == MAX_IDLE_SECONDS
        assert IdleLockWatcher.__init__.__kwdefaults__["timeout_seconds"] == 300  # type: ignore[index]
    finally:
        qapp.removeEventFilter(w)
        w.deleteLater()


# --- SessionLockListener ------------------------------------------------------------------------


def test_windows_messages_are_classified() -> None:
    assert classify_windows_message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK) == "screen-lock"
    assert (
        classify_windows_message(WM_WTSSESSION_CHANGE, WTS_CONSOLE_DISCONNECT) == "session-change"
    )
    assert classify_windows_message(WM_WTSSESSION_CHANGE, 0x8) is None  # unlock
    assert classify_windows_message(WM_POWERBROADCAST, PBT_APMSUSPEND) == "suspend"
    assert classify_windows_message(WM_POWERBROADCAST, 0x12) is None  # resume
    assert classify_windows_message(0x0010, 0) is None


def test_listener_without_any_bus_is_silent(qapp: QApplication, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/safelog-test-bus")
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/safelog-test-bus")
    from PySide6.QtDBus import QDBusConnection

    dead = QDBusConnection.connectToBus("unix:path=/nonexistent/safelog-test-bus", "dead")
    listener = SessionLockListener(system_bus=dead, session_bus=dead)
    assert listener.sources() == []
    assert listener.watch_window(0) is False or os.name == "nt"


def test_listener_slots_map_to_reasons(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtDBus import QDBusConnection

    dead = QDBusConnection.connectToBus("unix:path=/nonexistent/safelog-test-bus", "dead2")
    listener = SessionLockListener(system_bus=dead, session_bus=dead)
    with qtbot.assertNotEmitted(listener.lock_requested):
        listener._on_prepare_for_sleep(False)  # resuming is not a reason to lock
        listener._on_screensaver_active_changed(False)
    with qtbot.waitSignal(listener.lock_requested) as blocker:
        listener._on_prepare_for_sleep(True)
    assert blocker.args == ["suspend"]


@pytest.fixture
def private_bus() -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    proc = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        assert address.startswith("unix:")
        yield address
    finally:
        proc.terminate()
        proc.wait(5)


@pytest.mark.parametrize(
    ("service", "path", "interface", "member", "args", "reason"),
    [
        (
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            [True],
            "suspend",
        ),
        (
            "org.freedesktop.login1",
            "/org/freedesktop/login1/session/_32",
            "org.freedesktop.login1.Session",
            "Lock",
            [],
            "screen-lock",
        ),
        (
            "org.freedesktop.ScreenSaver",
            "/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "ActiveChanged",
            [True],
            "screen-lock",
        ),
        (
            "org.gnome.ScreenSaver",
            "/org/gnome/ScreenSaver",
            "org.gnome.ScreenSaver",
            "ActiveChanged",
            [True],
            "screen-lock",
        ),
    ],
)
def test_listener_hears_real_dbus_signals(  # type: ignore[no-untyped-def]
    qtbot, private_bus: str, service, path, interface, member, args, reason
) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    tag = f"{member}-{path}"
    listener_bus = QDBusConnection.connectToBus(private_bus, f"listener-{tag}")
    sender_bus = QDBusConnection.connectToBus(private_bus, f"sender-{tag}")
    try:
        assert listener_bus.isConnected() and sender_bus.isConnected()
        assert sender_bus.registerService(service)
        listener = SessionLockListener(system_bus=listener_bus, session_bus=listener_bus)
        assert "logind:PrepareForSleep" in listener.sources()
        assert "org.gnome.ScreenSaver:ActiveChanged" in listener.sources()
        message = QDBusMessage.createSignal(path, interface, member)
        message.setArguments(args)
        with qtbot.waitSignal(listener.lock_requested, timeout=3000) as blocker:
            assert sender_bus.send(message)
        assert blocker.args == [reason]
    finally:
        QDBusConnection.disconnectFromBus(f"listener-{tag}")
        QDBusConnection.disconnectFromBus(f"sender-{tag}")
