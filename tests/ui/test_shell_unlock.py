"""The unlock window: wrong then right passphrase, the recovery key, damaged and newer vaults."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.conftest import DSL, PASSPHRASE, SCHOOL
from tests.ui.test_shell_support import make_vault, shell_factory, shot, visible_texts
from ui.unlock_window import UnlockWindow

__all__ = ["shell_factory"]  # the fixture, imported for pytest


def _digest(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.iterdir())}


def test_wrong_passphrase_is_said_inline_then_the_right_one_unlocks(
    qtbot, tmp_path, shell_factory
) -> None:
    root = tmp_path / "vault"
    make_vault(root)
    shell = shell_factory(root)
    controller = shell.start()
    window = controller.unlock_window
    assert controller.state == "locked"
    assert window.isVisible()
    # Nothing of the school or its records before unlocking: the window is generic.
    assert not any(SCHOOL in text for text in visible_texts(window))
    assert window.passphrase_edit.echoMode() == window.passphrase_edit.EchoMode.Password
    assert window.user_combo.currentData() == DSL
    assert window.user_combo.itemText(window.user_combo.count() - 1) == "Recovery key"

    qtbot.keyClicks(window.passphrase_edit, "not the passphrase at all")
    qtbot.keyClick(window.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.error_label.isVisible(), timeout=10_000)
    assert window.error_label.text() == f"That passphrase is not right for {DSL}."
    assert window.passphrase_edit.text() == ""
    assert window.passphrase_edit.hasFocus() or window.focusWidget() is window.passphrase_edit
    assert controller.state == "locked"
    assert shell.prompter.calls == []  # inline, never a popup
    shot(window, "unlock_wrong_passphrase")

    shell.unlock()
    assert not window.isVisible()
    main = controller.main_window
    assert main is not None and main.isVisible()
    texts = visible_texts(main)
    assert SCHOOL in texts
    assert any(DSL in t and "Designated Safeguarding Lead" in t for t in texts)
    assert controller.session is not None and controller.session.user_name == DSL


def test_an_empty_passphrase_is_not_tried(qtbot, tmp_path, shell_factory) -> None:
    root = tmp_path / "vault"
    make_vault(root)
    window = shell_factory(root).start().unlock_window
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    assert window.error_label.text() == "Type your passphrase first."
    assert not window.is_busy()


def test_the_recovery_key_unlocks_from_the_last_entry(qtbot, tmp_path, shell_factory) -> None:
    root = tmp_path / "vault"
    key = make_vault(root)
    shell = shell_factory(root)
    controller = shell.start()
    window = controller.unlock_window
    window.user_combo.setCurrentIndex(window.user_combo.count() - 1)
    assert window.passphrase_label.text() == "&Recovery key:"
    shell.unlock("recovery", key.lower())  # case does not matter
    assert controller.session is not None
    assert controller.session.role.value == "recovery"


def test_a_damaged_vault_shows_its_sentence_and_offers_only_quit(
    qtbot, tmp_path, shell_factory
) -> None:
    root = tmp_path / "vault"
    make_vault(root)
    (root / "vault.json").write_bytes(b"{ this is not json")
    before = _digest(root)
    shell = shell_factory(root)
    controller = shell.start()
    window = controller.unlock_window
    assert controller.state == "damaged"
    assert window.is_damaged()
    assert window.error_label.isVisible()
    assert "restore" in window.error_label.text().lower()
    assert not window.unlock_button.isVisible()
    assert not window.passphrase_edit.isVisible()
    assert window.quit_button.isVisible()
    window.unlock()  # even asked directly, it does nothing
    assert not window.is_busy()
    assert _digest(root) == before
    shot(window, "unlock_damaged")


def test_a_vault_from_a_newer_safelog_is_refused_with_its_own_sentence(
    tmp_path, shell_factory
) -> None:
    root = tmp_path / "vault"
    make_vault(root)
    header = json.loads((root / "vault.json").read_text())
    header["format_version"] = 99
    (root / "vault.json").write_text(json.dumps(header))
    controller = shell_factory(root).start()
    window = controller.unlock_window
    assert controller.state == "damaged"
    assert "newer SafeLog" in window.error_label.text()


def test_a_damaged_records_file_is_reported_inline_at_unlock(
    qtbot, tmp_path, shell_factory
) -> None:
    root = tmp_path / "vault"
    make_vault(root)
    records = root / "records.db"
    data = bytearray(records.read_bytes())
    data[5000:5200] = bytes(200)  # a run of zeros inside an encrypted page
    records.write_bytes(bytes(data))
    shell = shell_factory(root)
    controller = shell.start()
    window = controller.unlock_window
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    qtbot.keyClick(window.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.error_label.isVisible(), timeout=10_000)
    assert "damaged" in window.error_label.text()
    assert "not right" not in window.error_label.text()
    assert controller.state == "locked"
    assert window.passphrase_edit.text() == ""
    assert shell.prompter.calls == []


def test_the_unlock_window_shows_no_record(qtbot, tmp_path) -> None:
    root = tmp_path / "vault"
    make_vault(root)
    window = UnlockWindow(root)
    qtbot.addWidget(window)
    window.reload(reason="SafeLog is locked.")
    window.show()
    labels = [w.text() for w in window.findChildren(QLabel)]
    assert not any(SCHOOL in t for t in labels)
    shot(window, "unlock_window")


def test_run_desktop_starts_on_the_unlock_window_and_quits_cleanly(
    qapp, tmp_path, monkeypatch
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_shell_support import app_theme
    from ui.app import run_desktop

    root = tmp_path / "vault"
    make_vault(root)
    seen: list[str] = []
    themed: list[object] = []
    # Replacing the QStyle under widgets earlier tests left alive can crash Qt; app_theme gives
    # the same look without that, and the stand-in proves run_desktop asks for the theme.
    monkeypatch.setattr("ui.app.apply_theme", themed.append)

    def look_then_quit() -> None:
        seen.extend(w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible())
        QApplication.quit()

    quit_on_last = qapp.quitOnLastWindowClosed()
    with app_theme(qapp):
        QTimer.singleShot(300, look_then_quit)
        assert run_desktop(root) == 0
    qapp.setQuitOnLastWindowClosed(quit_on_last)
    assert seen == ["SafeLog – Unlock"]
    assert themed == [qapp]
    assert qapp.applicationName() == "SafeLog"
    for widget in QApplication.topLevelWidgets():  # nothing left on screen
        assert not widget.isVisible()
