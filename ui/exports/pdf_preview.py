"""Preview, print and save the very bytes that were signed: nothing is re-rendered from the record.

The dialog loads ``Export.pdf`` into a ``QPdfDocument`` through a ``QBuffer`` and shows it in a
``QPdfView`` (page navigation, zoom, "Page X of Y"). Above it, a banner gives the signature check
of those same bytes (``verify_pdf`` against the vault's own certificate, run off the GUI thread).
Print… (Ctrl+P) asks for a printer through an injectable :data:`~ui.exports.printing.PrinterChooser`
(the real one is ``QPrintDialog``), paints the pages on the worker thread and then records the
print with ``record_printed`` (an audit event naming the file's SHA-256). Save a copy… writes the
same bytes through the Prompter's save dialog (atomic, owner-only). Printing and saving wait for
a passing signature check. Closing the dialog drops the bytes and the document.
Thread: GUI only; verification and printing run on the worker thread.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSizeF, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.timefmt import LONDON, now_utc, today_london
from safelog.export.verification import PdfVerification, verify_pdf
from safelog.services.children import child_by_id
from safelog.services.exports import Export, certificate, record_printed
from ui.context import AppContext
from ui.dialogs.common import MUTED, button, demo_banner, error_sentence, heading, show_error
from ui.exports import naming
from ui.exports.pdf_toolbar import PdfNavigationWidget
from ui.exports.printing import (
    PrinterChooser,
    PrintRequest,
    ask_for_printer,
    pages_to_print,
    print_pdf_bytes,
    printer_label,
)
from ui.exports.signature_banner import SignatureBannerWidget
from ui.worker import ProgressCallback, run_in_background


@dataclass(frozen=True)
class PrintOutcome:
    """What was sent and recorded: ``sheets`` painted, ``copies`` asked for, on ``printer``."""

    sheets: int
    copies: int
    printer: str


class PdfPreviewDialog(QDialog):
    """The signed PDF of ``export``, with its signature check, Print… and Save a copy….

    ``saved_to`` is where the export dialog saved it (None for preview only); ``suggested_name``
    is offered by Save a copy…; ``choose_printer`` is the printer seam (tests pass one that
    returns a PDF-file ``QPrinter``). ``verified`` is emitted with the ``PdfVerification``;
    ``printed`` with a :class:`PrintOutcome` once the print is recorded.
    """

    verified = Signal(object)
    printed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        export: Export,
        parent: QWidget | None = None,
        *,
        saved_to: Path | None = None,
        suggested_name: str | None = None,
        choose_printer: PrinterChooser = ask_for_printer,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.export: Export | None = export
        self.verification: PdfVerification | None = None
        self._choose_printer = choose_printer
        self._printing = False
        self._printer: QPrinter | None = None  # kept alive until its job is done
        self._suggested = suggested_name or self._default_name(export)
        # The fingerprint of the bytes actually shown; printing needs it to match the one the
        # core recorded for the export, so the audit event names what really went to paper.
        self.digest = hashlib.sha256(export.pdf).hexdigest()
        title = naming.phrase_for(export.kind)
        self._title = export.pages_note or naming.title_for(export.kind)
        self.setWindowTitle(f"Preview: {self._title}")
        self.setAccessibleName(f"Preview of the signed {title}")
        self.resize(980, 860)

        # The document reads from its own buffer: these are the bytes that were signed.
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(export.pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        self.view = QPdfView(self)
        self.view.setAccessibleName(f"Pages of the {title}")
        self.view.setToolTip("The signed PDF itself. Scroll, or use the page and zoom controls.")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.document)
        self.view.setStyleSheet("QPdfView { background: #d9e0e7; }")
        self.navigation = PdfNavigationWidget(self.view, self)

        self.banner = SignatureBannerWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(self._header())
        layout.addWidget(self.banner)
        layout.addLayout(self._toolbar())
        layout.addWidget(self.view, 1)
        layout.addLayout(self._footer(saved_to))
        self._update_buttons()
        self._verify()

    # --- building -------------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        self.title_label = heading(self._title, self, size=3)
        self.title_label.setAccessibleName("Document")
        pages = self.document.pageCount()
        self.pages_label = QLabel(f"Signed PDF · {pages} page{'s' if pages != 1 else ''}", self)
        self.pages_label.setStyleSheet(MUTED)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.title_label)
        row.addWidget(self.pages_label)
        row.addStretch(1)
        banner = demo_banner(self.ctx, self)
        if banner is not None:
            row.addWidget(banner)
        return row

    def _toolbar(self) -> QHBoxLayout:
        self.save_button = button(
            "Save a &copy…",
            "Save these very bytes, signature and all, as a PDF file.",
            self.save_copy,
            shortcut="Ctrl+Shift+S",
            parent=self,
        )
        self.print_button = button(
            "&Print…",
            "Print these pages; the print is recorded in the audit log.",
            self.print_document,
            shortcut="Ctrl+P",
            parent=self,
        )
        self.print_button.setDefault(True)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.navigation)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        return row

    def _footer(self, saved_to: Path | None) -> QHBoxLayout:
        assert self.export is not None
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setAccessibleName("Where the file is")
        self.note_label.setText(
            f"Saved as {saved_to}."
            if saved_to is not None
            else "Not saved to disk: use Save a copy… to keep it, or print it from here."
        )
        self.digest_label = QLabel(f"SHA-256 {self.digest}", self)
        self.digest_label.setStyleSheet(MUTED)
        self.digest_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.digest_label.setAccessibleName("SHA-256 fingerprint of the file")
        self.digest_label.setToolTip(
            "The file's fingerprint, as recorded in the audit log for this export and any print."
        )
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.note_label)
        text.addWidget(self.digest_label)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        closer = close.button(QDialogButtonBox.StandardButton.Close)
        closer.setToolTip("Close the preview; the PDF is dropped from memory (Escape).")
        closer.setAccessibleName("Close preview")
        closer.setAutoDefault(False)
        row = QHBoxLayout()
        row.addLayout(text, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignBottom)
        return row

    def _default_name(self, export: Export) -> str:
        upn = child_by_id(self.ctx.session, export.child_id).upn
        return naming.suggested_file_name(export.kind, upn, today_london())

    # --- state ----------------------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount()

    def _ready(self) -> bool:
        return (
            self.export is not None
            and not self._printing
            and self.verification is not None
            and self.verification.ok
            and self.digest == self.export.sha256
        )

    def _update_buttons(self) -> None:
        ready = self._ready()
        for widget in (self.print_button, self.save_button):
            widget.setEnabled(ready)

    # --- verification (worker thread) -----------------------------------------------------
    def _verify(self) -> None:
        assert self.export is not None
        data, session = self.export.pdf, self.ctx.session

        def work(_progress: ProgressCallback) -> PdfVerification:
            # Checked against the vault's own certificate, so "signed by this vault" is proved,
            # not just claimed by the file.
            return verify_pdf(data, trusted_cert_pem=certificate(session))

        run_in_background(
            self,
            work,
            on_success=self._verified,
            on_error=self._verify_failed,
            label="Checking the signature",
            show_progress_after=5.0,
        )

    def _verified(self, result: PdfVerification) -> None:
        self.verification = result
        if self.export is not None and self.digest != self.export.sha256:
            self.banner.show_failure(
                "These bytes are not the ones SafeLog signed and recorded for this export."
            )
        else:
            self.banner.show_result(result)
        self._update_buttons()
        self.verified.emit(result)

    def _verify_failed(self, exc: BaseException) -> None:
        self.banner.show_failure(error_sentence(exc))
        self._update_buttons()

    # --- printing -------------------------------------------------------------------------
    def print_document(self) -> None:
        """Choose a printer, print the chosen pages off the GUI thread, then record the print."""
        if not self._ready():
            return
        export = self.export
        assert export is not None
        request = PrintRequest(
            title=self._title,
            page_count=self.page_count(),
            current_page=self.navigation.current_page(),
            page_size_points=self.document.pagePointSize(0) if self.page_count() else QSizeF(),
        )
        printer = self._choose_printer(self, request)
        if printer is None:
            return
        pages = pages_to_print(printer, request)
        copies = max(1, printer.copyCount())
        where = printer_label(printer)
        data, session = export.pdf, self.ctx.session

        def work(progress: ProgressCallback) -> PrintOutcome:
            sheets = print_pdf_bytes(data, printer, pages, progress)
            # Only once the job has gone: a print that failed is not recorded as made.
            record_printed(session, export, copies=copies, printer=where)
            return PrintOutcome(sheets, copies, where)

        self._printing = True
        self._update_buttons()
        self._printer = printer
        run_in_background(
            self,
            work,
            on_success=self._printed,
            on_error=self._print_failed,
            label=f"Printing the {naming.phrase_for(export.kind)}",
        )

    def _printed(self, outcome: PrintOutcome) -> None:
        self._printing = False
        self._printer = None
        self._update_buttons()
        at = now_utc().astimezone(LONDON).strftime("%H:%M")
        pages = f"{outcome.sheets} page{'s' if outcome.sheets != 1 else ''}"
        message = f"Printed {pages} to {outcome.printer} at {at}; the print is in the audit log."
        self.note_label.setText(message)
        self.ctx.events.status_message.emit(message)
        self.printed.emit(outcome)

    def _print_failed(self, exc: BaseException) -> None:
        self._printing = False
        self._printer = None
        self._update_buttons()
        show_error(self.ctx, "Print", exc)

    # --- saving ---------------------------------------------------------------------------
    def save_copy(self) -> None:
        """Save the signed bytes where the person chooses (atomic, readable only by them)."""
        if not self._ready():
            return
        assert self.export is not None
        path = self.ctx.prompter.save_file(
            "Save a copy of the signed PDF",
            suggested_name=self._suggested,
            filters=naming.PDF_FILTERS,
            default_suffix="pdf",
        )
        if path is None:
            return
        path = path.with_name(naming.with_pdf_suffix(path.name))
        try:
            self.export.save(path)
        except Exception as exc:  # one sentence, and the dialog stays open to try elsewhere
            show_error(self.ctx, "Save a copy", exc)
            return
        self.note_label.setText(f"Saved as {path}.")
        self.ctx.events.status_message.emit(f"Signed PDF saved as {path.name}.")

    # --- closing --------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Close, and drop the bytes: the document, its buffer and the Export itself."""
        self.release()
        super().done(result)

    def release(self) -> None:
        self.document.close()  # the view keeps the (now empty) document: nothing left to show
        self.buffer.close()
        self.buffer.setData(QByteArray())
        self.export = None
        self.verification = None
        self._update_buttons()
