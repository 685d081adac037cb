"""The table of allegation cases (latest revision of each), revealed a page at a time.

An open case whose LADO consultation is past due (KCSIE Part 4: within one working day of the
allegation) says "Overdue" in words and in red; closed cases are muted. Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from safelog.domain.timefmt import LONDON, today_london, uk_date, uk_datetime
from safelog.domain.workdays import next_working_day
from safelog.services.allegations import Allegation
from ui.allegations.case_dialog import OUTCOME_LABELS, OUTCOME_MEANINGS
from ui.models.base import Index, PagedRowsModel
from ui.theme import COLOURS, STATUS_STYLES, DueStatus

_OVERDUE = STATUS_STYLES[DueStatus.OVERDUE]


def lado_due(case: Allegation) -> date:
    """KCSIE Part 4: the LADO is told within one working day of the allegation."""
    return next_working_day(case.received_at.astimezone(LONDON).date())


class AllegationCasesTableModel(PagedRowsModel[Allegation]):
    """Cases, oldest first. ``today`` is injectable so tests decide what is overdue."""

    HEADERS = (
        "Case",
        "Member of staff",
        "Role",
        "What is alleged",
        "Received",
        "LADO consulted",
        "Outcome",
        "Status",
    )
    ALLEGATION_COLUMN = 3
    LADO_COLUMN = 5
    OUTCOME_COLUMN = 6

    def __init__(self, today: Callable[[], date] = today_london, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = today

    def case(self, row: int) -> Allegation:
        return self._rows[row]

    def lado_overdue(self, case: Allegation) -> bool:
        """Open, the LADO not yet consulted, and the working day after receipt has passed."""
        return (
            case.status == "open"
            and case.lado_consulted_at is None
            and self._today() > lado_due(case)
        )

    def column_total(self) -> int:
        return len(self.HEADERS)

    def _lado_text(self, case: Allegation) -> str:
        if case.lado_consulted_at is not None:
            ref = f" (ref {case.lado_reference})" if case.lado_reference else ""
            return uk_datetime(case.lado_consulted_at) + ref
        if case.status != "open":
            return "Not recorded"
        due = lado_due(case)
        if self.lado_overdue(case):
            return f"Overdue: was due {due:%a} {uk_date(due)}"
        return f"Not yet: due by {due:%a} {uk_date(due)}"

    def _text(self, case: Allegation, column: int) -> str:
        if column == 0:
            return f"A{case.case_id}"
        if column == 1:
            return case.staff_name
        if column == 2:
            return case.staff_role or ""
        if column == self.ALLEGATION_COLUMN:
            return " ".join(case.allegation.split())
        if column == 4:
            return uk_datetime(case.received_at)
        if column == self.LADO_COLUMN:
            return self._lado_text(case)
        if column == self.OUTCOME_COLUMN:
            return OUTCOME_LABELS[case.outcome] if case.outcome else "Not yet"
        return "Closed" if case.status == "closed" else "Open"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        case = self._rows[index.row()]
        column = index.column()
        overdue = column == self.LADO_COLUMN and self.lado_overdue(case)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.OUTCOME_COLUMN and case.outcome:
                return OUTCOME_MEANINGS[case.outcome]
            if column == self.LADO_COLUMN and case.lado_consulted_at is None:
                return "Speak to the LADO within one working day of the allegation (KCSIE Part 4)."
            return case.allegation
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return QColor(_OVERDUE.foreground)
            return QColor(COLOURS.muted_text) if case.status == "closed" else None
        if role == Qt.ItemDataRole.FontRole and overdue:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.HEADERS[section]
        return None
