"""The tabs of a child's file, one module each, and what they share.

Each tab is a :class:`ChildTab`: it reads its records the first time it is shown
(:meth:`ChildTab.ensure_loaded`), so opening a file costs only the chronology, and it re-reads
on :meth:`ChildTab.refresh` once loaded. Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QTableView,
    QWidget,
)

from safelog.domain.records import Permission
from safelog.services.users import user_names
from ui.context import AppContext
from ui.dialogs.common import show_error
from ui.models.base import ListTableModel


class ChildTab(QWidget):
    """One tab of the file for ``child_id``. Subclasses implement :meth:`reload`."""

    title = ""

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_id = child_id
        self.loaded = False
        self._names: dict[str, str] | None = None
        self.last_dialog: QDialog | None = None

    @property
    def can_write(self) -> bool:
        return self.ctx.session.can(Permission.WRITE_RECORDS)

    def names(self) -> dict[str, str]:
        """User id -> display name (read once per tab; users rarely change mid-session)."""
        if self._names is None:
            self._names = user_names(self.ctx.session)
        return self._names

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.reload()

    def refresh(self) -> None:
        """Re-read if the tab has been shown; otherwise it reads when first shown."""
        if self.loaded:
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def run_dialog(self, dialog: QDialog) -> QDialog:
        """Open ``dialog`` window-modal without blocking, and return it.

        ``open()`` rather than ``exec()``: no nested event loop, so a lock can tear the window
        down cleanly, and tests drive the dialog like a person would. The dialog emits
        ``records_changed`` when it saves, which refreshes the file. ``last_dialog`` keeps a
        reference for tests and for the shell. Thread: GUI.
        """
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def guard(self, title: str, fn: Callable[[], object]) -> None:
        """Run ``fn``; a refusal from the core is one sentence through the Prompter."""
        try:
            fn()
        except Exception as exc:  # any failure must reach the person, never vanish
            show_error(self.ctx, title, exc)


def record_table(
    model: ListTableModel,
    name: str,
    tip: str,
    parent: QWidget,
    widths: tuple[int, ...] = (),
    *,
    stretch: int = -1,
) -> QTableView:
    """A read-only, row-selecting table over ``model`` with an accessible name. Column
    ``stretch`` (a text column) takes the spare width; by default the last one does."""
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setToolTip(tip)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


def selected_row(view: QTableView) -> int:
    """The selected row, or -1."""
    index: QModelIndex = view.currentIndex()
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if rows:
        return rows[0].row()
    return index.row() if index.isValid() else -1
