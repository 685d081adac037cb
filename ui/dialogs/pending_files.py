"""Files chosen to attach to a concern that is not saved yet (scans, photos, PDFs).

Only paths are held here; the bytes are read and stored encrypted by ``attach_file`` in the
same user action that saves the concern. Each file is checked as it is added (exists, not
empty, not over 50 MB, a type the vault accepts) so the save does not fail half-way.
Thread: GUI only.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safelog.services.attachments import ALLOWED, MAX_BYTES
from safelog.store.errors import InvalidInput
from ui.context import AppContext
from ui.dialogs.common import button, hint, show_error
from ui.models.labels import file_size

FILE_FILTERS = (
    "Scans, photos and PDFs (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.heic *.gif *.bmp *.webp "
    "*.txt)",
    "All files (*)",
)
DELETE_ADVICE = (
    "SafeLog keeps an encrypted copy inside the vault when you save. Afterwards, delete the "
    "original from Downloads (and empty the bin) so no readable copy stays on this computer."
)


def check_file(path: Path) -> int:
    """The file's size if the vault will accept it; otherwise :class:`InvalidInput` with one
    sentence (the same rules as ``attach_bytes``)."""
    try:
        size = path.stat().st_size
    except OSError:
        raise InvalidInput(f"{path.name} is no longer at {path.parent}; add it again.") from None
    if not path.is_file():
        raise InvalidInput(f"{path.name} is a folder, not a file.")
    if size == 0:
        raise InvalidInput(f"{path.name} is empty.")
    if size > MAX_BYTES:
        raise InvalidInput(f"{path.name} is larger than 50 MB; attach a smaller scan or photo.")
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media not in ALLOWED:
        raise InvalidInput(f"{path.name} is not a scan, photo, PDF or text file.")
    return size


class PendingFilesWidget(QWidget):
    """A list of files to attach, with Add and Remove. ``changed`` fires on either."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list = QListWidget(self)
        self.list.setAccessibleName("Files to attach")
        self.list.setToolTip("These files are stored encrypted with the concern when you save.")
        self.list.setMaximumHeight(110)
        self.add_button = button(
            "&Add file…",
            "Choose a scan, photo, PDF or text file to attach.",
            self.add_file,
            parent=self,
        )
        self.remove_button = button(
            "Remove fi&le", "Do not attach the selected file.", self.remove_selected, parent=self
        )
        self.remove_button.setEnabled(False)
        self.list.currentRowChanged.connect(lambda row: self.remove_button.setEnabled(row >= 0))
        self.advice = hint(DELETE_ADVICE, self)

        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.advice)

    def paths(self) -> list[Path]:
        return [
            Path(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def set_paths(self, paths: list[Path]) -> None:
        """Restore a draft's files; a file that has gone is still listed, marked as missing."""
        self.list.clear()
        for path in paths:
            try:
                note = file_size(check_file(path))
            except InvalidInput as exc:
                note = exc.message
            self._append(path, note)

    def add_file(self) -> None:
        path = self.ctx.prompter.open_file("Attach a file", filters=FILE_FILTERS)
        if path is None:
            return
        path = Path(path)
        if path in self.paths():
            return
        try:
            size = check_file(path)
        except InvalidInput as exc:
            show_error(self.ctx, "Attach a file", exc)
            return
        self._append(path, file_size(size))
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    def check_all(self) -> None:
        """Raise :class:`InvalidInput` for the first file that can no longer be attached."""
        for path in self.paths():
            check_file(path)

    def _append(self, path: Path, note: str) -> None:
        item = QListWidgetItem(f"{path.name} ({note})")
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        self.list.addItem(item)
