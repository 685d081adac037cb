"""A table model over rows already read from the core, shown a page at a time.

Most record lists (a child's chronology, actions, household) come from a service as one list;
:class:`ListTableModel` still hands them to the view in pages of :data:`PAGE_SIZE` through
``canFetchMore``/``fetchMore``, so a 1,000-entry chronology lays out only what is scrolled to.
Columns are declared as :class:`Column` values, so each model is a list of column definitions.
Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from ui.theme import COLOURS

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""``index.data(ROW_ROLE)`` is the row's underlying record (a core dataclass)."""

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header, the cell text and optional tooltip, and how the cell looks."""

    title: str
    text: Callable[[T], str]
    tooltip: Callable[[T], str | None] | None = None
    header_tip: str = ""
    align_right: bool = False
    warn: Callable[[T], bool] | None = None  # shown bold in the "bad" colour (with its own word)


def one_line(text: str | None, limit: int = 160) -> str:
    """A cell's text: on one line and cut short with an ellipsis (the tooltip has it all)."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def quoted(words: str | None) -> str:
    """The child's own words in quotation marks, never paraphrased."""
    return f"“{words.strip()}”" if words and words.strip() else ""


class PagedRowsModel(QAbstractTableModel, Generic[T]):
    """Rows already read from the core, revealed to the view :data:`PAGE_SIZE` at a time.

    Subclasses say how many columns there are (:meth:`column_total`) and what each cell shows
    (``data``/``headerData``); the rows and the paging live here, once, for every list model.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []
        self._shown = 0

    def column_total(self) -> int:
        raise NotImplementedError

    # --- data in --------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row; the first page is shown at once, the rest on demand."""
        self.beginResetModel()
        self._rows = list(rows)
        self._shown = min(PAGE_SIZE, len(self._rows))
        self.endResetModel()

    def total(self) -> int:
        """Every row the model holds, shown yet or not."""
        return len(self._rows)

    def item(self, row: int) -> T:
        return self._rows[row]

    def items(self) -> list[T]:
        return list(self._rows)

    def reveal(self, row: int) -> None:
        """Fetch pages until ``row`` is shown (to select a record further down)."""
        while self._shown <= row and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def fetch_all(self) -> None:
        """Reveal every row (for "select this record" jumps and for tests)."""
        while self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def shown_row(self, index: Index) -> T | None:
        """The record behind ``index`` if it is valid and already revealed."""
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        return self._rows[index.row()]

    # --- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else self.column_total()

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = min(PAGE_SIZE, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()


class ListTableModel(PagedRowsModel[T]):
    """Read-only rows of one record type, described by a list of :class:`Column` values."""

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._bold: Callable[[T], bool] | None = None

    def column_total(self) -> int:
        return len(self._columns)

    def set_bold(self, rule: Callable[[T], bool] | None) -> None:
        """Rows for which ``rule`` is true are drawn bold (e.g. significant events)."""
        self._bold = rule

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = column.tooltip(row) if column.tooltip else None
            return tip or column.text(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column.align_right else _LEFT)
        if role == Qt.ItemDataRole.FontRole:
            warn = column.warn is not None and column.warn(row)
            if warn or (self._bold is not None and self._bold(row)):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.warn is not None and column.warn(row):
                return QColor(COLOURS.bad)
            return None
        if role == ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.header_tip or column.title
        return None
