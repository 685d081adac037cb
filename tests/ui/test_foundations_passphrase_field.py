"""ui.widgets.passphrase_field: hidden entry, strength feedback, confirmation and wiping."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.theme import apply_theme
from ui.widgets.passphrase_field import PassphraseFieldWidget

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "ui"
NAMES = ("Oakfield Primary School", "Sam Taylor")


@pytest.fixture
def field(qtbot) -> PassphraseFieldWidget:  # type: ignore[no-untyped-def]
    widget = PassphraseFieldWidget(names=NAMES)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_text_is_never_echoed_until_asked(qtbot, field: PassphraseFieldWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(field.passphrase_edit, "kettle gravel mitten")
    assert field.passphrase() == "kettle gravel mitten"
    for edit in (field.passphrase_edit, field.confirm_edit):
        assert edit.echoMode() == QLineEdit.EchoMode.Password
        assert edit.displayText() != edit.text() or not edit.text()
        assert edit.inputMethodHints() & Qt.InputMethodHint.ImhSensitiveData
    qtbot.mouseClick(field.reveal_button, Qt.MouseButton.LeftButton)
    assert field.is_revealed()
    assert field.passphrase_edit.displayText() == "kettle gravel mitten"
    assert field.confirm_edit.echoMode() == QLineEdit.EchoMode.Normal
    assert field.reveal_button.accessibleName() == "Hide passphrase"
    qtbot.keyClick(field.reveal_button, Qt.Key.Key_Space)  # the toggle works from the keyboard
    assert not field.is_revealed()


def test_strength_bar_and_advice_follow_the_text(qtbot, field: PassphraseFieldWidget) -> None:  # type: ignore[no-untyped-def]
    assert field.strength_bar.value() == 0
    qtbot.keyClicks(field.passphrase_edit, "short")
    weak_value = field.strength_bar.value()
    assert "at least 12 characters" in field.advice_label.text()
    assert field.strength_word.text() == "Very weak"
    field.passphrase_edit.setText("kettle gravel mitten lantern harbour")
    assert field.strength_bar.value() > weak_value
    assert field.strength_word.text() == "Strong"
    assert field.advice_label.text() == "Strong passphrase."
    assert "Strong" in field.passphrase_edit.accessibleDescription()


def test_school_name_is_refused_in_the_widget_too(qtbot, field: PassphraseFieldWidget) -> None:  # type: ignore[no-untyped-def]
    field.passphrase_edit.setText("Oakfield kettle gravel mitten")
    field.confirm_edit.setText("Oakfield kettle gravel mitten")
    assert field.matches()
    assert not field.is_acceptable()
    assert "name" in field.advice_label.text()


def test_confirmation_must_match(qtbot, field: PassphraseFieldWidget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.assertNotEmitted(field.validity_changed):
        qtbot.keyClicks(field.passphrase_edit, "kettle gravel mitten")
    assert "again" in field.match_label.text()
    qtbot.keyClicks(field.confirm_edit, "kettle gravel mitte")
    assert not field.matches()
    assert field.match_label.text().startswith("✗")
    with qtbot.waitSignal(field.validity_changed, timeout=1000) as blocker:
        qtbot.keyClicks(field.confirm_edit, "n")
    assert blocker.args == [True]
    assert field.match_label.text().startswith("✓")
    assert field.is_acceptable()
    with qtbot.waitSignal(field.validity_changed, timeout=1000) as blocker:
        qtbot.keyClick(field.passphrase_edit, Qt.Key.Key_Backspace)
    assert blocker.args == [False]


def test_clear_wipes_both_fields_and_their_undo_history(
    qtbot, field: PassphraseFieldWidget
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(field.passphrase_edit, "kettle gravel mitten")
    qtbot.keyClicks(field.confirm_edit, "kettle gravel mitten")
    field.set_revealed(True)
    field.clear()
    assert field.passphrase() == "" and field.confirm_edit.text() == ""
    assert not field.passphrase_edit.isUndoAvailable()
    assert not field.confirm_edit.isUndoAvailable()
    field.passphrase_edit.undo()
    assert field.passphrase() == ""
    assert not field.is_revealed()
    assert not field.is_acceptable()


def test_keyboard_path_and_labels(qtbot, field: PassphraseFieldWidget) -> None:  # type: ignore[no-untyped-def]
    for widget in (field.passphrase_edit, field.confirm_edit, field.reveal_button):
        assert widget.accessibleName()
        assert widget.toolTip()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    buddies = {label.buddy() for label in field.findChildren(QLabel) if label.buddy()}
    assert {field.passphrase_edit, field.confirm_edit} <= buddies
    field.passphrase_edit.setFocus()
    qtbot.waitUntil(field.passphrase_edit.hasFocus)
    qtbot.keyClick(field.passphrase_edit, Qt.Key.Key_Tab)
    assert field.reveal_button.hasFocus()
    qtbot.keyClick(field.reveal_button, Qt.Key.Key_Tab)
    assert field.confirm_edit.hasFocus()


def test_screenshot_passphrase_field(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    apply_theme(qapp)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(20, 18, 20, 18)
    layout.setSpacing(18)
    for typed, confirm in (
        ("purple otters", ""),
        ("kettle gravel mitten lantern", "kettle gravel mitten lantern"),
    ):
        widget = PassphraseFieldWidget(names=NAMES)
        widget.passphrase_edit.setText(typed)
        widget.confirm_edit.setText(confirm)
        layout.addWidget(widget)
    qtbot.addWidget(page)
    page.resize(560, 10)
    page.show()
    qtbot.waitExposed(page)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(OUTPUT / "passphrase_field.png"))
    first, second = page.findChildren(PassphraseFieldWidget)
    for widget in (first, second):
        # Nothing clipped: the advice label got the height its text needs.
        label = widget.advice_label
        assert label.height() >= label.heightForWidth(label.width())
    assert not first.is_acceptable() and second.is_acceptable()
