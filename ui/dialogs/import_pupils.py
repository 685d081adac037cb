"""Import pupils from the school's MIS: choose a CSV, check every row, then save all or nothing.

The file is read and checked on the worker thread (``parse_pupils_csv``). The preview shows which
column each field was read from, the pupils exactly as they will be saved, and every bad row with
its line number and reason. Import stays disabled while any row has a problem, so nothing is
ever half-imported; the import itself runs on the worker with progress and ends with the core's
summary sentence. Thread: GUI only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.pupil_csv import PupilImport, parse_pupils_csv
from safelog.domain.records import Permission
from safelog.services.children import ImportSummary, import_pupils
from ui.context import AppContext
from ui.dialogs.common import button, demo_banner, heading, hint, show_error
from ui.models.base import ListTableModel
from ui.models.import_tables import (
    ColumnMappingTableModel,
    ImportErrorsTableModel,
    PupilPreviewTableModel,
    mapping_rows,
)
from ui.theme import COLOURS
from ui.worker import ProgressCallback, run_in_background

CSV_FILTERS = ("CSV files (*.csv *.txt)", "All files (*)")
NOTHING_UNTIL_FIXED = "Nothing will be imported until these rows are fixed."
_ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _table(model: ListTableModel, name: str, tip: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setToolTip(tip)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class ImportPupilsDialog(QDialog):
    """Choose, check and import a pupil CSV. ``parsed`` holds the last check's result."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parsed: PupilImport | None = None
        self.path: Path | None = None
        self.summary: ImportSummary | None = None
        self._busy = False
        self.setWindowTitle("Import pupils")
        self.setAccessibleName("Import pupils")
        self.resize(1080, 680)

        self.choose_button = button(
            "&Choose CSV file…",
            "Pick the pupil list exported from SIMS, Arbor or Bromcom.",
            self.choose_file,
            shortcut=QKeySequence.StandardKey.Open,
            parent=self,
        )
        self.file_label = QLabel("No file chosen yet.", self)
        self.file_label.setAccessibleName("Chosen file")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName("Import check result")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.hide()

        self.mapping_model = ColumnMappingTableModel(self)
        self.preview_model = PupilPreviewTableModel(self)
        self.errors_model = ImportErrorsTableModel(self)
        self.mapping_view = _table(
            self.mapping_model,
            "Columns read from the file",
            "Which column of your file each SafeLog field is read from.",
            self,
        )
        self.preview_view = _table(
            self.preview_model,
            "Pupils as they will be saved",
            "Each pupil exactly as SafeLog will save them, with the line of the file.",
            self,
        )
        self.errors_view = _table(
            self.errors_model,
            "Rows with problems",
            "Every row that stops the import, with its line number in the file.",
            self,
        )
        for view, widths in (
            (self.mapping_view, (150, 150)),
            (self.preview_view, (50, 120, 120, 120, 120, 95, 70, 55)),
            (self.errors_view, (50, 120)),
        ):
            for column, width in enumerate(widths):
                view.horizontalHeader().resizeSection(column, width)
        # Every reason must be readable in full, so problem rows wrap and grow to fit.
        self.errors_view.setWordWrap(True)
        self.errors_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )

        self.mapping_box = QGroupBox("Columns", self)
        box = QVBoxLayout(self.mapping_box)
        box.addWidget(self.mapping_view)
        self.errors_box = QGroupBox("Rows with problems", self)
        self.errors_box.setStyleSheet(f"QGroupBox {{ color: {COLOURS.bad}; }}")
        box = QVBoxLayout(self.errors_box)
        box.addWidget(self.errors_view)
        self.preview_box = QGroupBox("Pupils as they will be saved", self)
        box = QVBoxLayout(self.preview_box)
        box.addWidget(self.preview_view)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.errors_box)
        right.addWidget(self.preview_box)
        right.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.mapping_box)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([445, 635])
        self.splitter.setChildrenCollapsible(False)
        self.errors_box.hide()

        self.result_label = QLabel(self)
        self.result_label.setAccessibleName("Import result")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet(f"color: {COLOURS.good}; font-weight: 600;")
        self.result_label.hide()

        self.import_button = button(
            "&Import",
            "Save every pupil in the preview, all at once.",
            self.start_import,
            shortcut="Ctrl+Return",
            parent=self,
        )
        self.import_button.setEnabled(False)
        self.close_button = button("Close", "Close this window (Esc).", self.reject, parent=self)
        if not ctx.session.can(Permission.WRITE_RECORDS):
            self.choose_button.setEnabled(False)
            self.file_label.setText("Only a DSL or deputy DSL can import pupils.")

        top = QHBoxLayout()
        top.addWidget(heading("Import pupils", self, size=3))
        top.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            top.addWidget(banner)
        chooser = QHBoxLayout()
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.file_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(
            hint(
                "Choose the pupil list exported from your MIS as a CSV file. SafeLog checks every "
                "row first; nothing is saved until you press Import, and only if every row is "
                "correct. Pupils already here (same UPN) are updated, never duplicated.",
                self,
            )
        )
        layout.addLayout(chooser)
        layout.addWidget(self.status_label)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

    # --- choose and check -----------------------------------------------------------------
    def choose_file(self) -> None:
        """Ask for a CSV through the Prompter, then check it on the worker thread."""
        if self._busy:
            return
        path = self.ctx.prompter.open_file("Import pupils", filters=CSV_FILTERS)
        if path is not None:
            self.check_file(Path(path))

    def check_file(self, path: Path) -> None:
        self.path = path
        self.parsed = None
        self.summary = None
        self.import_button.setEnabled(False)
        self.result_label.hide()
        self.file_label.setText(f"Checking {path.name}…")
        self._set_busy(True)

        def work(_progress: ProgressCallback) -> PupilImport:
            return parse_pupils_csv(path.read_bytes())

        run_in_background(
            self,
            work,
            on_success=self._show_preview,
            on_error=self._check_failed,
            label="Checking the pupil list",
        )

    def _check_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.file_label.setText("No file chosen yet.")
        show_error(self.ctx, "Import pupils", exc)

    def _show_preview(self, parsed: PupilImport) -> None:
        self._set_busy(False)
        self.parsed = parsed
        name = self.path.name if self.path else "The file"
        encoding = _ENCODINGS.get(parsed.encoding, parsed.encoding)
        delimiter = _DELIMITERS.get(parsed.delimiter, repr(parsed.delimiter))
        self.file_label.setText(f"{name} ({encoding}, {delimiter}-separated)")
        self.mapping_model.set_rows(mapping_rows(parsed))
        self.preview_model.set_rows(parsed.rows)
        self.errors_model.set_rows(parsed.errors)
        rows, bad = len(parsed.rows), len(parsed.errors)
        self.preview_box.setTitle(f"Pupils as they will be saved ({rows:,})")
        self.errors_box.setTitle(f"Rows with problems ({bad:,})")
        self.errors_box.setVisible(bool(bad))
        if bad:
            what = "1 row has a problem" if bad == 1 else f"{bad:,} rows have problems"
            self._status(
                f"{what}. {NOTHING_UNTIL_FIXED} Fix them in the MIS or the file, "
                "then choose it again.",
                error=True,
            )
            self.errors_view.setFocus()
        elif not rows:
            self._status("The file has no pupils in it; nothing will be imported.", error=True)
        else:
            noun = "pupil is" if rows == 1 else "pupils are"
            self._status(
                f"All {rows:,} {noun} ready to import. Check the preview, then press Import.",
                error=False,
            )
            self.import_button.setText(f"&Import {rows:,} pupil{'s' if rows != 1 else ''}")
            self.import_button.setDefault(True)
        self.import_button.setEnabled(parsed.ok)

    def _status(self, text: str, *, error: bool) -> None:
        colour, back = (COLOURS.bad, "#fde8e8") if error else (COLOURS.good, "#e3f4e8")
        self.status_label.setStyleSheet(
            f"color: {colour}; background: {back}; border-radius: 4px; padding: 6px 8px;"
            "font-weight: 600;"
        )
        self.status_label.setText(text)
        self.status_label.show()

    # --- import ---------------------------------------------------------------------------
    def start_import(self) -> None:
        """Save every checked pupil in one transaction, on the worker thread."""
        parsed = self.parsed
        if parsed is None or not parsed.ok or self._busy:
            return
        rows = [row for _line, row in parsed.rows]
        session = self.ctx.session
        self._set_busy(True)

        def work(progress: ProgressCallback) -> ImportSummary:
            return import_pupils(session, rows, progress=progress)

        run_in_background(
            self,
            work,
            on_success=self._imported,
            on_error=self._import_failed,
            label="Importing pupils",
        )

    def _imported(self, summary: ImportSummary) -> None:
        self._set_busy(False)
        self.summary = summary
        self.parsed = None  # the same rows must not be imported twice by a second press
        self.import_button.setEnabled(False)
        self.import_button.setDefault(False)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.result_label.setText(summary.sentence())
        self.result_label.show()
        self.ctx.events.records_changed.emit("children")
        self.ctx.events.status_message.emit(summary.sentence())

    def _import_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.import_button.setEnabled(self.parsed is not None and self.parsed.ok)
        show_error(self.ctx, "Import pupils", exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.choose_button.setEnabled(not busy and self.ctx.session.can(Permission.WRITE_RECORDS))
        if busy:
            self.import_button.setEnabled(False)

    def reject(self) -> None:
        if self._busy:  # the worker owns the session's write; closing mid-import would hide it
            return
        super().reject()
