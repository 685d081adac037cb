"""The chronology tab: every concern, action and decision in time order.

The core audits each read of the chronology, so it is read once when the file opens (audited)
and again, unaudited, only after a change; the Summary/Full toggle and the date range filter the
entries already read. Summary keeps the significant events a MASH reads first (★ in the full
view). Enter or double-click on a concern opens it in the Concerns tab. Thread: GUI only.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import ChronologyEntry
from safelog.domain.timefmt import today_london, uk_datetime
from safelog.services.chronology import chronology
from ui.child_file_tabs import ChildTab, record_table, selected_row
from ui.context import AppContext
from ui.dialogs.common import OptionalDateWidget
from ui.models.base import quoted
from ui.models.concern_tables import ChronologyTableModel
from ui.models.labels import ENTRY_KINDS, category_labels

_CONCERN_REF = re.compile(r"^C(\d+)")
_WIDTHS = (140, 100, 340, 190, 150, 170, 150, 120)


def entry_text(entry: ChronologyEntry) -> str:
    """The whole entry as plain text, for the reading pane."""
    kind = ENTRY_KINDS.get(entry.kind, entry.kind.capitalize())
    lines = [
        f"{kind} {entry.reference} · happened {uk_datetime(entry.occurred_at)} · recorded "
        f"{uk_datetime(entry.recorded_at)} by {entry.by_whom}"
        + (" · significant event" if entry.significant else "")
    ]
    if entry.categories:
        lines.append(f"Categories: {category_labels(entry.categories)}")
    lines.append(f"Source: {entry.source}")
    lines.append("")
    lines.append(entry.summary)
    if entry.child_words:
        lines += ["", f"The child's own words: {quoted(entry.child_words)}"]
    if entry.action:
        lines += ["", f"Action: {entry.action}"]
    if entry.outcome:
        # A decision's reasons arrive already labelled "Reasons: ...".
        label = "" if entry.outcome.startswith("Reasons:") else "Outcome: "
        lines += ["", f"{label}{entry.outcome}"]
    return "\n".join(lines)


class ChronologyTab(ChildTab):
    """Summary or full chronology, optionally between two dates."""

    title = "C&hronology"
    concern_requested = Signal(int)

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, child_id, parent)
        self._entries: list[ChronologyEntry] = []
        self.summary_radio = QRadioButton("&Summary (significant events)", self)
        self.summary_radio.setToolTip("Only significant events: what a MASH reads first.")
        self.full_radio = QRadioButton("F&ull chronology", self)
        self.full_radio.setToolTip("Every concern, action and decision (★ marks significant ones).")
        self.full_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.summary_radio)
        group.addButton(self.full_radio)
        self.full_radio.toggled.connect(lambda _on: self.apply_filters())
        today = today_london()
        self.date_from = OptionalDateWidget("Fro&m", None, today.replace(day=1), self)
        self.date_to = OptionalDateWidget("&To", None, today, self)
        for widget in (self.date_from, self.date_to):
            widget.check.toggled.connect(lambda _on: self.apply_filters())
            widget.edit.dateChanged.connect(lambda _d: self.apply_filters())
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Number of chronology entries shown")

        self.model = ChronologyTableModel(self)
        self.table = record_table(
            self.model,
            "Chronology",
            "Enter or double-click on a concern opens it in the Concerns tab.",
            self,
            _WIDTHS,
            stretch=2,
        )
        self.table.activated.connect(self._on_activated)
        self.reader = QPlainTextEdit(self)
        self.reader.setReadOnly(True)
        self.reader.setAccessibleName("The selected entry in full")
        self.reader.setPlaceholderText("Select an entry to read it in full.")
        self.table.selectionModel().currentRowChanged.connect(self._show_entry)

        bar = QHBoxLayout()
        bar.addWidget(self.summary_radio)
        bar.addWidget(self.full_radio)
        bar.addSpacing(24)
        bar.addWidget(self.date_from)
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.reader)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    # --- reading --------------------------------------------------------------------------
    def load(self, *, audit: bool) -> None:
        """Read the full chronology (``audit`` True once per opening of the file)."""
        self._entries = chronology(self.ctx.session, self.child_id, audit=audit)
        self.apply_filters()

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.load(audit=True)

    def reload(self) -> None:
        self.load(audit=False)

    def entries(self) -> list[ChronologyEntry]:
        """The entries shown now (after the toggle and dates)."""
        return self.model.items()

    def apply_filters(self) -> None:
        summary = self.summary_radio.isChecked()
        start: date | None = self.date_from.value()
        end: date | None = self.date_to.value()
        shown = [
            e
            for e in self._entries
            if (not summary or e.significant)
            and (start is None or e.occurred_at.date() >= start)
            and (end is None or e.occurred_at.date() <= end)
        ]
        keep = self.current_entry()
        # Bold marks significant entries in the full view; in the summary every entry is one.
        self.model.set_bold(None if summary else (lambda e: e.significant))
        self.model.set_rows(shown)
        noun = "entry" if len(shown) == 1 else "entries"
        what = "significant " if summary else ""
        self.count_label.setText(f"{len(shown):,} {what}{noun}")
        self.reader.clear()
        if not shown:
            return
        refs = [e.reference for e in shown]
        # Keep the reader's place across a refresh; otherwise start at the most recent entry
        # (a chronology reads oldest first, newest last).
        row = refs.index(keep.reference) if keep and keep.reference in refs else len(shown) - 1
        self.model.reveal(row)
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def select_summary(self, summary: bool) -> None:
        (self.summary_radio if summary else self.full_radio).setChecked(True)

    # --- internals ------------------------------------------------------------------------
    def _show_entry(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.reader.setPlainText(entry_text(self.model.item(current.row())))

    def _on_activated(self, index: QModelIndex) -> None:
        entry = self.model.item(index.row())
        match = _CONCERN_REF.match(entry.reference)
        if entry.kind == "concern" and match:
            self.concern_requested.emit(int(match.group(1)))

    def current_entry(self) -> ChronologyEntry | None:
        row = selected_row(self.table)
        return self.model.item(row) if row >= 0 else None
