"""Reviews and actions due by a chosen date, overdue first, and completing them.

Also home to :class:`DueTableModel` and :class:`StatusPillDelegate`, which the dashboard shows
too: an overdue item reads "Overdue" with a warning triangle on red, never colour alone.
Thread: GUI only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import DueItem, Permission
from safelog.domain.timefmt import today_london, uk_date
from safelog.services.due import due_items
from safelog.services.responses import complete_action, complete_review
from ui.context import AppContext
from ui.pages import RecordsPage, one_line, show_error
from ui.pages.triage import add_open_on_enter
from ui.theme import DueStatus, status_style
from ui.widgets.status_pill import StatusPillWidget

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
SOON_DAYS = 7
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2


def due_status(due_on: date, today: date) -> DueStatus:
    """Overdue before today, due today, due soon within a week, otherwise OK."""
    if due_on < today:
        return DueStatus.OVERDUE
    if due_on == today:
        return DueStatus.DUE_TODAY
    if due_on <= today + timedelta(days=SOON_DAYS):
        return DueStatus.DUE_SOON
    return DueStatus.OK


def _status_detail(item: DueItem, today: date) -> str:
    days = (item.due_on - today).days
    if days < 0:
        return f"Was due on {uk_date(item.due_on)}: {-days} day{'s' if days != -1 else ''} overdue."
    if days == 0:
        return "Due today."
    return f"Due on {uk_date(item.due_on)}, in {days} day{'s' if days != 1 else ''}."


class DueTableModel(QAbstractTableModel):
    """Due items (as :func:`safelog.services.due.due_items` returns them), overdue first.

    The service returns one list; the view still receives it 200 rows at a time through
    ``fetchMore`` so a long list lays out only what is scrolled to. Thread: GUI only.
    """

    COLUMNS = ("Status", "Due", "Child", "What is due", "Ref.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[DueItem] = []
        self._shown = 0
        self._today = today_london()

    def set_items(self, items: list[DueItem], today: date) -> None:
        self.beginResetModel()
        # Overdue first, then by date: the service already sorts by date, so this is stable.
        self._items = sorted(items, key=lambda i: (i.due_on >= today, i.due_on))
        self._today = today
        self._shown = min(PAGE_SIZE, len(self._items))
        self.endResetModel()

    def item(self, row: int) -> DueItem:
        return self._items[row]

    def total(self) -> int:
        return len(self._items)

    def overdue_count(self) -> int:
        return sum(1 for i in self._items if i.due_on < self._today)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._items)

    def fetchMore(self, parent: Index) -> None:
        more = 0 if parent.isValid() else min(PAGE_SIZE, len(self._items) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        item = self._items[index.row()]
        column = index.column()
        status = due_status(item.due_on, self._today)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return status_style(status).label
            if column == 1:
                return uk_date(item.due_on)
            if column == 2:
                return item.child_name or ""
            if column == 3:
                return one_line(item.description, 120)
            return item.reference
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return _status_detail(item, self._today)
            if column == 2 and item.upn:
                return f"{item.child_name} (UPN {item.upn})"
            return item.description if column == 3 else None
        if role == STATUS_ROLE and column == 0:
            return status
        if role == ITEM_ROLE:
            return item
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None


def _as_status(value: object) -> DueStatus | None:
    # Qt hands a StrEnum back as its plain string value.
    try:
        return DueStatus(str(value)) if value is not None else None
    except ValueError:
        return None


class StatusPillDelegate(QStyledItemDelegate):
    """Paints a cell's :data:`STATUS_ROLE` as the house status pill (word, icon and colour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pill = StatusPillWidget()  # never shown: it only renders the cached pictures
        self._pixmaps: dict[tuple[DueStatus, float], QPixmap] = {}

    def _pixmap(self, status: DueStatus, ratio: float) -> QPixmap:
        key = (status, ratio)
        if key not in self._pixmaps:
            self._pill.set_status(status)
            size = self._pill.sizeHint()
            self._pill.resize(size)
            pixmap = QPixmap(QSize(round(size.width() * ratio), round(size.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            pen = QPainter(pixmap)
            self._pill.render(pen, QPoint(0, 0))
            pen.end()
            self._pixmaps[key] = pixmap
        return self._pixmaps[key]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        status = _as_status(index.data(STATUS_ROLE))
        if status is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:  # selection and focus backgrounds, as for any other cell
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        ratio = opt.widget.devicePixelRatioF() if opt.widget is not None else 1.0
        pixmap = self._pixmap(status, ratio)
        height = round(pixmap.height() / ratio)
        top = option.rect.top() + (option.rect.height() - height) // 2
        painter.drawPixmap(QPoint(option.rect.left() + 6, top), pixmap)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        status = _as_status(index.data(STATUS_ROLE))
        if status is None:
            return super().sizeHint(option, index)
        self._pill.set_status(status)
        size = self._pill.sizeHint()
        return QSize(size.width() + 12, size.height() + 8)


def make_due_view(model: DueTableModel, name: str) -> QTableView:
    """A read-only table of due items with the status pill in the first column."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setItemDelegateForColumn(0, StatusPillDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(2, 170)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
    return view


class CompleteDueDialog(QDialog):
    """Asks for the note (a review) or outcome (an action) that completing an item records."""

    def __init__(self, item: DueItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        is_review = item.kind == "review"
        what = "review" if is_review else "action"
        self.setWindowTitle(f"Complete {what}")
        self.setAccessibleName(f"Complete {what}")
        self.setMinimumWidth(460)
        about = QLabel(
            f"{item.reference} for {item.child_name or 'no child'}, due {uk_date(item.due_on)}:\n"
            f"{one_line(item.description, 200)}"
        )
        about.setWordWrap(True)
        prompt = QLabel(
            "What did the review find, and what happens next?"
            if is_review
            else "What was the outcome of this action?"
        )
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Review note" if is_review else "Action outcome")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(90)
        prompt.setBuddy(self.note)
        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setStyleSheet("color: #9b1c1c; font-weight: 600;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            f"&Complete {what}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setToolTip(f"Record the {what} as done, with this note (Ctrl+Enter).")
        self.ok_button.setShortcut(QKeySequence("Ctrl+Return"))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setToolTip("Close without recording anything (Escape).")
        buttons.accepted.connect(self._accept_if_written)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addSpacing(6)
        layout.addWidget(prompt)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.note.toPlainText().strip()

    def _accept_if_written(self) -> None:
        if not self.text():
            self.error.setText("Write a short note first: it is what the record will show.")
            self.note.setFocus()
            return
        self.accept()


class ReviewsPage(RecordsPage):
    """Everything due up to a chosen date (two weeks ahead by default), overdue first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName("Reviews")
        title = QLabel("Reviews and actions due")
        title.setObjectName("pageTitle")
        self.until_edit = QDateEdit()
        self.until_edit.setDisplayFormat("dd/MM/yyyy")
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setAccessibleName("Due by")
        self.until_edit.setToolTip("Show everything due on or before this date.")
        ahead = today_london() + timedelta(days=14)
        self.until_edit.setDate(QDate(ahead.year, ahead.month, ahead.day))
        self.until_edit.dateChanged.connect(lambda _d: self.refresh())
        until_label = QLabel("Due &by:")
        until_label.setBuddy(self.until_edit)
        self.summary = QLabel()
        self.summary.setAccessibleName("Summary")

        self.model = DueTableModel(self)
        self.view = make_due_view(self.model, "Reviews and actions due")
        add_open_on_enter(self.view, self.open_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.complete_button = QPushButton("&Complete review…")
        self.complete_button.setToolTip("Record the selected review or action as done (Ctrl+D).")
        self.complete_button.clicked.connect(self.complete_selected)
        complete_shortcut = QAction(self)  # a separate action: the button keeps Alt+C too
        complete_shortcut.setShortcut(QKeySequence("Ctrl+D"))
        complete_shortcut.triggered.connect(self.complete_selected)
        self.addAction(complete_shortcut)
        self.open_button = QPushButton("&Open child's file")
        self.open_button.setToolTip("Open the child's file for the selected item (Enter).")
        self.open_button.clicked.connect(self.open_selected)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(until_label)
        top.addWidget(self.until_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.complete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.view)
        self._update_buttons()

    def until(self) -> date:
        return self.until_edit.date().toPython()  # type: ignore[no-any-return]

    def refresh(self) -> None:
        """Re-read what is due, on the worker thread."""
        until, session = self.until(), self._ctx.session
        self.summary.setText("Loading…")
        self.read(
            lambda: (today_london(), due_items(session, until)),
            lambda result: self._show(*result),
            label="Reading reviews",
            error_title="Reviews",
        )

    def _show(self, today: date, items: list[DueItem]) -> None:
        self.model.set_items(items, today)
        overdue = self.model.overdue_count()
        if not items:
            text = f"Nothing is due by {uk_date(self.until())}."
        else:
            text = f"{len(items)} due by {uk_date(self.until())}"
            text += f", {overdue} overdue." if overdue else "."
        self.summary.setText(text)
        if items:
            self.view.selectRow(0)
        self._update_buttons()

    # --- actions ----------------------------------------------------------------------------
    def selected(self) -> DueItem | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        may_write = self._ctx.session.can(Permission.WRITE_RECORDS)
        is_action = item is not None and item.kind == "action"
        self.complete_button.setText("&Complete action…" if is_action else "&Complete review…")
        self.complete_button.setEnabled(item is not None and may_write)
        if not may_write:
            self.complete_button.setToolTip("Only the DSL or a deputy can complete reviews.")
        self.open_button.setEnabled(item is not None and item.child_id is not None)

    def open_selected(self) -> None:
        item = self.selected()
        if item is not None and item.child_id is not None:
            self._ctx.events.open_child.emit(item.child_id)

    def complete_selected(self) -> None:
        item = self.selected()
        if item is None or not self.complete_button.isEnabled():
            return
        dialog = CompleteDueDialog(item, self)
        dialog.accepted.connect(lambda: self._complete(item, dialog.text()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal and non-blocking, so a lock can close it at any time

    def _complete(self, item: DueItem, note: str) -> None:
        number = int(item.reference[1:])
        try:
            if item.kind == "review":
                complete_review(self._ctx.session, number, note=note)
            else:
                complete_action(self._ctx.session, number, outcome=note)
        except Exception as exc:
            show_error(self._ctx, "Complete", exc)
            return
        self._ctx.events.status_message.emit(f"{item.reference} marked as done.")
        self._ctx.events.records_changed.emit("responses")
