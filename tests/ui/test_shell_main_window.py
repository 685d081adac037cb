"""The main window: header, navigation by keyboard, the child's file and Back, roles, settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from safelog.domain.records import Role
from safelog.services.children import import_pupils, list_children
from safelog.services.concerns import log_concern
from safelog.services.ui_settings import idle_lock_minutes, school_contacts
from safelog.services.users import add_user
from tests.conftest import DSL, FAST_KDF, SCHOOL
from tests.core.helpers import draft, pupil
from tests.ui.test_shell_support import make_vault, shell_factory, shot, visible_texts, with_session
from ui.main_window import DEMO_TEXT, GOVERNOR_SENTENCE
from ui.pages import NAV_PAGES
from ui.settings_dialog import SettingsDialog

__all__ = ["shell_factory"]

GOVERNOR_PASS = "fictional governor passphrase"
HEAD_PASS = "fictional head passphrase"


@pytest.fixture
def vault(tmp_path):  # type: ignore[no-untyped-def]
    root = tmp_path / "vault"
    make_vault(root)

    def fill(s) -> None:  # type: ignore[no-untyped-def]
        import_pupils(s, [pupil(1, "Amara", "Okafor"), pupil(2, "Łukasz", "Nowak")])
        kid = next(c for c in list_children(s, audit=False) if c.legal_forename == "Amara")
        kid = kid.child_id
        log_concern(s, draft(kid, "Fictional: bruise seen on the left forearm at break."))
        add_user(
            s, name="Gita Governor", role=Role.GOVERNOR, passphrase=GOVERNOR_PASS, kdf=FAST_KDF
        )
        add_user(s, name="Hal Head", role=Role.HEAD, passphrase=HEAD_PASS, kdf=FAST_KDF)

    with_session(root, fill)
    return root


def test_header_navigation_and_back(qtbot, vault, shell_factory) -> None:
    shell = shell_factory(vault)
    shell.start()
    shell.unlock()
    window = shell.controller.main_window
    texts = visible_texts(window)
    assert SCHOOL in texts and f"Signed in as {DSL} · Designated Safeguarding Lead" in texts
    assert DEMO_TEXT not in texts  # not a demo vault
    assert window.current_key() == "dashboard"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Dashboard",
        "Children",
        "Concerns to triage",
        "Reviews",
        "Search",
        "Allegations against staff",  # a DSL may open them; a deputy's list stops at Search
    ]
    for number, spec in enumerate(NAV_PAGES, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.AltModifier)
        assert window.current_key() == spec.key, spec.key
        assert window.nav.currentRow() == number - 1
    # Search, open the concern: the child's file shows it; Alt+Left comes back to Search.
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    page = window.page("search")
    qtbot.keyClicks(page.search_edit, "forearm")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert window.current_key() == "child"
    child_file = window.child_file()
    assert child_file is not None and child_file.child.legal_forename == "Amara"
    assert window.back_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_key() == "search"
    assert not window.back_action.isEnabled()


def test_every_action_has_a_shortcut_and_a_tooltip(shell_factory, vault) -> None:
    shell = shell_factory(vault)
    shell.start()
    shell.unlock()
    window = shell.controller.main_window
    for action in (
        window.log_action,
        window.import_action,
        window.settings_action,
        window.lock_action,
        window.quit_action,
        window.back_action,
        *window._go_actions,
    ):
        assert not action.shortcut().isEmpty(), action.text()
        assert action.toolTip() and "(" in action.toolTip(), action.text()
    assert window.log_action.shortcut().toString() == "Ctrl+N"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    for widget in (window.nav, window.stack, window.toolbar):
        assert widget.accessibleName()


def test_a_governor_sees_a_sentence_not_childrens_records(qtbot, vault, shell_factory) -> None:
    shell = shell_factory(vault)
    controller = shell.start()
    shell.unlock("Gita Governor", GOVERNOR_PASS)
    assert controller.session.vault.records is None
    window = controller.main_window
    assert GOVERNOR_SENTENCE in visible_texts(window)
    assert not window.nav.isVisible()
    assert not window.log_action.isEnabled() and not window.import_action.isEnabled()
    for number in range(1, 6):  # the page shortcuts lead nowhere, and nothing breaks
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.AltModifier)
    assert window.show_page("children") is None and window.show_page("dashboard") is None
    assert window.page("children") is None and window.page("dashboard") is None
    assert shell.prompter.calls == []
    shot(window, "main_governor")
    window.open_settings()  # the settings (in governance.db) are readable, not changeable
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and not dialog.idle_spin.isEnabled()
    controller.lock_now()
    assert controller.state == "locked"


def test_a_headteacher_reads_but_cannot_write(qtbot, vault, shell_factory) -> None:
    shell = shell_factory(vault)
    controller = shell.start()
    shell.unlock("Hal Head", HEAD_PASS)
    window = controller.main_window
    assert "Signed in as Hal Head · Headteacher" in visible_texts(window)
    assert not window.log_action.isEnabled()
    assert "Only the DSL or a deputy" in window.log_action.toolTip()
    triage = window.show_page("triage")
    qtbot.waitUntil(lambda: triage.model.rowCount() == 1, timeout=5000)
    triage.view.selectRow(0)
    assert not triage.triage_button.isEnabled()


def test_settings_saves_contacts_and_refuses_a_bad_one(qtbot, vault, shell_factory) -> None:
    shell = shell_factory(vault)
    controller = shell.start()
    shell.unlock()
    window = controller.main_window
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.contact_edits["mash_phone"].text() == "01632 960 123"
    shot(dialog, "settings_dialog")
    email = dialog.contact_edits["lado_email"]
    qtbot.keyClicks(email, "lado at example")
    dialog.idle_spin.setValue(12)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shell.prompter.calls[-1].kind == "error"
    assert "LADO email" in shell.prompter.calls[-1].text
    assert dialog.isVisible() and QApplication.focusWidget() in (email, None)
    assert idle_lock_minutes(controller.session) == 5  # nothing half-saved
    email.clear()
    qtbot.keyClicks(email, "lado@example.org")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert school_contacts(controller.session)["lado_email"] == "lado@example.org"
    assert idle_lock_minutes(controller.session) == 12
    assert window.statusBar().currentMessage() == "Settings saved."


def test_demo_vault_says_so_in_the_header(qtbot, tmp_path, shell_factory) -> None:
    root = tmp_path / "vault"
    make_vault(root, demo=True)
    shell = shell_factory(root)
    shell.start()
    shell.unlock()
    banner = [w for w in shell.controller.main_window.findChildren(QLabel) if w.text() == DEMO_TEXT]
    assert banner and banner[0].isVisible()
