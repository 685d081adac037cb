"""First run: set up the school's vault, then show the recovery key once.

Welcome → school → contacts → the DSL (name and passphrase; weak ones are refused) → the vault
is created on the worker thread → the recovery key page: the key large and monospaced, Print…,
Copy (through the clipboard guard) and a required "I have kept it" tick before Finish. The key
is never written to disk by SafeLog; it lives in this wizard until Finish and is then dropped.
Once the vault exists the wizard cannot be cancelled: the key would otherwise be lost unseen.
Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from safelog.domain.timefmt import today_london, uk_date
from safelog.services.session import Session
from safelog.services.setup import create_school_vault
from safelog.services.ui_settings import CONTACT_KEYS, clean_contact
from safelog.store.keys import PRODUCTION_KDF, KdfParams
from ui.clipboard import ClipboardGuard
from ui.pages import error_sentence
from ui.settings_dialog import contact_form, contact_problem
from ui.theme import COLOURS
from ui.widgets.passphrase_field import PassphraseFieldWidget
from ui.worker import run_in_background

PrintDialogHook = Callable[[QPrinter, QWidget], bool]
PAGE_WELCOME, PAGE_SCHOOL, PAGE_CONTACTS, PAGE_DSL, PAGE_RECOVERY = range(5)


def _problem_label() -> QLabel:
    label = QLabel()
    label.setAccessibleName("Problem")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {COLOURS.bad}; font-weight: 600;")
    return label


def _text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def default_print_dialog(printer: QPrinter, parent: QWidget) -> bool:
    """The system print dialog; True if the person chose to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the recovery key")
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


class WelcomePage(QWizardPage):
    def __init__(self, vault_dir: Path) -> None:
        super().__init__()
        self.setTitle("Welcome to SafeLog")
        self.setSubTitle("Child-protection records for your school, kept on this laptop.")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        for paragraph in (
            "SafeLog keeps the Designated Safeguarding Lead's records: concerns, what was done "
            "about them and why, review dates, and chronologies for the MASH.",
            "Nothing leaves this laptop. SafeLog never uses the internet; the records are "
            "encrypted, and only someone with a passphrase (or the recovery key) can read them.",
            "Setting up takes a few minutes. Have ready the school's MASH and LADO contact "
            "details, and think of a passphrase of several unrelated words that only you know. "
            "At the end you will print a recovery key to keep in the school safe.",
        ):
            layout.addWidget(_text(paragraph))
        layout.addStretch(1)
        where = _text(f"The vault will be created in: {vault_dir}")
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setStyleSheet(f"color: {COLOURS.muted_text};")
        layout.addWidget(where)


class SchoolPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your school")
        self.setSubTitle("These appear on every chronology and referral SafeLog prints.")
        self.school_edit = QLineEdit()
        self.school_edit.setAccessibleName("School name")
        self.school_edit.setToolTip("The school's full name, as on letters to the local authority.")
        self.school_edit.setMaxLength(200)
        school_label = QLabel("&School name (required):")
        school_label.setBuddy(self.school_edit)
        form, self.edits = contact_form(self, keys=("local_authority",))
        form.insertRow(0, school_label, self.school_edit)
        self.la_edit = self.edits["local_authority"]
        self.problem = _problem_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.registerField("school*", self.school_edit)
        self.registerField("local_authority*", self.la_edit)

    def validatePage(self) -> bool:
        self.problem.setText(contact_problem(self.edits) or "")
        return not self.problem.text()


class ContactsPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Safeguarding contacts")
        self.setSubTitle(
            "Who you call about a child or an allegation. Only the MASH phone is needed now; "
            "you can add the rest later in Settings."
        )
        keys = tuple(k for k in CONTACT_KEYS if k != "local_authority")
        form, self.edits = contact_form(self, keys=keys)
        self.problem = _problem_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.registerField("mash_phone*", self.edits["mash_phone"])

    def validatePage(self) -> bool:
        self.problem.setText(contact_problem(self.edits) or "")
        return not self.problem.text()

    def values(self) -> dict[str, str]:
        return {key: clean_contact(key, edit.text()) for key, edit in self.edits.items()}


