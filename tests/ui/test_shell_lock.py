"""Locking: Ctrl+L, the toolbar, idle time on the wall clock, sleep, and drafts kept across it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from tests.conftest import DSL
from tests.ui.test_shell_support import make_vault, shell_factory, shot
from ui.settings_dialog import SettingsDialog

__all__ = ["shell_factory"]


@pytest.fixture
def unlocked(tmp_path, shell_factory):  # type: ignore[no-untyped-def]
    root = tmp_path / "vault"
    make_vault(root)
    shell = shell_factory(root)
    shell.start()
    shell.unlock()
    return shell


def _assert_locked(qtbot, shell, old_window, old_session, reason: str) -> None:  # type: ignore[no-untyped-def]
    controller = shell.controller
    assert controller.state == "locked"
    assert controller.main_window is None and controller.session is None
    assert old_session.vault.closed and old_session.vault.records is None
    assert not shiboken6.isValid(old_window) or not old_window.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(old_window), timeout=3000)  # destroyed
    window = controller.unlock_window
    assert window.isVisible()
    assert window.reason_label.text() == reason
    assert window.user_combo.currentData() == DSL  # ready for the same person


def test_ctrl_l_locks_closes_the_session_and_clears_our_clipboard(qtbot, unlocked) -> None:
    controller = unlocked.controller
    window, session = controller.main_window, controller.session
    controller.context.clipboard.copy("Fictional text SafeLog copied")
    assert QGuiApplication.clipboard().text() == "Fictional text SafeLog copied"
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    _assert_locked(qtbot, unlocked, window, session, "SafeLog is locked.")
    assert QGuiApplication.clipboard().text(QClipboard.Mode.Clipboard) == ""
    shot(controller.unlock_window, "unlock_after_lock")


def test_lock_leaves_what_the_user_copied_since_alone(qtbot, unlocked) -> None:
    controller = unlocked.controller
    controller.context.clipboard.copy("Fictional text SafeLog copied")
    QGuiApplication.clipboard().setText("The person's own shopping list")
    controller.lock.lock_action.trigger()
    assert controller.state == "locked"
    assert QGuiApplication.clipboard().text() == "The person's own shopping list"


def test_the_toolbar_lock_button_locks(qtbot, unlocked) -> None:
    controller = unlocked.controller
    window, session = controller.main_window, controller.session
    button = window.toolbar.widgetForAction(window.lock_action)
    assert button is not None and button.toolTip().endswith("(Ctrl+L).")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _assert_locked(qtbot, unlocked, window, session, "SafeLog is locked.")
    unlocked.unlock()  # and unlocking again gives a fresh main window
    assert controller.main_window is not None and controller.main_window is not window


def test_ctrl_l_works_inside_a_modal_dialog(qtbot, unlocked) -> None:
    controller = unlocked.controller
    window, session = controller.main_window, controller.session
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    qtbot.keyClick(dialog.idle_spin, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.state == "locked"
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    _assert_locked(qtbot, unlocked, window, session, "SafeLog is locked.")


def test_idle_for_five_minutes_locks(qtbot, unlocked) -> None:
    controller = unlocked.controller
    window, session = controller.main_window, controller.session
    unlocked.idle(299)
    qtbot.wait(120)  # several idle checks
    assert controller.state == "unlocked"
    unlocked.idle(2)
    qtbot.waitUntil(lambda: controller.state == "locked", timeout=3000)
    _assert_locked(
        qtbot, unlocked, window, session, "SafeLog locked itself after 5 minutes without use."
    )


def test_activity_keeps_it_unlocked(qtbot, unlocked) -> None:
    controller = unlocked.controller
    window = controller.main_window
    for _ in range(3):
        unlocked.idle(200)
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    qtbot.wait(100)
    assert controller.state == "unlocked"


def test_a_laptop_that_slept_past_the_limit_locks_as_it_wakes(qtbot, unlocked) -> None:
    controller = unlocked.controller
    # An hour asleep: wall time jumps, the monotonic clock (which stops in sleep) does not.
    unlocked.wall.advance(3600)
    qtbot.waitUntil(lambda: controller.state == "locked", timeout=3000)
    assert "5 minutes" in controller.unlock_window.reason_label.text()


def test_the_idle_time_setting_applies_at_once(qtbot, unlocked) -> None:
    controller = unlocked.controller
    window = controller.main_window
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    dialog.idle_spin.setValue(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert controller.lock.idle_minutes() == 1
    unlocked.idle(61)
    qtbot.waitUntil(lambda: controller.state == "locked", timeout=3000)
    assert controller.unlock_window.reason_label.text() == (
        "SafeLog locked itself after 1 minute without use."
    )
    unlocked.unlock()  # the setting is in the vault, so it holds after unlocking
    assert controller.lock.idle_minutes() == 1


def test_suspend_and_screen_lock_lock(qtbot, tmp_path, shell_factory) -> None:
    root = tmp_path / "vault"
    make_vault(root)
    shell = shell_factory(root, listen_for_system=True)
    controller = shell.start()
    assert controller.lock.system is not None
    controller.lock.system._on_prepare_for_sleep(True)  # logind's PrepareForSleep(true)
    assert controller.state == "locked"  # not armed yet: nothing to lock, no error
    shell.unlock()
    controller.lock.system._on_prepare_for_sleep(True)
    assert controller.state == "locked"
    assert controller.unlock_window.reason_label.text() == (
        "SafeLog locked when the computer went to sleep."
    )
    shell.unlock()
    controller.lock.system._on_screensaver_active_changed(True)
    assert controller.unlock_window.reason_label.text() == (
        "SafeLog locked when the screen was locked."
    )


def test_a_half_typed_concern_survives_a_lock(qtbot, unlocked) -> None:
    log_concern = pytest.importorskip("ui.dialogs.log_concern")
    controller = unlocked.controller
    window = controller.main_window
    window.log_action.trigger()
    dialog = window.findChild(log_concern.LogConcernDialog)
    assert dialog is not None and dialog.isVisible()
    typed = "Fictional: said the bruise came from a fall at the park."
    qtbot.keyClicks(dialog.form.facts, typed)
    qtbot.keyClick(dialog.form.facts, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.state == "locked"
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=3000)

    unlocked.unlock()
    restored = controller.main_window.findChild(log_concern.LogConcernDialog)
    assert restored is not None and restored.isVisible()
    assert restored.form.facts.toPlainText() == typed
    shot(restored, "draft_restored_after_lock")


def test_closing_the_main_window_locks_and_quits(qtbot, unlocked) -> None:
    controller = unlocked.controller
    session = controller.session
    with qtbot.waitSignal(controller.quit_requested, timeout=3000):
        controller.main_window.close()
    assert session.vault.closed
    assert controller.session is None
    assert not controller.unlock_window.isVisible()


def test_locking_while_a_search_runs_drops_it_quietly(qtbot, unlocked) -> None:
    controller = unlocked.controller
    page = controller.main_window.show_page("search")
    page.search_edit.setText("bruise")
    page.search_now()
    controller.lock_now()
    qtbot.wait(100)
    assert controller.state == "locked"
    assert unlocked.prompter.calls == []  # no error surfaced after the lock


def test_a_draft_reopens_only_for_the_person_who_wrote_it(qtbot, tmp_path, shell_factory) -> None:
    log_concern = pytest.importorskip("ui.dialogs.log_concern")
    from safelog.domain.records import Role
    from safelog.services.users import add_user
    from tests.conftest import FAST_KDF
    from tests.ui.test_shell_support import with_session

    root = tmp_path / "vault"
    make_vault(root)
    deputy_pass = "fictional deputy passphrase"
    with_session(
        root,
        lambda s: add_user(
            s, name="Dee Deputy", role=Role.DEPUTY, passphrase=deputy_pass, kdf=FAST_KDF
        ),
    )
    shell = shell_factory(root)
    controller = shell.start()
    shell.unlock()
    controller.main_window.log_action.trigger()
    dialog = controller.main_window.findChild(log_concern.LogConcernDialog)
    qtbot.keyClicks(dialog.form.facts, "Fictional: half-typed by the DSL.")
    controller.lock.request_lock()
    assert controller.state == "locked"

    shell.unlock("Dee Deputy", deputy_pass)
    assert controller.main_window.findChild(log_concern.LogConcernDialog) is None
    controller.lock.request_lock()
    shell.unlock()
    restored = controller.main_window.findChild(log_concern.LogConcernDialog)
    assert restored is not None
    assert restored.form.facts.toPlainText() == "Fictional: half-typed by the DSL."
