"""ui.seams: the scripted prompter for tests, and the Qt prompter driven without blocking."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from ui.seams import Prompter, QtPrompter, ScriptedPrompter, UnscriptedPromptError


def test_both_prompters_satisfy_the_protocol() -> None:
    assert isinstance(ScriptedPrompter(), Prompter)
    assert isinstance(QtPrompter(), Prompter)


def test_scripted_prompter_records_calls_and_replays_answers(tmp_path: Path) -> None:
    prompter = ScriptedPrompter(confirms=[True, False], saves=[tmp_path / "out.pdf"])
    prompter.info("Export chronology", "The chronology was saved.")
    prompter.warn("Review due", "Two reviews are overdue.")
    prompter.error("Vault damaged", "The vault could not be read.", details="page 7")
    assert (
        prompter.confirm(
            "Remove mark", "Remove mark 2?", confirm_label="Remove mark", destructive=True
        )
        is True
    )
    assert prompter.confirm("Leave", "Leave without saving?") is False
    assert (
        prompter.save_file("Export", suggested_name="chronology.pdf", filters=["PDF files (*.pdf)"])
        == tmp_path / "out.pdf"
    )
    assert prompter.kinds() == ["info", "warn", "error", "confirm", "confirm", "save_file"]
    assert prompter.calls[2].options == {"details": "page 7"}
    assert prompter.calls[3].options["destructive"] is True
    assert prompter.calls[5].options["suggested_name"] == "chronology.pdf"
    assert prompter.unused_answers() == 0


def test_scripted_prompter_fails_loudly_on_an_unscripted_question() -> None:
    prompter = ScriptedPrompter()
    with pytest.raises(UnscriptedPromptError, match="Delete everything"):
        prompter.confirm("Delete everything", "Really?")
    with pytest.raises(UnscriptedPromptError):
        prompter.open_file("Import pupils")
    prompter.script_open(None)
    assert prompter.open_file("Import pupils") is None


def _answer_modal(action: Callable[[QWidget], None]) -> list[QWidget]:
    """Act on the next modal once it is up; record it so the test can check what appeared."""
    seen: list[QWidget] = []

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or not modal.isVisible():
            QTimer.singleShot(10, poll)
            return
        seen.append(modal)
        action(modal)

    QTimer.singleShot(0, poll)
    return seen


def _click(label: str) -> Callable[[QWidget], None]:
    def click(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        for button in modal.buttons():
            if button.text() == label:
                button.click()
                return
        raise AssertionError(f"no button {label!r} in {[b.text() for b in modal.buttons()]}")

    return click


def test_qt_confirm_uses_verb_labels_and_safe_default(qapp: QApplication) -> None:
    parent = QWidget()
    prompter = QtPrompter(parent)
    defaults: list[str] = []

    def inspect_then_cancel(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        default = modal.defaultButton()
        defaults.append(default.text() if default is not None else "")
        _click("Keep mark")(modal)

    seen = _answer_modal(inspect_then_cancel)
    result = prompter.confirm(
        "Remove mark",
        "Remove mark 3 from the body map?",
        confirm_label="Remove mark",
        cancel_label="Keep mark",
        destructive=True,
    )
    assert result is False
    assert defaults == ["Keep mark"]  # Enter must not remove
    assert isinstance(seen[0], QMessageBox) and seen[0].windowTitle() == "Remove mark"

    _answer_modal(_click("Remove mark"))
    assert (
        prompter.confirm(
            "Remove mark",
            "Remove mark 3?",
            confirm_label="Remove mark",
            cancel_label="Keep mark",
            destructive=True,
        )
        is True
    )


def test_qt_error_treats_text_as_plain(qapp: QApplication) -> None:
    seen = _answer_modal(_click("OK"))
    QtPrompter().error("Import", "Row 3: <b>name</b> is missing.")
    box = seen[0]
    assert isinstance(box, QMessageBox)
    assert box.textFormat().name == "PlainText"
    assert box.icon() == QMessageBox.Icon.Critical


def test_qt_save_file_returns_the_chosen_path(qapp: QApplication, tmp_path: Path) -> None:
    target = tmp_path / "chronology"

    def choose(modal: QWidget) -> None:
        assert isinstance(modal, QFileDialog)
        modal.selectFile(str(target))
        modal.accept()

    _answer_modal(choose)
    chosen = QtPrompter().save_file(
        "Export chronology",
        directory=tmp_path,
        suggested_name="chronology.pdf",
        filters=["PDF files (*.pdf)"],
        default_suffix="pdf",
    )
    assert chosen is not None
    assert chosen.parent == tmp_path
    assert chosen.name == "chronology.pdf"  # the default suffix was added


def test_qt_open_file_cancel_returns_none(qapp: QApplication, tmp_path: Path) -> None:
    _answer_modal(lambda modal: modal.reject())  # type: ignore[attr-defined]
    assert (
        QtPrompter().open_file("Import pupils", directory=tmp_path, filters=["CSV files (*.csv)"])
        is None
    )
