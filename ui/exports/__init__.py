"""Signed exports in the desktop app: the export dialog (chronology or MASH referral pack) and the
preview of the very bytes that were signed, with printing and Save a copy.

Open it with :func:`open_export_dialog` (says in one sentence why not, for a role that may not
export). Thread: GUI only.
"""

from __future__ import annotations

from ui.exports.export_dialog import ExportChoice, ExportDialog, open_export_dialog
from ui.exports.pdf_preview import PdfPreviewDialog, PrintOutcome

__all__ = [
    "ExportChoice",
    "ExportDialog",
    "PdfPreviewDialog",
    "PrintOutcome",
    "open_export_dialog",
]
