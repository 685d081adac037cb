"""Printing the very bytes that were signed: choose a printer, then paint each page of the PDF.

Two parts, so tests can skip the modal. :data:`PrinterChooser` is the seam: the real one,
:func:`ask_for_printer`, runs ``QPrintDialog``; a test hands in a function that returns a
``QPrinter`` writing to a PDF file. :func:`print_pdf_bytes` then loads the signed bytes into its
own ``QPdfDocument`` and paints every chosen page, rendered at the printer's resolution (capped,
see :data:`MAX_RENDER_DPI`), onto the printer. Nothing is re-rendered from the record.

Threads: :func:`ask_for_printer` on the GUI thread. :func:`print_pdf_bytes` is meant for the
background thread of ``ui.worker.run_in_background``: Qt allows a ``QPainter`` on a ``QPrinter``
outside the GUI thread, and the ``QPdfDocument`` it makes is created, used and dropped there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from ui.worker import ProgressCallback

# A page rendered at a 1,200 dpi printer's full resolution is a 550 MB image; 300 dpi is print
# quality for text and keeps one page near 35 MB.
MAX_RENDER_DPI = 300


class PrintFailed(Exception):
    """The printer or the file could not be used; ``message`` is one sentence to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PrintRequest:
    """What the printer chooser needs to know about the document (pages are 0-based)."""

    title: str
    page_count: int
    current_page: int
    page_size_points: QSizeF


PrinterChooser = Callable[[QWidget, PrintRequest], "QPrinter | None"]
"""``(parent, request) -> configured QPrinter``, or ``None`` when the person cancels. GUI thread."""


def ask_for_printer(parent: QWidget, request: PrintRequest) -> QPrinter | None:
    """The system print dialog, set up for this document's pages and paper size. GUI thread."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(request.title)
    if request.page_size_points.isValid():
        # Start on the paper the PDF was laid out for (A4); the person may still change it.
        printer.setPageSize(
            QPageSize(
                request.page_size_points,
                QPageSize.Unit.Point,
                "",
                QPageSize.SizeMatchPolicy.FuzzyMatch,
            )
        )
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {request.title}")
    dialog.setAccessibleName(f"Print {request.title}")
    dialog.setMinMax(1, max(1, request.page_count))
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOption(option.PrintPageRange, True)
    dialog.setOption(option.PrintCurrentPage, True)
    dialog.setOption(option.PrintSelection, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def pages_to_print(printer: QPrinter, request: PrintRequest) -> list[int]:
    """The 0-based pages the person chose in the print dialog (all of them unless limited)."""
    count = request.page_count
    chosen = printer.printRange()
    if chosen == QPrinter.PrintRange.CurrentPage:
        return [min(max(request.current_page, 0), count - 1)] if count else []
    if chosen == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or count, count)
        return list(range(first - 1, last))
    return list(range(count))


def printer_label(printer: QPrinter) -> str:
    """Which printer, in words, for the audit event and the status bar."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        name = Path(printer.outputFileName()).name if printer.outputFileName() else ""
        return f"PDF file {name}".strip()
    return printer.printerName() or "the default printer"


def print_pdf_bytes(
    data: bytes, printer: QPrinter, pages: list[int], progress: ProgressCallback
) -> int:
    """Paint ``pages`` of the PDF in ``data`` onto ``printer``; returns the sheets sent.

    Each page is scaled to the paper, keeping its proportions and centred, so an A4 document
    prints at its own size on A4. When the printer cannot make copies itself, the copies are
    painted here. A :class:`~ui.worker.Cancelled` raised by ``progress`` aborts the print job
    before it reaches the printer and propagates. Raises :class:`PrintFailed` in one sentence
    when the file or the printer cannot be used. Thread: any (the background thread in the app).
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(None)
    try:
        # A QBuffer is random access, so QPdfDocument loads it synchronously, here.
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready:
            raise PrintFailed("The signed file could not be opened for printing.")
        pages = [p for p in pages if 0 <= p < document.pageCount()]
        if not pages:
            raise PrintFailed("There are no pages to print in the range chosen.")
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        return _paint(document, printer, pages, copies, progress)
    finally:
        document.close()
        buffer.close()
        buffer.setData(QByteArray())


def _paint(
    document: QPdfDocument,
    printer: QPrinter,
    pages: list[int],
    copies: int,
    progress: ProgressCallback,
) -> int:
    # The PDF carries its own margins; painting on the whole sheet keeps them as laid out.
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(
            "The printer could not be started: check that it is switched on and try again."
        )
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    sheet = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
    total = len(pages) * copies
    sent = 0
    try:
        for _copy in range(copies):
            for index in pages:
                progress(sent, total, f"Printing page {index + 1} of {document.pageCount()}")
                if sent and not printer.newPage():
                    raise PrintFailed("The printer stopped part way: nothing more was sent.")
                size = document.pagePointSize(index)
                pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
                image = document.render(index, pixels)
                if image.isNull():
                    raise PrintFailed(f"Page {index + 1} of the signed file could not be drawn.")
                painter.drawImage(_fit(size, sheet), image)
                sent += 1
        progress(sent, total, "Sending to the printer")
    except BaseException:
        # Nothing half-printed: an aborted job is thrown away rather than sent.
        printer.abort()
        raise
    finally:
        painter.end()
    return sent


def _fit(page: QSizeF, sheet: QRectF) -> QRectF:
    """``page`` scaled to fit ``sheet`` without distortion, centred on it."""
    if page.width() <= 0 or page.height() <= 0:
        return sheet
    scale = min(sheet.width() / page.width(), sheet.height() / page.height())
    width, height = page.width() * scale, page.height() * scale
    return QRectF(
        sheet.x() + (sheet.width() - width) / 2,
        sheet.y() + (sheet.height() - height) / 2,
        width,
        height,
    )
