"""First run: the wizard from an empty folder to a signed-in DSL, typed as a person would."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
import re

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWizard

from safelog.store.vault import unlock, user_names
from tests.ui.test_shell_support import shell_factory, shot
from ui.first_run import (
    PAGE_CONTACTS,
    PAGE_DSL,
    PAGE_RECOVERY,
    PAGE_SCHOOL,
    recovery_sheet,
)

__all__ = ["shell_factory"]

KEY_PATTERN = re.compile(r"^[A-Z0-9]{6}(-[A-Z0-9]{6}){7}$")
STRONG = "otter lantern quarry velvet"


def _next(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_first_run_creates_the_vault_and_signs_the_dsl_in(qtbot, tmp_path, shell_factory) -> None:
    root = tmp_path / "SafeLog" / "vault"
    shell = shell_factory(root)
    controller = shell.start()
    wizard = controller.wizard
    assert controller.state == "first-run" and wizard is not None and wizard.isVisible()
    assert str(root) in " ".join(
        lbl.text() for lbl in wizard.welcome.findChildren(type(wizard.dsl.problem))
    )
    shot(wizard, "wizard_1_welcome")
    _next(qtbot, wizard)

    assert wizard.currentId() == PAGE_SCHOOL
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # both fields are required
    qtbot.keyClicks(wizard.school.school_edit, "Fictional Primary School")
    qtbot.keyClicks(wizard.school.la_edit, "Exampleshire County Council")
    assert next_button.isEnabled()
    shot(wizard, "wizard_2_school")
    _next(qtbot, wizard)

    assert wizard.currentId() == PAGE_CONTACTS
    edits = wizard.contacts.edits
    assert not next_button.isEnabled()  # the MASH phone is needed
    qtbot.keyClicks(edits["mash_phone"], "12345")
    qtbot.keyClicks(edits["mash_email"], "mash at example")
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONTACTS
    assert "full phone number" in wizard.contacts.problem.text()
    edits["mash_phone"].clear()
    qtbot.keyClicks(edits["mash_phone"], "01632 960 123")
    _next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONTACTS
    assert "email address" in wizard.contacts.problem.text()
    edits["mash_email"].clear()
    qtbot.keyClicks(edits["mash_email"], "mash@example.org")
    qtbot.keyClicks(edits["lado_name"], "Sam Placeholder")
    qtbot.keyClicks(edits["police_phone"], "101")
    shot(wizard, "wizard_3_contacts")
    _next(qtbot, wizard)

    assert wizard.currentId() == PAGE_DSL
    page = wizard.dsl
    create = wizard.button(QWizard.WizardButton.CommitButton)
    assert create.text().replace("&", "") == "Create vault"
    qtbot.keyClicks(page.name_edit, "Alex Fictional")
    qtbot.keyClicks(page.passphrase.passphrase_edit, "password123")
    qtbot.keyClicks(page.passphrase.confirm_edit, "password123")
    assert not create.isEnabled()  # weak: refused
    assert page.passphrase.advice_label.text()
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase.passphrase_edit, "Fictional Primary otter lantern")
    qtbot.keyClicks(page.passphrase.confirm_edit, "Fictional Primary otter lantern")
    assert not create.isEnabled()  # contains the school's name
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase.passphrase_edit, STRONG)
    qtbot.keyClicks(page.passphrase.confirm_edit, STRONG)
    assert create.isEnabled()
    shot(wizard, "wizard_4_dsl")
    assert not root.exists()
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY, timeout=10_000)

    key_page = wizard.recovery
    key = key_page._key
    assert KEY_PATTERN.match(key)
    assert key_page.key_label.text().replace("\n", "") == key
    assert page.passphrase.passphrase() == ""  # not kept in the widget
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    # The vault exists and cannot be walked away from before the key is kept.
    assert [n for n, _r in user_names(root)] == ["Alex Fictional", "recovery"]
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.currentId() == PAGE_RECOVERY

    qtbot.mouseClick(key_page.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == key
    shell.print_answer = lambda _printer: False  # the person cancels the print dialog
    qtbot.mouseClick(key_page.print_button, Qt.MouseButton.LeftButton)
    assert len(shell.printed) == 1 and isinstance(shell.printed[0], QPrinter)
    shot(wizard, "wizard_5_recovery_key")
    qtbot.mouseClick(key_page.kept_box, Qt.MouseButton.LeftButton)
    assert key_page.kept_box.isChecked()
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)

    assert controller.state == "unlocked"
    main = controller.main_window
    assert main is not None and main.isVisible()
    assert controller.session.school_name == "Fictional Primary School"
    assert controller.session.setting("mash_phone") == "01632 960 123"
    assert controller.session.setting("local_authority") == "Exampleshire County Council"
    assert controller.session.setting("police_phone") == "101"
    assert key_page._key == ""  # dropped once finished
    assert not (root / "recovery-key.txt").exists()
    assert not any(key.encode() in p.read_bytes() for p in root.iterdir())

    controller.lock_now()
    assert QGuiApplication.clipboard().text() == ""  # our copy of the key is cleared
    recovered = unlock(root, "recovery", key)  # the key shown really opens the vault
    recovered.close()


def test_the_printed_page_says_what_it_is(tmp_path) -> None:
    key = "ABCDEF-123456-GHIJKL-789012-MNOPQR-345678-STUVWX-901234"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "sheet.pdf"  # a fictional key; SafeLog itself never writes one to disk
    printer.setOutputFileName(str(out))
    recovery_sheet("Fictional Primary School", key, "21/11/2026").print_(printer)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    for words in (
        "SafeLog recovery key",
        "Fictional Primary School",
        "21/11/2026",
        key,
        "school safe",
        "OFFICIAL-SENSITIVE",
    ):
        assert words.replace(" ", "") in "".join(text.split()), words


def test_cancelling_before_the_vault_exists_creates_nothing(qtbot, tmp_path, shell_factory) -> None:
    root = tmp_path / "vault"
    shell = shell_factory(root)
    controller = shell.start()
    with qtbot.waitSignal(controller.quit_requested, timeout=2000):
        qtbot.mouseClick(
            controller.wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton
        )
    assert not root.exists()
