"""Body map: mark where injuries or marks were seen, on a front and a back outline.

:class:`BodyMapWidget` is the canvas (:mod:`ui.widgets.body_map_canvas`) plus a list of the marks
with Edit and Remove buttons, which is also the screen-reader view of the map. The widget holds the
marks as an ordinary list until the concern is saved; a saved concern is shown read-only (a
correction is a new revision, made elsewhere). Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.bodymap import BodyMark, BodySide
from ui.widgets.body_map_canvas import BodyMapCanvasWidget
from ui.widgets.mark_dialog import MarkEdit, MarkEditor, MarkEditRequest, edit_mark_with_dialog


class BodyMapWidget(QWidget):
    """Front and back outlines with numbered marks, and the list of those marks.

    Click (or Enter on the keyboard crosshair) to add a mark: ``editor`` is asked for its kind
    and note. Click a mark, or pick it in the list, to edit or remove it. Marks are numbered in
    the order they were added. ``marks_changed`` is emitted for the user's changes only, not for
    :meth:`set_marks`. Thread: GUI only.
    """

    marks_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, editor: MarkEditor | None = None) -> None:
        super().__init__(parent)
        self._editor: MarkEditor = editor if editor is not None else edit_mark_with_dialog
        self._marks: list[BodyMark] = []
        self._read_only = False

        self.canvas = BodyMapCanvasWidget(self)
        self.canvas.place_requested.connect(self._on_place_requested)
        self.canvas.mark_activated.connect(self.edit_mark)
        self.canvas.remove_requested.connect(self.remove_mark)
        self.canvas.selection_changed.connect(self._on_canvas_selection)

        self.mark_list = QListWidget(self)
        self.mark_list.setAccessibleName("Marks on the body map")
        self.mark_list.setToolTip("Every mark, by number. Enter or double-click to change one.")
        self.mark_list.setWordWrap(True)
        self.mark_list.setUniformItemSizes(False)
        self.mark_list.currentRowChanged.connect(self._on_list_row)
        self.mark_list.itemActivated.connect(lambda item: self.edit_mark(self.mark_list.row(item)))
        list_label = QLabel("&Marks", self)
        list_label.setBuddy(self.mark_list)
        list_label.setStyleSheet("font-weight: 600;")

        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #52606d;")

        self.edit_button = QPushButton("&Edit mark…", self)
        self.edit_button.setToolTip("Change the kind or description of the selected mark.")
        self.edit_button.setAccessibleName("Edit selected mark")
        self.edit_button.clicked.connect(lambda: self.edit_mark(self.mark_list.currentRow()))
        self.remove_button = QPushButton("Re&move mark", self)
        self.remove_button.setToolTip("Take the selected mark off the body map (Delete).")
        self.remove_button.setAccessibleName("Remove selected mark")
        self.remove_button.clicked.connect(lambda: self.remove_mark(self.mark_list.currentRow()))

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        side = QVBoxLayout()
        side.setSpacing(6)
        side.addWidget(list_label)
        side.addWidget(self.mark_list, 1)
        side.addLayout(buttons)
        side.addSpacing(4)
        side.addWidget(self.hint)
        side_panel = QWidget(self)
        side_panel.setLayout(side)
        side_panel.setFixedWidth(250)
        side.setContentsMargins(0, 0, 0, 0)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(side_panel)
        self.setFocusProxy(self.canvas)
        self._refresh()

    # --- public API -------------------------------------------------------------------------
    def marks(self) -> list[BodyMark]:
        """The marks in number order (a copy)."""
        return list(self._marks)

    def set_marks(self, marks: Iterable[BodyMark]) -> None:
        """Replace every mark (e.g. when showing a saved concern). Does not emit marks_changed."""
        self._marks = list(marks)
        self.canvas.select(-1)
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        """Show the marks without letting them change (for saved concerns)."""
        self._read_only = read_only
        self.canvas.set_read_only(read_only)
        self._refresh()

    def is_read_only(self) -> bool:
        return self._read_only

    def add_mark(self, side: BodySide, x: float, y: float) -> bool:
        """Ask the editor about a new mark at ``(x, y)`` on ``side``; True if one was added."""
        if self._read_only:
            return False
        answer = self._editor(self, MarkEditRequest(len(self._marks) + 1, side))
        if answer is None or answer.remove:
            return False
        self._marks.append(BodyMark(side, x, y, answer.kind, answer.note))
        self._changed(len(self._marks) - 1)
        return True

    def edit_mark(self, index: int) -> bool:
        """Ask the editor about mark ``index`` (0-based); apply a change or removal."""
        if self._read_only or not 0 <= index < len(self._marks):
            return False
        mark = self._marks[index]
        answer: MarkEdit | None = self._editor(
            self, MarkEditRequest(index + 1, mark.side, existing=mark)
        )
        if answer is None:
            return False
        if answer.remove:
            return self.remove_mark(index)
        if (answer.kind, answer.note) == (mark.kind, mark.note):
            return False
        self._marks[index] = BodyMark(mark.side, mark.x, mark.y, answer.kind, answer.note)
        self._changed(index)
        return True

    def remove_mark(self, index: int) -> bool:
        """Remove mark ``index``; later marks move up one number."""
        if self._read_only or not 0 <= index < len(self._marks):
            return False
        del self._marks[index]
        self._changed(min(index, len(self._marks) - 1))
        return True

    # --- internals --------------------------------------------------------------------------
    def _on_place_requested(self, side: str, x: float, y: float) -> None:
        self.add_mark(BodySide(side), x, y)

    def _changed(self, select: int) -> None:
        self._refresh()
        self.canvas.select(select)
        self.marks_changed.emit()

    def _on_canvas_selection(self, index: int) -> None:
        if self.mark_list.currentRow() != index:
            self.mark_list.setCurrentRow(index)
        self._update_buttons()

    def _on_list_row(self, row: int) -> None:
        if self.canvas.selected() != row:
            self.canvas.select(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = 0 <= self.mark_list.currentRow() < len(self._marks)
        self.edit_button.setEnabled(has and not self._read_only)
        self.remove_button.setEnabled(has and not self._read_only)
        self.edit_button.setVisible(not self._read_only)
        self.remove_button.setVisible(not self._read_only)

    def _refresh(self) -> None:
        self.canvas.set_marks(self._marks)
        self.mark_list.blockSignals(True)
        self.mark_list.clear()
        for number, mark in enumerate(self._marks, start=1):
            item = QListWidgetItem(f"{number}. {mark.kind.label} ({mark.side.value})")
            if mark.note:
                item.setText(f"{item.text()}\n{mark.note}")
            item.setToolTip(mark.description)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Mark {number}: {mark.description}")
            self.mark_list.addItem(item)
        self.mark_list.setCurrentRow(self.canvas.selected())
        self.mark_list.blockSignals(False)
        if self._read_only:
            self.hint.setText("This body map is saved and can no longer be changed.")
        elif not self._marks:
            self.hint.setText(
                "Click the outline where you saw the mark. Keyboard: Tab to the map, move with "
                "the arrow keys and press Enter."
            )
        else:
            self.hint.setText(
                "Click a number to change or remove it. Front: the child's right is on your left."
            )
        self._update_buttons()
