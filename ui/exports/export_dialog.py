"""Export or print a child's record: a signed chronology (summary or full, optional date range)
or the MASH referral pack.

The dialog says in one plain sentence what will leave the vault before anything does. Export…
asks where to save (the Prompter's save dialog, with a suggested name and no default folder),
then renders, signs and saves off the GUI thread through ``ui.worker.run_in_background`` with
progress, and opens the preview of the very bytes that were signed. Preview and print… does the
same without writing a file. The core records every export in the audit log and writes files
atomically, so a failure leaves nothing half-written; errors are one sentence via the Prompter.

Only people whose role may export (DSL, deputy, head) can open it: the constructor raises the
core's ``NotPermitted``; :func:`open_export_dialog` turns that into one sentence for the person.
Thread: GUI only; the core work runs on the worker thread.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import ChildDetails, Permission
from safelog.domain.timefmt import today_london, uk_date
from safelog.services.children import child_by_id
from safelog.services.chronology import chronology
from safelog.services.exports import Export, export_chronology, export_referral_pack
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.dialogs.common import (
    MUTED,
    button,
    demo_banner,
    error_sentence,
    heading,
    hint,
    show_error,
)
from ui.exports import naming
from ui.exports.document_choice import DocumentChoiceWidget
from ui.exports.naming import ExportChoice
from ui.exports.pdf_preview import PdfPreviewDialog
from ui.worker import ProgressCallback, run_in_background

_COUNT_DELAY_MS = 200  # typing a date fires on every digit; count once it settles
_SENTENCE_STYLE = (
    "QFrame#exportSentence { background: #eef3fb; border: 1px solid #7c9cc9; border-radius: 6px; }"
)


def produce(
    ctx: AppContext, child_id: int, choice: ExportChoice, progress: ProgressCallback
) -> Export:
    """Render, sign and audit the chosen document. Thread: the worker thread."""

    def step(done: int, total: int, message: str) -> None:
        # The core reports the layout; once every page is laid out, signing is what runs.
        progress(done, total, "Signing the PDF" if 0 < total <= done else message)

    if choice.is_pack:
        return export_referral_pack(ctx.session, child_id, progress=step)
    return export_chronology(
        ctx.session,
        child_id,
        summary=choice.summary,
        date_from=choice.date_from,
        date_to=choice.date_to,
        progress=step,
    )


def open_export_dialog(
    ctx: AppContext, child_id: int, parent: QWidget | None = None
) -> ExportDialog | None:
    """Open the dialog window-modal over ``parent``; if the person's role may not export (or the
    child cannot be read), say why in one sentence and return None. Thread: GUI."""
    try:
        dialog = ExportDialog(ctx, child_id, parent)
    except SafeLogError as exc:
        ctx.prompter.error("Export or print", exc.message)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class ExportDialog(QDialog):
    """Choose a document about child ``child_id``, then export it to a file or preview it.

    ``counted`` is emitted (on the GUI thread) with the number of chronology entries each time
    the sentence is brought up to date; ``exported`` with the :class:`Export` once signed.
    Raises ``NotPermitted`` if the session's role may not export.
    """

    counted = Signal(int)
    exported = Signal(object)
    progress_after = 0.6
    """Seconds before the progress dialog appears (the worker's default; tests may lower it)."""

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        ctx.session.require(Permission.EXPORT)
        self.child: ChildDetails = child_by_id(ctx.session, child_id)
        super().__init__(parent)
        self.ctx = ctx
        self.child_id = child_id
        self.entry_count: int | None = None
        self.last_preview: PdfPreviewDialog | None = None
        self.last_saved: Path | None = None
        self._busy = False
        self._generation = 0  # a newer choice makes any count still running stale
        name = self.child.display_name
        self.setWindowTitle(f"Export or print: {name}")
        self.setAccessibleName(f"Export or print {name}'s record")
        self.setMinimumWidth(660)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(_COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(self._header())
        self.choice_box = DocumentChoiceWidget(self)
        self.choice_box.changed.connect(self._on_choice_changed)
        layout.addWidget(self.choice_box)
        layout.addWidget(self._sentence_frame())
        layout.addLayout(self._buttons())

        ctx.events.records_changed.connect(self._on_records_changed)
        self._on_choice_changed()
        self._count_timer.stop()
        self._count()  # the first count at once: the sentence should not start empty for long

    # --- building -------------------------------------------------------------------------
    def _header(self) -> QVBoxLayout:
        c = self.child
        title = heading(f"Export or print {c.display_name}'s record", self, size=3)
        title.setAccessibleName("Whose record")
        row = QHBoxLayout()
        row.addWidget(title, 1)
        banner = demo_banner(self.ctx, self)
        if banner is not None:
            row.addWidget(banner)
        parts = [f"UPN {c.upn}", f"born {uk_date(c.dob)}"]
        parts += [p for p in (c.year_group, f"form {c.form}" if c.form else None) if p]
        if c.display_name != c.legal_name:
            parts.insert(0, f"Legal name {c.legal_name}")
        details = hint("  ·  ".join(parts), self)
        details.setAccessibleName("Child's details")
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(details)
        return box

    def _sentence_frame(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("exportSentence")
        frame.setStyleSheet(_SENTENCE_STYLE)
        frame.setAccessibleName("What will leave the vault")
        self.sentence_label = QLabel(frame)
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setTextFormat(Qt.TextFormat.RichText)
        self.sentence_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.sentence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for the longest sentence (the referral pack's), so the dialog never has to grow
        # and squeeze the choices above when the sentence changes.
        self.sentence_label.setMinimumHeight(self.sentence_label.fontMetrics().lineSpacing() * 4)
        audit = QLabel(
            "Every export and every print is recorded in the audit log with the file's "
            "SHA-256 fingerprint.",
            frame,
        )
        audit.setWordWrap(True)
        audit.setStyleSheet(MUTED)
        audit.setAccessibleName("Audit note")
        box = QVBoxLayout(frame)
        box.setContentsMargins(12, 10, 12, 10)
        box.setSpacing(6)
        box.addWidget(self.sentence_label)
        box.addWidget(audit)
        return frame

    def _buttons(self) -> QHBoxLayout:
        self.preview_button = button(
            "&Preview and print…",
            "Create the signed PDF and look at it, print it or save a copy, without saving a "
            "file first.",
            self.preview,
            shortcut="Ctrl+P",
            parent=self,
        )
        self.export_button = button(
            "&Export…",
            "Create the signed PDF and choose where to save it.",
            self.export_to_file,
            shortcut="Ctrl+S",
            parent=self,
        )
        self.export_button.setDefault(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        closer = close.button(QDialogButtonBox.StandardButton.Close)
        closer.setToolTip("Close without creating anything (Escape).")
        closer.setAccessibleName("Close")
        closer.setAutoDefault(False)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.preview_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(close)
        return row

    # --- state ----------------------------------------------------------------------------
    def choice(self) -> ExportChoice:
        return self.choice_box.choice()

    def range_problem(self) -> str | None:
        return self.choice().range_problem()

    def sentence(self) -> str:
        """What will leave the vault, in plain words (the label shows it with emphasis)."""
        html_text = self.sentence_label.text()
        return naming.plain_text(QTextDocumentFragment.fromHtml(html_text).toPlainText())

    def _set_sentence(self, text: str) -> None:
        self.sentence_label.setText(text)
        self.sentence_label.setAccessibleDescription(self.sentence())

    def _on_choice_changed(self) -> None:
        problem = self.range_problem()
        if problem:
            self._generation += 1  # any count still running is for an older choice
            self._count_timer.stop()
            self.entry_count = None
            self._set_sentence(f"<b>{html.escape(problem)}</b>")
        else:
            self._set_sentence("Counting the entries…")
            self._count_timer.start()
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = not self._busy and self.range_problem() is None
        self.export_button.setEnabled(ready)
        self.preview_button.setEnabled(ready)

    def _on_records_changed(self, _what: str) -> None:
        if self.range_problem() is None:
            self._count_timer.start()

    # --- counting (worker thread) ---------------------------------------------------------
    def _count(self) -> None:
        self._generation += 1
        generation = self._generation
        choice = self.choice()
        session, child_id = self.ctx.session, self.child_id

        def work(_progress: ProgressCallback) -> int:
            # Unaudited: the file is already open (that read was audited); the export is too.
            return len(
                chronology(
                    session,
                    child_id,
                    summary=choice.summary or choice.is_pack,
                    date_from=choice.date_from,
                    date_to=choice.date_to,
                    audit=False,
                )
            )

        run_in_background(
            self,
            work,
            on_success=lambda n: self._counted(generation, choice, n),
            on_error=lambda exc: self._count_failed(generation, exc),
            label="Counting the entries",
            show_progress_after=5.0,
        )

    def _counted(self, generation: int, choice: ExportChoice, n: int) -> None:
        if generation != self._generation:
            return
        self.entry_count = n
        self._set_sentence(naming.what_leaves_html(choice, self.child.display_name, n))
        self.counted.emit(n)

    def _count_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._set_sentence(html.escape(error_sentence(exc)))

    # --- exporting ------------------------------------------------------------------------
    def export_to_file(self) -> None:
        """Ask where to save, then create, sign and save the document, and preview it."""
        if self._busy or self.range_problem():
            return
        choice = self.choice()
        path = self.ctx.prompter.save_file(
            f"Export {naming.phrase_for(choice.kind)}",
            suggested_name=naming.suggested_file_name(choice.kind, self.child.upn, today_london()),
            filters=naming.PDF_FILTERS,
            default_suffix="pdf",
        )
        if path is None:
            return
        self._start(choice, path.with_name(naming.with_pdf_suffix(path.name)))

    def preview(self) -> None:
        """Create and sign the document without saving it, and open the preview to print."""
        if self._busy or self.range_problem():
            return
        self._start(self.choice(), None)

    def _start(self, choice: ExportChoice, path: Path | None) -> None:
        ctx, child_id = self.ctx, self.child_id

        def work(progress: ProgressCallback) -> Export:
            made = produce(ctx, child_id, choice, progress)
            if path is not None:
                made.save(path)  # atomic: a failure leaves no partial file behind
            return made

        self._busy = True
        self._update_buttons()
        title = naming.phrase_for(choice.kind)
        run_in_background(
            self,
            work,
            on_success=lambda made: self._finished(made, path),
            on_error=lambda exc: self._failed(title, exc),
            label=f"Creating the signed {title}",
            show_progress_after=self.progress_after,
        )

    def _finished(self, made: Export, path: Path | None) -> None:
        self._busy = False
        self._update_buttons()
        self.last_saved = path
        if path is not None:
            what = naming.phrase_for(made.kind)
            self.ctx.events.status_message.emit(f"Signed {what} saved as {path.name}.")
        self.exported.emit(made)
        preview = PdfPreviewDialog(
            self.ctx,
            made,
            self,
            saved_to=path,
            suggested_name=naming.suggested_file_name(made.kind, self.child.upn, today_london()),
        )
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_preview = preview
        preview.destroyed.connect(self._preview_gone)
        preview.open()

    def _preview_gone(self, *_args: object) -> None:
        self.last_preview = None

    def _failed(self, title: str, exc: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        show_error(self.ctx, f"Export {title}", exc)
