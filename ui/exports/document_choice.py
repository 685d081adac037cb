"""The "Document" box of the export dialog: chronology (summary or full, optional dd/mm/yyyy
date range) or the MASH referral pack. Emits ``changed`` whenever the choice changes.

Thread: GUI only.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QWidget,
)

from safelog.domain.timefmt import today_london
from ui.dialogs.common import OptionalDateWidget, hint
from ui.exports.naming import CHRONOLOGY, PACK, SUMMARY, ExportChoice

_PACK_NOTE = "For a referral to children's social care: the form, filled in from the record."
_PACK_TIP = (
    "The MASH referral form filled in from the record, the summary chronology, the key concerns "
    "in full with body maps, and the latest information-sharing decision."
)


def _radio(text: str, tip: str, parent: QWidget) -> QRadioButton:
    radio = QRadioButton(text, parent)
    radio.setToolTip(tip)
    radio.setAccessibleName(text.replace("&", ""))
    return radio


class DocumentChoiceWidget(QGroupBox):
    """Radios and dates; :meth:`choice` reads them. A full chronology is chosen at first."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Document", parent)
        self.setAccessibleName("Document to create")
        self.chronology_radio = _radio(
            "&Chronology", "Entries on the child's record in time order, signed as a PDF.", self
        )
        self.summary_radio = _radio(
            "&Summary: significant events only",
            "Significant concerns, decisions, referrals and outcomes: what a MASH needs first.",
            self,
        )
        self.full_radio = _radio(
            "&Full: every entry", "Every concern, action, decision and referral.", self
        )
        self.pack_radio = _radio("MASH &referral pack", _PACK_TIP, self)
        # Two groups: the chronology's scope must not untick the document choice.
        self.document_group = QButtonGroup(self)
        self.scope_group = QButtonGroup(self)
        for radio in (self.chronology_radio, self.pack_radio):
            self.document_group.addButton(radio)
        for radio in (self.summary_radio, self.full_radio):
            self.scope_group.addButton(radio)
        self.chronology_radio.setChecked(True)
        self.full_radio.setChecked(True)

        today = today_london()
        school_year = today.year if today.month >= 9 else today.year - 1
        self.from_date = OptionalDateWidget("Fr&om", None, date(school_year, 9, 1), self)
        self.to_date = OptionalDateWidget("&To", None, today, self)
        for widget, what in ((self.from_date, "first"), (self.to_date, "last")):
            tip = f"Tick to limit the chronology by date: the {what} day to include."
            widget.check.setToolTip(tip)
            widget.edit.setToolTip(f"{tip} Day/month/year.")
        self.from_date.setAccessibleName("From date")
        self.to_date.setAccessibleName("To date")
        dates = QWidget(self)
        dates.setAccessibleName("Date range (optional)")
        dates_row = QHBoxLayout(dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        dates_row.setSpacing(18)
        dates_row.addWidget(self.from_date)
        dates_row.addWidget(self.to_date)
        dates_row.addStretch(1)
        self.chronology_options: list[QWidget] = [self.summary_radio, self.full_radio, dates]

        grid = QGridLayout(self)
        grid.setContentsMargins(12, 14, 12, 12)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.setColumnMinimumWidth(0, 22)  # indent each document's options under it
        left = Qt.AlignmentFlag.AlignLeft
        grid.addWidget(self.chronology_radio, 0, 0, 1, 4, left)
        grid.addWidget(self.summary_radio, 1, 1)
        grid.addWidget(self.full_radio, 1, 2)
        grid.addWidget(dates, 2, 1, 1, 3)
        grid.addWidget(self.pack_radio, 3, 0, 1, 4, left)
        grid.addWidget(hint(_PACK_NOTE, self), 4, 1, 1, 3)
        grid.setColumnStretch(3, 1)  # radios keep their own width, so a click on one lands

        for radio in (self.chronology_radio, self.summary_radio):
            radio.toggled.connect(self._on_changed)
        for widget in (self.from_date, self.to_date):
            widget.check.toggled.connect(self._on_changed)
            widget.edit.dateChanged.connect(self._on_changed)
        self._on_changed()

    def choice(self) -> ExportChoice:
        """The document as chosen now (dates only for a chronology)."""
        if self.pack_radio.isChecked():
            return ExportChoice(PACK)
        kind = SUMMARY if self.summary_radio.isChecked() else CHRONOLOGY
        return ExportChoice(kind, self.from_date.value(), self.to_date.value())

    def _on_changed(self, *_args: object) -> None:
        chronology_chosen = self.chronology_radio.isChecked()
        for widget in self.chronology_options:
            widget.setEnabled(chronology_chosen)
        self.changed.emit()
