"""The dashboard: what needs doing now, at a glance.

New concerns not yet triaged (count and the oldest, opened with Enter or double-click), reviews
and actions due in the next week and overdue (the status pill says "Overdue" in words, icon and
colour), and this term's concerns by category. Read on the worker thread from
:func:`safelog.services.dashboard.dashboard`, and read again whenever records change.
Thread: GUI only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safelog.services.dashboard import Dashboard, UntriagedConcern, dashboard
from ui.context import AppContext
from ui.pages import RecordsPage, category_label
from ui.pages.reviews import DueTableModel, make_due_view
from ui.pages.triage import UntriagedTableModel, add_open_on_enter, make_untriaged_view
from ui.theme import COLOURS, DueStatus, status_style

Index = QModelIndex | QPersistentModelIndex
AHEAD_DAYS = 7


class CategoryCountTableModel(QAbstractTableModel):
    """Concerns this term per category, most first. A few dozen rows: no paging needed."""

    COLUMNS = ("Category", "Concerns")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int]] = []

    def set_counts(self, counts: dict[str, int]) -> None:
        self.beginResetModel()
        rows = [(category_label(k), n) for k, n in counts.items()]
        self._rows = sorted(rows, key=lambda r: (-r[1], r[0]))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, count = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label if index.column() == 0 else f"{count:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None


class CountTile(QFrame):
    """A big number with a caption; ``alarm`` draws it in the overdue style, with its word."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption = caption
        self.setObjectName("countTile")
        self.number = QLabel("–")
        self.number.setObjectName("tileNumber")
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        self.set_value(None)

    def set_value(self, value: int | None, *, alarm: bool = False) -> None:
        self.number.setText("–" if value is None else f"{value:,}")
        style = status_style(DueStatus.OVERDUE)
        fg, bg, border = (
            (style.foreground, style.background, style.border)
            if alarm
            else (COLOURS.text, COLOURS.base, COLOURS.border)
        )
        self.setStyleSheet(
            f"QFrame#countTile {{ background: {bg}; border: 1px solid {border}; "
            f"border-radius: 6px; }} QLabel {{ color: {fg}; background: transparent; }} "
            "QLabel#tileNumber { font-size: 20pt; font-weight: 600; }"
        )
        spoken = "unknown" if value is None else f"{value:,}"
        self.setAccessibleName(f"{self._caption}: {spoken}")


def _view_setup(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()


class DashboardPage(RecordsPage):
    """What needs doing. Emits ``navigate(page_key)`` for its "See all" buttons."""

    navigate = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName("Dashboard")

        title = QLabel("Dashboard")
        title.setObjectName("pageTitle")
        self.term_label = QLabel()
        self.term_label.setAccessibleName("Term")
        self.term_label.setStyleSheet(f"color: {COLOURS.muted_text};")

        self.untriaged_tile = CountTile("new concerns waiting for triage")
        self.overdue_tile = CountTile("reviews and actions overdue")
        self.soon_tile = CountTile(f"due in the next {AHEAD_DAYS} days")

        self.untriaged_model = UntriagedTableModel(self)
        self.untriaged_view = make_untriaged_view(self.untriaged_model, "New concerns to triage")
        self.untriaged_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        add_open_on_enter(self.untriaged_view, self.open_untriaged)
        see_triage = QPushButton("See &all concerns to triage")
        see_triage.setToolTip("Go to the full list of concerns waiting for triage (Alt+3).")
        see_triage.clicked.connect(lambda: self.navigate.emit("triage"))
        untriaged_box = self._box(
            "New concerns to triage (oldest first)", self.untriaged_view, see_triage
        )

        self.due_model = DueTableModel(self)
        self.due_view = make_due_view(self.due_model, "Reviews and actions due")
        add_open_on_enter(self.due_view, self.open_due)
        see_reviews = QPushButton("See all &reviews")
        see_reviews.setToolTip("Go to every review and action due by a date you choose (Alt+4).")
        see_reviews.clicked.connect(lambda: self.navigate.emit("reviews"))
        due_box = self._box(
            f"Overdue and due in the next {AHEAD_DAYS} days", self.due_view, see_reviews
        )

        self.category_model = CategoryCountTableModel(self)
        self.category_view = QTableView()
        self.category_view.setModel(self.category_model)
        self.category_view.setAccessibleName("Concerns this term by category")
        _view_setup(self.category_view)
        self.category_view.setAlternatingRowColors(True)
        header = self.category_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.category_box = self._box("Concerns this term by category", self.category_view)

        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.term_label)
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        for tile in (self.untriaged_tile, self.overdue_tile, self.soon_tile):
            tiles.addWidget(tile, 1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        grid.addWidget(untriaged_box, 0, 0, 1, 2)
        grid.addWidget(due_box, 1, 0)
        grid.addWidget(self.category_box, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)
        self.setFocusProxy(self.untriaged_view)

    @staticmethod
    def _box(title: str, view: QTableView, button: QPushButton | None = None) -> QGroupBox:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.addWidget(view, 1)
        if button is not None:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            layout.addLayout(row)
        return box

    # --- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the dashboard again on the worker thread."""
        session = self._ctx.session
        self.read(
            lambda: dashboard(session, ahead_days=AHEAD_DAYS),
            self._show,
            label="Reading the dashboard",
            error_title="Dashboard",
        )

    def _show(self, board: Dashboard) -> None:
        first: list[UntriagedConcern] = list(board.untriaged)
        self.untriaged_model.reset(lambda o, n: first[o : o + n], len(first), first)
        self.untriaged_tile.set_value(board.untriaged_total)
        self.due_model.set_items(board.due, board.today)
        overdue = len(board.overdue)
        self.overdue_tile.set_value(overdue, alarm=overdue > 0)
        self.soon_tile.set_value(len(board.due) - overdue)
        self.category_model.set_counts(board.by_category)
        self.term_label.setText(f"{board.term.label} (from {board.term.start:%d/%m/%Y})")
        self.category_box.setTitle(f"{board.term.label}: concerns by category")

    # --- opening ----------------------------------------------------------------------------
    def open_untriaged(self) -> None:
        index = self.untriaged_view.currentIndex()
        if index.isValid():
            c = self.untriaged_model.concern(index.row())
            self._ctx.events.open_concern.emit(c.concern_id, c.child_id)

    def open_due(self) -> None:
        index = self.due_view.currentIndex()
        if index.isValid():
            item = self.due_model.item(index.row())
            if item.child_id is not None:
                self._ctx.events.open_child.emit(item.child_id)
