"""ui.clipboard: copy with 'secret' hints; clear only what is still ours."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication

from ui.clipboard import (
    KDE_SECRET_HINT,
    WINDOWS_EXCLUDE_MONITOR,
    ClipboardGuard,
    secret_mime_data,
)


@pytest.fixture
def clipboard(qapp: QApplication) -> Iterator[QClipboard]:
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


def test_copy_puts_text_and_secret_hints_on_the_clipboard(clipboard: QClipboard) -> None:
    guard = ClipboardGuard(clear_after_seconds=None)
    guard.copy("RK-7Q2M-9XWD-44PL")
    assert clipboard.text() == "RK-7Q2M-9XWD-44PL"
    mime = clipboard.mimeData()
    assert mime is not None
    assert bytes(mime.data(KDE_SECRET_HINT)) == b"secret"
    assert bytes(mime.data(WINDOWS_EXCLUDE_MONITOR)) == b"1"
    assert guard.holds_ours()


def test_clear_if_ours_clears_when_clipboard_unchanged(qtbot, clipboard: QClipboard) -> None:  # type: ignore[no-untyped-def]
    guard = ClipboardGuard(clear_after_seconds=None)
    guard.copy("Zoë Example, UPN A123456789012")
    with qtbot.waitSignal(guard.cleared, timeout=1000):
        assert guard.clear_if_ours() is True
    assert clipboard.text() == ""
    assert guard.clear_if_ours() is False  # nothing remembered any more


def test_clear_if_ours_leaves_what_the_user_copied_since(qtbot, clipboard: QClipboard) -> None:  # type: ignore[no-untyped-def]
    guard = ClipboardGuard(clear_after_seconds=None)
    guard.copy("secret recovery words")
    clipboard.setText("the user's own shopping list")
    with qtbot.assertNotEmitted(guard.cleared):
        assert guard.clear_if_ours() is False
    assert clipboard.text() == "the user's own shopping list"
    # And having forgotten ours, a later copy of the same words by the user is not touched either.
    clipboard.setText("secret recovery words")
    assert guard.clear_if_ours() is False
    assert clipboard.text() == "secret recovery words"


def test_near_miss_text_is_not_ours(clipboard: QClipboard) -> None:
    guard = ClipboardGuard(clear_after_seconds=None)
    guard.copy("abc")
    clipboard.setText("abc ")
    assert guard.clear_if_ours() is False
    assert clipboard.text() == "abc "


def test_countdown_clears_after_timeout(qtbot, clipboard: QClipboard) -> None:  # type: ignore[no-untyped-def]
    guard = ClipboardGuard(clear_after_seconds=0.05)
    guard.copy("short-lived")
    with qtbot.waitSignal(guard.cleared, timeout=2000):
        pass
    assert clipboard.text() == ""


def test_about_to_quit_clears(qtbot, qapp: QApplication, clipboard: QClipboard) -> None:  # type: ignore[no-untyped-def]
    guard = ClipboardGuard(clear_after_seconds=None)
    guard.copy("on the way out")
    qapp.aboutToQuit.emit()
    assert clipboard.text() == ""
    guard.deleteLater()


def test_guard_keeps_no_plain_copy_of_the_text() -> None:
    guard = ClipboardGuard(clear_after_seconds=None)
    guard.copy("do-not-keep-me")
    assert all("do-not-keep-me" not in repr(v) for v in vars(guard).values())
    guard.clear_if_ours()


def test_mime_data_has_plain_text_first() -> None:
    mime = secret_mime_data("x")
    assert mime.hasText() and mime.text() == "x"
