"""Open an attachment: shown inside SafeLog whenever possible, so no decrypted copy touches
the disk. Photos and scans (JPEG, PNG, TIFF, GIF, BMP, WebP), PDFs and text are shown in-app;
anything else (a HEIC photo) is written to a private temporary file only after the person
agrees, and that folder is removed when SafeLog quits. Every opening is audited by the core
(``attachment_content``). Thread: GUI only.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safelog.services.attachments import AttachmentInfo, attachment_content
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.dialogs.common import button, demo_banner, heading, hint, show_error
from ui.models.labels import file_size

IN_APP_IMAGES = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image/tiff"}
)
IN_APP = IN_APP_IMAGES | {"application/pdf", "text/plain"}
_temp_dirs: list[Path] = []


def shows_in_app(media_type: str) -> bool:
    return media_type in IN_APP


def open_attachment(
    ctx: AppContext, info: AttachmentInfo, parent: QWidget | None = None
) -> AttachmentViewerDialog | None:
    """Show ``info`` in-app (returning the viewer), or, with consent, in another program."""
    if not shows_in_app(info.media_type):
        _open_outside(ctx, info)
        return None
    try:
        data = attachment_content(ctx.session, info.attachment_id)
    except SafeLogError as exc:
        show_error(ctx, "Open attachment", exc)
        return None
    viewer = AttachmentViewerDialog(ctx, info, data, parent)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    return viewer


def _open_outside(ctx: AppContext, info: AttachmentInfo) -> None:
    if not ctx.prompter.confirm(
        "Open attachment",
        f"SafeLog cannot show {info.filename} itself. To open it in another program, SafeLog "
        "must write a decrypted copy to a private temporary folder, which is deleted when "
        "SafeLog closes. The other program may keep its own copy. Open it?",
        confirm_label="Open decrypted copy",
        cancel_label="Do not open",
    ):
        return
    try:
        data = attachment_content(ctx.session, info.attachment_id)
    except SafeLogError as exc:
        show_error(ctx, "Open attachment", exc)
        return
    folder = Path(tempfile.mkdtemp(prefix="safelog-"))  # created 0700 by mkdtemp
    _remember(folder)
    target = folder / Path(info.filename).name
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def _remember(folder: Path) -> None:
    if not _temp_dirs:
        atexit.register(remove_temporary_copies)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(remove_temporary_copies)
    _temp_dirs.append(folder)


def remove_temporary_copies() -> None:
    """Delete every decrypted copy written this session (on quit, and by the shell on lock)."""
    while _temp_dirs:
        shutil.rmtree(_temp_dirs.pop(), ignore_errors=True)


class _ImageView(QScrollArea):
    """A photo or scan, fitted to the window."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap.fromImage(image)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = self.viewport().size()
        self.label.setPixmap(
            self._pixmap.scaled(
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class AttachmentViewerDialog(QDialog):
    """An attachment's content, read-only. ``viewer`` is the widget showing it."""

    def __init__(
        self, ctx: AppContext, info: AttachmentInfo, data: bytes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(f"Attachment: {info.filename}")
        self.setAccessibleName(f"Attachment {info.filename}")
        self.resize(900, 760)
        self.viewer: QWidget
        if info.media_type == "application/pdf":
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(data))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document = QPdfDocument(self)
            self.document.load(self._buffer)
            view = QPdfView(self)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setDocument(self.document)
            self.viewer = view
        elif info.media_type == "text/plain":
            text = QPlainTextEdit(self)
            text.setReadOnly(True)
            text.setPlainText(data.decode("utf-8", errors="replace"))
            self.viewer = text
        else:
            image = QImage.fromData(data)
            if image.isNull():
                self.viewer = hint("This image could not be shown; the file may be damaged.", self)
            else:
                self.viewer = _ImageView(image, self)
        self.viewer.setAccessibleName(f"Content of {info.filename}")
        close = button("Close", "Close the attachment (Esc).", self.reject, parent=self)
        top = QHBoxLayout()
        top.addWidget(heading(info.filename, self, size=2))
        top.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            top.addWidget(banner)
        details = f"{file_size(info.size)} · concern C{info.concern_id}"
        if info.description:
            details += f" · {info.description}"
        bottom = QHBoxLayout()
        bottom.addWidget(hint("Shown inside SafeLog; no copy was written to disk.", self), 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint(details, self))
        layout.addWidget(self.viewer, 1)
        layout.addLayout(bottom)
