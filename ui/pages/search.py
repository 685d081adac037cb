"""Search: the text of every concern, results as you type.

Typing restarts a 150 ms timer; when it fires, the query runs on the worker thread (the vault
may hold 200,000 concerns) and each request carries a generation number, so a slow answer to an
old query never replaces the results of a newer one. Each result shows when it happened, the
children involved and the matching words; Enter or double-click opens it in the child's file.
Thread: GUI only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import ConcernRole
from safelog.domain.timefmt import uk_datetime
from safelog.services.children import child_by_id
from safelog.services.concerns import concern, search_concerns
from safelog.services.session import Session
from ui.context import AppContext
from ui.pages import read_in_background, show_error
from ui.pages.triage import add_open_on_enter, fit_number_column

Index = QModelIndex | QPersistentModelIndex
DEBOUNCE_MS = 150
RESULT_LIMIT = 200
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class SearchRow:
    concern_id: int
    occurred_at: datetime
    child_ids: tuple[int, ...]
    children: str
    snippet: str  # the core marks matching words with [ and ]


def run_search(session: Session, text: str) -> list[SearchRow]:
    """The query and the children's names, for the worker thread. Listing names is not
    opening a child's file, so it is not audited."""
    hits = search_concerns(session, text, limit=RESULT_LIMIT)
    names: dict[int, str] = {}
    rows = []
    for hit in hits:
        for child_id in hit.child_ids:
            if child_id not in names:
                names[child_id] = child_by_id(session, child_id).display_name
        children = ", ".join(names[c] for c in hit.child_ids)
        rows.append(
            SearchRow(hit.concern_id, hit.occurred_at, hit.child_ids, children, hit.snippet)
        )
    return rows


def snippet_html(snippet: str) -> str:
    """Escape the text, then turn the core's [match] markers into bold."""
    return html.escape(snippet).replace("[", "<b>").replace("]", "</b>")


class SearchResultsTableModel(QAbstractTableModel):
    """One search's results (at most :data:`RESULT_LIMIT`, best first): no paging needed."""

    COLUMNS = ("Concern", "Happened", "Child", "Where the words appear")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SearchRow] = []

    def set_rows(self, rows: list[SearchRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> SearchRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return f"C{r.concern_id}"
            if column == 1:
                return uk_datetime(r.occurred_at)
            if column == 2:
                return r.children
            return r.snippet.replace("[", "").replace("]", "")
        if role == SNIPPET_ROLE and column == 3:
            return snippet_html(r.snippet)
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):
            return r.children if column == 2 else r.snippet.replace("[", "").replace("]", "")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None


class HighlightDelegate(QStyledItemDelegate):
    """Draws :data:`SNIPPET_ROLE` rich text so the matching words stand out in bold."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        markup = index.data(SNIPPET_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setHtml(markup)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        rect = opt.rect.adjusted(6, 0, -6, 0)
        painter.save()
        painter.translate(rect.left(), rect.top() + (rect.height() - doc.size().height()) / 2)
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 10))


class _SearchEdit(QLineEdit):
    """Down moves into the results; Enter opens the highlighted result."""

    def __init__(self, page: SearchPage) -> None:
        super().__init__(page)
        self._page = page

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self._page.model.rowCount():
            self._page.view.setFocus()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._page.open_current()
            return
        super().keyPressEvent(event)


class SearchPage(QWidget):
    """Full-text search over every concern; emits ``ctx.events.open_concern`` to open one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._generation = 0
        self.setAccessibleName("Search")
        title = QLabel("Search concerns")
        title.setObjectName("pageTitle")
        self.search_edit = _SearchEdit(self)
        self.search_edit.setAccessibleName("Search the text of every concern")
        self.search_edit.setPlaceholderText("Words from what was seen, said or done…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(
            "Results appear as you type. Every word must appear; the last may be the start of a "
            "word. Accents do not matter. Down moves to the results."
        )
        label = QLabel("&Find:")
        label.setBuddy(self.search_edit)
        self.summary = QLabel("Type a word or two to search every concern.")
        self.summary.setAccessibleName("Search summary")
        self.summary.setWordWrap(True)

        self.model = SearchResultsTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Search results")
        self.view.setItemDelegateForColumn(3, HighlightDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        fit_number_column(self.view)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 180)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        add_open_on_enter(self.view, self.open_current)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())

        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.search_edit)
        ctx.events.records_changed.connect(self._on_records_changed)

    def shutdown(self) -> None:
        """Stop the pending query before the session closes (on lock)."""
        self._timer.stop()
        self._generation += 1

    def _on_records_changed(self, what: str) -> None:
        if what == "concerns" and self.search_edit.text().strip():
            self._timer.start()  # a correction may change what matches

    def search_now(self) -> None:
        """Run the query for the current text; any answer still on its way is now stale."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        text = self.search_edit.text().strip()
        if not text:
            self.model.set_rows([])
            self.summary.setText("Type a word or two to search every concern.")
            return
        session = self._ctx.session
        read_in_background(
            self,
            self._ctx,
            lambda: run_search(session, text),
            lambda rows: self._show(generation, text, rows),
            label="Searching",
            error_title="Search",
        )

    def _show(self, generation: int, text: str, rows: list[SearchRow]) -> None:
        if generation != self._generation:
            return  # the DSL has typed more since this query began
        self.model.set_rows(rows)
        if not rows:
            self.summary.setText(f"No concern contains “{text}”.")
        elif len(rows) >= RESULT_LIMIT:
            self.summary.setText(
                f"Showing the {RESULT_LIMIT} best matches for “{text}”; add words to narrow them."
            )
        else:
            what = "concern contains" if len(rows) == 1 else "concerns contain"
            self.summary.setText(f"{len(rows)} {what} “{text}”.")
        if rows:
            self.view.selectRow(0)

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        found = self.model.row(index.row())
        try:
            latest = concern(self._ctx.session, found.concern_id)
        except Exception as exc:
            show_error(self._ctx, "Search", exc)
            return
        subjects = [i.child_id for i in latest.draft.children if i.role is ConcernRole.SUBJECT]
        child_id = (subjects or list(found.child_ids))[0]
        self._ctx.events.open_concern.emit(found.concern_id, child_id)
