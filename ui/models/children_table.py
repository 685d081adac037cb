"""The children list: every child on roll, filtered as you type, fetched 200 at a time.

:class:`ChildrenTableModel` never holds the whole school: it counts the children matching the
filter, shows the first page, and asks ``list_children`` for the next page (``offset``/``limit``)
only when the view scrolls near the end. Listing is not reading a child's file, so it is not
audited; opening the file is. Thread: GUI only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from safelog.domain.pupils import ChildFlag
from safelog.domain.records import ChildDetails
from safelog.domain.timefmt import age_on, today_london, uk_date
from safelog.services.children import ChildFilter, count_children, list_children
from safelog.services.session import Session
from ui.models.base import PAGE_SIZE, ROW_ROLE, Index

CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 2
"""``index.data(CHILD_ID_ROLE)`` is the child's id (an int)."""

COLUMNS = ("Name", "UPN", "Date of birth", "Age", "Year", "Form", "Flags")
_HEADER_TIPS = {
    "Name": "The name the child uses; the legal name is in the tooltip when it differs.",
    "UPN": "Unique Pupil Number",
    "Age": "Age today, in years",
    "Flags": "CP plan, child in need, looked after, early help, SEND, young carer, EAL",
}


def flag_text(flags: frozenset[ChildFlag]) -> str:
    """Flags in one fixed order (most serious first), as a DSL says them."""
    return ", ".join(f.label for f in ChildFlag if f in flags)


class ChildrenTableModel(QAbstractTableModel):
    """Children matching a :class:`ChildFilter`, in surname order, paged from the core.

    ``today`` fixes the day ages are worked out on (tests); by default it is the day in London.
    """

    def __init__(self, session: Session, parent: Any = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._today = today
        self._filter = ChildFilter()
        self._rows: list[ChildDetails] = []
        self._total = 0
        self._reload()

    # --- filter ---------------------------------------------------------------------------
    def set_filter(self, flt: ChildFilter) -> None:
        """Show the children matching ``flt``; the view starts again at the top."""
        self._filter = flt
        self._reload()

    def current_filter(self) -> ChildFilter:
        return self._filter

    def refresh(self) -> None:
        """Read again with the same filter (after an import or a change of details)."""
        self._reload()

    def _reload(self) -> None:
        self.beginResetModel()
        self._total = count_children(self._session, self._filter)
        self._rows = list_children(
            self._session, self._filter, offset=0, limit=PAGE_SIZE, audit=False
        )
        self.endResetModel()

    def total(self) -> int:
        """How many children match the filter (not just the rows fetched so far)."""
        return self._total

    def child_at(self, row: int) -> ChildDetails:
        return self._rows[row]

    # --- lazy paging ----------------------------------------------------------------------
    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        page = list_children(
            self._session, self._filter, offset=len(self._rows), limit=PAGE_SIZE, audit=False
        )
        if not page:
            # The vault changed under us (fewer children than counted): stop asking.
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # --- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        child = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(child, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "Name":
                if child.display_name != child.legal_name:
                    return f"Legal name: {child.legal_name}"
                return child.legal_name
            return self._text(child, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "Age":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CHILD_ID_ROLE:
            return child.child_id
        if role == ROW_ROLE:
            return child
        return None

    def _text(self, child: ChildDetails, column: str) -> str:
        if column == "Name":
            return child.display_name
        if column == "UPN":
            return child.upn
        if column == "Date of birth":
            return uk_date(child.dob)
        if column == "Age":
            return str(age_on(child.dob, self._today or today_london()))
        if column == "Year":
            return child.year_group or ""
        if column == "Form":
            return child.form or ""
        return flag_text(child.flags)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(COLUMNS[section], COLUMNS[section])
        return None
