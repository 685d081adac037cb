"""The drawing surface of the body map: two outlines, numbered markers and a keyboard crosshair.

Used through :class:`ui.widgets.body_map.BodyMapWidget`, which adds the list of marks beside it.
The canvas holds no marks of its own: it paints the list it is given and reports what the user
pointed at, so there is one list and one place that changes it. Thread: GUI only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from importlib.resources import files

from PySide6.QtCore import QByteArray, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from safelog.domain.bodymap import BodyMark, BodySide
from ui.theme import COLOURS

MARKER_RADIUS = 10.0
_STEP_X = 0.02  # about 4 outline units either way, so one key press moves the same distance
_STEP_Y = 0.01
_FAST = 5  # with Shift


def load_outline(side: BodySide) -> QByteArray:
    """The SVG outline for ``side``, from the ``resources.bodymap`` package."""
    return QByteArray(files("resources.bodymap").joinpath(f"{side.value}.svg").read_bytes())


class BodyMapCanvasWidget(QWidget):
    """Paints front and back side by side and turns clicks and keys into requests.

    Signals carry positions as outline fractions (see :mod:`safelog.domain.bodymap`):
    ``place_requested(side, x, y)`` for a new mark, ``mark_activated(index)`` to edit one,
    ``remove_requested(index)`` and ``selection_changed(index)`` (-1 for none).
    """

    place_requested = Signal(str, float, float)
    mark_activated = Signal(int)
    remove_requested = Signal(int)
    selection_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderers = {side: QSvgRenderer(load_outline(side), self) for side in BodySide}
        view = self._renderers[BodySide.FRONT].viewBoxF()
        self._aspect = view.width() / view.height()
        self._marks: Sequence[BodyMark] = ()
        self._selected = -1
        self._read_only = False
        self._cursor: tuple[BodySide, float, float] = (BodySide.FRONT, 0.5, 0.3)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Body map, front and back")
        self.setToolTip(
            "Click the outline where the mark is to add it; click a numbered mark to change it.\n"
            "Keyboard: arrow keys move the crosshair (Shift for bigger steps), Enter adds or "
            "edits, Page Up/Page Down step through marks, Delete removes the selected mark."
        )

    # --- state from the owner ---------------------------------------------------------------
    def set_marks(self, marks: Sequence[BodyMark]) -> None:
        self._marks = marks
        if self._selected >= len(marks):
            self._selected = -1
        self._describe()
        self.update()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.update()

    def selected(self) -> int:
        return self._selected

    def select(self, index: int) -> None:
        index = index if 0 <= index < len(self._marks) else -1
        if index >= 0:
            mark = self._marks[index]
            self._cursor = (mark.side, mark.x, mark.y)
        if index != self._selected:
            self._selected = index
            self.selection_changed.emit(index)
        self.update()

    def cursor_position(self) -> tuple[BodySide, float, float]:
        return self._cursor

    def set_cursor_position(self, side: BodySide, x: float, y: float) -> None:
        self._cursor = (side, min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0))
        self.update()

    # --- geometry ---------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(440, 520)

    def minimumSizeHint(self) -> QSize:
        return QSize(280, 340)

    def _caption_height(self) -> float:
        return self.fontMetrics().height() + 8.0

    def figure_rect(self, side: BodySide) -> QRectF:
        """Where the outline for ``side`` is drawn, in widget pixels (aspect ratio kept)."""
        margin, gap = 12.0, 16.0
        top = margin + self._caption_height()
        bottom = margin + self.fontMetrics().height() + 6.0
        panel_w = (self.width() - 2 * margin - gap) / 2
        panel_h = max(self.height() - top - bottom, 1.0)
        fig_w = min(panel_w, panel_h * self._aspect)
        fig_h = fig_w / self._aspect
        left = margin + (0 if side is BodySide.FRONT else panel_w + gap)
        return QRectF(left + (panel_w - fig_w) / 2, top + (panel_h - fig_h) / 2, fig_w, fig_h)

    def point_for(self, side: BodySide, x: float, y: float) -> QPointF:
        rect = self.figure_rect(side)
        return QPointF(rect.left() + x * rect.width(), rect.top() + y * rect.height())

    def locate(self, pos: QPointF) -> tuple[BodySide, float, float] | None:
        """The outline position under ``pos``, or ``None`` outside both drawings."""
        for side in BodySide:
            rect = self.figure_rect(side)
            if rect.contains(pos):
                return (
                    side,
                    (pos.x() - rect.left()) / rect.width(),
                    (pos.y() - rect.top()) / rect.height(),
                )
        return None

    def mark_at(self, pos: QPointF) -> int:
        """Index of the topmost marker under ``pos``, or -1."""
        for index in reversed(range(len(self._marks))):
            mark = self._marks[index]
            centre = self.point_for(mark.side, mark.x, mark.y)
            if math.dist((centre.x(), centre.y()), (pos.x(), pos.y())) <= MARKER_RADIUS + 2:
                return index
        return -1

    def _mark_under_cursor(self) -> int:
        side, x, y = self._cursor
        return self.mark_at(self.point_for(side, x, y))

    # --- input ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        index = self.mark_at(pos)
        if index >= 0:
            self.select(index)
            if not self._read_only:
                self.mark_activated.emit(index)
            return
        where = self.locate(pos)
        if where is None:
            return
        self.set_cursor_position(*where)
        self.select(-1)
        if not self._read_only:
            self.place_requested.emit(where[0].value, where[1], where[2])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        fast = _FAST if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        moves = {
            Qt.Key.Key_Left: (-_STEP_X, 0.0),
            Qt.Key.Key_Right: (_STEP_X, 0.0),
            Qt.Key.Key_Up: (0.0, -_STEP_Y),
            Qt.Key.Key_Down: (0.0, _STEP_Y),
        }
        if key in moves:
            dx, dy = moves[Qt.Key(key)]
            self._move_cursor(dx * fast, dy * fast)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._activate_at_cursor()
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) and self._marks:
            step = 1 if key == Qt.Key.Key_PageDown else -1
            start = self._selected if self._selected >= 0 else (-1 if step > 0 else 0)
            self.select((start + step) % len(self._marks))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._selected >= 0:
            if not self._read_only:
                self.remove_requested.emit(self._selected)
        elif key == Qt.Key.Key_Escape and self._selected >= 0:
            self.select(-1)
        else:
            super().keyPressEvent(event)

    def _move_cursor(self, dx: float, dy: float) -> None:
        side, x, y = self._cursor
        x, y = x + dx, min(max(y + dy, 0.0), 1.0)
        # Walking off the inner edge of one drawing lands on the other: front sits left of back.
        if x > 1.0 and side is BodySide.FRONT:
            side, x = BodySide.BACK, 0.0
        elif x < 0.0 and side is BodySide.BACK:
            side, x = BodySide.FRONT, 1.0
        self._cursor = (side, min(max(x, 0.0), 1.0), y)
        under = self._mark_under_cursor()
        if under != self._selected:
            self._selected = under
            self.selection_changed.emit(under)
        self.update()

    def _activate_at_cursor(self) -> None:
        if self._read_only:
            return
        index = self._mark_under_cursor()
        if index >= 0:
            self.select(index)
            self.mark_activated.emit(index)
        else:
            side, x, y = self._cursor
            self.place_requested.emit(side.value, x, y)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.mark_at(QPointF(event.pos()))
            if index >= 0:
                QToolTip.showText(event.globalPos(), self._mark_text(index), self)
                return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def _mark_text(self, index: int) -> str:
        return f"{index + 1}. {self._marks[index].description}"

    def _describe(self) -> None:
        count = len(self._marks)
        summary = (
            "No marks recorded."
            if count == 0
            else (
                f"{count} mark{'s' if count != 1 else ''}: "
                + "; ".join(self._mark_text(i) for i in range(count))
            )
        )
        self.setAccessibleDescription(summary)

    # --- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor(COLOURS.canvas))
        if self.hasFocus():
            pen = QPen(QColor(COLOURS.focus), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        for side in BodySide:
            self._paint_side(painter, side)
        # Crosshair under the markers, with arms longer than a marker: on top of a mark it frames
        # the number instead of hiding it.
        if self.hasFocus():
            self._paint_crosshair(painter)
        for index, mark in enumerate(self._marks):
            self._paint_marker(painter, index, mark)
        painter.end()

    def _paint_side(self, painter: QPainter, side: BodySide) -> None:
        rect = self.figure_rect(side)
        self._renderers[side].render(painter, rect)
        caption_font = QFont(self.font())
        caption_font.setBold(True)
        painter.setFont(caption_font)
        painter.setPen(QColor(COLOURS.text))
        caption = QRectF(
            rect.left() - 20,
            rect.top() - self._caption_height(),
            rect.width() + 40,
            self._caption_height(),
        )
        painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, side.label)
        # Which hand is which is the commonest body-map error; say it under every drawing.
        painter.setFont(self.font())
        painter.setPen(QColor(COLOURS.muted_text))
        below = QRectF(
            rect.left(), rect.bottom() + 2, rect.width(), self.fontMetrics().height() + 4
        )
        left_word, right_word = ("Right", "Left") if side is BodySide.FRONT else ("Left", "Right")
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, left_word)
        painter.drawText(below, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, right_word)

    def _paint_marker(self, painter: QPainter, index: int, mark: BodyMark) -> None:
        centre = self.point_for(mark.side, mark.x, mark.y)
        r = MARKER_RADIUS
        if index == self._selected:
            painter.setPen(QPen(QColor(COLOURS.focus), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, r + 4, r + 4)
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QColor(COLOURS.marker))
        painter.drawEllipse(centre, r, r)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(11 if index < 9 else 9)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(
            QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r),
            Qt.AlignmentFlag.AlignCenter,
            str(index + 1),
        )

    def _paint_crosshair(self, painter: QPainter) -> None:
        side, x, y = self._cursor
        c = self.point_for(side, x, y)
        arm, gap = MARKER_RADIUS + 12.0, 4.0
        for colour, width in (("#ffffff", 4.0), (COLOURS.focus, 1.6)):
            painter.setPen(
                QPen(QColor(colour), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            painter.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() - gap, c.y()))
            painter.drawLine(QPointF(c.x() + gap, c.y()), QPointF(c.x() + arm, c.y()))
            painter.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() - gap))
            painter.drawLine(QPointF(c.x(), c.y() + gap), QPointF(c.x(), c.y() + arm))
