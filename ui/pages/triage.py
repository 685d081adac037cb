"""Concerns to triage: every concern nobody has triaged yet, oldest first, as a lazy table.

:class:`UntriagedTableModel` counts the waiting concerns and fetches them 200 at a time from
:func:`safelog.services.ui_triage.untriaged_page` as the view scrolls; the dashboard shows its
first rows with the same model. "Mark triaged" records the triage event (append-only); "Open"
shows the concern in the child's file. Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Permission
from safelog.domain.timefmt import uk_datetime
from safelog.services.dashboard import UntriagedConcern
from safelog.services.responses import concern_event
from safelog.services.ui_triage import count_untriaged, untriaged_page
from ui.context import AppContext
from ui.pages import RecordsPage, category_label, one_line, show_error

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
FetchPage = Callable[[int, int], list[UntriagedConcern]]


class UntriagedTableModel(QAbstractTableModel):
    """Untriaged concerns, fetched a page at a time through ``fetch_page(offset, limit)``.

    ``total`` is how many rows ``fetch_page`` can return altogether. Thread: GUI only (the
    fetches are short indexed reads of 200 rows).
    """

    COLUMNS = ("Concern", "Recorded", "Happened", "Child", "Categories", "What was seen or heard")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fetch: FetchPage = lambda _offset, _limit: []
        self._total = 0
        self._rows: list[UntriagedConcern] = []

    def reset(
        self, fetch_page: FetchPage, total: int, first: list[UntriagedConcern] | None = None
    ) -> None:
        """Start again from a new (or re-read) list; ``first`` is its first page if already read."""
        self.beginResetModel()
        self._fetch = fetch_page
        rows = first if first is not None else (fetch_page(0, PAGE_SIZE) if total else [])
        self._rows = list(rows)
        self._total = max(total, len(self._rows))
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def concern(self, row: int) -> UntriagedConcern:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or len(self._rows) >= self._total:
            return
        more = self._fetch(len(self._rows), PAGE_SIZE)
        if not more:  # the list shrank since it was counted (triaged elsewhere)
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return f"C{c.concern_id}"
            if column == 1:
                return uk_datetime(c.recorded_at)
            if column == 2:
                return uk_datetime(c.occurred_at)
            if column == 3:
                return c.child_name
            if column == 4:
                return ", ".join(category_label(x) for x in c.categories)
            return one_line(c.facts)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 3:
                return f"{c.child_name} (UPN {c.upn})"
            if column == 4:
                return "\n".join(category_label(x) for x in c.categories)
            if column == 5:
                return one_line(c.facts, 600)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None


def make_untriaged_view(model: UntriagedTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    for column in (1, 2):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    fit_number_column(view)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(3, 160)
    header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(4, 190)
    header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
    return view


def fit_number_column(view: QTableView) -> None:
    """Column 0 holds "C12345": wide enough for its header with room to breathe."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(0, header.fontMetrics().horizontalAdvance("Concern") + 30)


def add_open_on_enter(view: QTableView, slot: Callable[[], None]) -> None:
    """Enter (and Return) on the table opens the current row, as double-click does."""
    action = QAction(view)
    action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    view.addAction(action)
    view.doubleClicked.connect(lambda _index: slot())


class TriagePage(RecordsPage):
    """Every untriaged concern, oldest first, with Mark triaged and Open."""

    IGNORES = frozenset({"settings", "children"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName("Concerns to triage")
        title = QLabel("Concerns to triage")
        title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setAccessibleName("Summary")
        self.model = UntriagedTableModel(self)
        self.view = make_untriaged_view(self.model, "Concerns to triage")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add_open_on_enter(self.view, self.open_current)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the concern in the child's file (Enter).")
        self.open_button.clicked.connect(self.open_current)
        self.triage_button = QPushButton("&Mark triaged")
        self.triage_button.setToolTip(
            "Record that you have read and triaged the selected concerns (Ctrl+T)."
        )
        self.triage_button.clicked.connect(self.mark_selected_triaged)
        triage_shortcut = QAction(self)
        triage_shortcut.setShortcut(QKeySequence("Ctrl+T"))
        triage_shortcut.triggered.connect(self.mark_selected_triaged)
        self.addAction(triage_shortcut)
        if not ctx.session.can(Permission.WRITE_RECORDS):
            self.triage_button.setToolTip("Only the DSL or a deputy can triage concerns.")

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.triage_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.view)
        self._update_buttons()

    def refresh(self) -> None:
        """Count again and read the first page on the worker; later pages load as you scroll."""
        session = self._ctx.session
        self.summary.setText("Loading…")
        self.read(
            lambda: (count_untriaged(session), untriaged_page(session, offset=0, limit=PAGE_SIZE)),
            lambda result: self._show(*result),
            label="Reading concerns to triage",
            error_title="Concerns to triage",
        )

    def _show(self, total: int, first: list[UntriagedConcern]) -> None:
        session = self._ctx.session

        def fetch(offset: int, limit: int) -> list[UntriagedConcern]:
            with session.lock:  # never read half of a write another thread is making
                return untriaged_page(session, offset=offset, limit=limit)

        self.model.reset(fetch, total, first)
        self.summary.setText(
            "Nothing is waiting for triage."
            if total == 0
            else f"{total:,} concern{'s' if total != 1 else ''} waiting, oldest first."
        )
        if total:
            self.view.selectRow(0)
        self._update_buttons()

    def _selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.view.selectionModel().selectedRows())

    def _update_buttons(self) -> None:
        rows = self._selected_rows()
        self.open_button.setEnabled(len(rows) == 1)
        self.triage_button.setEnabled(
            bool(rows) and self._ctx.session.can(Permission.WRITE_RECORDS)
        )

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            c = self.model.concern(index.row())
            self._ctx.events.open_concern.emit(c.concern_id, c.child_id)

    def mark_selected_triaged(self) -> None:
        if not self.triage_button.isEnabled():
            return
        concerns = [self.model.concern(r) for r in self._selected_rows()]
        done: list[str] = []
        for c in concerns:
            try:
                concern_event(self._ctx.session, c.concern_id, "triaged")
            except Exception as exc:
                show_error(self._ctx, "Mark triaged", exc)
                break
            done.append(f"C{c.concern_id}")
        if done:
            self._ctx.events.status_message.emit(
                f"Marked {', '.join(done)} as triaged."
                if len(done) <= 3
                else f"Marked {len(done)} concerns as triaged."
            )
            self._ctx.events.records_changed.emit("concerns")