class DslPage(QWizardPage):
    """The first user, a DSL. A commit page: pressing Create vault creates it."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("You, the Designated Safeguarding Lead")
        self.setSubTitle(
            "You will unlock SafeLog with this passphrase. Nobody, not even your IT support, "
            "can recover it; the recovery key on the next page is the only way back in."
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create vault")
        self.busy = False
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setToolTip("Your name as colleagues know it; it is shown on every record.")
        self.name_edit.setMaxLength(120)
        name_label = QLabel("Your &name:")
        name_label.setBuddy(self.name_edit)
        self.passphrase = PassphraseFieldWidget(label="&Passphrase:", confirm_label="Con&firm:")
        self.problem = _problem_label()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(6)
        self.busy_bar.setAccessibleName("Creating the vault")
        self.busy_label = QLabel("Creating the encrypted vault…")
        for widget in (self.busy_bar, self.busy_label):
            widget.hide()
        # One label column for the name and the passphrase widget's own rows, so they line up.
        labels = [name_label, *self.passphrase.findChildren(QLabel)]
        labels = [lbl for lbl in labels if lbl.buddy() is not None]
        width = max(lbl.sizeHint().width() for lbl in labels)
        for lbl in labels:
            lbl.setMinimumWidth(width)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.addRow(name_label, self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        self.name_edit.textChanged.connect(self._names_changed)
        self.passphrase.validity_changed.connect(lambda _ok: self.completeChanged.emit())

    def initializePage(self) -> None:
        self._names_changed()

    def _names_changed(self, _text: str = "") -> None:
        school = str(self.field("school") or "")
        self.passphrase.set_names([n for n in (school, self.name_edit.text().strip()) if n])
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        ready = bool(self.name_edit.text().strip()) and self.passphrase.is_acceptable()
        return ready and not self.busy

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.busy_bar, self.busy_label):
            widget.setVisible(busy)
        self.name_edit.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.completeChanged.emit()

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        if wizard.session is not None:
            return True
        if not self.busy:
            wizard.create()
        return False  # the wizard moves on by itself once the vault exists


KEEP_IT = (
    "Seal it in an envelope, sign and date across the seal, and keep it in the school safe. "
    "Never put it in an email, a shared drive or a photo on a phone."
)


def key_lines(key: str, newline: str = "\n") -> str:
    """The key in two lines of four groups, so it never wraps somewhere unexpected."""
    groups = key.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "-" + newline + "-".join(groups[half:])


def recovery_sheet(school: str, key: str, printed_on: str) -> QTextDocument:
    """The printed page: what the key is, for which school, when, and where to keep it."""
    esc = {ord("<"): "&lt;", ord(">"): "&gt;", ord("&"): "&amp;"}  # a school name may hold "&"
    doc = QTextDocument()
    doc.setHtml(
        "<h1>SafeLog recovery key</h1>"
        f"<p><b>School:</b> {school.translate(esc)}<br><b>Printed:</b> {printed_on}</p>"
        f"<p style='font-family: monospace; font-size: 18pt;'>{key_lines(key, '<br>')}</p>"
        "<p>This key opens the school's SafeLog vault if every passphrase is forgotten. Anyone "
        "who has it and the laptop can read every child-protection record in it.</p>"
        f"<p><b>Where to keep it:</b> {KEEP_IT}</p>"
        "<p>Sealed by (name and signature): ______________________________ "
        "Date: ______________</p><p><b>OFFICIAL-SENSITIVE</b></p>"
    )
    return doc


class RecoveryKeyPage(QWizardPage):
    """Shows the recovery key once; Finish waits for the "I have kept it" tick."""

    def __init__(self, *, clipboard: ClipboardGuard, print_dialog: PrintDialogHook) -> None:
        super().__init__()
        self._clipboard = clipboard
        self._print_dialog = print_dialog
        self._key = ""
        self._school = ""
        self.setTitle("Your recovery key")
        self.setSubTitle("Shown this once. Print it or write it down now.")
        intro = _text(
            "If every passphrase is forgotten, this key is the only way into the records. "
            "SafeLog does not keep a readable copy, so it cannot show it again."
        )
        self.key_label = QLabel()
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Not selectable: copying goes through the guard, which clears it again.
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(17)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setStyleSheet(
            f"background: {COLOURS.base}; border: 1px solid {COLOURS.border}; "
            "border-radius: 6px; padding: 14px; letter-spacing: 1px;"
        )
        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Print the key with the school's name and today's date.")
        self.print_button.clicked.connect(self.print_key)
        self.copy_button = QPushButton("C&opy")
        self.copy_button.setToolTip("Copy the key; SafeLog clears it from the clipboard soon.")
        self.copy_button.clicked.connect(self.copy_key)
        self.note = QLabel()
        self.note.setAccessibleName("Note")
        self.note.setStyleSheet(f"color: {COLOURS.muted_text};")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.note, 1)
        keep = _text(f"Where to keep it: {KEEP_IT}")
        self.kept_box = QCheckBox(
            "I have printed or written down the recovery key and will keep it in the school &safe"
        )
        self.kept_box.setAccessibleName("I have kept the recovery key")
        self.kept_box.setToolTip("Tick this once the key is on paper; then Finish.")
        self.kept_box.toggled.connect(lambda _on: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addWidget(keep)
        layout.addStretch(1)
        layout.addWidget(self.kept_box)

    def set_key(self, key: str, *, school: str) -> None:
        self._key, self._school = key, school
        self.key_label.setText(key_lines(key))

    def forget_key(self) -> None:
        """Drop our copies (as far as Python allows) once the wizard is finished."""
        self._key = ""
        self.key_label.setText("")

    def isComplete(self) -> bool:
        return bool(self._key) and self.kept_box.isChecked()

    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("SafeLog recovery key")
        if self._print_dialog(printer, self):
            recovery_sheet(self._school, self._key, uk_date(today_london())).print_(printer)
            self.note.setText("Sent to the printer.")

    def copy_key(self) -> None:
        self._clipboard.copy(self._key)
        self.note.setText("Copied. SafeLog clears it from the clipboard in a few seconds.")


class FirstRunWizard(QWizard):
    """Creates the vault. Emits ``session_ready(Session)`` on Finish (the DSL is signed in).

    ``kdf`` is for tests (a fast one); ``print_dialog`` replaces the system print dialog.
    """

    session_ready = Signal(object)

    def __init__(
        self,
        vault_dir: Path,
        *,
        clipboard: ClipboardGuard,
        kdf: KdfParams = PRODUCTION_KDF,
        print_dialog: PrintDialogHook = default_print_dialog,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = vault_dir
        self._kdf = kdf
        self.session: Session | None = None
        self.setWindowTitle("Set up SafeLog")
        self.setAccessibleName("Set up SafeLog")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(760, 620)
        self.welcome = WelcomePage(vault_dir)
        self.school = SchoolPage()
        self.contacts = ContactsPage()
        self.dsl = DslPage()
        self.recovery = RecoveryKeyPage(clipboard=clipboard, print_dialog=print_dialog)
        for page_id, page in enumerate(
            (self.welcome, self.school, self.contacts, self.dsl, self.recovery)
        ):
            self.setPage(page_id, page)
        self.button(QWizard.WizardButton.NextButton).setToolTip("Go on to the next step.")
        self.button(QWizard.WizardButton.BackButton).setToolTip("Go back a step.")
        self.button(QWizard.WizardButton.CancelButton).setToolTip("Stop; nothing is created.")
        self.button(QWizard.WizardButton.FinishButton).setToolTip("Start using SafeLog.")

    def create(self) -> None:
        """Create the vault and sign the DSL in, on the worker thread."""
        school = str(self.field("school")).strip()
        dsl_name = self.dsl.name_edit.text().strip()
        passphrase = self.dsl.passphrase.passphrase()
        settings: dict[str, object] = {
            "local_authority": clean_contact("local_authority", str(self.field("local_authority"))),
            **self.contacts.values(),
        }
        root, kdf = self._root, self._kdf
        self.dsl.problem.clear()
        self.dsl.set_busy(True)

        def work(_progress: Callable[[int, int, str], None]) -> tuple[Session, str]:
            # The vault, then its own signing key and certificate for exported PDFs.
            return create_school_vault(
                root,
                school=school,
                dsl_name=dsl_name,
                passphrase=passphrase,
                kdf=kdf,
                settings=settings,
            )

        run_in_background(
            self,
            work,
            on_success=self._created,
            on_error=self._failed,
            label="Creating the vault",
            show_progress_after=60.0,
        )

    def _created(self, result: tuple[Session, str]) -> None:
        self.session, key = result
        self.dsl.set_busy(False)
        self.dsl.passphrase.clear()
        self.recovery.set_key(key, school=self.session.school_name)
        self.next()

    def _failed(self, exc: BaseException) -> None:
        self.dsl.set_busy(False)
        self.dsl.problem.setText(error_sentence(exc))

    def accept(self) -> None:
        self.recovery.forget_key()
        super().accept()
        if self.session is not None:
            session, self.session = self.session, None
            self.session_ready.emit(session)

    def reject(self) -> None:
        if self.session is not None or self.dsl.busy:
            return  # the vault exists (or is being made): only Finish, after the key is kept
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None or self.dsl.busy:
            event.ignore()
            return
        super().closeEvent(event)
