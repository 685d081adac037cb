"""Shared builders for the sharing, referral and allegation UI tests; it holds no tests.

Real SQLCipher vaults in ``tmp_path`` with the fast KDF, fictional pupils and fictional school
contacts (Ofcom's drama numbers, 01632 960xxx), and an :class:`~ui.context.AppContext` wired
to a :class:`~ui.seams.ScriptedPrompter`.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QRadioButton, QWidget

from safelog.domain.pupils import PupilRow
from safelog.domain.records import ChildDetails, Role
from safelog.domain.upn import make_upn
from safelog.guidance import load_wizard
from safelog.services import children
from safelog.services.session import Session, login
from safelog.services.users import add_user
from safelog.store.vault import create_vault, unlock
from tests.conftest import DSL, FAST_KDF, PASSPHRASE, SCHOOL
from ui.clipboard import ClipboardGuard
from ui.context import AppContext
from ui.seams import ScriptedPrompter
from ui.sharing import SharingWizardDialog
from ui.sharing.field_widgets import ComboChoiceEditor, MultiEditor, RadioChoiceEditor, TextEditor
from ui.sharing.outcome_pages import OutcomePage
from ui.sharing.step_widgets import NodePage
from ui.sharing.summary import SummaryPage

GRAPH = load_wizard()
OUTPUT = Path(__file__).resolve().parents[1] / "output" / "ui"

CONTACTS = {
    "local_authority": "Exampleshire County Council",
    "mash_phone": "01632 960 100",
    "mash_out_of_hours_phone": "01632 960 200",
    "police_phone": "101",
    "lado_name": "Sam Fictional",
    "lado_phone": "01632 960 300",
}


def new_session(
    vault_dir: Path, *, demo: bool = False, settings: dict[str, object] | None = None
) -> Session:
    """A fresh vault with the school's contacts (unless ``settings`` replaces them), as its DSL."""
    all_settings: dict[str, object] = dict(CONTACTS if settings is None else settings)
    if demo:
        all_settings["demo"] = True
    vault, _recovery = create_vault(
        vault_dir,
        school=SCHOOL,
        dsl_name=DSL,
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
        settings=all_settings,
    )
    return login(vault)


def session_as(dsl: Session, vault_dir: Path, name: str, role: Role) -> Session:
    """Add ``name`` with ``role`` (as the DSL) and sign in as them on the same vault."""
    passphrase = f"{name} fictional passphrase for tests"
    add_user(dsl, name=name, role=role, passphrase=passphrase, kdf=FAST_KDF)
    return login(unlock(vault_dir, name, passphrase))


def add_child(session: Session, serial: int = 1, forename: str = "Zoë") -> ChildDetails:
    upn = make_upn(879, 4321, 14, serial)
    children.import_pupils(
        session,
        [
            PupilRow(
                upn=upn,
                legal_surname="Nguyễn",
                legal_forename=forename,
                preferred_forename=None,
                preferred_surname=None,
                dob=date(2013, 5, 17),
                gender="F",
                year_group="Year 8",
                form="8B",
                flags=frozenset(),
            )
        ],
    )
    return children.child_by_upn(session, upn)


def make_ctx(session: Session, prompter: ScriptedPrompter | None = None) -> AppContext:
    return AppContext(
        session=session,
        prompter=prompter or ScriptedPrompter(),
        clipboard=ClipboardGuard(clear_after_seconds=None),
    )


def click(qtbot, widget: QAbstractButton) -> None:  # type: ignore[no-untyped-def]
    """Click like a person: the button must be visible and enabled, or the test fails."""
    assert widget.isVisible(), f"{widget.accessibleName() or widget.text()} is not on screen"
    assert widget.isEnabled(), f"{widget.accessibleName() or widget.text()} is disabled"
    if isinstance(widget, QRadioButton | QCheckBox):
        # A radio button or tick box stretched across a layout only reacts on its indicator
        # and text, so aim where a person would: the indicator.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def shot(widget: QWidget, name: str) -> Path:
    """Save what ``widget`` looks like to tests/output/ui/<name>.png and return the path."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # let pending layout settle, as it would before a repaint
    path = OUTPUT / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


def finish_tasks() -> None:
    from ui.worker import cancel_all_tasks, wait_for_all_tasks

    cancel_all_tasks()
    assert wait_for_all_tasks(10), "a background thread outlived the test"


class Wizard:
    """Drives a :class:`SharingWizardDialog` with clicks and typing, failing loudly if a
    control is missing, hidden or disabled."""

    def __init__(self, qtbot: Any, ctx: AppContext, child_id: int, **kwargs: Any) -> None:
        self.qtbot = qtbot
        self.dlg = SharingWizardDialog(ctx, child_id, **kwargs)
        qtbot.addWidget(self.dlg)
        self.dlg.show()
        qtbot.waitExposed(self.dlg)

    @property
    def node_id(self) -> str:
        page = self.dlg.page
        if isinstance(page, NodePage):
            return page.node.id
        assert isinstance(page, OutcomePage | SummaryPage)
        return self.dlg.walk.current.id

    def _editors(self) -> dict[str, Any]:
        page = self.dlg.page
        form = page.form if isinstance(page, NodePage | OutcomePage) else None
        assert form is not None, "this page has no form"
        return form.editors

    def answer(self, key: str) -> None:
        assert isinstance(self.dlg.page, NodePage)
        click(self.qtbot, self.dlg.page.answer_buttons[key])

    def type(self, name: str, text: str) -> None:
        """Type ASCII ``text`` (QTest's key simulation knows no other characters)."""
        editor = self._editors()[name]
        assert isinstance(editor, TextEditor)
        assert editor.isVisible(), f"{name} is not shown"
        for i, line in enumerate(text.split("\n")):
            if i:
                self.qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
            self.qtbot.keyClicks(editor.edit, line)

    def choose(self, name: str, option_id: str) -> None:
        editor = self._editors()[name]
        assert editor.isVisible(), f"{name} is not shown"
        if isinstance(editor, RadioChoiceEditor):
            click(self.qtbot, editor.buttons[option_id])
        else:
            assert isinstance(editor, ComboChoiceEditor)
            editor.combo.setFocus()
            # Type-ahead on a closed drop-down picks the matching item, as a keyboard user would.
            label = GRAPH.option(editor.spec.options_ref or "", option_id).label
            self.qtbot.keyClicks(editor.combo, label[:6])
            assert editor.value() == option_id

    def tick_all(self, name: str) -> None:
        editor = self._editors()[name]
        assert isinstance(editor, MultiEditor)
        for box in editor.boxes.values():
            click(self.qtbot, box)

    def next(self) -> None:
        click(self.qtbot, self.dlg.next_button)

    def back(self) -> None:
        click(self.qtbot, self.dlg.back_button)
