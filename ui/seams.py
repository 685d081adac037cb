"""The one seam for message boxes and file dialogs.

Widgets take a :class:`Prompter` instead of calling ``QMessageBox`` or ``QFileDialog`` directly, so
a test hands them a :class:`ScriptedPrompter` and never blocks on a modal. :class:`QtPrompter` is
the real thing. Wording: titles are short nouns ("Export chronology"), texts are whole sentences,
and confirm buttons are verbs ("Remove mark"), never a bare Yes/No.
Thread: GUI thread only.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


@runtime_checkable
class Prompter(Protocol):
    """Everything the UI may ask the user through a modal. Thread: GUI."""

    def info(self, title: str, text: str) -> None: ...

    def warn(self, title: str, text: str) -> None: ...

    def error(self, title: str, text: str, *, details: str = "") -> None: ...

    def confirm(
        self,
        title: str,
        text: str,
        *,
        confirm_label: str = "OK",
        cancel_label: str = "Cancel",
        destructive: bool = False,
    ) -> bool: ...

    def open_file(
        self, title: str, *, directory: Path | None = None, filters: Sequence[str] = ()
    ) -> Path | None: ...

    def save_file(
        self,
        title: str,
        *,
        directory: Path | None = None,
        suggested_name: str = "",
        filters: Sequence[str] = (),
        default_suffix: str = "",
    ) -> Path | None: ...


class QtPrompter:
    """:class:`Prompter` backed by ``QMessageBox`` and ``QFileDialog``, modal over ``parent``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent

    def _box(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self._parent)
        box.setTextFormat(
            Qt.TextFormat.PlainText
        )  # names such as <Unknown> must never be read as markup
        return box

    def info(self, title: str, text: str) -> None:
        box = self._box(QMessageBox.Icon.Information, title, text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    def warn(self, title: str, text: str) -> None:
        box = self._box(QMessageBox.Icon.Warning, title, text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    def error(self, title: str, text: str, *, details: str = "") -> None:
        box = self._box(QMessageBox.Icon.Critical, title, text)
        box.addButton(QMessageBox.StandardButton.Ok)
        if details:
            box.setDetailedText(details)
        box.exec()

    def confirm(
        self,
        title: str,
        text: str,
        *,
        confirm_label: str = "OK",
        cancel_label: str = "Cancel",
        destructive: bool = False,
    ) -> bool:
        icon = QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question
        box = self._box(icon, title, text)
        yes = box.addButton(
            confirm_label,
            QMessageBox.ButtonRole.DestructiveRole
            if destructive
            else QMessageBox.ButtonRole.AcceptRole,
        )
        no = box.addButton(cancel_label, QMessageBox.ButtonRole.RejectRole)
        # Enter must never do the dangerous thing by accident.
        box.setDefaultButton(no if destructive else yes)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def open_file(
        self, title: str, *, directory: Path | None = None, filters: Sequence[str] = ()
    ) -> Path | None:
        dialog = QFileDialog(self._parent, title, str(directory or ""))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        if filters:
            dialog.setNameFilters(list(filters))
        return _chosen(dialog)

    def save_file(
        self,
        title: str,
        *,
        directory: Path | None = None,
        suggested_name: str = "",
        filters: Sequence[str] = (),
        default_suffix: str = "",
    ) -> Path | None:
        start = Path(directory) / suggested_name if directory else Path(suggested_name)
        dialog = QFileDialog(self._parent, title, str(start) if suggested_name or directory else "")
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if filters:
            dialog.setNameFilters(list(filters))
        if default_suffix:
            dialog.setDefaultSuffix(default_suffix.lstrip("."))
        return _chosen(dialog)


def _chosen(dialog: QFileDialog) -> Path | None:
    if not dialog.exec():
        return None
    files = dialog.selectedFiles()
    return Path(files[0]) if files else None


@dataclass(frozen=True)
class PromptCall:
    """One recorded prompt: which method, its title and text, and any keyword arguments."""

    kind: str
    title: str
    text: str = ""
    options: dict[str, Any] = field(default_factory=dict)


class UnscriptedPromptError(AssertionError):
    """A test reached a prompt that needs an answer it did not script."""


class ScriptedPrompter:
    """:class:`Prompter` for tests: records every call and replays scripted answers in order.

    ``info``/``warn``/``error`` need no answer. ``confirm``, ``open_file`` and ``save_file`` pop
    the next scripted answer of their kind, and fail the test loudly if none is left: a silent
    default would hide a prompt the test did not expect.
    """

    def __init__(
        self,
        *,
        confirms: Iterable[bool] = (),
        opens: Iterable[Path | None] = (),
        saves: Iterable[Path | None] = (),
    ) -> None:
        self.calls: list[PromptCall] = []
        self._confirms: deque[bool] = deque(confirms)
        self._opens: deque[Path | None] = deque(opens)
        self._saves: deque[Path | None] = deque(saves)

    # --- scripting --------------------------------------------------------------------------
    def script_confirm(self, *answers: bool) -> None:
        self._confirms.extend(answers)

    def script_open(self, *answers: Path | None) -> None:
        self._opens.extend(answers)

    def script_save(self, *answers: Path | None) -> None:
        self._saves.extend(answers)

    def kinds(self) -> list[str]:
        return [c.kind for c in self.calls]

    def unused_answers(self) -> int:
        """Answers scripted but never asked for (assert 0 at the end of a test)."""
        return len(self._confirms) + len(self._opens) + len(self._saves)

    @staticmethod
    def _pop(queue: deque[Any], call: PromptCall) -> Any:
        if not queue:
            raise UnscriptedPromptError(f"No scripted answer for {call.kind}: {call.title!r}")
        return queue.popleft()

    # --- Prompter ---------------------------------------------------------------------------
    def info(self, title: str, text: str) -> None:
        self.calls.append(PromptCall("info", title, text))

    def warn(self, title: str, text: str) -> None:
        self.calls.append(PromptCall("warn", title, text))

    def error(self, title: str, text: str, *, details: str = "") -> None:
        self.calls.append(PromptCall("error", title, text, {"details": details}))

    def confirm(
        self,
        title: str,
        text: str,
        *,
        confirm_label: str = "OK",
        cancel_label: str = "Cancel",
        destructive: bool = False,
    ) -> bool:
        call = PromptCall(
            "confirm",
            title,
            text,
            {
                "confirm_label": confirm_label,
                "cancel_label": cancel_label,
                "destructive": destructive,
            },
        )
        self.calls.append(call)
        return bool(self._pop(self._confirms, call))

    def open_file(
        self, title: str, *, directory: Path | None = None, filters: Sequence[str] = ()
    ) -> Path | None:
        call = PromptCall(
            "open_file", title, "", {"directory": directory, "filters": list(filters)}
        )
        self.calls.append(call)
        answer: Path | None = self._pop(self._opens, call)
        return answer

    def save_file(
        self,
        title: str,
        *,
        directory: Path | None = None,
        suggested_name: str = "",
        filters: Sequence[str] = (),
        default_suffix: str = "",
    ) -> Path | None:
        call = PromptCall(
            "save_file",
            title,
            "",
            {
                "directory": directory,
                "suggested_name": suggested_name,
                "filters": list(filters),
                "default_suffix": default_suffix,
            },
        )
        self.calls.append(call)
        answer: Path | None = self._pop(self._saves, call)
        return answer
