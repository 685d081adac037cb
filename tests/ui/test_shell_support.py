"""Shared builders for the app-shell tests (tests/ui/test_shell_*.py); it holds no tests.

Real SQLCipher vaults in ``tmp_path`` with the fast KDF; an :class:`~ui.app.AppController`
with a scripted prompter, a hand-moved clock and no D-Bus; helpers that unlock as a person
would (choose the user, type the passphrase, press Enter). Fictional data only.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from safelog.services.session import Session, login
from safelog.store.vault import create_vault, unlock
from tests.conftest import DSL, FAST_KDF, PASSPHRASE, SCHOOL
from ui import worker
from ui.app import AppController
from ui.seams import ScriptedPrompter
from ui.theme import build_palette, build_stylesheet, readable_point_size

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "ui"

CONTACTS = {
    "local_authority": "Exampleshire County Council",
    "mash_phone": "01632 960 123",
    "mash_email": "mash@example.org",
    "lado_name": "Sam Placeholder",
    "lado_phone": "01632 960 456",
    "police_phone": "101",
}


class FakeClock:
    """A clock the test moves by hand (wall or monotonic time)."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_vault(root: Path, *, demo: bool = False) -> str:
    """A vault with the DSL of tests.conftest; returns the recovery key."""
    settings: dict[str, object] = dict(CONTACTS)
    if demo:
        settings["demo"] = True
    vault, key = create_vault(
        root, school=SCHOOL, dsl_name=DSL, passphrase=PASSPHRASE, kdf=FAST_KDF, settings=settings
    )
    vault.close()
    return key


def open_session(root: Path, name: str = DSL, passphrase: str = PASSPHRASE) -> Session:
    """A session for setting data up behind the app's back (close it before the app unlocks)."""
    return login(unlock(root, name, passphrase))


def with_session(root: Path, fn: Callable[[Session], object]) -> object:
    session = open_session(root)
    try:
        return fn(session)
    finally:
        session.close()


class Shell:
    """An app controller under test, with its prompter and clocks."""

    def __init__(self, qtbot: object, root: Path, *, listen_for_system: bool = False) -> None:
        self.qtbot = qtbot
        self.root = root
        self.prompter = ScriptedPrompter()
        self.wall = FakeClock(1_800_000_000.0)
        self.mono = FakeClock(10_000.0)
        self.printed: list[object] = []
        self.controller = AppController(
            root,
            prompter=self.prompter,
            clock=self.wall,
            monotonic=self.mono,
            kdf=FAST_KDF,
            print_dialog=self._print_dialog,
            listen_for_system=listen_for_system,
            check_interval_ms=20,
        )
        self.print_answer: Callable[[object], bool] = lambda _printer: False

    def _print_dialog(self, printer: object, _parent: object) -> bool:
        self.printed.append(printer)
        return self.print_answer(printer)

    def start(self) -> AppController:
        self.controller.start()
        return self.controller

    def unlock(self, name: str = DSL, passphrase: str = PASSPHRASE) -> None:
        """Choose the user, type the passphrase and press Enter; wait for the main window."""
        window = self.controller.unlock_window
        combo = window.user_combo
        combo.setCurrentIndex(combo.findData(name))
        self.qtbot.keyClicks(window.passphrase_edit, passphrase)  # type: ignore[attr-defined]
        self.qtbot.keyClick(window.passphrase_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]
        self.qtbot.waitUntil(  # type: ignore[attr-defined]
            lambda: self.controller.state == "unlocked", timeout=10_000
        )

    def idle(self, seconds: float) -> None:
        """Time passes with nobody at the keyboard."""
        self.wall.advance(seconds)
        self.mono.advance(seconds)

    def close(self) -> None:
        self.controller.quit()
        worker.wait_for_all_tasks()
        QApplication.processEvents()
        for widget in QApplication.topLevelWidgets():
            if shiboken6.isValid(widget) and widget.isVisible():
                widget.close()
        self.controller.unlock_window.deleteLater()
        self.controller.deleteLater()


@contextlib.contextmanager
def app_theme(qapp: QApplication) -> Iterator[None]:
    """The app's real look (as run_desktop applies it), put back afterwards for other tests.

    Only the palette, font and style sheet change: replacing the QStyle object under widgets
    that earlier tests left alive can crash Qt, and Fusion is already the offscreen default.
    """
    sheet = build_stylesheet()
    if qapp.styleSheet() == sheet:  # an earlier test themed the app already
        yield
        return
    palette, font, previous_sheet = qapp.palette(), qapp.font(), qapp.styleSheet()
    qapp.setPalette(build_palette())
    themed_font = qapp.font()
    themed_font.setPointSizeF(readable_point_size(themed_font.pointSizeF()))
    qapp.setFont(themed_font)
    qapp.setStyleSheet(sheet)
    try:
        yield
    finally:
        qapp.setStyleSheet(previous_sheet)
        qapp.setFont(font)
        qapp.setPalette(palette)


@pytest.fixture
def shell_factory(qtbot: object, qapp: QApplication) -> Iterator[Callable[..., Shell]]:
    made: list[Shell] = []

    def make(root: Path, **options: object) -> Shell:
        shell = Shell(qtbot, root, **options)  # type: ignore[arg-type]
        made.append(shell)
        return shell

    with app_theme(qapp):
        yield make
        for shell in made:
            shell.close()
        worker.wait_for_all_tasks()


@pytest.fixture(scope="session")
def demo_vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo vault (300 fictional pupils, 3,000 concerns), built once and copied per test."""
    from safelog.services.demo import fill_demo

    root = tmp_path_factory.mktemp("demo") / "vault"
    make_vault(root, demo=True)
    with_session(root, lambda s: fill_demo(s, pupils=300, concerns=3000, seed=7))
    return root


def copy_vault(template: Path, to: Path) -> Path:
    shutil.copytree(template, to)
    return to


def shot(widget: QWidget, name: str) -> Path:
    """Save a screenshot under tests/output/ui (git-ignored) for a person to look at."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    path = OUTPUT / f"shell_{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


def visible_texts(widget: QWidget) -> list[str]:
    """Every visible label's text inside ``widget`` (to check what is on screen)."""
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]
